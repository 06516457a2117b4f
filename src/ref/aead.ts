// Reference model for AEAD data requests (design.md "Request semantics": AEAD row; D4–D9).

import {
  AEAD_ALGO,
  AES_KEY_SIZES,
  CCM,
  CIPHER_OP,
  DATA_STATUS_SIZE,
  DEVICE_SUPPORTED,
  GCM,
  STATUS,
} from '../constants/crypto.ts';
import { refOpValue, type RefOp } from './cipher.ts';
import { ccmDecrypt, ccmEncrypt, ccmMaxPayload, gcmDecrypt, gcmEncrypt } from './primitives.ts';
import { failed, type Expected } from './result.ts';

/** D7: GCM 4, 8, 12..16; CCM 4..16 even. Returns the rule broken, or undefined. */
export function aeadTagLenProblem(algo: number, tagLen: number): string | undefined {
  if (algo === AEAD_ALGO.GCM) return GCM.TAG_LENS.includes(tagLen) ? undefined : 'D7 GCM tag_len not 4, 8, 12..16';
  if (algo === AEAD_ALGO.CCM) {
    const ok = tagLen >= CCM.MIN_TAG_LEN && tagLen <= CCM.MAX_TAG_LEN && tagLen % CCM.TAG_LEN_STEP === 0;
    return ok ? undefined : 'D7 CCM tag_len not 4..16 even';
  }
  return 'D19 unsupported AEAD algorithm';
}

/** D8/D9: GCM iv_len ≥ 1, CCM nonce 7..13. Returns the rule broken, or undefined. */
export function aeadIvLenProblem(algo: number, ivLen: number): string | undefined {
  if (algo === AEAD_ALGO.GCM) return ivLen >= GCM.MIN_IV_LEN ? undefined : 'D8 GCM iv_len 0';
  if (algo === AEAD_ALGO.CCM)
    return ivLen >= CCM.MIN_NONCE_LEN && ivLen <= CCM.MAX_NONCE_LEN ? undefined : 'D9 CCM nonce not 7..13 bytes';
  return 'D19 unsupported AEAD algorithm';
}

export interface ExpectAeadParams {
  algo: number;
  op: RefOp;
  key: Uint8Array;
  iv: Uint8Array;
  aad: Uint8Array;
  /** encrypt: plaintext; decrypt: ciphertext ‖ tag (D6) */
  src: Uint8Array;
  /** session: the session's tag_len; stateless: the flf's (D7) */
  tagLen: number;
  /** dst_data_len (default: exactly what the result needs) */
  dstLen?: number;
  /** total writable bytes incl. the status (default dstLen + 1) */
  areaLen?: number;
  supported?: ReadonlySet<number>;
}

/** AEAD data request. An invalid tag_len here is the stateless rule (ERR); at create it is NOTSUPP (ref/session.ts). */
export function expectAead(p: ExpectAeadParams): Expected {
  const supported = p.supported ?? DEVICE_SUPPORTED.aead;
  // D19: unknown / unsupported algorithm → NOTSUPP
  if ((p.algo !== AEAD_ALGO.GCM && p.algo !== AEAD_ALGO.CCM) || !supported.has(p.algo))
    return failed(STATUS.NOTSUPP, 'D19 unsupported AEAD algorithm');
  const op = refOpValue(p.op);
  // design table AEAD: op ENCRYPT/DECRYPT, else NOTSUPP (§6 item 6)
  if (op !== CIPHER_OP.ENCRYPT && op !== CIPHER_OP.DECRYPT) return failed(STATUS.NOTSUPP, '§6.6 unsupported AEAD op');
  const encrypt = op === CIPHER_OP.ENCRYPT;
  // design table AEAD: key 16/24/32 → else ERR
  if (!AES_KEY_SIZES.includes(p.key.length)) return failed(STATUS.ERR, 'AEAD key not 16/24/32');
  // D7 (stateless request): bad tag_len → ERR
  const tp = aeadTagLenProblem(p.algo, p.tagLen);
  if (tp) return failed(STATUS.ERR, tp);
  // D8 / D9: iv length → ERR
  const ip = aeadIvLenProblem(p.algo, p.iv.length);
  if (ip) return failed(STATUS.ERR, ip);
  // D6: decrypt src_data_len ≥ tag_len
  if (!encrypt && p.src.length < p.tagLen) return failed(STATUS.ERR, 'D6 src_data_len < tag_len');
  const resultLen = encrypt ? p.src.length + p.tagLen : p.src.length - p.tagLen;
  const dstLen = p.dstLen ?? resultLen;
  // D5: encrypt dst_data_len ≥ src_data_len + tag_len; D6: decrypt dst_data_len ≥ src_data_len − tag_len
  if (dstLen < resultLen) return failed(STATUS.ERR, encrypt ? 'D5 dst_data_len < src_data_len + tag_len' : 'D6 dst_data_len < src_data_len − tag_len');
  // D13: area must hold the result and the status
  const areaLen = p.areaLen ?? dstLen + DATA_STATUS_SIZE;
  if (areaLen < resultLen + DATA_STATUS_SIZE) return failed(STATUS.ERR, 'D13 writable area too small');
  // CCM length field (SP 800-38C A.1): payload < 2^(8q) — a length check → ERR (not in the design table)
  const payload = encrypt ? p.src.length : resultLen;
  if (p.algo === AEAD_ALGO.CCM && payload > ccmMaxPayload(p.iv.length)) return failed(STATUS.ERR, 'CCM payload too long for the nonce length');
  if (encrypt) {
    // D5: dst = ciphertext ‖ tag
    const out = p.algo === AEAD_ALGO.GCM ? gcmEncrypt(p.key, p.iv, p.aad, p.src, p.tagLen) : ccmEncrypt(p.key, p.iv, p.aad, p.src, p.tagLen);
    return { status: STATUS.OK, writes: [{ offset: 0, bytes: out }], output: out, rule: 'OK' };
  }
  const r = p.algo === AEAD_ALGO.GCM ? gcmDecrypt(p.key, p.iv, p.aad, p.src, p.tagLen) : ccmDecrypt(p.key, p.iv, p.aad, p.src, p.tagLen);
  if (!r.ok) {
    // D6: BADMSG, and the plaintext bytes already written are overwritten with zeros
    const z = new Uint8Array(resultLen);
    return { status: STATUS.BADMSG, writes: [{ offset: 0, bytes: z }], output: z, rule: 'D6 tag mismatch' };
  }
  return { status: STATUS.OK, writes: [{ offset: 0, bytes: r.plaintext }], output: r.plaintext, rule: 'OK' };
}
