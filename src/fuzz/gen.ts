// Seeded generation of fuzz cases: a valid base request (any service, session or stateless,
// the layout of the negotiated features), then at most one mutation of its fields, its byte
// lengths or its descriptor chain. Pure: the device is not needed (unit-tested).

import {
  AEAD_ALGO,
  ALG_CHAIN_ORDER,
  CCM,
  CIPHER_ALGO,
  CIPHER_OP,
  DEVICE_SUPPORTED,
  FLAG,
  HASH_ALGO,
  MAC_ALGO,
  OPCODE,
  SHA_INFO,
  SYM_HASH_MODE,
  SYM_OP,
} from '../constants/crypto.ts';
import type { Rng } from '../crypto/rng.ts';
import { ccmEncrypt, gcmEncrypt, hashDigestLen, macDigestLen } from '../ref/index.ts';
import type { DataLayout } from '../crypto/structs.ts';
import { F, buildChain, walkChain, type ChainSpec, type Placement } from './chain.ts';
import { buildVlf, encodeRequest, expectedArea, fixedSize, predictData, ZERO_SP, type DataReq, type Outcome, type ServiceKind, type SessionInfo } from './request.ts';

export const KINDS: readonly ServiceKind[] = ['cipher', 'chain', 'hash', 'mac', 'aead'];

/** What the fuzzer knows about the device state. */
export interface FuzzContext {
  /** data layout per service kind for the negotiated features */
  layoutOf: (k: ServiceKind) => DataLayout;
  sessions: ReadonlyMap<bigint, SessionInfo>;
  /** destroyed session ids (D17: INVSESS forever) */
  stale: readonly bigint[];
  queueSize: number;
}

/** One fuzz case: the request, its chain, the mutation and the prediction. */
export interface FuzzCase {
  /** 'valid' for an unmutated request */
  mutation: string;
  valid: boolean;
  req: DataReq;
  /** readable stream as sent (maybe truncated) */
  stream: Uint8Array;
  spec: ChainSpec;
  fill: number;
  expect: Expectation;
}

export interface Expectation {
  usedLen: number;
  /** expected contents of every writable buffer (spec.bufs order; readable buffers: undefined) */
  bufs: (Uint8Array | undefined)[];
  status: number | undefined;
  rule: string;
}

// ------------------------------------------------------------------ random helpers

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;
const chance = (rng: Rng, p: number): boolean => rng.int(1_000_000) < p * 1_000_000;

/** Mostly small lengths, now and then larger ones. */
function dataLen(rng: Rng, multiple = 1): number {
  const r = rng.int(100);
  const n = r < 70 ? rng.int(97) : r < 95 ? rng.int(513) : rng.int(2049);
  return multiple > 1 ? n - (n % multiple) : n;
}

// ------------------------------------------------------------------ sessions to create

export type CreateSpec =
  | { kind: 'cipher'; algo: number; key: Uint8Array; op: number }
  | { kind: 'hash'; algo: number; resultLen: number }
  | { kind: 'mac'; algo: number; key: Uint8Array; resultLen: number }
  | { kind: 'aead'; algo: number; key: Uint8Array; op: number; tagLen: number }
  | { kind: 'chain'; algo: number; key: Uint8Array; op: number; order: number; hashMode: number; hashAlgo: number; authKey: Uint8Array; resultLen: number };

const CIPHERS = [CIPHER_ALGO.AES_ECB, CIPHER_ALGO.AES_CBC, CIPHER_ALGO.AES_CTR, CIPHER_ALGO.AES_XTS];
const HASHES = [HASH_ALGO.SHA1, HASH_ALGO.SHA_224, HASH_ALGO.SHA_256, HASH_ALGO.SHA_384, HASH_ALGO.SHA_512];
const HMACS = [MAC_ALGO.HMAC_SHA1, MAC_ALGO.HMAC_SHA_224, MAC_ALGO.HMAC_SHA_256, MAC_ALGO.HMAC_SHA_384, MAC_ALGO.HMAC_SHA_512];
const GCM_TAGS = [4, 8, 12, 13, 14, 15, 16];
const CCM_TAGS = [4, 6, 8, 10, 12, 14, 16];

export function cipherKey(rng: Rng, algo: number): Uint8Array {
  if (algo === CIPHER_ALGO.AES_XTS) {
    const half = pick(rng, [16, 32]);
    const k = rng.bytes(2 * half);
    k[half] = k[0]! ^ 0x5a; // key1 ≠ key2 (D11)
    return k;
  }
  return rng.bytes(pick(rng, [16, 24, 32]));
}

const randOp = (rng: Rng) => pick(rng, [CIPHER_OP.ENCRYPT, CIPHER_OP.DECRYPT]);

