// The conformance generator (scripts/conformance/generate.ts → docs/conformance.md) on a stored
// source fixture, a stored small vitest JSON report and a fixture mapping; then the CLI on the
// real test sources with that report, and the real mapping against the real test sources.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildConformance, kindOf, renderMarkdown, ruleResult, type Mapping, type VitestJson } from '../../scripts/conformance/conformance.ts';
import { findTestFiles, mergeReports, REPO_ROOT, scanFiles } from '../../scripts/conformance/generate.ts';
import { RULES } from '../../scripts/conformance/rules.ts';
import { scanSource, tagsIn } from '../../scripts/conformance/scan.ts';

const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const read = (f: string): string => fs.readFileSync(path.join(FIX, f), 'utf8');
const SRC = read('sample.test.ts.txt');
const FILE = 'test/x/sample.test.ts';
const REPORT = JSON.parse(read('report.json')) as VitestJson;
const MAPPING = JSON.parse(read('mapping.json')) as Mapping;

describe('tags', () => {
  it('D1..D21 and §6 items in their written forms; nothing else', () => {
    expect(tagsIn('D3, D17 and D21; not D22, D0, AD3, D170')).toEqual(['D3', 'D17', 'D21']);
    expect(tagsIn('§6.20: readable; §6 item 26; §6 items 17-19, 22/25 and 27')).toEqual(['§6.20', '§6.26', '§6.17', '§6.18', '§6.19', '§6.22', '§6.25', '§6.27']);
    expect(tagsIn('fact sheet §6, §5.2, §8.8')).toEqual([]);
  });

  it('rules: 27 checklist items and 21 decisions', () => {
    expect(RULES.map((r) => r.id)).toEqual([...Array.from({ length: 27 }, (_, i) => `§6.${i + 1}`), ...Array.from({ length: 21 }, (_, i) => `D${i + 1}`)]);
  });
});

describe('scanner', () => {
  const scan = scanSource(FILE, SRC);
  const byTitle = (t: string) => scan.tests.find((x) => x.titles[x.titles.length - 1] === t)!;

  it('finds every test with its describe chain (template and .each titles included)', () => {
    expect(scan.tests.map((t) => t.titles.join(' > '))).toEqual([
      'sessions (D17) > destroyed id → INVSESS',
      'sessions (D17) > second destroy → ERR',
      'profile ${mode} > [${mode}] AES-CBC length not a multiple of 16 → ERR (D12)',
      'profile ${mode} > plain test without tags',
      'transport %s > mapped by mapping.json',
    ]);
    expect(scan.tests.map((t) => t.line)).toEqual([6, 11, 18, 21, 29]);
  });

  it('attributes tags from titles, enclosing describes, the comment above and the body; not from the header', () => {
    const tags = (t: string) => Object.fromEntries(byTitle(t).tags);
    expect(tags('destroyed id → INVSESS')).toEqual({ D17: 'title' });
    expect(tags('second destroy → ERR')).toEqual({ D17: 'title', '§6.7': 'comment' });
    expect(tags('[${mode}] AES-CBC length not a multiple of 16 → ERR (D12)')).toEqual({ D12: 'title', D13: 'body' });
    expect(tags('plain test without tags')).toEqual({ D9: 'body' });
    expect(scan.unattributed.sort()).toEqual(['D20', '§6.23', '§6.24'].sort());
  });

  it('title patterns match the expanded names of the report', () => {
    const t = byTitle('[${mode}] AES-CBC length not a multiple of 16 → ERR (D12)');
    expect(t.patterns[0]!.test('profile stateless')).toBe(true);
    expect(t.patterns[1]!.test('[session] AES-CBC length not a multiple of 16 → ERR (D12)')).toBe(true);
    expect(t.patterns[1]!.test('[session] AES-CBC length → ERR')).toBe(false);
    expect(byTitle('mapped by mapping.json').patterns[0]!.test('transport b')).toBe(true);
  });
});

