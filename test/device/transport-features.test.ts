// Transport features of issue 6 on the whole device (default build, sim/build/vcrypto-sim):
// ACCESS_PLATFORM (33), RING_PACKED (34), IN_ORDER (35), ORDER_PLATFORM (36),
// NOTIFICATION_DATA (38) and RING_RESET (40) are offered and accepted (with VERSION_1; never
// without it), the queue_size rule of the packed ring (any 1..max) against the split rule
// (power of two), the queue_reset register (0x3A) and 32-bit driver notifications
// (virtio-crypto.md §2.2, §8.2, §8.3, §8.6; docs/design.md "PCI front-end").
//
// queue_reset is checked at the register level (write 1 -> reads 1 until the core acks, then
// queue_reset = 0, queue_enable = 0 and the queue's registers at their reset values; the other
// queues keep working). Until the virtqueue engines take q_reset_req (rtl/top: TEMPORARY
// tie-off) the ack comes at once; the checks hold either way.
import { afterEach, describe, expect, it } from 'vitest';
import { COMMON_CFG, DEVICE_STATUS, FEATURE_BIT, VIRTIO_MSI_NO_VECTOR, featureMask } from '../../src/constants/virtio.ts';
import * as C from '../../src/constants/crypto.ts';
import { bringUpPci } from '../../src/pci/bring-up.ts';
import { openDevice, openSimulator, type Device, type SimulatorHandle } from '../../src/index.ts';
import { FeaturesRefusedError, negotiateFeatures } from '../../src/virtio/init.ts';
import { locateRegions, VirtioRegs } from '../../src/virtio/regs.ts';
import { cheapRequest, closeChecked, lastWritableByte } from './common.ts';
import { DF, RawQueue } from './raw-queue.ts';

const F = (bit: number) => featureMask(bit);
const NEW_BITS = [
  FEATURE_BIT.ACCESS_PLATFORM,
  FEATURE_BIT.RING_PACKED,
  FEATURE_BIT.IN_ORDER,
  FEATURE_BIT.ORDER_PLATFORM,
  FEATURE_BIT.NOTIFICATION_DATA,
  FEATURE_BIT.RING_RESET,
] as const;
const V1 = F(FEATURE_BIT.VERSION_1);

async function regsOf(h: SimulatorHandle): Promise<VirtioRegs> {
  const pci = await bringUpPci(h.console);
  return new VirtioRegs(h.console, locateRegions(pci.caps.virtio, () => pci.bar0Addr));
}

describe('feature negotiation (registers)', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('offers bits 33..36, 38 and 40 and not 37, 39, 41', async () => {
    sim = await openSimulator();
    const regs = await regsOf(sim);
    const offered = await regs.deviceFeatures();
    for (const b of NEW_BITS) expect((offered >> BigInt(b)) & 1n, `bit ${b} offered`).toBe(1n);
    for (const b of [FEATURE_BIT.SR_IOV, FEATURE_BIT.NOTIF_CONFIG_DATA, FEATURE_BIT.ADMIN_VQ, FEATURE_BIT.SUSPEND]) {
      expect((offered >> BigInt(b)) & 1n, `bit ${b} not offered`).toBe(0n);
    }
    expect(offered & V1).toBe(V1);
  });

  it('accepts every new bit with VERSION_1, alone and all together, and refuses them without it', async () => {
    sim = await openSimulator();
    const regs = await regsOf(sim);
    for (const b of NEW_BITS) {
      const n = await negotiateFeatures(regs, V1 | F(b));
      expect(n.accepted).toBe(V1 | F(b));
      expect(await regs.driverFeatures()).toBe(V1 | F(b));
      await expect(negotiateFeatures(regs, F(b))).rejects.toBeInstanceOf(FeaturesRefusedError);
    }
    const all = await negotiateFeatures(regs);
    expect(all.accepted).toBe(all.offered);
    expect((await regs.status()) & DEVICE_STATUS.FEATURES_OK).toBe(DEVICE_STATUS.FEATURES_OK);
    const packedSet = V1 | F(FEATURE_BIT.RING_PACKED) | F(FEATURE_BIT.IN_ORDER) | F(FEATURE_BIT.NOTIFICATION_DATA);
    expect((await negotiateFeatures(regs, packedSet)).accepted).toBe(packedSet);
  });

  it('queue_size: any 1..max with RING_PACKED, powers of two only without it', async () => {
    sim = await openSimulator();
    const regs = await regsOf(sim);
    const max = sim.banner.qsizeMax;
    await negotiateFeatures(regs, V1 | F(FEATURE_BIT.RING_PACKED));
    const nq = await regs.numQueues();
    for (let q = 0; q < nq; q++) {
      regs.selectQueue(q);
      for (const v of [100, 3, 1, max - 1, max]) {
        regs.setQueueSize(v);
        expect(await regs.queueSize(), `packed: queue ${q} size ${v}`).toBe(v);
      }
      regs.setQueueSize(0);
      expect(await regs.queueSize()).toBe(max);
      regs.setQueueSize(max + 1);
      expect(await regs.queueSize()).toBe(max);
    }
    // split (and after a device reset the size is back at max)
    await negotiateFeatures(regs, V1 | F(FEATURE_BIT.RING_RESET) | F(FEATURE_BIT.IN_ORDER));
    for (let q = 0; q < nq; q++) {
      regs.selectQueue(q);
      expect(await regs.queueSize()).toBe(max);
      regs.setQueueSize(100);
      expect(await regs.queueSize(), `split: queue ${q} size 100 ignored`).toBe(max);
      regs.setQueueSize(3);
      expect(await regs.queueSize(), `split: queue ${q} size 3 ignored`).toBe(max);
      regs.setQueueSize(32);
      expect(await regs.queueSize(), `split: queue ${q} size 32`).toBe(32);
    }
  });
});

