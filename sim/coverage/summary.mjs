#!/usr/bin/env node
// sim/coverage/summary.mjs: per-module line and toggle coverage from a Verilator coverage .dat
// (make coverage-report, sim/coverage.mk).
//
//   node sim/coverage/summary.mjs MERGED.dat [--json OUT.json] [--min N]
//
// A .dat holds one line per coverage point: C '<key>\x02<value>\x01…' <count>, keys f (file),
// l (line), page (v_line/<module>, v_branch/<module>, v_toggle/<module>…), o (comment: block
// kind or signal bit), h (instance path; the writer already folds the instances of a point into
// one entry with a wildcard path). Modules are named by their source module: Verilator's
// parameterisation suffix (vcrypto_req_proc__S8_N10) is dropped. A point of a module counts once
// over all its instances and parameterisations (same file, line, column, comment) and is
// covered when it reached --min hits (default 1; verilator_coverage --annotate uses 10).
// Line = v_line and v_branch points (statement blocks, if/else and case arms), toggle =
// v_toggle points (every bit of every signal: covered when it changed).
import * as fs from 'node:fs';

function parseArgs(argv) {
  const o = { dat: undefined, json: undefined, min: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = argv[++i];
    else if (a === '--min') o.min = Number(argv[++i]);
    else if (!o.dat) o.dat = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!o.dat) throw new Error('usage: summary.mjs MERGED.dat [--json OUT.json] [--min N]');
  return o;
}

/** Parse a coverage .dat: [{ fields: Map, count }]. */
export function parseDat(text) {
  const points = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('C ')) continue;
    const q1 = line.indexOf("'");
    const q2 = line.lastIndexOf("'");
    if (q1 < 0 || q2 <= q1) continue;
    const body = line.slice(q1 + 1, q2);
    const count = Number(line.slice(q2 + 1).trim());
    const fields = new Map();
    for (const kv of body.split('\x01')) {
      if (!kv) continue;
      const p = kv.indexOf('\x02');
      if (p < 0) continue;
      fields.set(kv.slice(0, p), kv.slice(p + 1));
    }
    points.push({ fields, count });
  }
  return points;
}

const kindOfPage = (page) => {
  const t = page.split('/')[0];
  if (t === 'v_toggle') return 'toggle';
  if (t === 'v_line' || t === 'v_branch') return 'line';
  return t.replace(/^v_/, '');
};

export function summarise(points, min = 1) {
  const modules = new Map();
  for (const { fields, count } of points) {
    const page = fields.get('page') ?? '';
    const slash = page.indexOf('/');
    if (slash < 0) continue;
    const kind = kindOfPage(page);
    const module = page.slice(slash + 1).replace(/__.*$/, '');
    let m = modules.get(module);
    if (!m) {
      m = { module, files: new Set(), kinds: new Map() };
      modules.set(module, m);
    }
    if (fields.get('f')) m.files.add(fields.get('f'));
    let k = m.kinds.get(kind);
    if (!k) {
      k = new Map();
      m.kinds.set(kind, k);
    }
    const id = [fields.get('f'), fields.get('l'), fields.get('n'), fields.get('o'), page.slice(0, slash)].join('\x00');
    const hit = count >= min;
    k.set(id, (k.get(id) ?? false) || hit);
  }
  const stat = (k) => {
    if (!k) return { points: 0, covered: 0, pct: null };
    let covered = 0;
    for (const v of k.values()) if (v) covered++;
    return { points: k.size, covered, pct: k.size ? Math.round((1000 * covered) / k.size) / 10 : null };
  };
  const rows = [...modules.values()]
    .map((m) => ({
      module: m.module,
      files: [...m.files].sort(),
      line: stat(m.kinds.get('line')),
      toggle: stat(m.kinds.get('toggle')),
    }))
    .sort((a, b) => a.module.localeCompare(b.module));
  const total = (key) => {
    const points = rows.reduce((s, r) => s + r[key].points, 0);
    const covered = rows.reduce((s, r) => s + r[key].covered, 0);
    return { points, covered, pct: points ? Math.round((1000 * covered) / points) / 10 : null };
  };
  return { min, modules: rows, total: { line: total('line'), toggle: total('toggle') } };
}

export function formatTable(s) {
  const pct = (x) => (x.pct === null ? '    -' : `${x.pct.toFixed(1).padStart(5)}%`);
  const frac = (x) => `${x.covered}/${x.points}`.padStart(13);
  const w = Math.max(6, ...s.modules.map((m) => m.module.length));
  const lines = [`${'module'.padEnd(w)}   line %    line points  toggle %  toggle points`];
  for (const m of s.modules) {
    lines.push(`${m.module.padEnd(w)}  ${pct(m.line)} ${frac(m.line)}    ${pct(m.toggle)} ${frac(m.toggle)}`);
  }
  lines.push(`${'TOTAL'.padEnd(w)}  ${pct(s.total.line)} ${frac(s.total.line)}    ${pct(s.total.toggle)} ${frac(s.total.toggle)}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = parseArgs(process.argv.slice(2));
  const s = summarise(parseDat(fs.readFileSync(o.dat, 'latin1')), o.min);
  process.stdout.write(`${formatTable(s)}\n(a point counts once over all instances of its module; covered = hit >= ${o.min} time(s))\n`);
  if (o.json) {
    const out = { generated: new Date().toISOString(), dat: o.dat, ...s };
    fs.writeFileSync(o.json, `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`summary: ${o.json}\n`);
  }
}
