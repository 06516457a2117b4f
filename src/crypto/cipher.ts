// Data-queue cipher requests (op_type CIPHER) through device.submitRaw (fact sheet §5.4–5.6,
// D1–D3). Readable: header | flf | [stateless: cipher_key] | iv | src. Writable: dst then the
// 1-byte status (the last byte of the writable area).

import { OPCODE, SERVICE, type CipherOpName } from '../constants/crypto.ts';
import type { DeviceLike } from './device.ts';
import { parseWritable, splitReadable, writableLengths, type SplitSpec } from './framing.ts';
import { cipherOpValue } from './session.ts';
import {
  cipherVlf,
  encodeCipherData,
  selectDataLayout,
  type CipherSessPara,
  type DataLayout,
  type RequestMode,
} from './structs.ts';

export interface CipherStatelessParams {
  algo: number;
  key: Uint8Array;
  /** sess_para.op (default: the request's op) */
  op?: CipherOpName | number;
}

export interface CipherRequestParams {
  /** data queue (default 0) */
  queue?: number;
  op: CipherOpName;
  iv: Uint8Array;
  src: Uint8Array;
  /** dst_data_len and the size of the dst writable area (default src.length) */
  dstLen?: number;
  /** session mode */
  sessionId?: bigint;
  /** stateless mode (needs the CIPHER stateless feature, D1) */
  stateless?: CipherStatelessParams;
  // ---- framing
  split?: SplitSpec;
  indirect?: boolean;
  /** the first writable buffer (dst) shares the last readable buffer's (src) memory (DPDK in-place) */
  inPlace?: boolean;
  /** explicit writable lengths (status = last byte of the area, D3) */
  writable?: number[];
  /** override the layout chosen from the negotiated features */
  layout?: DataLayout;
  // ---- field overrides (negative tests); the vlf bytes sent stay iv/src/key as given
  flag?: number;
  opcode?: number;
  headerAlgo?: number;
  ivLen?: number;
  srcDataLen?: number;
  dstDataLen?: number;
  keyLen?: number;
  opType?: number;
  /** D2: sess_para written into a session-mode stateless flf (the device must ignore it) */
  sessParaInSessionMode?: CipherSessPara;
}

export interface CipherResult {
  status: number;
  /** the first dstLen bytes of the writable area */
  dst: Uint8Array;
  usedLen: number;
  written: Uint8Array[];
  /** the whole writable area */
  area: Uint8Array;
  layout: DataLayout;
  mode: RequestMode;
}

export async function cipherRequest(dev: DeviceLike, p: CipherRequestParams): Promise<CipherResult> {
  const layout = p.layout ?? selectDataLayout(dev.negotiatedFeatures, SERVICE.CIPHER);
  const mode: RequestMode = p.stateless ? 'stateless' : 'session';
  if (mode === 'session' && p.sessionId === undefined) throw new Error('cipherRequest: need sessionId or stateless params');
  const dstLen = p.dstLen ?? p.src.length;
  const opcode = p.opcode ?? (p.op === 'encrypt' ? OPCODE.CIPHER_ENCRYPT : OPCODE.CIPHER_DECRYPT);
  // D2: only a stateless request on the stateless layout carries key bytes
  const sendKey = mode === 'stateless' && layout === 'stateless';
  const key = sendKey ? p.stateless!.key : undefined;
  const sessPara: CipherSessPara | undefined = p.stateless
    ? { algo: p.stateless.algo, keyLen: p.keyLen ?? p.stateless.key.length, op: cipherOpValue(p.stateless.op ?? p.op) }
    : p.sessParaInSessionMode;
  const fixed = encodeCipherData(layout, {
    opcode,
    mode,
    sessionId: p.sessionId ?? 0n,
    ivLen: p.ivLen ?? p.iv.length,
    srcDataLen: p.srcDataLen ?? p.src.length,
    dstDataLen: p.dstDataLen ?? dstLen,
    ...(sessPara ? { sessPara } : {}),
    ...(p.flag !== undefined ? { flag: p.flag } : {}),
    ...(p.headerAlgo !== undefined ? { headerAlgo: p.headerAlgo } : {}),
    ...(p.opType !== undefined ? { opType: p.opType } : {}),
  });
  const readable = splitReadable([fixed.header, fixed.flf, ...cipherVlf({ ...(key ? { key } : {}), iv: p.iv, src: p.src })], p.split);
  const wl = writableLengths([dstLen], p.writable);
  const res = await dev.submitRaw(p.queue ?? 0, readable, wl, { indirect: p.indirect ?? false, ...(p.inPlace ? { inPlace: true } : {}) });
  const w = parseWritable(res.written);
  return {
    status: w.status,
    dst: w.body.slice(0, Math.min(dstLen, w.body.length)),
    usedLen: res.usedLen,
    written: res.written,
    area: w.area,
    layout,
    mode,
  };
}
