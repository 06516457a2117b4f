// The constrained-random regression without a device: plan determinism, constraint validity of
// every generated request (the fault alone decides the status; sessions live when used; the
// table never overflows except in the D17 step), descriptor classification, coverage bin
// accounting, quotas and the CLI argument parser.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { parseRegressArgs, regressCommand, rerunCommand } from '../../src/cli/regress-cmd.ts';
import { Coverage, coverageSummary, faultsFor, shapeOf } from '../../src/regress/coverage.ts';
import { runData } from '../../src/regress/execute.ts';
import { areaLenOf, expectCreate, expectData } from '../../src/regress/expect.ts';
import { MAX_LIVE, PlanGenerator, SESSION_SLOTS, vlfBytes } from '../../src/regress/generator.ts';
import { EDGE_LENGTHS, MAX_LEN, lenBucket, pickLength } from '../../src/regress/lengths.ts';
import { KINDS, PROFILES, profileByName } from '../../src/regress/profiles.ts';
import { quotas, runRegress, traceFileFor } from '../../src/regress/runner.ts';
import type { DataItem, Item, Step } from '../../src/regress/types.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { RecordingDevice } from '../crypto/fake-device.ts';

const { OK, ERR, BADMSG, NOTSUPP, INVSESS, NOSPC } = C.STATUS;
const MAX_SIZE = 66560; // virtio_crypto_config.max_size of the device

function plan(seed: number | string, profile: string, count: number, queues = 4): Step[] {
  return [...new PlanGenerator({ seed, profile: profileByName(profile), count, queues }).steps()];
}

/** A stable digest of a plan (bytes as hex, bigints as strings). */
function digest(steps: Step[]): string {
  const json = JSON.stringify(steps, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v));
  return createHash('sha256').update(json).digest('hex');
}

const FAULT_STATUS: Record<string, number> = { stale: INVSESS, opcode: NOTSUPP, flag0: NOTSUPP, algo: NOTSUPP, 'bad-tag': BADMSG };

