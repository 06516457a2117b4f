// `vcrypto vectors FILE… [--mode session|stateless|both] [--layout legacy|rev1] [--json FILE] [--trace FILE]`
import { writeFileSync } from 'node:fs';
import { loadOpenDevice, type OpenDevice } from '../crypto/device.ts';
import { selectCombos, type VectorLayout } from '../vectors/combos.ts';
import { loadExecuteCase } from '../vectors/execute-loader.ts';
import { loadVectorFile } from '../vectors/load.ts';
import { runVectors, type BadFile, type VectorsReport } from '../vectors/run.ts';
import type { ExecuteCase, LoadedFile } from '../vectors/types.ts';

export const VECTORS_USAGE = `  vcrypto vectors FILE… [--mode session|stateless|both] [--layout legacy|rev1] [--json FILE] [--trace FILE]
      run NIST CAVP .rsp, Wycheproof JSON and JSONL vector files on the device (format from the
      content); defaults: both modes, session in legacy and rev1, stateless in rev1;
      exit status 1 on any failure`;

export interface VectorsArgs {
  files: string[];
  mode: 'session' | 'stateless' | 'both';
  layout?: VectorLayout;
  json?: string;
  trace?: string;
}

export function parseVectorsArgs(argv: readonly string[]): VectorsArgs {
  const a: VectorsArgs = { files: [], mode: 'both' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      a.files.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      a.files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--mode') {
      const v = value();
      if (v !== 'session' && v !== 'stateless' && v !== 'both') throw new Error(`--mode must be session, stateless or both (got ${v})`);
      a.mode = v;
    } else if (name === '--layout') {
      const v = value();
      if (v !== 'legacy' && v !== 'rev1') throw new Error(`--layout must be legacy or rev1 (got ${v})`);
      a.layout = v;
    } else if (name === '--json') a.json = value();
    else if (name === '--trace') a.trace = value();
    else throw new Error(`unknown option ${name}`);
  }
  if (a.files.length === 0) throw new Error('no vector files given');
  return a;
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (xs: readonly string[]) => xs.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatVectorsReport(r: VectorsReport): string {
  const out: string[] = [];
  out.push(
    table(
      ['file', 'kind', 'cases', 'passed', 'failed', 'unsupported'],
      r.files.map((f) => [f.file, f.error ? `error: ${f.error}` : (f.kind ?? ''), String(f.cases), String(f.passed), String(f.failed), String(f.unsupported)]),
    ),
  );
  if (r.unsupportedCases.length > 0) {
    out.push('');
    out.push('unsupported cases:');
    out.push(table(['file', 'case', 'reason', 'runs'], r.unsupportedCases.map((u) => [u.file, u.case, u.reason, u.runs.join(',')])));
  }
  out.push('');
  out.push(`passed ${r.passed}, failed ${r.failed}, unsupported ${r.unsupported}, DMA violations ${r.dmaViolations}`);
  return out.join('\n');
}

/** JSON report: {files:[{file,passed,failed,unsupported,…}], passed, failed, unsupported, …}. */
export function vectorsJson(r: VectorsReport): string {
  return JSON.stringify(
    {
      files: r.files.map((f) => ({
        file: f.file,
        passed: f.passed,
        failed: f.failed,
        unsupported: f.unsupported,
        ...(f.format ? { format: f.format } : {}),
        ...(f.kind ? { kind: f.kind } : {}),
        cases: f.cases,
        runs: f.runs,
        ...(f.error ? { error: f.error } : {}),
      })),
      passed: r.passed,
      failed: r.failed,
      unsupported: r.unsupported,
      dmaViolations: r.dmaViolations,
      unsupportedCases: r.unsupportedCases,
      failures: r.failures,
    },
    null,
    2,
  );
}

export interface VectorsDeps {
  openDevice?: OpenDevice;
  execute?: ExecuteCase;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** The `vectors` command; argv is everything after `vectors`. Returns the exit status. */
export async function vectorsCommand(argv: readonly string[], deps: VectorsDeps = {}): Promise<number> {
  const out = deps.out ?? ((s: string) => process.stdout.write(s + '\n'));
  const err = deps.err ?? ((s: string) => process.stderr.write(s + '\n'));
  let a: VectorsArgs;
  let combos;
  try {
    a = parseVectorsArgs(argv);
    combos = selectCombos(a.mode, a.layout);
  } catch (e) {
    err(`vcrypto vectors: ${(e as Error).message}`);
    err(`usage:\n${VECTORS_USAGE}`);
    return 2;
  }
  if (a.mode === 'both' && a.layout === 'legacy') err('vectors: stateless mode needs REVISION_1; running session/legacy only');
  const files: (LoadedFile | BadFile)[] = a.files.map((file) => {
    try {
      return loadVectorFile(file);
    } catch (e) {
      return { file, error: (e as Error).message };
    }
  });
  const execute = deps.execute ?? (await loadExecuteCase());
  const openDevice = deps.openDevice ?? (await loadOpenDevice());
  const report = await runVectors({ files, combos, openDevice, execute, log: err, ...(a.trace ? { trace: a.trace } : {}) });
  out(formatVectorsReport(report));
  if (a.json !== undefined) writeFileSync(a.json, vectorsJson(report) + '\n');
  return report.failed > 0 || report.dmaViolations > 0 ? 1 : 0;
}
