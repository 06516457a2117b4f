// The constrained-random plan generator: a pure function of (seed, profile, count, queues).
// It never looks at device answers, so a seed always gives the same requests; session ids are
// bound at run time through plan-time handles (types.ts).
//
// Per batch: kinds are dealt from a shuffled deck (every service × algorithm × key size × mode of
// the profile once per round, DECK_WEIGHT copies), each request gets edge-biased lengths, random
// framing (split, direct/indirect, writable cuts, fill byte, queue), sometimes a fault or a
// variant. Session-mode requests reuse a live session of their kind or get a new one, created in
// a control step before the batch; sessions are destroyed at random (and to keep at most
// MAX_LIVE alive), and destroyed ids come back as stale requests (D17 → INVSESS).

import {
  AEAD_ALGO,
  AES_BLOCK_SIZE,
  AES_IV_SIZE,
  ALG_CHAIN_ORDER,
  CCM,
  CIPHER_ALGO,
  DEVICE_LIMITS,
  GCM,
  HASH_ALGO,
  LEGACY,
  MAC_ALGO,
  REGRESSION,
  REGRESSION_SERVICES,
  SHA_INFO,
  HMAC_HASH,
  STATUS,
  SYM_HASH_MODE,
  CIPHER_DATA_FLF,
  CIPHER_DATA_FLF_STATELESS,
  HASH_DATA_FLF,
  HASH_DATA_FLF_STATELESS,
  MAC_DATA_FLF,
  MAC_DATA_FLF_STATELESS,
  AEAD_DATA_FLF,
  AEAD_DATA_FLF_STATELESS,
  CTRL_HEADER,
  DATA_HEADER,
  FLAG,
  OPCODE,
} from '../constants/crypto.ts';
import { Rng } from '../crypto/rng.ts';
import type { DataLayout, RequestMode } from '../crypto/structs.ts';
import { CIPHER_MODELS, ccmEncrypt, ccmMaxPayload, gcmEncrypt, hashDigestLen, macDigestLen } from '../ref/index.ts';
import { pickLength } from './lengths.ts';
import { DECK_WEIGHT, KINDS, ctrlLayoutOf, dataLayoutOf, mlOf, modesOf, type HmacKeyClass, type Profile } from './profiles.ts';
import type {
  DataItem,
  DataParams,
  Fault,
  Framing,
  Item,
  Kind,
  Op,
  SessionParams,
  SessionSpec,
  Step,
  Variant,
} from './types.ts';

/** Session slots of the device (rtl/top/vcrypto_top.sv NUM_SESSIONS; test/device/sessions.test.ts). */
export const SESSION_SLOTS = 16;

export interface GenOptions {
  seed: number | string;
  profile: Profile;
  /** data requests to generate */
  count: number;
  /** data queues in use (0..queues−1) */
  queues: number;
  /** requests with a fault, per mille (default 140) */
  faultPermille?: number;
  /** requests with a variant, per mille (default 30) */
  variantPermille?: number;
  /** stale-session requests, per mille of batch slots (default 25) */
  stalePermille?: number;
  /** fill the session table now and then (D17 NOSPC / ERR; default true) */
  tableFull?: boolean;
  /** largest batch (default 48) */
  maxBatch?: number;
}

/** Most sessions the plan keeps alive between table-full events. */
export const MAX_LIVE = 12;
/** Most sessions one batch creates / references. */
const MAX_NEW_PER_BATCH = 6;
const MAX_SESSIONS_PER_BATCH = 10;
/** Batch slots that go to a live session of any kind (outside the deck). */
const REUSE_PERCENT = 30;
const EMPTY = new Uint8Array(0);

const GCM_TAGS = GCM.TAG_LENS;
const CCM_TAGS = Array.from({ length: (CCM.MAX_TAG_LEN - CCM.MIN_TAG_LEN) / CCM.TAG_LEN_STEP + 1 }, (_, k) => CCM.MIN_TAG_LEN + k * CCM.TAG_LEN_STEP);
/** Unsupported algorithms for fault 'algo' (D19 → NOTSUPP). */
const BAD_CIPHER_ALGOS = [CIPHER_ALGO.DES_ECB, CIPHER_ALGO['3DES_CBC'], CIPHER_ALGO.AES_F8, CIPHER_ALGO.ARC4];
const BAD_HASH_ALGOS = [HASH_ALGO.MD5, HASH_ALGO.SHA3_256, HASH_ALGO.NO_HASH];
const BAD_MAC_ALGOS = [MAC_ALGO.HMAC_MD5, MAC_ALGO.GMAC_AES, MAC_ALGO.CBCMAC_AES, MAC_ALGO.XCBC_AES];
const BAD_AEAD_ALGOS = [AEAD_ALGO.CHACHA20_POLY1305];
/** An opcode no service defines (D19). */
export const UNKNOWN_OPCODE = 0x0fff;

export function digestOf(k: Kind): number {
  if (k.svc === 'hash') return hashDigestLen(k.algoNum)!;
  if (k.svc === 'mac') return macDigestLen(k.algoNum)!;
  if (k.svc === 'chain') return (k.hashMode === SYM_HASH_MODE.AUTH ? macDigestLen(k.hashAlgo!) : hashDigestLen(k.hashAlgo!))!;
  return 0;
}

/** Random bytes of length n with key1 ≠ key2 for XTS (D11). */
function cipherKey(rng: Rng, algo: number, n: number): Uint8Array {
  const k = rng.bytes(n);
  if (algo === CIPHER_ALGO.AES_XTS && n > 0) {
    const h = n / 2;
    if (Buffer.from(k.subarray(0, h)).equals(Buffer.from(k.subarray(h)))) k[0]! ^= 1;
  }
  return k;
}

