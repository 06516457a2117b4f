#!/usr/bin/env node
// sim/synth/report.mjs: turns the Yosys JSON netlists written by sim/synth/synth.sh into the
// summary JSON (sim/build/synth.json) and a one-screen summary.
//
//   node sim/synth/report.mjs --hier netlist.json --flat netlist.flat.json --top vcrypto_top \
//        --out synth.json [--tool "Yosys 0.23"] [--target ...] [--seconds N] [--params ...] [--quiet]
//
// Resource counts (cells of the mapped netlist, whole hierarchy below --top):
//   luts = LUT1..LUT6, ffs = FD* (FDRE/FDSE/FDCE/FDPE), brams = RAMB* (RAMB18E2 and RAMB36E2
//   each count 1; bram36 gives RAMB36 equivalents), dsps = DSP48*; lutrams (RAM32M, RAM64X1D, ...)
//   and srls (SRL16E/SRLC32E) are LUT-site cells reported separately; inverters = INV cells
//   (Yosys >= 0.4x emits them; Vivado folds them into the LUTs they feed).
//
// maxLogicLevels: longest combinational path, in LUT levels, between timing start points (FF,
// BRAM, DSP, SRL outputs; top-level inputs) and end points (their data/control inputs; top-level
// outputs), over the flattened mapped netlist. Each LUT (and each asynchronous LUTRAM/SRL read)
// is one level; MUXF7/F8/F9 and CARRY8 are traversed at no cost. maxCellLevels counts every
// combinational cell on the path (LUT, MUXF*, CARRY*) the way Vivado's LOGIC_LEVELS does.
// A cycle among combinational cells is reported as a combinational loop (exit status 1).
import { readFileSync, writeFileSync } from 'node:fs';

const args = { quiet: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--quiet') args.quiet = true;
  else if (a.startsWith('--')) args[a.slice(2)] = process.argv[++i];
}
if (args.print) {
  printSummary(JSON.parse(readFileSync(args.print, 'utf8')), args.print);
  process.exit(0);
}
for (const k of ['hier', 'flat', 'top', 'out']) {
  if (!args[k]) { console.error(`report.mjs: --${k} is required`); process.exit(2); }
}

const kind = (type) => {
  if (/^LUT[1-6]$/.test(type)) return 'lut';
  if (/^FD/.test(type)) return 'ff';
  if (/^RAMB/.test(type)) return 'bram';
  if (/^DSP48/.test(type)) return 'dsp';
  if (/^URAM/.test(type)) return 'uram';
  if (/^RAM\d+/.test(type)) return 'lutram';
  if (/^SRL/.test(type)) return 'srl';
  if (/^MUXF/.test(type)) return 'muxf';
  if (/^CARRY/.test(type)) return 'carry';
  if (/^(LD|LDC|LDP|LDCE|LDPE)$/.test(type)) return 'latch';
  return 'other';
};
const ZERO = () => ({ luts: 0, ffs: 0, brams: 0, bram36: 0, dsps: 0, lutrams: 0, srls: 0 });
const addTo = (acc, c, n = 1) => { for (const k of Object.keys(acc)) acc[k] += (c[k] ?? 0) * n; return acc; };
const countCell = (acc, type) => {
  switch (kind(type)) {
    case 'lut': acc.luts++; break;
    case 'ff': acc.ffs++; break;
    case 'bram': acc.brams++; acc.bram36 += /^RAMB18/.test(type) ? 0.5 : 1; break;
    case 'dsp': acc.dsps++; break;
    case 'lutram': acc.lutrams++; break;
    case 'srl': acc.srls++; break;
    default: break;
  }
};

// Yosys names a parameterised module "$paramod\name\P=V..." or "$paramod$<hash>\name".
const baseName = (m) => (m.startsWith('$paramod') ? m.split('\\')[1] ?? m : m.replace(/^\\/, ''));

// ---------------------------------------------------------------- hierarchical figures
const hier = JSON.parse(readFileSync(args.hier, 'utf8')).modules;
const isDesignModule = (t) => hier[t] && !hier[t].attributes?.blackbox && !hier[t].attributes?.whitebox;
const topName = Object.keys(hier).find((m) => m === args.top || baseName(m) === args.top
  && hier[m].attributes?.top);
