// PCI enumeration: identity, capability list, BAR0 sizing and assignment, command register.
import {
  BAR0_ASSIGN_ADDR,
  MSIX_CAP,
  MSIX_CTRL,
  PCI_BAR,
  PCI_CAP_ID,
  PCI_CAP_MAX_WALK,
  PCI_CAP_PTR_MASK,
  PCI_CFG,
  PCI_COMMAND,
  PCI_STATUS,
  U64_MASK,
  VIRTIO_CAP,
  VIRTIO_PCI_CAP_TYPE,
} from '../constants/virtio.ts';
import type { ConfigSpace } from './config-space.ts';

export interface PciIdentity {
  vendorId: number;
  deviceId: number;
  revision: number;
  classCode: number;
  subsystemVendorId: number;
  subsystemId: number;
  headerType: number;
  interruptPin: number;
}

/** One entry of the capability list as found. */
export interface RawCapability {
  /** Config-space offset of the capability. */
  at: number;
  capId: number;
  next: number;
}

/** A virtio vendor capability (`struct virtio_pci_cap`). */
export interface VirtioCapability {
  at: number;
  capLen: number;
  cfgType: number;
  bar: number;
  id: number;
  offset: number;
  length: number;
  /** NOTIFY_CFG only. */
  notifyOffMultiplier?: number;
}

export interface MsixCapability {
  at: number;
  tableSize: number;
  tableBir: number;
  tableOffset: number;
  pbaBir: number;
  pbaOffset: number;
  messageControl: number;
}

export interface CapabilityList {
  raw: RawCapability[];
  virtio: VirtioCapability[];
  msix: MsixCapability | undefined;
}

export async function readIdentity(cfg: ConfigSpace): Promise<PciIdentity> {
  const [id, classRev, hdr, subsys, intr] = await Promise.all([
    cfg.read32(PCI_CFG.VENDOR_ID),
    cfg.read32(PCI_CFG.CLASS_DWORD),
    cfg.read8(PCI_CFG.HEADER_TYPE),
    cfg.read32(PCI_CFG.SUBSYSTEM_VENDOR_ID),
    cfg.read8(PCI_CFG.INTERRUPT_PIN),
  ]);
  return {
    vendorId: id & 0xffff,
    deviceId: id >>> 16,
    revision: classRev & 0xff,
    classCode: classRev >>> 8,
    headerType: hdr,
    subsystemVendorId: subsys & 0xffff,
    subsystemId: subsys >>> 16,
    interruptPin: intr,
  };
}

/** Walk the capability list from the capabilities pointer. */
export async function walkCapabilities(cfg: ConfigSpace): Promise<CapabilityList> {
  const status = await cfg.read16(PCI_CFG.STATUS);
  const list: CapabilityList = { raw: [], virtio: [], msix: undefined };
  if ((status & PCI_STATUS.CAP_LIST) === 0) return list;
  let at = (await cfg.read8(PCI_CFG.CAP_PTR)) & PCI_CAP_PTR_MASK;
  const seen = new Set<number>();
  while (at !== 0) {
    if (seen.has(at) || seen.size >= PCI_CAP_MAX_WALK) throw new Error(`capability list loops at 0x${at.toString(16)}`);
    seen.add(at);
    const head = await cfg.read32(at);
    const capId = head & 0xff;
    const next = (head >>> 8) & PCI_CAP_PTR_MASK;
    list.raw.push({ at, capId, next });
    if (capId === PCI_CAP_ID.VENDOR) list.virtio.push(await readVirtioCap(cfg, at, head));
    else if (capId === PCI_CAP_ID.MSIX) list.msix = await readMsixCap(cfg, at, head);
    at = next;
  }
  return list;
}

