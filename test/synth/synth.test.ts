// Synthesis flow test (sim/synth/): runs the same script as `make synth` on one small block
// (rtl/dma: vcrypto_dma with its read/write engines and arbiters, split into out-of-context
// partitions like the device; ~30 s of CPU time with the default @yowasp/yosys; set YOSYS=yosys
// to test a native Yosys instead) and checks its summary JSON; checks on a tiny design built for
// it that a path crossing partition boundaries is counted whole (and that the one-process run
// of the same design agrees), and that the batched LUT techmap gives the cells of plain
// synth_xilinx; then checks that the gates trip: a latch and a combinational loop
// (tiny designs) must fail the run. The full-device synthesis takes tens of minutes and is
// `make synth`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = resolve(root, 'sim/synth/synth.sh');
const yosys = process.env.YOSYS ?? 'yowasp';

interface SynthJson {
  tool: string;
  target: string;
  top: string;
  luts: number;
  ffs: number;
  brams: number;
  dsps: number;
  latches: number;
  combLoops: number;
  maxLogicLevels: number;
  maxCellLevels: number;
  cellTypes: Record<string, number>;
  criticalPath: { levels: number; from: string; to: string; cells: string[]; through: string[] } | null;
  modules: Record<string, { instances: number; luts: number; ffs: number; selfLuts: number; selfFfs: number }>;
  hierarchy: { path: string; module: string; luts: number; ffs: number; partition?: string }[];
  partitions: { id: string; module: string; role: string; instances: string[]; luts: number; maxLogicLevels: number }[];
}

let work = '';

function synth(files: string[], top: string, name: string, split = '', extra: string[] = []) {
  const dir = join(work, name);
  const list = join(work, `${name}.f`);
  writeFileSync(list, files.join('\n') + '\n');
  const r = spawnSync('bash', [script, '-q', '-f', list, '-t', top, '-o', dir, '-j', join(dir, 'synth.json'), '-s', split, ...extra], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, YOSYS: yosys },
  });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, dir };
}

