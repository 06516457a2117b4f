// Data-queue algorithm-chaining requests (CIPHER_ENCRYPT/DECRYPT with op_type
// ALGORITHM_CHAINING) through device.submitRaw (fact sheet §5.4–5.6, D1–D4, D21).
// Readable: header | flf | [stateless: cipher_key | auth_key] | iv | aad | src (D4).
// Writable: dst (dst_data_len) | hash_result (hash_result_len) | status (D3) — hash_result
// sits at area offset dst_data_len.

import { ALG_CHAIN_ORDER, OPCODE, SERVICE, SYM_HASH_MODE, type CipherOpName } from '../constants/crypto.ts';
import type { DeviceLike } from './device.ts';
import { headerOverrides, submitData, type DataRequestOptions, type DataRequestResult } from './hash.ts';
import { cipherOpValue } from './session.ts';
import { chainVlf, encodeChainData, selectDataLayout, type ChainSessPara, type RequestMode } from './structs.ts';

export interface ChainStatelessParams {
  /** ALG_CHAIN_ORDER value (default CIPHER_THEN_HASH) */
  order?: number;
  /** SYM_HASH_MODE value (default AUTH when authKey is given, else PLAIN) */
  hashMode?: number;
  cipherAlgo: number;
  cipherKey: Uint8Array;
  /** cipher direction (default: the request's op) */
  cipherOp?: CipherOpName | number;
  /** HASH_ALGO (PLAIN) or MAC_ALGO (AUTH) value */
  hashAlgo: number;
  authKey?: Uint8Array;
}

export interface ChainRequestParams extends DataRequestOptions {
  op: CipherOpName;
  iv: Uint8Array;
  aad: Uint8Array;
  src: Uint8Array;
  hashResultLen: number;
  /** dst_data_len and the dst area size (default src.length) */
  dstLen?: number;
  /** cipher range (default: all of src) */
  cipherStart?: number;
  lenToCipher?: number;
  /** hash range (default: all of src) */
  hashStart?: number;
  lenToHash?: number;
  sessionId?: bigint;
  /** stateless mode (needs CIPHER_STATELESS_MODE, D1) */
  stateless?: ChainStatelessParams;
  // field overrides (negative tests)
  ivLen?: number;
  srcDataLen?: number;
  dstDataLen?: number;
  hashResultLenField?: number;
  opType?: number;
}

export interface ChainResult extends DataRequestResult {
  /** the first dstLen bytes of the area */
  dst: Uint8Array;
  /** hashResultLen bytes at area offset dstLen */
  hashResult: Uint8Array;
}

export async function chainRequest(dev: DeviceLike, p: ChainRequestParams): Promise<ChainResult> {
  const layout = p.layout ?? selectDataLayout(dev.negotiatedFeatures, SERVICE.CIPHER);
  const mode: RequestMode = p.stateless ? 'stateless' : 'session';
  if (mode === 'session' && p.sessionId === undefined) throw new Error('chainRequest: need sessionId or stateless params');
  const dstLen = p.dstLen ?? p.src.length;
  const s = p.stateless;
  const authKey = s?.authKey ?? new Uint8Array(0);
  const sessPara: ChainSessPara | undefined = s
    ? {
        algChainOrder: s.order ?? ALG_CHAIN_ORDER.CIPHER_THEN_HASH,
        // the stateless flf has aad_len twice (sess_para @4 and @60): both carry the request's aad length
        aadLen: p.aad.length,
        cipherAlgo: s.cipherAlgo,
        cipherKeyLen: s.cipherKey.length,
        cipherOp: cipherOpValue(s.cipherOp ?? p.op),
        hashAlgo: s.hashAlgo,
        authKeyLen: authKey.length,
        hashMode: s.hashMode ?? (s.authKey ? SYM_HASH_MODE.AUTH : SYM_HASH_MODE.PLAIN),
      }
    : undefined;
  const fixed = encodeChainData(layout, {
    opcode: p.opcode ?? (p.op === 'encrypt' ? OPCODE.CIPHER_ENCRYPT : OPCODE.CIPHER_DECRYPT),
    mode,
    sessionId: p.sessionId ?? 0n,
    ivLen: p.ivLen ?? p.iv.length,
    srcDataLen: p.srcDataLen ?? p.src.length,
    dstDataLen: p.dstDataLen ?? dstLen,
    cipherStartSrcOffset: p.cipherStart ?? 0,
    lenToCipher: p.lenToCipher ?? p.src.length,
    hashStartSrcOffset: p.hashStart ?? 0,
    lenToHash: p.lenToHash ?? p.src.length,
    aadLen: p.aad.length,
    hashResultLen: p.hashResultLenField ?? p.hashResultLen,
    ...(sessPara ? { sessPara } : {}),
    ...(p.opType !== undefined ? { opType: p.opType } : {}),
    ...headerOverrides(p),
  });
  const sendKeys = mode === 'stateless' && layout === 'stateless'; // D2
  const vlf = chainVlf({
    ...(sendKeys ? { cipherKey: s!.cipherKey, authKey } : {}),
    iv: p.iv,
    aad: p.aad,
    src: p.src,
  });
  const r = await submitData(dev, fixed, vlf, [dstLen, p.hashResultLen], p, layout, mode);
  return {
    ...r,
    dst: r.body.slice(0, Math.min(dstLen, r.body.length)),
    hashResult: r.body.slice(Math.min(dstLen, r.body.length), Math.min(dstLen + p.hashResultLen, r.body.length)),
  };
}
