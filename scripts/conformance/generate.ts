// Generate docs/conformance.md: every fact-sheet §6 checklist item and decision D1-D21 → the
// tests that check it (tags in test sources + scripts/conformance/mapping.json) → their results
// in a vitest JSON report.
//
//   npx tsx scripts/conformance/generate.ts [--report FILE] [--run] [--out FILE] [--mapping FILE]
//
//   --report FILE   vitest JSON report to take the results from (repeatable: the reports are
//                   merged, a later report's file replaces an earlier one's)
//                   (default sim/build/conformance/vitest.json when it exists)
//   --run           first run the whole suite to make that report:
//                   npx vitest run --reporter=default --reporter=json --outputFile.json=FILE
//                   (any further arguments after `--` go to vitest, e.g. -- test/device)
//   --out FILE      default docs/conformance.md ('-' = stdout)
//   --mapping FILE  default scripts/conformance/mapping.json
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConformance, kindOf, renderMarkdown, type Kind, type Mapping, type VitestJson } from './conformance.ts';
import { scanSource, type ScannedFile } from './scan.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_REPORT = 'sim/build/conformance/vitest.json';

/** Every test/**\/*.test.ts below root (repository-relative, sorted). */
export function findTestFiles(root: string, dir = 'test'): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'fixtures') walk(r);
      } else if (e.name.endsWith('.test.ts')) out.push(r);
    }
  };
  walk(dir);
  return out.sort();
}

export function scanFiles(root: string, files: string[], mapping: Mapping): (ScannedFile & { kind: Kind })[] {
  return files.map((f) => {
    const src = fs.readFileSync(path.join(root, f), 'utf8');
    return { ...scanSource(f, src), kind: kindOf(f, src, mapping) };
  });
}

export function summariseReport(r: VitestJson): string {
  const when = r.startTime ? new Date(r.startTime).toISOString().replace(/\.\d+Z$/, 'Z') : undefined;
  const parts = [`${r.numTotalTests ?? '?'} tests`, `${r.numPassedTests ?? '?'} passed`, `${r.numFailedTests ?? '?'} failed`, `${r.testResults.length} files`];
  return `${parts.join(', ')}${when ? `, started ${when}` : ''}`;
}

/** Several reports as one: per test file, the last report that ran it wins. */
export function mergeReports(reports: VitestJson[]): VitestJson {
  const files = new Map<string, VitestJson['testResults'][number]>();
  for (const r of reports) for (const f of r.testResults) files.set(f.name, f);
  const all = [...files.values()];
  const statuses = all.flatMap((f) => f.assertionResults.map((a) => a.status));
  const starts = reports.map((r) => r.startTime).filter((t): t is number => t !== undefined);
  return {
    testResults: all,
    numTotalTests: statuses.length,
    numPassedTests: statuses.filter((s) => s === 'passed').length,
    numFailedTests: statuses.filter((s) => s === 'failed').length,
    ...(starts.length ? { startTime: Math.min(...starts) } : {}),
  };
}

function main(argv: string[]): number {
  const reportPaths: string[] = [];
  let out = 'docs/conformance.md';
  let mappingPath = 'scripts/conformance/mapping.json';
  let run = false;
  const vitestArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      vitestArgs.push(...argv.slice(i + 1));
      break;
    } else if (a === '--report') reportPaths.push(argv[++i]!);
    else if (a === '--out') out = argv[++i]!;
    else if (a === '--mapping') mappingPath = argv[++i]!;
    else if (a === '--run') run = true;
    else {
      process.stderr.write(`usage: generate.ts [--report FILE] [--run] [--out FILE] [--mapping FILE] [-- vitest args]\n(unknown argument ${a})\n`);
      return 2;
    }
  }
  const root = REPO_ROOT;
  if (run) {
    const target = reportPaths[0] ?? DEFAULT_REPORT;
    fs.mkdirSync(path.dirname(path.resolve(root, target)), { recursive: true });
    const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${target}`, ...vitestArgs], { cwd: root, stdio: 'inherit' });
    process.stderr.write(`conformance: vitest exit status ${r.status}\n`);
    if (reportPaths.length === 0) reportPaths.push(target);
  }
  if (reportPaths.length === 0 && fs.existsSync(path.resolve(root, DEFAULT_REPORT))) reportPaths.push(DEFAULT_REPORT);
  const mapping = JSON.parse(fs.readFileSync(path.resolve(root, mappingPath), 'utf8')) as Mapping;
  const excluded = new Set(mapping.excludeFiles ?? []);
  const files = scanFiles(root, findTestFiles(root).filter((f) => !excluded.has(f)), mapping);
  const reports: VitestJson[] = [];
  for (const p of reportPaths) {
    const abs = path.resolve(root, p);
    if (!fs.existsSync(abs)) {
      process.stderr.write(`conformance: no report ${abs} (use --run, or --report FILE)\n`);
      return 1;
    }
    reports.push(JSON.parse(fs.readFileSync(abs, 'utf8')) as VitestJson);
  }
  const report = reports.length ? mergeReports(reports) : undefined;
  const rel = reportPaths.map((p) => path.relative(root, path.resolve(root, p)));
  const c = buildConformance({ files, mapping, root, ...(report ? { report } : {}) });
  const md = renderMarkdown(c, {
    command: 'npx tsx scripts/conformance/generate.ts' + (rel.length === 1 && rel[0] === DEFAULT_REPORT ? '' : rel.map((p) => ` --report ${p}`).join('')),
    ...(rel.length ? { reportPath: rel.join('`, `') } : {}),
    ...(report ? { reportSummary: summariseReport(report) } : {}),
  });
  if (out === '-') process.stdout.write(md + '\n');
  else {
    fs.mkdirSync(path.dirname(path.resolve(root, out)), { recursive: true });
    fs.writeFileSync(path.resolve(root, out), md + '\n');
  }
  const n = (r: string): number => c.rows.filter((x) => x.result === r).length;
  process.stderr.write(
    `conformance: ${out}: ${c.rows.length} rules, ${n('pass')} pass, ${n('FAIL')} FAIL, ${n('model only')} model only, ${n('not run')} not run, ${n('no test')} no test` +
      (c.staleMapping.length ? `; ${c.staleMapping.length} stale mapping entries` : '') +
      '\n',
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
