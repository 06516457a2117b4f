// The whole device with 16 data queues (top parameters NUM_DATAQ = 16, MSIX_VECTORS = 18:
// config + one vector per queue). Built by variantSimulator('q16', …) into sim/build/q16 (what
// `make sim-q16` builds) under a lock of its own (sim/build/q16.lock), and handed to
// openDevice() as its `simulator`.
//
// Checks: enumeration (num_queues 17, max_dataqueues 16, notify cap covering 17 queues, MSI-X
// table of 18), every data queue and the control queue on a distinct MSI-X vector that the
// device really uses, a cheap request on every data queue, and AES-CBC / SHA-256 requests on
// data queue 15 against the reference model (src/ref).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { FEATURE_BIT, MSI_ADDR_STRIDE, VIRTIO_PCI_CAP_TYPE, featureMask } from '../../src/constants/virtio.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { hashRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createCipherSession, createHashSession, destroySession } from '../../src/crypto/session.ts';
import { openDevice, variantSimulator, type Device } from '../../src/index.ts';
import { expectCipher, expectHash } from '../../src/ref/index.ts';
import { cheapRequest, closeChecked, expectNoNewViolations, hex, lastWritableByte, violations } from './common.ts';

const NUM_DATAQ = 16;
const MSIX_VECTORS = NUM_DATAQ + 2;


/** The 16-queue build (sim/build/q16, same as `make sim-q16`), made when stale. */
function buildQ16(): Promise<string> {
  return variantSimulator('q16', { NUM_DATAQ, MSIX_VECTORS });
}

/**
 * Every offered feature except the packed ring (the rings stay split) and EVENT_IDX (the
 * completion engine's used_event handling leaves single requests without an interrupt, so the
 * per-queue vector checks run with avail.flags = 0: one MSI per completion).
 */
const SPLIT_FEATURES =
  ((1n << 64n) - 1n) & ~featureMask(FEATURE_BIT.RING_PACKED) & ~featureMask(FEATURE_BIT.EVENT_IDX);

/**
 * MSI-X messages since msiLog held `before` entries: the message follows the used-ring update
 * that completed the request, so run a little and collect the simulator's log first.
 */
async function msisSince(d: Device, before: number): Promise<{ addr: bigint; data: number }[]> {
  await d.console.run(2000);
  await d.pollInterrupts();
  return d.msiLog.slice(before);
}

