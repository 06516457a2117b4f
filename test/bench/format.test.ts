// Formatting of the bench report: table, pivots, targets, JSON, SVG; argument parsing.
import { describe, expect, it } from 'vitest';
import {
  escapeXml,
  formatPivot,
  formatReport,
  formatResultsTable,
  formatTargets,
  niceCeil,
  renderSvg,
  seriesByDepth,
  sizeLabel,
  toBenchJson,
} from '../../src/bench/format.ts';
import { REQUESTS_RULE, requestsFor } from '../../src/bench/run.ts';
import { TARGETS, computeTargets } from '../../src/bench/targets.ts';
import type { BenchReport, BenchResult } from '../../src/bench/types.ts';
import { parseBenchArgs } from '../../src/cli/bench.ts';

function res(label: string, algo: string, bytes: number, depth: number, batchCycles: number, extra: Partial<BenchResult> = {}): BenchResult {
  const requests = depth === 1 ? 4 : 64;
  return {
    scenario: 'matrix',
    service: 'cipher',
    algo,
    keyBits: 128,
    op: 'encrypt',
    label,
    bytes,
    depth,
    queues: depth === 1 ? 1 : 4,
    requests,
    batchCycles,
    bytesPerCycle: (requests * bytes) / batchCycles,
    cyclesPerRequest: batchCycles / requests,
    latencyCycles: depth === 1 ? Math.round(batchCycles / requests) - 10 : null,
    checked: requests + (depth === 1 ? 1 : 0),
    failed: 0,
    ...extra,
  };
}

function report(results: BenchResult[]): BenchReport {
  const r: BenchReport = {
    results,
    simCyclesPerSecond: 123456.7,
    hostWaitShare: 0.25,
    simCounters4k: { cycles: 100, simNs: 200, waitNs: 300 },
    targets: [],
    params: {
      dataWidth: 128,
      memReadLatency: 32,
      memWriteLatency: 8,
      dataQueues: 4,
      lanes: 1,
      sharedAes: false,
      queueSize: 256,
      negotiatedFeatures: '0x1',
      mode: 'session',
      sizes: [64, 4096],
      depths: [1, 32],
      quick: true,
      queuePolicy: 'x',
      requestsRule: REQUESTS_RULE,
      aeadAadBytes: 0,
      aeadTagBytes: 16,
      gcmIvBytes: 12,
      ccmNonceBytes: 12,
      hmacKeyBytes: 32,
      chain: 'x',
      parallelQueues: { requested: 8, used: 4, depth: 32, bytes: 4096 },
      seed: 'bench',
    },
    checked: results.reduce((s, x) => s + x.checked, 0),
    failed: results.reduce((s, x) => s + x.failed, 0),
    dmaViolations: 0,
    wallSeconds: 3.21,
  };
  r.targets = computeTargets(r);
  return r;
}

const SAMPLE = (): BenchResult[] => [
  res('AES-128-CTR', 'aes-ctr', 64, 1, 2000),
  res('AES-128-CTR', 'aes-ctr', 64, 32, 64 * 30), // 30 cycles/request: meets the 40-cycle target (wrong algo though)
  res('AES-128-CTR', 'aes-ctr', 4096, 1, 4 * 4096),
  res('AES-128-CTR', 'aes-ctr', 4096, 32, (64 * 4096) / 16), // 16 B/cycle: met
  res('AES-128-CBC-enc', 'aes-cbc-enc', 64, 1, 4 * 260), // latency 250: met (<=)
  res('AES-128-CBC-enc', 'aes-cbc-enc', 64, 32, 64 * 41), // 41 cycles/request: missed
  res('AES-128-CBC-enc', 'aes-cbc-enc', 4096, 1, 4 * 5000),
  res('AES-128-CBC-enc', 'aes-cbc-enc', 4096, 32, 64 * 5000),
  res('AES-128-CBC-enc', 'aes-cbc-enc', 4096, 32, (64 * 4096) / 9, { scenario: 'parallel-queues', queues: 4 }),
  res('<SHA&"x">', 'sha256', 64, 32, 1000, { service: 'hash', keyBits: 0, op: 'none' }),
];