function hmacKeyLen(rng: Rng, macAlgo: number, cls: HmacKeyClass): number {
  const block = SHA_INFO[HMAC_HASH[macAlgo]!]!.blockLen;
  switch (cls) {
    case 'k0':
      return 0;
    case 'short':
      return 1 + rng.int(block - 1);
    case 'block':
      return block;
    case 'long':
      return block + 1 + rng.int(DEVICE_LIMITS.MAX_AUTH_KEY_LEN - block);
  }
}

function flip(rng: Rng, b: Uint8Array): Uint8Array {
  const o = Uint8Array.from(b);
  if (o.length > 0) o[rng.int(o.length)]! ^= 1 << rng.int(8);
  return o;
}

/** Size of the fixed part (header + flf) of a data request in a layout. */
export function dataFixedSize(svc: Kind['svc'], layout: DataLayout): number {
  if (layout === 'legacy') return LEGACY.DATA_REQ_SIZE;
  const st = layout === 'stateless';
  const flf =
    svc === 'cipher' || svc === 'chain' ? (st ? CIPHER_DATA_FLF_STATELESS.size : CIPHER_DATA_FLF.size)
    : svc === 'hash' ? (st ? HASH_DATA_FLF_STATELESS.size : HASH_DATA_FLF.size)
    : svc === 'mac' ? (st ? MAC_DATA_FLF_STATELESS.size : MAC_DATA_FLF.size)
    : st ? AEAD_DATA_FLF_STATELESS.size : AEAD_DATA_FLF.size;
  return DATA_HEADER.size + flf;
}

/** Total variable-length bytes a data request sends (what the helpers put after the fixed part). */
export function vlfBytes(it: Pick<DataItem, 'kind' | 'mode' | 'layout' | 'p'>): number[] {
  const p = it.p;
  const keys = it.mode === 'stateless' && it.layout === 'stateless';
  switch (it.kind.svc) {
    case 'cipher':
      return [keys ? p.key.length : 0, p.iv.length, p.src.length];
    case 'hash':
      return [p.src.length];
    case 'mac':
      return [keys ? p.key.length : 0, p.src.length];
    case 'aead':
      return [keys ? p.key.length : 0, p.iv.length, p.aad.length, p.src.length];
    case 'chain':
      return [keys ? p.key.length : 0, keys ? p.authKey.length : 0, p.iv.length, p.aad.length, p.src.length];
  }
}

interface DeckEntry {
  kind: Kind;
  mode: RequestMode;
}

interface Live {
  spec: SessionSpec;
  lastUsed: number;
}

/** The plan of one device profile. */
export class PlanGenerator {
  readonly rng: Rng;
  private readonly deck: DeckEntry[] = [];
  private readonly deferred: DeckEntry[] = [];
  private readonly live = new Map<number, Live>();
  private readonly stale: SessionSpec[] = [];
  private nextHandle = 1;
  private seq = 0;
  private stepIndex = 0;
  private data = 0;
  private readonly faultPm: number;
  private readonly variantPm: number;
  private readonly stalePm: number;
  private readonly maxBatch: number;
  private readonly features: bigint;
  private tableFullDone = false;

  constructor(readonly o: GenOptions) {
    this.rng = new Rng(`${o.seed}/${o.profile.name}`);
    this.faultPm = o.faultPermille ?? 140;
    this.variantPm = o.variantPermille ?? 30;
    this.stalePm = o.stalePermille ?? 25;
    this.maxBatch = o.maxBatch ?? 48;
    this.features = o.profile.features;
    if (o.queues < 1) throw new RangeError('regress: need at least one data queue');
  }

  /** The deck of one round: every kind × mode of this profile, DECK_WEIGHT copies. */
  deckRound(): DeckEntry[] {
    const d: DeckEntry[] = [];
    for (const kind of KINDS) for (const mode of modesOf(this.features, kind.svc)) for (let i = 0; i < DECK_WEIGHT[kind.svc]; i++) d.push({ kind, mode });
    return d;
  }

  private draw(): DeckEntry {
    const back = this.deferred.shift();
    if (back) return back;
    if (this.deck.length === 0) {
      const d = this.deckRound();
      // Fisher–Yates with the plan's rng
      for (let i = d.length - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        [d[i], d[j]] = [d[j]!, d[i]!];
      }
      this.deck.push(...d);
    }
    return this.deck.pop()!;
  }

  /** Every step of the plan. */
  *steps(): Generator<Step> {
    while (this.data < this.o.count) {
      if (this.o.tableFull !== false && this.wantTableFull()) yield* this.tableFull();
      yield* this.batch();
    }
    const rest = [...this.live.values()].map((l) => l.spec);
    if (rest.length > 0) yield this.step(rest.map((s) => this.destroyItem(s, true)), 'destroy every live session');
  }

  private wantTableFull(): boolean {
    // once per plan around the middle (when the plan is big enough), and rarely at random
    if (!this.tableFullDone && this.o.count >= 300 && this.data >= this.o.count / 2) return true;
    return this.rng.int(1000) < 4;
  }

  private step(items: Item[], note?: string): Step {
    return { index: this.stepIndex++, items, ...(note ? { note } : {}) };
  }

  // ---------------------------------------------------------------- sessions

