// Data-queue AEAD requests through device.submitRaw (fact sheet §5.4–5.6, D1–D7).
// Readable: header | flf | [stateless: key] | iv | aad | src (D4). Writable: dst (encrypt:
// ciphertext ‖ tag, D5; decrypt: plaintext, D6) then the 1-byte status (D3).

import { OPCODE, SERVICE, type CipherOpName } from '../constants/crypto.ts';
import type { DeviceLike } from './device.ts';
import { headerOverrides, submitData, type DataRequestOptions, type DataRequestResult } from './hash.ts';
import { cipherOpValue } from './session.ts';
import { aeadVlf, encodeAeadData, selectDataLayout, type RequestMode } from './structs.ts';

export interface AeadRequestParams extends DataRequestOptions {
  op: CipherOpName;
  iv: Uint8Array;
  aad: Uint8Array;
  /** encrypt: plaintext; decrypt: ciphertext ‖ tag (D6) */
  src: Uint8Array;
  /** tag_len (session mode: the device uses the session's, D7) */
  tagLen: number;
  /** dst_data_len and the dst area size (default: encrypt src + tag, decrypt src − tag) */
  dstLen?: number;
  sessionId?: bigint;
  /** stateless mode (needs AEAD_STATELESS_MODE, D1) */
  stateless?: { algo: number; key: Uint8Array; op?: CipherOpName | number };
  // field overrides (negative tests)
  ivLen?: number;
  aadLen?: number;
  srcDataLen?: number;
  dstDataLen?: number;
  keyLen?: number;
  tagLenField?: number;
}

export interface AeadResult extends DataRequestResult {
  /** the first dstLen bytes of the writable area */
  dst: Uint8Array;
}

/** Default dst_data_len: exactly the result size (D5/D6). */
export function aeadDstLen(op: CipherOpName, srcLen: number, tagLen: number): number {
  return op === 'encrypt' ? srcLen + tagLen : Math.max(0, srcLen - tagLen);
}

export async function aeadRequest(dev: DeviceLike, p: AeadRequestParams): Promise<AeadResult> {
  const layout = p.layout ?? selectDataLayout(dev.negotiatedFeatures, SERVICE.AEAD);
  const mode: RequestMode = p.stateless ? 'stateless' : 'session';
  if (mode === 'session' && p.sessionId === undefined) throw new Error('aeadRequest: need sessionId or stateless params');
  const dstLen = p.dstLen ?? aeadDstLen(p.op, p.src.length, p.tagLen);
  const sendKey = mode === 'stateless' && layout === 'stateless'; // D2
  const fixed = encodeAeadData(layout, {
    opcode: p.opcode ?? (p.op === 'encrypt' ? OPCODE.AEAD_ENCRYPT : OPCODE.AEAD_DECRYPT),
    mode,
    sessionId: p.sessionId ?? 0n,
    ivLen: p.ivLen ?? p.iv.length,
    aadLen: p.aadLen ?? p.aad.length,
    srcDataLen: p.srcDataLen ?? p.src.length,
    dstDataLen: p.dstDataLen ?? dstLen,
    tagLen: p.tagLenField ?? p.tagLen,
    ...(p.stateless
      ? { sessPara: { algo: p.stateless.algo, keyLen: p.keyLen ?? p.stateless.key.length, op: cipherOpValue(p.stateless.op ?? p.op) } }
      : {}),
    ...headerOverrides(p),
  });
  const vlf = aeadVlf({ ...(sendKey ? { key: p.stateless!.key } : {}), iv: p.iv, aad: p.aad, src: p.src });
  const r = await submitData(dev, fixed, vlf, [dstLen], p, layout, mode);
  return { ...r, dst: r.body.slice(0, Math.min(dstLen, r.body.length)) };
}
