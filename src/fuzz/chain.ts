// Descriptor-chain specs for the fuzzer and the chain-walk model that predicts what the device
// collects from them (fact sheet §8.8, D3, D18, D20; docs/fuzz.md "Prediction rules").
//
// A ChainSpec names buffers and descriptors with local indices; the driver maps ring-local
// indices to free ring descriptors and places tables and buffers in host memory. Everything
// here is pure (no device), so the mutators and the walk are unit-tested without a simulator.

import { VIRTQ_DESC_F } from '../constants/virtio.ts';

export const F = VIRTQ_DESC_F;

export interface BufSpec {
  /** device-readable bytes (undefined: a writable buffer of `len` bytes) */
  data?: Uint8Array;
  len: number;
  writable: boolean;
}

/** One descriptor: points at a buffer or an indirect table. */
export interface DescSpec {
  buf?: number;
  table?: number;
  /** descriptor len for a table pointer (default 16 × entries) */
  tableLen?: number;
  flags: number;
  /** local index of the next descriptor (same array), or a raw index when `nextRaw` */
  next: number;
  /** write `next` as is (an index the chain does not own, e.g. ≥ queue size) */
  nextRaw?: boolean;
}

export interface ChainSpec {
  bufs: BufSpec[];
  /** ring descriptors; ring[0] is the head */
  ring: DescSpec[];
  /** indirect tables (entries use table-local next indices) */
  tables: DescSpec[][];
}

/** What the device collects when it walks the chain. */
export interface WalkResult {
  /** malformed chain (D18): the device answers ERR in the last collected writable byte */
  error: string | undefined;
  /** readable buffers collected, in order (buffer indices) */
  readable: number[];
  /** writable buffers collected, in order (buffer indices) — the writable area */
  writable: number[];
}

/**
 * Walk `spec` the way docs/design.md (D18) and docs/fuzz.md describe: follow NEXT from the head,
 * one level of indirect. A descriptor contributes its bytes (zero-length ones nothing) before
 * its NEXT is checked. Errors: a descriptor visited twice (loop; also any chain longer than its
 * table), a non-zero readable descriptor after a writable one, an indirect descriptor inside a
 * table (nested), with NEXT, with len 0 or not a multiple of 16, a next index ≥ the table size.
 */
export function walkChain(spec: ChainSpec, queueSize: number): WalkResult {
  const readable: number[] = [];
  const writable: number[] = [];
  let table: DescSpec[] = spec.ring;
  let tsize = queueSize;
  let inTable = false;
  let seen = new Set<number>();
  let idx = 0;
  const fail = (why: string): WalkResult => ({ error: why, readable, writable });
  for (;;) {
    if (seen.has(idx)) return fail('loop (descriptor visited twice)');
    seen.add(idx);
    const d = table[idx];
    if (!d) throw new Error(`chain spec: descriptor ${idx} missing`);
    if (d.flags & F.INDIRECT) {
      if (inTable) return fail('nested indirect table');
      if (d.flags & F.NEXT) return fail('indirect descriptor with NEXT');
      const entries = spec.tables[d.table ?? -1];
      if (!entries) throw new Error('chain spec: indirect descriptor without a table');
      const len = d.tableLen ?? 16 * entries.length;
      if (len === 0 || len % 16 !== 0) return fail(`indirect table length ${len} not a non-zero multiple of 16`);
      table = entries;
      tsize = len / 16;
      inTable = true;
      seen = new Set();
      idx = 0;
      if (tsize > entries.length) throw new Error('chain spec: table length beyond its entries');
      continue;
    }
    const b = spec.bufs[d.buf ?? -1];
    if (!b) throw new Error('chain spec: descriptor without a buffer');
    if (b.len > 0) {
      if (b.writable) writable.push(d.buf!);
      else if (writable.length > 0) return fail('readable descriptor after a writable one');
      else readable.push(d.buf!);
    }
    if (!(d.flags & F.NEXT)) return { error: undefined, readable, writable };
    const next = d.next;
    if (next >= tsize) return fail(`next index ${next} ≥ ${inTable ? 'table' : 'queue'} size ${tsize}`);
    if (d.nextRaw) throw new Error('chain spec: a raw next inside the table is not modelled');
    idx = next;
  }
}

/** Sum of the lengths of the given buffers. */
export function bytesOf(spec: ChainSpec, bufs: readonly number[]): number {
  return bufs.reduce((a, i) => a + spec.bufs[i]!.len, 0);
}

/** The readable stream the walk collects. */
export function readableStream(spec: ChainSpec, bufs: readonly number[]): Uint8Array {
  const parts = bufs.map((i) => spec.bufs[i]!.data ?? new Uint8Array(spec.bufs[i]!.len));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ------------------------------------------------------------------ building well-formed chains

export type Placement = { kind: 'direct' } | { kind: 'indirect' } | { kind: 'prefix'; direct: number };

/** Buffers (readable pieces first, then writable lengths) → a well-formed chain. */
export function buildChain(readable: readonly Uint8Array[], writable: readonly number[], place: Placement = { kind: 'direct' }): ChainSpec {
  const bufs: BufSpec[] = [
    ...readable.map((d) => ({ data: d, len: d.length, writable: false })),
    ...writable.map((n) => ({ len: n, writable: true })),
  ];
  const descs: DescSpec[] = bufs.map((b, i) => ({ buf: i, flags: (b.writable ? F.WRITE : 0) | (i < bufs.length - 1 ? F.NEXT : 0), next: i + 1 }));
  if (descs.length > 0) descs[descs.length - 1]!.next = 0;
  if (place.kind === 'direct') return { bufs, ring: descs, tables: [] };
  const k = place.kind === 'indirect' ? 0 : Math.min(place.direct, descs.length - 1);
  const direct = descs.slice(0, k);
  const rest = descs.slice(k).map((d, i, a) => ({ ...d, next: i < a.length - 1 ? i + 1 : 0 }));
  const ring: DescSpec[] = [...direct.map((d, i) => ({ ...d, flags: d.flags | F.NEXT, next: i + 1 })), { table: 0, flags: F.INDIRECT, next: 0 }];
  return { bufs, ring, tables: [rest] };
}

/** Number of ring descriptors the chain occupies. */
export function ringCount(spec: ChainSpec): number {
  return spec.ring.length;
}
