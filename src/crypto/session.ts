// Control-queue helpers: create / destroy sessions through device.submitRaw (fact sheet §5.2,
// §5.3). Every request: readable = header | flf | key material, writable = session_input (16 B,
// create) or inhdr (1 B, destroy).

import { CIPHER_OP, SERVICE, type CipherOpName } from '../constants/crypto.ts';
import type { DeviceLike } from './device.ts';
import { parseWritable, splitReadable, type SplitSpec } from './framing.ts';
import {
  INHDR_SIZE,
  SESSION_INPUT_SIZE,
  concatBytes,
  decodeSessionInput,
  encodeAeadCreateSession,
  encodeChainCreateSession,
  encodeCipherCreateSession,
  encodeDestroySession,
  encodeHashCreateSession,
  encodeMacCreateSession,
  selectCtrlLayout,
  vlfSegment,
  type ChainCreateParams,
  type CtrlFixed,
  type CtrlLayout,
  type Segment,
  type SessionInput,
} from './structs.ts';

/** Framing options shared by every helper. */
export interface FramingOptions {
  /** readable split (default 'parts': header+flf together, each vlf field apart) */
  split?: SplitSpec;
  /** one indirect descriptor table */
  indirect?: boolean;
  /** explicit writable lengths (the status is the last byte of the whole area, D3) */
  writable?: number[];
  /** override the layout chosen from dev.negotiatedFeatures (negative tests) */
  layout?: CtrlLayout;
  /** override the queue (default: dev.controlQueue) */
  queue?: number;
}

export interface CreateSessionResult {
  /** session_input.status (le32); -1 if the device-writable area is shorter than 16 bytes */
  status: number;
  sessionId: bigint;
  usedLen: number;
  input?: SessionInput;
  written: Uint8Array[];
}

export function cipherOpValue(op: CipherOpName | number): number {
  if (typeof op === 'number') return op;
  return op === 'encrypt' ? CIPHER_OP.ENCRYPT : CIPHER_OP.DECRYPT;
}

async function submitCreate(
  dev: DeviceLike,
  fixed: CtrlFixed,
  vlf: Segment[],
  o: FramingOptions,
): Promise<CreateSessionResult> {
  const readable = splitReadable([fixed.header, fixed.flf, ...vlf], o.split);
  const wl = o.writable ? [...o.writable] : [SESSION_INPUT_SIZE];
  const res = await dev.submitRaw(o.queue ?? dev.controlQueue, readable, wl, { indirect: o.indirect ?? false });
  const area = concatBytes(res.written);
  if (area.length < SESSION_INPUT_SIZE) return { status: -1, sessionId: 0n, usedLen: res.usedLen, written: res.written };
  const input = decodeSessionInput(area);
  return { status: input.status, sessionId: input.sessionId, usedLen: res.usedLen, input, written: res.written };
}

function layoutOf(dev: DeviceLike, o: FramingOptions): CtrlLayout {
  return o.layout ?? selectCtrlLayout(dev.negotiatedFeatures);
}

export interface CipherSessionParams {
  algo: number;
  key: Uint8Array;
  op: CipherOpName | number;
  /** default SYM_OP.CIPHER */
  opType?: number;
  /** flf key_len (default key.length) — for negative tests */
  keyLen?: number;
  headerAlgo?: number;
  /** override the opcode (negative tests: unknown opcode → NOTSUPP, D19) */
  opcode?: number;
}

/** CIPHER_CREATE_SESSION, op_type CIPHER. vlf: cipher_key. */
export function createCipherSession(dev: DeviceLike, p: CipherSessionParams, o: FramingOptions = {}): Promise<CreateSessionResult> {
  const fixed = encodeCipherCreateSession(layoutOf(dev, o), {
    algo: p.algo,
    keyLen: p.keyLen ?? p.key.length,
    op: cipherOpValue(p.op),
    ...(p.opType !== undefined ? { opType: p.opType } : {}),
    ...(p.headerAlgo !== undefined ? { headerAlgo: p.headerAlgo } : {}),
    ...(p.opcode !== undefined ? { opcode: p.opcode } : {}),
  });
  return submitCreate(dev, fixed, [vlfSegment('cipherKey', p.key)], o);
}

