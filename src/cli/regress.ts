// `vcrypto run`: the regression engine. Each row runs edge-length and random cases plus the
// error cases of its service against the reference model, on a device opened with the row's
// features. Rows whose service or algorithm the device does not advertise fail with
// "not advertised" (never silently dropped).

import {
  AES_BLOCK_SIZE,
  AES_IV_SIZE,
  ALG_CHAIN_ORDER,
  ALGO_MASK_WORD_BITS,
  ALGO_NAME,
  BITS_PER_BYTE,
  CCM,
  CIPHER_OP,
  DEVICE_LIMITS,
  GCM,
  MAC_ALGO,
  REGRESSION,
  REGRESSION_SERVICES,
  SERVICE,
  SHA_INFO,
  STATUS,
  SYM_HASH_MODE,
  SYM_OP,
  HMAC_HASH,
  AEAD_ALGO,
  statusName,
  type AlgoName,
} from '../constants/crypto.ts';
import { aeadRequest } from '../crypto/aead.ts';
import { chainRequest } from '../crypto/chain.ts';
import { cipherRequest } from '../crypto/cipher.ts';
import { cyclesOf, type FullDevice, type OpenDevice } from '../crypto/device.ts';
import { hashRequest, macRequest } from '../crypto/hash.ts';
import { Rng } from '../crypto/rng.ts';
import {
  createAeadSession,
  createChainSession,
  createCipherSession,
  createHashSession,
  createMacSession,
  destroySession,
  type CreateSessionResult,
} from '../crypto/session.ts';
import {
  CIPHER_MODELS,
  expectAead,
  expectChain,
  expectCipher,
  expectCreateSession,
  expectHash,
  expectMac,
  expectedArea,
  gcmEncrypt,
  ccmEncrypt,
  hashDigestLen,
  macDigestLen,
  type ChainSessionModel,
  type Expected,
  type ExpectedCipher,
  type ExpectedCreate,
} from '../ref/index.ts';
import type { RowService, RowSpec } from './rows.ts';

export interface RowResult {
  service: string;
  algo: string;
  keyBits: number;
  mode: string;
  layout: string;
  passed: number;
  failed: number;
  cycles: number;
}

export interface RunReport {
  rows: RowResult[];
  passed: number;
  failed: number;
  dmaViolations: number;
}

export interface RunOptions {
  openDevice: OpenDevice;
  rows: RowSpec[];
  cases?: number;
  seed?: number | string;
  trace?: string;
  /** progress / failure output */
  log?: (line: string) => void;
  onRow?: (index: number, total: number, row: RowResult) => void;
}

interface Tally {
  passed: number;
  failed: number;
  failures: string[];
}

function tally(t: Tally, ok: boolean, what: () => string): void {
  if (ok) t.passed++;
  else {
    t.failed++;
    if (t.failures.length < REGRESSION.MAX_REPORTED_FAILURES) t.failures.push(what());
  }
}

function hex(b: Uint8Array, max = AES_BLOCK_SIZE * 2): string {
  const s = Buffer.from(b.subarray(0, max)).toString('hex');
  return b.length > max ? `${s}…(${b.length})` : s;
}

const EMPTY = new Uint8Array(0);

/** Compare a device answer with the model: status, and the whole dst area (zero outside the result). */
export function sameAsModel(got: { status: number; dst: Uint8Array }, exp: ExpectedCipher): boolean {
  if (got.status !== exp.status) return false;
  if (got.dst.length !== exp.dst.length) return false;
  return Buffer.from(got.dst).equals(Buffer.from(exp.dst));
}

function describe(got: { status: number; dst: Uint8Array }, exp: ExpectedCipher): string {
  return `status ${statusName(got.status)} (model ${statusName(exp.status)}: ${exp.rule}); dst ${hex(got.dst)} vs ${hex(exp.dst)}`;
}

/** Device algorithm number behind a JSONL name. */
function algoNumber(name: string): number {
  const e = ALGO_NAME[name as AlgoName];
  if (!e) throw new Error(`unknown algorithm name ${name}`);
  return e.algo;
}

// ------------------------------------------------------------------ advertised? (device config)

interface ConfigLike {
  cryptoServices?: number;
  cipherAlgoL?: number;
  cipherAlgoH?: number;
  hashAlgo?: number;
  macAlgoL?: number;
  macAlgoH?: number;
  aeadAlgo?: number;
}

function inMask(lo: number | undefined, hi: number | undefined, algo: number): boolean {
  const word = algo >= ALGO_MASK_WORD_BITS ? hi : lo;
  const b = algo % ALGO_MASK_WORD_BITS;
  return word !== undefined && ((word >>> b) & 1) === 1;
}

