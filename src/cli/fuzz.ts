// `vcrypto fuzz --seed S --count N [--json FILE]` (docs/fuzz.md).
import { writeFileSync } from 'node:fs';
import type { FuzzFailure, FuzzReport } from '../fuzz/run.ts';

export const FUZZ_USAGE = `  vcrypto fuzz --seed S --count N [--json FILE] [--queue-size Q]
      seeded request / chain mutations mixed with valid requests, every answer predicted;
      exit status 1 on any unexpected answer, hang, DMA violation or collateral damage`;

export interface FuzzArgs {
  seed: string;
  count: number;
  json?: string;
  queueSize?: number;
}

export function parseFuzzArgs(argv: readonly string[]): FuzzArgs {
  const a: Partial<FuzzArgs> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--seed') a.seed = value();
    else if (name === '--count') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--count must be a positive integer (got ${v})`);
      a.count = n;
    } else if (name === '--json') a.json = value();
    else if (name === '--queue-size') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 8 || (n & (n - 1)) !== 0) throw new Error('--queue-size must be a power of two ≥ 8');
      a.queueSize = n;
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (a.seed === undefined) throw new Error('--seed is required');
  if (a.count === undefined) throw new Error('--count is required');
  return a as FuzzArgs;
}

export function formatFailure(f: FuzzFailure): string {
  return [
    `${f.kind.toUpperCase()} case #${f.case} queue ${f.queue}: ${f.mutation}`,
    ...(f.chain ? [`  chain:    ${f.chain}`] : []),
    ...(f.request ? [`  request:  (${f.requestLen} bytes) ${f.request}`] : []),
    `  expected: ${f.expected}`,
    `  actual:   ${f.actual}`,
  ].join('\n');
}

/** JSON report: the required counters first, then details. */
export function fuzzJson(r: FuzzReport, wallMs: number): string {
  const { seed, requests, asExpected, unexpected, hangs, dmaViolations, needsReset, collateral, cases, devices, byMutation, failures } = r;
  return JSON.stringify({ seed, requests, asExpected, unexpected, hangs, dmaViolations, needsReset, collateral, cases, devices, wallMs, byMutation, failures }, null, 2);
}

export interface FuzzDeps {
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** The `fuzz` command; argv is everything after `fuzz`. Returns the exit status. */
export async function fuzzCommand(argv: readonly string[], deps: FuzzDeps = {}): Promise<number> {
  const out = deps.out ?? ((s: string) => process.stdout.write(s + '\n'));
  const err = deps.err ?? ((s: string) => process.stderr.write(s + '\n'));
  let a: FuzzArgs;
  try {
    a = parseFuzzArgs(argv);
  } catch (e) {
    err(`vcrypto fuzz: ${(e as Error).message}`);
    err(`usage:\n${FUZZ_USAGE}`);
    return 2;
  }
  out(`seed ${a.seed}`);
  const { runFuzz } = await import('../fuzz/run.ts');
  const { openDevice } = await import('../virtio/device.ts');
  const t0 = Date.now();
  const report = await runFuzz({
    seed: a.seed,
    count: a.count,
    openDevice,
    ...(a.queueSize ? { queueSize: a.queueSize } : {}),
    log: out,
    onFailure: (f) => out(formatFailure(f)),
  });
  const wallMs = Date.now() - t0;
  out(
    `seed ${report.seed}: cases ${report.cases}, requests ${report.requests}, as expected ${report.asExpected}, unexpected ${report.unexpected}, ` +
      `hangs ${report.hangs}, DMA violations ${report.dmaViolations}, needs-reset ${report.needsReset}, collateral ${report.collateral} ` +
      `(${report.devices} devices, ${(wallMs / 1000).toFixed(1)} s)`,
  );
  if (a.json !== undefined) writeFileSync(a.json, fuzzJson(report, wallMs) + '\n');
  return report.unexpected === 0 && report.hangs === 0 && report.dmaViolations === 0 && report.collateral === 0 ? 0 : 1;
}