/** A valid create of the given kind (answered OK by a correct device). */
export function randomCreate(rng: Rng, kind: ServiceKind): CreateSpec {
  switch (kind) {
    case 'cipher': {
      const algo = pick(rng, CIPHERS);
      return { kind, algo, key: cipherKey(rng, algo), op: randOp(rng) };
    }
    case 'hash': {
      const algo = pick(rng, HASHES);
      return { kind, algo, resultLen: 1 + rng.int(hashDigestLen(algo)!) };
    }
    case 'mac': {
      const algo = pick(rng, [...HMACS, MAC_ALGO.CMAC_AES]);
      const key = algo === MAC_ALGO.CMAC_AES ? rng.bytes(pick(rng, [16, 24, 32])) : rng.bytes(rng.int(129));
      return { kind, algo, key, resultLen: 1 + rng.int(macDigestLen(algo)!) };
    }
    case 'aead': {
      const algo = pick(rng, [AEAD_ALGO.GCM, AEAD_ALGO.CCM]);
      return { kind, algo, key: rng.bytes(pick(rng, [16, 24, 32])), op: randOp(rng), tagLen: pick(rng, algo === AEAD_ALGO.GCM ? GCM_TAGS : CCM_TAGS) };
    }
    case 'chain': {
      const algo = pick(rng, CIPHERS);
      const hashMode = pick(rng, [SYM_HASH_MODE.PLAIN, SYM_HASH_MODE.AUTH]);
      const hashAlgo = hashMode === SYM_HASH_MODE.PLAIN ? pick(rng, HASHES) : pick(rng, HMACS);
      const dl = hashMode === SYM_HASH_MODE.PLAIN ? hashDigestLen(hashAlgo)! : macDigestLen(hashAlgo)!;
      return {
        kind,
        algo,
        key: cipherKey(rng, algo),
        op: randOp(rng),
        order: pick(rng, [ALG_CHAIN_ORDER.HASH_THEN_CIPHER, ALG_CHAIN_ORDER.CIPHER_THEN_HASH]),
        hashMode,
        hashAlgo,
        authKey: hashMode === SYM_HASH_MODE.AUTH ? rng.bytes(rng.int(129)) : new Uint8Array(0),
        resultLen: 1 + rng.int(dl),
      };
    }
  }
}

export function sessionFromCreate(id: bigint, c: CreateSpec): SessionInfo {
  switch (c.kind) {
    case 'cipher':
      return { id, kind: c.kind, algo: c.algo, key: c.key, op: c.op, resultLen: 0 };
    case 'hash':
      return { id, kind: c.kind, algo: c.algo, key: new Uint8Array(0), op: 0, resultLen: c.resultLen };
    case 'mac':
      return { id, kind: c.kind, algo: c.algo, key: c.key, op: 0, resultLen: c.resultLen };
    case 'aead':
      return { id, kind: c.kind, algo: c.algo, key: c.key, op: c.op, resultLen: c.tagLen };
    case 'chain':
      return { id, kind: c.kind, algo: c.algo, key: c.key, op: c.op, resultLen: c.resultLen, chain: { order: c.order, hashMode: c.hashMode, hashAlgo: c.hashAlgo, authKey: c.authKey } };
  }
}

// ------------------------------------------------------------------ valid requests

interface Params {
  algo: number;
  key: Uint8Array;
  op: number;
  resultLen: number;
  chain?: SessionInfo['chain'];
}

function ivFor(rng: Rng, kind: ServiceKind, algo: number): Uint8Array {
  if (kind === 'aead') {
    if (algo === AEAD_ALGO.CCM) return rng.bytes(CCM.MIN_NONCE_LEN + rng.int(CCM.MAX_NONCE_LEN - CCM.MIN_NONCE_LEN + 1));
    return rng.bytes(chance(rng, 0.7) ? 12 : 1 + rng.int(24));
  }
  if (algo === CIPHER_ALGO.AES_ECB) return rng.bytes(chance(rng, 0.5) ? 16 : rng.int(20));
  return rng.bytes(16);
}

function cipherLen(rng: Rng, algo: number): number {
  if (algo === CIPHER_ALGO.AES_ECB || algo === CIPHER_ALGO.AES_CBC) return dataLen(rng, 16);
  if (algo === CIPHER_ALGO.AES_XTS) {
    const n = dataLen(rng);
    return n === 0 || n >= 16 ? n : 16 + n;
  }
  return dataLen(rng);
}

/**
 * A valid request of `kind` (session mode with a live session of that kind when `session` is
 * given, else stateless with fresh parameters) and the size of its writable area.
 */