describe('queue_reset and 32-bit notifications (initialised device)', () => {
  let dev: Device | undefined;
  afterEach(async () => {
    await closeChecked(dev);
    dev = undefined;
  });

  const common = (d: Device, off: number) => d.regs.regions.common + BigInt(off);
  const queueReset = (d: Device): Promise<number> => d.console.mmioRead(common(d, COMMON_CFG.QUEUE_RESET), 2);
  const setQueueReset = (d: Device, v: number): void => d.console.mmioWrite(common(d, COMMON_CFG.QUEUE_RESET), 2, v);

  /** Poll queue_reset of the selected queue until it reads 0 (bounded). */
  async function waitResetDone(d: Device): Promise<number> {
    for (let i = 0; i < 200; i++) {
      if ((await queueReset(d)) === 0) return i;
      await d.console.run(200);
    }
    throw new Error('queue_reset still reads 1 after 200 polls');
  }

  /** A cheap request on `queue` through the completion engine: NOTSUPP in the status byte. */
  async function cheap(d: Device, queue: number): Promise<void> {
    const r = await d.submitRaw(queue, [cheapRequest()], [1]);
    expect(C.statusName(lastWritableByte(r.written)), `queue ${queue}`).toBe(C.statusName(C.STATUS.NOTSUPP));
  }

  it('queue_reset of an idle queue: registers back to defaults, other queues keep working', async () => {
    // split ring + RING_RESET (the packed ring is not negotiated: the driver builds split rings)
    dev = await openDevice({ features: V1 | F(FEATURE_BIT.RING_RESET) | F(FEATURE_BIT.EVENT_IDX), queueSize: 16 });
    const d = dev;
    expect(d.negotiatedFeatures & F(FEATURE_BIT.RING_RESET)).not.toBe(0n);
    const max = d.banner.qsizeMax;
    await cheap(d, 0);
    const target = d.queues.find((q) => q.index === 1)!;
    d.regs.selectQueue(target.index);
    expect(await queueReset(d)).toBe(0);
    expect(await d.regs.queueEnable()).toBe(1);
    expect(await d.regs.queueMsixVector()).toBe(target.msixVector);
    setQueueReset(d, 1);
    await waitResetDone(d);
    expect(await d.regs.queueEnable(), 'queue_enable 0 after the reset').toBe(0);
    expect(await d.regs.queueSize(), 'queue_size back at max').toBe(max);
    expect(await d.regs.queueMsixVector(), 'vector unmapped').toBe(VIRTIO_MSI_NO_VECTOR);
    expect(await d.regs.queueAddresses()).toEqual({ desc: 0n, driver: 0n, device: 0n });
    expect((await d.regs.status()) & DEVICE_STATUS.DRIVER_OK, 'DRIVER_OK kept').toBe(DEVICE_STATUS.DRIVER_OK);
    // the other queues are untouched and still work
    for (const q of d.queues.filter((x) => x.index !== target.index)) {
      d.regs.selectQueue(q.index);
      expect(await d.regs.queueEnable(), `queue ${q.index} enabled`).toBe(1);
      expect(await d.regs.queueSize()).toBe(q.size);
      expect(await d.regs.queueMsixVector()).toBe(q.msixVector);
      expect((await d.regs.queueAddresses()).desc).toBe(q.rings.desc);
    }
    for (let q = 0; q < d.numDataQueues; q++) if (q !== target.index) await cheap(d, q);
    // the driver reprograms the queue and re-enables it: queue_reset stays 0
    d.regs.selectQueue(target.index);
    d.regs.setQueueSize(target.size);
    d.regs.setQueueAddresses(target.rings.desc, target.rings.avail, target.rings.used);
    d.regs.setQueueMsixVector(target.msixVector);
    d.regs.setQueueEnable(1);
    expect(await d.regs.queueEnable()).toBe(1);
    expect(await queueReset(d)).toBe(0);
    expect(await d.regs.queueAddresses()).toEqual({ desc: target.rings.desc, driver: target.rings.avail, device: target.rings.used });
    expect(await d.regs.queueMsixVector()).toBe(target.msixVector);
    // a device reset leaves every queue_reset at 0
    await d.resetDevice({ reinit: true });
    for (const q of d.queues) {
      d.regs.selectQueue(q.index);
      expect(await queueReset(d)).toBe(0);
    }
    await cheap(d, 0);
  });

  it('queue_reset is ignored without RING_RESET; 0x38 reads 0', async () => {
    dev = await openDevice({ features: V1, queueSize: 16 });
    const d = dev;
    const q = d.queues.find((x) => x.index === 1)!;
    d.regs.selectQueue(q.index);
    setQueueReset(d, 1);
    await d.console.run(1000);
    expect(await queueReset(d)).toBe(0);
    expect(await d.regs.queueEnable()).toBe(1);
    expect((await d.regs.queueAddresses()).desc).toBe(q.rings.desc);
    expect(await d.console.mmioRead(common(d, COMMON_CFG.QUEUE_NOTIF_CONFIG_DATA), 2)).toBe(0);
    await cheap(d, 1);
  });

  it('a 32-bit notification {next avail idx, queue} with NOTIFICATION_DATA makes the device process the queue', async () => {
    dev = await openDevice({ features: V1 | F(FEATURE_BIT.NOTIFICATION_DATA), queueSize: 16 });
    const d = dev;
    expect(d.negotiatedFeatures & F(FEATURE_BIT.NOTIFICATION_DATA)).not.toBe(0n);
    const rq = await RawQueue.open(d, 1);
    const notifyAddr = d.regs.notifyAddr(d.queues.find((x) => x.index === 1)!.notifyOff);
    for (let k = 0; k < 20; k++) {
      const hdr = cheapRequest();
      const r = rq.readable(hdr);
      const w = rq.writable(1, 0xee);
      const h0 = (2 * k) % rq.size;
      const h1 = (2 * k + 1) % rq.size;
      rq.writeRingDesc(h0, { addr: r, len: hdr.length, flags: DF.NEXT, next: h1 });
      rq.writeRingDesc(h1, { addr: w, len: 1, flags: DF.WRITE, next: 0 });
      await rq.flushGrants();
      rq.publish([h0], false);
      // le32 { vq_index:16, next_off:15, next_wrap:1 } = new avail.idx (split ring)
      const next = rq.nextAvail;
      d.console.mmioWrite(notifyAddr, 4, ((next << 16) | 1) >>> 0);
      const [elem] = await rq.waitUsed(1, 400_000);
      expect(elem!.id, `request ${k}: used id`).toBe(h0);
      expect(elem!.len).toBe(1);
      expect(C.statusName(d.memory.read(w, 1)[0]!)).toBe(C.statusName(C.STATUS.NOTSUPP));
      await rq.release();
    }
    // 16-bit notifications are still accepted
    await cheap(d, 0);
  });
});
