// Driver side of one packed virtqueue (virtio-crypto.md §8.9): a descriptor ring used in ring
// order with a driver wrap counter, buffer ids from a free list, one used descriptor per returned
// buffer read at the driver's used position while its AVAIL and USED bits equal the used wrap
// counter, and the driver/device event suppression areas. Queue sizes 1..32768, any value.
// Works on any MemoryPort; the caller makes sure the device is stopped while it runs.
import {
  NOTIFY_DATA,
  PACKED_DESC,
  PACKED_DESC_F,
  PACKED_EVENT,
  PACKED_EVENT_FLAGS,
  PACKED_RING,
} from '../constants/virtio.ts';
import type { MemoryPort } from '../bridge/host-memory.ts';
import {
  deviceEventAddr,
  driverEventAddr,
  isValidPackedQueueSize,
  packedDescAddr,
  packedDescRingBytes,
  packOffWrap,
  unpackOffWrap,
  type RingAddresses,
} from './ring-layout.ts';
import { checkChain, type CollectedElem, type Segment, type Virtqueue } from './virtqueue-types.ts';

export interface PackedVirtqueueOptions {
  /** VIRTIO_F_EVENT_IDX: after every collection ask for an interrupt at the next used position (DESC). */
  eventIdx?: boolean;
  /** VIRTIO_F_IN_ORDER: a used descriptor may stand for every earlier buffer too (batch). */
  inOrder?: boolean;
}

/** A decoded event suppression struct. */
export interface EventSuppression {
  off: number;
  wrap: number;
  /** PACKED_EVENT_FLAGS value (ENABLE, DISABLE, DESC; 3 reserved). */
  flags: number;
}

interface Chain {
  /** Ring descriptors the chain takes (1 when indirect). */
  count: number;
  /** Sum of the writable segments' lengths. */
  writable: number;
  /** Ring position of the first descriptor and its flags (written by publish()). */
  headPos: number;
  headFlags: number;
  published: boolean;
}

export class PackedVirtqueue implements Virtqueue {
  readonly kind = 'packed' as const;
  readonly eventIdx: boolean;
  readonly inOrder: boolean;
  private availPos = 0;
  private availWrap: number = PACKED_RING.INITIAL_WRAP;
  private usedPos = 0;
  private usedWrap: number = PACKED_RING.INITIAL_WRAP;
  private freeCount = 0;
  private freeIds: number[] = [];
  private readonly chains = new Map<number, Chain>();
  /** Buffer ids in ring order (the order add() placed them, which the device follows). */
  private readonly order = new Set<number>();
  private interruptsOff = false;
  private batched = 0;

  constructor(
    private readonly mem: MemoryPort,
    readonly index: number,
    readonly size: number,
    readonly rings: RingAddresses,
    opts: PackedVirtqueueOptions = {},
  ) {
    if (!isValidPackedQueueSize(size)) {
      throw new RangeError(`packed queue size ${size} outside ${PACKED_RING.MIN_QUEUE_SIZE}..${PACKED_RING.MAX_QUEUE_SIZE}`);
    }
    this.eventIdx = opts.eventIdx ?? false;
    this.inOrder = opts.inOrder ?? false;
    this.reset();
  }

  /** Zero the descriptor ring and both event areas; wrap counters 1, positions 0, all ids free. */
  reset(): void {
    this.mem.fill(this.rings.desc, packedDescRingBytes(this.size), 0);
    this.mem.fill(driverEventAddr(this.rings), PACKED_RING.EVENT_SIZE, 0);
    this.mem.fill(deviceEventAddr(this.rings), PACKED_RING.EVENT_SIZE, 0);
    this.availPos = 0;
    this.availWrap = PACKED_RING.INITIAL_WRAP;
    this.usedPos = 0;
    this.usedWrap = PACKED_RING.INITIAL_WRAP;
    this.freeCount = this.size;
    this.freeIds = Array.from({ length: this.size }, (_, i) => this.size - 1 - i);
    this.chains.clear();
    this.order.clear();
    this.interruptsOff = false;
    this.armInterrupt();
  }

  // ---------------------------------------------------------------- state