  /** A fresh session of the kind with legal random parameters. */
  newSession(kind: Kind): SessionSpec {
    const rng = this.rng;
    const handle = this.nextHandle++;
    const op: Op = rng.int(2) === 0 ? 'encrypt' : 'decrypt';
    let params: SessionParams;
    switch (kind.svc) {
      case 'cipher':
        params = { svc: 'cipher', p: { algo: kind.algoNum, key: cipherKey(rng, kind.algoNum, kind.keyLen), op } };
        break;
      case 'hash':
        params = { svc: 'hash', p: { algo: kind.algoNum, hashResultLen: this.resultLen(digestOf(kind)) } };
        break;
      case 'mac': {
        const kl = kind.algo === 'cmac-aes' ? kind.keyLen : hmacKeyLen(rng, kind.algoNum, kind.key as HmacKeyClass);
        params = { svc: 'mac', p: { algo: kind.algoNum, key: rng.bytes(kl), hashResultLen: this.resultLen(digestOf(kind)) } };
        break;
      }
      case 'aead':
        params = { svc: 'aead', p: { algo: kind.algoNum, key: rng.bytes(kind.keyLen), tagLen: this.tagLen(kind.algoNum), op, aadLen: rng.int(65) } };
        break;
      case 'chain':
        params = {
          svc: 'chain',
          p: {
            order: rng.int(2) === 0 ? ALG_CHAIN_ORDER.CIPHER_THEN_HASH : ALG_CHAIN_ORDER.HASH_THEN_CIPHER,
            hashMode: kind.hashMode!,
            cipherAlgo: kind.algoNum,
            cipherKey: cipherKey(rng, kind.algoNum, kind.keyLen),
            cipherOp: op,
            hashAlgo: kind.hashAlgo!,
            authKey: kind.hashMode === SYM_HASH_MODE.AUTH ? rng.bytes(rng.int(DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1)) : EMPTY,
            hashResultLen: this.resultLen(digestOf(kind)),
            aadLen: rng.int(65),
          },
        };
        break;
    }
    return { handle, kind, params };
  }

  private resultLen(digest: number): number {
    return this.rng.int(10) < 7 ? digest : 1 + this.rng.int(digest);
  }

  private tagLen(algo: number): number {
    if (this.rng.int(2) === 0) return GCM.MAX_TAG_LEN;
    return this.rng.pick(algo === AEAD_ALGO.GCM ? GCM_TAGS : CCM_TAGS);
  }

  private createItem(session: SessionSpec, expectStatus: number = STATUS.OK, fault?: string): Item {
    return { type: 'create', seq: this.seq++, session, expectStatus, ...(fault ? { fault } : {}), layout: ctrlLayoutOf(this.features), framing: this.ctrlFraming(session) };
  }

  private destroyItem(session: SessionSpec, live: boolean): Item {
    if (live) {
      this.live.delete(session.handle);
      this.stale.push(session);
    }
    return { type: 'destroy', seq: this.seq++, session, live, layout: ctrlLayoutOf(this.features), framing: this.ctrlFraming() };
  }

  /** A create the device must refuse (bad key length, bad tag length, unsupported algorithm …). */
  private badCreate(): Item | undefined {
    const rng = this.rng;
    const kind = rng.pick(KINDS);
    const s = this.newSession(kind);
    let fault: string;
    let status: number = STATUS.ERR;
    switch (s.params.svc) {
      case 'cipher': {
        const p = s.params.p;
        const r = rng.int(3);
        if (r === 0) {
          p.key = rng.bytes(rng.pick(p.algo === CIPHER_ALGO.AES_XTS ? REGRESSION_SERVICES.BAD_XTS_KEY_LENGTHS : REGRESSION.BAD_AES_KEY_LENGTHS));
          fault = 'bad key length';
        } else if (r === 1 && p.algo === CIPHER_ALGO.AES_XTS) {
          const h = p.key.subarray(0, p.key.length / 2);
          p.key.set(h, p.key.length / 2);
          fault = 'D11 key1 = key2';
        } else {
          p.algo = rng.pick(BAD_CIPHER_ALGOS);
          fault = 'D19 unsupported cipher algorithm';
          status = STATUS.NOTSUPP;
        }
        break;
      }
      case 'hash': {
        const p = s.params.p;
        if (rng.int(2) === 0) {
          p.hashResultLen = rng.int(2) === 0 ? 0 : digestOf(kind) + 1 + rng.int(8);
          fault = 'D13 hash_result_len';
        } else {
          p.algo = rng.pick(BAD_HASH_ALGOS);
          fault = 'D19 unsupported hash algorithm';
          status = STATUS.NOTSUPP;
        }
        break;
      }
      case 'mac': {
        const p = s.params.p;
        const r = rng.int(3);
        if (r === 0) {
          p.key = rng.bytes(p.algo === MAC_ALGO.CMAC_AES ? rng.pick(REGRESSION_SERVICES.BAD_CMAC_KEY_LENGTHS) : DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1 + rng.int(64));
          fault = 'D15 bad key length';
        } else if (r === 1) {
          p.hashResultLen = rng.int(2) === 0 ? 0 : digestOf(kind) + 1;
          fault = 'D13 hash_result_len';
        } else {
          p.algo = rng.pick(BAD_MAC_ALGOS);
          fault = 'D19/D16 unsupported MAC algorithm';
          status = STATUS.NOTSUPP;
        }
        break;
      }
      case 'aead': {
        const p = s.params.p;
        const r = rng.int(3);
        if (r === 0) {
          p.key = rng.bytes(rng.pick(REGRESSION.BAD_AES_KEY_LENGTHS));
          fault = 'bad key length';
        } else if (r === 1) {
          p.tagLen = rng.pick(p.algo === AEAD_ALGO.GCM ? REGRESSION_SERVICES.BAD_GCM_TAG_LENS : REGRESSION_SERVICES.BAD_CCM_TAG_LENS);
          fault = 'D7 tag_len';
          status = STATUS.NOTSUPP;
        } else {
          p.algo = rng.pick(BAD_AEAD_ALGOS);
          fault = 'D19 unsupported AEAD algorithm';
          status = STATUS.NOTSUPP;
        }
        break;
      }
      case 'chain': {
        const p = s.params.p;
        const r = rng.int(4);
        if (r === 0) {
          p.hashMode = SYM_HASH_MODE.NESTED;
          fault = 'hash_mode NESTED';
          status = STATUS.NOTSUPP;
        } else if (r === 1) {
          p.hashMode = SYM_HASH_MODE.AUTH;
          p.hashAlgo = MAC_ALGO.CMAC_AES;
          p.authKey = rng.bytes(AES_BLOCK_SIZE);
          fault = 'AUTH with CMAC';
          status = STATUS.NOTSUPP;
        } else if (r === 2) {
          p.cipherKey = rng.bytes(rng.pick(p.cipherAlgo === CIPHER_ALGO.AES_XTS ? REGRESSION_SERVICES.BAD_XTS_KEY_LENGTHS : REGRESSION.BAD_AES_KEY_LENGTHS));
          fault = 'bad cipher key length';
        } else {
          p.hashResultLen = 0;
          fault = 'D13 hash_result_len 0';
        }
        break;
      }
    }
    return this.createItem(s, status, fault);
  }

