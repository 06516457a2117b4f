// Reference model for cipher data requests (op_type CIPHER). Depends only on the constants and
// @noble/ciphers. Every status branch names the fact-sheet rule (§4.5, §6, D-decisions) it
// implements. Modes are table-driven so XTS etc. can be added as one more entry.

import { cbc, ctr, ecb } from '@noble/ciphers/aes.js';
import {
  AES_BLOCK_SIZE,
  AES_IV_SIZE,
  AES_KEY_SIZES,
  AES_XTS_KEY_SIZES,
  XTS,
  CIPHER_ALGO,
  CIPHER_OP,
  DATA_STATUS_SIZE,
  STATUS,
} from '../constants/crypto.ts';
import { equalBytes, xtsAes } from './primitives.ts';

export type RefOp = 'encrypt' | 'decrypt' | number;

interface CipherModeModel {
  /** valid key sizes in bytes */
  keySizes: readonly number[];
  /** required iv_len, or undefined if the mode takes no IV (the bytes are ignored) */
  ivLen?: number;
  /** src_data_len must be a multiple of this (D12), 1 = any length */
  lengthMultiple: number;
  /** shortest non-empty src_data_len (XTS: one block, D11); 0 stays legal (nothing to do) */
  minLength?: number;
  /** extra key rule beyond the size (XTS: key1 ≠ key2, D11); returns a reason when the key is bad */
  keyCheck?(key: Uint8Array): string | undefined;
  run(encrypt: boolean, key: Uint8Array, iv: Uint8Array, src: Uint8Array): Uint8Array;
}

const NO_PADDING = { disablePadding: true } as const;

/** Cipher algorithms the model implements (ECB/CBC/CTR per SP 800-38A, D10, D12; XTS per D11). */
export const CIPHER_MODELS: Readonly<Record<number, CipherModeModel>> = {
  [CIPHER_ALGO.AES_ECB]: {
    keySizes: AES_KEY_SIZES,
    lengthMultiple: AES_BLOCK_SIZE,
    run: (enc, key, _iv, src) => (enc ? ecb(key, NO_PADDING).encrypt(src) : ecb(key, NO_PADDING).decrypt(src)),
  },
  [CIPHER_ALGO.AES_CBC]: {
    keySizes: AES_KEY_SIZES,
    ivLen: AES_IV_SIZE,
    lengthMultiple: AES_BLOCK_SIZE,
    run: (enc, key, iv, src) => (enc ? cbc(key, iv, NO_PADDING).encrypt(src) : cbc(key, iv, NO_PADDING).decrypt(src)),
  },
  [CIPHER_ALGO.AES_CTR]: {
    keySizes: AES_KEY_SIZES,
    ivLen: AES_IV_SIZE,
    // D10: any length, last block partial; the 16-byte counter block increments big-endian (128 bit)
    lengthMultiple: 1,
    run: (_enc, key, iv, src) => ctr(key, iv).encrypt(src),
  },
  [CIPHER_ALGO.AES_XTS]: {
    // D11: key = key1 ‖ key2 (32 or 64 bytes), iv = the 16-byte tweak, src ≥ 16 with ciphertext
    // stealing (design table: XTS src ≥ 16, 0 → OK)
    keySizes: AES_XTS_KEY_SIZES,
    ivLen: AES_IV_SIZE,
    lengthMultiple: 1,
    minLength: XTS.MIN_LEN,
    keyCheck: (key) => (equalBytes(key.subarray(0, key.length / 2), key.subarray(key.length / 2)) ? 'D11 XTS key1 = key2' : undefined),
    run: (enc, key, iv, src) => xtsAes(enc, key, iv, src),
  },
};

/** Key validity for a cipher algorithm (size, then the algorithm's own rule); undefined = good. */
export function cipherKeyProblem(algo: number, key: Uint8Array): string | undefined {
  const model = CIPHER_MODELS[algo];
  if (!model) return 'D19 unsupported algorithm';
  if (!model.keySizes.includes(key.length)) return '§4.5 bad key length';
  return model.keyCheck?.(key);
}

/** Cipher algorithms the model knows. */
export const REF_CIPHER_ALGOS: ReadonlySet<number> = new Set(Object.keys(CIPHER_MODELS).map(Number));

export function refOpValue(op: RefOp): number {
  if (typeof op === 'number') return op;
  return op === 'encrypt' ? CIPHER_OP.ENCRYPT : CIPHER_OP.DECRYPT;
}

