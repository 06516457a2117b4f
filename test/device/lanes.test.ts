// The whole device with four processing lanes (top parameter NUM_LANES = 4, rtl/lane): each of
// the four data queues has its own virtqueue engine, request processor and crypto engines; the
// control queue shares lane 0, which creates and destroys the sessions every lane reads. Built
// by variantSimulator('lanes4', …) into sim/build/lanes4 (what `make sim-lanes4` builds) and
// handed to openDevice() as its `simulator`.
//
// Checks:
//   - the seeded regression (every service, session and stateless, legacy and REVISION_1
//     layouts, bad input) with each step's requests spread over all data queues at once: every
//     answer = the reference model, no hang, no DMA outside the grants;
//   - the lanes really run at once (exact simulated cycles, not wall time): four 4 KiB
//     AES-CBC-encrypt requests on four queues finish in well under the cycles of the same four
//     on one queue, with the same bytes as the model;
//   - a session made on lane 0 serves requests on every lane; once destroyed, a request on
//     another lane is refused with INVSESS (D17) while the other lanes keep working;
//   - a read error on one lane's request fails only that request (ERR); the requests in flight
//     on the other lanes complete exactly as the model says;
//   - the shared AES datapath (SHARED_AES, default with more than one lane: the lanes' cipher and
//     CMAC engines use one pipelined AES): CBC encryption, CMAC, ECB and CTR with AES-128/192/256
//     keys on all four lanes at once = model; a CBC encryption aborted by a read error in the
//     middle of its data (its blocks in the shared pipeline are flushed) leaves the next requests
//     on that lane and the one running next to it exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { macRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createCipherSession, createMacSession, destroySession } from '../../src/crypto/session.ts';
import type { DeviceLike } from '../../src/crypto/device.ts';
import { openDevice, variantSimulator, type Device, type SubmitOptions } from '../../src/index.ts';
import { expectCipher, expectMac, expectStaleSessionRequest } from '../../src/ref/index.ts';
import { runRegress } from '../../src/regress/runner.ts';
import { ERR, createSessions, makeJob, matchesRef, withSubmitOptions } from '../fault/common.ts';
import { closeChecked, expectNoNewViolations, hex, violations } from './common.ts';

const NUM_LANES = 4;
const CBC = C.CIPHER_ALGO.AES_CBC;
const CMAC = C.MAC_ALGO.CMAC_AES;
const CMAC_TAG = 16;
const name = C.statusName;

function lanesSim(): Promise<string> {
  return variantSimulator(`lanes${NUM_LANES}`, { NUM_LANES });
}

/**
 * A view of the device whose request gets an AXI read error (SLVERR) on its last readable buffer,
 * from the buffer's start or from its middle; `done()` removes the fault range and checks that it
 * was installed and really answered.
 */
async function readFault(
  d: Device,
  from: 'start' | 'middle',
  extra: SubmitOptions = {},
): Promise<{ dev: DeviceLike; done: () => Promise<void> }> {
  const before = await d.console.faultStats();
  let faultId: Promise<number> | undefined;
  const dev = withSubmitOptions(d, {
    ...extra,
    onPlaced: (p) => {
      const src = p.buffers.filter((b) => !b.writable).at(-1)!;
      const skip = from === 'middle' ? src.len / 2 : 0;
      faultId = d.console.faultErr('r', src.addr + BigInt(skip), src.len - skip, 'slverr');
    },
  });
  const done = async (): Promise<void> => {
    expect(faultId, 'the fault range was installed').toBeDefined();
    d.console.faultDel(await faultId!);
    await d.console.sync();
    expect((await d.console.faultStats()).rdErr, 'the read error was really answered').toBeGreaterThan(before.rdErr);
  };
  return { dev, done };
}