  // ---------------------------------------------------------------- table full (D17)

  private *tableFull(): Generator<Step> {
    this.tableFullDone = true;
    const fillers: SessionSpec[] = [];
    while (this.live.size + fillers.length < SESSION_SLOTS) fillers.push(this.newSession(this.rng.pick(KINDS)));
    if (fillers.length > 0) yield this.step(fillers.map((s) => this.createItem(s)), 'D17: fill the session table');
    for (const s of fillers) this.live.set(s.handle, { spec: s, lastUsed: this.stepIndex });
    const over = this.newSession(this.rng.pick(KINDS));
    const full = ctrlLayoutOf(this.features) === 'rev1' ? STATUS.NOSPC : STATUS.ERR;
    yield this.step([this.createItem(over, full, `D17 table full → ${full === STATUS.NOSPC ? 'NOSPC' : 'ERR'}`)], 'D17: create with a full table');
    yield this.step(fillers.map((s) => this.destroyItem(s, true)), 'D17: destroy the fillers');
  }

  // ---------------------------------------------------------------- batches

  private batchSize(): number {
    const r = this.rng.int(100);
    const n = r < 10 ? 1 : r < 35 ? 2 + this.rng.int(3) : r < 75 ? 5 + this.rng.int(12) : 17 + this.rng.int(this.maxBatch - 16);
    return Math.min(n, this.o.count - this.data);
  }

  private *batch(): Generator<Step> {
    const rng = this.rng;
    const size = this.batchSize();
    const items: DataItem[] = [];
    const used = new Set<number>();
    const created: SessionSpec[] = [];
    const byKind = (k: Kind) => [...this.live.values()].map((l) => l.spec).concat(created).filter((s) => s.kind === k);
    while (items.length < size) {
      if (this.stale.length > 0 && rng.int(1000) < this.stalePm) {
        const s = rng.pick(this.stale);
        items.push(this.dataItem(s.kind, 'session', s, 'stale'));
        continue;
      }
      // a request on a session already in use (many requests per session, as drivers do); live
      // sessions the batch does not use yet only while the batch's sessions stay ≤ MAX_LIVE
      const room = used.size < MAX_LIVE;
      const reusable = [...this.live.values()].map((l) => l.spec).concat(created).filter((x) => room || used.has(x.handle));
      if (reusable.length > 0 && rng.int(100) < REUSE_PERCENT) {
        const s = rng.pick(reusable);
        used.add(s.handle);
        items.push(this.dataItem(s.kind, 'session', s));
        continue;
      }
      const e = this.draw();
      if (e.mode === 'stateless') {
        items.push(this.dataItem(e.kind, 'stateless'));
        continue;
      }
      const mine = byKind(e.kind).filter((x) => room || used.has(x.handle));
      let s: SessionSpec | undefined = mine.length > 0 && rng.int(10) < 6 ? rng.pick(mine) : undefined;
      if (!s) {
        if (created.length >= MAX_NEW_PER_BATCH || used.size >= MAX_SESSIONS_PER_BATCH || !room) {
          this.deferred.push(e);
          break;
        }
        s = this.newSession(e.kind);
        created.push(s);
      }
      used.add(s.handle);
      items.push(this.dataItem(e.kind, 'session', s));
    }
    // ---- control step before the batch: destroys (random + keep ≤ MAX_LIVE), then creates
    const destroys: Item[] = [];
    const liveBefore = this.live.size;
    const candidates = () => [...this.live.values()].filter((l) => !used.has(l.spec.handle));
    if (rng.int(100) < 20) {
      const c = candidates();
      if (c.length > 0) destroys.push(this.destroyItem(rng.pick(c).spec, true));
    }
    while (this.live.size + created.length > MAX_LIVE) {
      const c = candidates().sort((a, b) => a.lastUsed - b.lastUsed);
      if (c.length === 0) break;
      destroys.push(this.destroyItem(c[0]!.spec, true));
    }
    const creates = created.map((s) => this.createItem(s));
    for (const s of created) this.live.set(s.handle, { spec: s, lastUsed: this.stepIndex });
    for (const h of used) {
      const l = this.live.get(h);
      if (l) l.lastUsed = this.stepIndex;
    }
    // one step when the table cannot overflow whatever order the device takes them in
    if (destroys.length > 0 && liveBefore + creates.length > SESSION_SLOTS) {
      yield this.step(destroys);
      if (creates.length > 0) yield this.step(creates);
    } else if (destroys.length + creates.length > 0) yield this.step([...destroys, ...creates]);
    // ---- the data batch, with control requests that must fail sprinkled in
    const extra: Item[] = [];
    for (let i = rng.int(100) < 40 ? 1 + rng.int(2) : 0; i > 0; i--) {
      const b = this.badCreate();
      if (b) extra.push(b);
    }
    if (this.stale.length > 0 && rng.int(100) < 6) extra.push(this.destroyItem(rng.pick(this.stale), false));
    this.data += items.length;
    // queues: spread, or (3 in 10) everything on one queue for a deep ring
    const one = rng.int(10) < 3 ? rng.int(this.o.queues) : -1;
    for (const it of items) it.framing.queue = one >= 0 ? one : rng.int(this.o.queues);
    const depth = new Map<number, number>();
    for (const it of items) depth.set(it.framing.queue, (depth.get(it.framing.queue) ?? 0) + 1);
    for (const it of items) it.depth = depth.get(it.framing.queue)!;
    // shuffle the control requests in among the data requests
    const all: Item[] = [...items];
    for (const x of extra) all.splice(rng.int(all.length + 1), 0, x);
    yield this.step(all);
  }

