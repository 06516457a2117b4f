// The virtio-PCI register blocks in BAR0 (common cfg, notify, ISR, device cfg), located by capability.
import {
  COMMON_CFG,
  FEATURE_WORD_BITS,
  FEATURE_WORDS,
  NOTIFY_DATA,
  U32_MASK,
  VIRTIO_PCI_CAP_TYPE,
} from '../constants/virtio.ts';
import type { SimConsole } from '../bridge/sim-console.ts';
import type { VirtioCapability } from '../pci/enumerate.ts';

export interface RegionAddresses {
  common: bigint;
  notify: bigint;
  notifyOffMultiplier: number;
  isr: bigint;
  device: bigint;
}

/** Locate the regions from the virtio capabilities (first of each type, the preferred one). */
export function locateRegions(caps: VirtioCapability[], barAddrs: (bar: number) => bigint): RegionAddresses {
  const find = (type: number, name: string): VirtioCapability => {
    const c = caps.find((x) => x.cfgType === type);
    if (!c) throw new Error(`device has no ${name} capability`);
    return c;
  };
  const common = find(VIRTIO_PCI_CAP_TYPE.COMMON_CFG, 'COMMON_CFG');
  const notify = find(VIRTIO_PCI_CAP_TYPE.NOTIFY_CFG, 'NOTIFY_CFG');
  const isr = find(VIRTIO_PCI_CAP_TYPE.ISR_CFG, 'ISR_CFG');
  const device = find(VIRTIO_PCI_CAP_TYPE.DEVICE_CFG, 'DEVICE_CFG');
  const at = (c: VirtioCapability) => barAddrs(c.bar) + BigInt(c.offset);
  return {
    common: at(common),
    notify: at(notify),
    notifyOffMultiplier: notify.notifyOffMultiplier ?? 0,
    isr: at(isr),
    device: at(device),
  };
}

/** Register access for one virtio-PCI function. Writes are posted; reads are awaited. */
export class VirtioRegs {
  constructor(private readonly sim: SimConsole, readonly regions: RegionAddresses) {}

  private c(off: number): bigint {
    return this.regions.common + BigInt(off);
  }