export interface ExpectCipherParams {
  algo: number;
  op: RefOp;
  key: Uint8Array;
  iv: Uint8Array;
  src: Uint8Array;
  /** dst_data_len (default src.length) */
  dstLen?: number;
  /** total device-writable bytes incl. the status byte (default dstLen + 1) */
  writableLen?: number;
  /** algorithms the device supports (default: all the model implements) */
  supported?: ReadonlySet<number>;
}

export interface ExpectedCipher {
  status: number;
  /**
   * Expected dst area (dstLen bytes), assuming the writable buffers start zeroed: the result in
   * [0, src.length) on OK, zeros elsewhere (D12/D13: nothing but the status is written on ERR).
   */
  dst: Uint8Array;
  /** number of dst bytes the device writes (0 unless OK) */
  resultLen: number;
  /** which rule decided the status */
  rule: string;
}

function fail(status: number, dstLen: number, rule: string): ExpectedCipher {
  return { status, dst: new Uint8Array(dstLen), resultLen: 0, rule };
}

/**
 * Expected outcome of a cipher data request (session or stateless: in session mode the key is
 * the session's key, which was validated at create time, so the same checks give the same
 * answer).
 */
export function expectCipher(p: ExpectCipherParams): ExpectedCipher {
  const dstLen = p.dstLen ?? p.src.length;
  const writableLen = p.writableLen ?? dstLen + DATA_STATUS_SIZE;
  const supported = p.supported ?? REF_CIPHER_ALGOS;
  const model = CIPHER_MODELS[p.algo];
  // D19: unknown / unsupported algorithm → NOTSUPP
  if (!model || !supported.has(p.algo)) return fail(STATUS.NOTSUPP, dstLen, 'D19 unsupported algorithm');
  const op = refOpValue(p.op);
  // §6 item 6 (and §4.5 NOTSUPP "unsupported operation"): op not ENCRYPT/DECRYPT → NOTSUPP
  if (op !== CIPHER_OP.ENCRYPT && op !== CIPHER_OP.DECRYPT) return fail(STATUS.NOTSUPP, dstLen, '§6.6 unsupported op');
  // §4.5 ERR "any other failure": key of a size the algorithm does not take → ERR (a stateless
  // request; in session mode such a key already failed at create with ERR, see ref/session.ts)
  if (!model.keySizes.includes(p.key.length)) return fail(STATUS.ERR, dstLen, '§4.5 bad key length');
  // D11: XTS key1 = key2 → ERR
  const kp = model.keyCheck?.(p.key);
  if (kp !== undefined) return fail(STATUS.ERR, dstLen, kp);
  // design table (CIPHER): iv_len 16 for CBC/CTR/XTS, else ERR. ECB takes no IV: whatever
  // iv_len bytes are sent are consumed and ignored.
  if (model.ivLen !== undefined && p.iv.length !== model.ivLen) return fail(STATUS.ERR, dstLen, 'bad iv length');
  // D13: dst_data_len < src_data_len → ERR, nothing but the status written
  if (dstLen < p.src.length) return fail(STATUS.ERR, dstLen, 'D13 dst_data_len < src_data_len');
  // D13: writable area too small for what must be written (src_data_len result bytes + status)
  if (writableLen < p.src.length + DATA_STATUS_SIZE) return fail(STATUS.ERR, dstLen, 'D13 writable area too small');
  // D12: ECB/CBC length must be a multiple of 16, else ERR and dst untouched
  if (p.src.length % model.lengthMultiple !== 0) return fail(STATUS.ERR, dstLen, 'D12 length not a block multiple');
  // D11 / design table: XTS src ≥ 16 (0 → OK below)
  if (model.minLength !== undefined && p.src.length > 0 && p.src.length < model.minLength) return fail(STATUS.ERR, dstLen, 'D11 XTS src shorter than one block');
  // D12: 0 bytes → nothing to do, OK
  if (p.src.length === 0) return { status: STATUS.OK, dst: new Uint8Array(dstLen), resultLen: 0, rule: 'D12 empty' };
  const out = model.run(op === CIPHER_OP.ENCRYPT, p.key, p.iv, p.src);
  const dst = new Uint8Array(dstLen);
  dst.set(out);
  return { status: STATUS.OK, dst, resultLen: out.length, rule: 'OK' };
}
