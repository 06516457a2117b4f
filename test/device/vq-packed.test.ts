// Packed virtqueue engine (rtl/virtq/vcrypto_vq_packed.sv; fact sheet §8.9, D18, rules 22-24),
// driven by hand (test/device/vq-hand.ts): stateless SHA-256 requests compared with the
// reference model over several laps of non-power-of-two queues, direct and indirect chains,
// used-descriptor format, driver event suppression (ENABLE / DISABLE / DESC with EVENT_IDX),
// malformed chains (chain errors and ring corruption), queue reset while another queue runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { DEVICE_STATUS } from '../../src/constants/virtio.ts';
import type { DeviceLike } from '../../src/crypto/device.ts';
import { hashRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { openDevice, type Device } from '../../src/index.ts';
import { expectHash } from '../../src/ref/index.ts';
import { cheapRequest, closeChecked, hex } from './common.ts';
import { runHex } from './raw-queue.ts';
import { F, PF, PackedDriver, handInit, msisOf, resetQueue, setupHandQueue, type HandSetup } from './vq-hand.ts';

const SHA256 = C.HASH_ALGO.SHA_256;
const { OK, ERR, NOTSUPP } = C.STATUS;

async function hashCase(pd: PackedDriver, accepted: bigint, rng: Rng, len: number, opts: { indirect?: boolean; split?: 'single' | 'parts' } = {}) {
  const src = rng.bytes(len);
  const got = await hashRequest(pd.deviceLike(accepted), {
    src,
    hashResultLen: 32,
    stateless: { algo: SHA256 },
    split: opts.split ?? 'parts',
    ...(opts.indirect ? { indirect: true } : {}),
  });
  const exp = expectHash({ algo: SHA256, src, hashResultLen: 32 });
  expect(C.statusName(got.status)).toBe(C.statusName(exp.status));
  expect(hex(got.result)).toBe(hex(exp.output!));
  expect(got.usedLen, 'D3: used len = whole writable area').toBe(33);
}

/** Status byte written by a request of `len` writable bytes (the last one). */
const lastByte = (w: Uint8Array[]) => {
  const all = Buffer.concat(w.map((x) => Buffer.from(x)));
  return all[all.length - 1];
};

describe('packed ring: requests over several laps of non-power-of-two queues', () => {
  let dev: Device;
  let hs: HandSetup;
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE | F.RING_PACKED | F.INDIRECT_DESC, { 0: 5, 1: 7, 4: 3 });
    expect(hs.packed).toBe(true);
  });
  afterAll(() => closeChecked(dev));

  it('queue of 5: 24 requests (3-4 ring descriptors each, so every wrap position occurs), all match the reference', async () => {
    const pd = new PackedDriver(dev, hs.queues.get(0)!);
    const rng = new Rng(61);
    for (let i = 0; i < 24; i++) await hashCase(pd, hs.accepted, rng, 1 + ((i * 37) % 200), { split: i % 2 ? 'parts' : 'single' });
    // header+flf [+ src] + result + status ... the used offset went round several times
    expect(pd.usedWrap === 1 || pd.usedWrap === 0).toBe(true);
    expect(pd.nextUsed).toBe(pd.nextAvail);
  });

  it('queue of 7: direct and indirect chains alternate; used descriptors carry id, len, WRITE and the wrap bits', async () => {
    const pd = new PackedDriver(dev, hs.queues.get(1)!);
    const rng = new Rng(62);
    for (let i = 0; i < 20; i++) await hashCase(pd, hs.accepted, rng, 64 + i, { indirect: i % 2 === 1 });
    // a used descriptor in raw form: flags = AVAIL|USED (wrap 1) or 0 (wrap 0), plus WRITE
    const id = pd.add([cheapRequest()], [1]);
    await pd.bufs.flush();
    const w = pd.usedWrap;
    pd.notify();
    const [c] = await pd.waitUsed(1);
    await pd.bufs.release();
    expect(c!.token).toBe(id);
    expect(c!.len).toBe(1);
    expect(lastByte(c!.written)).toBe(NOTSUPP);
    expect(c!.flags).toBe((w ? PF.AVAIL | PF.USED : 0) | PF.WRITE);
  });

  it('queue of 3 (the control queue index): several chains published at once complete in ring order', async () => {
    const pd = new PackedDriver(dev, hs.queues.get(4)!);
    for (let lap = 0; lap < 4; lap++) {
      // one-descriptor chains cannot carry a request; use [R hdr][W 1] = 2 descriptors: one fits
      // with another only partly, so publish 1 then 1 (queue of 3 holds one 2-chain + one more)
      const a = pd.add([cheapRequest()], [1]);
      await pd.bufs.flush();
      pd.notify();
      const [c] = await pd.waitUsed(1);
      expect(c!.token).toBe(a);
      // control queue: the legacy data header is an unknown control opcode → some status
      expect(c!.len).toBe(1);
      await pd.bufs.release();
    }
  });
});