describe('regress generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = digest(plan(1, 'stateless', 300));
    expect(digest(plan(1, 'stateless', 300))).toBe(a);
    expect(digest(plan(2, 'stateless', 300))).not.toBe(a);
    expect(digest(plan('1', 'stateless', 300))).toBe(a);
    // profiles have their own streams: the legacy plan does not depend on the others
    expect(digest(plan(1, 'legacy', 100))).toBe(digest(plan(1, 'legacy', 100)));
  });

  it('splits --count over the profiles independently of --profile', () => {
    for (const n of [1, 7, 200, 5000]) {
      const q = quotas(n);
      expect([...q.values()].reduce((a, b) => a + b, 0)).toBe(n);
    }
    const q = quotas(5000);
    for (const p of PROFILES) expect(q.get(p.name)!).toBeGreaterThan(500);
  });

  it('edge-biased lengths: every edge appears, nothing above 64 KiB, some large ones', () => {
    const rng = new Rng('len');
    const seen = new Set<number>();
    let large = 0;
    for (let i = 0; i < 20000; i++) {
      const n = pickLength(rng);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThanOrEqual(MAX_LEN);
      seen.add(n);
      if (n >= 4096) large++;
    }
    for (const e of EDGE_LENGTHS) expect(seen.has(e), `edge ${e}`).toBe(true);
    expect(large).toBeGreaterThan(100);
    expect(large).toBeLessThan(2000);
    expect(lenBucket(0)).toBe('0');
    expect(lenBucket(15)).toBe('1-15');
    expect(lenBucket(16)).toBe('16');
    expect(lenBucket(63)).toBe('17-63');
    expect(lenBucket(4095)).toBe('64-4095');
    expect(lenBucket(4096)).toBe('4096+');
  });

  for (const profile of PROFILES)
    for (const seed of [11, 23])
      it(`constraint validity: ${profile.name}, seed ${seed}`, () => {
        const steps = plan(seed, profile.name, 1500, 3);
        const live = new Set<number>();
        const destroyed = new Set<number>();
        let data = 0;
        let tableFull = 0;
        for (const step of steps) {
          // requests of one step run concurrently: a data request may only use a session live before the step
          const liveBefore = new Set(live);
          const destroyedBefore = new Set(destroyed);
          const creates = step.items.filter((i) => i.type === 'create' && expectCreate(i).status === OK);
          expect(liveBefore.size + creates.length, `step ${step.index}: session table`).toBeLessThanOrEqual(SESSION_SLOTS);
          for (const it of step.items) {
            const wl = it.framing.writable;
            expect(wl.every((n) => Number.isInteger(n) && n >= 1), `#${it.seq} writable ${wl}`).toBe(true);
            if (Array.isArray(it.framing.split)) expect(it.framing.split.length).toBeLessThanOrEqual(21);
            if (it.type === 'create') {
              const e = expectCreate(it);
              if (it.fault?.startsWith('D17')) {
                tableFull++;
                expect(liveBefore.size).toBe(SESSION_SLOTS);
                expect(e.status).toBe(profile.name === 'legacy' ? ERR : NOSPC);
              } else if (it.fault) expect([ERR, NOTSUPP], `${it.fault}`).toContain(e.status);
              else expect(e.status, `create #${it.seq} ${e.rule}`).toBe(OK);
              if (e.status === OK) live.add(it.session.handle);
              continue;
            }
            if (it.type === 'destroy') {
              if (it.live) {
                expect(liveBefore.has(it.session.handle)).toBe(true);
                live.delete(it.session.handle);
                destroyed.add(it.session.handle);
              } else expect(destroyedBefore.has(it.session.handle)).toBe(true);
              continue;
            }
            data++;
            expect(it.framing.queue).toBeGreaterThanOrEqual(0);
            expect(it.framing.queue).toBeLessThan(3);
            expect(it.p.src.length).toBeLessThanOrEqual(MAX_LEN + C.GCM.MAX_TAG_LEN);
            expect(vlfBytes(it).reduce((a, b) => a + b, 0), 'max_size').toBeLessThanOrEqual(MAX_SIZE);
            // layout follows the features (D1/D2)
            expect(it.layout).toBe(C.STATELESS_FEATURE[it.kind.svc === 'chain' ? 0 : { cipher: 0, hash: 1, mac: 2, aead: 3 }[it.kind.svc]]! & profile.features ? 'stateless' : profile.features & C.FEATURE.REVISION_1 ? 'rev1' : 'legacy');
            if (it.mode === 'stateless') expect(it.layout).toBe('stateless');
            if (it.mode === 'session') {
              expect(it.session).toBeDefined();
              if (it.fault === 'stale') expect(destroyedBefore.has(it.session!.handle), `#${it.seq} stale`).toBe(true);
              else expect(liveBefore.has(it.session!.handle), `#${it.seq} session ${it.session!.handle} live before the step`).toBe(true);
            }
            const e = expectData(it);
            if (!it.fault) expect(C.statusName(e.status), `#${it.seq} ${it.kind.algo} ${it.ml} ${it.variant ?? ''}: ${e.rule}`).toBe('OK');
            else expect(C.statusName(e.status), `#${it.seq} ${it.kind.algo} ${it.ml} fault ${it.fault}: ${e.rule}`).toBe(C.statusName(FAULT_STATUS[it.fault] ?? ERR));
            expect(areaLenOf(wl)).toBeGreaterThanOrEqual(1);
          }
          for (const h of live) expect(destroyed.has(h)).toBe(false);
          expect(live.size).toBeLessThanOrEqual(SESSION_SLOTS);
          if (!step.note?.startsWith('D17')) expect(live.size).toBeLessThanOrEqual(MAX_LIVE);
        }
        expect(data).toBe(1500);
        expect(tableFull).toBeGreaterThanOrEqual(1);
        expect(live.size, 'every session destroyed at the end').toBe(0);
      });

  it('framing: the plan-time shape matches the descriptors the helpers submit', async () => {
    for (const profile of PROFILES) {
      const dev = new RecordingDevice(profile.features);
      dev.numDataQueues = 4;
      dev.controlQueue = 4;
      const items = plan(5, profile.name, 120).flatMap((s) => s.items).filter((i): i is DataItem => i.type === 'data');
      for (const it of items) {
        const o = await runData(dev, it, it.session ? 1n : undefined);
        expect(o.submitted!.readable === 1, `#${it.seq} ${JSON.stringify(it.framing.split)}`).toBe(it.framing.readableSingle);
        expect(o.submitted!.writable).toBe(it.framing.writable.length);
        expect(o.submitted!.indirect).toBe(it.framing.indirect);
        expect(o.submitted!.readable + o.submitted!.writable, 'fits the smallest queue (64)').toBeLessThanOrEqual(64);
      }
    }
  });
});