  // ---- device status / generation
  status(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.DEVICE_STATUS), 1);
  }
  setStatus(v: number): void {
    this.sim.mmioWrite(this.c(COMMON_CFG.DEVICE_STATUS), 1, v);
  }
  configGeneration(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.CONFIG_GENERATION), 1);
  }
  numQueues(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.NUM_QUEUES), 2);
  }

  // ---- features
  async deviceFeatures(): Promise<bigint> {
    let f = 0n;
    for (let w = 0; w < FEATURE_WORDS; w++) f |= BigInt(await this.deviceFeatureWord(w)) << (FEATURE_WORD_BITS * BigInt(w));
    return f;
  }
  async deviceFeatureWord(select: number): Promise<number> {
    this.sim.mmioWrite(this.c(COMMON_CFG.DEVICE_FEATURE_SELECT), 4, select);
    return this.sim.mmioRead(this.c(COMMON_CFG.DEVICE_FEATURE), 4);
  }
  setDriverFeatures(f: bigint): void {
    for (let w = 0; w < FEATURE_WORDS; w++) {
      this.sim.mmioWrite(this.c(COMMON_CFG.DRIVER_FEATURE_SELECT), 4, w);
      this.sim.mmioWrite(this.c(COMMON_CFG.DRIVER_FEATURE), 4, Number((f >> (FEATURE_WORD_BITS * BigInt(w))) & U32_MASK));
    }
  }
  async driverFeatures(): Promise<bigint> {
    let f = 0n;
    for (let w = 0; w < FEATURE_WORDS; w++) {
      this.sim.mmioWrite(this.c(COMMON_CFG.DRIVER_FEATURE_SELECT), 4, w);
      f |= BigInt(await this.sim.mmioRead(this.c(COMMON_CFG.DRIVER_FEATURE), 4)) << (FEATURE_WORD_BITS * BigInt(w));
    }
    return f;
  }

  // ---- MSI-X vectors
  configMsixVector(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.CONFIG_MSIX_VECTOR), 2);
  }
  setConfigMsixVector(v: number): void {
    this.sim.mmioWrite(this.c(COMMON_CFG.CONFIG_MSIX_VECTOR), 2, v);
  }

  // ---- queues (operate on the selected queue)
  selectQueue(q: number): void {
    this.sim.mmioWrite(this.c(COMMON_CFG.QUEUE_SELECT), 2, q);
  }
  queueSelect(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.QUEUE_SELECT), 2);
  }
  queueSize(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.QUEUE_SIZE), 2);
  }
  setQueueSize(v: number): void {
    this.sim.mmioWrite(this.c(COMMON_CFG.QUEUE_SIZE), 2, v);
  }
  queueMsixVector(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.QUEUE_MSIX_VECTOR), 2);
  }
  setQueueMsixVector(v: number): void {
    this.sim.mmioWrite(this.c(COMMON_CFG.QUEUE_MSIX_VECTOR), 2, v);
  }
  queueEnable(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.QUEUE_ENABLE), 2);
  }
  setQueueEnable(v: number): void {
    this.sim.mmioWrite(this.c(COMMON_CFG.QUEUE_ENABLE), 2, v);
  }
  queueNotifyOff(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.QUEUE_NOTIFY_OFF), 2);
  }
  queueReset(): Promise<number> {
    return this.sim.mmioRead(this.c(COMMON_CFG.QUEUE_RESET), 2);
  }
  /** queue_reset (RING_RESET): write 1 to reset the selected queue. */
  setQueueReset(v: number): void {
    this.sim.mmioWrite(this.c(COMMON_CFG.QUEUE_RESET), 2, v);
  }
  async queueAddresses(): Promise<{ desc: bigint; driver: bigint; device: bigint }> {
    const r64 = async (lo: number, hi: number) => {
      const [l, h] = await Promise.all([this.sim.mmioRead(this.c(lo), 4), this.sim.mmioRead(this.c(hi), 4)]);
      return (BigInt(h) << 32n) | BigInt(l);
    };
    const [desc, driver, device] = await Promise.all([
      r64(COMMON_CFG.QUEUE_DESC_LO, COMMON_CFG.QUEUE_DESC_HI),
      r64(COMMON_CFG.QUEUE_DRIVER_LO, COMMON_CFG.QUEUE_DRIVER_HI),
      r64(COMMON_CFG.QUEUE_DEVICE_LO, COMMON_CFG.QUEUE_DEVICE_HI),
    ]);
    return { desc, driver, device };
  }
  setQueueAddresses(desc: bigint, driver: bigint, device: bigint): void {
    const w64 = (lo: number, hi: number, v: bigint) => {
      this.sim.mmioWrite(this.c(lo), 4, Number(v & U32_MASK));
      this.sim.mmioWrite(this.c(hi), 4, Number(v >> 32n));
    };
    w64(COMMON_CFG.QUEUE_DESC_LO, COMMON_CFG.QUEUE_DESC_HI, desc);
    w64(COMMON_CFG.QUEUE_DRIVER_LO, COMMON_CFG.QUEUE_DRIVER_HI, driver);
    w64(COMMON_CFG.QUEUE_DEVICE_LO, COMMON_CFG.QUEUE_DEVICE_HI, device);
  }

  // ---- notify / ISR / device config
  notifyAddr(queueNotifyOff: number): bigint {
    return this.regions.notify + BigInt(queueNotifyOff * this.regions.notifyOffMultiplier);
  }
  /** Driver notification: 16-bit write of the queue index. */
  notify(addr: bigint, queue: number): void {
    this.sim.mmioWrite(addr, NOTIFY_DATA.SIZE_INDEX, queue);
  }
  /** Driver notification with VIRTIO_F_NOTIFICATION_DATA: 32-bit write of Virtqueue.notifyValue(). */
  notifyData(addr: bigint, value: number): void {
    this.sim.mmioWrite(addr, NOTIFY_DATA.SIZE_DATA, value >>> 0);
  }
  readIsr(): Promise<number> {
    return this.sim.mmioRead(this.regions.isr, 1);
  }
  deviceConfig32(off: number): Promise<number> {
    return this.sim.mmioRead(this.regions.device + BigInt(off), 4);
  }
}
