// Rules → tests → results: the data behind docs/conformance.md (see generate.ts).
import { RULES, RULE_IDS, type Rule } from './rules.ts';
import type { ScannedFile, ScannedTest } from './scan.ts';

/** What a test file exercises. */
export type Kind = 'device' | 'rtl-unit' | 'model';
export type TestResult = 'passed' | 'failed' | 'skipped' | 'not run';
export type RuleResult = 'pass' | 'FAIL' | 'model only' | 'not run' | 'no test';

export interface MappingEntry {
  rule: string;
  file: string;
  /** Substring of the test's source titles joined by " > " (describes, then the test). */
  test: string;
  why: string;
}

export interface Mapping {
  /** Test files not scanned (e.g. the generator's own test, whose fixtures name every rule). */
  excludeFiles?: string[];
  /** Kind overrides per file (repository-relative path). */
  fileKinds?: Record<string, Kind>;
  /** Tests that check a rule without naming it. */
  entries: MappingEntry[];
  /** A note per rule id shown beside it (e.g. "not offered"). */
  notes?: Record<string, string>;
}

/** One vitest JSON report (the jest-compatible `--reporter=json` output). */
export interface VitestJson {
  testResults: {
    name: string;
    status?: string;
    message?: string;
    assertionResults: { ancestorTitles: string[]; title: string; fullName?: string; status: string }[];
  }[];
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
  startTime?: number;
  success?: boolean;
}

export interface TestRef {
  file: string;
  line: number;
  name: string;
  kind: Kind;
  /** 'title' | 'comment' | 'body' (tag found in the source) or 'mapping'. */
  via: string;
  why?: string;
  result: TestResult;
  /** Report entries the source test stands for (parametrised tests expand). */
  runs: number;
}

export interface RuleRow {
  rule: Rule;
  tests: TestRef[];
  result: RuleResult;
  note?: string;
}

export interface Conformance {
  rows: RuleRow[];
  /** Mapping entries that match no test (stale). */
  staleMapping: MappingEntry[];
  /** Tags found outside every test, per file. */
  unattributed: { file: string; tags: string[] }[];
  /** Files of the scan absent from the report (when a report was given). */
  filesNotInReport: string[];
  /** Every scanned file with its kind and number of tests. */
  files: { file: string; kind: Kind; tests: number }[];
}

