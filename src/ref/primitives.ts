// Cryptographic primitives of the reference model, built on @noble/ciphers and @noble/hashes:
// SHA-1/2 (FIPS 180-4), HMAC (RFC 2104), CMAC-AES (SP 800-38B), GCM (SP 800-38D), CCM
// (SP 800-38C / RFC 3610) and XTS-AES (IEEE 1619). CCM and XTS are written here on noble's raw
// AES block (`unsafe`), so the model does not share code with node:crypto, which the tests use
// as the independent cross-check. The one exception: GCM with an IV shorter than 8 bytes, which
// noble's gcm refuses, is computed with node:crypto (D8 allows any iv_len ≥ 1).

import { createCipheriv } from 'node:crypto';
import { cmac, gcm, unsafe } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import {
  AES_BLOCK_SIZE,
  BITS_PER_BYTE,
  CCM,
  GCM,
  HASH_ALGO,
  HMAC_HASH,
  MAC_ALGO,
  XTS,
} from '../constants/crypto.ts';

type CHashLike = typeof sha256;

const SHA: Readonly<Record<number, CHashLike>> = {
  [HASH_ALGO.SHA1]: sha1 as unknown as CHashLike,
  [HASH_ALGO.SHA_224]: sha224 as unknown as CHashLike,
  [HASH_ALGO.SHA_256]: sha256,
  [HASH_ALGO.SHA_384]: sha384 as unknown as CHashLike,
  [HASH_ALGO.SHA_512]: sha512 as unknown as CHashLike,
};

/** SHA digest of `msg` (HASH_ALGO value). */
export function shaDigest(algo: number, msg: Uint8Array): Uint8Array {
  const h = SHA[algo];
  if (!h) throw new RangeError(`no SHA for hash algo ${algo}`);
  return Uint8Array.from(h(msg));
}

/** HMAC (RFC 2104; keys longer than the block are hashed first, D15) for a MAC_ALGO HMAC value. */
export function hmacDigest(macAlgo: number, key: Uint8Array, msg: Uint8Array): Uint8Array {
  const ha = HMAC_HASH[macAlgo];
  const h = ha === undefined ? undefined : SHA[ha];
  if (!h) throw new RangeError(`no HMAC for mac algo ${macAlgo}`);
  return Uint8Array.from(hmac(h, key, msg));
}

/** AES-CMAC (SP 800-38B / RFC 4493), 16-byte tag. */
export function cmacAes(key: Uint8Array, msg: Uint8Array): Uint8Array {
  return Uint8Array.from(cmac(msg, key));
}

/** Full MAC (untruncated) of a MAC_ALGO value. */
export function macDigest(macAlgo: number, key: Uint8Array, msg: Uint8Array): Uint8Array {
  if (macAlgo === MAC_ALGO.CMAC_AES) return cmacAes(key, msg);
  return hmacDigest(macAlgo, key, msg);
}

// ------------------------------------------------------------------ raw AES block

/** One AES key schedule with single-block encrypt / decrypt (noble `unsafe`). */
export class AesBlock {
  private readonly enc: Uint32Array;
  private dec: Uint32Array | undefined;
  constructor(private readonly key: Uint8Array) {
    this.enc = unsafe.expandKeyLE(key);
  }
  encrypt(block: Uint8Array): Uint8Array {
    const b = Uint8Array.from(block); // fresh, 4-byte aligned copy
    unsafe.encryptBlock(this.enc, b);
    return b;
  }
  decrypt(block: Uint8Array): Uint8Array {
    this.dec ??= unsafe.expandKeyDecLE(this.key);
    const b = Uint8Array.from(block);
    unsafe.decryptBlock(this.dec, b);
    return b;
  }
}

