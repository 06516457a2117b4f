#!/usr/bin/env node
// sim/synth/partition.mjs: chooses the out-of-context partitions of the elaborated design and
// writes one Yosys script per partition (sim/synth/synth.sh runs them, each in its own process).
//
//   node sim/synth/partition.mjs plan --rtlil DIR/rtl.il --top vcrypto_top --out DIR \
//        --family xcup [--split "vcrypto_top vcrypto_lane vcrypto_engines"] [--plain 1]
//   node sim/synth/partition.mjs netlist --parts DIR/parts.json --out DIR/netlist.v
//
// plan: reads the RTLIL that the elaboration step wrote after `proc` (every module of the
// design, parameterised ones under their `$paramod...` names) and walks the instance tree from
// the top. A module named in --split (by its source name) is split when it is the top or its
// parent was split: each of its module instances becomes a partition of its own (or is split
// again), and the module's own logic, with those children as blackboxes, is a "glue" partition.
// Every other instance is a "leaf" partition: its whole subtree in one synthesis. Without
// --split (or when the top is not in it) the top is the one partition, i.e. the whole design in
// one process. The same module in the same role is one partition, whatever its instance count.
// Writes DIR/parts.json (the partitions, their instances and child partitions, largest first)
// and DIR/parts/<id>.ys.
//
// netlist: concatenates the partitions' mapped Verilog netlists into one (a module synthesised
// in several partitions is written once).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const cmd = argv.shift();
const args = {};
for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[++i] ?? '';
const need = (k) => {
  if (args[k] === undefined) { console.error(`partition.mjs ${cmd}: --${k} is required`); process.exit(2); }
  return args[k];
};

// Yosys names a parameterised module "$paramod\name\P=V..." or "$paramod$<hash>\name".
export const baseName = (m) => (m.startsWith('$paramod') ? m.split('\\')[1] ?? m : m.replace(/^\\/, ''));

// Modules of an RTLIL file: ports, cell instances (type, name) and text size (a size proxy).
function readRtlil(file) {
  const text = readFileSync(file, 'utf8');
  const modules = new Map();
  let mod = null;
  let depth = 0;
  let attrs = {};
  let start = 0;
  let pos = 0;
  for (const raw of text.split('\n')) {
    const lineStart = pos;
    pos += raw.length + 1;
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const tok = line.split(/\s+/);
    if (depth === 0) {
      if (tok[0] === 'attribute') attrs[tok[1]] = tok.slice(2).join(' ');
      else if (tok[0] === 'module') {
        mod = { name: tok[1], attrs, ports: [], cells: [], bytes: 0 };
        attrs = {};
        start = lineStart;
        depth = 1;
      }
      continue;
    }
    if (tok[0] === 'end') {
      depth--;
      if (depth === 0) { mod.bytes = pos - start; modules.set(mod.name, mod); mod = null; }
      continue;
    }
    if (depth === 1 && tok[0] === 'wire') {
      const dir = tok.find((t) => t === 'input' || t === 'output' || t === 'inout');
      if (dir) mod.ports.push({ name: tok.at(-1), dir });
    }
    if (depth === 1 && tok[0] === 'cell') mod.cells.push({ type: tok[1], name: tok[2] });
    if (tok[0] === 'cell' || tok[0] === 'process' || tok[0] === 'switch') depth++;
  }
  return modules;
}

// synth_xilinx, for the LUT6 families with its map_luts step spelt out so that the LUT techmap
// runs in batches: one techmap pass derives a template module per distinct LUT INIT value and
// holds all of them until it ends (the cipher engine's ~20 000 ran the 4 GiB WebAssembly Yosys
// out of memory there); ten passes, each over the LUT cells whose name ends in one digit, hold a
// tenth of them. The result is the same cells as synth_xilinx's own run (test/synth checks it on
// rtl/dma; only internal net names differ); --plain 1 runs synth_xilinx as it is.
const LUT_BATCHES = '0123456789';
function synthXilinx(family, top, plain) {
  const base = `synth_xilinx -family ${family} -top ${top} -noiopad -noclkbuf`;
  if (plain || !['xc7', 'xcu', 'xcup'].includes(family)) return [base];
  const lutMap = 'techmap -map +/xilinx/lut_map.v -map +/xilinx/cells_map.v -D LUT_WIDTH=6';
  return [
    `${base} -run :map_luts`,
    '# map_luts (as in synth_xilinx, the LUT techmap in batches)',
    'opt_expr -mux_undef -noclkinv',
    // the LUT library of synth_xilinx for this family: MUXF7/F8 (xc7), and MUXF9 (xcu, xcup)
    `abc -luts 2:2,3,6:5,10,20${family === 'xc7' ? '' : ',40'}`,
    'clean',
    'techmap -map +/xilinx/ff_map.v',
    'xilinx_srl -fixed -minlen 3',
    ...[...LUT_BATCHES].map((d) => `${lutMap} t:$lut c:*${d} %i`),
    lutMap,
    'xilinx_dffopt',
    'opt_lut_ins -tech xilinx',
    `${base} -run finalize:`,
  ];
}

