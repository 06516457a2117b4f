// Typed little-endian encoders/decoders for the virtio-crypto request structs (fact sheet §5).
// Encoders know nothing about the device: they turn field values into bytes, following the
// struct layouts of src/constants/crypto.ts, and pick the layout from the negotiated features.

import {
  AEAD_CREATE_FLF,
  BITS_PER_BYTE,
  U8_SIZE,
  U32_SIZE,
  U64_SIZE,
  AEAD_DATA_FLF,
  AEAD_DATA_FLF_STATELESS,
  CHAIN_CREATE_FLF,
  CHAIN_DATA_FLF,
  CHAIN_DATA_FLF_STATELESS,
  CIPHER_CREATE_FLF,
  CIPHER_DATA_FLF,
  CIPHER_DATA_FLF_STATELESS,
  CREATE_SESSION_OPCODE,
  CTRL_HEADER,
  DATA_HEADER,
  DESTROY_FLF,
  DESTROY_SESSION_OPCODE,
  FEATURE,
  FLAG,
  HASH_CREATE_FLF,
  HASH_DATA_FLF,
  HASH_DATA_FLF_STATELESS,
  INHDR,
  LEGACY,
  MAC_CREATE_FLF,
  MAC_DATA_FLF,
  MAC_DATA_FLF_STATELESS,
  OPCODE,
  SESSION_INPUT,
  STATELESS_FEATURE,
  SYM_OP,
  type FieldSpec,
  type StructLayout,
} from '../constants/crypto.ts';

// ------------------------------------------------------------------ generic struct codec

export type FieldValue = number | bigint;
export type StructValues<F extends string> = Partial<Record<F, FieldValue>>;

/** Encode `values` into a fresh buffer of `padTo ?? layout.size` bytes (unset fields and padding 0). */
export function encodeStruct<F extends string>(
  layout: StructLayout<F>,
  values: StructValues<F>,
  padTo?: number,
): Uint8Array {
  const size = padTo ?? layout.size;
  if (size < layout.size) throw new RangeError(`${layout.name}: padTo ${size} < natural size ${layout.size}`);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  for (const name of Object.keys(values) as F[]) {
    const spec: FieldSpec | undefined = layout.fields[name];
    if (!spec) throw new RangeError(`${layout.name}: unknown field ${String(name)}`);
    const v = values[name];
    if (v === undefined) continue;
    writeField(dv, spec, v, `${layout.name}.${String(name)}`);
  }
  return out;
}

function writeField(dv: DataView, spec: FieldSpec, v: FieldValue, what: string): void {
  const bits = spec.size * BITS_PER_BYTE;
  if (spec.size === U64_SIZE) {
    dv.setBigUint64(spec.off, BigInt.asUintN(bits, BigInt(v)), true);
    return;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** bits) throw new RangeError(`${what}: ${v} out of u${bits} range`);
  if (spec.size === U8_SIZE) dv.setUint8(spec.off, n);
  else dv.setUint32(spec.off, n, true);
}