/** Why the device does not advertise what the row needs (undefined: it does). */
export function notAdvertised(row: Pick<RowSpec, 'service' | 'algo'>, cfg: ConfigLike | undefined): string | undefined {
  if (!cfg || typeof cfg.cryptoServices !== 'number') return 'not advertised: the device config has no crypto_services';
  const svcBit = (s: number, name: string) => (((cfg.cryptoServices! >>> s) & 1) === 1 ? undefined : `not advertised: service ${name} not in crypto_services 0x${cfg.cryptoServices!.toString(16)}`);
  const need = (ok: boolean, what: string) => (ok ? undefined : `not advertised: ${what}`);
  switch (row.service) {
    case 'cipher':
      return svcBit(SERVICE.CIPHER, 'CIPHER') ?? need(inMask(cfg.cipherAlgoL, cfg.cipherAlgoH, algoNumber(row.algo)), `${row.algo} not in cipher_algo`);
    case 'hash':
      return svcBit(SERVICE.HASH, 'HASH') ?? need(inMask(cfg.hashAlgo, undefined, algoNumber(row.algo)), `${row.algo} not in hash_algo`);
    case 'mac':
      return svcBit(SERVICE.MAC, 'MAC') ?? need(inMask(cfg.macAlgoL, cfg.macAlgoH, algoNumber(row.algo)), `${row.algo} not in mac_algo`);
    case 'aead':
      return svcBit(SERVICE.AEAD, 'AEAD') ?? need(inMask(cfg.aeadAlgo, undefined, algoNumber(row.algo)), `${row.algo} not in aead_algo`);
    case 'chain': {
      const [c, h] = row.algo.split('+') as [string, string];
      const isMac = ALGO_NAME[h as AlgoName]?.service === SERVICE.MAC;
      return (
        svcBit(SERVICE.CIPHER, 'CIPHER') ??
        need(inMask(cfg.cipherAlgoL, cfg.cipherAlgoH, algoNumber(c)), `${c} not in cipher_algo`) ??
        (isMac
          ? need(inMask(cfg.macAlgoL, cfg.macAlgoH, algoNumber(h)), `${h} not in mac_algo`)
          : need(inMask(cfg.hashAlgo, undefined, algoNumber(h)), `${h} not in hash_algo`))
      );
    }
  }
}

// ------------------------------------------------------------------ CIPHER rows

interface CipherCase {
  op: 'encrypt' | 'decrypt';
  key: Uint8Array;
  iv: Uint8Array;
  src: Uint8Array;
  dstLen: number;
  label: string;
}

/** Run one cipher case in the row's mode; returns a failure description or undefined. */
async function runCipherCase(dev: FullDevice, row: RowSpec, c: CipherCase): Promise<string | undefined> {
  const algo = algoNumber(row.algo);
  const exp = expectCipher({ algo, op: c.op, key: c.key, iv: c.iv, src: c.src, dstLen: c.dstLen });
  if (row.mode === 'stateless') {
    const got = await cipherRequest(dev, { op: c.op, iv: c.iv, src: c.src, dstLen: c.dstLen, stateless: { algo, key: c.key } });
    return sameAsModel(got, exp) ? undefined : `${c.label}: ${describe(got, exp)}`;
  }
  const cexp = expectCreateSession({ service: SERVICE.CIPHER, algo, keyLen: c.key.length, key: c.key, op: c.op });
  const cs = await createCipherSession(dev, { algo, key: c.key, op: c.op });
  if (cs.status !== cexp.status) return `${c.label}: create status ${statusName(cs.status)}, model ${statusName(cexp.status)} (${cexp.rule})`;
  // a create that failed as the model said it would is a pass (e.g. bad key length → ERR)
  if (cs.status !== STATUS.OK) return undefined;
  const got = await cipherRequest(dev, { op: c.op, iv: c.iv, src: c.src, dstLen: c.dstLen, sessionId: cs.sessionId });
  const ds = await destroySession(dev, SERVICE.CIPHER, cs.sessionId);
  if (!sameAsModel(got, exp)) return `${c.label}: ${describe(got, exp)}`;
  if (ds !== STATUS.OK) return `${c.label}: destroy status ${statusName(ds)}`;
  return undefined;
}

/** Random message length for a cipher mode: block multiples (D12), XTS ≥ 16 (D11), CTR any. */
function randomCipherLength(rng: Rng, multiple: number, minLength = 1): number {
  const blocks = 1 + rng.int(REGRESSION.MAX_RANDOM_BLOCKS);
  if (multiple !== 1) return blocks * AES_BLOCK_SIZE;
  return Math.max(minLength, rng.int(blocks * AES_BLOCK_SIZE) + 1);
}

/** Is `len` a legal non-error cipher length for the mode (D11, D12)? */
function legalCipherLength(len: number, multiple: number, minLength = 0): boolean {
  return len % multiple === 0 && (len === 0 || len >= minLength);
}