export function validRequest(rng: Rng, kind: ServiceKind, layout: DataLayout, session: SessionInfo | undefined): { req: DataReq; area: number } {
  const stateless = session === undefined;
  if (stateless && layout !== 'stateless') throw new Error('stateless request needs the stateless layout');
  const p: Params = session ?? paramsFromCreate(randomCreate(rng, kind));
  const flag = layout === 'legacy' ? (chance(rng, 0.2) ? rng.int(4) : FLAG.NONE) : stateless ? FLAG.NONE : FLAG.SESSION_MODE;
  const base: DataReq = {
    kind,
    layout,
    opcode: 0,
    flag,
    sessionId: session?.id ?? 0n,
    headerAlgo: stateless ? p.algo : 0,
    opType: kind === 'chain' ? SYM_OP.ALGORITHM_CHAINING : kind === 'cipher' ? SYM_OP.CIPHER : 0,
    ivLen: 0,
    srcDataLen: 0,
    dstDataLen: 0,
    aadLen: 0,
    tagLen: 0,
    hashResultLen: 0,
    cipherStart: 0,
    lenToCipher: 0,
    hashStart: 0,
    lenToHash: 0,
    sp: stateless ? { ...ZERO_SP, algo: p.algo, keyLen: p.key.length, op: p.op } : ZERO_SP,
    vlf: new Uint8Array(0),
  };
  const extra = chance(rng, 0.2) ? 1 + rng.int(40) : 0; // a longer writable area is fine (D3)
  const sk = stateless ? p.key : undefined;
  switch (kind) {
    case 'cipher': {
      const iv = ivFor(rng, kind, p.algo);
      const src = rng.bytes(cipherLen(rng, p.algo));
      const dst = src.length + (chance(rng, 0.1) ? rng.int(32) : 0);
      const req = { ...base, opcode: p.op === CIPHER_OP.ENCRYPT ? OPCODE.CIPHER_ENCRYPT : OPCODE.CIPHER_DECRYPT, ivLen: iv.length, srcDataLen: src.length, dstDataLen: dst, vlf: buildVlf(kind, { ...(sk ? { key: sk } : {}), iv, src }) };
      return { req, area: dst + 1 + extra };
    }
    case 'hash':
    case 'mac': {
      const src = rng.bytes(dataLen(rng));
      const req = {
        ...base,
        opcode: kind === 'hash' ? OPCODE.HASH : OPCODE.MAC,
        srcDataLen: src.length,
        hashResultLen: p.resultLen,
        sp: stateless ? { ...base.sp, keyLen: 0, op: 0, authKeyLen: kind === 'mac' ? p.key.length : 0 } : ZERO_SP,
        vlf: buildVlf(kind, { ...(stateless && kind === 'mac' ? { authKey: p.key } : {}), src }),
      };
      return { req, area: p.resultLen + 1 + extra };
    }
    case 'aead': {
      const iv = ivFor(rng, kind, p.algo);
      const aad = rng.bytes(chance(rng, 0.5) ? rng.int(48) : 0);
      const pt = rng.bytes(dataLen(rng));
      let src = pt;
      if (p.op === CIPHER_OP.DECRYPT) {
        src = p.algo === AEAD_ALGO.GCM ? gcmEncrypt(p.key, iv, aad, pt, p.resultLen) : ccmEncrypt(p.key, iv, aad, pt, p.resultLen);
        if (chance(rng, 0.15) && src.length > 0) src[rng.int(src.length)]! ^= 1 << rng.int(8); // BADMSG (D6)
      }
      const res = p.op === CIPHER_OP.ENCRYPT ? src.length + p.resultLen : src.length - p.resultLen;
      const req = {
        ...base,
        opcode: p.op === CIPHER_OP.ENCRYPT ? OPCODE.AEAD_ENCRYPT : OPCODE.AEAD_DECRYPT,
        ivLen: iv.length,
        aadLen: aad.length,
        srcDataLen: src.length,
        dstDataLen: res,
        tagLen: p.resultLen,
        vlf: buildVlf(kind, { ...(sk ? { key: sk } : {}), iv, aad, src }),
      };
      return { req, area: res + 1 + extra };
    }
    case 'chain': {
      const c = p.chain!;
      const iv = ivFor(rng, kind, p.algo);
      const aad = rng.bytes(chance(rng, 0.4) ? rng.int(40) : 0);
      const src = rng.bytes(dataLen(rng));
      const m = p.algo === CIPHER_ALGO.AES_ECB || p.algo === CIPHER_ALGO.AES_CBC ? 16 : 1;
      let cs = rng.int(src.length + 1);
      let lc = rng.int(src.length - cs + 1);
      lc -= lc % m;
      if (p.algo === CIPHER_ALGO.AES_XTS && lc > 0 && lc < 16) lc = 0;
      if (chance(rng, 0.3)) [cs, lc] = [0, src.length - (src.length % m)];
      if (p.algo === CIPHER_ALGO.AES_XTS && lc > 0 && lc < 16) lc = 0;
      const hs = rng.int(src.length + 1);
      const lh = rng.int(src.length - hs + 1);
      const req: DataReq = {
        ...base,
        opcode: p.op === CIPHER_OP.ENCRYPT ? OPCODE.CIPHER_ENCRYPT : OPCODE.CIPHER_DECRYPT,
        ivLen: iv.length,
        srcDataLen: src.length,
        dstDataLen: src.length,
        aadLen: aad.length,
        hashResultLen: p.resultLen,
        cipherStart: cs,
        lenToCipher: lc,
        hashStart: hs,
        lenToHash: lh,
        sp: stateless ? { algo: p.algo, keyLen: p.key.length, op: p.op, authKeyLen: c.authKey.length, hashAlgo: c.hashAlgo, hashMode: c.hashMode, order: c.order } : ZERO_SP,
        vlf: buildVlf(kind, { ...(sk ? { key: sk, authKey: c.authKey } : {}), iv, aad, src }),
      };
      return { req, area: src.length + p.resultLen + 1 + extra };
    }
  }
}