if (!topName) { console.error(`report.mjs: top ${args.top} not in ${args.hier}`); process.exit(2); }

const incl = new Map(); // module -> inclusive figures per instance
const inclusive = (m) => {
  if (incl.has(m)) return incl.get(m);
  const acc = ZERO();
  for (const c of Object.values(hier[m].cells ?? {})) {
    if (isDesignModule(c.type)) addTo(acc, inclusive(c.type));
    else countCell(acc, c.type);
  }
  incl.set(m, acc);
  return acc;
};
const instances = new Map();
const tree = [];
const walk = (m, path, depth) => {
  instances.set(m, (instances.get(m) ?? 0) + 1);
  for (const [cn, c] of Object.entries(hier[m].cells ?? {})) {
    if (!isDesignModule(c.type)) continue;
    const p = path ? `${path}.${cn.replace(/^\\/, '')}` : cn.replace(/^\\/, '');
    if (depth < 2) tree.push({ path: p, module: baseName(c.type), ...pick(inclusive(c.type)) });
    walk(c.type, p, depth + 1);
  }
};
const pick = (f) => ({ luts: f.luts, ffs: f.ffs, brams: f.brams, dsps: f.dsps, lutrams: f.lutrams, srls: f.srls });
walk(topName, '', 0);
const total = inclusive(topName);

// Module key: its base name; parameter variants of one module get "#2", "#3"...
const modules = {};
const seen = new Map();
for (const m of [...instances.keys()].sort((a, b) => baseName(a).localeCompare(baseName(b)))) {
  const b = baseName(m);
  const n = (seen.get(b) ?? 0) + 1;
  seen.set(b, n);
  const self = ZERO();
  for (const c of Object.values(hier[m].cells ?? {})) if (!isDesignModule(c.type)) countCell(self, c.type);
  modules[n === 1 ? b : `${b}#${n}`] = {
    instances: instances.get(m), ...pick(inclusive(m)), selfLuts: self.luts, selfFfs: self.ffs,
  };
}

// ---------------------------------------------------------------- flattened netlist: levels
const flatAll = JSON.parse(readFileSync(args.flat, 'utf8')).modules;
const flatName = Object.keys(flatAll).find((m) => m === topName) ??
  Object.keys(flatAll).find((m) => flatAll[m].attributes?.top);
const flat = flatAll[flatName];

const cellTypes = {};
const bitName = new Map();
for (const [n, w] of Object.entries(flat.netnames ?? {})) {
  const hidden = w.hide_name || n.startsWith('$');
  w.bits.forEach((b, i) => {
    if (typeof b !== 'number') return;
    const name = w.bits.length > 1 ? `${n}[${i + (w.offset ?? 0)}]` : n;
    const prev = bitName.get(b);
    if (!prev || (prev.hidden && !hidden)) bitName.set(b, { name, hidden });
  });
}
const nameOf = (b) => (typeof b === 'number' ? bitName.get(b)?.name ?? `net${b}` : `const ${b}`);

// Per cell: which inputs feed its outputs combinationally (null: none), and its cost.
const combInputs = (type, cell) => {
  const k = kind(type);
  if (k === 'lut' || k === 'muxf' || k === 'carry') return () => true;
  if (k === 'lutram') return (p) => /^(A\d*|ADDR[A-H]?|DPRA\d*)$/.test(p);
  if (k === 'srl') return (p) => /^A\d*$/.test(p);
  if (k === 'ff' || k === 'bram' || k === 'dsp' || k === 'uram' || k === 'latch' || /^FIFO/.test(type)) return null;
  if (!cell.port_directions) return null;
  return () => true; // other primitives (INV, BUFG, ...): transparent
};
const lutCost = (k) => (k === 'lut' || k === 'lutram' || k === 'srl' ? 1 : 0);
const cellCost = (k) => (k === 'lut' || k === 'lutram' || k === 'srl' || k === 'muxf' || k === 'carry' ? 1 : 0);

