// Logical data requests for the fuzzer: what the bytes say (every field as sent, the vlf bytes
// as sent), their encoding, and the prediction of the device's answer from docs/design.md
// ("Request semantics of every service": check order and statuses), D1–D21 and the reference
// model (src/ref). The prediction reads the request the way the device must: fields decide the
// service and mode, lengths slice the vlf stream; it never looks at what the generator meant.

import {
  AEAD_ALGO,
  ALG_CHAIN_ORDER,
  CIPHER_ALGO,
  CIPHER_OP,
  DATA_STATUS_SIZE,
  DEVICE_SUPPORTED,
  FLAG,
  HMAC_HASH,
  MAC_ALGO,
  OPCODE,
  STATUS,
  SYM_HASH_MODE,
  SYM_OP,
} from '../constants/crypto.ts';
import {
  expectAead,
  expectChain,
  expectCipher,
  expectHash,
  expectMac,
  type Expected,
} from '../ref/index.ts';
import {
  aeadVlf,
  chainVlf,
  cipherVlf,
  concatBytes,
  encodeAeadData,
  encodeChainData,
  encodeCipherData,
  encodeHashData,
  encodeMacData,
  hashVlf,
  macVlf,
  type DataLayout,
  type Segment,
} from '../crypto/structs.ts';

export type ServiceKind = 'cipher' | 'chain' | 'hash' | 'mac' | 'aead';

/** A live session as the fuzzer created it (the create was answered OK). */
export interface SessionInfo {
  id: bigint;
  kind: ServiceKind;
  /** cipher / aead / chain cipher algo; hash algo; mac algo */
  algo: number;
  key: Uint8Array;
  /** CIPHER_OP value (cipher, aead, chain) */
  op: number;
  /** hash / mac / chain: hash_result_len; aead: tag_len */
  resultLen: number;
  /** chain only */
  chain?: { order: number; hashMode: number; hashAlgo: number; authKey: Uint8Array };
}

/** Stateless sess_para as sent (only the fields the service's struct has are encoded). */
export interface SessPara {
  algo: number;
  keyLen: number;
  op: number;
  /** mac / chain */
  authKeyLen: number;
  /** chain */
  hashAlgo: number;
  hashMode: number;
  order: number;
}

/** Every field of a data request as it goes on the wire. */
export interface DataReq {
  kind: ServiceKind;
  layout: DataLayout;
  opcode: number;
  flag: number;
  sessionId: bigint;
  headerAlgo: number;
  /** cipher / chain op_type field */
  opType: number;
  ivLen: number;
  srcDataLen: number;
  dstDataLen: number;
  aadLen: number;
  tagLen: number;
  hashResultLen: number;
  cipherStart: number;
  lenToCipher: number;
  hashStart: number;
  lenToHash: number;
  /** stateless layout only (zeros in a session-mode request, D2) */
  sp: SessPara;
  /** the vlf bytes as sent, in layout order (stateless keys, iv, aad, src) */
  vlf: Uint8Array;
}

export const ZERO_SP: SessPara = { algo: 0, keyLen: 0, op: 0, authKeyLen: 0, hashAlgo: 0, hashMode: 0, order: 0 };

// ------------------------------------------------------------------ encoding

