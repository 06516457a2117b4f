// Common shape of the model's answers for the services beyond CIPHER: the status, and the bytes
// the device writes into the device-writable area (D3: results from the start of the area, the
// status byte last).

import { DATA_STATUS_SIZE } from '../constants/crypto.ts';

/** `bytes` written at `offset` of the writable area. */
export interface AreaWrite {
  offset: number;
  bytes: Uint8Array;
}

export interface Expected {
  status: number;
  /**
   * What the device writes before the status byte. Empty unless OK — except AEAD BADMSG, where
   * the plaintext bytes are overwritten with zeros (D6).
   */
  writes: AreaWrite[];
  /** the main result: cipher dst, digest / MAC (hash_result_len bytes), ct ‖ tag, plaintext; empty on failure (BADMSG: zeros) */
  output: Uint8Array;
  /** CHAIN: hash_result (hash_result_len bytes), written at area offset dst_data_len */
  hashResult?: Uint8Array;
  /** the rule that decided the status */
  rule: string;
}

export function failed(status: number, rule: string): Expected {
  return { status, writes: [], output: new Uint8Array(0), rule };
}

/**
 * The whole expected writable area of `areaLen` bytes, assuming the buffers start zeroed: the
 * writes, zeros elsewhere, the status as the last byte (D3).
 */
export function expectedArea(e: Expected, areaLen: number): Uint8Array {
  const a = new Uint8Array(areaLen);
  for (const w of e.writes) a.set(w.bytes.subarray(0, Math.max(0, Math.min(w.bytes.length, areaLen - DATA_STATUS_SIZE - w.offset))), w.offset);
  if (areaLen > 0) a[areaLen - DATA_STATUS_SIZE] = e.status;
  return a;
}

/** Bytes of a MAC/digest the request asks for (D14: leftmost hash_result_len bytes). */
export function truncate(d: Uint8Array, n: number): Uint8Array {
  return d.slice(0, n);
}
