// The driver side of one virtqueue, whatever the ring format: SplitVirtqueue (virtqueue.ts) and
// PackedVirtqueue (packed-virtqueue.ts) implement it; the completion engine and the Device only
// use this interface.
import type { RingAddresses } from './ring-layout.ts';

/** One buffer of a chain. */
export interface Segment {
  addr: bigint;
  len: number;
  writable: boolean;
}

/** One completed buffer: its token (head index / buffer id) and the bytes the device reported. */
export interface UsedElem {
  head: number;
  len: number;
}

/** What collectUsed() returns: `unknown` marks a token that was never submitted (nothing freed). */
export type CollectedElem = UsedElem & { unknown?: boolean };

export type RingKind = 'split' | 'packed';

export interface Virtqueue {
  readonly kind: RingKind;
  readonly index: number;
  readonly size: number;
  /**
   * Split: descriptor table, available ring, used ring. Packed: descriptor ring (`desc`), driver
   * event suppression area (`avail`, the Driver Area) and device event suppression area (`used`,
   * the Device Area).
   */
  readonly rings: RingAddresses;
  /** Ring descriptors not owned by a chain in flight. */
  readonly numFree: number;
  /** Chains added and not yet returned by collectUsed(). */
  readonly inFlight: number;
  /** Ring descriptors a chain of `segments` buffers takes (1 when indirect). */
  descriptorsNeeded(segments: number, indirect: boolean): number;
  canAdd(segments: number, indirect: boolean): boolean;
  /**
   * Write a chain (readable segments first) and return its token: the head descriptor index
   * (split) or the buffer id (packed). With `indirectTable` (16-byte aligned, 16·n bytes) the
   * chain goes into that table behind one INDIRECT ring descriptor. Not visible to the device
   * until publish().
   */
  add(segments: Segment[], indirectTable?: bigint): number;
  /** Make the chains visible to the device, in this order (the order is the submission order). */
  publish(tokens: number[]): void;
  /**
   * The buffers the device returned since the last call, in the order the device returned them.
   * An IN_ORDER batch (one used entry for several buffers) is expanded: each earlier buffer of the
   * batch is reported with len = its total writable length.
   */
  collectUsed(): CollectedElem[];
  /** Zero the rings and forget every chain (device or queue reset, setup). */
  reset(): void;
  /**
   * The 32-bit VIRTIO_F_NOTIFICATION_DATA value for the queue's next notification:
   * index | next_off << 16 | next_wrap << 31 (split: the next avail.idx in bits 31..16).
   */
  notifyValue(): number;
  /** Ask the device not to interrupt (`true`) or to interrupt again (`false`). */
  setNoInterrupt(on: boolean): void;
  /**
   * A le16 in host memory the device writes when it returns the next buffer: split used.idx;
   * packed the flags of the descriptor at the driver's used position. `wait mem16 usedIdxAddr
   * waitValue()` returns once there is something new to collect.
   */
  readonly usedIdxAddr: bigint;
  /** The le16 at usedIdxAddr now. */
  readUsedIdx(): number;
  /** Value to wait on at usedIdxAddr (differs from memory at once when something is collectable). */
  waitValue(): number;
  /** Total writable bytes of a chain in flight (undefined for an unknown token). */
  writableLength(token: number): number | undefined;
  /** IN_ORDER: buffers completed by a later buffer's used entry (not by their own), since creation. */
  readonly batchedBuffers: number;
  /** Tokens in flight, oldest submission first. */
  readonly submissionOrder: readonly number[];
}

/**
 * Checks every ring kind makes before it writes a chain: at least one buffer, readable buffers
 * before writable ones, a direct chain no longer than the queue, enough free descriptors.
 * Returns the number of ring descriptors the chain takes.
 */
export function checkChain(vq: Pick<Virtqueue, 'index' | 'size' | 'numFree' | 'descriptorsNeeded'>, segments: readonly Segment[], indirect: boolean): number {
  if (segments.length === 0) throw new Error('a chain needs at least one buffer');
  let seenWritable = false;
  for (const s of segments) {
    if (s.writable) seenWritable = true;
    else if (seenWritable) throw new Error('readable buffers must precede writable ones');
  }
  if (!indirect && segments.length > vq.size) {
    throw new Error(`chain of ${segments.length} descriptors exceeds queue size ${vq.size}`);
  }
  const n = vq.descriptorsNeeded(segments.length, indirect);
  if (n > vq.numFree) throw new Error(`queue ${vq.index}: ${n} descriptors needed, ${vq.numFree} free`);
  return n;
}