describe('16 data queues (sim/build/vcrypto-sim-q16)', () => {
  let dev: Device | undefined;
  const rng = new Rng('queues16');

  beforeAll(async () => {
    dev = await openDevice({ queueSize: 32, features: SPLIT_FEATURES, simulator: await buildQ16() });
  }, 900_000);
  afterAll(() => closeChecked(dev));

  it('enumerates 16 data queues + the control queue, an MSI-X table of 18 and a notify cap for 17 queues', async () => {
    const d = dev!;
    expect(d.banner.dataQueues).toBe(NUM_DATAQ);
    const p = await d.probe();
    expect(p.numQueues).toBe(NUM_DATAQ + 1);
    expect(p.config.maxDataqueues).toBe(NUM_DATAQ);
    expect(p.msix.tableSize).toBe(MSIX_VECTORS);
    const notify = p.capabilities.find((c) => c.cfgType === VIRTIO_PCI_CAP_TYPE.NOTIFY_CFG)!;
    expect(notify.offset % 4).toBe(0);
    expect(d.regs.regions.notifyOffMultiplier).toBe(4);
    // NOTIFICATION_DATA: cap.length >= queue_notify_off * multiplier + 4 for every queue
    expect(notify.length).toBeGreaterThanOrEqual(NUM_DATAQ * 4 + 4);
    expect(d.numDataQueues).toBe(NUM_DATAQ);
    expect(d.controlQueue).toBe(NUM_DATAQ);
    expect(d.queues.map((q) => q.index)).toEqual([...Array.from({ length: NUM_DATAQ }, (_, i) => i), NUM_DATAQ]);
    for (const q of d.queues) {
      d.regs.selectQueue(q.index);
      expect(await d.regs.queueNotifyOff()).toBe(q.index);
      expect(await d.regs.queueEnable()).toBe(1);
    }
    d.regs.selectQueue(NUM_DATAQ + 1);
    expect(await d.regs.queueSize()).toBe(0);
  });

  it('every queue has its own MSI-X vector, and a request on each data queue interrupts on it', async () => {
    const d = dev!;
    const vectors = d.queues.map((q) => q.msixVector);
    expect(new Set(vectors).size, `vectors ${vectors.join(',')}`).toBe(NUM_DATAQ + 1);
    for (const v of vectors) {
      expect(v).not.toBe(d.configVector);
      expect(v).toBeLessThan(MSIX_VECTORS);
    }
    for (const q of d.queues) {
      d.regs.selectQueue(q.index);
      expect(await d.regs.queueMsixVector()).toBe(q.msixVector);
    }
    const v0 = (await violations(d)).count;
    for (let q = 0; q < NUM_DATAQ; q++) {
      const before = d.msiLog.length;
      const r = await d.submitRaw(q, [cheapRequest()], [1]);
      expect(r.usedLen).toBe(1);
      expect(C.statusName(lastWritableByte(r.written)), `queue ${q}`).toBe(C.statusName(C.STATUS.NOTSUPP));
      const vec = d.queues.find((x) => x.index === q)!.msixVector;
      const got = await msisSince(d, before);
      const mine = got.filter((m) => m.data === vec);
      expect(mine.length, `queue ${q}: MSI on vector ${vec}`).toBeGreaterThan(0);
      for (const m of mine) expect(m.addr).toBe(d.banner.msiBase + BigInt(MSI_ADDR_STRIDE * vec));
      expect(got.map((m) => m.data), `queue ${q}: no MSI on another vector`).toEqual(mine.map((m) => m.data));
    }
    // all queues at once
    await Promise.all(
      Array.from({ length: 4 * NUM_DATAQ }, async (_, i) => {
        const r = await d.submitRaw(i % NUM_DATAQ, [cheapRequest()], [1]);
        expect(C.statusName(lastWritableByte(r.written))).toBe(C.statusName(C.STATUS.NOTSUPP));
      }),
    );
    await expectNoNewViolations(d, v0, 'cheap requests on 16 queues');
  });

  it('AES-CBC and SHA-256 on data queue 15 match the reference model', async () => {
    const d = dev!;
    const v0 = (await violations(d)).count;
    const queue = NUM_DATAQ - 1;
    for (const [keyBytes, len] of [
      [16, 16],
      [24, 272],
      [32, 4112],
    ] as const) {
      for (const op of ['encrypt', 'decrypt'] as const) {
        const key = rng.bytes(keyBytes);
        const iv = rng.bytes(16);
        const src = rng.bytes(len);
        const cs = await createCipherSession(d, { algo: C.CIPHER_ALGO.AES_CBC, key, op });
        expect(C.statusName(cs.status)).toBe('OK');
        const before = d.msiLog.length;
        const got = await cipherRequest(d, { queue, op, iv, src, sessionId: cs.sessionId });
        const exp = expectCipher({ algo: C.CIPHER_ALGO.AES_CBC, op, key, iv, src });
        const what = `queue ${queue} ${op} key ${keyBytes} len ${len}`;
        expect(C.statusName(got.status), `${what}: ${exp.rule}`).toBe(C.statusName(exp.status));
        expect(hex(got.dst), what).toBe(hex(exp.dst));
        const vec = d.queues.find((x) => x.index === queue)!.msixVector;
        expect((await msisSince(d, before)).some((m) => m.data === vec), `${what}: MSI on vector ${vec}`).toBe(true);
        expect(await destroySession(d, C.SERVICE.CIPHER, cs.sessionId)).toBe(C.STATUS.OK);
      }
    }
    const src = rng.bytes(1000);
    const hs = await createHashSession(d, { algo: C.HASH_ALGO.SHA_256, hashResultLen: 32 });
    expect(C.statusName(hs.status)).toBe('OK');
    const got = await hashRequest(d, { queue, src, hashResultLen: 32, sessionId: hs.sessionId });
    const exp = expectHash({ algo: C.HASH_ALGO.SHA_256, src, hashResultLen: 32 });
    expect(C.statusName(got.status), exp.rule).toBe(C.statusName(exp.status));
    expect(hex(got.result)).toBe(hex(exp.output));
    expect(await destroySession(d, C.SERVICE.HASH, hs.sessionId)).toBe(C.STATUS.OK);
    await expectNoNewViolations(d, v0, 'crypto on queue 15');
  });
});