async function readVirtioCap(cfg: ConfigSpace, at: number, head: number): Promise<VirtioCapability> {
  const [w1, offset, length] = await Promise.all([
    cfg.read32(at + VIRTIO_CAP.BAR),
    cfg.read32(at + VIRTIO_CAP.OFFSET),
    cfg.read32(at + VIRTIO_CAP.LENGTH),
  ]);
  const cap: VirtioCapability = {
    at,
    capLen: (head >>> 16) & 0xff,
    cfgType: head >>> 24,
    bar: w1 & 0xff,
    id: (w1 >>> 8) & 0xff,
    offset,
    length,
  };
  if (cap.cfgType === VIRTIO_PCI_CAP_TYPE.NOTIFY_CFG) {
    cap.notifyOffMultiplier = await cfg.read32(at + VIRTIO_CAP.NOTIFY_OFF_MULTIPLIER);
  }
  return cap;
}

async function readMsixCap(cfg: ConfigSpace, at: number, head: number): Promise<MsixCapability> {
  const [table, pba] = await Promise.all([cfg.read32(at + MSIX_CAP.TABLE), cfg.read32(at + MSIX_CAP.PBA)]);
  const messageControl = head >>> 16;
  return {
    at,
    messageControl,
    tableSize: (messageControl & MSIX_CTRL.TABLE_SIZE_MASK) + 1,
    tableBir: table & MSIX_CTRL.BIR_MASK,
    tableOffset: (table & MSIX_CTRL.OFFSET_MASK) >>> 0,
    pbaBir: pba & MSIX_CTRL.BIR_MASK,
    pbaOffset: (pba & MSIX_CTRL.OFFSET_MASK) >>> 0,
  };
}

export interface Bar0Info {
  /** Low flag bits of BAR0 as read before sizing. */
  flags: number;
  is64: boolean;
  prefetchable: boolean;
  /** Mask read back after writing all ones (flags cleared), 64 bits. */
  mask: bigint;
  size: bigint;
}

/** Size BAR0 (64-bit: all ones into both halves, read the mask back). Leaves the BAR all-ones. */
export async function sizeBar0(cfg: ConfigSpace): Promise<Bar0Info> {
  const orig = await cfg.read32(PCI_CFG.BAR0);
  if (orig & PCI_BAR.IO_SPACE) throw new Error('BAR0 is an I/O BAR');
  const is64 = (orig & PCI_BAR.TYPE_MASK) === PCI_BAR.TYPE_64;
  cfg.write32(PCI_CFG.BAR0, PCI_BAR.ALL_ONES_32);
  if (is64) cfg.write32(PCI_CFG.BAR1, PCI_BAR.ALL_ONES_32);
  const lo = await cfg.read32(PCI_CFG.BAR0);
  const hi = is64 ? await cfg.read32(PCI_CFG.BAR1) : PCI_BAR.ALL_ONES_32;
  const mask = ((BigInt(hi) << 32n) | BigInt(lo)) & ~PCI_BAR.FLAG_BITS & U64_MASK;
  const size = mask === 0n ? 0n : (~mask + 1n) & U64_MASK;
  return {
    flags: orig & Number(PCI_BAR.FLAG_BITS),
    is64,
    prefetchable: (orig & PCI_BAR.PREFETCHABLE) !== 0,
    mask,
    size,
  };
}

/** Program BAR0's address. */
export function assignBar0(cfg: ConfigSpace, addr: bigint = BAR0_ASSIGN_ADDR, is64 = true): void {
  cfg.write32(PCI_CFG.BAR0, Number(addr & 0xffff_ffffn));
  if (is64) cfg.write32(PCI_CFG.BAR1, Number(addr >> 32n));
}

/** Read BAR0's programmed address (flags removed). */
export async function readBar0(cfg: ConfigSpace): Promise<bigint> {
  const lo = await cfg.read32(PCI_CFG.BAR0);
  const hi = await cfg.read32(PCI_CFG.BAR1);
  return ((BigInt(hi) << 32n) | BigInt(lo)) & ~PCI_BAR.FLAG_BITS;
}

/** Set memory-space and bus-master enable in the command register. */
export async function enableDevice(cfg: ConfigSpace): Promise<number> {
  const cmd = await cfg.read16(PCI_CFG.COMMAND);
  const next = cmd | PCI_COMMAND.MEMORY | PCI_COMMAND.BUS_MASTER;
  cfg.write16(PCI_CFG.COMMAND, next);
  return cfg.read16(PCI_CFG.COMMAND);
}