const driver = new Map(); // bit -> comb node index
const nodes = [];
const sinks = []; // { bit, what }
for (const [cn, c] of Object.entries(flat.cells ?? {})) {
  if (c.type === '$scopeinfo') continue; // hierarchy bookkeeping of flatten, not logic
  cellTypes[c.type] = (cellTypes[c.type] ?? 0) + 1;
  const k = kind(c.type);
  const ci = combInputs(c.type, c);
  const dirs = c.port_directions ?? {};
  const ins = [];
  const outs = [];
  const sinkPorts = [];
  for (const [p, bits] of Object.entries(c.connections)) {
    const d = dirs[p] ?? 'input';
    if (d === 'output') outs.push(...bits.filter((b) => typeof b === 'number'));
    else if (ci && ci(p)) ins.push(...bits);
    else sinkPorts.push([p, bits]);
  }
  // End points are named after the register they load (FF: its Q net), else after the cell.
  const q = k === 'ff' ? c.connections.Q?.[0] : undefined;
  const reg = q !== undefined ? nameOf(q) : cn.replace(/^\\/, '');
  for (const [p, bits] of sinkPorts) bits.forEach((b) => sinks.push({ bit: b, reg, what: `${reg} (${c.type}.${p})` }));
  if (!ci || outs.length === 0) continue;
  const idx = nodes.length;
  nodes.push({ name: cn, type: c.type, lut: lutCost(k), all: cellCost(k), ins, outs });
  for (const b of outs) driver.set(b, idx);
}
for (const [pn, p] of Object.entries(flat.ports ?? {})) {
  if (p.direction !== 'input') p.bits.forEach((b) => sinks.push({ bit: b, reg: pn, what: `output ${pn}` }));
}

// Kahn's algorithm over comb nodes; arrival times per bit (sources: 0).
const indeg = new Int32Array(nodes.length);
const users = nodes.map(() => []);
nodes.forEach((n, i) => {
  const preds = new Set();
  for (const b of n.ins) { const d = driver.get(b); if (d !== undefined) preds.add(d); }
  indeg[i] = preds.size;
  for (const d of preds) users[d].push(i);
});
const arrLut = new Map();
const arrAll = new Map();
const via = new Map(); // bit -> { node, from bit } on the LUT-level critical path
const queue = [];
indeg.forEach((d, i) => { if (d === 0) queue.push(i); });
let done = 0;
while (queue.length) {
  const i = queue.pop();
  done++;
  const n = nodes[i];
  let bestL = 0, bestA = 0, from = null;
  for (const b of n.ins) {
    const l = arrLut.get(b) ?? 0, a = arrAll.get(b) ?? 0;
    if (from === null || l > bestL || (l === bestL && a > (arrAll.get(from) ?? 0))) { bestL = l; from = b; }
    if (a > bestA) bestA = a;
  }
  for (const b of n.outs) {
    arrLut.set(b, bestL + n.lut);
    arrAll.set(b, bestA + n.all);
    via.set(b, { node: i, from });
  }
  for (const u of users[i]) if (--indeg[u] === 0) queue.push(u);
}
const loopCells = nodes.filter((_, i) => indeg[i] > 0).map((n) => `${n.type} ${n.name}`);

let maxL = 0, maxA = 0, worst = null;
const byEnd = new Map();
for (const s of sinks) {
  if (typeof s.bit !== 'number') continue;
  const l = arrLut.get(s.bit) ?? 0, a = arrAll.get(s.bit) ?? 0;
  if (a > maxA) maxA = a;
  if (l > maxL || (l === maxL && worst && a > (arrAll.get(worst.bit) ?? 0))) { maxL = l; worst = s; }
  const key = s.reg.replace(/\[\d+\]$/, '');
  if (!byEnd.has(key) || byEnd.get(key).levels < l) byEnd.set(key, { levels: l, bit: s.bit, what: s.what });
}
const tracePath = (bit) => {
  const cells = [];
  let b = bit;
  for (let guard = 0; guard < 100000 && via.has(b); guard++) {
    const v = via.get(b);
    cells.push(nodes[v.node].type);
    if (v.from === null) { b = null; break; }
    b = v.from;
  }
  return { start: b === null ? 'constant' : nameOf(b), cells: cells.reverse() };
};
let criticalPath = null;
if (worst) {
  const t = tracePath(worst.bit);
  criticalPath = { levels: maxL, from: t.start, to: worst.what, cells: t.cells };
}
const topEndpoints = [...byEnd.entries()].sort((a, b) => b[1].levels - a[1].levels).slice(0, 10)
  .map(([reg, e]) => ({ to: reg, levels: e.levels, from: tracePath(e.bit).start }));

