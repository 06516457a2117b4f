// `vcrypto regress --seed S --count N [--queues Q] [--json FILE] [--trace FILE] [--profile P,…] [--jobs J]`
// Constrained-random regression against the reference model (docs/regress.md).
import { writeFileSync } from 'node:fs';
import { loadOpenDevice } from '../crypto/device.ts';
import { coverageSummary } from '../regress/coverage.ts';
import { PROFILES, profileByName, type ProfileName } from '../regress/profiles.ts';
import { runRegress, type RegressOpenDevice, type RegressReport } from '../regress/runner.ts';

export const REGRESS_USAGE = `  vcrypto regress [--seed S] [--count N] [--queues Q] [--json FILE] [--trace FILE] [--profile P,…] [--jobs J]
      constrained-random mix of every service, algorithm, key size, mode and layout on ${PROFILES.length} devices
      (${PROFILES.map((p) => p.name).join(', ')}), checked against the reference model; prints coverage;
      exit status 1 on any failure, hang or DMA violation (docs/regress.md)`;

export interface RegressArgs {
  seed: string;
  count: number;
  queues?: number;
  json?: string;
  trace?: string;
  profiles?: ProfileName[];
  jobs?: number;
  timeoutCycles?: number;
  maxEmpty: number;
}

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${v})`);
  return n;
}

export function parseRegressArgs(argv: readonly string[]): RegressArgs {
  const a: RegressArgs = { seed: '1', count: 1000, maxEmpty: 200 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--seed':
        a.seed = value();
        break;
      case '--count':
        a.count = int(name, value(), 1);
        break;
      case '--queues':
        a.queues = int(name, value(), 1);
        break;
      case '--json':
        a.json = value();
        break;
      case '--trace':
        a.trace = value();
        break;
      case '--profile':
        a.profiles = value()
          .split(',')
          .filter((s) => s.length > 0)
          .map((s) => profileByName(s).name);
        break;
      case '--jobs':
        a.jobs = int(name, value(), 1);
        break;
      case '--timeout-cycles':
        a.timeoutCycles = int(name, value(), 1);
        break;
      case '--max-empty':
        a.maxEmpty = int(name, value(), 0);
        break;
      default:
        throw new Error(`unknown option ${name}`);
    }
  }
  return a;
}

/** The command line that reproduces this run (without --trace / --json). */
export function rerunCommand(a: RegressArgs): string {
  return `vcrypto regress --seed ${a.seed} --count ${a.count}${a.queues !== undefined ? ` --queues ${a.queues}` : ''}`;
}

export function formatRegressReport(r: RegressReport, maxEmpty = 200): string[] {
  const out: string[] = [];
  const head = ['profile', 'features', 'data', 'control', 'passed', 'failed', 'hangs', 'dma', 'cycles', 'seconds'];
  const rows = r.profiles.map((p) => [
    p.name,
    p.features,
    `${p.dataRequests}/${p.planned}`,
    String(p.controlRequests),
    String(p.passed),
    String(p.failed),
    String(p.hangs),
    String(p.dmaViolations),
    String(p.cycles),
    p.seconds.toFixed(1),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i]!.length)));
  const line = (xs: string[]) => xs.map((x, i) => x.padEnd(w[i]!)).join('  ').trimEnd();
  out.push(line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line));
  for (const p of r.profiles) if (p.aborted) out.push(`  ${p.name}: aborted — ${p.aborted}`);
  out.push('');
  out.push(`coverage (${r.coverage.hit}/${r.coverage.total} legal bins hit):`);
  out.push(...coverageSummary(r.coverage));
  if (r.coverage.empty.length > 0) {
    out.push(`empty bins (${r.coverage.empty.length}):`);
    for (const b of r.coverage.empty.slice(0, maxEmpty)) out.push(`  ${b}`);
    if (r.coverage.empty.length > maxEmpty) out.push(`  … ${r.coverage.empty.length - maxEmpty} more (see --json)`);
  }
  const illegal = Object.keys(r.coverage.illegal);
  if (illegal.length > 0) out.push(`samples outside the legal bins (generator/coverage bug): ${illegal.slice(0, 20).join(', ')}`);
  out.push('');
  out.push(
    `seed ${r.seed}: ${r.requests} requests (${r.dataRequests} data, ${r.controlRequests} control), passed ${r.passed}, failed ${r.failed}, ` +
      `hangs ${r.hangs}, DMA violations ${r.dmaViolations}, ${r.seconds.toFixed(1)} s`,
  );
  return out;
}

export function regressJson(r: RegressReport): string {
  return JSON.stringify(
    {
      seed: r.seed,
      count: r.count,
      queues: r.queues,
      requests: r.requests,
      dataRequests: r.dataRequests,
      controlRequests: r.controlRequests,
      passed: r.passed,
      failed: r.failed,
      hangs: r.hangs,
      dmaViolations: r.dmaViolations,
      seconds: r.seconds,
      profiles: r.profiles,
      coverage: r.coverage,
      failures: r.failures,
    },
    null,
    2,
  );
}

export interface RegressDeps {
  openDevice?: RegressOpenDevice;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** The `regress` command; argv is everything after `regress`. Returns the exit status. */
export async function regressCommand(argv: readonly string[], deps: RegressDeps = {}): Promise<number> {
  const out = deps.out ?? ((s: string) => process.stdout.write(s + '\n'));
  const err = deps.err ?? ((s: string) => process.stderr.write(s + '\n'));
  let a: RegressArgs;
  try {
    a = parseRegressArgs(argv);
  } catch (e) {
    err(`vcrypto regress: ${(e as Error).message}`);
    err(`usage:\n${REGRESS_USAGE}`);
    return 2;
  }
  out(`seed ${a.seed}`);
  out(`re-run: ${rerunCommand(a)}${a.profiles ? ` --profile ${a.profiles.join(',')}` : ''}`);
  const openDevice = deps.openDevice ?? ((await loadOpenDevice()) as unknown as RegressOpenDevice);
  const report = await runRegress({
    seed: a.seed,
    count: a.count,
    ...(a.queues !== undefined ? { queues: a.queues } : {}),
    ...(a.profiles ? { profiles: a.profiles } : {}),
    ...(a.trace !== undefined ? { trace: a.trace } : {}),
    ...(a.jobs !== undefined ? { jobs: a.jobs } : {}),
    ...(a.timeoutCycles !== undefined ? { timeoutCycles: a.timeoutCycles } : {}),
    openDevice,
    rerun: rerunCommand(a),
    log: err,
    progress: out,
  });
  for (const l of formatRegressReport(report, a.maxEmpty)) out(l);
  if (a.json !== undefined) writeFileSync(a.json, regressJson(report) + '\n');
  return report.failed > 0 || report.hangs > 0 || report.dmaViolations > 0 ? 1 : 0;
}