async function runCipherRow(dev: FullDevice, row: RowSpec, rng: Rng, cases: number): Promise<Tally> {
  const t: Tally = { passed: 0, failed: 0, failures: [] };
  const algo = algoNumber(row.algo);
  const model = CIPHER_MODELS[algo];
  if (!model) throw new Error(`no reference model for ${row.algo}`);
  const keyLen = row.keyBits / BITS_PER_BYTE;
  const ivLen = model.ivLen ?? 0;
  const allEdges = [...new Set([...REGRESSION_SERVICES.EDGE_LENGTHS, ...REGRESSION.EDGE_LENGTHS])].sort((a, b) => a - b);
  const lengths = allEdges.filter((n) => legalCipherLength(n, model.lengthMultiple, model.minLength));
  for (let i = 0; i < cases; i++) lengths.push(randomCipherLength(rng, model.lengthMultiple, model.minLength));
  const run = async (c: CipherCase) => {
    const f = await runCipherCase(dev, row, c);
    tally(t, f === undefined, () => f!);
  };
  // ---- good cases, both directions
  for (const len of lengths)
    for (const op of ['encrypt', 'decrypt'] as const)
      await run({ op, key: rng.bytes(keyLen), iv: rng.bytes(ivLen), src: rng.bytes(len), dstLen: len, label: `${op} len=${len}` });
  // ---- error cases
  // D12 (ECB/CBC) / D11 (XTS < 16): the illegal edge lengths → ERR, dst untouched
  const bad = allEdges.filter((n) => !legalCipherLength(n, model.lengthMultiple, model.minLength));
  for (const len of [...new Set([...bad, ...(model.lengthMultiple > 1 ? REGRESSION.BAD_BLOCK_LENGTHS : [])])])
    await run({ op: 'encrypt', key: rng.bytes(keyLen), iv: rng.bytes(ivLen), src: rng.bytes(len), dstLen: len, label: `D11/D12 bad length ${len}` });
  // D13: dst_data_len < src_data_len → ERR
  {
    const len = 2 * AES_BLOCK_SIZE;
    await run({ op: 'encrypt', key: rng.bytes(keyLen), iv: rng.bytes(ivLen), src: rng.bytes(len), dstLen: len - AES_BLOCK_SIZE, label: 'D13 short dst' });
  }
  // bad key lengths: ERR at create (session) or on the request (stateless)
  const badKeys = algo === ALGO_NAME['aes-xts'].algo ? REGRESSION_SERVICES.BAD_XTS_KEY_LENGTHS : REGRESSION.BAD_AES_KEY_LENGTHS;
  for (const badKey of badKeys)
    await run({ op: 'encrypt', key: rng.bytes(badKey), iv: rng.bytes(ivLen), src: rng.bytes(AES_BLOCK_SIZE), dstLen: AES_BLOCK_SIZE, label: `bad key length ${badKey}` });
  if (model.keyCheck) {
    // D11: XTS key1 = key2 → ERR
    const half = rng.bytes(keyLen / 2);
    const key = new Uint8Array(keyLen);
    key.set(half);
    key.set(half, keyLen / 2);
    await run({ op: 'encrypt', key, iv: rng.bytes(ivLen), src: rng.bytes(AES_BLOCK_SIZE * 2), dstLen: AES_BLOCK_SIZE * 2, label: 'D11 key1 = key2' });
  }
  if (ivLen > 0) {
    // design table: iv_len 16 for CBC/CTR/XTS → ERR otherwise
    await run({ op: 'encrypt', key: rng.bytes(keyLen), iv: rng.bytes(ivLen - 1), src: rng.bytes(AES_BLOCK_SIZE), dstLen: AES_BLOCK_SIZE, label: 'bad iv length' });
  }
  if (row.mode === 'session') await staleSession(t, dev, SERVICE.CIPHER, () => createCipherSession(dev, { algo, key: rng.bytes(keyLen), op: 'encrypt' }), (id) => cipherRequest(dev, { op: 'encrypt', iv: rng.bytes(ivLen), src: rng.bytes(AES_BLOCK_SIZE * 2), sessionId: id }));
  return t;
}

/** D17: a destroyed session id is never valid again → INVSESS (nothing written); destroying it again → ERR. */
async function staleSession(
  t: Tally,
  dev: FullDevice,
  service: number,
  create: () => Promise<CreateSessionResult>,
  request: (id: bigint) => Promise<{ status: number; area: Uint8Array }>,
): Promise<void> {
  const cs = await create();
  let ok = cs.status === STATUS.OK;
  let why = `create ${statusName(cs.status)}`;
  if (ok) {
    const d1 = await destroySession(dev, service, cs.sessionId);
    const r = await request(cs.sessionId);
    const d2 = await destroySession(dev, service, cs.sessionId);
    const clean = r.area.subarray(0, r.area.length - 1).every((x) => x === 0);
    ok = d1 === STATUS.OK && r.status === STATUS.INVSESS && clean && d2 === STATUS.ERR;
    why = `destroy ${statusName(d1)}, stale request ${statusName(r.status)}${clean ? '' : ' (wrote result bytes)'}, second destroy ${statusName(d2)}`;
  }
  tally(t, ok, () => `D17 stale session: ${why}`);
}

// ------------------------------------------------------------------ generic service case

/** One HASH / MAC / AEAD / CHAIN case: how to create its session, send its request, and what the model says. */
interface SvcCase {
  label: string;
  service: number;
  /** session mode */
  create: (dev: FullDevice) => Promise<CreateSessionResult>;
  createExp: ExpectedCreate;
  /** the model's answer to the request in session mode (the session's parameters) */
  sessionExp: Expected;
  /** ... and in stateless mode (the flf's parameters) */
  statelessExp: Expected;
  request: (dev: FullDevice, sessionId: bigint | undefined) => Promise<{ status: number; area: Uint8Array }>;
}