/** Decode all fields of `layout` from `bytes` (u64 fields as bigint). */
export function decodeStruct<F extends string>(
  layout: StructLayout<F>,
  bytes: Uint8Array,
): Record<F, number | bigint> {
  if (bytes.length < layout.size) throw new RangeError(`${layout.name}: need ${layout.size} bytes, got ${bytes.length}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = {} as Record<F, number | bigint>;
  for (const name of Object.keys(layout.fields) as F[]) {
    const spec = layout.fields[name];
    out[name] =
      spec.size === U8_SIZE ? dv.getUint8(spec.off)
      : spec.size === U32_SIZE ? dv.getUint32(spec.off, true)
      : dv.getBigUint64(spec.off, true);
  }
  return out;
}

/**
 * Interior field boundaries of a struct (offsets where a field starts or ends, excluding 0
 * and the end), used to cut a request into one descriptor per field. Gaps (padding without a
 * named field) become their own pieces.
 */
export function fieldCuts(layout: StructLayout, size = layout.size): number[] {
  const s = new Set<number>();
  for (const spec of Object.values(layout.fields) as FieldSpec[]) {
    s.add(spec.off);
    s.add(spec.off + spec.size);
  }
  s.add(layout.size);
  return [...s].filter((x) => x > 0 && x < size).sort((a, b) => a - b);
}

// ------------------------------------------------------------------ segments

/**
 * A named piece of a request byte stream. `fixed` pieces (header, flf) form the fixed part;
 * `cuts` are the interior field boundaries (for the 'fields' split).
 */
export interface Segment {
  name: string;
  bytes: Uint8Array;
  fixed: boolean;
  cuts: number[];
}

export function structSegment<F extends string>(
  name: string,
  layout: StructLayout<F>,
  values: StructValues<F>,
  padTo?: number,
): Segment {
  return { name, bytes: encodeStruct(layout, values, padTo), fixed: true, cuts: fieldCuts(layout, padTo ?? layout.size) };
}

export function vlfSegment(name: string, bytes: Uint8Array): Segment {
  return { name, bytes, fixed: false, cuts: [] };
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ------------------------------------------------------------------ layout selection (§5.1, D1, D2)

export type CtrlLayout = 'legacy' | 'rev1';
export type DataLayout = 'legacy' | 'rev1' | 'stateless';
export type RequestMode = 'session' | 'stateless';

/** Control queue: REVISION_1 → natural-size flf, else legacy 72-byte fixed part. */
export function selectCtrlLayout(features: bigint): CtrlLayout {
  return (features & FEATURE.REVISION_1) !== 0n ? 'rev1' : 'legacy';
}

/**
 * Data queue, per service (§5.1): the service's stateless bit → stateless flf (D1/D2, even for a
 * session-mode request); else REVISION_1 → natural-size session flf; else legacy 72 bytes.
 */
export function selectDataLayout(features: bigint, service: number): DataLayout {
  const sl = STATELESS_FEATURE[service];
  if (sl !== undefined && (features & sl) !== 0n) return 'stateless';
  return (features & FEATURE.REVISION_1) !== 0n ? 'rev1' : 'legacy';
}

/**
 * Default header.flag: legacy → 0 (ignored by the device; Linux sends 0); rev1 → SESSION_MODE
 * (driver MUST, §5.1 rule 2); stateless layout → SESSION_MODE for a session request, 0 for a
 * stateless one (D2).
 */
export function defaultDataFlag(layout: DataLayout, mode: RequestMode): number {
  if (layout === 'legacy') return FLAG.NONE;
  if (layout === 'rev1') return FLAG.SESSION_MODE;
  return mode === 'session' ? FLAG.SESSION_MODE : FLAG.NONE;
}

// ------------------------------------------------------------------ control requests (§5.2, §5.3)

export interface CtrlHeaderFields {
  opcode: number;
  algo?: number;
  flag?: number;
  /** spec `reserved` (MUST be 0), Linux `queue_id` */
  queueId?: number;
}

export function encodeCtrlHeader(h: CtrlHeaderFields): Uint8Array {
  return encodeStruct(CTRL_HEADER, { opcode: h.opcode, algo: h.algo ?? 0, flag: h.flag ?? 0, queueId: h.queueId ?? 0 });
}

/** flf of a control request: natural size (rev1) or padded to 56 (legacy). */
export function ctrlFlfSegment<F extends string>(
  layout: CtrlLayout,
  flf: StructLayout<F>,
  values: StructValues<F>,
): Segment {
  return structSegment('flf', flf, values, layout === 'legacy' ? LEGACY.CTRL_FLF_SIZE : flf.size);
}

export function ctrlHeaderSegment(h: CtrlHeaderFields): Segment {
  return { name: 'header', bytes: encodeCtrlHeader(h), fixed: true, cuts: fieldCuts(CTRL_HEADER) };
}

/** Fixed part of a control request: header + flf (72 bytes in legacy layout). */
export interface CtrlFixed {
  header: Segment;
  flf: Segment;
}

export interface CipherCreateParams {
  algo: number;
  keyLen: number;
  /** CIPHER_OP.ENCRYPT / DECRYPT */
  op: number;
  /** default SYM_OP.CIPHER */
  opType?: number;
  /** ctrl header.algo (default: algo) */
  headerAlgo?: number;
  opcode?: number;
}

export function encodeCipherCreateSession(layout: CtrlLayout, p: CipherCreateParams): CtrlFixed {
  return {
    header: ctrlHeaderSegment({ opcode: p.opcode ?? OPCODE.CIPHER_CREATE_SESSION, algo: p.headerAlgo ?? p.algo }),
    flf: ctrlFlfSegment(layout, CIPHER_CREATE_FLF, {
      algo: p.algo,
      keyLen: p.keyLen,
      op: p.op,
      opType: p.opType ?? SYM_OP.CIPHER,
    }),
  };
}

export interface ChainCreateParams {
  algChainOrder: number;
  hashMode: number;
  cipherAlgo: number;
  cipherKeyLen: number;
  cipherOp: number;
  /** hash algo (hash_mode PLAIN) or mac algo (AUTH) */
  hashAlgo: number;
  hashResultLen: number;
  /** AUTH only */
  authKeyLen?: number;
  aadLen?: number;
  headerAlgo?: number;
  opType?: number;
}

export function encodeChainCreateSession(layout: CtrlLayout, p: ChainCreateParams): CtrlFixed {
  return {
    header: ctrlHeaderSegment({ opcode: OPCODE.CIPHER_CREATE_SESSION, algo: p.headerAlgo ?? p.cipherAlgo }),
    flf: ctrlFlfSegment(layout, CHAIN_CREATE_FLF, {
      algChainOrder: p.algChainOrder,
      hashMode: p.hashMode,
      cipherAlgo: p.cipherAlgo,
      cipherKeyLen: p.cipherKeyLen,
      cipherOp: p.cipherOp,
      hashAlgo: p.hashAlgo,
      hashResultLen: p.hashResultLen,
      authKeyLen: p.authKeyLen ?? 0,
      aadLen: p.aadLen ?? 0,
      opType: p.opType ?? SYM_OP.ALGORITHM_CHAINING,
    }),
  };
}

export function encodeHashCreateSession(layout: CtrlLayout, p: { algo: number; hashResultLen: number }): CtrlFixed {
  return {
    header: ctrlHeaderSegment({ opcode: OPCODE.HASH_CREATE_SESSION, algo: p.algo }),
    flf: ctrlFlfSegment(layout, HASH_CREATE_FLF, { algo: p.algo, hashResultLen: p.hashResultLen }),
  };
}

export function encodeMacCreateSession(
  layout: CtrlLayout,
  p: { algo: number; hashResultLen: number; authKeyLen: number },
): CtrlFixed {
  return {
    header: ctrlHeaderSegment({ opcode: OPCODE.MAC_CREATE_SESSION, algo: p.algo }),
    flf: ctrlFlfSegment(layout, MAC_CREATE_FLF, p),
  };
}

export function encodeAeadCreateSession(
  layout: CtrlLayout,
  p: { algo: number; keyLen: number; tagLen: number; aadLen: number; op: number },
): CtrlFixed {
  return {
    header: ctrlHeaderSegment({ opcode: OPCODE.AEAD_CREATE_SESSION, algo: p.algo }),
    flf: ctrlFlfSegment(layout, AEAD_CREATE_FLF, p),
  };
}

export function encodeDestroySession(
  layout: CtrlLayout,
  service: number,
  sessionId: bigint,
  opcode?: number,
): CtrlFixed {
  const op = opcode ?? DESTROY_SESSION_OPCODE[service];
  if (op === undefined) throw new RangeError(`no destroy opcode for service ${service}`);
  return {
    header: ctrlHeaderSegment({ opcode: op }),
    flf: ctrlFlfSegment(layout, DESTROY_FLF, { sessionId }),
  };
}

export function createSessionOpcode(service: number): number {
  const op = CREATE_SESSION_OPCODE[service];
  if (op === undefined) throw new RangeError(`no create opcode for service ${service}`);
  return op;
}

export interface SessionInput {
  sessionId: bigint;
  status: number;
  padding: number;
}

/** Decode the 16-byte virtio_crypto_session_input (status is le32 here). */
export function decodeSessionInput(bytes: Uint8Array): SessionInput {
  const d = decodeStruct(SESSION_INPUT, bytes);
  return { sessionId: d.sessionId as bigint, status: d.status as number, padding: d.padding as number };
}

export const SESSION_INPUT_SIZE = SESSION_INPUT.size;
export const INHDR_SIZE = INHDR.size;

// ------------------------------------------------------------------ data requests (§5.4, §5.5)

export interface DataHeaderFields {
  opcode: number;
  algo?: number;
  sessionId?: bigint;
  flag?: number;
}

export function encodeDataHeader(h: DataHeaderFields): Uint8Array {
  return encodeStruct(DATA_HEADER, { opcode: h.opcode, algo: h.algo ?? 0, sessionId: h.sessionId ?? 0n, flag: h.flag ?? 0 });
}

export function dataHeaderSegment(h: DataHeaderFields): Segment {
  return { name: 'header', bytes: encodeDataHeader(h), fixed: true, cuts: fieldCuts(DATA_HEADER) };
}

/** flf of a data request in a session layout: natural (rev1) or padded to 48 (legacy). */
export function dataFlfSegment<F extends string>(
  layout: 'legacy' | 'rev1',
  flf: StructLayout<F>,
  values: StructValues<F>,
): Segment {
  return structSegment('flf', flf, values, layout === 'legacy' ? LEGACY.DATA_FLF_SIZE : flf.size);
}

export interface DataFixed {
  header: Segment;
  flf: Segment;
}

/** Common header parameters of a data request. */
export interface DataCommon {
  opcode: number;
  /** header.session_id (session mode; ignored by the device in stateless mode) */
  sessionId?: bigint;
  /** header.flag; default from defaultDataFlag(layout, mode) */
  flag?: number;
  /** header.algo (default 0 in session mode, the algorithm in stateless mode) */
  headerAlgo?: number;
  /** Only for the 'stateless' layout: 'session' → flag SESSION_MODE (D2). Default: 'stateless' if sessPara given. */
  mode?: RequestMode;
}

function resolveMode(layout: DataLayout, c: DataCommon, hasSessPara: boolean): RequestMode {
  if (layout !== 'stateless') return 'session';
  return c.mode ?? (hasSessPara ? 'stateless' : 'session');
}

function header(layout: DataLayout, c: DataCommon, mode: RequestMode, algo: number): Segment {
  return dataHeaderSegment({
    opcode: c.opcode,
    algo: c.headerAlgo ?? (mode === 'stateless' ? algo : 0),
    sessionId: c.sessionId ?? 0n,
    flag: c.flag ?? defaultDataFlag(layout, mode),
  });
}

// ---- cipher

export interface CipherSessPara {
  algo: number;
  keyLen: number;
  op: number;
}

export interface CipherDataParams extends DataCommon {
  ivLen: number;
  srcDataLen: number;
  dstDataLen: number;
  /** stateless sess_para (layout 'stateless'); omitted/zero in a session-mode request (D2) */
  sessPara?: CipherSessPara;
  opType?: number;
}

export function encodeCipherData(layout: DataLayout, p: CipherDataParams): DataFixed {
  const mode = resolveMode(layout, p, p.sessPara !== undefined);
  const hdr = header(layout, p, mode, p.sessPara?.algo ?? 0);
  const common = { ivLen: p.ivLen, srcDataLen: p.srcDataLen, dstDataLen: p.dstDataLen, opType: p.opType ?? SYM_OP.CIPHER };
  if (layout === 'stateless') {
    const sp = p.sessPara ?? { algo: 0, keyLen: 0, op: 0 };
    return { header: hdr, flf: structSegment('flf', CIPHER_DATA_FLF_STATELESS, { ...common, algo: sp.algo, keyLen: sp.keyLen, op: sp.op }) };
  }
  return { header: hdr, flf: dataFlfSegment(layout, CIPHER_DATA_FLF, common) };
}

// ---- chain

export interface ChainSessPara {
  algChainOrder: number;
  aadLen: number;
  cipherAlgo: number;
  cipherKeyLen: number;
  cipherOp: number;
  hashAlgo: number;
  authKeyLen: number;
  hashMode: number;
}

export interface ChainDataParams extends DataCommon {
  ivLen: number;
  srcDataLen: number;
  dstDataLen: number;
  cipherStartSrcOffset: number;
  lenToCipher: number;
  hashStartSrcOffset: number;
  lenToHash: number;
  aadLen: number;
  hashResultLen: number;
  sessPara?: ChainSessPara;
  opType?: number;
}

export function encodeChainData(layout: DataLayout, p: ChainDataParams): DataFixed {
  const mode = resolveMode(layout, p, p.sessPara !== undefined);
  const hdr = header(layout, p, mode, p.sessPara?.cipherAlgo ?? 0);
  const common = {
    ivLen: p.ivLen,
    srcDataLen: p.srcDataLen,
    dstDataLen: p.dstDataLen,
    cipherStartSrcOffset: p.cipherStartSrcOffset,
    lenToCipher: p.lenToCipher,
    hashStartSrcOffset: p.hashStartSrcOffset,
    lenToHash: p.lenToHash,
    aadLen: p.aadLen,
    hashResultLen: p.hashResultLen,
    opType: p.opType ?? SYM_OP.ALGORITHM_CHAINING,
  };
  if (layout === 'stateless') {
    const sp = p.sessPara;
    return {
      header: hdr,
      flf: structSegment('flf', CHAIN_DATA_FLF_STATELESS, {
        ...common,
        algChainOrder: sp?.algChainOrder ?? 0,
        sessAadLen: sp?.aadLen ?? 0,
        cipherAlgo: sp?.cipherAlgo ?? 0,
        cipherKeyLen: sp?.cipherKeyLen ?? 0,
        cipherOp: sp?.cipherOp ?? 0,
        hashAlgo: sp?.hashAlgo ?? 0,
        authKeyLen: sp?.authKeyLen ?? 0,
        hashMode: sp?.hashMode ?? 0,
      }),
    };
  }
  return { header: hdr, flf: dataFlfSegment(layout, CHAIN_DATA_FLF, common) };
}

// ---- hash

export interface HashDataParams extends DataCommon {
  srcDataLen: number;
  hashResultLen: number;
  sessPara?: { algo: number };
}

export function encodeHashData(layout: DataLayout, p: HashDataParams): DataFixed {
  const mode = resolveMode(layout, p, p.sessPara !== undefined);
  const hdr = header(layout, p, mode, p.sessPara?.algo ?? 0);
  const common = { srcDataLen: p.srcDataLen, hashResultLen: p.hashResultLen };
  if (layout === 'stateless') {
    return { header: hdr, flf: structSegment('flf', HASH_DATA_FLF_STATELESS, { ...common, algo: p.sessPara?.algo ?? 0 }) };
  }
  return { header: hdr, flf: dataFlfSegment(layout, HASH_DATA_FLF, common) };
}

// ---- mac

export interface MacDataParams extends DataCommon {
  srcDataLen: number;
  hashResultLen: number;
  sessPara?: { algo: number; authKeyLen: number };
}

export function encodeMacData(layout: DataLayout, p: MacDataParams): DataFixed {
  const mode = resolveMode(layout, p, p.sessPara !== undefined);
  const hdr = header(layout, p, mode, p.sessPara?.algo ?? 0);
  const common = { srcDataLen: p.srcDataLen, hashResultLen: p.hashResultLen };
  if (layout === 'stateless') {
    return {
      header: hdr,
      flf: structSegment('flf', MAC_DATA_FLF_STATELESS, { ...common, algo: p.sessPara?.algo ?? 0, authKeyLen: p.sessPara?.authKeyLen ?? 0 }),
    };
  }
  return { header: hdr, flf: dataFlfSegment(layout, MAC_DATA_FLF, common) };
}

// ---- aead

export interface AeadDataParams extends DataCommon {
  ivLen: number;
  aadLen: number;
  srcDataLen: number;
  dstDataLen: number;
  tagLen: number;
  sessPara?: { algo: number; keyLen: number; op: number };
}

export function encodeAeadData(layout: DataLayout, p: AeadDataParams): DataFixed {
  const mode = resolveMode(layout, p, p.sessPara !== undefined);
  const hdr = header(layout, p, mode, p.sessPara?.algo ?? 0);
  const common = { ivLen: p.ivLen, aadLen: p.aadLen, srcDataLen: p.srcDataLen, dstDataLen: p.dstDataLen, tagLen: p.tagLen };
  if (layout === 'stateless') {
    const sp = p.sessPara ?? { algo: 0, keyLen: 0, op: 0 };
    return { header: hdr, flf: structSegment('flf', AEAD_DATA_FLF_STATELESS, { ...common, ...sp }) };
  }
  return { header: hdr, flf: dataFlfSegment(layout, AEAD_DATA_FLF, common) };
}

// ------------------------------------------------------------------ vlf order (§5.6, D2, D4)

const EMPTY = new Uint8Array(0);

/** cipher: [stateless: key] iv src. */
export function cipherVlf(v: { key?: Uint8Array; iv: Uint8Array; src: Uint8Array }): Segment[] {
  return [vlfSegment('key', v.key ?? EMPTY), vlfSegment('iv', v.iv), vlfSegment('src', v.src)];
}

/** chain (D4: iv, aad, src in both modes): [stateless: cipher_key auth_key] iv aad src. */
export function chainVlf(v: {
  cipherKey?: Uint8Array;
  authKey?: Uint8Array;
  iv: Uint8Array;
  aad?: Uint8Array;
  src: Uint8Array;
}): Segment[] {
  return [
    vlfSegment('cipherKey', v.cipherKey ?? EMPTY),
    vlfSegment('authKey', v.authKey ?? EMPTY),
    vlfSegment('iv', v.iv),
    vlfSegment('aad', v.aad ?? EMPTY),
    vlfSegment('src', v.src),
  ];
}

export function hashVlf(v: { src: Uint8Array }): Segment[] {
  return [vlfSegment('src', v.src)];
}

/** mac: [stateless: auth_key] src. */
export function macVlf(v: { authKey?: Uint8Array; src: Uint8Array }): Segment[] {
  return [vlfSegment('authKey', v.authKey ?? EMPTY), vlfSegment('src', v.src)];
}

/** aead (D4: iv, aad, src in both modes): [stateless: key] iv aad src. */
export function aeadVlf(v: { key?: Uint8Array; iv: Uint8Array; aad?: Uint8Array; src: Uint8Array }): Segment[] {
  return [vlfSegment('key', v.key ?? EMPTY), vlfSegment('iv', v.iv), vlfSegment('aad', v.aad ?? EMPTY), vlfSegment('src', v.src)];
}