describe('packed ring: driver event suppression', () => {
  let dev: Device;
  let hs: HandSetup;
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE | F.RING_PACKED | F.EVENT_IDX, { 0: 6, 1: 6 });
  });
  afterAll(() => closeChecked(dev));

  async function one(pd: PackedDriver): Promise<void> {
    pd.add([cheapRequest()], [1]);
    await pd.bufs.flush();
    pd.notify();
    const [c] = await pd.waitUsed(1);
    expect(lastByte(c!.written)).toBe(NOTSUPP);
    await pd.bufs.release();
    await runHex(dev, 2000); // let the interrupt decision finish
  }

  it('ENABLE (0): an interrupt per used descriptor; DISABLE (1): none', async () => {
    const q = hs.queues.get(0)!;
    const pd = new PackedDriver(dev, q);
    await msisOf(dev, q.vector);
    dev.memory.writeU16(q.driver + 2n, 0);
    for (let i = 0; i < 3; i++) await one(pd);
    expect(await msisOf(dev, q.vector)).toBe(3);
    dev.memory.writeU16(q.driver + 2n, 1);
    for (let i = 0; i < 3; i++) await one(pd);
    expect(await msisOf(dev, q.vector)).toBe(0);
    dev.memory.writeU16(q.driver + 2n, 0);
    await one(pd);
    expect(await msisOf(dev, q.vector)).toBe(1);
  });

  it('DESC (2) with EVENT_IDX: an interrupt only when the used offset passes off_wrap (also across a wrap)', async () => {
    const q = hs.queues.get(1)!; // size 6; each chain uses 2 descriptors
    const pd = new PackedDriver(dev, q);
    await msisOf(dev, q.vector);
    // event at offset 3, wrap 1: used offsets after each chain: 2, 4 (passes 3 → irq), 0 (wrap→0)
    dev.memory.writeU16(q.driver, (1 << 15) | 3);
    dev.memory.writeU16(q.driver + 2n, 2);
    await one(pd);
    expect(await msisOf(dev, q.vector), 'used 0→2 does not pass 3').toBe(0);
    await one(pd);
    expect(await msisOf(dev, q.vector), 'used 2→4 passes 3').toBe(1);
    // now used offset 4, wrap 1. Event at offset 1 of the next lap (wrap 0).
    dev.memory.writeU16(q.driver, (0 << 15) | 1);
    await one(pd); // 4 → 0 (wrap 0): does not pass lap-0 offset 1
    expect(await msisOf(dev, q.vector), 'used 4→0(next lap) does not reach 1').toBe(0);
    await one(pd); // 0 → 2 (wrap 0): passes 1
    expect(await msisOf(dev, q.vector), 'used 0→2 passes 1').toBe(1);
    await one(pd); // 2 → 4: event 1 already passed → none
    expect(await msisOf(dev, q.vector)).toBe(0);
    dev.memory.writeU16(q.driver + 2n, 0);
  });
});