  // ---------------------------------------------------------------- data requests

  /** A data request of `kind` in `mode` (session: on session `s`), legal unless a fault is drawn. */
  dataItem(kind: Kind, mode: RequestMode, s?: SessionSpec, forced?: Fault): DataItem {
    const rng = this.rng;
    const layout = dataLayoutOf(this.features, kind.svc);
    const it: DataItem = {
      type: 'data',
      seq: this.seq++,
      kind,
      mode,
      layout,
      ml: mlOf(mode, layout),
      ...(s ? { session: s } : {}),
      p: this.baseParams(kind, mode, s),
      framing: { queue: 0, split: 'parts', indirect: false, writable: [], fill: 0, readableSingle: false },
      depth: 1,
    };
    let fault = forced;
    if (!fault && rng.int(1000) < this.faultPm) {
      const fs = applicableFaults(it);
      if (fs.length > 0) fault = pickWeighted(rng, fs, (f) => FAULT_WEIGHT[f] ?? 2);
    }
    let slack = rng.int(10) === 0 ? 1 + rng.int(24) : 0;
    let areaOverride: number | undefined;
    if (fault) {
      it.fault = fault;
      const a = this.applyFault(it, fault);
      if (a !== undefined) {
        areaOverride = a;
        slack = 0;
      }
    } else if (rng.int(1000) < this.variantPm) {
      const vs = applicableVariants(it);
      if (vs.length > 0) this.applyVariant(it, rng.pick(vs));
    }
    it.framing = this.dataFraming(it, slack, areaOverride);
    return it;
  }

  /** Legal parameters (session mode: consistent with the session). */
  private baseParams(kind: Kind, mode: RequestMode, s?: SessionSpec): DataParams {
    const rng = this.rng;
    const p: DataParams = {
      op: rng.int(2) === 0 ? 'encrypt' : 'decrypt',
      algo: kind.algoNum,
      key: EMPTY,
      iv: EMPTY,
      aad: EMPTY,
      src: EMPTY,
      dstLen: 0,
      hashResultLen: 0,
      tagLen: 0,
      order: ALG_CHAIN_ORDER.CIPHER_THEN_HASH,
      hashMode: 0,
      hashAlgo: 0,
      authKey: EMPTY,
      cipherStart: 0,
      lenToCipher: 0,
      hashStart: 0,
      lenToHash: 0,
    };
    const extraDst = () => (rng.int(10) === 0 ? 1 + rng.int(32) : 0);
    switch (kind.svc) {
      case 'cipher': {
        const sp = s?.params.svc === 'cipher' ? s.params.p : undefined;
        if (sp) p.op = sp.op;
        p.key = sp ? sp.key : cipherKey(rng, kind.algoNum, kind.keyLen);
        const model = CIPHER_MODELS[kind.algoNum]!;
        p.iv = rng.bytes(model.ivLen ?? rng.pick([0, AES_IV_SIZE, rng.int(33)]));
        let n = pickLength(rng);
        n -= n % model.lengthMultiple;
        if (model.minLength !== undefined && n > 0 && n < model.minLength) n += model.minLength;
        p.src = rng.bytes(n);
        p.dstLen = n + extraDst();
        break;
      }
      case 'hash': {
        const sp = s?.params.svc === 'hash' ? s.params.p : undefined;
        p.hashResultLen = sp ? sp.hashResultLen : this.resultLen(digestOf(kind));
        p.src = rng.bytes(pickLength(rng));
        break;
      }
      case 'mac': {
        const sp = s?.params.svc === 'mac' ? s.params.p : undefined;
        p.hashResultLen = sp ? sp.hashResultLen : this.resultLen(digestOf(kind));
        p.key = sp ? sp.key : rng.bytes(kind.algo === 'cmac-aes' ? kind.keyLen : hmacKeyLen(rng, kind.algoNum, kind.key as HmacKeyClass));
        p.src = rng.bytes(pickLength(rng));
        break;
      }
      case 'aead': {
        const sp = s?.params.svc === 'aead' ? s.params.p : undefined;
        if (sp) p.op = sp.op;
        p.key = sp ? sp.key : rng.bytes(kind.keyLen);
        p.tagLen = sp ? sp.tagLen : this.tagLen(kind.algoNum);
        const n = pickLength(rng);
        const big = n >= 4096;
        p.iv = rng.bytes(this.aeadIvLen(kind.algoNum, n));
        p.aad = rng.bytes(this.aadLen(big));
        const pt = rng.bytes(n);
        if (p.op === 'encrypt') {
          p.src = pt;
          p.dstLen = n + p.tagLen + extraDst();
        } else {
          p.src = seal(kind.algoNum, p.key, p.iv, p.aad, pt, p.tagLen);
          p.dstLen = n + extraDst();
        }
        break;
      }
      case 'chain': {
        const sp = s?.params.svc === 'chain' ? s.params.p : undefined;
        if (sp) {
          p.op = sp.cipherOp;
          p.order = sp.order;
          p.key = sp.cipherKey;
          p.authKey = sp.authKey;
          p.hashResultLen = sp.hashResultLen;
        } else {
          p.order = rng.int(2) === 0 ? ALG_CHAIN_ORDER.CIPHER_THEN_HASH : ALG_CHAIN_ORDER.HASH_THEN_CIPHER;
          p.key = cipherKey(rng, kind.algoNum, kind.keyLen);
          p.authKey = kind.hashMode === SYM_HASH_MODE.AUTH ? rng.bytes(rng.int(DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1)) : EMPTY;
          p.hashResultLen = this.resultLen(digestOf(kind));
        }
        p.hashMode = kind.hashMode!;
        p.hashAlgo = kind.hashAlgo!;
        const model = CIPHER_MODELS[kind.algoNum]!;
        p.iv = rng.bytes(AES_IV_SIZE);
        const n = pickLength(rng);
        p.aad = rng.bytes(rng.int(10) < 4 ? 0 : this.aadLen(n >= 4096));
        p.src = rng.bytes(n);
        const full = rng.int(2) === 0;
        // D21: a legal cipher range (ECB/CBC block multiples, XTS 0 or ≥ 16) and hash range
        let len: number;
        if (model.lengthMultiple > 1) len = full ? n - (n % model.lengthMultiple) : model.lengthMultiple * rng.int(Math.floor(n / model.lengthMultiple) + 1);
        else if (model.minLength !== undefined) len = n < model.minLength ? 0 : full ? n : model.minLength + rng.int(n - model.minLength + 1);
        else len = full ? n : rng.int(n + 1);
        p.lenToCipher = len;
        p.cipherStart = full ? 0 : rng.int(n - len + 1);
        p.hashStart = full ? 0 : rng.int(n + 1);
        p.lenToHash = full ? n : rng.int(n - p.hashStart + 1);
        p.dstLen = n + extraDst();
        break;
      }
    }
    return p;
  }

