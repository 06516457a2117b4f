// Reference model for algorithm-chaining data requests (op_type ALGORITHM_CHAINING; design.md
// "Request semantics": CHAIN row; D4, D21).

import {
  ALG_CHAIN_ORDER,
  CIPHER_OP,
  DATA_STATUS_SIZE,
  DEVICE_SUPPORTED,
  HMAC_HASH,
  STATUS,
  SYM_HASH_MODE,
} from '../constants/crypto.ts';
import { CIPHER_MODELS, refOpValue, type RefOp } from './cipher.ts';
import { hashDigestLen, macDigestLen, macKeyProblem, resultLenProblem } from './hash.ts';
import { hmacDigest, shaDigest } from './primitives.ts';
import { failed, type Expected } from './result.ts';

/** The session-level part of a chain (what a create fixes, or a stateless sess_para carries). */
export interface ChainSessionModel {
  /** ALG_CHAIN_ORDER value */
  order: number;
  /** SYM_HASH_MODE value */
  hashMode: number;
  cipherAlgo: number;
  cipherOp: RefOp;
  cipherKey: Uint8Array;
  /** HASH_ALGO (hash_mode PLAIN) or MAC_ALGO (AUTH) value */
  hashAlgo: number;
  /** AUTH only (default empty) */
  authKey?: Uint8Array;
  hashResultLen: number;
}

export interface ChainSupport {
  cipher?: ReadonlySet<number>;
  hash?: ReadonlySet<number>;
  mac?: ReadonlySet<number>;
}

/**
 * NOTSUPP-class checks of a chain session (design table CHAIN; D19): cipher algorithm, order,
 * hash_mode (PLAIN needs a HASH algorithm, AUTH an HMAC one; NESTED and CMAC → NOTSUPP), op.
 * Returns the digest length on success.
 */
export function chainNotSupp(s: ChainSessionModel, sup: ChainSupport = {}): { rule: string } | { digestLen: number } {
  const cipherSup = sup.cipher ?? DEVICE_SUPPORTED.cipher;
  // D19: cipher algorithm
  if (!CIPHER_MODELS[s.cipherAlgo] || !cipherSup.has(s.cipherAlgo)) return { rule: 'D19 unsupported cipher algorithm' };
  let digestLen: number | undefined;
  if (s.hashMode === SYM_HASH_MODE.PLAIN) {
    // design table CHAIN: hash_mode PLAIN needs a HASH algorithm
    const hs = sup.hash ?? DEVICE_SUPPORTED.hash;
    digestLen = hs.has(s.hashAlgo) ? hashDigestLen(s.hashAlgo) : undefined;
    if (digestLen === undefined) return { rule: 'D19 PLAIN: unsupported hash algorithm' };
  } else if (s.hashMode === SYM_HASH_MODE.AUTH) {
    // design table CHAIN: AUTH needs an HMAC algorithm (CMAC → NOTSUPP)
    const ms = sup.mac ?? DEVICE_SUPPORTED.mac;
    digestLen = HMAC_HASH[s.hashAlgo] !== undefined && ms.has(s.hashAlgo) ? macDigestLen(s.hashAlgo) : undefined;
    if (digestLen === undefined) return { rule: 'D19 AUTH: not an HMAC algorithm (CMAC/unknown)' };
  } else {
    // design table CHAIN: NESTED (and unknown hash_mode values) → NOTSUPP
    return { rule: 'D19 hash_mode NESTED/unknown' };
  }
  // op/op_type/hash_mode values → NOTSUPP: alg_chain_order and the cipher direction
  if (s.order !== ALG_CHAIN_ORDER.HASH_THEN_CIPHER && s.order !== ALG_CHAIN_ORDER.CIPHER_THEN_HASH)
    return { rule: 'D19 unknown alg_chain_order' };
  const op = refOpValue(s.cipherOp);
  if (op !== CIPHER_OP.ENCRYPT && op !== CIPHER_OP.DECRYPT) return { rule: '§6.6 unsupported cipher op' };
  return { digestLen };
}

