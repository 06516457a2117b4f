#!/usr/bin/env node
// sim/synth/report.mjs: turns the mapped Yosys JSON netlists of the partitions written by
// sim/synth/synth.sh into the summary JSON (sim/build/synth.json) and a one-screen summary.
//
//   node sim/synth/report.mjs --parts DIR/parts.json --dir DIR --top vcrypto_top --out synth.json \
//        [--tool "Yosys 0.55"] [--target ...] [--seconds N] [--params ...] [--quiet]
//   node sim/synth/report.mjs --print synth.json
//
// The design was synthesised out of context in partitions (sim/synth/partition.mjs): each one is
// a module synthesised in its own Yosys process, its child partitions as blackboxes. This script
// puts them back together: every blackbox instance of a child partition is replaced by that
// partition's netlist (once per instance), so figures and paths are those of the whole device.
//
// Resource counts (cells of the mapped netlists, whole hierarchy below --top):
//   luts = LUT1..LUT6, ffs = FD* (FDRE/FDSE/FDCE/FDPE), brams = RAMB* (RAMB18E2 and RAMB36E2
//   each count 1; bram36 gives RAMB36 equivalents), dsps = DSP48*; lutrams (RAM32M, RAM64X1D, ...)
//   and srls (SRL16E/SRLC32E) are LUT-site cells reported separately; inverters = INV cells
//   (Yosys >= 0.4x emits them; Vivado folds them into the LUTs they feed).
//
// maxLogicLevels: longest combinational path, in LUT levels, between timing start points (FF,
// BRAM, DSP, SRL outputs; top-level inputs) and end points (their data/control inputs; top-level
// outputs), over the whole mapped design: the partitions' netlists are joined bit by bit through
// the port connections of their parents (a net that leaves one partition and enters another is
// one net), so a path that crosses partition boundaries is counted whole, as in a flattened
// netlist. Each LUT (and each asynchronous LUTRAM/SRL read) is one level; MUXF7/F8/F9 and CARRY8
// are traversed at no cost. maxCellLevels counts every combinational cell on the path (LUT,
// MUXF*, CARRY*) the way Vivado's LOGIC_LEVELS does. A cycle among combinational cells is
// reported as a combinational loop (exit status 1). Per partition, `partitions[].maxLogicLevels`
// is the same measure inside that partition alone (its ports and child partitions' ports taken as
// start and end points).
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
for (const k of ['parts', 'dir', 'top', 'out']) {
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

// ---------------------------------------------------------------- the partitions' netlists
const manifest = JSON.parse(readFileSync(args.parts, 'utf8'));
// RTLIL names (parts.json) start with "\\" for a source name; Yosys's JSON drops it.
const unslash = (n) => n.replace(/^\\/, '');
for (const p of manifest.partitions) {
  p.module = unslash(p.module);
  p.children = Object.fromEntries(Object.entries(p.children).map(([c, id]) => [unslash(c), id]));
}
const partById = new Map(manifest.partitions.map((p) => [p.id, p]));
const readStats = (file) => {
  try {
    const [kib, sec] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    return { peakRssMiB: Math.round(kib / 1024), seconds: sec };
  } catch { return {}; }
};

// Per cell: which inputs feed its outputs combinationally (null: none), and its cost.
const combInputs = (type, dirs) => {
  const k = kind(type);
  if (k === 'lut' || k === 'muxf' || k === 'carry') return () => true;
  if (k === 'lutram') return (p) => /^(A\d*|ADDR[A-H]?|DPRA\d*)$/.test(p);
  if (k === 'srl') return (p) => /^A\d*$/.test(p);
  if (k === 'ff' || k === 'bram' || k === 'dsp' || k === 'uram' || k === 'latch' || /^FIFO/.test(type)) return null;
  if (!dirs) return null;
  return () => true; // other primitives (INV, BUFG, ...): transparent
};
const lutCost = (k) => (k === 'lut' || k === 'lutram' || k === 'srl' ? 1 : 0);
const cellCost = (k) => (k === 'lut' || k === 'lutram' || k === 'srl' || k === 'muxf' || k === 'carry' ? 1 : 0);

// A net's name for the report: a user-visible one, then the one in the fewest generate/instance
// scopes (a register's own name rather than an alias such as a later stage's input), the shortest.
const depthOf = (n) => n.split('.').length;
const betterName = (name, hidden, prev) => (hidden !== prev.hidden ? !hidden
  : depthOf(name) !== depthOf(prev.name) ? depthOf(name) < depthOf(prev.name) : name.length < prev.name.length);

// A partition's netlist in compact form (the JSON itself is dropped): per design module its
// ports, its cells (primitive, submodule of the same partition, or child partition) and the
// names of the nets that timing paths start from (outputs of sequential cells, ports).
const compact = new Map(); // partition id -> Map(module name -> compact module)
for (const p of manifest.partitions) {
  const json = JSON.parse(readFileSync(`${args.dir}/parts/${p.id}.json`, 'utf8')).modules;
  const isDesign = (t) => json[t] && !json[t].attributes?.blackbox && !json[t].attributes?.whitebox;
  const mods = new Map();
  for (const [name, m] of Object.entries(json)) {
    if (!isDesign(name)) continue;
    const ports = Object.entries(m.ports ?? {}).map(([pn, x]) => ({ name: pn, dir: x.direction, bits: x.bits }));
    const cells = [];
    const named = new Map(); // start points: outputs of sequential cells (false), of child partitions (true)
    for (const [cn, c] of Object.entries(m.cells ?? {})) {
      if (c.type === '$scopeinfo') continue; // hierarchy bookkeeping of flatten, not logic
      const part = name === p.module && p.glue ? p.children[unslash(cn)] : undefined;
      const sub = !part && isDesign(c.type);
      const subPorts = sub ? Object.fromEntries(Object.entries(json[c.type].ports).map(([pn, x]) => [pn, x.direction])) : null;
      const dirs = part ? null : sub ? subPorts : c.port_directions;
      const conns = Object.entries(c.connections).map(([pn, bits]) => [pn, (dirs ?? c.port_directions ?? {})[pn] ?? 'input', bits]);
      cells.push({ name: cn.replace(/^\\/, ''), type: c.type, part, sub, hasDirs: !!c.port_directions, conns });
      if (!sub && (part || !combInputs(c.type, c.port_directions))) {
        for (const [, d, bits] of conns) if (d === 'output') for (const b of bits) if (typeof b === 'number') named.set(b, !!part);
      }
    }
    const names = new Map();
    for (const [n, w] of Object.entries(m.netnames ?? {})) {
      const hidden = !!w.hide_name || n.startsWith('$');
      w.bits.forEach((b, i) => {
        if (typeof b !== 'number' || !named.has(b)) return;
        const nm = w.bits.length > 1 ? `${n.replace(/^\\/, '')}[${i + (w.offset ?? 0)}]` : n.replace(/^\\/, '');
        const prev = names.get(b);
        if (!prev || betterName(nm, hidden, prev)) names.set(b, { name: nm, hidden, part: named.get(b) });
      });
    }
    mods.set(name, { name, ports, cells, names });
  }
  if (!mods.has(p.module)) { console.error(`report.mjs: ${p.module} not in partition ${p.id}'s netlist`); process.exit(2); }
  compact.set(p.id, mods);
}
const topPart = manifest.partitions.find((p) => p.instances.includes(''));

// ---------------------------------------------------------------- hierarchical figures
// Module key: its Yosys name; a glue partition's top (its children are other partitions) apart.
const modKey = (pid, mod) => (partById.get(pid).glue && partById.get(pid).module === mod ? `${mod} (glue)` : mod);
const incl = new Map(); // module key -> inclusive figures per instance
const selfOf = new Map();
const inclusive = (pid, mod) => {
  const key = modKey(pid, mod);
  if (incl.has(key)) return incl.get(key);
  const acc = ZERO(), self = ZERO();
  for (const c of compact.get(pid).get(mod).cells) {
    if (c.sub) addTo(acc, inclusive(pid, c.type));
    else if (c.part) addTo(acc, inclusive(c.part, partById.get(c.part).module));
    else { countCell(acc, c.type); countCell(self, c.type); }
  }
  incl.set(key, acc);
  selfOf.set(key, self);
  return acc;
};
const pick = (f) => ({ luts: f.luts, ffs: f.ffs, brams: f.brams, dsps: f.dsps, lutrams: f.lutrams, srls: f.srls });
const instances = new Map(); // module key -> { count, mod }
const tree = [];
const walk = (pid, mod, path, depth) => {
  const key = modKey(pid, mod);
  if (!instances.has(key)) instances.set(key, { count: 0, mod });
  instances.get(key).count++;
  for (const c of compact.get(pid).get(mod).cells) {
    if (!c.sub && !c.part) continue;
    const [cp, cm] = c.part ? [c.part, partById.get(c.part).module] : [pid, c.type];
    const pth = path ? `${path}.${c.name}` : c.name;
    if (depth < 2) tree.push({ path: pth, module: baseName(cm), ...pick(inclusive(cp, cm)), ...(c.part ? { partition: c.part } : {}) });
    walk(cp, cm, pth, depth + 1);
  }
};
const total = inclusive(topPart.id, topPart.module);
walk(topPart.id, topPart.module, '', 0);

// Per module (by source name; parameter variants "#2", "#3"...): instances and one instance's
// figures with its submodules, selfLuts/selfFfs its own cells.
const modules = {};
const seen = new Map();
for (const [key, v] of [...instances.entries()].sort((a, b) => baseName(a[1].mod).localeCompare(baseName(b[1].mod)))) {
  const b = baseName(v.mod);
  const n = (seen.get(b) ?? 0) + 1;
  seen.set(b, n);
  modules[n === 1 ? b : `${b}#${n}`] = {
    instances: v.count, ...pick(incl.get(key)), selfLuts: selfOf.get(key).luts, selfFfs: selfOf.get(key).ffs,
  };
}

// ---------------------------------------------------------------- logic levels
// A timing graph over global net ids: instantiate(partition, module, path, port nets) creates
// each cell of the module once per instance; submodules and child partitions are instantiated
// in place, their port bits bound to the nets of the parent (union-find: a module that ties an
// output to an input, or two outputs together, joins the parent's nets).
class Graph {
  constructor(standalone) {
    this.standalone = standalone; // child partitions as blackboxes (their ports: start/end points)
    this.uf = [];
    this.nodes = []; // { name, type, lut, all, ins, outs, inst }
    this.sinks = []; // { bit, qBit, cell, port, type, inst }
    this.names = []; // [bit, name, hidden]
    this.insts = [];
    this.cellTypes = {};
  }
  newBit() { this.uf.push(this.uf.length); return this.uf.length - 1; }
  find(x) {
    const u = this.uf;
    while (u[x] !== x) { u[x] = u[u[x]]; x = u[x]; }
    return x;
  }
  union(a, b) { a = this.find(a); b = this.find(b); if (a !== b) this.uf[b] = a; }
  instantiate(pid, mod, path, portNets) {
    const m = compact.get(pid).get(mod);
    const inst = this.insts.push(path) - 1;
    const prefix = path ? `${path}.` : '';
    const local = new Map();
    const g = (b) => {
      if (typeof b !== 'number') return b;
      let x = local.get(b);
      if (x === undefined) { x = this.newBit(); local.set(b, x); }
      return x;
    };
    for (const port of m.ports) {
      const outer = portNets?.get(port.name);
      port.bits.forEach((b, k) => {
        if (typeof b !== 'number') return;
        const o = outer?.[k];
        if (typeof o !== 'number') { g(b); return; } // unconnected or constant: a net of its own
        const cur = local.get(b);
        if (cur === undefined) local.set(b, o); else this.union(cur, o);
      });
      if (!portNets) { // the top: inputs start paths, outputs end them
        port.bits.forEach((b, k) => {
          const nm = port.bits.length > 1 ? `${port.name}[${k}]` : port.name;
          if (port.dir === 'input') { if (typeof b === 'number') this.names.push([g(b), nm, false]); } else this.sinks.push({ bit: g(b), what: `output ${nm}`, reg: port.name, inst });
        });
      }
    }
    for (const [b, n] of m.names) if (this.standalone || !n.part) this.names.push([g(b), prefix + n.name, n.hidden]);
    for (const c of m.cells) {
      if (c.sub || (c.part && !this.standalone)) {
        const nets = new Map(c.conns.map(([pn, , bits]) => [pn, bits.map(g)]));
        if (c.sub) this.instantiate(pid, c.type, prefix + c.name, nets);
        else this.instantiate(c.part, partById.get(c.part).module, prefix + c.name, nets);
        continue;
      }
      const ci = c.part ? null : combInputs(c.type, c.hasDirs);
      if (!c.part) this.cellTypes[c.type] = (this.cellTypes[c.type] ?? 0) + 1;
      const k = kind(c.type);
      const ins = [], outs = [];
      const q = k === 'ff' ? c.conns.find(([pn]) => pn === 'Q')?.[2][0] : undefined;
      for (const [pn, d, bits] of c.conns) {
        if (d === 'output') { for (const b of bits) if (typeof b === 'number') outs.push(g(b)); } else if (ci && ci(pn)) { for (const b of bits) ins.push(g(b)); } else {
          for (const b of bits) {
            this.sinks.push({ bit: g(b), qBit: typeof q === 'number' ? g(q) : undefined, cell: prefix + c.name, port: pn, type: c.part ? baseName(c.type) : c.type, inst });
          }
        }
      }
      if (!ci || outs.length === 0) continue;
      this.nodes.push({ name: prefix + c.name, type: c.type, lut: lutCost(k), all: cellCost(k), ins, outs, inst });
    }
  }

  // Longest paths (Kahn's algorithm over the combinational cells; arrival 0 at start points).
  analyze() {
    const nb = this.uf.length;
    const find = (x) => (typeof x === 'number' ? this.find(x) : x);
    const bitName = new Map();
    for (const [b, name, hidden] of this.names) {
      const r = this.find(b);
      const prev = bitName.get(r);
      if (!prev || betterName(name, hidden, prev)) bitName.set(r, { name, hidden });
    }
    const nameOf = (b) => (typeof b === 'number' ? bitName.get(b)?.name ?? `net${b}` : `const ${b}`);
    const nodes = this.nodes;
    for (const n of nodes) { n.ins = n.ins.map(find); n.outs = n.outs.map(find); }
    const driver = new Int32Array(nb).fill(-1);
    nodes.forEach((n, i) => { for (const b of n.outs) driver[b] = i; });
    const indeg = new Int32Array(nodes.length);
    const users = nodes.map(() => []);
    nodes.forEach((n, i) => {
      const preds = new Set();
      for (const b of n.ins) if (typeof b === 'number' && driver[b] >= 0) preds.add(driver[b]);
      indeg[i] = preds.size;
      for (const d of preds) users[d].push(i);
    });
    const arrLut = new Int32Array(nb), arrAll = new Int32Array(nb);
    const viaNode = new Int32Array(nb).fill(-1);
    const viaFrom = new Map(); // bit -> input bit on the LUT-level critical path
    const at = (b, arr) => (typeof b === 'number' ? arr[b] : 0);
    const queue = [];
    indeg.forEach((d, i) => { if (d === 0) queue.push(i); });
    while (queue.length) {
      const i = queue.pop();
      const n = nodes[i];
      let bestL = 0, bestA = 0, from = null;
      for (const b of n.ins) {
        const l = at(b, arrLut), a = at(b, arrAll);
        if (from === null || l > bestL || (l === bestL && a > at(from, arrAll))) { bestL = l; from = b; }
        if (a > bestA) bestA = a;
      }
      for (const b of n.outs) {
        arrLut[b] = bestL + n.lut;
        arrAll[b] = bestA + n.all;
        viaNode[b] = i;
        viaFrom.set(b, from);
      }
      for (const u of users[i]) if (--indeg[u] === 0) queue.push(u);
    }
    const loopCells = nodes.filter((_, i) => indeg[i] > 0).map((n) => `${n.type} ${n.name}`);

    const sinkReg = (s) => (s.reg ?? (s.qBit !== undefined ? nameOf(find(s.qBit)) : s.cell));
    const sinkWhat = (s) => s.what ?? `${sinkReg(s)} (${s.type}.${s.port})`;
    let maxL = 0, maxA = 0, worst = null;
    const byEnd = new Map();
    for (const s of this.sinks) {
      const b = find(s.bit);
      if (typeof b !== 'number') continue;
      const l = arrLut[b], a = arrAll[b];
      if (a > maxA) maxA = a;
      if (l > maxL || (l === maxL && worst && a > arrAll[find(worst.bit)])) { maxL = l; worst = s; }
      const key = sinkReg(s).replace(/\[\d+\]$/, '');
      if (!byEnd.has(key) || byEnd.get(key).levels < l) byEnd.set(key, { levels: l, bit: b, sink: s });
    }
    const tracePath = (bit) => {
      const cells = [], through = [];
      let b = bit;
      for (let guard = 0; guard < 100000 && typeof b === 'number' && viaNode[b] >= 0; guard++) {
        const n = nodes[viaNode[b]];
        cells.push(n.type);
        const ip = this.insts[n.inst];
        if (through.at(-1) !== ip) through.push(ip);
        b = viaFrom.get(b);
        if (b === null) break;
      }
      return { start: b === null ? 'constant' : nameOf(b), cells: cells.reverse(), through: through.reverse() };
    };
    let criticalPath = null;
    if (worst) {
      const t = tracePath(find(worst.bit));
      const endInst = this.insts[worst.inst];
      const through = t.through.at(-1) === endInst ? t.through : [...t.through, endInst];
      criticalPath = { levels: maxL, from: t.start, to: sinkWhat(worst), cells: t.cells, through: through.map((x) => x || '(top)') };
    }
    const topEndpoints = [...byEnd.entries()].sort((a, b) => b[1].levels - a[1].levels).slice(0, 10)
      .map(([reg, e]) => ({ to: reg, levels: e.levels, from: tracePath(e.bit).start }));
    return { maxL, maxA, criticalPath, topEndpoints, loopCells };
  }
}

// Each partition alone (ports and child partitions' ports as start/end points).
const partitions = [];
for (const p of manifest.partitions) {
  const g = new Graph(true);
  g.instantiate(p.id, p.module, '', null);
  const r = g.analyze();
  const f = inclusive(p.id, p.module);
  const own = p.glue ? selfOf.get(modKey(p.id, p.module)) : f;
  partitions.push({
    id: p.id, module: p.base, role: p.glue ? 'glue' : 'subtree', instances: p.instances.map((x) => x || '(top)'),
    luts: own.luts, ffs: own.ffs, brams: own.brams, dsps: own.dsps,
    ...readStats(`${args.dir}/parts/${p.id}.stats`),
    maxLogicLevels: r.maxL, criticalPath: r.criticalPath && { from: r.criticalPath.from, to: r.criticalPath.to },
  });
}
// The whole device.
const whole = new Graph(false);
whole.instantiate(topPart.id, topPart.module, '', null);
const { maxL, maxA, criticalPath, topEndpoints, loopCells } = whole.analyze();
const cellTypes = whole.cellTypes;
const elab = readStats(`${args.dir}/elab.stats`);
const peaks = [elab.peakRssMiB, ...partitions.map((p) => p.peakRssMiB)].filter((x) => x !== undefined);

// ---------------------------------------------------------------- output
const result = {
  tool: args.tool || 'yosys',
  target: args.target || 'xilinx',
  top: args.top,
  params: args.params || '',
  seconds: args.seconds !== undefined ? Number(args.seconds) : undefined,
  peakRssMiB: peaks.length ? Math.max(...peaks) : undefined,
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
  logicLevelsMethod: 'longest path over the mapped netlists of all partitions joined through their port '
    + 'connections (as one flattened netlist), from FF/BRAM/DSP/SRL outputs and top inputs to their inputs '
    + 'and top outputs; LUT/LUTRAM/SRL read = 1 level, MUXF*/CARRY* = 0 (maxCellLevels: every '
    + 'combinational cell = 1); no optimisation across partition boundaries',
  criticalPath,
  topEndpoints,
  split: manifest.split,
  elab: { seconds: elab.seconds, peakRssMiB: elab.peakRssMiB },
  partitions,
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
    + (r.seconds !== undefined ? ` | ${r.seconds} s` : '') + (r.peakRssMiB !== undefined ? ` | peak RSS ${r.peakRssMiB} MiB` : ''));
  if (r.partitions?.length > 1) {
    const big = [...r.partitions].sort((a, b) => (b.peakRssMiB ?? 0) - (a.peakRssMiB ?? 0))[0];
    L.push(`  ${r.partitions.length} out-of-context partitions (split: ${r.split.join(' ')}), largest ${big.id}`
      + (big.peakRssMiB !== undefined ? ` (${big.peakRssMiB} MiB, ${big.seconds} s)` : ''));
  }
  L.push(`  LUTs ${r.luts}  FFs ${r.ffs}  BRAMs ${r.brams} (${r.bram36} RAMB36 eq.)  DSPs ${r.dsps}`
    + `  LUTRAM ${r.lutrams}  SRL ${r.srls}  INV ${r.inverters ?? 0}  latches ${r.latches}  comb loops ${r.combLoops}`);
  L.push(`  max logic levels: ${r.maxLogicLevels} LUTs (${r.maxCellLevels} cells incl. MUXF/CARRY)`);
  if (r.criticalPath) L.push(`    from ${r.criticalPath.from}`, `    to   ${r.criticalPath.to}`);
  if (r.criticalPath?.through?.length > 1) L.push(`    through ${r.criticalPath.through.join(' -> ')}`);
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