describe(`${NUM_LANES} processing lanes (sim/build/lanes${NUM_LANES})`, () => {
  let simulator = '';
  let dev: Device | undefined;
  const rng = new Rng('lanes');

  beforeAll(async () => {
    simulator = await lanesSim();
    dev = await openDevice({ queueSize: 64, simulator });
  }, 900_000);
  afterAll(() => closeChecked(dev));

  it('the seeded regression with every step spread over all data queues: every answer = model, no hang, no DMA violation', async () => {
    const r = await runRegress({
      seed: 'lanes',
      count: 240,
      jobs: 1,
      openDevice: (o) =>
        openDevice({
          features: o.features,
          simulator,
          ...(o.dataQueues !== undefined ? { dataQueues: o.dataQueues } : {}),
          ...(o.queueSize !== undefined ? { queueSize: o.queueSize } : {}),
          ...(o.timeoutCycles !== undefined ? { timeoutCycles: o.timeoutCycles } : {}),
        }),
      log: () => undefined, // failures are in r.failures (asserted below)
    });
    expect(r.failures.map((f) => `${f.profile} #${f.seq} ${f.what}: ${f.problems.join('; ')}`)).toEqual([]);
    expect(r).toMatchObject({ failed: 0, hangs: 0, dmaViolations: 0 });
    expect(r.dataRequests).toBe(240);
    expect(r.passed).toBe(r.requests);
    for (const p of r.profiles) expect(p.aborted, p.name).toBeUndefined();
  }, 900_000);

  it('four 4 KiB AES-CBC-encrypt requests on four queues take well under the cycles of the same four on one queue (exact cycles)', async () => {
    const d = dev!;
    const v0 = (await violations(d)).count;
    const key = rng.bytes(16);
    const s = await createCipherSession(d, { algo: CBC, key, op: 'encrypt' });
    expect(name(s.status)).toBe('OK');
    const reqs = Array.from({ length: NUM_LANES }, () => ({ iv: rng.bytes(16), src: rng.bytes(4096) }));
    const run = async (queueOf: (i: number) => number): Promise<number> => {
      const c0 = (await d.stats()).cycles;
      const got = await Promise.all(
        reqs.map((r, i) => cipherRequest(d, { queue: queueOf(i), op: 'encrypt', iv: r.iv, src: r.src, sessionId: s.sessionId })),
      );
      const c1 = (await d.stats()).cycles;
      got.forEach((g, i) => {
        const exp = expectCipher({ algo: CBC, op: 'encrypt', key, iv: reqs[i]!.iv, src: reqs[i]!.src });
        expect(name(g.status), `request ${i}`).toBe(name(exp.status));
        expect(hex(g.dst), `request ${i}`).toBe(hex(exp.dst));
      });
      return c1 - c0;
    };
    const serial = await run(() => 0);
    const parallel = await run((i) => i);
    console.log(`4 x 4 KiB AES-128-CBC-enc: one queue ${serial} cycles, four queues (four lanes) ${parallel} cycles`);
    // CBC encryption is serial inside a request: one lane cannot overlap two of them, four can
    expect(parallel).toBeLessThan(serial / 2);
    expect(await destroySession(d, C.SERVICE.CIPHER, s.sessionId)).toBe(C.STATUS.OK);
    await expectNoNewViolations(d, v0, 'parallel CBC');
  });

  it('a session made on lane 0 works on every lane; destroyed, another lane refuses it with INVSESS while the rest keep working', async () => {
    const d = dev!;
    const v0 = (await violations(d)).count;
    const key = rng.bytes(32);
    const s = await createCipherSession(d, { algo: CBC, key, op: 'decrypt' });
    expect(name(s.status)).toBe('OK');
    for (let q = 0; q < d.numDataQueues; q++) {
      const iv = rng.bytes(16);
      const src = rng.bytes(16 * (1 + q));
      const got = await cipherRequest(d, { queue: q, op: 'decrypt', iv, src, sessionId: s.sessionId });
      const exp = expectCipher({ algo: CBC, op: 'decrypt', key, iv, src });
      expect(name(got.status), `queue ${q}`).toBe(name(exp.status));
      expect(hex(got.dst), `queue ${q}`).toBe(hex(exp.dst));
    }
    expect(await destroySession(d, C.SERVICE.CIPHER, s.sessionId)).toBe(C.STATUS.OK);
    const other = await createCipherSession(d, { algo: CBC, key, op: 'encrypt' });
    expect(name(other.status)).toBe('OK');
    const [stale, ok] = await Promise.all([
      cipherRequest(d, { queue: 3, op: 'decrypt', iv: rng.bytes(16), src: rng.bytes(64), sessionId: s.sessionId }),
      (async () => {
        const iv = rng.bytes(16);
        const src = rng.bytes(48);
        return { iv, src, got: await cipherRequest(d, { queue: 2, op: 'encrypt', iv, src, sessionId: other.sessionId }) };
      })(),
    ]);
    expect(name(stale.status), 'D17: destroyed id on lane 3').toBe(name(expectStaleSessionRequest()));
    const exp = expectCipher({ algo: CBC, op: 'encrypt', key, iv: ok.iv, src: ok.src });
    expect(hex(ok.got.dst), 'lane 2 next to it').toBe(hex(exp.dst));
    expect(await destroySession(d, C.SERVICE.CIPHER, other.sessionId)).toBe(C.STATUS.OK);
    await expectNoNewViolations(d, v0, 'sessions across lanes');
  });

  it('a read error on one lane fails only that request; the other lanes complete exactly', async () => {
    const d = dev!;
    const v0 = (await violations(d)).count;
    const s = await createSessions(d, rng);
    const victim = makeJob(s, rng, 'cbc-enc', 1, 16);
    const others = [0, 2, 3].flatMap((q) => [makeJob(s, rng, 'gcm-enc', q, 24), makeJob(s, rng, 'sha256', q, 12), makeJob(s, rng, 'cbc-dec', q, 20)]);
    const FILL = 0xa5;
    const fault = await readFault(d, 'start', { writableFill: FILL });
    const plain = withSubmitOptions(d, { writableFill: FILL });
    const results = await Promise.all([victim.run(fault.dev), ...others.map((j) => j.run(plain))]);
    await fault.done();
    expect(results[0]!.status, `${victim.label}: status`).toBe(ERR);
    others.forEach((j, i) => expect(matchesRef(j, results[i + 1]!, FILL), j.label).toBeUndefined());
    expect(await d.needsReset()).toBe(false);
    await expectNoNewViolations(d, v0, 'read error on lane 1');
  });

  describe('the shared AES datapath (cipher and CMAC engines of all lanes on one pipeline)', () => {
    type Work = { queue: number; run: (d: Device) => Promise<void> };
    /** A cipher request on a fresh session, checked against the model. */
    const cipherWork = (queue: number, algo: number, keyBytes: number, op: 'encrypt' | 'decrypt', bytes: number): Work => ({
      queue,
      run: async (d) => {
        const key = rng.bytes(keyBytes);
        const s = await createCipherSession(d, { algo, key, op });
        expect(name(s.status)).toBe('OK');
        const iv = rng.bytes(16);
        const src = rng.bytes(bytes);
        const got = await cipherRequest(d, { queue, op, iv, src, sessionId: s.sessionId });
        const exp = expectCipher({ algo, op, key, iv, src });
        const what = `queue ${queue} algo ${algo} ${keyBytes * 8}-bit ${op} ${bytes} B`;
        expect(name(got.status), what).toBe(name(exp.status));
        expect(hex(got.dst), what).toBe(hex(exp.dst));
        expect(await destroySession(d, C.SERVICE.CIPHER, s.sessionId)).toBe(C.STATUS.OK);
      },
    });
    /** A CMAC request on a fresh session, checked against the model. */
    const cmacWork = (queue: number, keyBytes: number, bytes: number): Work => ({
      queue,
      run: async (d) => {
        const key = rng.bytes(keyBytes);
        const s = await createMacSession(d, { algo: CMAC, hashResultLen: CMAC_TAG, authKey: key });
        expect(name(s.status)).toBe('OK');
        const src = rng.bytes(bytes);
        const got = await macRequest(d, { queue, sessionId: s.sessionId, src, hashResultLen: CMAC_TAG });
        const exp = expectMac({ algo: CMAC, key, src, hashResultLen: CMAC_TAG });
        const what = `queue ${queue} CMAC ${keyBytes * 8}-bit ${bytes} B`;
        expect(name(got.status), what).toBe(name(exp.status));
        expect(hex(got.result), what).toBe(hex(exp.output!));
        expect(await destroySession(d, C.SERVICE.MAC, s.sessionId)).toBe(C.STATUS.OK);
      },
    });
    /** Every lane runs its list in order; the lanes run at once. */
    const runLanes = (d: Device, lanes: Work[][]): Promise<void[][]> =>
      Promise.all(lanes.map(async (list) => {
        const done: void[] = [];
        for (const w of list) done.push(await w.run(d));
        return done;
      }));

    it('CBC encryption, CMAC, ECB and CTR with every key size on all four lanes at once = model', async () => {
      const d = dev!;
      const v0 = (await violations(d)).count;
      const ECB = C.CIPHER_ALGO.AES_ECB;
      const CTR = C.CIPHER_ALGO.AES_CTR;
      await runLanes(d, [
        [cipherWork(0, CBC, 16, 'encrypt', 4096), cmacWork(0, 32, 1000), cipherWork(0, CBC, 24, 'decrypt', 512)],
        [cmacWork(1, 16, 2048), cipherWork(1, CBC, 32, 'encrypt', 1536), cipherWork(1, ECB, 16, 'encrypt', 2048)],
        [cipherWork(2, CBC, 24, 'encrypt', 2000 - (2000 % 16)), cipherWork(2, CTR, 32, 'encrypt', 3001), cmacWork(2, 24, 17)],
        [cipherWork(3, ECB, 32, 'decrypt', 4096), cmacWork(3, 16, 0), cipherWork(3, CBC, 16, 'encrypt', 3072)],
      ]);
      await expectNoNewViolations(d, v0, 'shared AES datapath');
    });

    for (const [label, algo] of [['CBC encryption', CBC], ['ECB encryption', C.CIPHER_ALGO.AES_ECB]] as const) {
      it(`${label} aborted by a read error mid-data: the next requests on its lane and the one beside it are exact`, async () => {
        const d = dev!;
        const v0 = (await violations(d)).count;
        const key = rng.bytes(16);
        const s = await createCipherSession(d, { algo, key, op: 'encrypt' });
        expect(name(s.status)).toBe('OK');
        /** A 4 KiB request on queue 1 whose second half of the source reads with an error. */
        const victim = async (): Promise<void> => {
          // blocks of the first half are in the shared pipeline or its return FIFO when the
          // request is aborted (the request processor stops taking results at the error)
          const fault = await readFault(d, 'middle');
          const got = await cipherRequest(fault.dev, { queue: 1, op: 'encrypt', iv: rng.bytes(16), src: rng.bytes(4096), sessionId: s.sessionId });
          await fault.done();
          expect(name(got.status), 'the aborted request').toBe('ERR');
        };
        // lane 1 again: nothing of the aborted request may come back into these
        const lane1Again = (): Promise<void[][]> =>
          runLanes(d, [[cipherWork(1, algo, 16, 'encrypt', 1024), cipherWork(1, CBC, 16, 'encrypt', 1024), cmacWork(1, 32, 300)]]);

        await victim();
        await lane1Again();
        // the same with a request running on lane 2 next to the aborted one
        const besideIv = rng.bytes(16);
        const besideSrc = rng.bytes(4096);
        const [, beside] = await Promise.all([
          victim(),
          cipherRequest(d, { queue: 2, op: 'encrypt', iv: besideIv, src: besideSrc, sessionId: s.sessionId }),
        ]);
        const expBeside = expectCipher({ algo, op: 'encrypt', key, iv: besideIv, src: besideSrc });
        expect(hex(beside.dst), 'lane 2 beside it').toBe(hex(expBeside.dst));
        await lane1Again();
        expect(await d.needsReset()).toBe(false);
        expect(await destroySession(d, C.SERVICE.CIPHER, s.sessionId)).toBe(C.STATUS.OK);
        await expectNoNewViolations(d, v0, `aborted ${label} on the shared datapath`);
      });
    }
  });
});
