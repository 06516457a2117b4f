// Driver side of one split virtqueue: descriptor free list, chain building (direct or one
// indirect table), the avail ring with a free-running 16-bit index, used-ring collection
// (with VIRTIO_F_IN_ORDER: descriptors used in ring order, batched used entries expanded).
// Works on any MemoryPort; the caller makes sure the device is stopped while it runs.
import {
  NOTIFY_DATA,
  RING_IDX_MASK,
  SPLIT_RING,
  USED_ID_POISON,
  VIRTQ_AVAIL_F_NO_INTERRUPT,
  VIRTQ_DESC,
  VIRTQ_DESC_F,
  VIRTQ_RING,
} from '../constants/virtio.ts';
import type { MemoryPort } from '../bridge/host-memory.ts';
import {
  availIdxAddr,
  availRingBytes,
  availSlotAddr,
  availFlagsAddr,
  descAddr,
  descTableBytes,
  isValidQueueSize,
  usedEventAddr,
  usedIdxAddr,
  usedRingBytes,
  usedSlotAddr,
  type RingAddresses,
} from './ring-layout.ts';
import { checkChain, type CollectedElem, type Segment, type Virtqueue } from './virtqueue-types.ts';

export type { Segment, UsedElem, CollectedElem } from './virtqueue-types.ts';

export interface SplitVirtqueueOptions {
  /**
   * VIRTIO_F_IN_ORDER negotiated: descriptors are taken in ring order (0, 1, …, wrapping), and
   * collectUsed() accepts a batched used entry (the id of the batch's last buffer, used.idx
   * advanced by the batch size) written either in the batch's first slot (the spec's reading) or
   * in its last slot; consumed used slots are overwritten with USED_ID_POISON to tell them apart.
   */
  inOrder?: boolean;
}

interface Chain {
  /** Descriptor indices in the ring's table (one for an indirect chain). */
  descs: number[];
  indirect: boolean;
  /** Sum of the writable segments' lengths. */
  writable: number;
}

export class SplitVirtqueue implements Virtqueue {
  readonly kind = 'split' as const;
  readonly inOrder: boolean;
  /** Next avail index (free running, mod 2^16). */
  private availIdx = 0;
  /** Used index up to which entries were collected (free running). */
  private lastUsed = 0;
  private freeList: number[] = [];
  /** IN_ORDER: next descriptor to hand out and the count of free ones. */
  private nextDesc = 0;
  private freeCount = 0;
  private readonly chains = new Map<number, Chain>();
  /** Published heads in flight, in submission order. */
  private readonly order = new Set<number>();
  private batched = 0;

  constructor(
    private readonly mem: MemoryPort,
    readonly index: number,
    readonly size: number,
    readonly rings: RingAddresses,
    readonly eventIdx: boolean,
    opts: SplitVirtqueueOptions = {},
  ) {
    if (!isValidQueueSize(size)) throw new RangeError(`queue size ${size} is not a power of two in 1..32768`);
    this.inOrder = opts.inOrder ?? false;
    this.reset();
  }

  /** Zero the rings and free every descriptor (after a device reset or at setup). */
  reset(startIdx = 0): void {
    this.mem.fill(this.rings.desc, descTableBytes(this.size), 0);
    this.mem.fill(this.rings.avail, availRingBytes(this.size), 0);
    this.mem.fill(this.rings.used, usedRingBytes(this.size), 0);
    this.availIdx = startIdx & RING_IDX_MASK;
    this.lastUsed = startIdx & RING_IDX_MASK;
    if (startIdx !== 0) {
      this.mem.writeU16(availIdxAddr(this.rings), this.availIdx);
      this.mem.writeU16(usedIdxAddr(this.rings), this.lastUsed);
    }
    this.freeList = Array.from({ length: this.size }, (_, i) => this.size - 1 - i);
    this.nextDesc = 0;
    this.freeCount = this.size;
    this.chains.clear();
    this.order.clear();
    if (this.inOrder) for (let s = 0; s < this.size; s++) this.poison(s);
    if (this.eventIdx) this.mem.writeU16(usedEventAddr(this.rings, this.size), this.lastUsed);
  }

  get numFree(): number {
    return this.inOrder ? this.freeCount : this.freeList.length;
  }

  get inFlight(): number {
    return this.chains.size;
  }

  get batchedBuffers(): number {
    return this.batched;
  }

  get submissionOrder(): readonly number[] {
    return [...this.order];
  }

