// Wycheproof test vector files (JSON: `algorithm`, `testGroups[].tests[]`).
//
// Sizes in groups (`keySize`, `ivSize`, `tagSize`) are in bits. `result` is valid, invalid or
// acceptable; acceptable cases are run as valid ones (the device implements the full standard
// for the parameters it accepts; parameters it documents as unsupported are reported by
// executeCase and counted as unsupported).
import { concat, fromHex } from './hex.ts';
import type { LoadedCase, VectorAlgo, VectorCase } from './types.ts';

const BITS_PER_BYTE = 8;
const AES_BLOCK = 16;
const EMPTY = new Uint8Array(0);

interface WyTest {
  tcId: number;
  comment?: string;
  key?: string;
  iv?: string;
  aad?: string;
  msg?: string;
  ct?: string;
  tag?: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags?: string[];
}

interface WyGroup {
  type?: string;
  keySize?: number;
  ivSize?: number;
  tagSize?: number;
  tests: WyTest[];
}

export interface WycheproofDoc {
  algorithm: string;
  testGroups: WyGroup[];
}

export function isWycheproof(v: unknown): v is WycheproofDoc {
  return !!v && typeof v === 'object' && typeof (v as WycheproofDoc).algorithm === 'string' && Array.isArray((v as WycheproofDoc).testGroups);
}

const HMAC_ALGOS: Record<string, VectorAlgo> = {
  HMACSHA1: 'hmac-sha1',
  HMACSHA224: 'hmac-sha224',
  HMACSHA256: 'hmac-sha256',
  HMACSHA384: 'hmac-sha384',
  HMACSHA512: 'hmac-sha512',
};

const hx = (t: WyTest, name: keyof WyTest): Uint8Array => {
  const v = t[name];
  if (v === undefined) return EMPTY;
  if (typeof v !== 'string') throw new Error(`${name} is not a string`);
  return fromHex(v, name);
};

function bytes(bits: number | undefined, what: string): number | undefined {
  if (bits === undefined) return undefined;
  if (bits % BITS_PER_BYTE !== 0) throw new Error(`${what} = ${bits} bits is not a whole number of bytes`);
  return bits / BITS_PER_BYTE;
}

type Emit = (id: string, c: VectorCase | { unsupported: string }) => void;

function aeadTest(algo: VectorAlgo, g: WyGroup, t: WyTest, emit: Emit): void {
  const key = hx(t, 'key');
  const iv = hx(t, 'iv');
  const aad = hx(t, 'aad');
  const msg = hx(t, 'msg');
  const ct = hx(t, 'ct');
  const tag = hx(t, 'tag');
  const tagLen = bytes(g.tagSize, 'tagSize') ?? tag.length;
  const common = { service: 'aead' as const, algo, key, iv, aad, tagLen };
  const id = `tcId ${t.tcId}`;
  if (t.result === 'invalid') {
    emit(`${id} dec`, { ...common, op: 'decrypt', input: concat(ct, tag), valid: false });
    return;
  }
  emit(`${id} enc`, { ...common, op: 'encrypt', input: msg, output: concat(ct, tag), valid: true });
  emit(`${id} dec`, { ...common, op: 'decrypt', input: concat(ct, tag), output: msg, valid: true });
}

function macTest(algo: VectorAlgo, g: WyGroup, t: WyTest, emit: Emit): void {
  const tag = hx(t, 'tag');
  const outLen = bytes(g.tagSize, 'tagSize') ?? tag.length;
  emit(`tcId ${t.tcId}`, {
    service: 'mac',
    algo,
    op: 'encrypt',
    key: hx(t, 'key'),
    iv: EMPTY,
    aad: EMPTY,
    input: hx(t, 'msg'),
    output: tag,
    outLen,
    valid: t.result !== 'invalid',
  });
}

/**
 * AES-CBC-PKCS5: the device does no padding. A valid case whose message is a multiple of 16 bytes
 * is expressible without padding: CBC is prefix-preserving, so raw CBC of msg gives the first
 * msg.length bytes of ct (encrypt), and raw CBC decryption of those bytes gives msg (decrypt).
 * Everything else needs padding or a padding check → unsupported.
 */
function cbcPkcs5Test(_g: WyGroup, t: WyTest, emit: Emit): void {
  const id = `tcId ${t.tcId}`;
  if (t.result === 'invalid') {
    emit(id, { unsupported: 'PKCS#5 padding check (the device does no padding)' });
    return;
  }
  const msg = hx(t, 'msg');
  if (msg.length % AES_BLOCK !== 0) {
    emit(id, { unsupported: `PKCS#5 padding of a ${msg.length}-byte message (the device does no padding)` });
    return;
  }
  const ct = hx(t, 'ct');
  if (ct.length < msg.length) throw new Error(`ct shorter than msg`);
  const prefix = ct.subarray(0, msg.length);
  const common = { service: 'cipher' as const, algo: 'aes-cbc' as const, key: hx(t, 'key'), iv: hx(t, 'iv'), aad: EMPTY, valid: true };
  emit(`${id} enc`, { ...common, op: 'encrypt', input: msg, output: prefix });
  emit(`${id} dec`, { ...common, op: 'decrypt', input: prefix, output: msg });
}

/** Convert a Wycheproof document into cases. */
export function parseWycheproof(doc: WycheproofDoc): { kind: string; cases: LoadedCase[] } {
  const name = doc.algorithm.toUpperCase();
  const cases: LoadedCase[] = [];
  const emit: Emit = (id, c) => {
    cases.push('unsupported' in c ? { id, unsupported: c.unsupported } : { id, case: c });
  };
  let run: ((g: WyGroup, t: WyTest, emit: Emit) => void) | undefined;
  if (name === 'AES-GCM') run = (g, t, e) => aeadTest('aes-gcm', g, t, e);
  else if (name === 'AES-CCM') run = (g, t, e) => aeadTest('aes-ccm', g, t, e);
  else if (name === 'AES-CMAC') run = (g, t, e) => macTest('cmac-aes', g, t, e);
  else if (HMAC_ALGOS[name]) run = (g, t, e) => macTest(HMAC_ALGOS[name]!, g, t, e);
  else if (name === 'AES-CBC-PKCS5') run = cbcPkcs5Test;
  for (const g of doc.testGroups) {
    for (const t of g.tests ?? []) {
      if (!run) {
        emit(`tcId ${t.tcId}`, { unsupported: `Wycheproof algorithm ${doc.algorithm} is not offered by the device` });
        continue;
      }
      try {
        run(g, t, emit);
      } catch (e) {
        cases.push({ id: `tcId ${t.tcId}`, error: (e as Error).message });
      }
    }
  }
  return { kind: `wycheproof ${doc.algorithm}`, cases };
}