  private aeadIvLen(algo: number, payload: number): number {
    const rng = this.rng;
    if (algo === AEAD_ALGO.GCM) {
      const r = rng.int(10);
      return r < 6 ? GCM.FAST_IV_LEN : r < 7 ? AES_BLOCK_SIZE : r < 8 ? 1 + rng.int(7) : 1 + rng.int(REGRESSION_SERVICES.MAX_RANDOM_GCM_IV);
    }
    // D9: nonce 7..13, and the payload must fit the 15 − n length field
    let n = CCM.MIN_NONCE_LEN + rng.int(CCM.MAX_NONCE_LEN - CCM.MIN_NONCE_LEN + 1);
    while (payload > ccmMaxPayload(n)) n--;
    return n;
  }

  private aadLen(big: boolean): number {
    const r = this.rng.int(10);
    if (r < 3) return 0;
    if (r < 9 || big) return 1 + this.rng.int(REGRESSION_SERVICES.MAX_RANDOM_AAD);
    return REGRESSION_SERVICES.MAX_RANDOM_AAD + this.rng.int(432);
  }

  // ---------------------------------------------------------------- faults and variants

  /**
   * Break one rule. Returns an explicit writable-area size for 'small-area' (D13), else
   * undefined. The request stays legal in every other respect, so the fault decides the status.
   */
  private applyFault(it: DataItem, f: Fault): number | undefined {
    const rng = this.rng;
    const p = it.p;
    const svc = it.kind.svc;
    switch (f) {
      case 'stale':
      case 'opcode':
        if (f === 'opcode') p.opcode = rng.int(2) === 0 ? UNKNOWN_OPCODE : OPCODE.AKCIPHER_ENCRYPT;
        return undefined;
      case 'flag0':
        p.flag = FLAG.NONE;
        return undefined;
      case 'len-block': {
        if (svc === 'cipher') {
          const n = AES_BLOCK_SIZE * rng.int(8) + 1 + rng.int(AES_BLOCK_SIZE - 1);
          p.src = rng.bytes(n);
          p.dstLen = n;
        } else {
          // chain: len_to_cipher not a block multiple, inside src
          const n = Math.max(p.src.length, 2 * AES_BLOCK_SIZE);
          p.src = rng.bytes(n);
          p.dstLen = n;
          p.cipherStart = 0;
          p.lenToCipher = AES_BLOCK_SIZE * rng.int(Math.floor(n / AES_BLOCK_SIZE)) + 1 + rng.int(AES_BLOCK_SIZE - 1);
          p.hashStart = 0;
          p.lenToHash = n;
        }
        return undefined;
      }
      case 'xts-short': {
        const short = 1 + rng.int(AES_BLOCK_SIZE - 1);
        if (svc === 'cipher') {
          p.src = rng.bytes(short);
          p.dstLen = short;
        } else {
          const n = Math.max(p.src.length, AES_BLOCK_SIZE);
          p.src = rng.bytes(n);
          p.dstLen = n;
          p.cipherStart = rng.int(n - short + 1);
          p.lenToCipher = short;
          p.hashStart = 0;
          p.lenToHash = n;
        }
        return undefined;
      }
      case 'xts-key-eq': {
        const k = Uint8Array.from(p.key);
        k.set(k.subarray(0, k.length / 2), k.length / 2);
        p.key = k;
        return undefined;
      }
      case 'short-dst': {
        // cipher/chain: dst < src (D13); AEAD: dst < src + tag (D5) / dst < src − tag (D6)
        const need = svc === 'aead' ? (p.op === 'encrypt' ? p.src.length + p.tagLen : p.src.length - p.tagLen) : p.src.length;
        p.dstLen = rng.int(need);
        return undefined;
      }
      case 'small-area': {
        // D13: fewer writable bytes than the result + the status
        const need = resultNeed(it);
        return 1 + rng.int(need - 1);
      }
      case 'result-len': {
        const d = digestOf(it.kind);
        p.hashResultLen = rng.int(2) === 0 ? 0 : d + 1 + rng.int(8);
        return undefined;
      }
      case 'key-len': {
        if (svc === 'mac') p.key = rng.bytes(it.kind.algo === 'cmac-aes' ? rng.pick(REGRESSION_SERVICES.BAD_CMAC_KEY_LENGTHS) : DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1 + rng.int(64));
        else if (svc === 'chain' && it.kind.hashMode === SYM_HASH_MODE.AUTH && rng.int(2) === 0) p.authKey = rng.bytes(DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1 + rng.int(64));
        else p.key = rng.bytes(rng.pick(it.kind.algoNum === CIPHER_ALGO.AES_XTS && svc !== 'aead' ? REGRESSION_SERVICES.BAD_XTS_KEY_LENGTHS : REGRESSION.BAD_AES_KEY_LENGTHS));
        return undefined;
      }
      case 'iv-len': {
        if (svc === 'aead') p.iv = it.kind.algoNum === AEAD_ALGO.GCM ? EMPTY : rng.bytes(rng.pick([CCM.MIN_NONCE_LEN - 1, CCM.MAX_NONCE_LEN + 1, 0]));
        else p.iv = rng.bytes(rng.pick([0, AES_IV_SIZE - 1, AES_IV_SIZE + 1, 2 * AES_IV_SIZE]));
        return undefined;
      }
      case 'tag-len': {
        p.tagLen = rng.pick(it.kind.algoNum === AEAD_ALGO.GCM ? REGRESSION_SERVICES.BAD_GCM_TAG_LENS : REGRESSION_SERVICES.BAD_CCM_TAG_LENS);
        // keep the src / dst consistent with the new tag length where possible
        p.op = 'encrypt';
        p.dstLen = p.src.length + p.tagLen;
        return undefined;
      }
      case 'bad-tag': {
        // D6: flip a bit of ciphertext ‖ tag (the request is a decrypt already)
        p.src = flip(rng, p.src);
        return undefined;
      }
      case 'src-lt-tag': {
        p.src = rng.bytes(rng.int(p.tagLen));
        p.dstLen = 0;
        return undefined;
      }
      case 'range': {
        // D21: the cipher or the hash range ends beyond src
        const n = p.src.length;
        if (rng.int(2) === 0) {
          p.cipherStart = rng.int(n + 1);
          p.lenToCipher = n - p.cipherStart + 1 + rng.int(AES_BLOCK_SIZE);
        } else {
          p.hashStart = rng.int(n + 1);
          p.lenToHash = n - p.hashStart + 1 + rng.int(AES_BLOCK_SIZE);
        }
        return undefined;
      }
      case 'algo': {
        if (svc === 'cipher') p.algo = rng.pick(BAD_CIPHER_ALGOS);
        else if (svc === 'hash') p.algo = rng.pick(BAD_HASH_ALGOS);
        else if (svc === 'mac') p.algo = rng.pick(BAD_MAC_ALGOS);
        else if (svc === 'aead') p.algo = rng.pick(BAD_AEAD_ALGOS);
        else {
          const r = rng.int(3);
          if (r === 0) p.hashMode = SYM_HASH_MODE.NESTED;
          else if (r === 1) {
            p.hashMode = SYM_HASH_MODE.AUTH;
            p.hashAlgo = MAC_ALGO.CMAC_AES;
            p.authKey = rng.bytes(AES_BLOCK_SIZE);
          } else p.algo = rng.pick(BAD_CIPHER_ALGOS);
        }
        return undefined;
      }
    }
  }

