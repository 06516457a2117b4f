// `vcrypto run`: the regression engine. Each row runs N random cases (both directions) and the
// error cases against the reference model on a device opened with the row's features.

import {
  AES_BLOCK_SIZE,
  BITS_PER_BYTE,
  CIPHER_ALGO,
  REGRESSION,
  SERVICE,
  STATUS,
  statusName,
} from '../constants/crypto.ts';
import { cipherRequest } from '../crypto/cipher.ts';
import { cyclesOf, type FullDevice, type OpenDevice } from '../crypto/device.ts';
import { Rng } from '../crypto/rng.ts';
import { createCipherSession, destroySession } from '../crypto/session.ts';
import { CIPHER_MODELS, expectCipher, expectCreateSession, type ExpectedCipher } from '../ref/index.ts';
import type { RowSpec } from './rows.ts';

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

/** Compare a device answer with the model: status, and the whole dst area (zero outside the result). */
export function sameAsModel(got: { status: number; dst: Uint8Array }, exp: ExpectedCipher): boolean {
  if (got.status !== exp.status) return false;
  if (got.dst.length !== exp.dst.length) return false;
  return Buffer.from(got.dst).equals(Buffer.from(exp.dst));
}

function describe(got: { status: number; dst: Uint8Array }, exp: ExpectedCipher): string {
  return `status ${statusName(got.status)} (model ${statusName(exp.status)}: ${exp.rule}); dst ${hex(got.dst)} vs ${hex(exp.dst)}`;
}

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
  const algo = CIPHER_ALGO[row.algo];
  const exp = expectCipher({ algo, op: c.op, key: c.key, iv: c.iv, src: c.src, dstLen: c.dstLen });
  if (row.mode === 'stateless') {
    const got = await cipherRequest(dev, { op: c.op, iv: c.iv, src: c.src, dstLen: c.dstLen, stateless: { algo, key: c.key } });
    return sameAsModel(got, exp) ? undefined : `${c.label}: ${describe(got, exp)}`;
  }
  const cexp = expectCreateSession({ service: SERVICE.CIPHER, algo, keyLen: c.key.length, op: c.op });
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

function randomLength(rng: Rng, multiple: number): number {
  const blocks = 1 + rng.int(REGRESSION.MAX_RANDOM_BLOCKS);
  return multiple === 1 ? rng.int(blocks * AES_BLOCK_SIZE) + 1 : blocks * AES_BLOCK_SIZE;
}

async function runCipherRow(dev: FullDevice, row: RowSpec, rng: Rng, cases: number): Promise<Tally> {
  const t: Tally = { passed: 0, failed: 0, failures: [] };
  const algo = CIPHER_ALGO[row.algo];
  const model = CIPHER_MODELS[algo];
  if (!model) throw new Error(`no reference model for ${row.algo}`);
  const keyLen = row.keyBits / BITS_PER_BYTE;
  const ivLen = model.ivLen ?? 0;
  const lengths = [...REGRESSION.EDGE_LENGTHS];
  for (let i = 0; i < cases; i++) lengths.push(randomLength(rng, model.lengthMultiple));
  // ---- good cases, both directions
  for (const len of lengths) {
    for (const op of ['encrypt', 'decrypt'] as const) {
      const c: CipherCase = { op, key: rng.bytes(keyLen), iv: rng.bytes(ivLen), src: rng.bytes(len), dstLen: len, label: `${op} len=${len}` };
      const f = await runCipherCase(dev, row, c);
      tally(t, f === undefined, () => f!);
    }
  }
  // ---- error cases
  if (model.lengthMultiple > 1) {
    for (const len of REGRESSION.BAD_BLOCK_LENGTHS) {
      const c: CipherCase = { op: 'encrypt', key: rng.bytes(keyLen), iv: rng.bytes(ivLen), src: rng.bytes(len), dstLen: len, label: `D12 bad length ${len}` };
      const f = await runCipherCase(dev, row, c);
      tally(t, f === undefined, () => f!);
    }
  }
  {
    // D13: dst_data_len < src_data_len → ERR
    const len = 2 * AES_BLOCK_SIZE;
    const c: CipherCase = { op: 'encrypt', key: rng.bytes(keyLen), iv: rng.bytes(ivLen), src: rng.bytes(len), dstLen: len - AES_BLOCK_SIZE, label: 'D13 short dst' };
    const f = await runCipherCase(dev, row, c);
    tally(t, f === undefined, () => f!);
  }
  for (const badKey of REGRESSION.BAD_AES_KEY_LENGTHS) {
    // bad key length: ERR at create (session) or on the request (stateless)
    const c: CipherCase = { op: 'encrypt', key: rng.bytes(badKey), iv: rng.bytes(ivLen), src: rng.bytes(AES_BLOCK_SIZE), dstLen: AES_BLOCK_SIZE, label: `bad key length ${badKey}` };
    const f = await runCipherCase(dev, row, c);
    tally(t, f === undefined, () => f!);
  }
  if (row.mode === 'session') {
    // D17: a destroyed session id is never valid again → INVSESS; destroying it again → ERR
    const key = rng.bytes(keyLen);
    const cs = await createCipherSession(dev, { algo, key, op: 'encrypt' });
    let ok = cs.status === STATUS.OK;
    let why = `create ${statusName(cs.status)}`;
    if (ok) {
      const d1 = await destroySession(dev, SERVICE.CIPHER, cs.sessionId);
      const r = await cipherRequest(dev, { op: 'encrypt', iv: rng.bytes(ivLen), src: rng.bytes(AES_BLOCK_SIZE), sessionId: cs.sessionId });
      const d2 = await destroySession(dev, SERVICE.CIPHER, cs.sessionId);
      ok = d1 === STATUS.OK && r.status === STATUS.INVSESS && d2 === STATUS.ERR;
      why = `destroy ${statusName(d1)}, stale request ${statusName(r.status)}, second destroy ${statusName(d2)}`;
    }
    tally(t, ok, () => `D17 stale session: ${why}`);
  }
  return t;
}

const ROW_RUNNERS: Record<RowSpec['service'], (dev: FullDevice, row: RowSpec, rng: Rng, cases: number) => Promise<Tally>> = {
  cipher: runCipherRow,
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
      for (const row of rows) {
        index++;
        const missing = features & ~dev.negotiatedFeatures;
        let t: Tally;
        const c0 = cyclesOf(await dev.stats());
        if (missing !== 0n) {
          t = { passed: 0, failed: 1, failures: [`features 0x${missing.toString(16)} not negotiated`] };
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
