// Transport-level tests against the real simulator + device RTL (needs `make sim`).
// They check the PCI function, BAR0, the capability list and the virtio init rules
// (virtio-crypto.md §1, §2, §6 items 17-19, §8; docs/design.md).
import { afterEach, describe, expect, it } from 'vitest';
import {
  BAR0_LAYOUT,
  CAP_LIST_LAYOUT,
  COMMON_CFG,
  DEVICE_FEATURES_EXPECTED,
  OPT_IN_FEATURES,
  DEVICE_STATUS,
  FEATURE_BIT,
  PCI_CAP_ID,
  PCI_CFG,
  PCI_COMMAND,
  PCI_EXPECTED,
  VIRTIO_CRYPTO_S_HW_READY,
  VIRTIO_MSI_NO_VECTOR,
  VIRTIO_PCI_CAP_TYPE,
  featureMask,
} from '../../src/constants/virtio.ts';
import { ConfigSpace } from '../../src/pci/config-space.ts';
import { bringUpPci, type PciFunction } from '../../src/pci/bring-up.ts';
import { readIdentity, sizeBar0, walkCapabilities } from '../../src/pci/enumerate.ts';
import { openDevice, openSimulator, type Device, type SimulatorHandle } from '../../src/index.ts';
import { FeaturesRefusedError, negotiateFeatures, resetAndWait } from '../../src/virtio/init.ts';
import { locateRegions, VirtioRegs } from '../../src/virtio/regs.ts';

const F = (bit: number) => featureMask(bit);

async function regsOf(h: SimulatorHandle): Promise<{ pci: PciFunction; regs: VirtioRegs }> {
  const pci = await bringUpPci(h.console);
  const regs = new VirtioRegs(h.console, locateRegions(pci.caps.virtio, () => pci.bar0Addr));
  return { pci, regs };
}