async function runSvcCase(dev: FullDevice, row: RowSpec, c: SvcCase): Promise<string | undefined> {
  let sessionId: bigint | undefined;
  let exp = c.statelessExp;
  if (row.mode === 'session') {
    const cs = await c.create(dev);
    if (cs.status !== c.createExp.status) return `${c.label}: create status ${statusName(cs.status)}, model ${statusName(c.createExp.status)} (${c.createExp.rule})`;
    if (cs.status !== STATUS.OK) return undefined; // failed at create, as the model said
    sessionId = cs.sessionId;
    exp = c.sessionExp;
  }
  const got = await c.request(dev, sessionId);
  const ds = sessionId === undefined ? STATUS.OK : await destroySession(dev, c.service, sessionId);
  const want = expectedArea(exp, got.area.length);
  if (got.status !== exp.status || !Buffer.from(got.area).equals(Buffer.from(want)))
    return `${c.label}: status ${statusName(got.status)} (model ${statusName(exp.status)}: ${exp.rule}); area ${hex(got.area, 48)} vs ${hex(want, 48)}`;
  if (ds !== STATUS.OK) return `${c.label}: destroy status ${statusName(ds)}`;
  return undefined;
}

async function runCases(dev: FullDevice, row: RowSpec, cs: SvcCase[], t: Tally): Promise<void> {
  for (const c of cs) {
    const f = await runSvcCase(dev, row, c);
    tally(t, f === undefined, () => f!);
  }
}

/** Edge lengths (where legal) + the large one + `cases` random ones. */
function messageLengths(rng: Rng, cases: number, legal: (n: number) => boolean = () => true): number[] {
  const ls = [...REGRESSION_SERVICES.EDGE_LENGTHS, REGRESSION_SERVICES.LARGE_LENGTH];
  for (let i = 0; i < cases; i++) ls.push(rng.int(REGRESSION_SERVICES.MAX_RANDOM_LEN + 1));
  return ls.filter(legal);
}

const areaOpt = (areaLen: number | undefined) => (areaLen === undefined ? {} : { writable: [areaLen] });

// ------------------------------------------------------------------ HASH rows

function hashCase(rng: Rng, algo: number, label: string, src: Uint8Array, hashResultLen: number, areaLen?: number): SvcCase {
  const exp = expectHash({ algo, src, hashResultLen, ...(areaLen !== undefined ? { areaLen } : {}) });
  return {
    label,
    service: SERVICE.HASH,
    create: (dev) => createHashSession(dev, { algo, hashResultLen }),
    createExp: expectCreateSession({ service: SERVICE.HASH, algo, keyLen: 0, op: 0, hashResultLen }),
    sessionExp: exp,
    statelessExp: exp,
    request: (dev, id) =>
      hashRequest(dev, { src, hashResultLen, ...(id !== undefined ? { sessionId: id } : { stateless: { algo } }), ...areaOpt(areaLen) }),
  };
}

async function runHashRow(dev: FullDevice, row: RowSpec, rng: Rng, cases: number): Promise<Tally> {
  const t: Tally = { passed: 0, failed: 0, failures: [] };
  const algo = algoNumber(row.algo);
  const d = hashDigestLen(algo)!;
  const cs: SvcCase[] = [];
  messageLengths(rng, cases).forEach((len, i) => {
    // full digest, and every third case truncated (D14)
    const hl = i % 3 === 2 ? 1 + rng.int(d) : d;
    cs.push(hashCase(rng, algo, `len=${len} hash_result_len=${hl}`, rng.bytes(len), hl));
  });
  // D13/D14: hash_result_len 0 or larger than the digest → ERR (at create, or on the stateless request)
  for (const hl of [0, d + 1]) cs.push(hashCase(rng, algo, `D13 hash_result_len ${hl}`, rng.bytes(AES_BLOCK_SIZE), hl));
  // D13: writable area too small for hash_result + status → ERR, nothing written
  cs.push(hashCase(rng, algo, 'D13 area too small', rng.bytes(AES_BLOCK_SIZE), d, d));
  await runCases(dev, row, cs, t);
  if (row.mode === 'session')
    await staleSession(t, dev, SERVICE.HASH, () => createHashSession(dev, { algo, hashResultLen: d }), (id) => hashRequest(dev, { src: rng.bytes(AES_BLOCK_SIZE), hashResultLen: d, sessionId: id }));
  return t;
}

// ------------------------------------------------------------------ MAC rows

function macCase(algo: number, label: string, key: Uint8Array, src: Uint8Array, hashResultLen: number, areaLen?: number): SvcCase {
  const exp = expectMac({ algo, key, src, hashResultLen, ...(areaLen !== undefined ? { areaLen } : {}) });
  return {
    label,
    service: SERVICE.MAC,
    create: (dev) => createMacSession(dev, { algo, hashResultLen, authKey: key }),
    createExp: expectCreateSession({ service: SERVICE.MAC, algo, keyLen: key.length, op: 0, hashResultLen }),
    sessionExp: exp,
    statelessExp: exp,
    request: (dev, id) =>
      macRequest(dev, { src, hashResultLen, ...(id !== undefined ? { sessionId: id } : { stateless: { algo, key } }), ...areaOpt(areaLen) }),
  };
}