function paramsFromCreate(c: CreateSpec): Params {
  const s = sessionFromCreate(0n, c);
  return { algo: s.algo, key: s.key, op: s.op, resultLen: s.resultLen, ...(s.chain ? { chain: s.chain } : {}) };
}

// ------------------------------------------------------------------ request mutations

export interface ReqMutation {
  name: string;
  req: DataReq;
  area: number;
  /** bytes cut from the end of the readable stream */
  cut: number;
}

const U32_EDGE = [0xffffffff, 0x80000000, 0x7fffffff, 0x10000, 0xffff, 65537];

/** Apply one field/length mutation to a valid request. */
export function mutateRequest(rng: Rng, req: DataReq, area: number, ctx: FuzzContext): ReqMutation {
  const sessionMode = req.layout !== 'stateless' || req.flag === FLAG.SESSION_MODE;
  const options: (() => ReqMutation | undefined)[] = [];
  const m = (name: string, r: Partial<DataReq>, a = area, cut = 0): ReqMutation => ({ name, req: { ...req, ...r }, area: a, cut });
  // header
  options.push(() => {
    const op = pick(rng, [0x0fff, 0x0004, 0x00ff, OPCODE.CIPHER_CREATE_SESSION, OPCODE.HASH_DESTROY_SESSION, OPCODE.AEAD_CREATE_SESSION, OPCODE.AKCIPHER_ENCRYPT, OPCODE.AKCIPHER_VERIFY, OPCODE.IPSEC_OUTBOUND, 0x0102, 0x0600 + rng.int(0x100), (rng.int(2 ** 32) | 0x01000000) >>> 0]);
    return m(`opcode 0x${op.toString(16)}`, { opcode: op });
  });
  if (req.kind === 'cipher' || req.kind === 'chain' || req.kind === 'aead')
    options.push(() => {
      const flip: Record<number, number> = { [OPCODE.CIPHER_ENCRYPT]: OPCODE.CIPHER_DECRYPT, [OPCODE.CIPHER_DECRYPT]: OPCODE.CIPHER_ENCRYPT, [OPCODE.AEAD_ENCRYPT]: OPCODE.AEAD_DECRYPT, [OPCODE.AEAD_DECRYPT]: OPCODE.AEAD_ENCRYPT };
      return m('opcode direction flipped (the session / sess_para direction wins)', { opcode: flip[req.opcode]! });
    });
  options.push(() => {
    const f = pick(rng, [2, 3, 0x100, 0xffffffff, rng.int(2 ** 32) >>> 0, ...(req.layout === 'rev1' ? [0] : [])]);
    return m(`flag ${f}`, { flag: f });
  });
  if (sessionMode) {
    options.push(() => m('session id random', { sessionId: (BigInt(rng.int(2 ** 32)) << 32n) | BigInt(rng.int(2 ** 32)) }));
    if (ctx.stale.length > 0) options.push(() => m('session id stale (destroyed)', { sessionId: pick(rng, ctx.stale) }));
    const family = (k: ServiceKind) => (k === 'chain' ? 'cipher' : k);
    const others = [...ctx.sessions.values()].filter((s) => family(s.kind) !== family(req.kind));
    if (others.length > 0)
      options.push(() => {
        const s = pick(rng, others);
        return m(`session id of a ${s.kind} session`, { sessionId: s.id });
      });
    options.push(() => m('header.algo random (ignored in session mode)', { headerAlgo: rng.int(2 ** 32) >>> 0 }));
  }
  if (req.kind === 'cipher' || req.kind === 'chain') options.push(() => m('op_type unknown', { opType: pick(rng, [SYM_OP.NONE, 3, 0xffffffff, rng.int(1000) + 3]) }));
  // stateless sess_para (weighted ×3: only stateless requests can have them)
  const spOpts: (() => ReqMutation | undefined)[] = [];
  if (!sessionMode) {
    const badAlgo: Record<ServiceKind, number[]> = {
      cipher: [0, 1, 5, 6, 7, 8, 9, 10, 11, 12, 14, 255],
      chain: [0, 1, 5, 9, 12, 14],
      hash: [0, 1, 7, 8, 9, 10, 11, 12, 99],
      mac: [0, 1, 25, 27, 28, 41, 42, 49, 53, 7],
      aead: [0, 3, 4, 0xffffffff],
    };
    spOpts.push(() => {
      const a = pick(rng, badAlgo[req.kind]) >>> 0;
      return m(`sess_para.algo ${a}`, { sp: { ...req.sp, algo: a } });
    });
    if (req.kind === 'cipher' || req.kind === 'chain' || req.kind === 'aead')
      spOpts.push(() => {
        const o = pick(rng, [0, 3, 0xffffffff]) >>> 0;
        return m(`sess_para.op ${o}`, { sp: { ...req.sp, op: o } });
      });
    if (req.kind === 'chain') {
      spOpts.push(() => {
        const hm = pick(rng, [0, SYM_HASH_MODE.NESTED, 4, 0xffffffff]) >>> 0;
        return m(`sess_para.hash_mode ${hm}`, { sp: { ...req.sp, hashMode: hm } });
      });
      spOpts.push(() => {
        const o = pick(rng, [0, 3, 0xffffffff]) >>> 0;
        return m(`sess_para.alg_chain_order ${o}`, { sp: { ...req.sp, order: o } });
      });
      if (req.sp.hashMode === SYM_HASH_MODE.AUTH) spOpts.push(() => m('sess_para.hash_algo CMAC in AUTH mode', { sp: { ...req.sp, hashAlgo: MAC_ALGO.CMAC_AES } }));
    }
    if (req.kind === 'cipher' || req.kind === 'chain' || req.kind === 'aead')
      spOpts.push(() => {
        // a bad key length, with that many key bytes really sent
        const n = pick(rng, req.sp.algo === CIPHER_ALGO.AES_XTS ? [0, 16, 24, 48, 65] : [0, 8, 15, 20, 31, 33, 64, 65]);
        return m(`key_len ${n} (bytes sent)`, rekey(rng, req, n, req.sp.authKeyLen));
      });
    if (req.kind === 'mac' || (req.kind === 'chain' && req.sp.hashMode === SYM_HASH_MODE.AUTH))
      spOpts.push(() => {
        const cmac = req.kind === 'mac' && req.sp.algo === MAC_ALGO.CMAC_AES;
        const n = cmac ? pick(rng, [0, 8, 20, 33]) : 129 + rng.int(60);
        return m(`auth_key_len ${n} (bytes sent)`, rekey(rng, req, req.sp.keyLen, n));
      });
  }
  for (let i = 0; i < 3; i++) options.push(...spOpts);
  // lengths
  const lenMut = (field: keyof DataReq & string, label: string, values: number[]) =>
    options.push(() => {
      const v = pick(rng, values) >>> 0;
      return m(`${label} ${req[field] as number} → ${v}`, { [field]: v } as Partial<DataReq>);
    });
  const s = req.srcDataLen;
  lenMut('srcDataLen', 'src_data_len', [s + 1, s + 1 + rng.int(64), ...(s > 0 ? [s - 1, rng.int(s)] : []), ...U32_EDGE]);
  if (req.kind === 'cipher' || req.kind === 'chain' || req.kind === 'aead') {
    const d = req.dstDataLen;
    lenMut('dstDataLen', 'dst_data_len', [0, ...(d > 0 ? [d - 1, rng.int(d)] : []), d + 1, d + rng.int(100), ...U32_EDGE]);
    lenMut('ivLen', 'iv_len field', [0, req.ivLen + 1, ...(req.ivLen > 0 ? [req.ivLen - 1] : []), 12, 17, ...U32_EDGE]);
    options.push(() => {
      // an IV of another length, really sent
      const n = pick(rng, [0, 1, 7, 8, 12, 13, 14, 15, 17, 32]);
      return m(`iv ${req.ivLen} → ${n} bytes (sent)`, reiv(rng, req, n));
    });
  }
  if (req.kind === 'aead' || req.kind === 'chain') lenMut('aadLen', 'aad_len', [req.aadLen + 1, req.aadLen + rng.int(32), ...(req.aadLen > 0 ? [req.aadLen - 1, 0] : []), ...U32_EDGE]);
  if (req.kind === 'aead') lenMut('tagLen', 'tag_len field', [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 17, 32, 0xffffffff]);
  if (req.kind === 'hash' || req.kind === 'mac' || req.kind === 'chain') lenMut('hashResultLen', 'hash_result_len field', [0, 1, 19, 20, 21, 28, 29, 32, 33, 48, 49, 64, 65, 0xffffffff]);
  if (req.kind === 'chain') {
    const n = req.srcDataLen;
    for (const f of ['cipherStart', 'lenToCipher', 'hashStart', 'lenToHash'] as const) lenMut(f, f, [0, rng.int(n + 1), n, n + 1, 16, 0xfffffff0, 0xffffffff]);
  }
  // readable / writable areas
  if (req.vlf.length > 0)
    options.push(() => {
      const k = 1 + rng.int(req.vlf.length);
      return { name: `readable area cut by ${k} bytes`, req, area, cut: k };
    });
  options.push(() => {
    const a = rng.int(area);
    return m(`writable area ${area} → ${a}`, {}, a);
  });
  options.push(() => {
    const a = area + 1 + rng.int(64);
    return m(`writable area ${area} → ${a} (longer is fine, D3)`, {}, a);
  });
  for (;;) {
    const r = pick(rng, options)();
    if (r) return r;
  }
}

