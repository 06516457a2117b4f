// Reference model for HASH and MAC data requests (design.md "Request semantics": HASH / MAC rows,
// D13, D14, D15, D19).

import {
  AES_KEY_SIZES,
  CMAC_TAG_LEN,
  DATA_STATUS_SIZE,
  DEVICE_LIMITS,
  DEVICE_SUPPORTED,
  HMAC_HASH,
  MAC_ALGO,
  SHA_INFO,
  STATUS,
} from '../constants/crypto.ts';
import { macDigest, shaDigest } from './primitives.ts';
import { failed, truncate, type Expected } from './result.ts';

/** Digest size of a HASH_ALGO value (undefined: not a SHA the model knows). */
export function hashDigestLen(algo: number): number | undefined {
  return SHA_INFO[algo]?.digestLen;
}

/** Tag / digest size of a MAC_ALGO value (HMAC-SHA*: the digest; CMAC-AES: 16). */
export function macDigestLen(algo: number): number | undefined {
  if (algo === MAC_ALGO.CMAC_AES) return CMAC_TAG_LEN;
  const h = HMAC_HASH[algo];
  return h === undefined ? undefined : hashDigestLen(h);
}

/** D13/D14: hash_result_len must be 1..digest size; returns the rule broken, or undefined. */
export function resultLenProblem(hashResultLen: number, digestLen: number): string | undefined {
  if (hashResultLen === 0) return 'D13/D14 hash_result_len 0';
  if (hashResultLen > digestLen) return 'D13 hash_result_len larger than the digest';
  return undefined;
}

/** D15: HMAC key 0..max_auth_key_len, CMAC key 16/24/32; returns the rule broken, or undefined. */
export function macKeyProblem(algo: number, keyLen: number): string | undefined {
  if (algo === MAC_ALGO.CMAC_AES) return AES_KEY_SIZES.includes(keyLen) ? undefined : 'D15 CMAC key not 16/24/32';
  return keyLen <= DEVICE_LIMITS.MAX_AUTH_KEY_LEN ? undefined : 'D15 HMAC key longer than max_auth_key_len';
}

export interface ExpectHashParams {
  algo: number;
  src: Uint8Array;
  /** hash_result_len (session mode: the session's value) */
  hashResultLen: number;
  /** total writable bytes incl. the status (default hashResultLen + 1) */
  areaLen?: number;
  /** hash algorithms the device supports (default: design table) */
  supported?: ReadonlySet<number>;
}

/** HASH data request (session or stateless; a session's checks already passed at create give the same answer). */
export function expectHash(p: ExpectHashParams): Expected {
  const supported = p.supported ?? DEVICE_SUPPORTED.hash;
  const digestLen = hashDigestLen(p.algo);
  // D19: unknown / unsupported algorithm → NOTSUPP
  if (digestLen === undefined || !supported.has(p.algo)) return failed(STATUS.NOTSUPP, 'D19 unsupported hash algorithm');
  // design table HASH: hash_result_len 1..digest size, else ERR (D13/D14)
  const rl = resultLenProblem(p.hashResultLen, digestLen);
  if (rl) return failed(STATUS.ERR, rl);
  // D13: the area must hold hash_result_len bytes + the status
  const areaLen = p.areaLen ?? p.hashResultLen + DATA_STATUS_SIZE;
  if (areaLen < p.hashResultLen + DATA_STATUS_SIZE) return failed(STATUS.ERR, 'D13 writable area too small');
  // D14: leftmost hash_result_len bytes of the digest
  const out = truncate(shaDigest(p.algo, p.src), p.hashResultLen);
  return { status: STATUS.OK, writes: [{ offset: 0, bytes: out }], output: out, rule: 'OK' };
}

export interface ExpectMacParams {
  algo: number;
  key: Uint8Array;
  src: Uint8Array;
  hashResultLen: number;
  areaLen?: number;
  supported?: ReadonlySet<number>;
}

/** MAC data request: HMAC-SHA* (RFC 2104, D15) or CMAC-AES (SP 800-38B). */
export function expectMac(p: ExpectMacParams): Expected {
  const supported = p.supported ?? DEVICE_SUPPORTED.mac;
  const digestLen = macDigestLen(p.algo);
  // D19 (and D16: GMAC is not a MAC algorithm of this device) → NOTSUPP
  if (digestLen === undefined || !supported.has(p.algo)) return failed(STATUS.NOTSUPP, 'D19 unsupported MAC algorithm');
  // D15: key length rules → ERR
  const kp = macKeyProblem(p.algo, p.key.length);
  if (kp) return failed(STATUS.ERR, kp);
  // design table MAC: hash_result_len 1..tag/digest size → else ERR
  const rl = resultLenProblem(p.hashResultLen, digestLen);
  if (rl) return failed(STATUS.ERR, rl);
  // D13
  const areaLen = p.areaLen ?? p.hashResultLen + DATA_STATUS_SIZE;
  if (areaLen < p.hashResultLen + DATA_STATUS_SIZE) return failed(STATUS.ERR, 'D13 writable area too small');
  // D14: leftmost bytes
  const out = truncate(macDigest(p.algo, p.key, p.src), p.hashResultLen);
  return { status: STATUS.OK, writes: [{ offset: 0, bytes: out }], output: out, rule: 'OK' };
}