/** HMAC key lengths of a row: the fixed list plus block − 1, block, block + 1 (D15), within max_auth_key_len. */
function hmacKeyLens(macAlgo: number): number[] {
  const block = SHA_INFO[HMAC_HASH[macAlgo]!]!.blockLen;
  return [...new Set([...REGRESSION_SERVICES.HMAC_KEY_LENS, block - 1, block, block + 1])].filter((n) => n <= DEVICE_LIMITS.MAX_AUTH_KEY_LEN);
}

async function runMacRow(dev: FullDevice, row: RowSpec, rng: Rng, cases: number): Promise<Tally> {
  const t: Tally = { passed: 0, failed: 0, failures: [] };
  const algo = algoNumber(row.algo);
  const d = macDigestLen(algo)!;
  const cmac = algo === MAC_ALGO.CMAC_AES;
  const keyLens = cmac ? [row.keyBits / BITS_PER_BYTE] : hmacKeyLens(algo);
  const randomKeyLen = () => (cmac ? keyLens[0]! : rng.int(DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1));
  const cs: SvcCase[] = [];
  messageLengths(rng, cases).forEach((len, i) => {
    const kl = i < keyLens.length ? keyLens[i]! : randomKeyLen();
    const hl = i % 3 === 2 ? 1 + rng.int(d) : d;
    cs.push(macCase(algo, `len=${len} key=${kl} hash_result_len=${hl}`, rng.bytes(kl), rng.bytes(len), hl));
  });
  // D15: HMAC key > max_auth_key_len / CMAC key not 16/24/32 → ERR
  const badKeys = cmac ? REGRESSION_SERVICES.BAD_CMAC_KEY_LENGTHS : [DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1];
  for (const kl of badKeys) cs.push(macCase(algo, `D15 bad key length ${kl}`, rng.bytes(kl), rng.bytes(AES_BLOCK_SIZE), d));
  const goodKey = keyLens[keyLens.length - 1]!;
  for (const hl of [0, d + 1]) cs.push(macCase(algo, `D13 hash_result_len ${hl}`, rng.bytes(goodKey), rng.bytes(AES_BLOCK_SIZE), hl));
  cs.push(macCase(algo, 'D13 area too small', rng.bytes(goodKey), rng.bytes(AES_BLOCK_SIZE), d, d));
  await runCases(dev, row, cs, t);
  if (row.mode === 'session')
    await staleSession(t, dev, SERVICE.MAC, () => createMacSession(dev, { algo, hashResultLen: d, authKey: rng.bytes(goodKey) }), (id) => macRequest(dev, { src: rng.bytes(AES_BLOCK_SIZE), hashResultLen: d, sessionId: id }));
  return t;
}

// ------------------------------------------------------------------ AEAD rows

interface AeadCaseParams {
  algo: number;
  op: 'encrypt' | 'decrypt';
  key: Uint8Array;
  iv: Uint8Array;
  aad: Uint8Array;
  src: Uint8Array;
  tagLen: number;
  dstLen?: number;
}

function aeadCase(label: string, p: AeadCaseParams): SvcCase {
  const exp = expectAead({ ...p });
  return {
    label,
    service: SERVICE.AEAD,
    create: (dev) => createAeadSession(dev, { algo: p.algo, key: p.key, tagLen: p.tagLen, aadLen: p.aad.length, op: p.op }),
    createExp: expectCreateSession({ service: SERVICE.AEAD, algo: p.algo, keyLen: p.key.length, op: p.op, tagLen: p.tagLen }),
    sessionExp: exp,
    statelessExp: exp,
    request: (dev, id) =>
      aeadRequest(dev, {
        op: p.op,
        iv: p.iv,
        aad: p.aad,
        src: p.src,
        tagLen: p.tagLen,
        ...(p.dstLen !== undefined ? { dstLen: p.dstLen } : {}),
        ...(id !== undefined ? { sessionId: id } : { stateless: { algo: p.algo, key: p.key } }),
      }),
  };
}

function randomAeadParams(rng: Rng, algo: number, i: number): { iv: Uint8Array; tagLen: number; aad: Uint8Array } {
  const gcmMode = algo === AEAD_ALGO.GCM;
  // GCM: mostly the 12-byte fast path, every third case another length (D8); CCM: nonce 7..13 (D9)
  const ivLen = gcmMode
    ? i % 3 === 1 ? GCM.MIN_IV_LEN + rng.int(REGRESSION_SERVICES.MAX_RANDOM_GCM_IV) : GCM.FAST_IV_LEN
    : CCM.MIN_NONCE_LEN + rng.int(CCM.MAX_NONCE_LEN - CCM.MIN_NONCE_LEN + 1);
  const tagLens = gcmMode ? GCM.TAG_LENS : Array.from({ length: (CCM.MAX_TAG_LEN - CCM.MIN_TAG_LEN) / CCM.TAG_LEN_STEP + 1 }, (_, k) => CCM.MIN_TAG_LEN + k * CCM.TAG_LEN_STEP);
  const tagLen = i % 2 === 0 ? GCM.MAX_TAG_LEN : rng.pick(tagLens);
  const aadLen = i % 4 === 0 ? 0 : rng.int(REGRESSION_SERVICES.MAX_RANDOM_AAD + 1);
  return { iv: rng.bytes(ivLen), tagLen, aad: rng.bytes(aadLen) };
}

