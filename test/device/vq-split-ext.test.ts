// Split virtqueue engine, issue-6 features (rtl/virtq/vcrypto_vq_split.sv; fact sheet §8.6,
// §8.8, rules 21-24): IN_ORDER used-ring batching (one used element per batch, at the batch's
// first slot, with the id/len of the batch's last buffer; used.idx advanced by the batch size),
// NOTIFICATION_DATA hints (right, wrong, stale), queue reset (RING_RESET) while another queue
// runs. Every request is a stateless SHA-256 compared with the reference model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import type { DeviceLike, SubmitResult } from '../../src/crypto/device.ts';
import { hashRequest, type HashResult } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { openDevice, type Device } from '../../src/index.ts';
import { expectHash } from '../../src/ref/index.ts';
import { closeChecked, hex } from './common.ts';
import { runHex } from './raw-queue.ts';
import { F, SplitDriver, handInit, msisOf, resetQueue, setupHandQueue, type Completion, type HandSetup } from './vq-hand.ts';

const SHA256 = C.HASH_ALGO.SHA_256;
const POISON = 0xa5a5a5a5;

/**
 * Queue `n` stateless SHA-256 requests on `sd` (2 descriptors each: [R request][W 33]) without
 * publishing; `complete(done)` later hands each its completion. Returns the pending checks.
 */
function queueHashes(sd: SplitDriver, accepted: bigint, rng: Rng, n: number) {
  const waiters: ((c: Completion) => void)[] = [];
  const dl: DeviceLike = {
    negotiatedFeatures: accepted,
    controlQueue: 4,
    numDataQueues: 4,
    submitRaw: (_q, readable, writable): Promise<SubmitResult> => {
      sd.add(readable, writable);
      return new Promise((res) => waiters.push((c) => res({ usedLen: c.len, written: c.written })));
    },
  };
  const checks: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const src = rng.bytes(1 + ((i * 53) % 300));
    const p: Promise<HashResult> = hashRequest(dl, { src, hashResultLen: 32, stateless: { algo: SHA256 }, split: 'single', writable: [33] });
    checks.push(
      p.then((got) => {
        const exp = expectHash({ algo: SHA256, src, hashResultLen: 32 });
        expect(C.statusName(got.status)).toBe(C.statusName(exp.status));
        expect(hex(got.result)).toBe(hex(exp.output!));
        expect(got.usedLen).toBe(33);
      }),
    );
  }
  return {
    complete: async (done: Completion[]) => {
      expect(done.length).toBe(n);
      done.forEach((c, k) => waiters[k]!(c));
      await Promise.all(checks);
    },
  };
}

/** Used slots in [from, from+n) that the device wrote (not the poison pattern). */
function writtenSlots(sd: SplitDriver, from: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const slot = (from + k) % sd.q.size;
    if (sd.usedElem(slot).id !== POISON) out.push(k);
  }
  return out;
}

async function round(sd: SplitDriver, accepted: bigint, rng: Rng, n: number, notify: (sd: SplitDriver) => void): Promise<number[]> {
  const from = sd.lastUsed;
  sd.poisonUsed();
  const q = queueHashes(sd, accepted, rng, n);
  await sd.bufs.flush();
  sd.publish();
  notify(sd);
  await sd.waitUsedIdx(sd.availIdx);
  await runHex(sd.dev, 2000);
  expect(sd.usedIdx(), 'used.idx = every buffer, nothing more').toBe(sd.availIdx);
  const { batches, done } = sd.collectInOrder();
  // exactly the batches' first slots were written
  const firsts: number[] = [];
  batches.reduce((at, b) => (firsts.push(at), at + b), 0);
  expect(writtenSlots(sd, from, n), 'used elements written only at each batch start').toEqual(firsts);
  await q.complete(done);
  await sd.bufs.release();
  return batches;
}

describe('split ring with IN_ORDER: used-ring batching', () => {
  let dev: Device;
  let hs: HandSetup;
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE | F.IN_ORDER | F.EVENT_IDX, { 0: 32, 1: 16 });
  });
  afterAll(() => closeChecked(dev));

  it('16 chains published at once: two batches of 8 (one used element each, id = last buffer of the batch); all results right; two laps', async () => {
    const sd = new SplitDriver(dev, hs.queues.get(0)!);
    const rng = new Rng(71);
    expect(await round(sd, hs.accepted, rng, 16, (s) => s.notify())).toEqual([8, 8]);
    expect(await round(sd, hs.accepted, rng, 16, (s) => s.notify())).toEqual([8, 8]);
    expect(await round(sd, hs.accepted, rng, 5, (s) => s.notify())).toEqual([5]);
  });

  it('a chain error ends the batch: its own used element carries its len; the rest go on', async () => {
    const sd = new SplitDriver(dev, hs.queues.get(1)!);
    const rng = new Rng(72);
    sd.poisonUsed();
    const a = queueHashes(sd, hs.accepted, rng, 2);
    // chain 2: writable before readable (D18 chain error → ERR, not batchable)
    const bad = sd.add([new Uint8Array(72)], [5], true);
    const b = queueHashes(sd, hs.accepted, rng, 3);
    await sd.bufs.flush();
    sd.publish();
    sd.notify();
    await sd.waitUsedIdx(6);
    await runHex(dev, 2000);
    const { batches, done } = sd.collectInOrder();
    expect(batches).toEqual([3, 3]);
    expect(done[2]!.token).toBe(bad);
    expect(done[2]!.written[0]![4], 'ERR in the last writable byte').toBe(C.STATUS.ERR);
    await a.complete(done.slice(0, 2));
    await b.complete(done.slice(3));
    await sd.bufs.release();
  });

  it('EVENT_IDX decisions use the batch\'s final used.idx', async () => {
    const sd = new SplitDriver(dev, hs.queues.get(0)!);
    // continue where the first test left the queue: used/avail idx 37
    Object.assign(sd, { availIdx: 37, lastUsed: 37 });
    (sd as unknown as { nextDesc: number }).nextDesc = (37 * 2) % 32;
    const rng = new Rng(73);
    await msisOf(dev, sd.q.vector);
    // used_event = 37 + 5: the first batch (37 → 45) crosses it, the second (45 → 53) does not
    dev.memory.writeU16(sd.q.driver + 4n + BigInt(2 * sd.q.size), 37 + 5);
    expect(await round(sd, hs.accepted, rng, 16, (s) => s.notify())).toEqual([8, 8]);
    expect(await msisOf(dev, sd.q.vector)).toBe(1);
  });
});

