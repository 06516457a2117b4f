// Test-only software doubles of the device side of virtqueues, written from the spec
// (virtio-crypto.md §8.8, §8.9), independent of the driver code under test:
// - PackedDeviceDouble consumes a packed ring in ring order with its own avail wrap counter, walks
//   chains (NEXT) and indirect tables, answers each buffer (writable bytes = readable bytes XOR
//   0xFF, repeated; len = total writable) and writes one used descriptor per buffer, or one per
//   IN_ORDER batch, at its used position; it evaluates the driver's event suppression to decide
//   whether it would interrupt.
// - InOrderSplitDouble answers a split ring in order and writes a batch as ONE used entry, in
//   the batch's first slot (the spec's reading) or in its last slot.
// - DoubleConsole: a PumpConsole for the completion engine whose `wait any` runs the doubles.
import { PACKED_DESC, PACKED_DESC_F, PACKED_EVENT, PACKED_EVENT_FLAGS, VIRTQ_DESC_F } from '../../../src/constants/virtio.ts';
import type { MemoryPort } from '../../../src/bridge/host-memory.ts';
import type { IrqLog, WaitResult } from '../../../src/bridge/replies.ts';
import type { PumpConsole } from '../../../src/virtio/completion.ts';
import type { RingAddresses } from '../../../src/virtio/ring-layout.ts';

const DESC = 16;

export interface DoubleChain {
  /** Buffer id (packed: from the chain's last descriptor) or head index (split). */
  id: number;
  /** Ring descriptors the chain took. */
  count: number;
  /** Ring position of its first descriptor (packed). */
  pos: number;
  readable: Uint8Array;
  writable: { addr: bigint; len: number }[];
  indirect: boolean;
  /** Flags of every descriptor as the double read them (ring descriptors, then table entries). */
  flags: number[];
  /** Ids of every ring descriptor of the chain. */
  ids: number[];
}

/** The answer the doubles write: readable bytes XOR 0xFF repeated, or 0xEE without readable bytes. */
export function doubleResponse(readable: Uint8Array[], writableLengths: number[]): Uint8Array[] {
  const src = Buffer.concat(readable.map((r) => Buffer.from(r)));
  let k = 0;
  return writableLengths.map((len) => {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++, k++) out[i] = src.length ? src[k % src.length]! ^ 0xff : 0xee;
    return out;
  });
}

function answer(mem: MemoryPort, chain: DoubleChain): number {
  let k = 0;
  let total = 0;
  for (const w of chain.writable) {
    const out = new Uint8Array(w.len);
    for (let i = 0; i < w.len; i++, k++) out[i] = chain.readable.length ? chain.readable[k % chain.readable.length]! ^ 0xff : 0xee;
    if (w.len) mem.write(w.addr, out);
    total += w.len;
  }
  return total;
}

function readPacked(mem: MemoryPort, at: bigint) {
  const b = Buffer.from(mem.read(at, DESC));
  return {
    addr: b.readBigUInt64LE(PACKED_DESC.ADDR),
    len: b.readUInt32LE(PACKED_DESC.LEN),
    id: b.readUInt16LE(PACKED_DESC.ID),
    flags: b.readUInt16LE(PACKED_DESC.FLAGS),
  };
}

/** vring_need_event on 16-bit indices. */
function needEvent(event: number, next: number, old: number): boolean {
  return ((next - event - 1) & 0xffff) < ((next - old) & 0xffff);
}

export type CompletionOrder = 'fifo' | 'reverse' | 'random';

export class PackedDeviceDouble {
  availPos = 0;
  availWrap = 1;
  usedPos = 0;
  usedWrap = 1;
  /** Chains fetched and not yet returned. */
  readonly pending: DoubleChain[] = [];
  /** Every chain fetched, in ring order. */
  readonly seen: DoubleChain[] = [];
  /** Used descriptors written (batches count once). */
  usedWrites = 0;
  /** Completions after which the driver's event suppression asked for an interrupt. */
  interrupts = 0;
  /** IN_ORDER: return buffers as batches of up to this many with one used descriptor (1 = no batching). */
  batch = 1;
  private seed = 12345;