  private applyVariant(it: DataItem, v: Variant): void {
    const p = it.p;
    it.variant = v;
    switch (v) {
      case 'dir-swap':
        p.op = p.op === 'encrypt' ? 'decrypt' : 'encrypt';
        break;
      case 'field-ignored':
        if (it.kind.svc === 'aead') p.tagLenField = this.rng.pick([0, 3, 7, 17, 255]);
        else p.hashResultLenField = this.rng.pick([0, digestOf(it.kind) + 1, 1000]);
        break;
      case 'sess-para':
        p.sessParaGarbage = true;
        break;
      case 'legacy-flag':
        p.flag = this.rng.pick([FLAG.SESSION_MODE, 2, 0x80000000, 1 + this.rng.int(0xffff)]);
        break;
    }
  }

  // ---------------------------------------------------------------- framing

  private fill(): number {
    const r = this.rng.int(4);
    return r === 0 ? 0 : r === 1 ? 0xa5 : r === 2 ? 0xff : this.rng.int(256);
  }

  private readableSplit(fixed: number, vlf: number[]): { split: Framing['split']; single: boolean } {
    const rng = this.rng;
    const total = fixed + vlf.reduce((a, b) => a + b, 0);
    const r = rng.int(100);
    if (r < 25) return { split: 'single', single: true };
    if (r < 50) return { split: 'parts', single: !vlf.some((n) => n > 0) };
    if (r < 65) return { split: 'fields', single: false };
    // random cut points: one inside the header (so the request is always multi-descriptor), then
    // 0..5 more (1 in 10: up to 20, down to 1-byte pieces)
    const cuts = [1 + rng.int(CTRL_HEADER.size - 1)];
    const more = rng.int(10) === 0 ? 6 + rng.int(15) : rng.int(6);
    for (let i = 0; i < more; i++) cuts.push(1 + rng.int(total - 1));
    return { split: [...new Set(cuts)].sort((a, b) => a - b), single: false };
  }

  private writableCuts(lens: number[]): number[] {
    const rng = this.rng;
    const total = lens.reduce((a, b) => a + b, 0);
    const r = rng.int(100);
    if (total <= 1 || r < 25) return [total];
    if (r < 65) return lens.filter((n) => n > 0);
    const cuts = new Set<number>();
    const k = 1 + rng.int(4);
    for (let i = 0; i < k; i++) cuts.add(1 + rng.int(total - 1));
    const pts = [...cuts].sort((a, b) => a - b);
    const out: number[] = [];
    let prev = 0;
    for (const c of [...pts, total]) {
      out.push(c - prev);
      prev = c;
    }
    return out;
  }