function plan() {
  const rtlil = need('rtlil'), top = need('top'), out = need('out'), family = args.family || 'xcup';
  const split = new Set((args.split || '').split(/[\s,]+/).filter(Boolean));
  const modules = readRtlil(rtlil);
  const topName = [...modules.keys()].find((m) => m === `\\${top}` || m === top)
    ?? [...modules.values()].find((m) => m.attrs['\\top'] && baseName(m.name) === top)?.name;
  if (!topName) { console.error(`partition.mjs: top ${top} not in ${rtlil}`); process.exit(2); }
  const isDesign = (t) => modules.has(t) && !modules.get(t).attrs['\\blackbox'];
  const kids = (m) => modules.get(m).cells.filter((c) => isDesign(c.type));

  // Subtree size (RTLIL bytes), for the order of the runs (largest first).
  const sizeMemo = new Map();
  const size = (m) => {
    if (!sizeMemo.has(m)) sizeMemo.set(m, modules.get(m).bytes + kids(m).reduce((s, c) => s + size(c.type), 0));
    return sizeMemo.get(m);
  };

  const parts = new Map(); // key "glue|leaf module" -> partition
  const tree = [];
  const assign = (m, path, parentSplit) => {
    const glue = parentSplit && split.has(baseName(m));
    const key = `${glue ? 'glue' : 'leaf'} ${m}`;
    let p = parts.get(key);
    if (!p) {
      p = { id: '', module: m, base: baseName(m), glue, instances: [], children: {}, blackboxes: [],
        weight: glue ? modules.get(m).bytes : size(m) };
      parts.set(key, p);
    }
    p.instances.push(path);
    tree.push({ path, module: baseName(m), partition: key });
    if (!glue) return key;
    for (const c of kids(m)) {
      const ck = assign(c.type, path ? `${path}.${c.name.replace(/^\\/, '')}` : c.name.replace(/^\\/, ''), true);
      p.children[c.name] = ck;
      if (!p.blackboxes.includes(c.type)) p.blackboxes.push(c.type);
    }
    return key;
  };
  assign(topName, '', true);

  // Ids: order of the runs (largest first), then a readable name.
  const list = [...parts.values()].sort((a, b) => b.weight - a.weight);
  const used = new Set();
  list.forEach((p, i) => {
    let id = `${String(i + 1).padStart(2, '0')}_${p.base}${p.glue ? '_glue' : ''}`.replace(/[^A-Za-z0-9_]/g, '_');
    while (used.has(id)) id += '_';
    used.add(id);
    p.id = id;
  });
  const idOf = new Map([...parts.entries()].map(([k, p]) => [k, p.id]));
  for (const p of list) for (const c of Object.keys(p.children)) p.children[c] = idOf.get(p.children[c]);
  for (const t of tree) t.partition = idOf.get(t.partition);

  const dir = join(out, 'parts');
  mkdirSync(dir, { recursive: true });
  for (const p of list) {
    const f = (ext) => join(dir, `${p.id}${ext}`);
    const ys = [
      `# generated by sim/synth/partition.mjs: partition ${p.id} (${p.glue ? 'glue logic of' : 'subtree of'} ${p.base}, `
        + `instances: ${p.instances.map((x) => x || '(top)').join(' ')})`,
      `read_rtlil ${join(out, 'rtl.il')}`,
      ...(p.blackboxes.length ? [`blackbox ${p.blackboxes.join(' ')}`] : []),
      `hierarchy -top ${p.module}`,
      ...synthXilinx(family, p.module, args.plain === '1'),
      `tee -q -o ${f('.stat.txt')} stat -top ${p.module}`,
      `write_json ${f('.json')}`,
      `write_verilog -noattr ${f('.v')}`,
      '',
    ];
    writeFileSync(f('.ys'), ys.join('\n'));
  }
  const manifest = {
    top, topModule: topName, split: [...split], family,
    partitions: list.map(({ id, module, base, glue, instances, children, blackboxes, weight }) => (
      { id, module, base, glue, instances, children, blackboxes, weight })),
    tree,
  };
  writeFileSync(join(out, 'parts.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const p of list) {
    console.log(`${p.id}\t${p.glue ? 'glue' : 'leaf'}\t${p.instances.length}\t${p.weight}\t${p.instances.join(' ') || '(top)'}`);
  }
}

function netlist() {
  const parts = JSON.parse(readFileSync(need('parts'), 'utf8'));
  const dir = join(need('parts').replace(/[^/]*$/, ''), 'parts');
  const seen = new Set();
  const outText = [`// mapped netlist of ${parts.top}: out-of-context partitions of sim/synth/synth.sh, concatenated`];
  for (const p of parts.partitions) {
    const text = readFileSync(join(dir, `${p.id}.v`), 'utf8');
    for (const chunk of text.split(/^(?=module )/m)) {
      const m = /^module\s+(\S+?)\s*[(;#]/.exec(chunk);
      if (!m) continue; // header comments
      if (seen.has(m[1])) continue;
      seen.add(m[1]);
      outText.push(chunk.trimEnd());
    }
  }
  writeFileSync(need('out'), outText.join('\n\n') + '\n');
}

if (cmd === 'plan') plan();
else if (cmd === 'netlist') netlist();
else { console.error('usage: partition.mjs plan|netlist ...'); process.exit(2); }
