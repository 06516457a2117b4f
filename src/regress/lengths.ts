// Edge-biased random lengths and the length buckets of the coverage model.

import { AES_BLOCK_SIZE } from '../constants/crypto.ts';
import type { Rng } from '../crypto/rng.ts';

const KIB = 1024;
/** Largest message the generator makes (64 KiB; max_size is 65 KiB of variable-length data). */
export const MAX_LEN = 64 * KIB;
/** Lengths at or above this are "large" (rare). */
export const LARGE_LEN = 4 * KIB;

/** The edge lengths of the brief: around 0, one block, 64 and 128 bytes. */
export const EDGE_LENGTHS: readonly number[] = [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129];
const MORE_EDGES: readonly number[] = [31, 32, 33, 47, 48, 49, 255, 256, 257, 511, 512, 513];
const LARGE_EDGES: readonly number[] = [4095, 4096, 4097, 8192, 16 * KIB + 1, 32 * KIB, MAX_LEN - AES_BLOCK_SIZE - 1, MAX_LEN - 1, MAX_LEN];

/** Per-mille weights of the length classes. */
export const LENGTH_MIX = {
  edge: 250,
  moreEdge: 70,
  blockPm1: 130,
  small: 330,
  medium: 80,
  /** a uniformly chosen bucket below 4 KiB (evens out the length coverage) */
  bucket: 110,
  large: 30,
} as const;

/**
 * A message length: the edge lengths, block multiples ± 1, uniform small (< 600) and medium
 * (< 4 KiB) lengths, a length from a uniformly chosen small bucket, and now and then a large one
 * (4 KiB .. 64 KiB, edges included).
 */
export function pickLength(rng: Rng, max = MAX_LEN): number {
  let r = rng.int(1000);
  let n: number;
  if ((r -= LENGTH_MIX.edge) < 0) n = rng.pick(EDGE_LENGTHS);
  else if ((r -= LENGTH_MIX.moreEdge) < 0) n = rng.pick(MORE_EDGES);
  else if ((r -= LENGTH_MIX.blockPm1) < 0) n = AES_BLOCK_SIZE * (1 + rng.int(64)) + rng.pick([-1, 0, 1]);
  else if ((r -= LENGTH_MIX.small) < 0) n = rng.int(600);
  else if ((r -= LENGTH_MIX.medium) < 0) n = 600 + rng.int(LARGE_LEN - 600);
  else if ((r -= LENGTH_MIX.bucket) < 0) {
    const b = rng.int(5);
    n = b === 0 ? 0 : b === 1 ? 1 + rng.int(AES_BLOCK_SIZE - 1) : b === 2 ? AES_BLOCK_SIZE : b === 3 ? 17 + rng.int(47) : 64 + rng.int(LARGE_LEN - 64);
  } else n = rng.int(3) === 0 ? rng.pick(LARGE_EDGES) : LARGE_LEN + rng.int(MAX_LEN - LARGE_LEN + 1);
  return Math.min(n, max);
}

/** Coverage buckets of a message length. */
export const LEN_BUCKETS = ['0', '1-15', '16', '17-63', '64-4095', '4096+'] as const;
export type LenBucket = (typeof LEN_BUCKETS)[number];

export function lenBucket(n: number): LenBucket {
  if (n === 0) return '0';
  if (n < AES_BLOCK_SIZE) return '1-15';
  if (n === AES_BLOCK_SIZE) return '16';
  if (n < 64) return '17-63';
  if (n < LARGE_LEN) return '64-4095';
  return '4096+';
}

/** Request depth buckets (requests on one queue in one batch). */
export const DEPTH_BUCKETS = ['1', '2-4', '5-16', '17+'] as const;
export type DepthBucket = (typeof DEPTH_BUCKETS)[number];

export function depthBucket(n: number): DepthBucket {
  if (n <= 1) return '1';
  if (n <= 4) return '2-4';
  if (n <= 16) return '5-16';
  return '17+';
}