describe('PCI function (config space by hand)', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('has the virtio-crypto identity', async () => {
    sim = await openSimulator();
    const id = await readIdentity(new ConfigSpace(sim.console));
    expect(id.vendorId).toBe(PCI_EXPECTED.vendorId);
    expect(id.deviceId).toBe(PCI_EXPECTED.deviceId);
    expect(id.revision).toBeGreaterThanOrEqual(PCI_EXPECTED.minRevision);
    expect(id.classCode).toBe(PCI_EXPECTED.classCode);
    expect(id.subsystemVendorId).toBe(PCI_EXPECTED.subsystemVendorId);
    expect(id.subsystemId).toBeGreaterThanOrEqual(PCI_EXPECTED.minSubsystemId);
    expect(id.headerType & 0x7f).toBe(0);
  });

  it('lists the capabilities of docs/design.md in order', async () => {
    sim = await openSimulator();
    const cfg = new ConfigSpace(sim.console);
    const status = await cfg.read16(PCI_CFG.STATUS);
    expect(status & 0x10).toBe(0x10);
    const caps = await walkCapabilities(cfg);
    expect(caps.raw.map((c) => [c.at, c.capId])).toEqual(CAP_LIST_LAYOUT.map((c) => [c.offset, c.capId]));
    expect(caps.raw[caps.raw.length - 1]!.next).toBe(0);
    const byType = new Map(caps.virtio.map((c) => [c.cfgType, c]));
    for (const l of CAP_LIST_LAYOUT.filter((c) => c.capId === PCI_CAP_ID.VENDOR)) {
      expect(byType.get(l.cfgType)?.capLen).toBe(l.capLen);
    }
    const common = byType.get(VIRTIO_PCI_CAP_TYPE.COMMON_CFG)!;
    expect([common.bar, common.offset, common.length]).toEqual([0, BAR0_LAYOUT.COMMON, BAR0_LAYOUT.COMMON_LEN]);
    const notify = byType.get(VIRTIO_PCI_CAP_TYPE.NOTIFY_CFG)!;
    expect([notify.bar, notify.offset, notify.notifyOffMultiplier]).toEqual([0, BAR0_LAYOUT.NOTIFY, BAR0_LAYOUT.NOTIFY_OFF_MULTIPLIER]);
    expect(notify.length).toBeGreaterThanOrEqual(BAR0_LAYOUT.NOTIFY_OFF_MULTIPLIER * (sim.banner.dataQueues + 1));
    const isr = byType.get(VIRTIO_PCI_CAP_TYPE.ISR_CFG)!;
    expect([isr.bar, isr.offset]).toEqual([0, BAR0_LAYOUT.ISR]);
    expect(isr.length).toBeGreaterThanOrEqual(1);
    const dev = byType.get(VIRTIO_PCI_CAP_TYPE.DEVICE_CFG)!;
    expect([dev.bar, dev.offset, dev.length]).toEqual([0, BAR0_LAYOUT.DEVICE, BAR0_LAYOUT.DEVICE_LEN]);
    expect(byType.has(VIRTIO_PCI_CAP_TYPE.PCI_CFG)).toBe(true);
    expect(caps.msix).toBeDefined();
    expect(caps.msix!.tableBir).toBe(0);
    expect(caps.msix!.tableOffset).toBe(BAR0_LAYOUT.MSIX_TABLE);
    expect(caps.msix!.pbaBir).toBe(0);
    expect(caps.msix!.pbaOffset).toBe(BAR0_LAYOUT.MSIX_PBA);
    expect(caps.msix!.tableSize).toBeGreaterThanOrEqual(2);
  });

  it('sizes BAR0 as a 64-bit 32 KiB memory BAR and decodes it only with memory enable', async () => {
    sim = await openSimulator();
    const cfg = new ConfigSpace(sim.console);
    const bar = await sizeBar0(cfg);
    expect(bar.is64).toBe(true);
    expect(bar.size).toBe(BigInt(BAR0_LAYOUT.SIZE));
    expect(bar.mask).toBe(0xffff_ffff_ffff_8000n);
    // Before memory enable nothing claims the BAR.
    const { pci, regs } = await regsOf(sim);
    expect(pci.command & (PCI_COMMAND.MEMORY | PCI_COMMAND.BUS_MASTER)).toBe(PCI_COMMAND.MEMORY | PCI_COMMAND.BUS_MASTER);
    expect(await regs.numQueues()).toBe(sim.banner.dataQueues + 1);
    cfg.write16(PCI_CFG.COMMAND, 0);
    await expect(sim.console.mmioRead(pci.bar0Addr, 4)).rejects.toThrow(/unmapped/);
  });

  it('refuses FEATURES_OK for a stateless bit without REVISION_1', async () => {
    sim = await openSimulator();
    const { regs } = await regsOf(sim);
    const wanted = F(FEATURE_BIT.VERSION_1) | F(FEATURE_BIT.CIPHER_STATELESS_MODE);
    const err = await negotiateFeatures(regs, wanted).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeaturesRefusedError);
    expect((err as FeaturesRefusedError).status & DEVICE_STATUS.FEATURES_OK).toBe(0);
    // The same set plus REVISION_1 is accepted after a reset.
    await expect(negotiateFeatures(regs, wanted | F(FEATURE_BIT.REVISION_1))).resolves.toBeDefined();
  });

  it('refuses FEATURES_OK without VERSION_1 and for bits not offered', async () => {
    sim = await openSimulator();
    const { regs } = await regsOf(sim);
    await expect(negotiateFeatures(regs, F(FEATURE_BIT.REVISION_1))).rejects.toBeInstanceOf(FeaturesRefusedError);
    // negotiateFeatures masks with the offer, so write an unoffered bit by hand.
    await resetAndWait(regs);
    regs.setStatus(DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER);
    const unoffered = F(FEATURE_BIT.NOTIF_CONFIG_DATA);
    expect(DEVICE_FEATURES_EXPECTED & unoffered).toBe(0n);
    regs.setDriverFeatures(F(FEATURE_BIT.VERSION_1) | unoffered);
    regs.setStatus(DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER | DEVICE_STATUS.FEATURES_OK);
    expect((await regs.status()) & DEVICE_STATUS.FEATURES_OK).toBe(0);
  });

  it('reads 0 for feature words above 63 and queue_size 0 for a queue that does not exist', async () => {
    sim = await openSimulator();
    const { regs } = await regsOf(sim);
    expect(await regs.deviceFeatureWord(2)).toBe(0);
    const n = await regs.numQueues();
    regs.selectQueue(n);
    expect(await regs.queueSize()).toBe(0);
    regs.selectQueue(0xffff);
    expect(await regs.queueSize()).toBe(0);
  });

  it('starts in reset state: status 0, vectors NO_VECTOR, queues disabled, queue size = qsizemax', async () => {
    sim = await openSimulator();
    const { regs } = await regsOf(sim);
    expect(await regs.status()).toBe(0);
    expect(await regs.configMsixVector()).toBe(VIRTIO_MSI_NO_VECTOR);
    for (let q = 0; q <= sim.banner.dataQueues; q++) {
      regs.selectQueue(q);
      expect(await regs.queueSize()).toBe(sim.banner.qsizeMax);
      expect(await regs.queueEnable()).toBe(0);
      expect(await regs.queueMsixVector()).toBe(VIRTIO_MSI_NO_VECTOR);
      expect(await regs.queueNotifyOff()).toBe(q);
      expect(await regs.queueReset()).toBe(0);
    }
  });
});