describe('regress coverage', () => {
  it('defines only legal bins and counts samples', () => {
    const cov = new Coverage(PROFILES, 4);
    const r0 = cov.report();
    expect(r0.hit).toBe(0);
    expect(r0.empty.length).toBe(r0.total);
    // kind cross: every kind in the 4 mode/layouts of the 4 profiles
    expect(Object.keys(r0.bins).filter((k) => k.startsWith('kind|')).length).toBe(KINDS.length * 4);
    // impossible combinations are not bins
    expect(r0.bins['len|cipher|aes-cbc|1-15']).toBeUndefined();
    expect(r0.bins['len|cipher|aes-xts|1-15']).toBeUndefined();
    expect(r0.bins['len|cipher|aes-ctr|1-15']).toBe(0);
    expect(r0.bins['status|hash|stateless|INVSESS']).toBeUndefined();
    expect(r0.bins['status|hash|stateless|BADMSG']).toBeUndefined();
    expect(r0.bins['status|aead|stateless|BADMSG']).toBe(0);
    expect(r0.bins['ctrl|create-full|legacy|ERR']).toBe(0);
    expect(r0.bins['ctrl|create-full|rev1|NOSPC']).toBe(0);
    expect(r0.bins['ctrl|create-full|legacy|NOSPC']).toBeUndefined();
    expect(faultsFor('hash', 'stateless')).not.toContain('key-len');
    // only the legacy profile: no rev1 or stateless bins
    const legacy = new Coverage([profileByName('legacy')], 1).report();
    expect(Object.keys(legacy.bins).some((k) => k.includes('stateless') || k.includes('rev1'))).toBe(false);

    const it = plan(3, 'stateless', 40).flatMap((s) => s.items).find((i): i is DataItem => i.type === 'data' && !i.fault)!;
    cov.sampleData(it, OK);
    cov.sampleData(it, OK);
    const r = cov.report();
    expect(r.bins[`kind|${it.kind.svc}|${it.kind.algo}|${it.kind.key}|${it.ml}`]).toBe(2);
    expect(r.bins[`shape|${it.kind.svc}|${it.ml}|${shapeOf(it.framing)}`]).toBe(2);
    expect(r.bins[`queue|${it.framing.queue}|${it.depth <= 1 ? '1' : it.depth <= 4 ? '2-4' : it.depth <= 16 ? '5-16' : '17+'}`]).toBe(2);
    expect(r.hit).toBeGreaterThanOrEqual(4);
    expect(r.hit + r.empty.length).toBe(r.total);
    expect(r.illegal).toEqual({});
    // a sample outside the legal bins is kept apart
    cov.sampleData({ ...it, ml: 'session-legacy', kind: { ...it.kind, key: 'bogus' } }, OK);
    expect(Object.keys(cov.report().illegal)).toContain(`kind|${it.kind.svc}|${it.kind.algo}|bogus|session-legacy`);
    // merge adds hits
    const other = new Coverage(PROFILES, 4);
    other.merge(cov);
    expect(other.report().bins[`kind|${it.kind.svc}|${it.kind.algo}|${it.kind.key}|${it.ml}`]).toBe(2);
    expect(coverageSummary(r).at(-1)).toMatch(/total/);
  });

  it('a 5000-request plan hits almost every legal bin and nothing illegal', () => {
    const q = quotas(5000, 1);
    const cov = new Coverage(PROFILES, 4);
    for (const p of PROFILES)
      for (const s of new PlanGenerator({ seed: 1, profile: p, count: q.get(p.name)!, queues: 4 }).steps())
        for (const it of s.items as Item[]) {
          if (it.type === 'data') cov.sampleData(it, expectData(it).status);
          else if (it.type === 'create') cov.sampleCreate(it, expectCreate(it).status);
          else cov.sampleDestroy(it, it.live ? OK : ERR);
        }
    const r = cov.report();
    expect(r.illegal).toEqual({});
    expect(r.hit / r.total).toBeGreaterThan(0.97);
    // every kind × mode/layout bin
    expect(r.empty.filter((b) => b.startsWith('kind|'))).toEqual([]);
  }, 60_000);
});

