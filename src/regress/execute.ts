// Send one planned request through the crypto helpers (src/crypto) and check the answer against
// the reference model: the status, every byte of the writable area (bytes the device must not
// write keep the fill byte) and used.len (D3: the whole writable area).

import { CIPHER_ALGO, DATA_STATUS_SIZE, SYM_HASH_MODE, STATUS, statusName } from '../constants/crypto.ts';
import { aeadRequest } from '../crypto/aead.ts';
import { chainRequest } from '../crypto/chain.ts';
import { cipherRequest } from '../crypto/cipher.ts';
import type { DeviceLike } from '../crypto/device.ts';
import { hashRequest, macRequest } from '../crypto/hash.ts';
import {
  createAeadSession,
  createChainSession,
  createCipherSession,
  createHashSession,
  createMacSession,
  destroySessionEx,
  type CreateSessionResult,
} from '../crypto/session.ts';
import { concatBytes, SESSION_INPUT_SIZE } from '../crypto/structs.ts';
import { CIPHER_OP } from '../constants/crypto.ts';
import { areaLenOf, expectCreate, expectData, expectedAreaFilled, SVC_SERVICE_NUMBER } from './expect.ts';
import type { CreateItem, DataItem, DestroyItem, Framing, Op, SessionSpec } from './types.ts';

/** Garbage sess_para for the D2 variant: the device must ignore it in session mode. */
const GARBAGE_SESS_PARA = { algo: CIPHER_ALGO.DES_ECB, keyLen: 99, op: 7 };

export interface Submitted {
  /** readable / writable descriptors actually submitted */
  readable: number;
  writable: number;
  indirect: boolean;
}

/** The device seen through the helpers: injects the fill byte, records the descriptor counts. */
export function framedDevice(dev: DeviceLike, fill: number, rec: Submitted): DeviceLike {
  return {
    negotiatedFeatures: dev.negotiatedFeatures,
    controlQueue: dev.controlQueue,
    numDataQueues: dev.numDataQueues,
    submitRaw: (queue, readable, writableLengths, opts) => {
      rec.readable = readable.length;
      rec.writable = writableLengths.length;
      rec.indirect = opts?.indirect ?? false;
      const submit = dev.submitRaw as (q: number, r: Uint8Array[], w: number[], o: object) => ReturnType<DeviceLike['submitRaw']>;
      return submit.call(dev, queue, readable, writableLengths, { ...opts, writableFill: fill });
    },
  };
}

export interface Outcome {
  ok: boolean;
  /** the device's status (-1: no status byte) */
  status: number;
  expectedStatus: number;
  rule: string;
  /** why it failed */
  problems: string[];
  area?: Uint8Array;
  expectedArea?: Uint8Array;
  usedLen?: number;
  submitted?: Submitted;
}

function framingOpts(f: Framing) {
  return { split: f.split, indirect: f.indirect, writable: f.writable };
}

function opValue(op: Op): number {
  return op === 'encrypt' ? CIPHER_OP.ENCRYPT : CIPHER_OP.DECRYPT;
}