describe('rules → tests → results', () => {
  const files = [{ ...scanSource(FILE, SRC), kind: 'device' as const }];
  const c = buildConformance({ files, mapping: MAPPING, report: REPORT, root: '/repo' });
  const row = (id: string) => c.rows.find((r) => r.rule.id === id)!;

  it('a rule row per rule, with its tests and their aggregated results', () => {
    expect(c.rows).toHaveLength(48);
    expect(row('D17').result).toBe('pass');
    expect(row('D17').tests.map((t) => [t.line, t.via, t.result, t.runs])).toEqual([
      [6, 'title', 'passed', 1],
      [11, 'title', 'passed', 1],
    ]);
    expect(row('§6.7').tests.map((t) => [t.line, t.via])).toEqual([[11, 'comment']]);
    // one of the two expansions failed
    expect(row('D12').result).toBe('FAIL');
    expect(row('D12').tests[0]).toMatchObject({ result: 'failed', runs: 2 });
    // mapping entry, both .each expansions
    expect(row('§6.19').tests[0]).toMatchObject({ via: 'mapping', why: 'fixture mapping', result: 'passed', runs: 2 });
    expect(row('§6.16')).toMatchObject({ result: 'no test', note: 'not offered' });
    expect(row('D20').result).toBe('no test');
    expect(c.staleMapping.map((e) => e.test)).toEqual(['no such test']);
  });

  it('model-only and not-run results', () => {
    const model = buildConformance({ files: [{ ...files[0]!, kind: 'model' }], mapping: MAPPING, report: REPORT, root: '/repo' });
    expect(model.rows.find((r) => r.rule.id === 'D17')!.result).toBe('model only');
    const none = buildConformance({ files, mapping: MAPPING, report: { testResults: [] }, root: '/repo' });
    expect(none.rows.find((r) => r.rule.id === 'D17')!.result).toBe('not run');
    expect(none.filesNotInReport).toEqual([FILE]);
    expect(ruleResult([], true)).toBe('no test');
  });

  it('file kinds: rtl-unit by directory, device when the file opens the simulator, mapping overrides', () => {
    expect(kindOf('test/unit/aes.test.ts', '', { entries: [] })).toBe('rtl-unit');
    expect(kindOf('test/a/b.test.ts', 'const d = await openDevice({});', { entries: [] })).toBe('device');
    expect(kindOf('test/a/b.test.ts', 'runRegression({ openDevice: fake })', { entries: [] })).toBe('model');
    expect(kindOf('test/fuzz/device.test.ts', 'runFuzz({ openDevice })', { entries: [] })).toBe('device');
    expect(kindOf(FILE, 'await openDevice()', MAPPING)).toBe('model');
  });

  it('renders the tables and the gaps', () => {
    const md = renderMarkdown(c, { command: 'generate.ts', reportPath: 'report.json', reportSummary: '8 tests' });
    expect(md).toContain('| D17 | session ids carry a generation');
    expect(md).toMatch(/\| D12 \| [^\n]* \| \*\*FAIL\*\* \| `test\/x\/sample\.test\.ts:18` › profile \$\{mode\} > \[\$\{mode\}\] AES-CBC[^\n]*— device, title, \*\*FAIL\*\* ×2 \|/);
    expect(md).toContain('| §6.23 | ISR');
    expect(md).toMatch(/- No test names or is mapped to the rule: [^\n]*§6\.16 \(not offered\)/);
    expect(md).toMatch(/- A test of the rule failed: D12; D13\n/);
    expect(md).toContain('## Mapping entries that match no test');
    expect(md).toContain('- `test/x/sample.test.ts`: §6.23, §6.24, D20');
    expect(md).toContain('Summary: 48 rules — ');
    expect(md).toContain('- device: `test/x/sample.test.ts` (5)');
  });

  it('merges reports file by file, the later one winning', () => {
    const other: VitestJson = { testResults: [{ name: '/repo/test/x/sample.test.ts', assertionResults: [] }, { name: '/repo/test/y.test.ts', assertionResults: [{ ancestorTitles: [], title: 't', status: 'passed' }] }] };
    const m = mergeReports([REPORT, other]);
    expect(m.testResults.map((f) => [f.name, f.assertionResults.length])).toEqual([
      ['/repo/test/x/sample.test.ts', 0],
      ['/repo/test/y.test.ts', 1],
    ]);
    expect([m.numTotalTests, m.numPassedTests, m.numFailedTests]).toEqual([1, 1, 0]);
  });
});

describe('on the repository', () => {
  it('every entry of scripts/conformance/mapping.json matches a test in test/', () => {
    const mapping = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'scripts/conformance/mapping.json'), 'utf8')) as Mapping;
    const c = buildConformance({ files: scanFiles(REPO_ROOT, findTestFiles(REPO_ROOT), mapping), mapping, root: REPO_ROOT });
    expect(c.staleMapping.map((e) => `${e.rule} ${e.file}: ${e.test}`), 'renamed or removed tests: update the mapping').toEqual([]);
  });

  it('the CLI writes the table from the stored report', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-')), 'conformance.md');
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/conformance/generate.ts', '--report', path.join(FIX, 'report.json'), '--out', out],
        { cwd: REPO_ROOT },
        (e, _stdout, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve(err)),
      );
    });
    expect(stderr).toMatch(/48 rules, \d+ pass, \d+ FAIL, \d+ model only, \d+ not run, \d+ no test/);
    const md = fs.readFileSync(out, 'utf8');
    expect(md).toContain('## Device checklist (fact sheet §6)');
    expect(md).toContain('## Project decisions (fact sheet §10)');
    expect(md.split('\n').filter((l) => /^\| (§6\.\d+|D\d+) \|/.test(l))).toHaveLength(48);
    expect(md).toContain('8 tests, 6 passed, 1 failed, 1 files');
  }, 60_000);
});
