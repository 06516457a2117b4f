// Output of `vcrypto bench`: the stdout table, the targets section, the JSON report and a
// hand-written SVG chart (bytes/cycle against request size, log2 x axis, one line per algorithm,
// one panel per queue depth).
import type { BenchReport, BenchResult, TargetResult } from './types.ts';

// ------------------------------------------------------------------ numbers

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** 16 → "16", 4096 → "4K", 65536 → "64K" */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes >> 20}M`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes >> 10}K`;
  return String(bytes);
}

function fmtBpc(v: number): string {
  return v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3);
}

function fmtCycles(v: number): string {
  return v >= 1000 ? Math.round(v).toString() : v.toFixed(1);
}

// ------------------------------------------------------------------ text table

export function textTable(header: readonly string[], rows: readonly (readonly string[])[], rightAlign: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (xs: readonly string[]) =>
    xs
      .map((x, i) => (rightAlign.has(i) ? x.padStart(widths[i]!) : x.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One row per configuration. */
export function formatResultsTable(results: readonly BenchResult[]): string {
  const header = ['algorithm', 'service', 'bytes', 'depth', 'queues', 'reqs', 'B/cycle', 'cycles/req', 'latency', 'checked'];
  const rows = results.map((r) => [
    r.scenario === 'parallel-queues' ? `${r.label} [parallel queues]` : r.label,
    r.service,
    String(r.bytes),
    String(r.depth),
    String(r.queues),
    String(r.requests),
    fmtBpc(r.bytesPerCycle),
    fmtCycles(r.cyclesPerRequest),
    r.latencyCycles === null ? '-' : String(r.latencyCycles),
    r.failed > 0 ? `${r.checked} (${r.failed} FAILED)` : `${r.checked} ok`,
  ]);
  return textTable(header, rows, new Set([2, 3, 4, 5, 6, 7, 8]));
}

/** Bytes/cycle by algorithm (rows) and size (columns) for one depth. */
export function formatPivot(results: readonly BenchResult[], depth: number, what: 'bytesPerCycle' | 'latencyCycles'): string {
  const rs = results.filter((r) => r.scenario === 'matrix' && r.depth === depth);
  const sizes = [...new Set(rs.map((r) => r.bytes))].sort((a, b) => a - b);
  const labels = [...new Set(rs.map((r) => r.label))];
  const rows = labels.map((l) => [
    l,
    ...sizes.map((s) => {
      const r = rs.find((x) => x.label === l && x.bytes === s);
      if (!r) return '';
      if (what === 'bytesPerCycle') return fmtBpc(r.bytesPerCycle);
      return r.latencyCycles === null ? '-' : String(r.latencyCycles);
    }),
  ]);
  return textTable(['algorithm', ...sizes.map(sizeLabel)], rows, new Set(sizes.map((_, i) => i + 1)));
}

export function formatTarget(t: TargetResult): string[] {
  const op = t.kind === 'min' ? '>=' : '<=';
  const measured = t.measured === null ? 'not measured' : t.unit === 'B/cycle' ? fmtBpc(t.measured) : fmtCycles(t.measured);
  const verdict = t.met === null ? 'n/a' : t.met ? 'met' : 'missed';
  return [t.name, `${op} ${t.goal} ${t.unit}`, measured, verdict, t.note ?? ''];
}

export function formatTargets(targets: readonly TargetResult[]): string {
  return textTable(['target', 'goal', 'measured', 'verdict', 'note'], targets.map(formatTarget));
}

/** The whole stdout report. */
export function formatReport(r: BenchReport): string {
  const p = r.params;
  const out: string[] = [];
  out.push(
    `vcrypto bench${p.quick ? ' --quick' : ''}: DATA_WIDTH ${p.dataWidth}, ${p.lanes} lane(s)${p.sharedAes ? ' sharing one AES datapath' : ''}, ${p.dataQueues} data queue(s) of ${p.queueSize}, ` +
      `host memory latency ${p.memReadLatency} read / ${p.memWriteLatency} write cycles, session mode, features ${p.negotiatedFeatures}`,
  );
  out.push('');
  out.push(formatResultsTable(r.results));
  for (const d of p.depths) {
    out.push('');
    out.push(`bytes/cycle at depth ${d}:`);
    out.push(formatPivot(r.results, d, 'bytesPerCycle'));
  }
  if (p.depths.includes(1)) {
    out.push('');
    out.push('latency at depth 1 (cycles, notify write → used.idx update):');
    out.push(formatPivot(r.results, 1, 'latencyCycles'));
  }
  out.push('');
  out.push(
    `simulator speed (4 KiB batches): ${Math.round(r.simCyclesPerSecond)} cycles/s while simulating; ` +
      `host wait share ${(r.hostWaitShare * 100).toFixed(1)}% of wall time (wait_ns / (sim_ns + wait_ns))`,
  );
  out.push('');
  out.push('targets (from the issue; reported, not asserted — README "Throughput and latency" explains each miss):');
  out.push(formatTargets(r.targets));
  out.push('');
  out.push(`checked ${r.checked} requests against the reference model: ${r.failed} failed; DMA violations ${r.dmaViolations}; wall time ${r.wallSeconds.toFixed(1)} s`);
  return out.join('\n');
}

// ------------------------------------------------------------------ JSON

/** The JSON report: results with the required keys first, numbers rounded. */
export function toBenchJson(r: BenchReport): unknown {
  return {
    results: r.results.map((x) => ({
      service: x.service,
      algo: x.algo,
      keyBits: x.keyBits,
      bytes: x.bytes,
      depth: x.depth,
      bytesPerCycle: round(x.bytesPerCycle, 5),
      cyclesPerRequest: round(x.cyclesPerRequest, 2),
      latencyCycles: x.latencyCycles,
      op: x.op,
      label: x.label,
      scenario: x.scenario,
      queues: x.queues,
      requests: x.requests,
      batchCycles: x.batchCycles,
      checked: x.checked,
      failed: x.failed,
    })),
    simCyclesPerSecond: Math.round(r.simCyclesPerSecond),
    hostWaitShare: round(r.hostWaitShare, 4),
    simCounters4k: r.simCounters4k,
    targets: r.targets,
    params: r.params,
    checked: r.checked,
    failed: r.failed,
    dmaViolations: r.dmaViolations,
    wallSeconds: round(r.wallSeconds, 1),
  };
}

// ------------------------------------------------------------------ SVG

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Smallest of 1, 2, 2.5, 5, 10 × 10^k that is >= v (v > 0). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= v * (1 - 1e-12)) return m * e;
  return 10 * e;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const DASHES = ['', '6 3', '2 2'];

export interface SvgSeries {
  label: string;
  points: { bytes: number; value: number }[];
}

/** Series per depth: one line per algorithm label (matrix results only). */
export function seriesByDepth(results: readonly BenchResult[]): Map<number, SvgSeries[]> {
  const out = new Map<number, SvgSeries[]>();
  for (const r of results) {
    if (r.scenario !== 'matrix') continue;
    let list = out.get(r.depth);
    if (!list) out.set(r.depth, (list = []));
    let s = list.find((x) => x.label === r.label);
    if (!s) list.push((s = { label: r.label, points: [] }));
    s.points.push({ bytes: r.bytes, value: r.bytesPerCycle });
  }
  for (const list of out.values()) for (const s of list) s.points.sort((a, b) => a.bytes - b.bytes);
  return out;
}

const PANEL = { w: 440, h: 300, left: 64, right: 24, top: 48, bottom: 56 } as const;
const LEGEND = { w: 250, row: 17, swatch: 28 } as const;

export function renderSvg(r: BenchReport): string {
  const byDepth = seriesByDepth(r.results);
  const depths = [...byDepth.keys()].sort((a, b) => a - b);
  const labels = [...new Set(r.results.filter((x) => x.scenario === 'matrix').map((x) => x.label))];
  const styleOf = (label: string) => {
    const i = labels.indexOf(label);
    return { color: PALETTE[i % PALETTE.length]!, dash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length]! };
  };
  const allSizes = [...new Set(r.results.filter((x) => x.scenario === 'matrix').map((x) => x.bytes))].sort((a, b) => a - b);
  const xMin = Math.log2(allSizes[0] ?? 16);
  const xMax = Math.max(xMin + 1, Math.log2(allSizes[allSizes.length - 1] ?? 65536));
  const panelW = PANEL.left + PANEL.w + PANEL.right;
  const width = Math.max(1, depths.length) * panelW + LEGEND.w;
  const height = Math.max(PANEL.top + PANEL.h + PANEL.bottom + 30, PANEL.top + 30 + labels.length * LEGEND.row + 20);
  // one y scale for every panel, so the depths compare at a glance
  const yMax = niceCeil(Math.max(0, ...[...byDepth.values()].flat().flatMap((s) => s.points.map((q) => q.value))));
  const p = r.params;
  const e: string[] = [];
  e.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  e.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  e.push(
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(
      `vcrypto bench: bytes/cycle vs request size (DATA_WIDTH ${p.dataWidth}, memory latency ${p.memReadLatency}/${p.memWriteLatency} cycles)`,
    )}</text>`,
  );
  depths.forEach((depth, k) => {
    const series = byDepth.get(depth)!;
    const ox = k * panelW + PANEL.left;
    const oy = PANEL.top;
    const X = (bytes: number) => ox + ((Math.log2(bytes) - xMin) / (xMax - xMin)) * PANEL.w;
    const Y = (v: number) => oy + PANEL.h - (v / yMax) * PANEL.h;
    e.push(`<g class="panel" data-depth="${depth}">`);
    e.push(`<text x="${ox + PANEL.w / 2}" y="${oy - 10}" text-anchor="middle" font-size="12" font-weight="bold">queue depth ${depth}</text>`);
    // grid and y ticks
    const steps = 5;
    for (let i = 0; i <= steps; i++) {
      const v = (yMax * i) / steps;
      const y = Y(v);
      e.push(`<line x1="${ox}" y1="${y.toFixed(1)}" x2="${ox + PANEL.w}" y2="${y.toFixed(1)}" stroke="#e0e0e0"/>`);
      e.push(`<text x="${ox - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${escapeXml(String(round(v, 4)))}</text>`);
    }
    // x ticks: every measured size
    for (const s of allSizes) {
      const x = X(s);
      e.push(`<line x1="${x.toFixed(1)}" y1="${oy + PANEL.h}" x2="${x.toFixed(1)}" y2="${oy + PANEL.h + 5}" stroke="black"/>`);
      e.push(`<text x="${x.toFixed(1)}" y="${oy + PANEL.h + 18}" text-anchor="middle">${sizeLabel(s)}</text>`);
    }
    // axes
    e.push(`<line x1="${ox}" y1="${oy}" x2="${ox}" y2="${oy + PANEL.h}" stroke="black"/>`);
    e.push(`<line x1="${ox}" y1="${oy + PANEL.h}" x2="${ox + PANEL.w}" y2="${oy + PANEL.h}" stroke="black"/>`);
    e.push(`<text x="${ox + PANEL.w / 2}" y="${oy + PANEL.h + 38}" text-anchor="middle">request size (bytes, log2 scale)</text>`);
    e.push(`<text x="${ox - 48}" y="${oy + PANEL.h / 2}" text-anchor="middle" transform="rotate(-90 ${ox - 48} ${oy + PANEL.h / 2})">bytes / cycle</text>`);
    for (const s of series) {
      const st = styleOf(s.label);
      const pts = s.points.map((q) => `${X(q.bytes).toFixed(1)},${Y(q.value).toFixed(1)}`).join(' ');
      e.push(
        `<polyline class="series" data-label="${escapeXml(s.label)}" fill="none" stroke="${st.color}" stroke-width="1.6"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''} points="${pts}"/>`,
      );
      for (const q of s.points) e.push(`<circle cx="${X(q.bytes).toFixed(1)}" cy="${Y(q.value).toFixed(1)}" r="2.2" fill="${st.color}"/>`);
    }
    e.push('</g>');
  });
  // legend
  const lx = depths.length * panelW + 10;
  e.push(`<g class="legend">`);
  e.push(`<text x="${lx}" y="${PANEL.top - 10}" font-size="12" font-weight="bold">algorithm</text>`);
  labels.forEach((label, i) => {
    const st = styleOf(label);
    const y = PANEL.top + 6 + i * LEGEND.row;
    e.push(`<line x1="${lx}" y1="${y}" x2="${lx + LEGEND.swatch}" y2="${y}" stroke="${st.color}" stroke-width="2.4"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`);
    e.push(`<text x="${lx + LEGEND.swatch + 6}" y="${y + 4}">${escapeXml(label)}</text>`);
  });
  e.push('</g>');
  e.push('</svg>');
  return e.join('\n') + '\n';
}