describe('packed ring: malformed chains (D18)', () => {
  let dev: Device;
  let hs: HandSetup;
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE | F.RING_PACKED, { 0: 8, 1: 4 });
  });
  afterAll(() => closeChecked(dev));

  it('INDIRECT with NEXT, an empty / odd-length indirect table, nested indirect: ERR, the chain is still walked to its end (id of the last descriptor)', async () => {
    const pd = new PackedDriver(dev, hs.queues.get(0)!);
    const hdr = cheapRequest();
    const cases: { name: string; build: () => { addr: bigint; len: number; flags: number; id?: number }[] }[] = [
      {
        name: 'INDIRECT|NEXT',
        build: () => {
          const h = pd.bufs.readable(hdr);
          const t = pd.bufs.table(1);
          const st = pd.bufs.writable(1);
          return [
            { addr: h.addr, len: h.len, flags: PF.NEXT, id: 0x7777 },
            { addr: t.addr, len: 16, flags: PF.INDIRECT | PF.NEXT, id: 0x7777 },
            { addr: st.addr, len: 1, flags: PF.WRITE, id: 0x1234 },
          ];
        },
      },
      {
        name: 'indirect len 0',
        build: () => {
          const t = pd.bufs.table(1);
          return [{ addr: t.addr, len: 0, flags: PF.INDIRECT, id: 0x1235 }];
        },
      },
      {
        name: 'indirect len 24',
        build: () => {
          const t = pd.bufs.table(2);
          return [{ addr: t.addr, len: 24, flags: PF.INDIRECT, id: 0x1236 }];
        },
      },
    ];
    for (const c of cases) {
      const ring = c.build();
      const id = ring[ring.length - 1]!.id!;
      pd.add([], [], { raw: ring });
      await pd.bufs.flush();
      pd.notify();
      // the driver-side bookkeeping uses the id it assigned; the device must report the LAST id
      const at = hs.queues.get(0)!.desc + BigInt(16 * pd.nextUsed);
      const before = pd.nextUsed;
      await runHex(dev, 3000);
      const flags = dev.memory.readU16(at + 14n);
      expect((flags >> 7) & 1, c.name).toBe(pd.usedWrap);
      expect((flags >> 15) & 1, c.name).toBe(pd.usedWrap);
      expect(dev.memory.readU16(at + 12n), `${c.name}: buffer id = last ring descriptor's id`).toBe(id);
      // skip the chain: the next chain must start after it
      pd.nextUsed = (before + ring.length) % 8;
      if (before + ring.length >= 8) pd.usedWrap ^= 1;
      await pd.bufs.release();
    }
    // the status byte of the INDIRECT|NEXT case: ERR in its writable byte is not checked
    // directly (raw buffers); the queue must keep working afterwards:
    const rng = new Rng(63);
    // realign the driver's id bookkeeping: ids of raw chains were never registered → use a fresh driver state
    const st = await dev.regs.status();
    expect(st & DEVICE_STATUS.NEEDS_RESET).toBe(0);
    const pd2 = Object.assign(new PackedDriver(dev, hs.queues.get(0)!), { nextAvail: pd.nextAvail, availWrap: pd.availWrap, nextUsed: pd.nextUsed, usedWrap: pd.usedWrap });
    await hashCase(pd2, hs.accepted, rng, 100);
  });

  it('a writable buffer before a readable one: ERR status, used len = writable area', async () => {
    const pd = new PackedDriver(dev, hs.queues.get(1)!);
    const w = pd.bufs.writable(4, 0xee);
    const h = pd.bufs.readable(cheapRequest());
    pd.add([], [], { raw: [{ addr: w.addr, len: 4, flags: PF.WRITE | PF.NEXT }, { addr: h.addr, len: 72, flags: 0, id: 0 }] });
    await pd.bufs.flush();
    pd.notify();
    await runHex(dev, 3000);
    const q = hs.queues.get(1)!;
    expect(dev.memory.readU16(q.desc + 14n) & (PF.AVAIL | PF.USED)).toBe(PF.AVAIL | PF.USED);
    expect(dev.memory.readU32(q.desc + 8n)).toBe(4);
    expect(dev.memory.read(w.addr, 4)[3]).toBe(ERR);
    await pd.bufs.release();
  });

  it('a chain that does not end within the queue size: DEVICE_NEEDS_RESET', async () => {
    const q = hs.queues.get(1)!; // size 4; offsets 2.. are next (the previous chain used 0,1)
    const pd = Object.assign(new PackedDriver(dev, q), { nextAvail: 2, nextUsed: 2 });
    const h = pd.bufs.readable(cheapRequest());
    const ring = Array.from({ length: 4 }, () => ({ addr: h.addr, len: 72, flags: PF.NEXT }));
    pd.add([], [], { raw: ring });
    await pd.bufs.flush();
    pd.notify();
    await runHex(dev, 3000);
    expect((await dev.regs.status()) & DEVICE_STATUS.NEEDS_RESET).toBe(DEVICE_STATUS.NEEDS_RESET);
    await pd.bufs.release();
  });
});