function aeadSeal(algo: number, key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array, tagLen: number): Uint8Array {
  return algo === AEAD_ALGO.GCM ? gcmEncrypt(key, iv, aad, pt, tagLen) : ccmEncrypt(key, iv, aad, pt, tagLen);
}

async function runAeadRow(dev: FullDevice, row: RowSpec, rng: Rng, cases: number): Promise<Tally> {
  const t: Tally = { passed: 0, failed: 0, failures: [] };
  const algo = algoNumber(row.algo);
  const keyLen = row.keyBits / BITS_PER_BYTE;
  const cs: SvcCase[] = [];
  messageLengths(rng, cases).forEach((len, i) => {
    const { iv, tagLen, aad } = randomAeadParams(rng, algo, i);
    const key = rng.bytes(keyLen);
    const pt = rng.bytes(len);
    const base = `len=${len} iv=${iv.length} aad=${aad.length} tag=${tagLen}`;
    cs.push(aeadCase(`encrypt ${base}`, { algo, op: 'encrypt', key, iv, aad, src: pt, tagLen }));
    const sealed = aeadSeal(algo, key, iv, aad, pt, tagLen);
    cs.push(aeadCase(`decrypt ${base}`, { algo, op: 'decrypt', key, iv, aad, src: sealed, tagLen }));
    if (i % 4 === 3) {
      // D6: a corrupted tag (or ciphertext) → BADMSG, the plaintext area zeroed
      const bad = Uint8Array.from(sealed);
      bad[rng.int(bad.length)]! ^= 1 << rng.int(BITS_PER_BYTE);
      cs.push(aeadCase(`D6 corrupted ${base}`, { algo, op: 'decrypt', key, iv, aad, src: bad, tagLen }));
    }
  });
  const key = rng.bytes(keyLen);
  const src = rng.bytes(2 * AES_BLOCK_SIZE + 1);
  const { iv, aad } = randomAeadParams(rng, algo, 0);
  const tagLen = GCM.MAX_TAG_LEN;
  // D7: bad tag_len → NOTSUPP at create, ERR on a stateless request
  const badTags = algo === AEAD_ALGO.GCM ? REGRESSION_SERVICES.BAD_GCM_TAG_LENS : REGRESSION_SERVICES.BAD_CCM_TAG_LENS;
  for (const tl of badTags) cs.push(aeadCase(`D7 tag_len ${tl}`, { algo, op: 'encrypt', key, iv, aad, src, tagLen: tl }));
  // D8 / D9: iv length → ERR (also in session mode: the iv comes with the request)
  const badIvs = algo === AEAD_ALGO.GCM ? [0] : [CCM.MIN_NONCE_LEN - 1, CCM.MAX_NONCE_LEN + 1];
  for (const il of badIvs) cs.push(aeadCase(`D8/D9 iv_len ${il}`, { algo, op: 'encrypt', key, iv: rng.bytes(il), aad, src, tagLen }));
  // D5: encrypt dst_data_len < src + tag → ERR
  cs.push(aeadCase('D5 short dst', { algo, op: 'encrypt', key, iv, aad, src, tagLen, dstLen: src.length + tagLen - 1 }));
  // D6: decrypt src_data_len < tag_len → ERR; dst_data_len < src − tag → ERR
  cs.push(aeadCase('D6 src shorter than the tag', { algo, op: 'decrypt', key, iv, aad, src: rng.bytes(tagLen - 1), tagLen }));
  const sealed = aeadSeal(algo, key, iv, aad, src, tagLen);
  cs.push(aeadCase('D6 short dst', { algo, op: 'decrypt', key, iv, aad, src: sealed, tagLen, dstLen: src.length - 1 }));
  // bad key length → ERR
  for (const kl of REGRESSION.BAD_AES_KEY_LENGTHS) cs.push(aeadCase(`bad key length ${kl}`, { algo, op: 'encrypt', key: rng.bytes(kl), iv, aad, src, tagLen }));
  await runCases(dev, row, cs, t);
  if (row.mode === 'session')
    await staleSession(t, dev, SERVICE.AEAD, () => createAeadSession(dev, { algo, key, tagLen, aadLen: 0, op: 'encrypt' }), (id) => aeadRequest(dev, { op: 'encrypt', iv, aad, src, tagLen, sessionId: id }));
  return t;
}

// ------------------------------------------------------------------ CHAIN rows

interface ChainCaseParams extends ChainSessionModel {
  op: 'encrypt' | 'decrypt';
  iv: Uint8Array;
  aad: Uint8Array;
  src: Uint8Array;
  cipherStart: number;
  lenToCipher: number;
  hashStart: number;
  lenToHash: number;
  dstLen?: number;
  areaLen?: number;
}

