// The precomputed HMAC states a MAC / chaining (hash_mode AUTH) session keeps in the session
// store (rtl/sess/vcrypto_sess_store.sv, words 16..23 of the slot), as the sessprobe probe shows
// them. Computed here with @noble/hashes only, never from the design:
//   K0 = key, or H(key) when the key is longer than the block (RFC 2104, D15), zero-padded to B;
//   inner state = the chaining value after compressing the single block K0 ^ ipad (0x36…),
//   outer state = the chaining value after compressing K0 ^ opad (0x5c…).
// Device form (vcrypto_sha_core state_o): eight 64-bit lanes, lane i = state word i (32-bit words
// zero-extended; SHA-1 has five words, lanes 5..7 zero), each lane little-endian in the 128-bit
// RAM words, so a state is 64 bytes: inner at slot bytes 256..319, outer at 320..383.
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import * as C from '../../src/constants/crypto.ts';

/** Slot byte offsets of the two states in the sessprobe key dump. */
export const INNER_STATE_OFF = 256;
export const OUTER_STATE_OFF = 320;
/** Bytes per slot in the probe (32 words of 128 bits). */
export const SLOT_BYTES = 512;

/** What is used of a noble hash: one-shot digest and an incremental instance. */
interface Hasher {
  (msg: Uint8Array): Uint8Array;
  create(): { update(b: Uint8Array): unknown; destroy(): void };
}
const HASHER: Readonly<Record<number, Hasher>> = {
  [C.HASH_ALGO.SHA1]: sha1,
  [C.HASH_ALGO.SHA_224]: sha224,
  [C.HASH_ALGO.SHA_256]: sha256,
  [C.HASH_ALGO.SHA_384]: sha384,
  [C.HASH_ALGO.SHA_512]: sha512,
};

/** The chaining value after one block, in the device's 64-byte lane form. */
function stateAfterBlock(hashAlgo: number, block: Uint8Array): Uint8Array {
  const h = HASHER[hashAlgo]!.create();
  h.update(block); // exactly one block: compressed at once
  // noble's internal state words (SHA-1: A..E; SHA-256/224: A..H; SHA-512/384: Ah, Al, …, Hh, Hl)
  const words = (h as unknown as { get(): number[] }).get();
  h.destroy();
  const out = new Uint8Array(64);
  const dv = new DataView(out.buffer);
  const is64 = SHA_INFO_OF(hashAlgo).blockLen === 128;
  for (let i = 0; i < 8; i++) {
    if (is64) {
      dv.setUint32(8 * i, words[2 * i + 1]! >>> 0, true); // low half
      dv.setUint32(8 * i + 4, words[2 * i]! >>> 0, true); // high half
    } else if (i < words.length) {
      dv.setUint32(8 * i, words[i]! >>> 0, true);
    }
  }
  return out;
}

function SHA_INFO_OF(hashAlgo: number): { readonly digestLen: number; readonly blockLen: number } {
  return C.SHA_INFO[hashAlgo]!;
}

/** Inner and outer states (64 bytes each, device form) of an HMAC key, for a MAC_ALGO value. */
export function hmacStates(macAlgo: number, key: Uint8Array): { inner: Uint8Array; outer: Uint8Array } {
  const hashAlgo = C.HMAC_HASH[macAlgo]!;
  const B = SHA_INFO_OF(hashAlgo).blockLen;
  const k0 = new Uint8Array(B);
  k0.set(key.length > B ? HASHER[hashAlgo]!(key) : key);
  const ipad = k0.map((b) => b ^ 0x36);
  const opad = k0.map((b) => b ^ 0x5c);
  return { inner: stateAfterBlock(hashAlgo, ipad), outer: stateAfterBlock(hashAlgo, opad) };
}
