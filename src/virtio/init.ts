// The virtio modern initialisation sequence (virtio-crypto.md §8.7): reset, ACKNOWLEDGE, DRIVER,
// features, FEATURES_OK (+ re-read), queues, DRIVER_OK.
import { DEVICE_STATUS, DRIVER_DEFAULTS, PACKED_RING, SPLIT_RING, featureMask } from '../constants/virtio.ts';
import type { MemoryPort } from '../bridge/host-memory.ts';
import {
  availRingBytes,
  descTableBytes,
  isValidPackedQueueSize,
  isValidQueueSize,
  packedDescRingBytes,
  usedRingBytes,
  type RingAddresses,
} from './ring-layout.ts';
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
 * (default: all offered but `defaultExclude`), FEATURES_OK, re-read. Throws FeaturesRefusedError when the device
 * leaves FEATURES_OK clear (the device is left with FAILED set).
 */
export async function negotiateFeatures(regs: VirtioRegs, wanted?: bigint, defaultExclude = 0n): Promise<Negotiated> {
  await resetAndWait(regs);
  regs.setStatus(DEVICE_STATUS.ACKNOWLEDGE);
  regs.setStatus(DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER);
  const offered = await regs.deviceFeatures();
  const accepted = wanted === undefined ? offered & ~defaultExclude : wanted & offered;
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
  /** Shrink the queue to this size (split: a power of two; packed: any 1..32768), ≤ the device's size. */
  queueSize?: number;
  /** MSI-X vector for the queue, or NO_VECTOR. */
  msixVector: number;
  /** VIRTIO_F_RING_PACKED negotiated: allocate a packed ring (descriptor ring + two event areas). */
  packed?: boolean;
}

export interface QueueInfo {
  index: number;
  /** queue_size as the device offered it. */
  maxSize: number;
  size: number;
  /** Split: desc/avail/used. Packed: descriptor ring, driver event area (avail), device event area (used). */
  rings: RingAddresses;
  msixVector: number;
  notifyOff: number;
  packed: boolean;
}

/** Bytes of the three ring areas of a queue. */
export function ringAreaBytes(size: number, packed: boolean): { desc: number; avail: number; used: number } {
  return packed
    ? { desc: packedDescRingBytes(size), avail: PACKED_RING.EVENT_SIZE, used: PACKED_RING.EVENT_SIZE }
    : { desc: descTableBytes(size), avail: availRingBytes(size), used: usedRingBytes(size) };
}

/** Allocate and zero the ring areas of a queue per the alignment rules of its format. */
export function allocRings(mem: MemoryPort, size: number, packed: boolean): RingAddresses {
  const bytes = ringAreaBytes(size, packed);
  const rings: RingAddresses = packed
    ? {
        desc: mem.alloc(bytes.desc, PACKED_RING.DESC_ALIGN),
        avail: mem.alloc(bytes.avail, PACKED_RING.EVENT_ALIGN),
        used: mem.alloc(bytes.used, PACKED_RING.EVENT_ALIGN),
      }
    : {
        desc: mem.alloc(bytes.desc, SPLIT_RING.DESC_ALIGN),
        avail: mem.alloc(bytes.avail, SPLIT_RING.AVAIL_ALIGN),
        used: mem.alloc(bytes.used, SPLIT_RING.USED_ALIGN),
      };
  mem.fill(rings.desc, bytes.desc, 0);
  mem.fill(rings.avail, bytes.avail, 0);
  mem.fill(rings.used, bytes.used, 0);
  return rings;
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
  const packed = opts.packed ?? false;
  regs.selectQueue(index);
  const maxSize = await regs.queueSize();
  if (maxSize === 0) return undefined;
  let size = maxSize;
  if (opts.queueSize !== undefined) {
    if (packed ? !isValidPackedQueueSize(opts.queueSize) : !isValidQueueSize(opts.queueSize)) {
      throw new RangeError(
        packed ? `queueSize ${opts.queueSize} outside 1..${PACKED_RING.MAX_QUEUE_SIZE}` : `queueSize ${opts.queueSize} is not a power of two`,
      );
    }
    size = Math.min(opts.queueSize, maxSize);
  }
  const rings = allocRings(mem, size, packed);
  const info: QueueInfo = { index, maxSize, size, rings, msixVector: opts.msixVector, notifyOff: 0, packed };
  try {
    return await programQueue(regs, info);
  } catch (e) {
    mem.free(rings.desc);
    mem.free(rings.avail);
    mem.free(rings.used);
    throw e;
  }
}

/**
 * Program an allocated queue into the device (after setup or a queue reset, which returns the
 * queue registers to their defaults): select, queue_size (when below the maximum), the three
 * addresses, queue_msix_vector (read back), queue_enable = 1. Returns the info with notifyOff read.
 */
export async function programQueue(regs: VirtioRegs, info: QueueInfo): Promise<QueueInfo> {
  const { index, size, rings, msixVector } = info;
  regs.selectQueue(index);
  if (size !== info.maxSize) regs.setQueueSize(size);
  regs.setQueueAddresses(rings.desc, rings.avail, rings.used);
  regs.setQueueMsixVector(msixVector);
  const [readSize, vector, notifyOff] = await Promise.all([regs.queueSize(), regs.queueMsixVector(), regs.queueNotifyOff()]);
  if (readSize !== size) throw new Error(`queue ${index}: queue_size reads ${readSize} after writing ${size}`);
  if (vector !== msixVector) {
    throw new Error(`queue ${index}: queue_msix_vector reads 0x${vector.toString(16)} after writing 0x${msixVector.toString(16)}`);
  }
  regs.setQueueEnable(1);
  return { ...info, msixVector: vector, notifyOff };
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
