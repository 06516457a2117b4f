// The vector runner: every loaded case through one device per (mode, layout) combination.
import type { FullDevice, OpenDevice } from '../crypto/device.ts';
import { comboName, type Combo } from './combos.ts';
import { judge, type Verdict } from './judge.ts';
import type { ExecuteCase, LoadedCase, LoadedFile } from './types.ts';

/** A file that could not be read or parsed. */
export interface BadFile {
  file: string;
  error: string;
}

export interface RunCounts {
  passed: number;
  failed: number;
  unsupported: number;
}

export interface FileReport extends RunCounts {
  file: string;
  format?: string;
  kind?: string;
  /** number of cases in the file (each runs once per combination) */
  cases: number;
  runs: (RunCounts & { mode: string; layout: string })[];
  /** set when the file could not be read or parsed (counted as one failure) */
  error?: string;
}

export interface CaseFailure {
  file: string;
  case: string;
  mode: string;
  layout: string;
  reason: string;
}

export interface UnsupportedCase {
  file: string;
  case: string;
  reason: string;
  /** the combinations (`mode/layout`) that reported it */
  runs: string[];
}

export interface VectorsReport extends RunCounts {
  files: FileReport[];
  failures: CaseFailure[];
  unsupportedCases: UnsupportedCase[];
  dmaViolations: number;
}

export interface RunVectorsOptions {
  files: (LoadedFile | BadFile)[];
  combos: readonly Combo[];
  openDevice: OpenDevice;
  execute: ExecuteCase;
  /** progress lines (stderr in the CLI) */
  log?: (line: string) => void;
  /** a running-count line every this many cases inside a file (default 100) */
  progressEvery?: number;
  /** failure details logged per file and combination (default 10; the report keeps all) */
  maxLoggedFailures?: number;
  /** trace file handed to openDevice */
  trace?: string;
}

const isBad = (f: LoadedFile | BadFile): f is BadFile => 'error' in f;

async function runCase(dev: FullDevice, combo: Combo, lc: LoadedCase, execute: ExecuteCase): Promise<Verdict> {
  if (lc.error !== undefined) return { verdict: 'fail', reason: `malformed case: ${lc.error}` };
  if (lc.unsupported !== undefined || !lc.case) return { verdict: 'unsupported', reason: lc.unsupported ?? 'no case' };
  try {
    const r = await execute(dev, lc.case, { mode: combo.mode });
    return judge(lc.case, r);
  } catch (e) {
    return { verdict: 'fail', reason: `exception: ${(e as Error).message ?? String(e)}` };
  }
}

export async function runVectors(o: RunVectorsOptions): Promise<VectorsReport> {
  const log = o.log ?? (() => {});
  const every = o.progressEvery ?? 100;
  const maxLogged = o.maxLoggedFailures ?? 10;
  const failures: CaseFailure[] = [];
  const unsupported = new Map<string, UnsupportedCase>();
  let dmaViolations = 0;

  const reports: FileReport[] = o.files.map((f) =>
    isBad(f)
      ? { file: f.file, cases: 0, passed: 0, failed: 1, unsupported: 0, runs: [], error: f.error }
      : { file: f.file, format: f.format, kind: f.kind, cases: f.cases.length, passed: 0, failed: 0, unsupported: 0, runs: [] },
  );
  for (const r of reports) if (r.error) log(`vectors: ${r.file}: ${r.error}`);
  const good = o.files.map((f, i) => ({ f, rep: reports[i]! })).filter((x): x is { f: LoadedFile; rep: FileReport } => !isBad(x.f));
  const total = good.reduce((n, x) => n + x.f.cases.length, 0) * o.combos.length;
  let done = 0;

  for (const combo of o.combos) {
    const name = comboName(combo);
    log(`vectors: ${name}: opening device (features 0x${combo.features.toString(16)})`);
    let dev: FullDevice | undefined;
    let deadReason: string | undefined;
    try {
      dev = await o.openDevice({ features: combo.features, ...(o.trace ? { trace: o.trace } : {}) });
      const missing = combo.features & ~dev.negotiatedFeatures;
      if (missing !== 0n) deadReason = `features 0x${missing.toString(16)} not negotiated`;
    } catch (e) {
      deadReason = `cannot open the device: ${(e as Error).message}`;
    }
    try {
      for (const { f, rep } of good) {
        log(`[${name}] ${f.file} (${f.kind}): ${f.cases.length} cases`);
        const counts: RunCounts = { passed: 0, failed: 0, unsupported: 0 };
        let logged = 0;
        for (let i = 0; i < f.cases.length; i++) {
          const lc = f.cases[i]!;
          const v: Verdict = deadReason !== undefined || !dev ? { verdict: 'fail', reason: deadReason ?? 'no device' } : await runCase(dev, combo, lc, o.execute);
          if (v.verdict === 'pass') counts.passed++;
          else if (v.verdict === 'unsupported') {
            counts.unsupported++;
            const reason = v.reason ?? 'unsupported';
            const key = `${f.file}\0${lc.id}\0${reason}`;
            const u = unsupported.get(key);
            if (u) u.runs.push(name);
            else unsupported.set(key, { file: f.file, case: lc.id, reason, runs: [name] });
          } else {
            counts.failed++;
            const reason = v.reason ?? 'failed';
            failures.push({ file: f.file, case: lc.id, mode: combo.mode, layout: combo.layout, reason });
            if (logged < maxLogged) log(`    FAIL ${f.file} ${lc.id} [${name}]: ${reason}`);
            else if (logged === maxLogged) log(`    … further failures in ${f.file} [${name}] are in the JSON report`);
            logged++;
          }
          done++;
          if ((i + 1) % every === 0 && i + 1 < f.cases.length) log(`    ${i + 1}/${f.cases.length} cases, ${done}/${total} overall`);
        }
        rep.runs.push({ mode: combo.mode, layout: combo.layout, ...counts });
        rep.passed += counts.passed;
        rep.failed += counts.failed;
        rep.unsupported += counts.unsupported;
        log(`[${name}] ${f.file}: passed ${counts.passed}, failed ${counts.failed}, unsupported ${counts.unsupported} [${done}/${total}]`);
      }
    } finally {
      if (dev) {
        try {
          dmaViolations += await dev.dmaViolations();
        } catch (e) {
          log(`vectors: ${name}: dmaViolations() failed: ${(e as Error).message}`);
        }
        await dev.close().catch((e: Error) => log(`vectors: ${name}: close failed: ${e.message}`));
      }
    }
  }
  const sum = (k: keyof RunCounts) => reports.reduce((n, r) => n + r[k], 0);
  return {
    files: reports,
    passed: sum('passed'),
    failed: sum('failed'),
    unsupported: sum('unsupported'),
    failures,
    unsupportedCases: [...unsupported.values()],
    dmaViolations,
  };
}