// ---------------------------------------------------------------- output
const result = {
  tool: args.tool || 'yosys',
  target: args.target || 'xilinx',
  top: args.top,
  params: args.params || '',
  seconds: args.seconds !== undefined ? Number(args.seconds) : undefined,
  luts: total.luts,
  ffs: total.ffs,
  brams: total.brams,
  bram36: total.bram36,
  dsps: total.dsps,
  lutrams: total.lutrams,
  srls: total.srls,
  inverters: cellTypes.INV ?? 0,
  latches: Object.entries(cellTypes).filter(([t]) => kind(t) === 'latch').reduce((s, [, n]) => s + n, 0),
  combLoops: loopCells.length,
  maxLogicLevels: maxL,
  maxCellLevels: maxA,
  logicLevelsMethod: 'longest path over the flattened mapped netlist from FF/BRAM/DSP/SRL outputs and '
    + 'top inputs to their inputs and top outputs; LUT/LUTRAM/SRL read = 1 level, MUXF*/CARRY* = 0 '
    + '(maxCellLevels: every combinational cell = 1)',
  criticalPath,
  topEndpoints,
  cellTypes: Object.fromEntries(Object.entries(cellTypes).sort()),
  modules,
  hierarchy: tree,
};
writeFileSync(args.out, JSON.stringify(result, null, 2) + '\n');

if (!args.quiet) printSummary(result, args.out);
if (loopCells.length) {
  console.error(`synth: combinational loop in the mapped netlist through ${loopCells.length} cells, e.g.:`);
  for (const c of loopCells.slice(0, 10)) console.error(`  ${c}`);
  process.exit(1);
}

// One screen: totals, the critical path, the instances below the top and their biggest children.
function printSummary(r, file) {
  const pad = (x, n) => String(x).padEnd(n);
  const num = (x, n) => String(x).padStart(n);
  const row = (ind, name, t) => `${ind}${pad(name, 42 - ind.length)} ${pad(t.module, 24)} ${num(t.luts, 7)} `
    + `${num(t.ffs, 7)} ${num(t.brams, 5)} ${num(t.dsps, 4)} ${num(t.lutrams + t.srls, 6)}`;
  const L = [];
  L.push(`synth: ${r.tool} | ${r.target} | top ${r.top}${r.params ? ` (${r.params})` : ''}`
    + (r.seconds !== undefined ? ` | ${r.seconds} s` : ''));
  L.push(`  LUTs ${r.luts}  FFs ${r.ffs}  BRAMs ${r.brams} (${r.bram36} RAMB36 eq.)  DSPs ${r.dsps}`
    + `  LUTRAM ${r.lutrams}  SRL ${r.srls}  INV ${r.inverters ?? 0}  latches ${r.latches}  comb loops ${r.combLoops}`);
  L.push(`  max logic levels: ${r.maxLogicLevels} LUTs (${r.maxCellLevels} cells incl. MUXF/CARRY)`);
  if (r.criticalPath) L.push(`    from ${r.criticalPath.from}`, `    to   ${r.criticalPath.to}`);
  L.push(`  ${pad('instance', 40)} ${pad('module', 24)} ${num('LUTs', 7)} ${num('FFs', 7)} ${num('BRAM', 5)} `
    + `${num('DSP', 4)} ${num('LUTRAM', 6)}`);
  const tree = r.hierarchy ?? [];
  for (const t of tree.filter((x) => !x.path.includes('.')).sort((a, b) => b.luts - a.luts)) {
    L.push(row('  ', t.path, t));
    const kids = tree.filter((x) => x.path.startsWith(`${t.path}.`)).sort((a, b) => b.luts - a.luts).slice(0, 3);
    for (const c of kids) L.push(row('      ', c.path.slice(t.path.length + 1), c));
  }
  const self = r.modules?.[r.top];
  if (self) L.push(`  (top-level glue: ${self.selfLuts} LUTs, ${self.selfFfs} FFs)`);
  L.push(`  written ${file}`);
  console.log(L.join('\n'));
}
