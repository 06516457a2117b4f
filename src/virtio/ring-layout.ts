// Ring geometry: split ring (virtio-crypto.md §8.8) and packed ring (§8.9): sizes, alignments and
// field addresses.
import { PACKED_EVENT, PACKED_RING, SPLIT_RING, VIRTQ_RING } from '../constants/virtio.ts';

/**
 * The three areas of a queue. Split: descriptor table, available ring, used ring. Packed:
 * descriptor ring, driver event suppression (`avail`: the Driver Area) and device event
 * suppression (`used`: the Device Area).
 */
export interface RingAddresses {
  desc: bigint;
  avail: bigint;
  used: bigint;
}

export function isValidQueueSize(size: number): boolean {
  return Number.isInteger(size) && size > 0 && size <= SPLIT_RING.MAX_QUEUE_SIZE && (size & (size - 1)) === 0;
}

export function descTableBytes(size: number): number {
  return SPLIT_RING.DESC_SIZE * size;
}

/** flags, idx, ring[size], used_event (always allocated). */
export function availRingBytes(size: number): number {
  return SPLIT_RING.RING_HEADER + SPLIT_RING.AVAIL_ELEM * size + SPLIT_RING.EVENT_FIELD;
}

/** flags, idx, ring[size] of {id, len}, avail_event (always allocated). */
export function usedRingBytes(size: number): number {
  return SPLIT_RING.RING_HEADER + SPLIT_RING.USED_ELEM * size + SPLIT_RING.EVENT_FIELD;
}

export function descAddr(rings: RingAddresses, index: number): bigint {
  return rings.desc + BigInt(SPLIT_RING.DESC_SIZE * index);
}

export function availFlagsAddr(rings: RingAddresses): bigint {
  return rings.avail + BigInt(VIRTQ_RING.FLAGS);
}

export function availIdxAddr(rings: RingAddresses): bigint {
  return rings.avail + BigInt(VIRTQ_RING.IDX);
}

export function availSlotAddr(rings: RingAddresses, slot: number): bigint {
  return rings.avail + BigInt(VIRTQ_RING.RING + SPLIT_RING.AVAIL_ELEM * slot);
}

export function usedEventAddr(rings: RingAddresses, size: number): bigint {
  return availSlotAddr(rings, size);
}

export function usedFlagsAddr(rings: RingAddresses): bigint {
  return rings.used + BigInt(VIRTQ_RING.FLAGS);
}

export function usedIdxAddr(rings: RingAddresses): bigint {
  return rings.used + BigInt(VIRTQ_RING.IDX);
}

export function usedSlotAddr(rings: RingAddresses, slot: number): bigint {
  return rings.used + BigInt(VIRTQ_RING.RING + SPLIT_RING.USED_ELEM * slot);
}

export function availEventAddr(rings: RingAddresses, size: number): bigint {
  return usedSlotAddr(rings, size);
}

/** vring_need_event: should an event be sent when an index moves from `old` to `next`? */
export function needEvent(event: number, next: number, old: number): boolean {
  return ((next - event - 1) & 0xffff) < ((next - old) & 0xffff);
}

// ---------------------------------------------------------------- packed ring

/** Any size 1..32768 (not necessarily a power of two). */
export function isValidPackedQueueSize(size: number): boolean {
  return Number.isInteger(size) && size >= PACKED_RING.MIN_QUEUE_SIZE && size <= PACKED_RING.MAX_QUEUE_SIZE;
}

export function packedDescRingBytes(size: number): number {
  return PACKED_RING.DESC_SIZE * size;
}

export function packedDescAddr(rings: RingAddresses, index: number): bigint {
  return rings.desc + BigInt(PACKED_RING.DESC_SIZE * index);
}

/** Driver event suppression (Driver Area, the device reads it). */
export function driverEventAddr(rings: RingAddresses): bigint {
  return rings.avail;
}

/** Device event suppression (Device Area, the device writes it). */
export function deviceEventAddr(rings: RingAddresses): bigint {
  return rings.used;
}

/** off_wrap of an event suppression struct. */
export function packOffWrap(off: number, wrap: number): number {
  return (off & PACKED_EVENT.OFF_MASK) | ((wrap & 1) << PACKED_EVENT.WRAP_SHIFT);
}

export function unpackOffWrap(offWrap: number): { off: number; wrap: number } {
  return { off: offWrap & PACKED_EVENT.OFF_MASK, wrap: (offWrap >> PACKED_EVENT.WRAP_SHIFT) & 1 };
}
