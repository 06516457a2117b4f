// Driver side of one split virtqueue: descriptor free list, chain building (direct or one
// indirect table), the avail ring with a free-running 16-bit index, used-ring collection.
// Works on any MemoryPort; the caller makes sure the device is stopped while it runs.
import {
  RING_IDX_MASK,
  SPLIT_RING,
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

/** One buffer of a chain. */
export interface Segment {
  addr: bigint;
  len: number;
  writable: boolean;
}

export interface UsedElem {
  head: number;
  len: number;
}

interface Chain {
  /** Descriptor indices in the ring's table (one for an indirect chain). */
  descs: number[];
  indirect: boolean;
}

export class SplitVirtqueue {
  /** Next avail index (free running, mod 2^16). */
  private availIdx = 0;
  /** Used index up to which entries were collected (free running). */
  private lastUsed = 0;
  private freeList: number[] = [];
  private readonly chains = new Map<number, Chain>();

  constructor(
    private readonly mem: MemoryPort,
    readonly index: number,
    readonly size: number,
    readonly rings: RingAddresses,
    readonly eventIdx: boolean,
  ) {
    if (!isValidQueueSize(size)) throw new RangeError(`queue size ${size} is not a power of two in 1..32768`);
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
    this.chains.clear();
    if (this.eventIdx) this.mem.writeU16(usedEventAddr(this.rings, this.size), this.lastUsed);
  }

  get numFree(): number {
    return this.freeList.length;
  }

  get inFlight(): number {
    return this.chains.size;
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

  /** Descriptors a chain of `segments` buffers takes. */
  descriptorsNeeded(segments: number, indirect: boolean): number {
    return indirect ? 1 : segments;
  }

  canAdd(segments: number, indirect: boolean): boolean {
    return this.descriptorsNeeded(segments, indirect) <= this.freeList.length;
  }

  /**
   * Write a chain (readable segments must come first) and return its head index. With `indirectTable`
   * (16-byte aligned, 16*n bytes) the chain goes into that table behind one INDIRECT descriptor.
   * The chain is not visible to the device until publish().
   */
  add(segments: Segment[], indirectTable?: bigint): number {
    if (segments.length === 0) throw new Error('a chain needs at least one buffer');
    let seenWritable = false;
    for (const s of segments) {
      if (s.writable) seenWritable = true;
      else if (seenWritable) throw new Error('readable buffers must precede writable ones');
    }
    const indirect = indirectTable !== undefined;
    if (!indirect && segments.length > this.size) {
      throw new Error(`chain of ${segments.length} descriptors exceeds queue size ${this.size}`);
    }
    const n = this.descriptorsNeeded(segments.length, indirect);
    if (n > this.freeList.length) throw new Error(`queue ${this.index}: ${n} descriptors needed, ${this.freeList.length} free`);
    const descs = this.freeList.splice(this.freeList.length - n, n).reverse();
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
    this.chains.set(head, { descs, indirect });
    return head;
  }

  /** Put heads in the avail ring, then advance avail.idx once (the device sees them together). */
  publish(heads: number[]): void {
    for (const head of heads) {
      this.mem.writeU16(availSlotAddr(this.rings, this.availIdx % this.size), head);
      this.availIdx = (this.availIdx + 1) & RING_IDX_MASK;
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
   * `unknown: true` and free nothing.
   */
  collectUsed(): (UsedElem & { unknown?: boolean })[] {
    const usedIdx = this.readUsedIdx();
    const pending = (usedIdx - this.lastUsed) & RING_IDX_MASK;
    if (pending > this.size) {
      throw new Error(`queue ${this.index}: used.idx jumped from ${this.lastUsed} to ${usedIdx} (more than ${this.size} entries)`);
    }
    const out: (UsedElem & { unknown?: boolean })[] = [];
    while (this.lastUsed !== usedIdx) {
      const slot = usedSlotAddr(this.rings, this.lastUsed % this.size);
      const head = this.mem.readU32(slot + BigInt(VIRTQ_RING.USED_ELEM_ID));
      const len = this.mem.readU32(slot + BigInt(VIRTQ_RING.USED_ELEM_LEN));
      this.lastUsed = (this.lastUsed + 1) & RING_IDX_MASK;
      const chain = this.chains.get(head);
      if (!chain) {
        out.push({ head, len, unknown: true });
        continue;
      }
      this.chains.delete(head);
      this.freeList.push(...chain.descs.slice().reverse());
      out.push({ head, len });
    }
    if (this.eventIdx) this.mem.writeU16(usedEventAddr(this.rings, this.size), this.lastUsed);
    return out;
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
