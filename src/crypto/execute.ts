// executeCase(): run one VectorCase through the device, in session or stateless mode, and return
// the device's status and output. Parameters the device does not document (design.md "Request
// semantics" table, checked by the reference model) are reported as `unsupported` without
// calling the device.

import {
  ALGO_NAME,
  GCM,
  SERVICE,
  STATUS,
  statusName,
  type AlgoName,
} from '../constants/crypto.ts';
import { expectAead, expectCipher, expectHash, expectMac, hashDigestLen, macDigestLen, type Expected } from '../ref/index.ts';
import { aeadRequest } from './aead.ts';
import { cipherRequest } from './cipher.ts';
import type { DeviceLike } from './device.ts';
import { hashRequest, macRequest } from './hash.ts';
import { createAeadSession, createCipherSession, createHashSession, createMacSession, destroySession } from './session.ts';
import { selectDataLayout } from './structs.ts';
import type { VectorCase } from './vector-case.ts';

export type { VectorCase } from './vector-case.ts';

export interface ExecuteOptions {
  mode: 'session' | 'stateless';
  /** data queue (default 0) */
  queue?: number;
}

export interface ExecuteResult {
  /** the device's status (session mode: the create status if the create failed) */
  status: number;
  /** cipher: dst; hash / mac: outLen bytes; aead encrypt: ct ‖ tag; decrypt: plaintext */
  output: Uint8Array;
  /** why the device was not called (parameters outside the design table) */
  unsupported?: string;
  /** session mode: status of the destroy (OK expected) */
  destroyStatus?: number;
}

const SERVICE_NUMBER = { cipher: SERVICE.CIPHER, hash: SERVICE.HASH, mac: SERVICE.MAC, aead: SERVICE.AEAD } as const;
const STATELESS_BIT_NAME = { cipher: 'CIPHER', hash: 'HASH', mac: 'MAC', aead: 'AEAD' } as const;
const EMPTY = new Uint8Array(0);

/** Default digest / tag length of a hash or MAC case. */
function defaultOutLen(c: VectorCase, algo: number): number {
  return (c.service === 'hash' ? hashDigestLen(algo) : macDigestLen(algo)) ?? 0;
}

/** What the model says about the case (status NOTSUPP / ERR = outside the design table). */
function modelVerdict(c: VectorCase, algo: number): Expected | { status: number; rule: string } {
  switch (c.service) {
    case 'cipher': {
      const e = expectCipher({ algo, op: c.op, key: c.key, iv: c.iv, src: c.input });
      return { status: e.status, rule: e.rule };
    }
    case 'hash':
      return expectHash({ algo, src: c.input, hashResultLen: c.outLen ?? defaultOutLen(c, algo) });
    case 'mac':
      return expectMac({ algo, key: c.key, src: c.input, hashResultLen: c.outLen ?? defaultOutLen(c, algo) });
    case 'aead':
      return expectAead({ algo, op: c.op, key: c.key, iv: c.iv, aad: c.aad, src: c.input, tagLen: c.tagLen ?? GCM.MAX_TAG_LEN });
  }
}

export async function executeCase(dev: DeviceLike, c: VectorCase, opts: ExecuteOptions): Promise<ExecuteResult> {
  const entry = ALGO_NAME[c.algo as AlgoName] as { service: number; algo: number } | undefined;
  const service = SERVICE_NUMBER[c.service];
  if (!entry || entry.service !== service) return { status: STATUS.NOTSUPP, output: EMPTY, unsupported: `algorithm ${c.algo} is not a ${c.service} algorithm of this device` };
  const algo = entry.algo;
  // D1: stateless requests need the service's stateless feature
  if (opts.mode === 'stateless' && selectDataLayout(dev.negotiatedFeatures, service) !== 'stateless')
    return { status: STATUS.NOTSUPP, output: EMPTY, unsupported: `stateless mode needs ${STATELESS_BIT_NAME[c.service]}_STATELESS_MODE negotiated` };
  const v = modelVerdict(c, algo);
  if (v.status !== STATUS.OK && v.status !== STATUS.BADMSG)
    return { status: v.status, output: EMPTY, unsupported: `outside the design table: ${v.rule} (device answers ${statusName(v.status)})` };
  const queue = opts.queue ?? 0;
  const stateless = opts.mode === 'stateless';
  const outLen = c.outLen ?? defaultOutLen(c, algo);
  const tagLen = c.tagLen ?? GCM.MAX_TAG_LEN;

  // ---- session create
  let sessionId: bigint | undefined;
  if (!stateless) {
    const cs =
      c.service === 'cipher' ? await createCipherSession(dev, { algo, key: c.key, op: c.op })
      : c.service === 'hash' ? await createHashSession(dev, { algo, hashResultLen: outLen })
      : c.service === 'mac' ? await createMacSession(dev, { algo, hashResultLen: outLen, authKey: c.key })
      : await createAeadSession(dev, { algo, key: c.key, tagLen, aadLen: c.aad.length, op: c.op });
    if (cs.status !== STATUS.OK) return { status: cs.status, output: EMPTY };
    sessionId = cs.sessionId;
  }
  const sess = stateless ? {} : { sessionId: sessionId! };

  // ---- the request
  let status: number;
  let output: Uint8Array;
  switch (c.service) {
    case 'cipher': {
      const r = await cipherRequest(dev, { queue, op: c.op, iv: c.iv, src: c.input, ...sess, ...(stateless ? { stateless: { algo, key: c.key } } : {}) });
      [status, output] = [r.status, r.dst];
      break;
    }
    case 'hash': {
      const r = await hashRequest(dev, { queue, src: c.input, hashResultLen: outLen, ...sess, ...(stateless ? { stateless: { algo } } : {}) });
      [status, output] = [r.status, r.result];
      break;
    }
    case 'mac': {
      const r = await macRequest(dev, { queue, src: c.input, hashResultLen: outLen, ...sess, ...(stateless ? { stateless: { algo, key: c.key } } : {}) });
      [status, output] = [r.status, r.result];
      break;
    }
    case 'aead': {
      const r = await aeadRequest(dev, { queue, op: c.op, iv: c.iv, aad: c.aad, src: c.input, tagLen, ...sess, ...(stateless ? { stateless: { algo, key: c.key } } : {}) });
      [status, output] = [r.status, r.dst];
      break;
    }
  }
  if (sessionId === undefined) return { status, output };
  const destroyStatus = await destroySession(dev, service, sessionId);
  return { status, output, destroyStatus };
}

/** The device algorithm numbers behind the JSONL names (re-exported for the vectors CLI). */
export const VECTOR_ALGOS = ALGO_NAME;