function xorInto(dst: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array {
  for (let i = 0; i < dst.length; i++) dst[i] = a[i]! ^ b[i]!;
  return dst;
}

// ------------------------------------------------------------------ XTS-AES (IEEE 1619, D11)

/** Multiply the tweak by α in GF(2^128), little-endian byte order (IEEE 1619 §5.2). */
function xtsDouble(t: Uint8Array): void {
  let carry = 0;
  for (let i = 0; i < AES_BLOCK_SIZE; i++) {
    const next = (t[i]! & XTS.BYTE_MSB) !== 0 ? 1 : 0;
    t[i] = ((t[i]! << 1) | carry) & XTS.BYTE_MASK;
    carry = next;
  }
  if (carry) t[0]! ^= XTS.GF_FEEDBACK;
}

/**
 * XTS-AES of one data unit. key = key1 ‖ key2 (D11), tweak = the 16-byte iv, data ≥ 16 bytes;
 * a partial last block uses ciphertext stealing (IEEE 1619 §5.3.2 / §5.4.2).
 */
export function xtsAes(encrypt: boolean, key: Uint8Array, tweak: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < XTS.MIN_LEN) throw new RangeError('XTS: data unit shorter than one block');
  const half = key.length / 2;
  const k1 = new AesBlock(key.subarray(0, half));
  const k2 = new AesBlock(key.subarray(half));
  const out = new Uint8Array(data.length);
  const full = Math.floor(data.length / AES_BLOCK_SIZE);
  const partial = data.length % AES_BLOCK_SIZE;
  const t = k2.encrypt(tweak);
  const blk = new Uint8Array(AES_BLOCK_SIZE);
  const one = (tw: Uint8Array, inp: Uint8Array): Uint8Array => {
    xorInto(blk, inp, tw);
    const r = encrypt ? k1.encrypt(blk) : k1.decrypt(blk);
    return xorInto(r, r, tw);
  };
  // blocks processed in the plain way: all of them, or all but the last full one when stealing
  const plain = partial === 0 ? full : full - 1;
  for (let j = 0; j < plain; j++) {
    const o = j * AES_BLOCK_SIZE;
    out.set(one(t, data.subarray(o, o + AES_BLOCK_SIZE)), o);
    xtsDouble(t);
  }
  if (partial === 0) return out;
  const o = plain * AES_BLOCK_SIZE;
  const lastFull = data.subarray(o, o + AES_BLOCK_SIZE);
  const tail = data.subarray(o + AES_BLOCK_SIZE);
  const tM1 = Uint8Array.from(t); // tweak of block m−1
  const tM = Uint8Array.from(t);
  xtsDouble(tM); // tweak of block m
  // encrypt: CC = E(P_{m−1}, T_{m−1}); decrypt uses T_m first (the blocks were swapped)
  const cc = one(encrypt ? tM1 : tM, lastFull);
  const pp = new Uint8Array(AES_BLOCK_SIZE);
  pp.set(tail);
  pp.set(cc.subarray(partial), partial);
  out.set(cc.subarray(0, partial), o + AES_BLOCK_SIZE);
  out.set(one(encrypt ? tM : tM1, pp), o);
  return out;
}

// ------------------------------------------------------------------ CCM (SP 800-38C / RFC 3610, D9)

/** Largest payload a CCM nonce of `nonceLen` bytes allows: 2^(8q) − 1, q = 15 − n. */
export function ccmMaxPayload(nonceLen: number): number {
  const q = CCM.LEN_FIELD_TOTAL - nonceLen;
  return 2 ** (q * BITS_PER_BYTE) - 1;
}

function beBytes(v: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = v;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = x % 2 ** BITS_PER_BYTE;
    x = Math.floor(x / 2 ** BITS_PER_BYTE);
  }
  return out;
}

function ccmAadHeader(a: number): Uint8Array {
  if (a === 0) return new Uint8Array(0);
  if (a < CCM.AAD_SHORT_LIMIT) return beBytes(a, CCM.AAD_SHORT_LEN_BYTES);
  return Uint8Array.from([...CCM.AAD_MID_PREFIX, ...beBytes(a, CCM.AAD_MID_LEN_BYTES)]);
}

