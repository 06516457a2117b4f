// Request framing (fact sheet §5.0, D3): readable stream = header | flf | vlf (out part), then the
// writable area = result bytes (dst / hash_result) followed by the 1-byte status, which is the
// LAST byte of the writable area.

import { DATA_STATUS_SIZE } from '../constants/crypto.ts';
import { concatBytes, type Segment } from './structs.ts';

/**
 * How to cut the readable stream into descriptors:
 * - 'parts'  (default): header+flf in one buffer, each non-empty vlf field its own (Linux style)
 * - 'single': everything in one descriptor
 * - 'fields': every struct field (and padding gap) its own descriptor, then each vlf field
 * - number[]: explicit cut points (byte offsets into the readable stream)
 */
export type SplitSpec = 'parts' | 'single' | 'fields' | readonly number[];

export function splitReadable(segments: readonly Segment[], split: SplitSpec = 'parts'): Uint8Array[] {
  const stream = concatBytes(segments.map((s) => s.bytes));
  let cuts: number[];
  if (split === 'single') {
    cuts = [];
  } else if (split === 'parts' || split === 'fields') {
    cuts = [];
    let off = 0;
    for (const s of segments) {
      if (split === 'fields') {
        // every segment boundary and every field boundary inside the fixed structs
        cuts.push(off);
        if (s.fixed) for (const c of s.cuts) cuts.push(off + c);
      } else if (!s.fixed) {
        // 'parts': header and flf stay together, each vlf field starts a new descriptor
        cuts.push(off);
      }
      off += s.bytes.length;
    }
  } else {
    cuts = [...split];
  }
  return cutBytes(stream, cuts);
}

/** Cut `bytes` at the given offsets; empty pieces are dropped (a descriptor has len ≥ 1). */
export function cutBytes(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const pts = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...pts, bytes.length]) {
    if (c > prev) out.push(bytes.slice(prev, c));
    prev = c;
  }
  return out;
}

/**
 * Writable lengths: the result areas (zero-length ones dropped) then the status byte (D3), unless
 * the caller gives explicit lengths (then the status is simply the last byte of that area).
 */
export function writableLengths(resultLens: readonly number[], explicit?: readonly number[]): number[] {
  if (explicit) return [...explicit];
  return [...resultLens.filter((n) => n > 0), DATA_STATUS_SIZE];
}

export interface WritableView {
  /** whole writable area, concatenated */
  area: Uint8Array;
  /** all bytes before the status byte */
  body: Uint8Array;
  /** D3: the last byte of the writable area (-1 if the area is empty) */
  status: number;
}

export function parseWritable(written: readonly Uint8Array[]): WritableView {
  const area = concatBytes(written);
  if (area.length === 0) return { area, body: area, status: -1 };
  return { area, body: area.subarray(0, area.length - DATA_STATUS_SIZE), status: area[area.length - DATA_STATUS_SIZE]! };
}