  get numFree(): number {
    return this.freeCount;
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

  /** Ring position the next descriptor goes to, and the driver (avail) wrap counter. */
  get nextAvail(): { pos: number; wrap: number } {
    return { pos: this.availPos, wrap: this.availWrap };
  }

  /** Ring position of the next used descriptor, and the used wrap counter. */
  get nextUsed(): { pos: number; wrap: number } {
    return { pos: this.usedPos, wrap: this.usedWrap };
  }

  get usedIdxAddr(): bigint {
    return packedDescAddr(this.rings, this.usedPos) + BigInt(PACKED_DESC.FLAGS);
  }

  readUsedIdx(): number {
    return this.mem.readU16(this.usedIdxAddr);
  }

  waitValue(): number {
    const flags = this.readUsedIdx();
    // Already used: any other value makes `wait mem16` return at once.
    return this.isUsed(flags) ? flags ^ PACKED_DESC_F.USED : flags;
  }

  notifyValue(): number {
    return (
      ((this.availWrap << NOTIFY_DATA.WRAP_SHIFT) |
        ((this.availPos & NOTIFY_DATA.OFF_MASK) << NOTIFY_DATA.OFF_SHIFT) |
        (this.index & NOTIFY_DATA.QUEUE_MASK)) >>>
      0
    );
  }

  writableLength(token: number): number | undefined {
    return this.chains.get(token)?.writable;
  }

  descriptorsNeeded(segments: number, indirect: boolean): number {
    return indirect ? 1 : segments;
  }

  canAdd(segments: number, indirect: boolean): boolean {
    return this.descriptorsNeeded(segments, indirect) <= this.freeCount && this.freeIds.length > 0;
  }

  // ---------------------------------------------------------------- driver → device

  /**
   * Write a chain at the next ring positions (readable segments first) and return its buffer id.
   * Every descriptor carries the id; every flags word but the first descriptor's is written now
   * (AVAIL = driver wrap counter at that position, USED = its inverse); publish() writes the first.
   * Indirect: one INDIRECT ring descriptor pointing at `indirectTable`, whose entries carry only
   * WRITE (they are consecutive, no NEXT).
   */
  add(segments: Segment[], indirectTable?: bigint): number {
    const indirect = indirectTable !== undefined;
    const n = checkChain(this, segments, indirect);
    const id = this.freeIds.pop();
    if (id === undefined) throw new Error(`queue ${this.index}: no free buffer id`);
    const headPos = this.availPos;
    let headFlags = 0;
    const ringDescs: { addr: bigint; len: number; flags: number }[] = indirect
      ? [{ addr: indirectTable, len: PACKED_RING.DESC_SIZE * segments.length, flags: PACKED_DESC_F.INDIRECT }]
      : segments.map((s, i) => ({
          addr: s.addr,
          len: s.len,
          flags: (i < segments.length - 1 ? PACKED_DESC_F.NEXT : 0) | (s.writable ? PACKED_DESC_F.WRITE : 0),
        }));
    if (indirect) {
      segments.forEach((s, i) => {
        this.writeDesc(indirectTable + BigInt(PACKED_RING.DESC_SIZE * i), s.addr, s.len, 0, s.writable ? PACKED_DESC_F.WRITE : 0);
      });
    }
    ringDescs.forEach((d, i) => {
      const flags = d.flags | this.availBits(this.availWrap);
      const at = packedDescAddr(this.rings, this.availPos);
      if (i === 0) {
        headFlags = flags;
        this.writeDesc(at, d.addr, d.len, id, undefined);
      } else {
        this.writeDesc(at, d.addr, d.len, id, flags);
      }
      this.availPos++;
      if (this.availPos === this.size) {
        this.availPos = 0;
        this.availWrap ^= 1;
      }
    });
    this.freeCount -= n;
    const writable = segments.reduce((sum, s) => sum + (s.writable ? s.len : 0), 0);
    this.chains.set(id, { count: n, writable, headPos, headFlags, published: false });
    this.order.add(id);
    return id;
  }

  /**
   * Make chains visible: write each chain's first flags word, the last chain's first and the first
   * chain's last, so a device walking the ring in order sees the batch at once.
   */
  publish(tokens: number[]): void {
    const chains = tokens.map((id) => {
      const c = this.chains.get(id);
      if (!c) throw new Error(`queue ${this.index}: publish of buffer id ${id}, which was not added`);
      if (c.published) throw new Error(`queue ${this.index}: buffer id ${id} published twice`);
      return c;
    });
    for (let i = chains.length - 1; i >= 0; i--) {
      const c = chains[i]!;
      this.mem.writeU16(packedDescAddr(this.rings, c.headPos) + BigInt(PACKED_DESC.FLAGS), c.headFlags);
      c.published = true;
    }
  }

  // ---------------------------------------------------------------- device → driver

  /**
   * Read used descriptors at the used position while AVAIL == USED == used wrap counter; each
   * frees its buffer (IN_ORDER: and every earlier one, reported with len = its writable total) and
   * moves the used position on by the chains' descriptor counts. An unknown or unpublished id is
   * reported `unknown: true` and skips one descriptor. With EVENT_IDX (and interrupts on) the driver
   * event area then asks for an interrupt at the new used position.
   */
  collectUsed(): CollectedElem[] {
    const out: CollectedElem[] = [];
    for (let guard = 0; guard < 2 * this.size; guard++) {
      const at = packedDescAddr(this.rings, this.usedPos);
      const flags = this.mem.readU16(at + BigInt(PACKED_DESC.FLAGS));
      if (!this.isUsed(flags)) break;
      const id = this.mem.readU16(at + BigInt(PACKED_DESC.ID));
      const len = this.mem.readU32(at + BigInt(PACKED_DESC.LEN));
      const chain = this.chains.get(id);
      if (!chain || !chain.published) {
        out.push({ head: id, len, unknown: true });
        this.advanceUsed(1);
        continue;
      }
      const batch = this.inOrder ? this.idsUpTo(id) : [id];
      let count = 0;
      batch.forEach((b, k) => {
        const c = this.chains.get(b)!;
        count += c.count;
        this.chains.delete(b);
        this.order.delete(b);
        this.freeIds.push(b);
        this.freeCount += c.count;
        out.push({ head: b, len: k === batch.length - 1 ? len : c.writable });
      });
      this.advanceUsed(count);
      this.batched += batch.length - 1;
    }
    this.armInterrupt();
    return out;
  }

  // ---------------------------------------------------------------- event suppression

  /** DISABLE (`true`), or ENABLE / DESC at the used position (EVENT_IDX) again (`false`). */
  setNoInterrupt(on: boolean): void {
    this.interruptsOff = on;
    if (on) this.setDriverEvent(PACKED_EVENT_FLAGS.DISABLE);
    else this.armInterrupt();
  }

  /** Write the driver event suppression struct (flags ENABLE / DISABLE / DESC with off/wrap). */
  setDriverEvent(flags: number, off = 0, wrap = 0): void {
    const at = driverEventAddr(this.rings);
    this.mem.writeU16(at + BigInt(PACKED_EVENT.OFF_WRAP), packOffWrap(off, wrap));
    this.mem.writeU16(at + BigInt(PACKED_EVENT.FLAGS), flags & PACKED_EVENT.FLAGS_MASK);
  }

  readDriverEvent(): EventSuppression {
    return this.readEvent(driverEventAddr(this.rings));
  }

  /** The device's event suppression struct (when it wants notifications). */
  readDeviceEvent(): EventSuppression {
    return this.readEvent(deviceEventAddr(this.rings));
  }

  // ---------------------------------------------------------------- internals

  /** AVAIL/USED bits of an available descriptor written with driver wrap counter `wrap`. */
  private availBits(wrap: number): number {
    return wrap ? PACKED_DESC_F.AVAIL : PACKED_DESC_F.USED;
  }

  private isUsed(flags: number): boolean {
    const avail = flags & PACKED_DESC_F.AVAIL ? 1 : 0;
    const used = flags & PACKED_DESC_F.USED ? 1 : 0;
    return avail === this.usedWrap && used === this.usedWrap;
  }

  private advanceUsed(n: number): void {
    this.usedPos += n;
    while (this.usedPos >= this.size) {
      this.usedPos -= this.size;
      this.usedWrap ^= 1;
    }
  }

  /** Published ids in ring order up to and including `id`. */
  private idsUpTo(id: number): number[] {
    const out: number[] = [];
    for (const b of this.order) {
      out.push(b);
      if (b === id) break;
    }
    return out;
  }

  private armInterrupt(): void {
    if (this.interruptsOff) return;
    if (this.eventIdx) this.setDriverEvent(PACKED_EVENT_FLAGS.DESC, this.usedPos, this.usedWrap);
    else this.setDriverEvent(PACKED_EVENT_FLAGS.ENABLE);
  }

  private readEvent(at: bigint): EventSuppression {
    const { off, wrap } = unpackOffWrap(this.mem.readU16(at + BigInt(PACKED_EVENT.OFF_WRAP)));
    return { off, wrap, flags: this.mem.readU16(at + BigInt(PACKED_EVENT.FLAGS)) & PACKED_EVENT.FLAGS_MASK };
  }

  /** Write addr, len, id and (unless undefined) flags; flags last. */
  private writeDesc(at: bigint, addr: bigint, len: number, id: number, flags: number | undefined): void {
    const b = Buffer.alloc(PACKED_DESC.FLAGS);
    b.writeBigUInt64LE(addr, PACKED_DESC.ADDR);
    b.writeUInt32LE(len >>> 0, PACKED_DESC.LEN);
    b.writeUInt16LE(id, PACKED_DESC.ID);
    this.mem.write(at, b);
    if (flags !== undefined) this.mem.writeU16(at + BigInt(PACKED_DESC.FLAGS), flags);
  }
}