  private dataFraming(it: DataItem, slack: number, areaOverride?: number): Framing {
    const p = it.p;
    const svc = it.kind.svc;
    // natural result areas (as the helpers would lay them out), then slack and the status (D3)
    let lens: number[];
    if (areaOverride !== undefined) lens = [areaOverride - 1, 1];
    else if (svc === 'cipher' || svc === 'aead') lens = [p.dstLen, slack + 1];
    else if (svc === 'hash' || svc === 'mac') lens = [p.hashResultLen, slack + 1];
    else lens = [p.dstLen, p.hashResultLen, slack + 1];
    const { split, single } = this.readableSplit(dataFixedSize(svc, it.layout), vlfBytes(it));
    return { queue: 0, split, indirect: this.rng.int(100) < 35, writable: this.writableCuts(lens), fill: this.fill(), readableSingle: single };
  }

  /** Framing of a control request: `create` = the session being created, none for a destroy. */
  private ctrlFraming(create?: SessionSpec): Framing {
    const rng = this.rng;
    // the fixed part + key material; session_input 16 bytes (create; 1 in 5 a longer area) or the
    // 1-byte status (destroy; 1 in 5 a longer area, the status is its last byte)
    const { split, single } = this.readableSplit(LEGACY.CTRL_REQ_SIZE, create ? createVlf(create) : []);
    const wl = create ? this.writableCuts(rng.int(5) === 0 ? [8, 8 + 1 + rng.int(16)] : [8, 8]) : rng.int(5) === 0 ? this.writableCuts([1 + rng.int(8), 1]) : [1];
    return { queue: -1, split, indirect: rng.int(100) < 35, writable: wl, fill: this.fill(), readableSingle: single };
  }
}

/** Key material a create request sends after its fixed part. */
export function createVlf(s: SessionSpec): number[] {
  switch (s.params.svc) {
    case 'cipher':
      return [s.params.p.key.length];
    case 'hash':
      return [];
    case 'mac':
      return [s.params.p.key.length];
    case 'aead':
      return [s.params.p.key.length];
    case 'chain':
      return [s.params.p.cipherKey.length, s.params.p.hashMode === SYM_HASH_MODE.AUTH ? s.params.p.authKey.length : 0];
  }
}

/** Relative weights of the faults (others 2): the generic ones apply to every request. */
const FAULT_WEIGHT: Partial<Record<Fault, number>> = { opcode: 1, flag0: 1, 'bad-tag': 5, 'xts-key-eq': 5, 'tag-len': 3, 'result-len': 3 };

function pickWeighted<T>(rng: Rng, xs: readonly T[], w: (x: T) => number): T {
  const total = xs.reduce((a, x) => a + w(x), 0);
  let r = rng.int(total);
  for (const x of xs) if ((r -= w(x)) < 0) return x;
  return xs[xs.length - 1]!;
}

/** AEAD seal (encrypt) with the reference model, for decrypt requests. */
export function seal(algo: number, key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array, tagLen: number): Uint8Array {
  return algo === AEAD_ALGO.GCM ? gcmEncrypt(key, iv, aad, pt, tagLen) : ccmEncrypt(key, iv, aad, pt, tagLen);
}

/** Writable bytes a legal request needs (result + status, D13). */
export function resultNeed(it: DataItem): number {
  const p = it.p;
  switch (it.kind.svc) {
    case 'cipher':
      return p.src.length + 1;
    case 'hash':
    case 'mac':
      return p.hashResultLen + 1;
    case 'aead':
      return (p.op === 'encrypt' ? p.src.length + p.tagLen : p.src.length - p.tagLen) + 1;
    case 'chain':
      return p.dstLen + p.hashResultLen + 1;
  }
}

/** Faults that can be applied to this (legal) request so that the fault alone decides the status. */
export function applicableFaults(it: DataItem): Fault[] {
  const f: Fault[] = [];
  const svc = it.kind.svc;
  const sl = it.mode === 'stateless';
  const p = it.p;
  const algo = it.kind.algoNum;
  const model = svc === 'cipher' || svc === 'chain' ? CIPHER_MODELS[algo] : undefined;
  f.push('opcode');
  if (it.ml === 'session-rev1') f.push('flag0');
  // ('stale' is not drawn here: stale requests are made on destroyed sessions, see batch())
  if (sl) f.push('algo');
  if (sl && svc !== 'hash') f.push('key-len');
  if (svc === 'cipher') {
    if (model!.lengthMultiple > 1) f.push('len-block');
    if (model!.minLength !== undefined) f.push('xts-short');
    if (sl && algo === CIPHER_ALGO.AES_XTS) f.push('xts-key-eq');
    if (model!.ivLen !== undefined) f.push('iv-len');
    if (p.src.length > 0) f.push('short-dst', 'small-area');
  }
  if (svc === 'hash' || svc === 'mac') {
    if (sl) f.push('result-len');
    if (p.hashResultLen > 0) f.push('small-area');
  }
  if (svc === 'aead') {
    f.push('iv-len');
    if (sl) f.push('tag-len');
    const need = resultNeed(it) - 1;
    if (need > 0) f.push('short-dst', 'small-area');
    if (p.op === 'decrypt') f.push('bad-tag', 'src-lt-tag');
  }
  if (svc === 'chain') {
    if (model!.lengthMultiple > 1) f.push('len-block');
    if (model!.minLength !== undefined) f.push('xts-short');
    if (sl && algo === CIPHER_ALGO.AES_XTS) f.push('xts-key-eq');
    if (model!.ivLen !== undefined) f.push('iv-len');
    if (sl) f.push('result-len');
    f.push('range', 'small-area');
    if (p.src.length > 0) f.push('short-dst');
  }
  return f;
}

export function applicableVariants(it: DataItem): Variant[] {
  if (it.mode !== 'session') return [];
  const v: Variant[] = [];
  const svc = it.kind.svc;
  if (svc === 'cipher' || svc === 'aead' || svc === 'chain') v.push('dir-swap');
  if (svc === 'hash' || svc === 'mac' || svc === 'aead') v.push('field-ignored');
  if (svc === 'cipher' && it.layout === 'stateless') v.push('sess-para');
  if (it.layout === 'legacy') v.push('legacy-flag');
  return v;
}