function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Run a data request; `sessionId` is the id bound to its session handle (session mode). */
export async function runData(dev: DeviceLike, it: DataItem, sessionId: bigint | undefined): Promise<Outcome> {
  const rec: Submitted = { readable: 0, writable: 0, indirect: false };
  const d = framedDevice(dev, it.framing.fill, rec);
  const p = it.p;
  const o = {
    queue: it.framing.queue,
    ...framingOpts(it.framing),
    ...(p.opcode !== undefined ? { opcode: p.opcode } : {}),
    ...(p.flag !== undefined ? { flag: p.flag } : {}),
  };
  const sess = it.mode === 'session' ? { sessionId: sessionId ?? 0n } : undefined;
  let r: { status: number; usedLen: number; area: Uint8Array };
  switch (it.kind.svc) {
    case 'cipher':
      r = await cipherRequest(d, {
        ...o,
        op: p.op,
        iv: p.iv,
        src: p.src,
        dstLen: p.dstLen,
        ...(sess ?? { stateless: { algo: p.algo, key: p.key } }),
        ...(p.sessParaGarbage ? { sessParaInSessionMode: GARBAGE_SESS_PARA } : {}),
      });
      break;
    case 'hash':
      r = await hashRequest(d, {
        ...o,
        src: p.src,
        hashResultLen: p.hashResultLen,
        ...(p.hashResultLenField !== undefined ? { hashResultLenField: p.hashResultLenField } : {}),
        ...(sess ?? { stateless: { algo: p.algo } }),
      });
      break;
    case 'mac':
      r = await macRequest(d, {
        ...o,
        src: p.src,
        hashResultLen: p.hashResultLen,
        ...(p.hashResultLenField !== undefined ? { hashResultLenField: p.hashResultLenField } : {}),
        ...(sess ?? { stateless: { algo: p.algo, key: p.key } }),
      });
      break;
    case 'aead':
      r = await aeadRequest(d, {
        ...o,
        op: p.op,
        iv: p.iv,
        aad: p.aad,
        src: p.src,
        tagLen: p.tagLen,
        dstLen: p.dstLen,
        ...(p.tagLenField !== undefined ? { tagLenField: p.tagLenField } : {}),
        ...(sess ?? { stateless: { algo: p.algo, key: p.key } }),
      });
      break;
    case 'chain':
      r = await chainRequest(d, {
        ...o,
        op: p.op,
        iv: p.iv,
        aad: p.aad,
        src: p.src,
        hashResultLen: p.hashResultLen,
        dstLen: p.dstLen,
        cipherStart: p.cipherStart,
        lenToCipher: p.lenToCipher,
        hashStart: p.hashStart,
        lenToHash: p.lenToHash,
        ...(sess ?? {
          stateless: {
            order: p.order,
            hashMode: p.hashMode,
            cipherAlgo: p.algo,
            cipherKey: p.key,
            hashAlgo: p.hashAlgo,
            ...(p.hashMode !== SYM_HASH_MODE.PLAIN || p.authKey.length > 0 ? { authKey: p.authKey } : {}),
          },
        }),
      });
      break;
  }
  const e = expectData(it);
  const areaLen = areaLenOf(it.framing.writable);
  const want = expectedAreaFilled(e, areaLen, it.framing.fill);
  const problems: string[] = [];
  if (r.status !== e.status) problems.push(`status ${statusName(r.status)}, model ${statusName(e.status)} (${e.rule})`);
  const diff = firstDiff(r.area, want);
  if (diff >= 0) problems.push(`writable area differs from byte ${diff} of ${areaLen}`);
  if (r.usedLen !== areaLen) problems.push(`D3 used.len ${r.usedLen}, writable area ${areaLen}`);
  return { ok: problems.length === 0, status: r.status, expectedStatus: e.status, rule: e.rule, problems, area: r.area, expectedArea: want, usedLen: r.usedLen, submitted: rec };
}

function createCall(d: DeviceLike, s: SessionSpec, f: Framing): Promise<CreateSessionResult> {
  const o = { ...framingOpts(f) };
  switch (s.params.svc) {
    case 'cipher':
      return createCipherSession(d, { algo: s.params.p.algo, key: s.params.p.key, op: s.params.p.op }, o);
    case 'hash':
      return createHashSession(d, { algo: s.params.p.algo, hashResultLen: s.params.p.hashResultLen }, o);
    case 'mac':
      return createMacSession(d, { algo: s.params.p.algo, hashResultLen: s.params.p.hashResultLen, authKey: s.params.p.key }, o);
    case 'aead': {
      const p = s.params.p;
      return createAeadSession(d, { algo: p.algo, key: p.key, tagLen: p.tagLen, aadLen: p.aadLen, op: p.op }, o);
    }
    case 'chain': {
      const p = s.params.p;
      return createChainSession(
        d,
        {
          algChainOrder: p.order,
          hashMode: p.hashMode,
          cipherAlgo: p.cipherAlgo,
          cipherKey: p.cipherKey,
          cipherOp: opValue(p.cipherOp),
          hashAlgo: p.hashAlgo,
          hashResultLen: p.hashResultLen,
          ...(p.hashMode !== SYM_HASH_MODE.PLAIN ? { authKey: p.authKey } : {}),
          aadLen: p.aadLen,
        },
        o,
      );
    }
  }
}