describe('split ring without IN_ORDER: one used element per chain', () => {
  let dev: Device;
  let hs: HandSetup;
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE, { 0: 32 });
  });
  afterAll(() => closeChecked(dev));

  it('16 chains published at once: 16 used elements', async () => {
    const sd = new SplitDriver(dev, hs.queues.get(0)!);
    expect(await round(sd, hs.accepted, new Rng(74), 16, (s) => s.notify())).toEqual(Array(16).fill(1));
  });
});

describe('split ring with NOTIFICATION_DATA (and IN_ORDER, whose batches show which avail.idx the device used)', () => {
  let dev: Device;
  let hs: HandSetup;
  let sd: SplitDriver;
  const rng = new Rng(75);
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE | F.IN_ORDER | F.NOTIFICATION_DATA, { 0: 32 });
    sd = new SplitDriver(dev, hs.queues.get(0)!);
  });
  afterAll(() => closeChecked(dev));

  it('a hint 3 ahead while avail.idx says 8: the device takes the hint (batch of 3), then reads avail.idx (batch of 5)', async () => {
    expect(await round(sd, hs.accepted, rng, 8, (s) => s.notify(s.lastUsed + 3))).toEqual([3, 5]);
  });

  it('the right hint (= avail.idx): one batch', async () => {
    expect(await round(sd, hs.accepted, rng, 8, (s) => s.notify(s.availIdx))).toEqual([8]);
  });

  it('a wrong hint (more than the queue size ahead) is ignored: avail.idx is read', async () => {
    expect(await round(sd, hs.accepted, rng, 8, (s) => s.notify(s.lastUsed + 40))).toEqual([8]);
  });

  it('a stale hint (behind the device) and one equal to its position are ignored', async () => {
    expect(await round(sd, hs.accepted, rng, 8, (s) => s.notify(s.lastUsed - 5))).toEqual([8]);
    expect(await round(sd, hs.accepted, rng, 8, (s) => s.notify(s.lastUsed))).toEqual([8]);
  });

  it('repeated hints short of avail.idx: each round splits at the hint', async () => {
    for (let i = 0; i < 3; i++) expect(await round(sd, hs.accepted, rng, 8, (s) => s.notify(s.lastUsed + 2))).toEqual([2, 6]);
  });
});

describe('split ring: queue reset (RING_RESET) while another queue runs', () => {
  let dev: Device;
  let hs: HandSetup;
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE | F.RING_RESET, { 0: 16, 1: 16 });
  });
  afterAll(() => closeChecked(dev));

  it('the in-flight chain of the reset queue is finished but not reported; queue 0 keeps working; queue 1 restarts at index 0', async () => {
    const s0 = new SplitDriver(dev, hs.queues.get(0)!);
    const s1 = new SplitDriver(dev, hs.queues.get(1)!);
    const rng = new Rng(76);
    await msisOf(dev, s1.q.vector);
    // a 64 KiB hash on queue 1
    const src = rng.bytes(65536);
    const dl: DeviceLike = {
      negotiatedFeatures: hs.accepted,
      controlQueue: 4,
      numDataQueues: 4,
      submitRaw: (_q, readable, writable) => {
        s1.add(readable, writable);
        return new Promise<never>(() => undefined);
      },
    };
    void hashRequest(dl, { src, hashResultLen: 32, stateless: { algo: SHA256 }, split: 'single', writable: [33] });
    await s1.bufs.flush();
    s1.publish();
    s1.notify();
    await runHex(dev, 1500);
    expect(await resetQueue(dev, 1)).toBe(0);
    // queue 0 works meanwhile and after
    expect(await round(s0, hs.accepted, rng, 4, (s) => s.notify())).toEqual([1, 1, 1, 1]);
    await runHex(dev, 20_000);
    expect(s1.usedIdx(), 'no used.idx update for the dropped chain').toBe(0);
    expect(s1.usedElem(0).id, 'no used element').toBe(0);
    expect(await msisOf(dev, s1.q.vector), 'no interrupt').toBe(0);
    const status = dev.memory.read(s1.order[0]!.bufs[1]!.addr, 33);
    expect(status[32], 'the chain was processed to its end before the ack').toBe(C.STATUS.OK);
    await s1.bufs.release();
    // re-enable with fresh rings: the device starts again at index 0
    const q1 = await setupHandQueue(dev, false, 1, 8);
    const s1b = new SplitDriver(dev, q1);
    expect(await round(s1b, hs.accepted, rng, 3, (s) => s.notify())).toEqual([1, 1, 1]);
  });
});
