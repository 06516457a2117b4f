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
//     on the other lanes complete exactly as the model says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createCipherSession, destroySession } from '../../src/crypto/session.ts';
import { openDevice, variantSimulator, type Device } from '../../src/index.ts';
import { expectCipher, expectStaleSessionRequest } from '../../src/ref/index.ts';
import { runRegress } from '../../src/regress/runner.ts';
import { ERR, createSessions, makeJob, matchesRef, withSubmitOptions } from '../fault/common.ts';
import { closeChecked, expectNoNewViolations, hex, violations } from './common.ts';

const NUM_LANES = 4;
const CBC = C.CIPHER_ALGO.AES_CBC;
const name = C.statusName;

function lanesSim(): Promise<string> {
  return variantSimulator(`lanes${NUM_LANES}`, { NUM_LANES });
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
    const before = await d.console.faultStats();
    let faultId: Promise<number> | undefined;
    const faulted = withSubmitOptions(d, {
      writableFill: FILL,
      onPlaced: (p) => {
        const src = p.buffers.filter((b) => !b.writable).at(-1)!;
        faultId = d.console.faultErr('r', src.addr, src.len, 'slverr');
      },
    });
    const plain = withSubmitOptions(d, { writableFill: FILL });
    const results = await Promise.all([victim.run(faulted), ...others.map((j) => j.run(plain))]);
    expect(faultId, 'the fault range was installed').toBeDefined();
    d.console.faultDel(await faultId!);
    await d.console.sync();
    const after = await d.console.faultStats();
    expect(after.rdErr, 'the read error was really answered').toBeGreaterThan(before.rdErr);
    expect(results[0]!.status, `${victim.label}: status`).toBe(ERR);
    others.forEach((j, i) => expect(matchesRef(j, results[i + 1]!, FILL), j.label).toBeUndefined());
    expect(await d.needsReset()).toBe(false);
    await expectNoNewViolations(d, v0, 'read error on lane 1');
  });
});