/** Run a create; on OK the outcome carries the session id. */
export async function runCreate(dev: DeviceLike, it: CreateItem): Promise<Outcome & { sessionId?: bigint }> {
  const rec: Submitted = { readable: 0, writable: 0, indirect: false };
  const d = framedDevice(dev, it.framing.fill, rec);
  const r = await createCall(d, it.session, it.framing);
  const e = expectCreate(it);
  const area = concatBytes(r.written);
  const areaLen = areaLenOf(it.framing.writable);
  const problems: string[] = [];
  if (r.status !== e.status) problems.push(`create status ${r.status < 0 ? 'none' : statusName(r.status)}, model ${statusName(e.status)} (${e.rule})`);
  // session_input (16 bytes at the start of the area): session_id written only with OK, status
  // le32 at 8; the padding may be written as zeros or left alone; the rest of the area untouched
  const want = new Uint8Array(areaLen).fill(it.framing.fill);
  if (areaLen >= SESSION_INPUT_SIZE) {
    if (r.status === STATUS.OK) want.set(area.subarray(0, 8), 0);
    new DataView(want.buffer).setUint32(8, e.status, true);
    const pad = area.subarray(12, SESSION_INPUT_SIZE);
    if (pad.every((b) => b === 0)) want.fill(0, 12, SESSION_INPUT_SIZE);
  }
  const diff = firstDiff(area, want);
  if (diff >= 0 && r.status === e.status) problems.push(`session_input differs from byte ${diff}`);
  if (r.usedLen !== areaLen) problems.push(`D3 used.len ${r.usedLen}, writable area ${areaLen}`);
  return {
    ok: problems.length === 0,
    status: r.status,
    expectedStatus: e.status,
    rule: e.rule,
    problems,
    area,
    expectedArea: want,
    usedLen: r.usedLen,
    submitted: rec,
    ...(r.status === STATUS.OK ? { sessionId: r.sessionId } : {}),
  };
}

/** Run a destroy of `sessionId` (live → OK, destroyed → ERR, §6.7 / D17). */
export async function runDestroy(dev: DeviceLike, it: DestroyItem, sessionId: bigint): Promise<Outcome> {
  const rec: Submitted = { readable: 0, writable: 0, indirect: false };
  const d = framedDevice(dev, it.framing.fill, rec);
  const r = await destroySessionEx(d, SVC_SERVICE_NUMBER[it.session.kind.svc], sessionId, framingOpts(it.framing));
  const expected = it.live ? STATUS.OK : STATUS.ERR;
  const area = concatBytes(r.written);
  const areaLen = areaLenOf(it.framing.writable);
  const want = new Uint8Array(areaLen).fill(it.framing.fill);
  want[areaLen - DATA_STATUS_SIZE] = expected;
  const problems: string[] = [];
  if (r.status !== expected) problems.push(`destroy status ${statusName(r.status)}, model ${statusName(expected)} (${it.live ? 'live session' : 'D17 destroyed id'})`);
  const diff = firstDiff(area, want);
  if (diff >= 0) problems.push(`destroy area differs from byte ${diff}`);
  if (r.usedLen !== areaLen) problems.push(`D3 used.len ${r.usedLen}, writable area ${areaLen}`);
  return { ok: problems.length === 0, status: r.status, expectedStatus: expected, rule: it.live ? 'live' : 'D17', problems, area, expectedArea: want, usedLen: r.usedLen, submitted: rec };
}