  constructor(
    private readonly mem: MemoryPort,
    readonly rings: RingAddresses,
    readonly size: number,
  ) {}

  /** Forget the ring state (queue reset): positions 0, wrap counters 1. */
  reset(): void {
    this.availPos = 0;
    this.availWrap = 1;
    this.usedPos = 0;
    this.usedWrap = 1;
    this.pending.length = 0;
  }

  private at(pos: number): bigint {
    return this.rings.desc + BigInt(DESC * pos);
  }

  private isAvail(flags: number, wrap: number): boolean {
    const a = flags & PACKED_DESC_F.AVAIL ? 1 : 0;
    const u = flags & PACKED_DESC_F.USED ? 1 : 0;
    return a === wrap && u !== wrap;
  }

  /** Fetch every available chain (ring order). Returns how many. */
  fetch(): number {
    let n = 0;
    for (;;) {
      const head = readPacked(this.mem, this.at(this.availPos));
      if (!this.isAvail(head.flags, this.availWrap)) break;
      const chain: DoubleChain = { id: -1, count: 0, pos: this.availPos, readable: new Uint8Array(0), writable: [], indirect: false, flags: [], ids: [] };
      const readable: Buffer[] = [];
      const take = (d: { addr: bigint; len: number; flags: number }) => {
        if (d.flags & PACKED_DESC_F.WRITE) chain.writable.push({ addr: d.addr, len: d.len });
        else {
          if (chain.writable.length) throw new Error('double: readable after writable');
          readable.push(Buffer.from(this.mem.read(d.addr, d.len)));
        }
      };
      let pos = this.availPos;
      let wrap = this.availWrap;
      for (let guard = 0; ; guard++) {
        if (guard >= this.size) throw new Error('double: chain longer than the ring');
        const d = readPacked(this.mem, this.at(pos));
        if (!this.isAvail(d.flags, wrap)) throw new Error(`double: descriptor ${pos} of a chain is not available (flags 0x${d.flags.toString(16)})`);
        chain.flags.push(d.flags);
        chain.ids.push(d.id);
        chain.count++;
        pos++;
        if (pos === this.size) {
          pos = 0;
          wrap ^= 1;
        }
        if (d.flags & PACKED_DESC_F.INDIRECT) {
          if (d.flags & PACKED_DESC_F.NEXT) throw new Error('double: INDIRECT with NEXT');
          if (d.len % DESC !== 0 || d.len === 0) throw new Error('double: bad indirect table length');
          chain.indirect = true;
          for (let i = 0; i < d.len / DESC; i++) {
            const e = readPacked(this.mem, d.addr + BigInt(DESC * i));
            chain.flags.push(e.flags);
            if (e.flags & ~PACKED_DESC_F.WRITE) throw new Error(`double: indirect entry flags 0x${e.flags.toString(16)} (only WRITE is valid)`);
            take(e);
          }
        } else take(d);
        if (!(d.flags & PACKED_DESC_F.NEXT)) {
          chain.id = d.id; // the buffer id comes from the chain's last descriptor
          break;
        }
      }
      chain.readable = new Uint8Array(Buffer.concat(readable));
      this.availPos = pos;
      this.availWrap = wrap;
      this.pending.push(chain);
      this.seen.push(chain);
      n++;
    }
    return n;
  }

  private random(): number {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed;
  }

  /**
   * Fetch, then return up to `max` pending buffers in the given order (IN_ORDER batches: `fifo`
   * with `batch` > 1). Returns how many buffers were returned.
   */
  process(max = Infinity, order: CompletionOrder = 'fifo'): number {
    this.fetch();
    let done = 0;
    while (this.pending.length > 0 && done < max) {
      if (this.batch > 1) {
        const n = Math.min(this.batch, this.pending.length, max - done);
        this.completeBatch(this.pending.splice(0, n));
        done += n;
        continue;
      }
      const k = order === 'fifo' ? 0 : order === 'reverse' ? this.pending.length - 1 : this.random() % this.pending.length;
      const [chain] = this.pending.splice(k, 1);
      this.complete(chain!);
      done++;
    }
    return done;
  }