describe('packed ring: queue reset (RING_RESET) while another queue runs', () => {
  let dev: Device;
  let hs: HandSetup;
  beforeAll(async () => {
    dev = await openDevice({ dataQueues: 4 });
    hs = await handInit(dev, F.BASE | F.RING_PACKED | F.RING_RESET, { 0: 6, 1: 5 });
  });
  afterAll(() => closeChecked(dev));

  it('a chain in flight on the reset queue is dropped (no used descriptor, no interrupt); the other queue completes; the re-enabled queue starts from offset 0 / wrap 1', async () => {
    const q0 = hs.queues.get(0)!;
    const q1 = hs.queues.get(1)!;
    const p0 = new PackedDriver(dev, q0);
    const p1 = new PackedDriver(dev, q1);
    const rng = new Rng(64);
    await msisOf(dev, q1.vector);
    // a long request on queue 1 (64 KiB to hash), a short one on queue 0 behind it
    const big = rng.bytes(65536);
    // submit without waiting (the completion never comes: it is dropped by the reset)
    let submitted!: () => void;
    const sent = new Promise<void>((r) => (submitted = r));
    const fire: DeviceLike = {
      ...p1.deviceLike(hs.accepted),
      submitRaw: async (_q, readable, writable) => {
        p1.add(readable, writable);
        await p1.bufs.flush();
        p1.notify();
        submitted();
        return new Promise<never>(() => undefined);
      },
    };
    void hashRequest(fire, { src: big, hashResultLen: 32, stateless: { algo: SHA256 } });
    await sent;
    await runHex(dev, 1500); // queue 1's chain is now being processed
    expect(await resetQueue(dev, 1), 'queue_enable reads 0 after the reset').toBe(0);
    // queue 0 still works
    await hashCase(p0, hs.accepted, rng, 300);
    await runHex(dev, 200_000); // long enough for the big hash to have finished
    const flags = dev.memory.readU16(q1.desc + 14n);
    expect(flags & PF.USED, 'no used descriptor on the reset queue').toBe(0);
    expect(await msisOf(dev, q1.vector), 'no interrupt for the dropped chain').toBe(0);
    // the request processor did finish it (status OK in the last writable byte): it was in flight
    const inflight = p1.inFlightWritten();
    expect(inflight.length).toBe(1);
    expect(lastByte(inflight[0]!), 'the dropped chain was processed to the end').toBe(OK);
    await p1.bufs.release();
    // re-enable with fresh rings: ring state starts again at offset 0 / wrap 1
    const q1b = await setupHandQueue(dev, true, 1, 5);
    const p1b = new PackedDriver(dev, q1b);
    for (let i = 0; i < 6; i++) await hashCase(p1b, hs.accepted, rng, 10 + i);
    await hashCase(p0, hs.accepted, rng, 20);
  });
});