function chainCase(label: string, p: ChainCaseParams): SvcCase {
  const exp = expectChain({ ...p, cipherOp: p.op });
  const cipherAlgo = p.cipherAlgo;
  return {
    label,
    service: SERVICE.CIPHER,
    create: (dev) =>
      createChainSession(dev, {
        algChainOrder: p.order,
        hashMode: p.hashMode,
        cipherAlgo,
        cipherKey: p.cipherKey,
        cipherOp: p.op === 'encrypt' ? CIPHER_OP.ENCRYPT : CIPHER_OP.DECRYPT,
        hashAlgo: p.hashAlgo,
        hashResultLen: p.hashResultLen,
        ...(p.hashMode === SYM_HASH_MODE.AUTH ? { authKey: p.authKey ?? EMPTY } : {}),
        aadLen: p.aad.length,
      }),
    createExp: expectCreateSession({ service: SERVICE.CIPHER, algo: cipherAlgo, keyLen: p.cipherKey.length, op: p.op, opType: SYM_OP.ALGORITHM_CHAINING, chain: { ...p, cipherOp: p.op } }),
    sessionExp: exp,
    statelessExp: exp,
    request: (dev, id) =>
      chainRequest(dev, {
        op: p.op,
        iv: p.iv,
        aad: p.aad,
        src: p.src,
        hashResultLen: p.hashResultLen,
        cipherStart: p.cipherStart,
        lenToCipher: p.lenToCipher,
        hashStart: p.hashStart,
        lenToHash: p.lenToHash,
        ...(p.dstLen !== undefined ? { dstLen: p.dstLen } : {}),
        ...areaOpt(p.areaLen),
        ...(id !== undefined
          ? { sessionId: id }
          : {
              stateless: {
                order: p.order,
                hashMode: p.hashMode,
                cipherAlgo,
                cipherKey: p.cipherKey,
                hashAlgo: p.hashAlgo,
                ...(p.hashMode === SYM_HASH_MODE.AUTH ? { authKey: p.authKey ?? EMPTY } : {}),
              },
            }),
      }),
  };
}

/** A legal cipher range inside n bytes (D21; ECB/CBC block multiples, XTS 0 or ≥ 16). */
function cipherRange(rng: Rng, n: number, multiple: number, minLength: number | undefined, full: boolean): [number, number] {
  let len: number;
  if (multiple > 1) len = full ? n - (n % multiple) : multiple * rng.int(Math.floor(n / multiple) + 1);
  else if (minLength !== undefined) len = n < minLength ? 0 : full ? n : minLength + rng.int(n - minLength + 1);
  else len = full ? n : rng.int(n + 1);
  return [full ? 0 : rng.int(n - len + 1), len];
}

async function runChainRow(dev: FullDevice, row: RowSpec, rng: Rng, cases: number): Promise<Tally> {
  const t: Tally = { passed: 0, failed: 0, failures: [] };
  const [cName, hName] = row.algo.split('+') as [string, string];
  const cipherAlgo = algoNumber(cName);
  const hashAlgo = algoNumber(hName);
  const model = CIPHER_MODELS[cipherAlgo]!;
  const auth = ALGO_NAME[hName as AlgoName].service === SERVICE.MAC;
  const hashMode = auth ? SYM_HASH_MODE.AUTH : SYM_HASH_MODE.PLAIN;
  const d = (auth ? macDigestLen(hashAlgo) : hashDigestLen(hashAlgo))!;
  const keyLen = row.keyBits / BITS_PER_BYTE;
  const ivLen = model.ivLen ?? AES_IV_SIZE;
  const combos = [
    [ALG_CHAIN_ORDER.CIPHER_THEN_HASH, 'encrypt'],
    [ALG_CHAIN_ORDER.HASH_THEN_CIPHER, 'decrypt'],
    [ALG_CHAIN_ORDER.HASH_THEN_CIPHER, 'encrypt'],
    [ALG_CHAIN_ORDER.CIPHER_THEN_HASH, 'decrypt'],
  ] as const;
  const base = (i: number, n: number, full: boolean): ChainCaseParams => {
    const [order, op] = combos[i % combos.length]!;
    const [cipherStart, lenToCipher] = cipherRange(rng, n, model.lengthMultiple, model.minLength, full);
    const hashStart = full ? 0 : rng.int(n + 1);
    const lenToHash = full ? n : rng.int(n - hashStart + 1);
    return {
      order,
      hashMode,
      cipherAlgo,
      cipherOp: op,
      cipherKey: rng.bytes(keyLen),
      hashAlgo,
      authKey: auth ? rng.bytes(rng.int(DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1)) : EMPTY,
      hashResultLen: i % 3 === 2 ? 1 + rng.int(d) : d,
      op,
      iv: rng.bytes(ivLen),
      aad: i % 2 === 0 ? EMPTY : rng.bytes(rng.int(REGRESSION_SERVICES.MAX_RANDOM_AAD + 1)),
      src: rng.bytes(n),
      cipherStart,
      lenToCipher,
      hashStart,
      lenToHash,
    };
  };
  const cs: SvcCase[] = [];
  const lengths = messageLengths(rng, Math.min(cases, REGRESSION_SERVICES.CHAIN_CASES));
  lengths.forEach((n, i) => {
    // every order × direction, full ranges (the in-place IPsec case) and random sub-ranges (D21)
    const p = base(i, n, i % 2 === 0);
    cs.push(chainCase(`${p.order === ALG_CHAIN_ORDER.CIPHER_THEN_HASH ? 'C→H' : 'H→C'} ${p.op} len=${n} c=[${p.cipherStart},+${p.lenToCipher}) h=[${p.hashStart},+${p.lenToHash}) aad=${p.aad.length}`, p));
  });
  // D21: ranges outside src → ERR
  const n = REGRESSION_SERVICES.CHAIN_ERROR_BLOCKS * AES_BLOCK_SIZE;
  cs.push(chainCase('D21 cipher range outside src', { ...base(0, n, true), cipherStart: AES_BLOCK_SIZE, lenToCipher: n }));
  cs.push(chainCase('D21 hash range outside src', { ...base(1, n, true), hashStart: 1, lenToHash: n }));
  // design table: ECB/CBC len_to_cipher multiple of 16; XTS 0 or ≥ 16
  if (model.lengthMultiple > 1) cs.push(chainCase('D12 len_to_cipher 17', { ...base(0, n, true), lenToCipher: AES_BLOCK_SIZE + 1 }));
  if (model.minLength !== undefined) cs.push(chainCase('D11 XTS len_to_cipher 15', { ...base(0, n, true), lenToCipher: model.minLength - 1 }));
  // D13: dst_data_len < src_data_len; area too small for dst + hash_result + status
  cs.push(chainCase('D13 short dst', { ...base(2, n, true), dstLen: n - 1 }));
  const full = base(3, n, true);
  cs.push(chainCase('D13 area too small', { ...full, areaLen: n + full.hashResultLen }));
  // design table: hash_result_len 0 / larger than the digest → ERR
  cs.push(chainCase('D13 hash_result_len 0', { ...base(0, n, true), hashResultLen: 0 }));
  // design table CHAIN: NESTED → NOTSUPP; AUTH with CMAC → NOTSUPP
  cs.push(chainCase('hash_mode NESTED', { ...base(0, n, true), hashMode: SYM_HASH_MODE.NESTED }));
  if (auth) cs.push(chainCase('AUTH with CMAC', { ...base(0, n, true), hashAlgo: MAC_ALGO.CMAC_AES, authKey: rng.bytes(AES_BLOCK_SIZE) }));
  // D15: auth key > max_auth_key_len → ERR
  if (auth) cs.push(chainCase('D15 auth key too long', { ...base(0, n, true), authKey: rng.bytes(DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1) }));
  await runCases(dev, row, cs, t);
  if (row.mode === 'session') {
    const p = base(0, n, true);
    const c = chainCase('stale', p);
    await staleSession(t, dev, SERVICE.CIPHER, () => c.create(dev), (id) => c.request(dev, id));
  }
  return t;
}