describe('synthesis flow (sim/synth)', () => {
  beforeAll(() => {
    const v = yosys === 'yowasp'
      ? spawnSync(process.execPath, [resolve(root, 'sim/synth/yosys.mjs'), '-V'], { encoding: 'utf8' })
      : spawnSync(yosys.split(' ')[0], [...yosys.split(' ').slice(1), '-V'], { encoding: 'utf8' });
    if (v.status !== 0 || !/^Yosys /.test(v.stdout)) {
      throw new Error(`${yosys} does not run (${v.stderr ?? v.error}): run \`make deps\` / \`make synth-deps\``);
    }
    work = mkdtempSync(join(tmpdir(), 'vcrypto-synth-'));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const dmaFiles = () => ['+incdir+rtl/pkg', 'rtl/pkg/vcrypto_pkg.sv',
    ...readdirSync(resolve(root, 'rtl/dma')).filter((f) => f.endsWith('.sv')).sort().map((f) => `rtl/dma/${f}`)];

  it('synthesizes rtl/dma for UltraScale+ and reports figures', () => {
    const r = synth(dmaFiles(), 'vcrypto_dma', 'dma', 'vcrypto_dma');
    expect(r.status, r.out).toBe(0);
    const j = JSON.parse(readFileSync(join(r.dir, 'synth.json'), 'utf8')) as SynthJson;
    expect(j.tool).toMatch(/^Yosys \d+\.\d+/);
    expect(j.target).toMatch(/xcup/);
    expect(j.top).toBe('vcrypto_dma');
    expect(j.luts).toBeGreaterThan(100);
    expect(j.ffs).toBeGreaterThan(100);
    expect(j.brams).toBeGreaterThanOrEqual(0);
    expect(j.dsps).toBeGreaterThanOrEqual(0);
    expect(j.latches).toBe(0);
    expect(j.combLoops).toBe(0);
    expect(Object.keys(j.cellTypes).some((t) => /^LD/.test(t))).toBe(false);
    // Totals are what the cell census says.
    const sum = (re: RegExp) => Object.entries(j.cellTypes).filter(([t]) => re.test(t)).reduce((s, [, n]) => s + n, 0);
    expect(j.luts).toBe(sum(/^LUT[1-6]$/));
    expect(j.ffs).toBe(sum(/^FD/));
    // Partitions: the glue of vcrypto_dma, its read and write engines (each with its arbiter).
    expect(j.partitions.map((p) => `${p.module}/${p.role}`).sort())
      .toEqual(['vcrypto_dma/glue', 'vcrypto_dma_rd/subtree', 'vcrypto_dma_wr/subtree']);
    expect(j.partitions.reduce((s, p) => s + p.luts * p.instances.length, 0)).toBe(j.luts);
    // Per-module figures: hierarchy kept; the top's instances add up to the total.
    expect(j.modules.vcrypto_dma_rd?.luts).toBeGreaterThan(0);
    expect(j.modules.vcrypto_dma_wr?.ffs).toBeGreaterThan(0);
    const kids = j.hierarchy.filter((h) => !h.path.includes('.'));
    expect(kids.map((h) => h.module).sort()).toEqual(['vcrypto_dma_rd', 'vcrypto_dma_wr']);
    expect(kids.reduce((s, h) => s + h.luts, 0) + j.modules.vcrypto_dma.selfLuts).toBe(j.luts);
    expect(kids.reduce((s, h) => s + h.ffs, 0) + j.modules.vcrypto_dma.selfFfs).toBe(j.ffs);
    // Logic levels: a real path between registers/ports, at least a few LUTs deep.
    expect(j.maxLogicLevels).toBeGreaterThan(1);
    expect(j.maxCellLevels).toBeGreaterThanOrEqual(j.maxLogicLevels);
    expect(j.criticalPath?.levels).toBe(j.maxLogicLevels);
    expect(j.criticalPath?.cells.filter((c) => /^LUT/.test(c)).length).toBe(j.maxLogicLevels);
    // The netlist and log are kept.
    const netlist = readFileSync(join(r.dir, 'netlist.v'), 'utf8');
    expect(netlist).toMatch(/module vcrypto_dma\b/);
    expect(netlist).toMatch(/module \S*vcrypto_dma_rd/);
    expect(netlist).toMatch(/module \S*vcrypto_dma_rr_arb/);
    // The batched LUT techmap (the default) maps to the cells of plain synth_xilinx (-P): the same
    // LUT network from ABC; xilinx_dffopt, which sees the cells in another order, may differ by a
    // few LUTs (identical on rtl/dma today; 8 of 42 526 LUTs on the GCM engine).
    const p = synth(dmaFiles(), 'vcrypto_dma', 'dma-plain', 'vcrypto_dma', ['-P']);
    expect(p.status, p.out).toBe(0);
    const k = JSON.parse(readFileSync(join(p.dir, 'synth.json'), 'utf8')) as SynthJson;
    expect(readFileSync(join(p.dir, 'parts', `${j.partitions[0].id}.ys`), 'utf8')).not.toMatch(/-run :map_luts/);
    expect(readFileSync(join(r.dir, 'parts', `${j.partitions[0].id}.ys`), 'utf8')).toMatch(/-run :map_luts/);
    expect(Object.keys(k.cellTypes).sort()).toEqual(Object.keys(j.cellTypes).sort());
    for (const [t, n] of Object.entries(j.cellTypes)) expect(Math.abs(k.cellTypes[t] - n), t).toBeLessThanOrEqual(Math.ceil(n / 200));
    expect(k.ffs).toBe(j.ffs);
    expect(Math.abs(k.luts - j.luts)).toBeLessThanOrEqual(Math.ceil(j.luts / 200));
    expect(Math.abs(k.maxLogicLevels - j.maxLogicLevels)).toBeLessThanOrEqual(1);
  }, 600_000);

  // A path built to be 5 LUT levels deep across three partitions: register ra -> u_a (a 36-input
  // XOR: 2 LUT6 levels from every input, since one level of LUT6 covers 6 inputs) -> u_m's glue
  // (c ^ d: 1 LUT) -> u_m.u_b (another 36-input XOR: 2 levels) -> register q in the top. No
  // partition alone has more than 2 levels.
  const xorDesign = () => {
    const f = join(work, 'xor.sv');
    writeFileSync(f, [
      'module xstage(input logic [35:0] x, output logic y); assign y = ^x; endmodule',
      'module xmid(input logic c, input logic d, input logic [34:0] r, output logic y);',
      '  xstage u_b(.x({c ^ d, r}), .y(y));',
      'endmodule',
      'module xtop(input logic clk, input logic [35:0] a, input logic [34:0] b, input logic e, output logic q);',
      '  logic [35:0] ra; logic [34:0] rb; logic re, ya, ym;',
      '  always_ff @(posedge clk) begin ra <= a; rb <= b; re <= e; q <= ym; end',
      '  xstage u_a(.x(ra), .y(ya));',
      '  xmid u_m(.c(ya), .d(re), .r(rb), .y(ym));',
      'endmodule',
    ].join('\n'));
    return f;
  };

  it('counts logic levels across partition boundaries', () => {
    const r = synth([xorDesign()], 'xtop', 'xor-split', 'xtop xmid');
    expect(r.status, r.out).toBe(0);
    const j = JSON.parse(readFileSync(join(r.dir, 'synth.json'), 'utf8')) as SynthJson;
    const parts = Object.fromEntries(j.partitions.map((p) => [`${p.module}/${p.role}`, p]));
    expect(Object.keys(parts).sort()).toEqual(['xmid/glue', 'xstage/subtree', 'xtop/glue']);
    // xstage is synthesised once and counted for both instances.
    expect(parts['xstage/subtree'].instances.sort()).toEqual(['u_a', 'u_m.u_b']);
    expect(j.modules.xstage.instances).toBe(2);
    expect(j.luts).toBe(2 * j.modules.xstage.luts + j.modules.xmid.selfLuts + j.modules.xtop.selfLuts);
    expect(j.ffs).toBe(36 + 35 + 1 + 1);
    expect(parts['xstage/subtree'].maxLogicLevels).toBe(2);
    expect(parts['xmid/glue'].maxLogicLevels).toBe(1);
    expect(j.maxLogicLevels).toBe(2 + 1 + 2);
    expect(j.criticalPath?.levels).toBe(5);
    expect(j.criticalPath?.cells.filter((c) => /^LUT/.test(c)).length).toBe(5);
    expect(j.criticalPath?.from).toMatch(/^ra\[\d+\]$/);
    expect(j.criticalPath?.to).toMatch(/^q \(FD/);
    expect(j.criticalPath?.through).toEqual(['u_a', 'u_m', 'u_m.u_b', '(top)']);
    // The same design in one Yosys process (no split): the same figures.
    const w = synth([xorDesign()], 'xtop', 'xor-whole');
    expect(w.status, w.out).toBe(0);
    const k = JSON.parse(readFileSync(join(w.dir, 'synth.json'), 'utf8')) as SynthJson;
    expect(k.partitions.length).toBe(1);
    expect(k.maxLogicLevels).toBe(5);
    expect(k.luts).toBe(j.luts);
    expect(k.ffs).toBe(j.ffs);
  }, 300_000);

  it('fails on an inferred latch', () => {
    const f = join(work, 'latch.sv');
    writeFileSync(f, [
      'module latchy(input logic en, input logic [3:0] d, output logic [3:0] q);',
      '  always_comb if (en) q = d;',
      'endmodule',
    ].join('\n'));
    const r = synth([f], 'latchy', 'latch');
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/latch|\$dlatch/i);
  }, 120_000);

  it('fails on a combinational loop across a module boundary', () => {
    const f = join(work, 'loop.sv');
    writeFileSync(f, [
      'module inv(input logic a, output logic y); assign y = ~a; endmodule',
      'module loopy(input logic clk, input logic x, output logic q);',
      '  logic w;',
      '  inv u_inv(.a(w ^ x), .y(w));',
      '  always_ff @(posedge clk) q <= w;',
      'endmodule',
    ].join('\n'));
    const r = synth([f], 'loopy', 'loop');
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/logic loop|SCC/i);
  }, 120_000);
});
