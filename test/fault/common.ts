// Shared bits of the fault-injection suites (test/fault/*.test.ts): sessions, a seeded mix of
// AES-CBC / SHA-256 / AES-GCM requests with their reference answers, a DeviceLike wrapper that
// passes extra submit options (onPlaced, writableFill), and small simulator helpers.
import { expect } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { aeadRequest } from '../../src/crypto/aead.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import type { DeviceLike } from '../../src/crypto/device.ts';
import { hashRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createAeadSession, createCipherSession, createHashSession } from '../../src/crypto/session.ts';
import type { Device, SubmitOptions } from '../../src/index.ts';
import { expectAead, expectCipher, expectHash, expectedArea, type Expected } from '../../src/ref/index.ts';

export const { OK, ERR } = C.STATUS;
export const NEEDS_RESET = 64;
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A Device seen through DeviceLike, with `extra` merged into every submission's options. */
export function withSubmitOptions(dev: Device, extra: SubmitOptions): DeviceLike {
  return {
    negotiatedFeatures: dev.negotiatedFeatures,
    controlQueue: dev.controlQueue,
    numDataQueues: dev.numDataQueues,
    submitRaw: (q, r, w, o) => dev.submitRaw(q, r, w, { ...o, ...extra }),
  };
}

export interface Sessions {
  cbcKey: Uint8Array;
  cbcEnc: bigint;
  cbcDec: bigint;
  gcmKey: Uint8Array;
  gcmEnc: bigint;
  gcmDec: bigint;
  sha: bigint;
}

export const GCM_TAG = 16;
export const GCM_AAD = 16;

/** One session per kind of request of the mix (control queue; run before any fault). */
export async function createSessions(dev: DeviceLike, rng: Rng): Promise<Sessions> {
  const cbcKey = rng.bytes(16);
  const gcmKey = rng.bytes(16);
  const made = await Promise.all([
    createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key: cbcKey, op: 'encrypt' }),
    createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key: cbcKey, op: 'decrypt' }),
    createAeadSession(dev, { algo: C.AEAD_ALGO.GCM, key: gcmKey, tagLen: GCM_TAG, aadLen: GCM_AAD, op: 'encrypt' }),
    createAeadSession(dev, { algo: C.AEAD_ALGO.GCM, key: gcmKey, tagLen: GCM_TAG, aadLen: GCM_AAD, op: 'decrypt' }),
    createHashSession(dev, { algo: C.HASH_ALGO.SHA_256, hashResultLen: 32 }),
  ]);
  for (const [i, m] of made.entries()) expect(C.statusName(m.status), `session ${i}`).toBe('OK');
  const [cbcEnc, cbcDec, gcmEnc, gcmDec, sha] = made.map((m) => m.sessionId) as [bigint, bigint, bigint, bigint, bigint];
  return { cbcKey, cbcEnc, cbcDec, gcmKey, gcmEnc, gcmDec, sha };
}

export interface JobResult {
  status: number;
  area: Uint8Array;
  usedLen: number;
}

/** One request of the mix: how to send it and what the reference model answers. */
export interface Job {
  label: string;
  queue: number;
  exp: Expected;
  run(dev: DeviceLike): Promise<JobResult>;
}

export type JobKind = 'cbc-enc' | 'cbc-dec' | 'sha256' | 'gcm-enc' | 'gcm-dec';
export const JOB_KINDS: JobKind[] = ['cbc-enc', 'cbc-dec', 'sha256', 'gcm-enc', 'gcm-dec'];

