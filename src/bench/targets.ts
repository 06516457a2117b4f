// The performance targets, compared with the measured values. Reported only, never
// asserted: the current datapath (iterative AES, one request at a time) is the baseline.
import type { BenchReport, BenchResult, TargetResult } from './types.ts';

export const TARGETS = {
  /** AES-128 CTR/ECB/XTS/GCM, 4 KiB, depth 32: bytes per cycle */
  AES_STREAM_BPC: 14,
  STREAM_BYTES: 4096,
  STREAM_DEPTH: 32,
  /** AES-CBC encrypt, 8 queues in parallel: aggregate bytes per cycle */
  CBC_PARALLEL_BPC: 8,
  /** 64-byte requests at depth 32: at most this many cycles per completed request */
  SMALL_CYCLES_PER_REQ: 40,
  SMALL_BYTES: 64,
  SMALL_DEPTH: 32,
  /** 64-byte AES-128-CBC at depth 1: notify → used.idx at most this many cycles */
  SMALL_LATENCY: 250,
} as const;

function find(rs: readonly BenchResult[], f: (r: BenchResult) => boolean): BenchResult | undefined {
  return rs.find(f);
}

function target(name: string, kind: 'min' | 'max', goal: number, unit: string, measured: number | null | undefined, note?: string): TargetResult {
  const m = measured ?? null;
  const met = m === null ? null : kind === 'min' ? m >= goal : m <= goal;
  return { name, kind, goal, unit, measured: m, met, ...(note ? { note } : {}) };
}

export function computeTargets(report: Pick<BenchReport, 'results' | 'params'>): TargetResult[] {
  const rs = report.results.filter((r) => r.scenario === 'matrix');
  const out: TargetResult[] = [];
  for (const [algo, name] of [
    ['aes-ctr', 'CTR'],
    ['aes-ecb', 'ECB'],
    ['aes-xts', 'XTS'],
    ['aes-gcm', 'GCM'],
  ] as const) {
    const r = find(rs, (x) => x.algo === algo && x.keyBits === 128 && x.bytes === TARGETS.STREAM_BYTES && x.depth === TARGETS.STREAM_DEPTH);
    out.push(target(`AES-128-${name} 4 KiB depth 32`, 'min', TARGETS.AES_STREAM_BPC, 'B/cycle', r?.bytesPerCycle));
  }
  const pq = report.results.find((r) => r.scenario === 'parallel-queues');
  const p = report.params.parallelQueues;
  out.push(
    target(
      `AES-CBC-enc ${p.requested || 8} queues in parallel (aggregate)`,
      'min',
      TARGETS.CBC_PARALLEL_BPC,
      'B/cycle',
      pq?.bytesPerCycle,
      pq
        ? `AES-128, ${pq.bytes} B, depth ${pq.depth} over ${pq.queues} queue(s)` +
            (pq.queues < p.requested ? `; the build has only ${pq.queues} data queues` : '')
        : undefined,
    ),
  );
  const small = find(rs, (x) => x.algo === 'aes-cbc-enc' && x.keyBits === 128 && x.bytes === TARGETS.SMALL_BYTES && x.depth === TARGETS.SMALL_DEPTH);
  out.push(target('64-byte requests depth 32: cycles per completed request', 'max', TARGETS.SMALL_CYCLES_PER_REQ, 'cycles', small?.cyclesPerRequest, 'measured on AES-128-CBC-enc'));
  const lat = find(rs, (x) => x.algo === 'aes-cbc-enc' && x.keyBits === 128 && x.bytes === TARGETS.SMALL_BYTES && x.depth === 1);
  out.push(target('64-byte AES-128-CBC depth 1: notify → used.idx', 'max', TARGETS.SMALL_LATENCY, 'cycles', lat?.latencyCycles, 'encrypt'));
  return out;
}