describe('regress CLI arguments', () => {
  it('parses the options', () => {
    const a = parseRegressArgs(['--seed', '9', '--count=50', '--queues', '2', '--json', 'x.json', '--trace', 'w.fst', '--profile', 'legacy,mixed', '--jobs', '1']);
    expect(a).toMatchObject({ seed: '9', count: 50, queues: 2, json: 'x.json', trace: 'w.fst', profiles: ['legacy', 'mixed'], jobs: 1 });
    expect(rerunCommand(a)).toBe('vcrypto regress --seed 9 --count 50 --queues 2');
    expect(() => parseRegressArgs(['--count', '0'])).toThrow(/count/);
    expect(() => parseRegressArgs(['--profile', 'nope'])).toThrow(/unknown profile/);
    expect(() => parseRegressArgs(['--bogus'])).toThrow(/unknown option/);
    expect(traceFileFor('out/w.fst', 'rev1', true)).toBe('out/w.rev1.fst');
    expect(traceFileFor('w.fst', 'rev1', false)).toBe('w.fst');
    expect(traceFileFor('wave', 'rev1', true)).toBe('wave.rev1');
  });
});

describe('regress runner on fake devices (reporting paths)', () => {
  const fake = (features: bigint, fail?: Error) => {
    const d = new RecordingDevice(features);
    d.numDataQueues = 4;
    d.controlQueue = 4;
    if (fail) d.submitRaw = async () => Promise.reject(fail);
    return d;
  };

  it('a device that writes nothing: failures with the request, expected vs actual and the re-run hint; exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcrypto-regress-'));
    const json = join(dir, 'r.json');
    const out: string[] = [];
    const err: string[] = [];
    const code = await regressCommand(['--seed', '3', '--count', '40', '--profile', 'stateless', '--json', json], {
      openDevice: async (o) => fake(o.features),
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    expect(code).toBe(1);
    expect(out[0]).toBe('seed 3');
    const text = err.join('\n');
    expect(text).toMatch(/^FAIL \[stateless step \d+ #\d+\] data /m);
    expect(text).toMatch(/status: device OK, model /);
    expect(text).toMatch(/expected area @\d+: [0-9a-f]+/);
    expect(text).toMatch(/actual {3}area @\d+: [0-9a-f]+/);
    expect(text).toMatch(/src \(\d+\): /);
    expect(text).toContain('waveform: re-run with a waveform: vcrypto regress --seed 3 --count 40 --profile stateless --trace regress-stateless.fst');
    const r = JSON.parse(readFileSync(json, 'utf8'));
    expect(r.failed).toBeGreaterThan(0);
    expect(r.failures[0].detail.length).toBeGreaterThan(3);
    expect(r.profiles).toHaveLength(1);
    expect(r.coverage.total).toBeGreaterThan(100);
  });

  it('a request timeout is a hang: the profile stops, exit 1', async () => {
    const e = new Error('request on queue 0 (head descriptor 3) not completed after 5000001 cycles; waveform: x.fst');
    e.name = 'RequestTimeoutError';
    const r = await runRegress({ seed: 1, count: 100, profiles: ['legacy'], openDevice: async (o) => fake(o.features, e), log: () => {} });
    expect(r.hangs).toBeGreaterThan(0);
    expect(r.profiles[0]!.aborted).toMatch(/hang/);
    expect(r.failed).toBeGreaterThan(0);
  });
});
