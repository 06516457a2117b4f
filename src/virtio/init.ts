// The virtio modern initialisation sequence (virtio-crypto.md §8.7): reset, ACKNOWLEDGE, DRIVER,
// features, FEATURES_OK (+ re-read), queues, DRIVER_OK.
import { DEVICE_STATUS, DRIVER_DEFAULTS, SPLIT_RING, featureMask } from '../constants/virtio.ts';
import type { MemoryPort } from '../bridge/host-memory.ts';
import { availRingBytes, descTableBytes, isValidQueueSize, usedRingBytes, type RingAddresses } from './ring-layout.ts';
import type { VirtioRegs } from './regs.ts';

export class FeaturesRefusedError extends Error {
  constructor(readonly requested: bigint, readonly status: number) {
    super(`device refused FEATURES_OK for features 0x${requested.toString(16)} (status 0x${status.toString(16)})`);
    this.name = 'FeaturesRefusedError';
  }
}

/** Write device_status = 0 and poll until it reads 0. */
export async function resetAndWait(regs: VirtioRegs): Promise<void> {
  regs.setStatus(DEVICE_STATUS.RESET);
  for (let i = 0; i < DRIVER_DEFAULTS.RESET_POLLS; i++) {
    if ((await regs.status()) === DEVICE_STATUS.RESET) return;
  }
  throw new Error(`device_status did not read 0 after reset (${DRIVER_DEFAULTS.RESET_POLLS} polls)`);
}

export interface Negotiated {
  offered: bigint;
  accepted: bigint;
  status: number;
}

/**
 * Steps 1-6: reset, ACKNOWLEDGE, DRIVER, read the 64 feature bits, accept `wanted ∩ offered`
 * (default: all offered), FEATURES_OK, re-read. Throws FeaturesRefusedError when the device
 * leaves FEATURES_OK clear (the device is left with FAILED set).
 */
export async function negotiateFeatures(regs: VirtioRegs, wanted?: bigint): Promise<Negotiated> {
  await resetAndWait(regs);
  regs.setStatus(DEVICE_STATUS.ACKNOWLEDGE);
  regs.setStatus(DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER);
  const offered = await regs.deviceFeatures();
  const accepted = wanted === undefined ? offered : wanted & offered;
  regs.setDriverFeatures(accepted);
  const base = DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER;
  regs.setStatus(base | DEVICE_STATUS.FEATURES_OK);
  const status = await regs.status();
  if ((status & DEVICE_STATUS.FEATURES_OK) === 0) {
    regs.setStatus(status | DEVICE_STATUS.FAILED);
    throw new FeaturesRefusedError(accepted, status);
  }
  return { offered, accepted, status };
}

export interface QueueSetupOptions {
  /** Shrink the queue to this size (power of two, ≤ the device's size). */
  queueSize?: number;
  /** MSI-X vector for the queue, or NO_VECTOR. */
  msixVector: number;
}

export interface QueueInfo {
  index: number;
  /** queue_size as the device offered it. */
  maxSize: number;
  size: number;
  rings: RingAddresses;
  msixVector: number;
  notifyOff: number;
}

/**
 * Step 7 for one queue: select, read size (0 → undefined: absent), shrink, allocate and zero
 * rings per the alignment rules, write addresses, queue_msix_vector (read back), queue_enable = 1.
 */
export async function setupQueue(
  regs: VirtioRegs,
  mem: MemoryPort,
  index: number,
  opts: QueueSetupOptions,
): Promise<QueueInfo | undefined> {
  regs.selectQueue(index);
  const maxSize = await regs.queueSize();
  if (maxSize === 0) return undefined;
  let size = maxSize;
  if (opts.queueSize !== undefined) {
    if (!isValidQueueSize(opts.queueSize)) throw new RangeError(`queueSize ${opts.queueSize} is not a power of two`);
    size = Math.min(opts.queueSize, maxSize);
    if (size !== maxSize) regs.setQueueSize(size);
  }
  const rings: RingAddresses = {
    desc: mem.alloc(descTableBytes(size), SPLIT_RING.DESC_ALIGN),
    avail: mem.alloc(availRingBytes(size), SPLIT_RING.AVAIL_ALIGN),
    used: mem.alloc(usedRingBytes(size), SPLIT_RING.USED_ALIGN),
  };
  mem.fill(rings.desc, descTableBytes(size), 0);
  mem.fill(rings.avail, availRingBytes(size), 0);
  mem.fill(rings.used, usedRingBytes(size), 0);
  regs.setQueueAddresses(rings.desc, rings.avail, rings.used);
  regs.setQueueMsixVector(opts.msixVector);
  const [readSize, vector, notifyOff] = await Promise.all([regs.queueSize(), regs.queueMsixVector(), regs.queueNotifyOff()]);
  if (readSize !== size) throw new Error(`queue ${index}: queue_size reads ${readSize} after writing ${size}`);
  if (vector !== opts.msixVector) {
    throw new Error(`queue ${index}: queue_msix_vector reads 0x${vector.toString(16)} after writing 0x${opts.msixVector.toString(16)}`);
  }
  regs.setQueueEnable(1);
  return { index, maxSize, size, rings, msixVector: vector, notifyOff };
}

/** Config-change vector: write and read back. */
export async function setupConfigVector(regs: VirtioRegs, vector: number): Promise<void> {
  regs.setConfigMsixVector(vector);
  const got = await regs.configMsixVector();
  if (got !== vector) throw new Error(`config_msix_vector reads 0x${got.toString(16)} after writing 0x${vector.toString(16)}`);
}

/** Step 8. */
export async function setDriverOk(regs: VirtioRegs): Promise<number> {
  const status = await regs.status();
  regs.setStatus(status | DEVICE_STATUS.DRIVER_OK);
  const after = await regs.status();
  if ((after & DEVICE_STATUS.DRIVER_OK) === 0) throw new Error(`DRIVER_OK did not stick (status 0x${after.toString(16)})`);
  return after;
}

export function hasFeature(features: bigint, bit: number): boolean {
  return (features & featureMask(bit)) !== 0n;
}