  /** The avail index the driver will publish next. */
  get nextAvailIdx(): number {
    return this.availIdx;
  }

  /** The used index up to which entries were collected. */
  get lastUsedIdx(): number {
    return this.lastUsed;
  }

  get usedIdxAddr(): bigint {
    return usedIdxAddr(this.rings);
  }

  waitValue(): number {
    return this.lastUsed;
  }

  notifyValue(): number {
    return ((this.availIdx << NOTIFY_DATA.OFF_SHIFT) | (this.index & NOTIFY_DATA.QUEUE_MASK)) >>> 0;
  }

  writableLength(token: number): number | undefined {
    return this.chains.get(token)?.writable;
  }

  /** Descriptors a chain of `segments` buffers takes. */
  descriptorsNeeded(segments: number, indirect: boolean): number {
    return indirect ? 1 : segments;
  }

  canAdd(segments: number, indirect: boolean): boolean {
    return this.descriptorsNeeded(segments, indirect) <= this.numFree;
  }

  /**
   * Write a chain (readable segments must come first) and return its head index. With `indirectTable`
   * (16-byte aligned, 16*n bytes) the chain goes into that table behind one INDIRECT descriptor.
   * The chain is not visible to the device until publish().
   */
  add(segments: Segment[], indirectTable?: bigint): number {
    const indirect = indirectTable !== undefined;
    const n = checkChain(this, segments, indirect);
    const descs = this.allocate(n);
    if (indirect) {
      const last = segments.length - 1;
      segments.forEach((s, i) => {
        const flags = (i < last ? VIRTQ_DESC_F.NEXT : 0) | (s.writable ? VIRTQ_DESC_F.WRITE : 0);
        this.writeDesc(indirectTable + BigInt(SPLIT_RING.DESC_SIZE * i), s.addr, s.len, flags, i < last ? i + 1 : 0);
      });
      this.writeDesc(descAddr(this.rings, descs[0]!), indirectTable, SPLIT_RING.DESC_SIZE * segments.length, VIRTQ_DESC_F.INDIRECT, 0);
    } else {
      segments.forEach((s, i) => {
        const hasNext = i < descs.length - 1;
        const flags = (hasNext ? VIRTQ_DESC_F.NEXT : 0) | (s.writable ? VIRTQ_DESC_F.WRITE : 0);
        this.writeDesc(descAddr(this.rings, descs[i]!), s.addr, s.len, flags, hasNext ? descs[i + 1]! : 0);
      });
    }
    const head = descs[0]!;
    const writable = segments.reduce((sum, s) => sum + (s.writable ? s.len : 0), 0);
    this.chains.set(head, { descs, indirect, writable });
    return head;
  }

  /** Put heads in the avail ring, then advance avail.idx once (the device sees them together). */
  publish(heads: number[]): void {
    for (const head of heads) {
      if (!this.chains.has(head)) throw new Error(`queue ${this.index}: publish of head ${head}, which was not added`);
      this.mem.writeU16(availSlotAddr(this.rings, this.availIdx % this.size), head);
      this.availIdx = (this.availIdx + 1) & RING_IDX_MASK;
      this.order.add(head);
    }
    this.mem.writeU16(availIdxAddr(this.rings), this.availIdx);
  }

  /** Ask the device not to interrupt (no EVENT_IDX) or to interrupt (flag 0). */
  setNoInterrupt(on: boolean): void {
    this.mem.writeU16(availFlagsAddr(this.rings), on ? VIRTQ_AVAIL_F_NO_INTERRUPT : 0);
  }

  /** The device's used.idx as it is in memory. */
  readUsedIdx(): number {
    return this.mem.readU16(usedIdxAddr(this.rings));
  }

  /**
   * Collect the used entries the device published since the last call, free their chains and (with
   * EVENT_IDX) move used_event so the next completion interrupts. Unknown heads are returned with
   * `unknown: true` and free nothing. With IN_ORDER a batched entry completes every earlier buffer
   * of the batch too (len = its writable total).
   */
  collectUsed(): CollectedElem[] {
    const usedIdx = this.readUsedIdx();
    const pending = (usedIdx - this.lastUsed) & RING_IDX_MASK;
    if (pending > this.size) {
      throw new Error(`queue ${this.index}: used.idx jumped from ${this.lastUsed} to ${usedIdx} (more than ${this.size} entries)`);
    }
    const out: CollectedElem[] = [];
    if (this.inOrder) this.collectInOrder(usedIdx, out);
    else {
      while (this.lastUsed !== usedIdx) {
        const { id: head, len } = this.readUsedSlot(this.lastUsed % this.size);
        this.lastUsed = (this.lastUsed + 1) & RING_IDX_MASK;
        const chain = this.chains.get(head);
        if (!chain) {
          out.push({ head, len, unknown: true });
          continue;
        }
        this.complete(head, chain);
        out.push({ head, len });
      }
    }
    if (this.eventIdx) this.mem.writeU16(usedEventAddr(this.rings, this.size), this.lastUsed);
    return out;
  }

