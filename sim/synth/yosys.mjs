#!/usr/bin/env node
// sim/synth/yosys.mjs: runs @yowasp/yosys (Yosys compiled to WebAssembly, an npm devDependency)
// like the yosys command line. The WebAssembly Yosys sees only a virtual file system, so the
// files it reads are named with --mount (a file, or a directory: its files, not recursive) and
// appear at their absolute paths; every file Yosys creates or changes is written back to the same
// absolute path when it exits (logs included, also on failure). Scripts should therefore use
// absolute paths (sim/synth/synth.sh does).
//
//   node sim/synth/yosys.mjs [--mount PATH]... [--stats FILE] [--] <yosys arguments>
//   node sim/synth/yosys.mjs -V
// --stats FILE: on exit, write "<peak RSS in KiB> <wall seconds>" of this process (the
// WebAssembly memory included) to FILE.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const mounts = [];
let statsFile = null;
const t0 = Date.now();
let i = 0;
for (; i < argv.length; i++) {
  if (argv[i] === '--mount') mounts.push(resolve(argv[++i]));
  else if (argv[i] === '--stats') statsFile = resolve(argv[++i]);
  else if (argv[i] === '--') { i++; break; } else break;
}
const args = argv.slice(i);

// Arguments that name files Yosys reads: mount them too.
for (let k = 0; k < args.length - 1; k++) if (args[k] === '-s' || args[k] === '-c') mounts.push(resolve(args[k + 1]));

const tree = {};
const inputs = new Map(); // absolute path -> content
const put = (abs, content) => {
  const parts = abs.split('/').filter(Boolean);
  let t = tree;
  for (const p of parts.slice(0, -1)) t = t[p] ??= {};
  t[parts.at(-1)] = content;
  inputs.set(abs, content);
};
for (const m of mounts) {
  const st = statSync(m);
  if (st.isDirectory()) {
    for (const f of readdirSync(m)) {
      const p = join(m, f);
      if (statSync(p).isFile()) put(p, readFileSync(p, 'utf8'));
    }
  } else put(m, readFileSync(m, 'utf8'));
}
// Output directories named by -l/-o must exist in the virtual tree.
for (let k = 0; k < args.length - 1; k++) {
  if (args[k] === '-l' || args[k] === '-L' || args[k] === '-o') {
    const parts = resolve(args[k + 1]).split('/').filter(Boolean).slice(0, -1);
    let t = tree;
    for (const p of parts) t = t[p] ??= {};
    args[k + 1] = resolve(args[k + 1]);
  }
}

const writeBack = (t, prefix) => {
  for (const [name, v] of Object.entries(t)) {
    const abs = `${prefix}/${name}`;
    if (typeof v === 'string' || v instanceof Uint8Array) {
      if (inputs.get(abs) === v) continue;
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, v);
    } else writeBack(v, abs);
  }
};

// The runtime's virtual file system grows a file by copying it on every write (quadratic: a
// 50 MB netlist written in small chunks takes hours). Load the bundle with an amortised-growth
// write instead; if this version of the bundle does not have the expected code, use it as is.
const loadYosys = async () => {
  const bundle = fileURLToPath(import.meta.resolve('@yowasp/yosys'));
  const src = readFileSync(bundle, 'utf8');
  const slowWrite = `  write(contents) {
    const newData = new Uint8Array(this.file.data.length + contents.length);
    newData.set(this.file.data);
    newData.subarray(Number(this.offset)).set(contents);
    this.file.data = newData;
    this.offset += BigInt(contents.length);
  }`;
  const fastWrite = `  write(contents) {
    const at = Number(this.offset), end = at + contents.length, cur = this.file.data;
    if (end <= cur.length) cur.set(contents, at);
    else {
      let buf = cur.buffer;
      if (cur.byteOffset !== 0 || buf.byteLength < end) {
        const grown = new Uint8Array(Math.max(end, 2 * cur.length, 65536));
        grown.set(cur);
        buf = grown.buffer;
      }
      const data = new Uint8Array(buf, 0, end);
      data.set(contents, at);
      this.file.data = data;
    }
    this.offset += BigInt(contents.length);
  }`;
  const resources = 'import("./resources-yosys.js")';
  if (!src.includes(slowWrite) || !src.includes(resources)) return import('@yowasp/yosys');
  const patched = src.replace(slowWrite, fastWrite)
    .replace(resources, `import(${JSON.stringify(pathToFileURL(join(dirname(bundle), 'resources-yosys.js')).href)})`);
  return import(`data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`);
};
if (statsFile) {
  process.on('exit', () => writeFileSync(statsFile,
    `${process.resourceUsage().maxRSS} ${((Date.now() - t0) / 1000).toFixed(1)}\n`));
}
const { runYosys } = await loadYosys();
const out = (stream) => (bytes) => { if (bytes) stream.write(bytes); };
let code = 0;
try {
  const files = await runYosys(args, tree, { stdout: out(process.stdout), stderr: out(process.stderr) });
  if (files) writeBack(files, '');
} catch (e) {
  if (e && typeof e.code === 'number' && e.files) {
    writeBack(e.files, '');
    code = e.code || 1;
  } else throw e;
}
process.exitCode = code;