const DEVICE_RE = /\b(?:openDevice|openSimulator)\s*\(|bin\/vcrypto\.mjs/;

/** Kind of a test file from its path and source (overridable in the mapping). */
export function kindOf(file: string, src: string, mapping: Mapping): Kind {
  const o = mapping.fileKinds?.[file];
  if (o) return o;
  if (file.startsWith('test/unit/')) return 'rtl-unit';
  return DEVICE_RE.test(src) || /(^|[/-])device\.test\.ts$/.test(file) ? 'device' : 'model';
}

const sourceName = (t: ScannedTest): string => t.titles.join(' > ');

/** Report results keyed by repository-relative file. */
export function indexReport(report: VitestJson, root: string): Map<string, VitestJson['testResults'][number]['assertionResults']> {
  const out = new Map<string, VitestJson['testResults'][number]['assertionResults']>();
  const prefix = root.endsWith('/') ? root : `${root}/`;
  for (const f of report.testResults) {
    const rel = f.name.startsWith(prefix) ? f.name.slice(prefix.length) : f.name;
    out.set(rel, [...(out.get(rel) ?? []), ...f.assertionResults]);
  }
  return out;
}

function resultOf(t: ScannedTest, results: VitestJson['testResults'][number]['assertionResults'] | undefined): { result: TestResult; runs: number } {
  if (!results) return { result: 'not run', runs: 0 };
  const mine = results.filter(
    (a) => a.ancestorTitles.length === t.patterns.length - 1 && t.patterns[t.patterns.length - 1]!.test(a.title) && a.ancestorTitles.every((d, i) => t.patterns[i]!.test(d)),
  );
  if (mine.length === 0) return { result: 'not run', runs: 0 };
  if (mine.some((a) => a.status === 'failed')) return { result: 'failed', runs: mine.length };
  if (mine.some((a) => a.status === 'passed')) return { result: 'passed', runs: mine.length };
  return { result: 'skipped', runs: mine.length };
}

export function buildConformance(opts: {
  files: (ScannedFile & { kind: Kind })[];
  mapping: Mapping;
  report?: VitestJson;
  root: string;
}): Conformance {
  const byFile = opts.report ? indexReport(opts.report, opts.root) : undefined;
  const refs = new Map<string, TestRef[]>(RULES.map((r) => [r.id, []]));
  const add = (id: string, ref: TestRef): void => {
    const list = refs.get(id);
    if (!list) return;
    const same = list.find((x) => x.file === ref.file && x.line === ref.line && x.name === ref.name);
    if (same) {
      if (same.via !== ref.via && !same.via.includes(ref.via)) same.via += `, ${ref.via}`;
      if (ref.why && !same.why) same.why = ref.why;
      return;
    }
    list.push(ref);
  };
  const refOf = (f: ScannedFile & { kind: Kind }, t: ScannedTest, via: string, why?: string): TestRef => {
    const r = resultOf(t, byFile?.get(f.file));
    return { file: f.file, line: t.line, name: sourceName(t), kind: f.kind, via, ...(why ? { why } : {}), result: r.result, runs: r.runs };
  };
  for (const f of opts.files) for (const t of f.tests) for (const [id, via] of t.tags) if (RULE_IDS.has(id)) add(id, refOf(f, t, via));
  const stale: MappingEntry[] = [];
  for (const e of opts.mapping.entries) {
    const f = opts.files.find((x) => x.file === e.file);
    const hits = f ? f.tests.filter((t) => sourceName(t).includes(e.test)) : [];
    if (!f || hits.length === 0 || !RULE_IDS.has(e.rule)) {
      stale.push(e);
      continue;
    }
    for (const t of hits) add(e.rule, refOf(f, t, 'mapping', e.why));
  }
  const rows: RuleRow[] = RULES.map((rule) => {
    const tests = refs.get(rule.id)!.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const note = opts.mapping.notes?.[rule.id];
    return { rule, tests, result: ruleResult(tests, !!opts.report), ...(note ? { note } : {}) };
  });
  const filesNotInReport = byFile ? opts.files.filter((f) => f.tests.length > 0 && !byFile.has(f.file)).map((f) => f.file) : [];
  return {
    rows,
    staleMapping: stale,
    unattributed: opts.files.filter((f) => f.unattributed.length > 0).map((f) => ({ file: f.file, tags: sortIds(f.unattributed) })),
    filesNotInReport,
    files: opts.files.map((f) => ({ file: f.file, kind: f.kind, tests: f.tests.length })),
  };
}

/**
 * FAIL when any test of the rule failed; pass when a device-level (or RTL unit) test passed;
 * model only when only reference-model / host-side tests passed; not run when none of its
 * tests is in the report; no test when nothing checks it.
 */
export function ruleResult(tests: TestRef[], haveReport: boolean): RuleResult {
  if (tests.length === 0) return 'no test';
  if (!haveReport) return 'not run';
  if (tests.some((t) => t.result === 'failed')) return 'FAIL';
  if (tests.some((t) => t.result === 'passed' && t.kind !== 'model')) return 'pass';
  if (tests.some((t) => t.result === 'passed')) return 'model only';
  return 'not run';
}

export function sortIds(ids: string[]): string[] {
  const key = (id: string): number => (id.startsWith('§6.') ? Number(id.slice(3)) : 100 + Number(id.slice(1)));
  return [...ids].sort((a, b) => key(a) - key(b));
}

// ------------------------------------------------------------------ markdown

const RESULT_MARK: Record<TestResult, string> = { passed: 'pass', failed: '**FAIL**', skipped: 'skipped', 'not run': 'not run' };
const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface RenderMeta {
  command: string;
  reportPath?: string;
  reportSummary?: string;
}

export function renderMarkdown(c: Conformance, meta: RenderMeta): string {
  const L: string[] = [];
  const count = (r: RuleResult): number => c.rows.filter((x) => x.result === r).length;
  L.push('# Conformance: fact-sheet §6 checklist and decisions D1–D21 → tests → results');
  L.push('');
  L.push(`Generated by \`${meta.command}\` — do not edit by hand.`);
  L.push('');
  L.push(
    'Rules: the device MUST/SHOULD checklist (shared/reference/virtio-crypto.md §6, items 1–27) and the ' +
      'project decisions (§10, D1–D21); the titles below are short paraphrases. A test counts for a rule when ' +
      'its title, an enclosing describe title, the comment right above it, or its body (comments, strings such ' +
      'as expect messages) names the rule (`D17`, `§6.20`, `§6 item 22`, `§6 items 17-19`), or when ' +
      '`scripts/conformance/mapping.json` lists it (with the reason). Tags in file headers or helpers are not ' +
      'counted (listed at the end). Nothing else is inferred: a rule without such a test is listed as **no test**.',
  );
  L.push('');
  L.push(
    'Kinds: **device** = the test runs the RTL (Verilator simulator through the bridge or the CLI); ' +
      '**rtl-unit** = a per-block RTL bench; **model** = reference model, fake device or host-side code only ' +
      '(it checks the rule in the testbench, not in the RTL). Rule result: **FAIL** if any of its tests failed, ' +
      '**pass** if a device or rtl-unit test passed, **model only** if only model tests passed, **not run** if ' +
      'none of its tests is in the report.',
  );
  L.push('');
  if (meta.reportPath) L.push(`Results: \`${meta.reportPath}\`${meta.reportSummary ? ` (${meta.reportSummary})` : ''}.`);
  else L.push('Results: none (no vitest report given); every mapped rule shows **not run**.');
  L.push('');
  L.push(
    `Summary: ${c.rows.length} rules — ${count('pass')} pass, ${count('FAIL')} FAIL, ${count('model only')} model only, ` +
      `${count('not run')} not run, ${count('no test')} no test.`,
  );
  L.push('');
  const table = (group: Rule['group'], heading: string): void => {
    L.push(`## ${heading}`);
    L.push('');
    L.push('| rule | requirement | result | tests (file:line › describe › test — kind, found by, result) |');
    L.push('|---|---|---|---|');
    for (const row of c.rows.filter((r) => r.rule.group === group)) {
      const tests = row.tests.map((t) => {
        const runs = t.runs > 1 ? ` ×${t.runs}` : '';
        const why = t.why ? `: ${t.why}` : '';
        return `\`${t.file}:${t.line}\` › ${esc(t.name)} — ${t.kind}, ${t.via}${esc(why)}, ${RESULT_MARK[t.result]}${runs}`;
      });
      if (row.note) tests.push(`_${esc(row.note)}_`);
      const result = row.result === 'FAIL' || row.result === 'no test' ? `**${row.result}**` : row.result;
      L.push(`| ${row.rule.id} | ${esc(row.rule.title)} | ${result} | ${tests.join('<br>') || '—'} |`);
    }
    L.push('');
  };
  table('checklist', 'Device checklist (fact sheet §6)');
  table('decision', 'Project decisions (fact sheet §10)');
  L.push('## Gaps');
  L.push('');
  const list = (r: RuleResult, what: string): void => {
    const rows = c.rows.filter((x) => x.result === r);
    L.push(`- ${what}: ${rows.length ? rows.map((x) => (x.note ? `${x.rule.id} (${x.note})` : x.rule.id)).join('; ') : 'none'}`);
  };
  list('no test', 'No test names or is mapped to the rule');
  list('model only', 'Checked only on the reference model / host side, not on the RTL');
  list('FAIL', 'A test of the rule failed');
  list('not run', 'Tests exist but none ran in the report');
  L.push('');
  if (c.filesNotInReport.length) {
    L.push(`Test files not in the report: ${c.filesNotInReport.map((f) => `\`${f}\``).join(', ')}.`);
    L.push('');
  }
  if (c.staleMapping.length) {
    L.push('## Mapping entries that match no test (fix scripts/conformance/mapping.json)');
    L.push('');
    for (const e of c.staleMapping) L.push(`- ${e.rule}: \`${e.file}\` “${esc(e.test)}”`);
    L.push('');
  }
  if (c.files.length) {
    L.push('## Test files by kind');
    L.push('');
    for (const k of ['device', 'rtl-unit', 'model'] as const) {
      const fs = c.files.filter((f) => f.kind === k);
      if (fs.length) L.push(`- ${k}: ${fs.map((f) => `\`${f.file}\` (${f.tests})`).join(', ')}`);
    }
    L.push('');
  }
  if (c.unattributed.length) {
    L.push('## Tags outside any test (not counted)');
    L.push('');
    L.push('Rule ids named in file headers, helpers or describe bodies; a mapping entry attributes them where they are meant.');
    L.push('');
    for (const u of c.unattributed) L.push(`- \`${u.file}\`: ${u.tags.join(', ')}`);
    L.push('');
  }
  return L.join('\n');
}