const ROW_RUNNERS: Record<RowService, (dev: FullDevice, row: RowSpec, rng: Rng, cases: number) => Promise<Tally>> = {
  cipher: runCipherRow,
  hash: runHashRow,
  mac: runMacRow,
  aead: runAeadRow,
  chain: runChainRow,
};

/** Run all rows; one device per distinct feature set. */
export async function runRegression(o: RunOptions): Promise<RunReport> {
  const log = o.log ?? (() => {});
  const cases = o.cases ?? REGRESSION.CASES_PER_ROW;
  const rng = new Rng(o.seed ?? REGRESSION.SEED);
  const results: RowResult[] = [];
  let dmaViolations = 0;
  const groups = new Map<bigint, RowSpec[]>();
  for (const r of o.rows) groups.set(r.features, [...(groups.get(r.features) ?? []), r]);
  let index = 0;
  for (const [features, rows] of groups) {
    const dev = await o.openDevice({ features, ...(o.trace ? { trace: o.trace } : {}) });
    try {
      let cfg: ConfigLike | undefined;
      try {
        cfg = (await dev.readConfig()) as ConfigLike;
      } catch {
        cfg = undefined;
      }
      for (const row of rows) {
        index++;
        const missing = features & ~dev.negotiatedFeatures;
        let t: Tally;
        const c0 = cyclesOf(await dev.stats());
        const na = notAdvertised(row, cfg);
        if (missing !== 0n) {
          t = { passed: 0, failed: 1, failures: [`features 0x${missing.toString(16)} not negotiated`] };
        } else if (na !== undefined) {
          t = { passed: 0, failed: 1, failures: [`${row.service} ${row.algo}: ${na}`] };
        } else {
          try {
            t = await ROW_RUNNERS[row.service](dev, row, rng, cases);
          } catch (e) {
            t = { passed: 0, failed: 1, failures: [`exception: ${(e as Error).stack ?? String(e)}`] };
          }
        }
        const c1 = cyclesOf(await dev.stats());
        const res: RowResult = {
          service: row.service,
          algo: row.algo,
          keyBits: row.keyBits,
          mode: row.mode,
          layout: row.layout,
          passed: t.passed,
          failed: t.failed,
          cycles: Number(c1 - c0),
        };
        results.push(res);
        o.onRow?.(index, o.rows.length, res);
        for (const f of t.failures) log(`    FAIL ${f}`);
      }
    } finally {
      dmaViolations += await dev.dmaViolations();
      await dev.close();
    }
  }
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  return { rows: results, passed, failed, dmaViolations };
}