  private collectInOrder(usedIdx: number, out: CollectedElem[]): void {
    while (this.lastUsed !== usedIdx) {
      const pending = (usedIdx - this.lastUsed) & RING_IDX_MASK;
      const first = this.readUsedSlot(this.lastUsed % this.size);
      let batch: number; // used slots the batch covers (= buffers it completes)
      let entry = first;
      if (first.id !== USED_ID_POISON) {
        // The entry is in the batch's first slot: its id names the batch's last buffer.
        batch = this.positionInOrder(first.id, pending) + 1;
      } else {
        // The first slot was skipped: the entry is in the batch's last slot.
        batch = 0;
        for (let j = 1; j < pending; j++) {
          const e = this.readUsedSlot((this.lastUsed + j) % this.size);
          if (e.id === USED_ID_POISON) continue;
          if (this.positionInOrder(e.id, pending) === j) {
            batch = j + 1;
            entry = e;
          }
          break;
        }
      }
      if (batch === 0) {
        // Not a buffer in flight (or a batch longer than used.idx moved): report, free nothing.
        this.poison(this.lastUsed % this.size);
        this.lastUsed = (this.lastUsed + 1) & RING_IDX_MASK;
        out.push({ head: first.id, len: first.len, unknown: true });
        continue;
      }
      const heads = [...this.order].slice(0, batch);
      for (let k = 0; k < batch; k++) {
        const head = heads[k]!;
        const chain = this.chains.get(head)!;
        this.poison((this.lastUsed + k) % this.size);
        this.complete(head, chain);
        out.push({ head, len: k === batch - 1 ? entry.len : chain.writable });
      }
      this.lastUsed = (this.lastUsed + batch) & RING_IDX_MASK;
      this.batched += batch - 1;
    }
  }

  /** Position of `head` among the first `limit` published heads in flight, or -1. */
  private positionInOrder(head: number, limit: number): number {
    let k = 0;
    for (const h of this.order) {
      if (k >= limit) break;
      if (h === head) return k;
      k++;
    }
    return -1;
  }

  private readUsedSlot(slot: number): { id: number; len: number } {
    const at = usedSlotAddr(this.rings, slot);
    return { id: this.mem.readU32(at + BigInt(VIRTQ_RING.USED_ELEM_ID)), len: this.mem.readU32(at + BigInt(VIRTQ_RING.USED_ELEM_LEN)) };
  }

  private poison(slot: number): void {
    this.mem.writeU32(usedSlotAddr(this.rings, slot) + BigInt(VIRTQ_RING.USED_ELEM_ID), USED_ID_POISON);
  }

  private allocate(n: number): number[] {
    if (this.inOrder) {
      const descs = Array.from({ length: n }, (_, i) => (this.nextDesc + i) % this.size);
      this.nextDesc = (this.nextDesc + n) % this.size;
      this.freeCount -= n;
      return descs;
    }
    return this.freeList.splice(this.freeList.length - n, n).reverse();
  }

  private complete(head: number, chain: Chain): void {
    this.chains.delete(head);
    this.order.delete(head);
    if (this.inOrder) this.freeCount += chain.descs.length;
    else this.freeList.push(...chain.descs.slice().reverse());
  }

  private writeDesc(at: bigint, addr: bigint, len: number, flags: number, next: number): void {
    const b = Buffer.alloc(SPLIT_RING.DESC_SIZE);
    b.writeBigUInt64LE(addr, VIRTQ_DESC.ADDR);
    b.writeUInt32LE(len >>> 0, VIRTQ_DESC.LEN);
    b.writeUInt16LE(flags, VIRTQ_DESC.FLAGS);
    b.writeUInt16LE(next, VIRTQ_DESC.NEXT);
    this.mem.write(at, b);
  }
}