/** ERR-class key checks of a chain session: cipher key (incl. D11), auth key (D15), hash_result_len (D13/D14). */
export function chainKeyProblem(s: ChainSessionModel, digestLen: number): string | undefined {
  const model = CIPHER_MODELS[s.cipherAlgo]!;
  if (!model.keySizes.includes(s.cipherKey.length)) return 'bad cipher key length';
  const kc = model.keyCheck?.(s.cipherKey);
  if (kc) return kc;
  if (s.hashMode === SYM_HASH_MODE.AUTH) {
    const kp = macKeyProblem(s.hashAlgo, (s.authKey ?? new Uint8Array(0)).length);
    if (kp) return kp;
  }
  return resultLenProblem(s.hashResultLen, digestLen);
}

export interface ExpectChainParams extends ChainSessionModel {
  iv: Uint8Array;
  aad: Uint8Array;
  src: Uint8Array;
  cipherStart: number;
  lenToCipher: number;
  hashStart: number;
  lenToHash: number;
  /** dst_data_len (default src.length) */
  dstLen?: number;
  /** total writable bytes incl. the status (default dstLen + hashResultLen + 1) */
  areaLen?: number;
  supported?: ChainSupport;
}

/** Chain data request (session or stateless). */
export function expectChain(p: ExpectChainParams): Expected {
  const ns = chainNotSupp(p, p.supported);
  if ('rule' in ns) return failed(STATUS.NOTSUPP, ns.rule);
  const kp = chainKeyProblem(p, ns.digestLen);
  if (kp) return failed(STATUS.ERR, kp);
  const model = CIPHER_MODELS[p.cipherAlgo]!;
  // design table CIPHER: iv_len 16 for CBC/CTR/XTS (ECB: ignored)
  if (model.ivLen !== undefined && p.iv.length !== model.ivLen) return failed(STATUS.ERR, 'bad iv length');
  const n = p.src.length;
  // D21: ranges outside src → ERR
  if (p.cipherStart + p.lenToCipher > n) return failed(STATUS.ERR, 'D21 cipher range outside src');
  if (p.hashStart + p.lenToHash > n) return failed(STATUS.ERR, 'D21 hash range outside src');
  // design table CHAIN: ECB/CBC len_to_cipher multiple of 16 (D12); XTS 0 or ≥ 16 (D11)
  if (p.lenToCipher % model.lengthMultiple !== 0) return failed(STATUS.ERR, 'D12 len_to_cipher not a block multiple');
  if (model.minLength !== undefined && p.lenToCipher > 0 && p.lenToCipher < model.minLength) return failed(STATUS.ERR, 'D11 XTS len_to_cipher < 16');
  const dstLen = p.dstLen ?? n;
  // design table CHAIN: dst_data_len ≥ src_data_len (D13)
  if (dstLen < n) return failed(STATUS.ERR, 'D13 dst_data_len < src_data_len');
  // D13: the area holds dst_data_len bytes, then hash_result, then the status
  const areaLen = p.areaLen ?? dstLen + p.hashResultLen + DATA_STATUS_SIZE;
  if (areaLen < dstLen + p.hashResultLen + DATA_STATUS_SIZE) return failed(STATUS.ERR, 'D13 writable area too small');
  // D21: dst[0, n) = src with the cipher range replaced by its cipher result
  const dst = Uint8Array.from(p.src);
  if (p.lenToCipher > 0) {
    const enc = refOpValue(p.cipherOp) === CIPHER_OP.ENCRYPT;
    const range = p.src.subarray(p.cipherStart, p.cipherStart + p.lenToCipher);
    dst.set(model.run(enc, p.cipherKey, p.iv, range), p.cipherStart);
  }
  // D21: CIPHER_THEN_HASH hashes the result, HASH_THEN_CIPHER the source; input = aad ‖ range
  const hashed = (p.order === ALG_CHAIN_ORDER.CIPHER_THEN_HASH ? dst : p.src).subarray(p.hashStart, p.hashStart + p.lenToHash);
  const msg = new Uint8Array(p.aad.length + hashed.length);
  msg.set(p.aad);
  msg.set(hashed, p.aad.length);
  const digest =
    p.hashMode === SYM_HASH_MODE.PLAIN ? shaDigest(p.hashAlgo, msg) : hmacDigest(p.hashAlgo, p.authKey ?? new Uint8Array(0), msg);
  // D14: leftmost hash_result_len bytes, at area offset dst_data_len
  const hashResult = digest.slice(0, p.hashResultLen);
  return {
    status: STATUS.OK,
    writes: [
      { offset: 0, bytes: dst },
      { offset: dstLen, bytes: hashResult },
    ],
    output: dst,
    hashResult,
    rule: 'OK',
  };
}