/** One request of `kind` on `queue` with random data of about `blocks` AES blocks (≥ 1). */
export function makeJob(s: Sessions, rng: Rng, kind: JobKind, queue: number, blocks: number): Job {
  const label = `${kind} q${queue} ${blocks * 16}B`;
  switch (kind) {
    case 'cbc-enc':
    case 'cbc-dec': {
      const op = kind === 'cbc-enc' ? 'encrypt' : 'decrypt';
      const iv = rng.bytes(16);
      const src = rng.bytes(16 * blocks);
      const e = expectCipher({ algo: C.CIPHER_ALGO.AES_CBC, op, key: s.cbcKey, iv, src });
      const exp: Expected = { status: e.status, writes: e.status === OK ? [{ offset: 0, bytes: e.dst }] : [], output: e.dst, rule: e.rule };
      const sessionId = op === 'encrypt' ? s.cbcEnc : s.cbcDec;
      return { label, queue, exp, run: (d) => cipherRequest(d, { queue, op, iv, src, sessionId }) };
    }
    case 'sha256': {
      const src = rng.bytes(16 * blocks - rng.int(16));
      const exp = expectHash({ algo: C.HASH_ALGO.SHA_256, src, hashResultLen: 32 });
      return { label, queue, exp, run: (d) => hashRequest(d, { queue, src, hashResultLen: 32, sessionId: s.sha }) };
    }
    case 'gcm-enc':
    case 'gcm-dec': {
      const iv = rng.bytes(12);
      const aad = rng.bytes(GCM_AAD);
      const plain = rng.bytes(16 * blocks - rng.int(16));
      const enc = expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: s.gcmKey, iv, aad, src: plain, tagLen: GCM_TAG });
      if (kind === 'gcm-enc') {
        return { label, queue, exp: enc, run: (d) => aeadRequest(d, { queue, op: 'encrypt', iv, aad, src: plain, tagLen: GCM_TAG, sessionId: s.gcmEnc }) };
      }
      const src = enc.output; // ciphertext ‖ tag (D6)
      const exp = expectAead({ algo: C.AEAD_ALGO.GCM, op: 'decrypt', key: s.gcmKey, iv, aad, src, tagLen: GCM_TAG });
      return { label, queue, exp, run: (d) => aeadRequest(d, { queue, op: 'decrypt', iv, aad, src, tagLen: GCM_TAG, sessionId: s.gcmDec }) };
    }
  }
}

/** `n` random jobs spread over the data queues. */
export function makeMix(dev: Device, s: Sessions, rng: Rng, n: number, maxBlocks = 16): Job[] {
  return Array.from({ length: n }, () => {
    const kind = JOB_KINDS[rng.int(JOB_KINDS.length)]!;
    return makeJob(s, rng, kind, rng.int(dev.numDataQueues), 1 + rng.int(maxBlocks));
  });
}

/** The expected writable area when the buffers held `fill` before submission. */
export function expectedAreaFill(exp: Expected, areaLen: number, fill: number): Uint8Array {
  const a = expectedArea(exp, areaLen);
  if (fill === 0) return a;
  const touched = new Uint8Array(areaLen);
  for (const w of exp.writes) touched.fill(1, w.offset, Math.min(areaLen, w.offset + w.bytes.length));
  if (areaLen > 0) touched[areaLen - 1] = 1;
  for (let i = 0; i < areaLen; i++) if (!touched[i]) a[i] = fill;
  return a;
}

/** Does a result match the reference model exactly (status, whole writable area, D3 used.len)? */
export function matchesRef(job: Job, r: JobResult, fill = 0): string | undefined {
  if (r.status !== job.exp.status) return `${job.label}: status ${C.statusName(r.status)}, expected ${C.statusName(job.exp.status)} (${job.exp.rule})`;
  const want = expectedAreaFill(job.exp, r.area.length, fill);
  if (hex(r.area) !== hex(want)) {
    const cut = (x: Uint8Array) => (x.length > 24 ? `${hex(x.subarray(0, 20))}…${hex(x.subarray(x.length - 4))}` : hex(x));
    return `${job.label}: writable area differs from the reference (status ${C.statusName(r.status)}): got ${cut(r.area)}, expected ${cut(want)}`;
  }
  if (r.usedLen !== r.area.length) return `${job.label}: used.len ${r.usedLen}, area ${r.area.length} (D3)`;
  return undefined;
}

/** Assert that every result matches the reference model. */
export function expectAllMatch(jobs: Job[], results: JobResult[]): void {
  const bad = jobs.map((j, i) => matchesRef(j, results[i]!)).filter((x): x is string => x !== undefined);
  expect(bad, `${bad.length}/${jobs.length} results differ from the reference model`).toEqual([]);
}

/** Simulate `n` cycles (hex count on the wire). */
export async function runCycles(dev: Device, n: number): Promise<number> {
  await dev.console.idle();
  const c = await dev.console.run(n);
  return c;
}

export async function dmaViolationText(dev: Device): Promise<{ count: number; text: string }> {
  const v = await dev.console.violations();
  return {
    count: v.count,
    text: v.list
      .slice(0, 6)
      .map((e) => `${e.kind}:0x${e.addr.toString(16)}+${e.len}@${e.cycle}`)
      .join(' '),
  };
}

export async function expectNoViolations(dev: Device, before = 0, what = ''): Promise<void> {
  const v = await dmaViolationText(dev);
  expect(v.count - before, `DMA violations ${what} (total ${v.count}; first: ${v.text})`).toBe(0);
}