/** Replace the stateless key(s) with fresh bytes of the given lengths (fields and bytes agree). */
function rekey(rng: Rng, req: DataReq, keyLen: number, authKeyLen: number): Partial<DataReq> {
  const vlf = req.vlf;
  const keep = vlf.subarray(req.sp.keyLen + (req.kind === 'chain' || req.kind === 'mac' ? req.sp.authKeyLen : 0));
  const k = req.kind === 'mac' ? new Uint8Array(0) : rng.bytes(keyLen);
  const ak = req.kind === 'mac' || req.kind === 'chain' ? rng.bytes(authKeyLen) : new Uint8Array(0);
  const out = new Uint8Array(k.length + ak.length + keep.length);
  out.set(k);
  out.set(ak, k.length);
  out.set(keep, k.length + ak.length);
  return { vlf: out, sp: { ...req.sp, keyLen: req.kind === 'mac' ? 0 : keyLen, authKeyLen: req.kind === 'mac' || req.kind === 'chain' ? authKeyLen : 0 } };
}

/** Replace the IV with `n` fresh bytes (field and bytes agree). */
function reiv(rng: Rng, req: DataReq, n: number): Partial<DataReq> {
  const sl = req.layout === 'stateless' && req.flag === FLAG.NONE;
  const keys = sl ? req.sp.keyLen + (req.kind === 'chain' ? req.sp.authKeyLen : 0) : 0;
  const head = req.vlf.subarray(0, keys);
  const tail = req.vlf.subarray(keys + req.ivLen);
  const iv = rng.bytes(n);
  const out = new Uint8Array(head.length + n + tail.length);
  out.set(head);
  out.set(iv, head.length);
  out.set(tail, head.length + n);
  return { vlf: out, ivLen: n };
}

