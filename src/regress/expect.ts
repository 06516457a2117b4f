// What the reference model (src/ref) says about a planned request: the status and the whole
// writable area, starting from the fill byte the buffers held (bytes the device must not write
// keep it; D3: the status is the last byte).

import { CIPHER_OP, DATA_STATUS_SIZE, SERVICE, STATUS, SYM_OP } from '../constants/crypto.ts';
import {
  expectAead,
  expectChain,
  expectCipher,
  expectCreateSession,
  expectHash,
  expectMac,
  failed,
  type Expected,
  type ExpectedCreate,
} from '../ref/index.ts';
import type { CreateItem, DataItem, Op, SessionSpec } from './types.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function areaLenOf(writable: readonly number[]): number {
  return sum(writable);
}

/** The model's answer for a data request (session mode: the session's key, direction, lengths). */
export function expectData(it: DataItem): Expected {
  const p = it.p;
  const areaLen = areaLenOf(it.framing.writable);
  // D19: an opcode no offered service defines → NOTSUPP (checked first)
  if (it.fault === 'opcode') return failed(STATUS.NOTSUPP, 'D19 unknown opcode');
  // design.md check order: flag on a REVISION_1 session layout must be SESSION_MODE
  if (it.fault === 'flag0') return failed(STATUS.NOTSUPP, 'REVISION_1 without the stateless bit: flag ≠ SESSION_MODE');
  // D17: a destroyed id is never valid again
  if (it.fault === 'stale') return failed(STATUS.INVSESS, 'D17 destroyed session id');
  const s = it.mode === 'session' ? it.session : undefined;
  switch (it.kind.svc) {
    case 'cipher': {
      const sp = s?.params.svc === 'cipher' ? s.params.p : undefined;
      const e = expectCipher({
        algo: sp ? sp.algo : p.algo,
        op: sp ? sp.op : p.op,
        key: sp ? sp.key : p.key,
        iv: p.iv,
        src: p.src,
        dstLen: p.dstLen,
        writableLen: areaLen,
      });
      return {
        status: e.status,
        writes: e.status === STATUS.OK ? [{ offset: 0, bytes: e.dst.subarray(0, e.resultLen) }] : [],
        output: e.dst,
        rule: e.rule,
      };
    }
    case 'hash': {
      const sp = s?.params.svc === 'hash' ? s.params.p : undefined;
      return expectHash({ algo: sp ? sp.algo : p.algo, src: p.src, hashResultLen: sp ? sp.hashResultLen : p.hashResultLen, areaLen });
    }
    case 'mac': {
      const sp = s?.params.svc === 'mac' ? s.params.p : undefined;
      return expectMac({ algo: sp ? sp.algo : p.algo, key: sp ? sp.key : p.key, src: p.src, hashResultLen: sp ? sp.hashResultLen : p.hashResultLen, areaLen });
    }
    case 'aead': {
      const sp = s?.params.svc === 'aead' ? s.params.p : undefined;
      return expectAead({
        algo: sp ? sp.algo : p.algo,
        op: sp ? sp.op : p.op,
        key: sp ? sp.key : p.key,
        iv: p.iv,
        aad: p.aad,
        src: p.src,
        tagLen: sp ? sp.tagLen : p.tagLen,
        dstLen: p.dstLen,
        areaLen,
      });
    }
    case 'chain': {
      const sp = s?.params.svc === 'chain' ? s.params.p : undefined;
      return expectChain({
        order: sp ? sp.order : p.order,
        hashMode: sp ? sp.hashMode : p.hashMode,
        cipherAlgo: sp ? sp.cipherAlgo : p.algo,
        cipherOp: sp ? sp.cipherOp : p.op,
        cipherKey: sp ? sp.cipherKey : p.key,
        hashAlgo: sp ? sp.hashAlgo : p.hashAlgo,
        authKey: sp ? sp.authKey : p.authKey,
        hashResultLen: sp ? sp.hashResultLen : p.hashResultLen,
        iv: p.iv,
        aad: p.aad,
        src: p.src,
        cipherStart: p.cipherStart,
        lenToCipher: p.lenToCipher,
        hashStart: p.hashStart,
        lenToHash: p.lenToHash,
        dstLen: p.dstLen,
        areaLen,
      });
    }
  }
}

/** The whole expected writable area: the fill byte, the model's writes, the status last (D3). */
export function expectedAreaFilled(e: Expected, areaLen: number, fill: number): Uint8Array {
  const a = new Uint8Array(areaLen).fill(fill);
  for (const w of e.writes) {
    const n = Math.max(0, Math.min(w.bytes.length, areaLen - DATA_STATUS_SIZE - w.offset));
    a.set(w.bytes.subarray(0, n), w.offset);
  }
  if (areaLen > 0) a[areaLen - DATA_STATUS_SIZE] = e.status;
  return a;
}

export const SVC_SERVICE_NUMBER = { cipher: SERVICE.CIPHER, chain: SERVICE.CIPHER, hash: SERVICE.HASH, mac: SERVICE.MAC, aead: SERVICE.AEAD } as const;

function opValue(op: Op): number {
  return op === 'encrypt' ? CIPHER_OP.ENCRYPT : CIPHER_OP.DECRYPT;
}

/** The model's answer for a create (the plan's override wins: table full, D17). */
export function expectCreate(it: CreateItem): ExpectedCreate {
  const m = modelCreate(it.session);
  if (it.expectStatus !== STATUS.OK && m.status === STATUS.OK) return { status: it.expectStatus, rule: it.fault ?? 'plan' };
  return m;
}

export function modelCreate(s: SessionSpec): ExpectedCreate {
  switch (s.params.svc) {
    case 'cipher': {
      const p = s.params.p;
      return expectCreateSession({ service: SERVICE.CIPHER, algo: p.algo, keyLen: p.key.length, key: p.key, op: p.op });
    }
    case 'hash':
      return expectCreateSession({ service: SERVICE.HASH, algo: s.params.p.algo, keyLen: 0, op: 0, hashResultLen: s.params.p.hashResultLen });
    case 'mac': {
      const p = s.params.p;
      return expectCreateSession({ service: SERVICE.MAC, algo: p.algo, keyLen: p.key.length, op: 0, hashResultLen: p.hashResultLen });
    }
    case 'aead': {
      const p = s.params.p;
      return expectCreateSession({ service: SERVICE.AEAD, algo: p.algo, keyLen: p.key.length, op: p.op, tagLen: p.tagLen });
    }
    case 'chain': {
      const p = s.params.p;
      return expectCreateSession({
        service: SERVICE.CIPHER,
        algo: p.cipherAlgo,
        keyLen: p.cipherKey.length,
        op: p.cipherOp,
        opType: SYM_OP.ALGORITHM_CHAINING,
        chain: { ...p, cipherOp: opValue(p.cipherOp) },
      });
    }
  }
}