/** CIPHER_CREATE_SESSION, op_type ALGORITHM_CHAINING. vlf: cipher_key, then auth_key (hash_mode AUTH). */
export function createChainSession(
  dev: DeviceLike,
  p: Omit<ChainCreateParams, 'cipherKeyLen' | 'authKeyLen'> & { cipherKey: Uint8Array; authKey?: Uint8Array },
  o: FramingOptions = {},
): Promise<CreateSessionResult> {
  const authKey = p.authKey ?? new Uint8Array(0);
  const fixed = encodeChainCreateSession(layoutOf(dev, o), { ...p, cipherKeyLen: p.cipherKey.length, authKeyLen: authKey.length });
  return submitCreate(dev, fixed, [vlfSegment('cipherKey', p.cipherKey), vlfSegment('authKey', authKey)], o);
}

/** HASH_CREATE_SESSION (no vlf). */
export function createHashSession(dev: DeviceLike, p: { algo: number; hashResultLen: number }, o: FramingOptions = {}): Promise<CreateSessionResult> {
  return submitCreate(dev, encodeHashCreateSession(layoutOf(dev, o), p), [], o);
}

/** MAC_CREATE_SESSION. vlf: auth_key. */
export function createMacSession(
  dev: DeviceLike,
  p: { algo: number; hashResultLen: number; authKey: Uint8Array },
  o: FramingOptions = {},
): Promise<CreateSessionResult> {
  const fixed = encodeMacCreateSession(layoutOf(dev, o), { algo: p.algo, hashResultLen: p.hashResultLen, authKeyLen: p.authKey.length });
  return submitCreate(dev, fixed, [vlfSegment('authKey', p.authKey)], o);
}

/** AEAD_CREATE_SESSION. vlf: key. */
export function createAeadSession(
  dev: DeviceLike,
  p: { algo: number; key: Uint8Array; tagLen: number; aadLen: number; op: CipherOpName | number },
  o: FramingOptions = {},
): Promise<CreateSessionResult> {
  const fixed = encodeAeadCreateSession(layoutOf(dev, o), {
    algo: p.algo,
    keyLen: p.key.length,
    tagLen: p.tagLen,
    aadLen: p.aadLen,
    op: cipherOpValue(p.op),
  });
  return submitCreate(dev, fixed, [vlfSegment('key', p.key)], o);
}

export interface DestroyResult {
  /** inhdr.status (u8): the last byte of the writable area (D3); -1 if nothing writable */
  status: number;
  usedLen: number;
  written: Uint8Array[];
}

/** *_DESTROY_SESSION, detailed result. */
export async function destroySessionEx(
  dev: DeviceLike,
  service: number,
  sessionId: bigint,
  o: FramingOptions & { opcode?: number } = {},
): Promise<DestroyResult> {
  const fixed = encodeDestroySession(layoutOf(dev, o), service, sessionId, o.opcode);
  const readable = splitReadable([fixed.header, fixed.flf], o.split);
  const wl = o.writable ? [...o.writable] : [INHDR_SIZE];
  const res = await dev.submitRaw(o.queue ?? dev.controlQueue, readable, wl, { indirect: o.indirect ?? false });
  return { status: parseWritable(res.written).status, usedLen: res.usedLen, written: res.written };
}

/** *_DESTROY_SESSION → status (OK / ERR, §6 item 7). */
export async function destroySession(
  dev: DeviceLike,
  service: number = SERVICE.CIPHER,
  sessionId: bigint,
  o: FramingOptions & { opcode?: number } = {},
): Promise<number> {
  return (await destroySessionEx(dev, service, sessionId, o)).status;
}