// ------------------------------------------------------------------ chain layouts and chain mutations

/** Cut a stream into 1..k pieces at random points (zero-length pieces possible when `zeros`). */
function randomPieces(rng: Rng, stream: Uint8Array, maxPieces: number, zeros: boolean): Uint8Array[] {
  const n = 1 + rng.int(maxPieces);
  const cuts = Array.from({ length: n - 1 }, () => rng.int(stream.length + 1)).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, stream.length]) {
    const piece = stream.subarray(prev, c);
    if (piece.length > 0 || zeros) out.push(piece);
    prev = c;
  }
  return out.length > 0 ? out : [stream];
}

function randomLens(rng: Rng, area: number, maxPieces: number, zeros: boolean): number[] {
  if (area === 0) return zeros && chance(rng, 0.5) ? [0] : [];
  const n = 1 + rng.int(maxPieces);
  const cuts = Array.from({ length: n - 1 }, () => rng.int(area + 1)).sort((a, b) => a - b);
  const out: number[] = [];
  let prev = 0;
  for (const c of [...cuts, area]) {
    if (c - prev > 0 || zeros) out.push(c - prev);
    prev = c;
  }
  return out;
}

/** A well-formed chain for the stream and area: random splits, direct / indirect / prefix. */
export function randomLayout(rng: Rng, stream: Uint8Array, area: number, queueSize: number, room: number): { spec: ChainSpec; desc: string } {
  const zeros = chance(rng, 0.2);
  for (let tries = 0; ; tries++) {
    const r = randomPieces(rng, stream, tries > 3 ? 1 : 4, zeros);
    const w = randomLens(rng, area, tries > 3 ? 1 : 3, zeros);
    const n = r.length + w.length;
    const kind = rng.int(3);
    let place: Placement = kind === 0 ? { kind: 'direct' } : kind === 1 ? { kind: 'indirect' } : { kind: 'prefix', direct: 1 + rng.int(Math.max(1, n - 1)) };
    if (place.kind === 'direct' && n > Math.min(room, queueSize)) place = { kind: 'indirect' };
    const spec = buildChain(r, w, place);
    if (spec.ring.length <= room || tries > 6) {
      const descr = `${place.kind === 'prefix' ? `${place.direct} direct + indirect` : place.kind}, readable [${r.map((x) => x.length).join(',')}], writable [${w.join(',')}]`;
      return { spec, desc: descr };
    }
  }
}

/** Indices (in walk order) of the chain's descriptors: [table or ring, index]. */
function order(spec: ChainSpec): { where: 'ring' | 'table'; i: number }[] {
  const out: { where: 'ring' | 'table'; i: number }[] = [];
  spec.ring.forEach((d, i) => {
    if (d.flags & F.INDIRECT) spec.tables[d.table!]!.forEach((_, j) => out.push({ where: 'table', i: j }));
    else out.push({ where: 'ring', i });
  });
  return out;
}