/** Header + flf segments of `r` (the vlf is r.vlf, one segment). */
export function encodeFixed(r: DataReq): Segment[] {
  const common = { opcode: r.opcode, flag: r.flag, sessionId: r.sessionId, headerAlgo: r.headerAlgo, mode: 'session' as const };
  const sl = r.layout === 'stateless';
  let fixed;
  switch (r.kind) {
    case 'cipher':
      fixed = encodeCipherData(r.layout, {
        ...common,
        ivLen: r.ivLen,
        srcDataLen: r.srcDataLen,
        dstDataLen: r.dstDataLen,
        opType: r.opType,
        ...(sl ? { sessPara: { algo: r.sp.algo, keyLen: r.sp.keyLen, op: r.sp.op } } : {}),
      });
      break;
    case 'chain':
      fixed = encodeChainData(r.layout, {
        ...common,
        ivLen: r.ivLen,
        srcDataLen: r.srcDataLen,
        dstDataLen: r.dstDataLen,
        cipherStartSrcOffset: r.cipherStart,
        lenToCipher: r.lenToCipher,
        hashStartSrcOffset: r.hashStart,
        lenToHash: r.lenToHash,
        aadLen: r.aadLen,
        hashResultLen: r.hashResultLen,
        opType: r.opType,
        ...(sl
          ? {
              sessPara: {
                algChainOrder: r.sp.order,
                aadLen: r.aadLen,
                cipherAlgo: r.sp.algo,
                cipherKeyLen: r.sp.keyLen,
                cipherOp: r.sp.op,
                hashAlgo: r.sp.hashAlgo,
                authKeyLen: r.sp.authKeyLen,
                hashMode: r.sp.hashMode,
              },
            }
          : {}),
      });
      break;
    case 'hash':
      fixed = encodeHashData(r.layout, { ...common, srcDataLen: r.srcDataLen, hashResultLen: r.hashResultLen, ...(sl ? { sessPara: { algo: r.sp.algo } } : {}) });
      break;
    case 'mac':
      fixed = encodeMacData(r.layout, {
        ...common,
        srcDataLen: r.srcDataLen,
        hashResultLen: r.hashResultLen,
        ...(sl ? { sessPara: { algo: r.sp.algo, authKeyLen: r.sp.authKeyLen } } : {}),
      });
      break;
    case 'aead':
      fixed = encodeAeadData(r.layout, {
        ...common,
        ivLen: r.ivLen,
        aadLen: r.aadLen,
        srcDataLen: r.srcDataLen,
        dstDataLen: r.dstDataLen,
        tagLen: r.tagLen,
        ...(sl ? { sessPara: { algo: r.sp.algo, keyLen: r.sp.keyLen, op: r.sp.op } } : {}),
      });
      break;
  }
  return [fixed.header, fixed.flf];
}

/** The whole readable stream of `r`. */
export function encodeRequest(r: DataReq): Uint8Array {
  return concatBytes([...encodeFixed(r).map((s) => s.bytes), r.vlf]);
}

export function fixedSize(r: DataReq): number {
  return encodeFixed(r).reduce((a, s) => a + s.bytes.length, 0);
}

/** vlf in layout order (stateless: keys first; D4: iv, aad, src). */
export function buildVlf(kind: ServiceKind, v: { key?: Uint8Array; authKey?: Uint8Array; iv?: Uint8Array; aad?: Uint8Array; src: Uint8Array }): Uint8Array {
  const E = new Uint8Array(0);
  let segs: Segment[];
  switch (kind) {
    case 'cipher':
      segs = cipherVlf({ ...(v.key ? { key: v.key } : {}), iv: v.iv ?? E, src: v.src });
      break;
    case 'chain':
      segs = chainVlf({ ...(v.key ? { cipherKey: v.key } : {}), ...(v.authKey ? { authKey: v.authKey } : {}), iv: v.iv ?? E, aad: v.aad ?? E, src: v.src });
      break;
    case 'hash':
      segs = hashVlf({ src: v.src });
      break;
    case 'mac':
      segs = macVlf({ ...(v.authKey ? { authKey: v.authKey } : {}), src: v.src });
      break;
    case 'aead':
      segs = aeadVlf({ ...(v.key ? { key: v.key } : {}), iv: v.iv ?? E, aad: v.aad ?? E, src: v.src });
      break;
  }
  return concatBytes(segs.map((s) => s.bytes));
}

// ------------------------------------------------------------------ prediction

export interface Outcome {
  status: number;
  /** bytes written before the status, at area offsets (empty unless OK / BADMSG) */
  writes: { offset: number; bytes: Uint8Array }[];
  rule: string;
}

const out = (status: number, rule: string): Outcome => ({ status, writes: [], rule });

const DATA_OPCODES: Readonly<Record<number, 'cipher' | 'hash' | 'mac' | 'aead'>> = {
  [OPCODE.CIPHER_ENCRYPT]: 'cipher',
  [OPCODE.CIPHER_DECRYPT]: 'cipher',
  [OPCODE.HASH]: 'hash',
  [OPCODE.MAC]: 'mac',
  [OPCODE.AEAD_ENCRYPT]: 'aead',
  [OPCODE.AEAD_DECRYPT]: 'aead',
};

const isOp = (op: number) => op === CIPHER_OP.ENCRYPT || op === CIPHER_OP.DECRYPT;
const isHmac = (a: number) => HMAC_HASH[a] !== undefined && DEVICE_SUPPORTED.mac.has(a);

/**
 * Predict the answer to `r` given `readableLen` bytes collected (header included) and a
 * writable area of `areaLen` bytes. Check order (design.md): opcode/service, flag, session id,
 * algorithm, op/op_type/hash_mode values (all NOTSUPP / INVSESS), then key and length checks,
 * readable area (D18) and writable area (D13), all ERR — the model decides those from the
 * sliced stream.
 */
