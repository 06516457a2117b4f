// Data-queue HASH and MAC requests through device.submitRaw (fact sheet §5.4–5.6, D1–D3).
// Readable: header | flf | [MAC stateless: auth_key] | src. Writable: hash_result then the
// 1-byte status (the last byte of the writable area).

import { OPCODE, SERVICE } from '../constants/crypto.ts';
import type { DeviceLike } from './device.ts';
import { parseWritable, splitReadable, writableLengths, type SplitSpec } from './framing.ts';
import {
  encodeHashData,
  encodeMacData,
  hashVlf,
  macVlf,
  selectDataLayout,
  type DataFixed,
  type DataLayout,
  type RequestMode,
  type Segment,
} from './structs.ts';

/** Framing and override options shared by the data helpers of every service. */
export interface DataRequestOptions {
  /** data queue (default 0) */
  queue?: number;
  split?: SplitSpec;
  indirect?: boolean;
  /** the first writable buffer (dst) shares the last readable buffer's (src) memory (DPDK in-place) */
  inPlace?: boolean;
  /** explicit writable lengths (status = last byte of the whole area, D3) */
  writable?: number[];
  /** override the layout chosen from the negotiated features */
  layout?: DataLayout;
  /** header.flag override (negative tests) */
  flag?: number;
  /** header.opcode override (negative tests, D19) */
  opcode?: number;
  /** header.algo override */
  headerAlgo?: number;
}

export interface DataRequestResult {
  status: number;
  usedLen: number;
  written: Uint8Array[];
  /** the whole writable area */
  area: Uint8Array;
  layout: DataLayout;
  mode: RequestMode;
}

/** Submit header | flf | vlf with the given result lengths; returns the parsed area (D3). */
export async function submitData(
  dev: DeviceLike,
  fixed: DataFixed,
  vlf: Segment[],
  resultLens: number[],
  o: DataRequestOptions,
  layout: DataLayout,
  mode: RequestMode,
): Promise<DataRequestResult & { body: Uint8Array }> {
  const readable = splitReadable([fixed.header, fixed.flf, ...vlf], o.split);
  const wl = writableLengths(resultLens, o.writable);
  const res = await dev.submitRaw(o.queue ?? 0, readable, wl, { indirect: o.indirect ?? false, ...(o.inPlace ? { inPlace: true } : {}) });
  const w = parseWritable(res.written);
  return { status: w.status, usedLen: res.usedLen, written: res.written, area: w.area, body: w.body, layout, mode };
}

export function headerOverrides(o: DataRequestOptions): { flag?: number; headerAlgo?: number } {
  return { ...(o.flag !== undefined ? { flag: o.flag } : {}), ...(o.headerAlgo !== undefined ? { headerAlgo: o.headerAlgo } : {}) };
}

// ------------------------------------------------------------------ HASH

export interface HashRequestParams extends DataRequestOptions {
  src: Uint8Array;
  /** hash_result_len and the size of the hash_result writable area (session mode: the device uses the session's value) */
  hashResultLen: number;
  sessionId?: bigint;
  /** stateless mode (needs HASH_STATELESS_MODE, D1) */
  stateless?: { algo: number };
  /** field overrides (negative tests) */
  srcDataLen?: number;
  hashResultLenField?: number;
}

export interface HashResult extends DataRequestResult {
  /** the first hashResultLen bytes of the writable area */
  result: Uint8Array;
}

export async function hashRequest(dev: DeviceLike, p: HashRequestParams): Promise<HashResult> {
  const layout = p.layout ?? selectDataLayout(dev.negotiatedFeatures, SERVICE.HASH);
  const mode: RequestMode = p.stateless ? 'stateless' : 'session';
  if (mode === 'session' && p.sessionId === undefined) throw new Error('hashRequest: need sessionId or stateless params');
  const fixed = encodeHashData(layout, {
    opcode: p.opcode ?? OPCODE.HASH,
    mode,
    sessionId: p.sessionId ?? 0n,
    srcDataLen: p.srcDataLen ?? p.src.length,
    hashResultLen: p.hashResultLenField ?? p.hashResultLen,
    ...(p.stateless ? { sessPara: { algo: p.stateless.algo } } : {}),
    ...headerOverrides(p),
  });
  const r = await submitData(dev, fixed, hashVlf({ src: p.src }), [p.hashResultLen], p, layout, mode);
  return { ...r, result: r.body.slice(0, Math.min(p.hashResultLen, r.body.length)) };
}

// ------------------------------------------------------------------ MAC

export interface MacRequestParams extends DataRequestOptions {
  src: Uint8Array;
  hashResultLen: number;
  sessionId?: bigint;
  /** stateless mode (needs MAC_STATELESS_MODE, D1): algo and auth key (sent in the vlf, D2) */
  stateless?: { algo: number; key: Uint8Array };
  srcDataLen?: number;
  hashResultLenField?: number;
  /** auth_key_len override (negative tests) */
  authKeyLen?: number;
}

export async function macRequest(dev: DeviceLike, p: MacRequestParams): Promise<HashResult> {
  const layout = p.layout ?? selectDataLayout(dev.negotiatedFeatures, SERVICE.MAC);
  const mode: RequestMode = p.stateless ? 'stateless' : 'session';
  if (mode === 'session' && p.sessionId === undefined) throw new Error('macRequest: need sessionId or stateless params');
  // D2: only a stateless request on the stateless layout carries key bytes
  const sendKey = mode === 'stateless' && layout === 'stateless';
  const fixed = encodeMacData(layout, {
    opcode: p.opcode ?? OPCODE.MAC,
    mode,
    sessionId: p.sessionId ?? 0n,
    srcDataLen: p.srcDataLen ?? p.src.length,
    hashResultLen: p.hashResultLenField ?? p.hashResultLen,
    ...(p.stateless ? { sessPara: { algo: p.stateless.algo, authKeyLen: p.authKeyLen ?? p.stateless.key.length } } : {}),
    ...headerOverrides(p),
  });
  const vlf = macVlf({ ...(sendKey ? { authKey: p.stateless!.key } : {}), src: p.src });
  const r = await submitData(dev, fixed, vlf, [p.hashResultLen], p, layout, mode);
  return { ...r, result: r.body.slice(0, Math.min(p.hashResultLen, r.body.length)) };
}