describe('numbers and labels', () => {
  it('sizeLabel, niceCeil, escapeXml', () => {
    expect([16, 1024, 4096, 65536, 100].map(sizeLabel)).toEqual(['16', '1K', '4K', '64K', '100']);
    expect(niceCeil(1.079)).toBe(2);
    expect(niceCeil(0.12)).toBeCloseTo(0.2, 12);
    expect(niceCeil(2.2)).toBe(2.5);
    expect(niceCeil(14)).toBe(20);
    expect(niceCeil(5)).toBe(5);
    expect(niceCeil(0)).toBe(1);
    expect(escapeXml('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });

  it('requests per batch', () => {
    expect([16, 1024, 4096, 16384, 65536].map((b) => requestsFor(b, 1))).toEqual([8, 8, 4, 4, 2]);
    expect([64, 4096, 16384, 65536].map((b) => requestsFor(b, 32))).toEqual([64, 64, 32, 32]);
    expect([64, 65536].map((b) => requestsFor(b, 32, true))).toEqual([32, 32]);
    expect(requestsFor(64, 1, true)).toBe(4);
  });
});

describe('targets', () => {
  it('compares each target with the right configuration', () => {
    const t = computeTargets(report(SAMPLE()));
    const by = (s: string) => t.find((x) => x.name.startsWith(s))!;
    expect(t).toHaveLength(7);
    expect(by('AES-128-CTR')).toMatchObject({ measured: 16, met: true, goal: TARGETS.AES_STREAM_BPC, kind: 'min' });
    for (const n of ['AES-128-ECB', 'AES-128-XTS', 'AES-128-GCM']) expect(by(n)).toMatchObject({ measured: null, met: null });
    expect(by('AES-CBC-enc 8 queues')).toMatchObject({ measured: 9, met: true });
    expect(by('AES-CBC-enc 8 queues').note).toMatch(/over 4 queue\(s\); the build has only 4 data queues/);
    expect(by('64-byte requests')).toMatchObject({ measured: 41, met: false, kind: 'max' });
    expect(by('64-byte AES-128-CBC')).toMatchObject({ measured: 250, met: true });
  });

  it('prints met / missed / not measured', () => {
    const text = formatTargets(computeTargets(report(SAMPLE())));
    const line = (s: string) => text.split('\n').find((l) => l.startsWith(s))!;
    expect(line('AES-128-CTR')).toMatch(/>= 14 B\/cycle\s+16\.00\s+met/);
    expect(line('AES-128-ECB')).toMatch(/not measured\s+n\/a/);
    expect(line('64-byte requests')).toMatch(/<= 40 cycles\s+41\.0\s+missed/);
  });
});

describe('text output', () => {
  it('one table row per configuration, aligned, failures flagged', () => {
    const rs = SAMPLE();
    rs[0]!.failed = 2;
    const t = formatResultsTable(rs).split('\n');
    expect(t).toHaveLength(rs.length + 2);
    expect(t[0]).toMatch(/^algorithm\s+service\s+bytes\s+depth\s+queues\s+reqs\s+B\/cycle\s+cycles\/req\s+latency\s+checked$/);
    expect(t[1]).toMatch(/^-+( +-+)+$/);
    expect(t[2]).toMatch(/^AES-128-CTR\s+cipher\s+64\s+1\s+1\s+4\s+0\.128\s+500\.0\s+490\s+5 \(2 FAILED\)$/);
    expect(t[3]).toMatch(/\s-\s+64 ok$/);
    expect(t.find((l) => l.includes('[parallel queues]'))).toBeDefined();
    // right-aligned numbers: every row has the same width up to the last column
    const bpc = t[0]!.indexOf('B/cycle') + 'B/cycle'.length;
    for (const l of t.slice(2)) expect(l[bpc - 1]).toMatch(/\d/);
  });

  it('pivot tables by size', () => {
    const p = formatPivot(SAMPLE(), 32, 'bytesPerCycle').split('\n');
    expect(p[0]).toMatch(/^algorithm\s+64\s+4K$/);
    expect(p.find((l) => l.startsWith('AES-128-CTR'))).toMatch(/2\.133\s+16\.00$/);
    const l = formatPivot(SAMPLE(), 1, 'latencyCycles').split('\n');
    expect(l.find((x) => x.startsWith('AES-128-CBC-enc'))).toMatch(/250\s+4990$/);
  });

  it('the whole report names the parameters, speed, targets and check totals', () => {
    const text = formatReport(report(SAMPLE()));
    expect(text).toContain('host memory latency 32 read / 8 write cycles');
    expect(text).toContain('123457 cycles/s while simulating');
    expect(text).toContain('host wait share 25.0%');
    expect(text).toContain('reported, not asserted');
    expect(text).toMatch(/checked \d+ requests against the reference model: 0 failed; DMA violations 0/);
  });
});

describe('JSON', () => {
  it('results carry the required keys first; top level has speed, wait share, params', () => {
    const j = toBenchJson(report(SAMPLE())) as Record<string, any>;
    expect(Object.keys(j.results[0]).slice(0, 8)).toEqual(['service', 'algo', 'keyBits', 'bytes', 'depth', 'bytesPerCycle', 'cyclesPerRequest', 'latencyCycles']);
    expect(j.results[0]).toMatchObject({ service: 'cipher', algo: 'aes-ctr', keyBits: 128, bytes: 64, depth: 1, bytesPerCycle: 0.128, cyclesPerRequest: 500, latencyCycles: 490 });
    expect(j.results[1].latencyCycles).toBeNull();
    expect(j.simCyclesPerSecond).toBe(123457);
    expect(j.hostWaitShare).toBe(0.25);
    expect(j.params).toMatchObject({ dataWidth: 128, memReadLatency: 32, memWriteLatency: 8, dataQueues: 4 });
    expect(j.targets).toHaveLength(7);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
});

describe('SVG', () => {
  it('one panel per depth, one line per algorithm, axes, labels, legend', () => {
    const r = report(SAMPLE());
    const svg = renderSvg(r);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // balanced groups, no raw special characters from labels
    expect((svg.match(/<g /g) ?? []).length + (svg.match(/<g>/g) ?? []).length).toBe((svg.match(/<\/g>/g) ?? []).length);
    expect(svg).not.toContain('<SHA');
    expect(svg).toContain('&lt;SHA&amp;&quot;x&quot;&gt;');
    expect((svg.match(/class="panel"/g) ?? []).length).toBe(2);
    expect(svg).toContain('queue depth 1');
    expect(svg).toContain('queue depth 32');
    expect(svg).toContain('request size (bytes, log2 scale)');
    expect(svg).toContain('bytes / cycle');
    // depth 1: CTR and CBC; depth 32: CTR, CBC, SHA (the parallel-queues row is not a line)
    expect((svg.match(/<polyline /g) ?? []).length).toBe(5);
    // legend: three algorithms
    const legend = svg.slice(svg.indexOf('class="legend"'));
    expect((legend.match(/<text /g) ?? []).length).toBe(1 + 3);
    // x ticks at the measured sizes
    expect(svg).toMatch(/>64<\/text>/);
    expect(svg).toMatch(/>4K<\/text>/);
  });

  it('x is log2 of the size, y linear from 0, shared by the panels', () => {
    const rs = [res('A', 'aes-ctr', 16, 1, 64), res('A', 'aes-ctr', 256, 1, 64), res('A', 'aes-ctr', 4096, 1, 64)];
    const svg = renderSvg(report(rs));
    const pts = /<polyline [^>]*points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    expect(pts).toHaveLength(3);
    // equal steps in log2(size): 16 → 256 → 4096
    expect(pts[1]![0] - pts[0]![0]).toBeCloseTo(pts[2]![0] - pts[1]![0], 1);
    // values 1, 16, 256 B/cycle: y top at niceCeil(256) = 500
    const s = seriesByDepth(rs).get(1)!;
    expect(s[0]!.points.map((p) => p.value)).toEqual([1, 16, 256]);
    const y0 = pts[0]![1];
    const y2 = pts[2]![1];
    expect(y0).toBeGreaterThan(y2);
  });
});

describe('parseBenchArgs', () => {
  it('flags and values', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false });
    expect(parseBenchArgs(['--quick', '--json', 'a.json', '--svg=b.svg', '--lat', '64,16', '--filter', 'aes', '--seed', '3'])).toEqual({
      quick: true,
      json: 'a.json',
      svg: 'b.svg',
      lat: { rd: 64, wr: 16 },
      filter: 'aes',
      seed: '3',
    });
    expect(() => parseBenchArgs(['--json'])).toThrow(/needs a value/);
    expect(() => parseBenchArgs(['--lat', '1'])).toThrow(/RD,WR/);
    expect(parseBenchArgs(['--lanes', '4'])).toEqual({ quick: false, lanes: 4 });
    expect(() => parseBenchArgs(['--lanes', '0'])).toThrow(/lane count/);
    expect(parseBenchArgs(['--lanes', '8', '--private-aes'])).toEqual({ quick: false, lanes: 8, privateAes: true });
    expect(() => parseBenchArgs(['--private-aes'])).toThrow(/needs --lanes/);
    expect(() => parseBenchArgs(['--bogus'])).toThrow(/unknown option/);
    expect(() => parseBenchArgs(['x'])).toThrow(/unexpected argument/);
  });
});