/** One malformed-chain mutation (D18) of a well-formed spec; returns undefined if not applicable. */
export function mutateChain(rng: Rng, spec0: ChainSpec, queueSize: number): { spec: ChainSpec; name: string } | undefined {
  const spec: ChainSpec = structuredClone(spec0);
  const at = (o: { where: 'ring' | 'table'; i: number }) => (o.where === 'ring' ? spec.ring[o.i]! : spec.tables[0]![o.i]!);
  const seq = order(spec);
  const hasTable = spec.tables.length > 0;
  const kinds = ['next-range', 'loop', 'no-writable', 'readable-after-writable', ...(hasTable ? ['nested', 'indirect-next', 'table-len'] : ['to-indirect-bad'])];
  const k = pick(rng, kinds);
  switch (k) {
    case 'next-range': {
      const o = pick(rng, seq);
      const d = at(o);
      d.flags |= F.NEXT;
      const size = o.where === 'ring' ? queueSize : spec.tables[0]!.length;
      d.next = size + rng.int(o.where === 'ring' ? 0x10000 - size : 4);
      d.nextRaw = true;
      return { spec, name: `next index ${d.next} ≥ ${o.where === 'ring' ? 'queue' : 'table'} size on descriptor ${o.i} of the ${o.where}` };
    }
    case 'loop': {
      // last descriptor of the ring part (or of the table) points back at an earlier one
      const inTable = hasTable && chance(rng, 0.7);
      const arr = inTable ? spec.tables[0]! : spec.ring;
      const last = inTable ? arr.length - 1 : arr.length - 1;
      if (!inTable && arr[last]!.flags & F.INDIRECT) {
        if (last === 0) return undefined;
        // the direct prefix: make descriptor last-1 loop instead of going to the table
        const j = rng.int(last);
        arr[last - 1]!.next = j;
        return { spec, name: `loop: ring descriptor ${last - 1} → ${j}` };
      }
      const j = rng.int(last + 1);
      arr[last]!.flags |= F.NEXT;
      arr[last]!.next = j;
      return { spec, name: `loop: ${inTable ? 'table' : 'ring'} descriptor ${last} → ${j} (a chain longer than its table)` };
    }
    case 'no-writable': {
      const keep = spec.bufs.map((b) => !b.writable);
      const strip = (arr: ChainSpec['ring']) => {
        const kept = arr.filter((d) => d.table !== undefined || keep[d.buf!]);
        kept.forEach((d, i) => {
          if (d.table !== undefined) return;
          if (i < kept.length - 1) {
            d.flags |= F.NEXT;
            d.next = i + 1;
          } else {
            d.flags &= ~F.NEXT;
            d.next = 0;
          }
        });
        return kept;
      };
      if (hasTable) {
        spec.tables[0] = strip(spec.tables[0]!);
        if (spec.tables[0].length === 0) return undefined;
      }
      const ringKept = strip(spec.ring);
      if (ringKept.length === 0) return undefined;
      if (hasTable && ringKept.length > 0) {
        // keep the prefix → table link
        ringKept.forEach((d, i) => {
          if (i < ringKept.length - 1) d.flags |= F.NEXT;
        });
      }
      spec.ring = ringKept;
      return { spec, name: 'no writable descriptor at all' };
    }
    case 'readable-after-writable': {
      // append a non-empty readable descriptor after the first writable one
      const wi = seq.findIndex((o) => { const d = at(o); return d.buf !== undefined && spec.bufs[d.buf]!.writable && spec.bufs[d.buf]!.len > 0; });
      if (wi < 0) return undefined;
      const o = seq[wi]!;
      const arr = o.where === 'ring' ? spec.ring : spec.tables[0]!;
      const d = arr[o.i]!;
      spec.bufs.push({ data: rng.bytes(1 + rng.int(24)), len: 0, writable: false });
      spec.bufs[spec.bufs.length - 1]!.len = spec.bufs[spec.bufs.length - 1]!.data!.length;
      const nd = { buf: spec.bufs.length - 1, flags: d.flags & F.NEXT, next: d.next };
      arr.push(nd);
      d.flags |= F.NEXT;
      d.next = arr.length - 1;
      return { spec, name: `readable descriptor after writable ${o.where} descriptor ${o.i}` };
    }
    case 'nested': {
      const t = spec.tables[0]!;
      const j = rng.int(t.length);
      spec.tables.push([{ buf: t[j]!.buf!, flags: t[j]!.flags & F.WRITE, next: 0 }]);
      if (t[j]!.table !== undefined) return undefined;
      t[j] = { table: spec.tables.length - 1, flags: F.INDIRECT | (t[j]!.flags & F.NEXT), next: t[j]!.next };
      return { spec, name: `nested indirect table at table entry ${j}` };
    }
    case 'indirect-next': {
      const r = spec.ring[spec.ring.length - 1]!;
      r.flags |= F.NEXT;
      r.next = rng.int(spec.ring.length);
      return { spec, name: `indirect descriptor with NEXT (→ ${r.next})` };
    }
    case 'table-len': {
      const r = spec.ring[spec.ring.length - 1]!;
      const n = spec.tables[0]!.length;
      r.tableLen = pick(rng, [0, 16 * n - 1 - rng.int(15), 16 * (n - 1) + 1 + rng.int(15)].filter((x) => x >= 0 && x % 16 !== 0 || x === 0));
      return { spec, name: `indirect table length ${r.tableLen} (entries ${n})` };
    }
    case 'to-indirect-bad': {
      // a direct chain whose last descriptor is replaced by an indirect one with a bad length
      const t: ChainSpec['ring'] = [{ buf: spec.ring[spec.ring.length - 1]!.buf!, flags: spec.ring[spec.ring.length - 1]!.flags & F.WRITE, next: 0 }];
      spec.tables.push(t);
      const len = pick(rng, [0, 1, 8, 15, 17, 24]);
      spec.ring[spec.ring.length - 1] = { table: 0, tableLen: len, flags: F.INDIRECT, next: 0 };
      return { spec, name: `indirect descriptor with table length ${len}` };
    }
  }
  return undefined;
}