export function predictData(r: DataReq, readableLen: number, areaLen: number, sessions: ReadonlyMap<bigint, SessionInfo>): Outcome {
  // D19: opcode / service
  const svc = DATA_OPCODES[r.opcode];
  if (svc === undefined) return out(STATUS.NOTSUPP, 'D19 opcode not a data opcode of an offered service');
  // flag (§5.1): legacy ignores it; rev1 session flf needs SESSION_MODE; a stateless-enabled
  // service reads 0 = stateless, 1 = session, anything else is not a mode (NOTSUPP)
  let stateless = false;
  if (r.layout === 'rev1' && r.flag !== FLAG.SESSION_MODE) return out(STATUS.NOTSUPP, '§5.1 REVISION_1 without SESSION_MODE flag');
  if (r.layout === 'stateless') {
    if (r.flag === FLAG.NONE) stateless = true;
    else if (r.flag !== FLAG.SESSION_MODE) return out(STATUS.NOTSUPP, '§5.1 flag neither 0 nor SESSION_MODE');
  }
  const fixed = fixedSize(r);
  if (readableLen < fixed) return out(STATUS.ERR, 'D18 readable area shorter than the fixed part');
  // which kind the fields ask for (CIPHER opcode: op_type)
  let kind: ServiceKind = svc;
  let opTypeBad = false;
  if (svc === 'cipher') {
    if (r.opType === SYM_OP.CIPHER) kind = 'cipher';
    else if (r.opType === SYM_OP.ALGORITHM_CHAINING) kind = 'chain';
    else {
      opTypeBad = true;
      kind = r.kind;
    }
  }
  if (kind !== r.kind) throw new Error(`predictData: request kind ${r.kind} but fields say ${kind}`);
  // session id (INVSESS): unknown, destroyed, or a session of another service
  let s: SessionInfo | undefined;
  if (!stateless) {
    s = sessions.get(r.sessionId);
    const family = (k: ServiceKind) => (k === 'chain' ? 'cipher' : k);
    if (!s || family(s.kind) !== svc) return out(STATUS.INVSESS, 'session id unknown, destroyed or of another service');
    if (!opTypeBad && s.kind !== kind) throw new Error('predictData: op_type does not match the session kind (not modelled)');
  }
  if (opTypeBad) return out(STATUS.NOTSUPP, 'D19 unknown op_type');
  // parameters: the session's (validated at create) or sess_para
  const p = stateless ? r.sp : s!;
  const algo = stateless ? r.sp.algo : s!.algo;
  const op = stateless ? r.sp.op : s!.op;
  // algorithm, op, hash_mode values → NOTSUPP
  if (kind === 'cipher' || kind === 'chain') {
    if (!DEVICE_SUPPORTED.cipher.has(algo)) return out(STATUS.NOTSUPP, 'D19 unsupported cipher algorithm');
    if (stateless && !isOp(op)) return out(STATUS.NOTSUPP, '§6.6 cipher op not ENCRYPT/DECRYPT');
  }
  if (kind === 'chain' && stateless) {
    const hm = r.sp.hashMode;
    if (hm === SYM_HASH_MODE.PLAIN ? !DEVICE_SUPPORTED.hash.has(r.sp.hashAlgo) : hm === SYM_HASH_MODE.AUTH ? !isHmac(r.sp.hashAlgo) : true)
      return out(STATUS.NOTSUPP, 'D19 chain hash_mode / hash algorithm');
    if (r.sp.order !== ALG_CHAIN_ORDER.HASH_THEN_CIPHER && r.sp.order !== ALG_CHAIN_ORDER.CIPHER_THEN_HASH) return out(STATUS.NOTSUPP, 'D19 alg_chain_order');
  }
  if (kind === 'hash' && !DEVICE_SUPPORTED.hash.has(algo)) return out(STATUS.NOTSUPP, 'D19 unsupported hash algorithm');
  if (kind === 'mac' && !DEVICE_SUPPORTED.mac.has(algo)) return out(STATUS.NOTSUPP, 'D19 unsupported MAC algorithm');
  if (kind === 'aead') {
    if (algo !== AEAD_ALGO.GCM && algo !== AEAD_ALGO.CCM) return out(STATUS.NOTSUPP, 'D19 unsupported AEAD algorithm');
    if (stateless && !isOp(op)) return out(STATUS.NOTSUPP, '§6.6 AEAD op not ENCRYPT/DECRYPT');
  }
  // slice the vlf stream: every length the fields announce must be readable (D18); everything
  // that fails from here on is ERR (key/length checks, D18, D13), so an unreadable stream is ERR
  const vlfAvail = readableLen - fixed;
  const lens: number[] = [];
  if (stateless) {
    if (kind === 'cipher' || kind === 'aead') lens.push(r.sp.keyLen);
    if (kind === 'chain') lens.push(r.sp.keyLen, r.sp.authKeyLen);
    if (kind === 'mac') lens.push(r.sp.authKeyLen);
  }
  if (kind === 'cipher') lens.push(r.ivLen, r.srcDataLen);
  if (kind === 'chain' || kind === 'aead') lens.push(r.ivLen, r.aadLen, r.srcDataLen);
  if (kind === 'hash' || kind === 'mac') lens.push(r.srcDataLen);
  const need = lens.reduce((a, b) => a + b, 0);
  if (need > vlfAvail || need > r.vlf.length) {
    // still ERR-class: model checks can only make it ERR as well
    return out(STATUS.ERR, 'D18 readable area shorter than the request lengths (or an earlier ERR check)');
  }
  const pieces: Uint8Array[] = [];
  let o = 0;
  for (const n of lens) {
    pieces.push(r.vlf.subarray(o, o + n));
    o += n;
  }
  const src = pieces[pieces.length - 1]!;
  let e: Expected;
  switch (kind) {
    case 'cipher': {
      const key = stateless ? pieces[0]! : s!.key;
      const iv = pieces[stateless ? 1 : 0]!;
      // ECB: iv bytes are read and ignored (design table)
      const dstLen = r.dstDataLen >= src.length ? src.length : r.dstDataLen;
      const ec = expectCipher({ algo, op, key, iv, src, dstLen, writableLen: areaLen });
      // expectCipher checks op before keys; stateless op was checked above
      return { status: ec.status, writes: ec.status === STATUS.OK && ec.resultLen > 0 ? [{ offset: 0, bytes: ec.dst.subarray(0, ec.resultLen) }] : [], rule: `model: ${ec.rule}` };
    }
    case 'hash': {
      const hrl = stateless ? r.hashResultLen : s!.resultLen;
      e = expectHash({ algo, src, hashResultLen: hrl, areaLen });
      break;
    }
    case 'mac': {
      const key = stateless ? pieces[0]! : s!.key;
      const hrl = stateless ? r.hashResultLen : s!.resultLen;
      e = expectMac({ algo, key, src, hashResultLen: hrl, areaLen });
      break;
    }
    case 'aead': {
      const key = stateless ? pieces[0]! : s!.key;
      const k = stateless ? 1 : 0;
      const tagLen = stateless ? r.tagLen : s!.resultLen;
      e = expectAead({ algo, op, key, iv: pieces[k]!, aad: pieces[k + 1]!, src, tagLen, dstLen: r.dstDataLen, areaLen });
      break;
    }
    case 'chain': {
      const k = stateless ? 2 : 0;
      const ch = stateless
        ? { order: r.sp.order, hashMode: r.sp.hashMode, hashAlgo: r.sp.hashAlgo, authKey: pieces[1]!, cipherKey: pieces[0]!, hashResultLen: r.hashResultLen }
        : { order: s!.chain!.order, hashMode: s!.chain!.hashMode, hashAlgo: s!.chain!.hashAlgo, authKey: s!.chain!.authKey, cipherKey: s!.key, hashResultLen: s!.resultLen };
      e = expectChain({
        ...ch,
        cipherAlgo: algo,
        cipherOp: op,
        iv: pieces[k]!,
        aad: pieces[k + 1]!,
        src,
        cipherStart: r.cipherStart,
        lenToCipher: r.lenToCipher,
        hashStart: r.hashStart,
        lenToHash: r.lenToHash,
        dstLen: r.dstDataLen,
        areaLen,
      });
      break;
    }
  }
  void p;
  return { status: e.status, writes: e.writes, rule: `model: ${e.rule}` };
}

/**
 * The expected writable area: `fill` everywhere, the writes (clipped before the status byte),
 * the status as the last byte (D3). An empty area stays empty.
 */
export function expectedArea(o: Outcome, areaLen: number, fill: number): Uint8Array {
  const a = new Uint8Array(areaLen).fill(fill);
  if (areaLen === 0) return a;
  for (const w of o.writes) {
    const room = Math.max(0, areaLen - DATA_STATUS_SIZE - w.offset);
    a.set(w.bytes.subarray(0, Math.min(w.bytes.length, room)), w.offset);
  }
  a[areaLen - DATA_STATUS_SIZE] = o.status;
  return a;
}

export { CIPHER_ALGO, MAC_ALGO };