  /** Answer one buffer and write its used descriptor at the used position. */
  complete(chain: DoubleChain, lenOverride?: number): void {
    const len = answer(this.mem, chain);
    this.writeUsed(chain.id, lenOverride ?? len, chain.count);
  }

  /** IN_ORDER: answer every buffer, write ONE used descriptor (id and len of the last) for the batch. */
  completeBatch(chains: DoubleChain[]): void {
    let len = 0;
    for (const c of chains) len = answer(this.mem, c);
    this.writeUsed(chains[chains.length - 1]!.id, len, chains.reduce((s, c) => s + c.count, 0));
  }

  /** Write a used descriptor (len, id, then flags) and skip `count` descriptors. */
  writeUsed(id: number, len: number, count: number): void {
    const at = this.at(this.usedPos);
    this.mem.writeU32(at + BigInt(PACKED_DESC.LEN), len);
    this.mem.writeU16(at + BigInt(PACKED_DESC.ID), id);
    const flags = (this.usedWrap ? PACKED_DESC_F.AVAIL | PACKED_DESC_F.USED : 0) | (len > 0 ? PACKED_DESC_F.WRITE : 0);
    this.mem.writeU16(at + BigInt(PACKED_DESC.FLAGS), flags);
    const oldPos = this.usedPos;
    this.usedPos += count;
    if (this.usedPos >= this.size) {
      this.usedPos -= this.size;
      this.usedWrap ^= 1;
    }
    this.usedWrites++;
    if (this.wantsInterrupt(oldPos, this.usedPos)) this.interrupts++;
  }

  /** The driver event suppression as the device reads it. */
  readDriverEvent(): { off: number; wrap: number; flags: number } {
    const offWrap = this.mem.readU16(this.rings.avail + BigInt(PACKED_EVENT.OFF_WRAP));
    return {
      off: offWrap & PACKED_EVENT.OFF_MASK,
      wrap: offWrap >> PACKED_EVENT.WRAP_SHIFT,
      flags: this.mem.readU16(this.rings.avail + BigInt(PACKED_EVENT.FLAGS)) & PACKED_EVENT.FLAGS_MASK,
    };
  }

  /** Linux vhost_vring_packed_need_event: would used descriptors written from old to new interrupt? */
  wantsInterrupt(oldPos: number, newPos: number): boolean {
    const ev = this.readDriverEvent();
    if (ev.flags === PACKED_EVENT_FLAGS.DISABLE) return false;
    if (ev.flags === PACKED_EVENT_FLAGS.ENABLE) return true;
    let event = ev.off;
    if (ev.wrap !== this.usedWrap) event -= this.size;
    return needEvent(event & 0xffff, newPos, oldPos);
  }

  /** Device event suppression (device → driver: notification wishes). */
  setDeviceEvent(flags: number, off = 0, wrap = 0): void {
    this.mem.writeU16(this.rings.used + BigInt(PACKED_EVENT.OFF_WRAP), (off & PACKED_EVENT.OFF_MASK) | (wrap << PACKED_EVENT.WRAP_SHIFT));
    this.mem.writeU16(this.rings.used + BigInt(PACKED_EVENT.FLAGS), flags);
  }
}

/** Where an IN_ORDER split device puts the one used entry of a batch. */
export type BatchSlot = 'first' | 'last';

/** Split ring device double that returns buffers in order, batched. */
export class InOrderSplitDouble {
  lastAvail = 0;
  usedIdx = 0;
  readonly pending: DoubleChain[] = [];
  batch = 4;

  constructor(
    private readonly mem: MemoryPort,
    readonly rings: RingAddresses,
    readonly size: number,
    public slot: BatchSlot = 'first',
  ) {}

  fetch(): void {
    const availIdx = this.mem.readU16(this.rings.avail + 2n);
    while (this.lastAvail !== availIdx) {
      const head = this.mem.readU16(this.rings.avail + 4n + BigInt(2 * (this.lastAvail % this.size)));
      this.lastAvail = (this.lastAvail + 1) & 0xffff;
      this.pending.push(this.walk(head));
    }
  }