describe('initialised device', () => {
  let dev: Device | undefined;
  afterEach(async () => {
    await dev?.close();
    dev = undefined;
  });

  it('offers the design feature set and accepts all of it by default but the opt-in transport features', async () => {
    dev = await openDevice();
    expect(dev.offeredFeatures).toBe(DEVICE_FEATURES_EXPECTED);
    expect(dev.negotiatedFeatures).toBe(DEVICE_FEATURES_EXPECTED & ~OPT_IN_FEATURES);
    expect((await dev.regs.status()) & 0xff).toBe(
      DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER | DEVICE_STATUS.FEATURES_OK | DEVICE_STATUS.DRIVER_OK,
    );
    expect(await dev.regs.driverFeatures()).toBe(DEVICE_FEATURES_EXPECTED & ~OPT_IN_FEATURES);
    expect(dev.controlQueue).toBe(dev.banner.dataQueues);
    expect(dev.numDataQueues).toBe(dev.banner.dataQueues);
  });

  it('negotiates a subset (legacy layouts: VERSION_1 only)', async () => {
    dev = await openDevice({ features: F(FEATURE_BIT.VERSION_1), dataQueues: 1, queueSize: 16 });
    expect(dev.negotiatedFeatures).toBe(F(FEATURE_BIT.VERSION_1));
    expect(dev.numDataQueues).toBe(1);
    expect(dev.queues.map((q) => [q.index, q.size])).toEqual([
      [0, 16],
      [dev.controlQueue, 16],
    ]);
  });

  it('programs queue addresses and MSI-X vectors that read back', async () => {
    dev = await openDevice({ queueSize: 8 });
    for (const q of dev.queues) {
      dev.regs.selectQueue(q.index);
      const a = await dev.regs.queueAddresses();
      expect(a).toEqual({ desc: q.rings.desc, driver: q.rings.avail, device: q.rings.used });
      expect(await dev.regs.queueEnable()).toBe(1);
      expect(await dev.regs.queueMsixVector()).toBe(q.msixVector);
      expect(q.rings.desc % 16n).toBe(0n);
      expect(q.rings.avail % 2n).toBe(0n);
      expect(q.rings.used % 4n).toBe(0n);
    }
    expect(await dev.regs.configMsixVector()).toBe(0);
  });

  it('reports a sane virtio_crypto_config and probe()', async () => {
    dev = await openDevice();
    const cfg = await dev.readConfig();
    expect(cfg.status).toBe(VIRTIO_CRYPTO_S_HW_READY);
    expect(cfg.maxDataqueues).toBe(dev.banner.dataQueues);
    expect(cfg.maxSize).toBeGreaterThan(0);
    const p = await dev.probe();
    expect(p.pci.vendorId).toBe(PCI_EXPECTED.vendorId);
    expect(p.pci.deviceId).toBe(PCI_EXPECTED.deviceId);
    expect(p.numQueues).toBe(dev.banner.dataQueues + 1);
    expect(p.deviceFeatures).toBe(`0x${DEVICE_FEATURES_EXPECTED.toString(16)}`);
    // the issue-6 transport bits are named in the probe output
    for (const n of ['RING_PACKED', 'IN_ORDER', 'NOTIFICATION_DATA', 'RING_RESET', 'ACCESS_PLATFORM', 'ORDER_PLATFORM'])
      expect(p.deviceFeatureNames, n).toContain(n);
    expect(p.negotiatedFeatureNames).not.toContain('RING_PACKED');
    expect(p.capabilities.map((c) => c.cfgType)).toEqual([1, 2, 3, 4, 5]);
    expect(p.config.maxDataqueues).toBe(cfg.maxDataqueues);
    expect(p.msix.tableSize).toBeGreaterThanOrEqual(2);
  });

  it('keeps config_generation stable while nothing changes', async () => {
    dev = await openDevice();
    const g0 = await dev.regs.configGeneration();
    await dev.readConfig();
    await dev.console.run(1000);
    await dev.readConfig();
    expect(await dev.regs.configGeneration()).toBe(g0);
  });

  it('reset clears status, queue registers and MSI-X vectors', async () => {
    dev = await openDevice({ queueSize: 8 });
    await dev.resetDevice();
    const regs = dev.regs;
    expect(await regs.status()).toBe(0);
    expect(await regs.configMsixVector()).toBe(VIRTIO_MSI_NO_VECTOR);
    for (const q of dev.queues) {
      regs.selectQueue(q.index);
      expect(await regs.queueEnable()).toBe(0);
      expect(await regs.queueMsixVector()).toBe(VIRTIO_MSI_NO_VECTOR);
      expect(await regs.queueReset()).toBe(0);
      expect(await regs.queueSize()).toBe(q.maxSize);
    }
    await expect(dev.submitRaw(0, [new Uint8Array(8)], [1])).rejects.toThrow(/reset/);
  });

  it('does not touch memory outside its grants while initialising', async () => {
    dev = await openDevice();
    await dev.console.run(10_000);
    expect(await dev.dmaViolations()).toBe(0);
  });

  it('reads the common configuration with 1-, 2- and 4-byte accesses alike', async () => {
    dev = await openDevice();
    const base = dev.regs.regions.common;
    const w = await dev.console.mmioRead(base + BigInt(COMMON_CFG.CONFIG_MSIX_VECTOR), 4);
    const lo = await dev.console.mmioRead(base + BigInt(COMMON_CFG.CONFIG_MSIX_VECTOR), 2);
    const hi = await dev.console.mmioRead(base + BigInt(COMMON_CFG.NUM_QUEUES), 2);
    expect(w).toBe(((hi << 16) | lo) >>> 0);
    const status = await dev.console.mmioRead(base + BigInt(COMMON_CFG.DEVICE_STATUS), 1);
    expect(status & DEVICE_STATUS.DRIVER_OK).toBe(DEVICE_STATUS.DRIVER_OK);
  });
});