// ------------------------------------------------------------------ prediction of a whole case

/** Predict used.len and every writable buffer for `spec` carrying request `req`. */
export function predictCase(req: DataReq, spec: ChainSpec, queueSize: number, fill: number, sessions: ReadonlyMap<bigint, SessionInfo>): Expectation {
  const walk = walkChain(spec, queueSize);
  const collected = walk.writable.reduce((a, i) => a + spec.bufs[i]!.len, 0);
  let area: Uint8Array;
  let status: number | undefined;
  let rule: string;
  if (walk.error) {
    // D18: ERR in the last writable byte collected before the error, nothing else written
    const o: Outcome = { status: 1, writes: [], rule: `D18 ${walk.error}` };
    area = expectedArea(o, collected, fill);
    status = collected > 0 ? 1 : undefined;
    rule = o.rule;
  } else {
    const readableLen = walk.readable.reduce((a, i) => a + spec.bufs[i]!.len, 0);
    const o = predictData(req, readableLen, collected, sessions);
    area = expectedArea(o, collected, fill);
    status = collected > 0 ? o.status : undefined;
    rule = collected > 0 ? o.rule : `no writable byte (${o.rule})`;
  }
  const bufs: (Uint8Array | undefined)[] = spec.bufs.map((b) => (b.writable ? new Uint8Array(b.len).fill(fill) : undefined));
  let off = 0;
  for (const i of walk.writable) {
    bufs[i] = area.slice(off, off + spec.bufs[i]!.len);
    off += spec.bufs[i]!.len;
  }
  return { usedLen: collected, bufs, status, rule };
}

/**
 * Generate one case: valid (probability pValid) or one request / chain mutation. `room` = free
 * descriptors on the target queue.
 */
export function generateCase(rng: Rng, ctx: FuzzContext, room: number, pValid: number, forceValid = false): FuzzCase {
  const kind = pick(rng, KINDS);
  const layout = ctx.layoutOf(kind);
  const live = [...ctx.sessions.values()].filter((s) => s.kind === kind);
  const stateless = layout === 'stateless' && (live.length === 0 || chance(rng, 0.5));
  if (!stateless && live.length === 0) return generateCase(rng, ctx, room, pValid, forceValid);
  const base = validRequest(rng, kind, layout, stateless ? undefined : pick(rng, live));
  let req = base.req;
  let areaLen = base.area;
  let cut = 0;
  let mutation = 'valid';
  let chainMut = false;
  const valid = forceValid || chance(rng, pValid);
  if (!valid) {
    if (chance(rng, 0.65)) {
      const mm = mutateRequest(rng, req, areaLen, ctx);
      req = mm.req;
      areaLen = mm.area;
      cut = mm.cut;
      mutation = mm.name;
    } else chainMut = true;
  }
  const full = encodeRequest(req);
  const stream = full.subarray(0, full.length - cut);
  const fill = rng.int(256);
  let { spec, desc } = randomLayout(rng, stream, areaLen, ctx.queueSize, room);
  if (chainMut) {
    const cm = mutateChain(rng, spec, ctx.queueSize);
    if (cm && cm.spec.ring.length <= room) {
      spec = cm.spec;
      mutation = `chain: ${cm.name}`;
    } else mutation = 'valid';
  }
  const isValid = mutation === 'valid';
  const expect = predictCase(req, spec, ctx.queueSize, fill, ctx.sessions);
  return { mutation: `${mutation} [${desc}]`, valid: isValid, req, stream, spec, fill, expect };
}

export { fixedSize, SHA_INFO, DEVICE_SUPPORTED };