  private walk(head: number): DoubleChain {
    const read = (at: bigint) => {
      const b = Buffer.from(this.mem.read(at, DESC));
      return { addr: b.readBigUInt64LE(0), len: b.readUInt32LE(8), flags: b.readUInt16LE(12), next: b.readUInt16LE(14) };
    };
    const chain: DoubleChain = { id: head, count: 0, pos: head, readable: new Uint8Array(0), writable: [], indirect: false, flags: [], ids: [] };
    const readable: Buffer[] = [];
    let d = read(this.rings.desc + BigInt(DESC * head));
    let table: bigint | undefined;
    chain.count = 1;
    if (d.flags & VIRTQ_DESC_F.INDIRECT) {
      chain.indirect = true;
      table = d.addr;
      d = read(table);
    }
    for (let guard = 0; guard < 1024; guard++) {
      chain.flags.push(d.flags);
      if (d.flags & VIRTQ_DESC_F.WRITE) chain.writable.push({ addr: d.addr, len: d.len });
      else readable.push(Buffer.from(this.mem.read(d.addr, d.len)));
      if (!(d.flags & VIRTQ_DESC_F.NEXT)) break;
      if (table === undefined) chain.count++;
      d = read(table !== undefined ? table + BigInt(DESC * d.next) : this.rings.desc + BigInt(DESC * d.next));
    }
    chain.readable = new Uint8Array(Buffer.concat(readable));
    return chain;
  }

  /** Return up to `max` buffers in order as batches; returns how many. */
  process(max = Infinity): number {
    this.fetch();
    let done = 0;
    while (this.pending.length > 0 && done < max) {
      const n = Math.min(this.batch, this.pending.length, max - done);
      const chains = this.pending.splice(0, n);
      let len = 0;
      for (const c of chains) len = answer(this.mem, c);
      const slot = this.slot === 'first' ? this.usedIdx : (this.usedIdx + n - 1) & 0xffff;
      const at = this.rings.used + 4n + BigInt(8 * (slot % this.size));
      this.mem.writeU32(at, chains[n - 1]!.id);
      this.mem.writeU32(at + 4n, len);
      this.usedIdx = (this.usedIdx + n) & 0xffff;
      this.mem.writeU16(this.rings.used + 2n, this.usedIdx);
      done += n;
    }
    return done;
  }
}

/** A PumpConsole whose `wait any` lets the doubles run (at most `perWait` buffers each). */
export class DoubleConsole implements PumpConsole {
  cycle = 0;
  tracePath: string | undefined = undefined;
  readonly liveGrants = new Map<number, { kind: string; addr: bigint; len: number }>();
  private nextGrant = 1;
  readonly stalled = new Set<number>();
  perWait = 3;
  order: CompletionOrder = 'fifo';
  waits = 0;
  /** Waits whose watched word changed (`mem`). */
  memEvents = 0;

  constructor(
    private readonly mem: MemoryPort,
    readonly doubles: Map<number, { process(max: number, order?: CompletionOrder): number }>,
  ) {}

  idle(): Promise<void> {
    return Promise.resolve();
  }

  async waitAny(addr: bigint | number, value: number, limit: number): Promise<WaitResult> {
    this.waits++;
    await new Promise((r) => setImmediate(r));
    let done = 0;
    for (const [q, d] of this.doubles) if (!this.stalled.has(q)) done += d.process(this.perWait, this.order);
    const changed = this.mem.readU16(BigInt(addr)) !== value;
    if (changed) this.memEvents++;
    this.cycle += done ? 100 : limit;
    return { event: changed ? 'mem' : 'timeout', cycle: this.cycle };
  }

  async irqs(): Promise<IrqLog> {
    return { messages: [], intx: false };
  }

  async grant(kind: 'r' | 'w' | 'rw', addr: bigint | number, len: number | bigint): Promise<number> {
    const id = this.nextGrant++;
    this.liveGrants.set(id, { kind, addr: BigInt(addr), len: Number(len) });
    return id;
  }

  revoke(id: number): void {
    if (!this.liveGrants.delete(id)) throw new Error(`revoke of unknown grant ${id}`);
  }
}