function padBlocks(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(Math.ceil(n / AES_BLOCK_SIZE) * AES_BLOCK_SIZE);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function ccmCore(aes: AesBlock, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array, tagLen: number) {
  const q = CCM.LEN_FIELD_TOTAL - nonce.length;
  const b0 = new Uint8Array(AES_BLOCK_SIZE);
  b0[0] = (aad.length > 0 ? CCM.FLAG_ADATA : 0) | (((tagLen - CCM.TAG_LEN_STEP) / CCM.TAG_LEN_STEP) << CCM.FLAG_M_SHIFT) | (q - 1);
  b0.set(nonce, CCM.FLAGS_LEN);
  b0.set(beBytes(pt.length, q), CCM.FLAGS_LEN + nonce.length);
  // CBC-MAC over B0 ‖ [aad header ‖ aad padded] ‖ [payload padded]
  let x = aes.encrypt(b0);
  const macIn = [aad.length > 0 ? padBlocks([ccmAadHeader(aad.length), aad]) : new Uint8Array(0), padBlocks([pt])];
  for (const m of macIn)
    for (let o = 0; o < m.length; o += AES_BLOCK_SIZE) x = aes.encrypt(xorInto(x, x, m.subarray(o, o + AES_BLOCK_SIZE)));
  // counter blocks A_i = flags(q−1) ‖ N ‖ [i]_q
  const ctrBlock = (i: number) => {
    const a = new Uint8Array(AES_BLOCK_SIZE);
    a[0] = q - 1;
    a.set(nonce, CCM.FLAGS_LEN);
    a.set(beBytes(i, q), CCM.FLAGS_LEN + nonce.length);
    return aes.encrypt(a);
  };
  const s0 = ctrBlock(0);
  const tag = xorInto(new Uint8Array(tagLen), x.subarray(0, tagLen), s0.subarray(0, tagLen));
  return { tag, ctrBlock };
}

function ccmCtr(ctrBlock: (i: number) => Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let o = 0, i = 1; o < data.length; o += AES_BLOCK_SIZE, i++) {
    const s = ctrBlock(i);
    const n = Math.min(AES_BLOCK_SIZE, data.length - o);
    for (let k = 0; k < n; k++) out[o + k] = data[o + k]! ^ s[k]!;
  }
  return out;
}

/** CCM encrypt → ciphertext ‖ tag (tagLen bytes). */
export function ccmEncrypt(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array, tagLen: number): Uint8Array {
  const aes = new AesBlock(key);
  const { tag, ctrBlock } = ccmCore(aes, nonce, aad, pt, tagLen);
  const out = new Uint8Array(pt.length + tagLen);
  out.set(ccmCtr(ctrBlock, pt));
  out.set(tag, pt.length);
  return out;
}

/** CCM decrypt of ciphertext ‖ tag → {plaintext, ok}. */
export function ccmDecrypt(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ctTag: Uint8Array, tagLen: number) {
  const aes = new AesBlock(key);
  const ct = ctTag.subarray(0, ctTag.length - tagLen);
  const got = ctTag.subarray(ctTag.length - tagLen);
  // the keystream does not depend on the payload: decrypt with a throw-away core, then re-MAC
  const q = CCM.LEN_FIELD_TOTAL - nonce.length;
  const ctrBlock = (i: number) => {
    const a = new Uint8Array(AES_BLOCK_SIZE);
    a[0] = q - 1;
    a.set(nonce, CCM.FLAGS_LEN);
    a.set(beBytes(i, q), CCM.FLAGS_LEN + nonce.length);
    return aes.encrypt(a);
  };
  const pt = ccmCtr(ctrBlock, ct);
  const { tag } = ccmCore(aes, nonce, aad, pt, tagLen);
  return { plaintext: pt, ok: equalBytes(tag, got) };
}

// ------------------------------------------------------------------ GCM (SP 800-38D, D8)

function gcmFull(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  if (iv.length >= GCM.NOBLE_MIN_IV_LEN) return Uint8Array.from(gcm(key, iv, aad).encrypt(pt));
  // D8: any iv_len ≥ 1 — noble refuses IVs below 8 bytes, node:crypto (OpenSSL) takes them
  const c = createCipheriv(`aes-${key.length * BITS_PER_BYTE}-gcm` as 'aes-128-gcm', key, iv, { authTagLength: GCM.MAX_TAG_LEN });
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(pt), c.final()]);
  return Uint8Array.from(Buffer.concat([ct, c.getAuthTag()]));
}

/** GCM encrypt → ciphertext ‖ tag (leftmost tagLen bytes). */
export function gcmEncrypt(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array, tagLen: number): Uint8Array {
  return gcmFull(key, iv, aad, pt).slice(0, pt.length + tagLen);
}

/** GCM decrypt of ciphertext ‖ tag → {plaintext, ok}. */
export function gcmDecrypt(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ctTag: Uint8Array, tagLen: number) {
  const n = ctTag.length - tagLen;
  const ct = ctTag.subarray(0, n);
  // GCTR is its own inverse: "encrypting" the ciphertext gives the plaintext (the tag of that
  // pass is meaningless); then the real tag is the one of encrypting the plaintext
  const pt = gcmFull(key, iv, aad, ct).slice(0, n);
  const tag = gcmFull(key, iv, aad, pt).subarray(n, n + tagLen);
  return { plaintext: pt, ok: equalBytes(tag, ctTag.subarray(n)) };
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
