// Test helper: drive one split virtqueue of a real Device by hand (descriptors, avail ring,
// used_event, avail.flags, notify), bypassing the completion engine. Needed for what submitRaw
// cannot express: malformed chains (D18), N direct descriptors followed by an indirect one,
// misaligned buffer addresses, interrupt suppression, reused descriptors for the 65536 wrap.
//
// Rules: use it only on a queue the completion engine never touches (no submitRaw on it), and
// only while dev.outstanding === 0 (the engine's pump is then stopped, so host memory may be
// touched after console.idle()).
import { VIRTQ_DESC_F, VIRTQ_RING, SPLIT_RING, MSI_ADDR_STRIDE } from '../../src/constants/virtio.ts';
import type { Device } from '../../src/index.ts';
import type { DeviceLike } from '../../src/crypto/device.ts';
import {
  availFlagsAddr,
  availIdxAddr,
  availSlotAddr,
  descAddr,
  usedEventAddr,
  usedIdxAddr,
  usedSlotAddr,
  type RingAddresses,
} from '../../src/virtio/ring-layout.ts';

export const DF = VIRTQ_DESC_F;

export interface Desc {
  addr: bigint;
  len: number;
  flags: number;
  next: number;
}

export interface UsedElem {
  id: number;
  len: number;
}

/** A readable buffer: bytes, optionally placed `misalign` bytes after a 16-byte boundary. */
export type RSeg = Uint8Array | { data: Uint8Array; misalign?: number };
/** A writable buffer: its length, optionally misaligned. */
export type WSeg = number | { len: number; misalign?: number };

export interface RawSubmitOptions {
  /** whole chain in one indirect table behind one ring descriptor */
  indirect?: boolean;
  /** the first k buffers as direct ring descriptors, the rest behind one indirect descriptor */
  directPrefix?: number;
  /** byte the writable buffers hold before submission (default 0) */
  fill?: number;
  /** cycles to wait before giving up */
  limit?: number;
}

export interface RawResult {
  usedLen: number;
  written: Uint8Array[];
  elem: UsedElem;
}

export class RequestHang extends Error {}

export class RawQueue {
  readonly size: number;
  readonly rings: RingAddresses;
  readonly vector: number;
  private readonly notifyAddr: bigint;
  private availIdx = 0;
  private usedIdx = 0;
  private nextDesc = 0;
  private allocs: bigint[] = [];
  private grants: Promise<number>[] = [];

  private constructor(
    readonly dev: Device,
    readonly queue: number,
  ) {
    const info = dev.queues.find((q) => q.index === queue);
    if (!info) throw new Error(`queue ${queue} is not set up`);
    this.size = info.size;
    this.rings = info.rings;
    this.vector = info.msixVector;
    this.notifyAddr = dev.regs.notifyAddr(info.notifyOff);
  }

  /** Take over `queue` (which the engine must never be asked to use). */
  static async open(dev: Device, queue: number): Promise<RawQueue> {
    const rq = new RawQueue(dev, queue);
    await rq.sync();
    return rq;
  }

  /** Re-read avail.idx / used.idx from memory (they must agree: nothing in flight). */
  async sync(): Promise<void> {
    await this.idle();
    this.availIdx = this.mem.readU16(availIdxAddr(this.rings));
    this.usedIdx = this.mem.readU16(usedIdxAddr(this.rings));
  }

  get mem() {
    return this.dev.memory;
  }

  get con() {
    return this.dev.console;
  }

  get nextAvail(): number {
    return this.availIdx;
  }

  get lastUsed(): number {
    return this.usedIdx;
  }

  async idle(): Promise<void> {
    if (this.dev.outstanding !== 0) throw new Error('RawQueue: the completion engine has requests outstanding');
    await this.con.idle();
  }

  // ------------------------------------------------------------ memory / grants

  /** Allocate `len` bytes (`misalign` bytes past a 16-byte boundary), tracked for release(). */
  alloc(len: number, misalign = 0, align = 16): bigint {
    const base = this.mem.alloc(Math.max(len + misalign, 1), align);
    this.allocs.push(base);
    return base + BigInt(misalign);
  }

  grant(kind: 'r' | 'w' | 'rw', addr: bigint, len: number): void {
    if (len > 0) this.grants.push(this.con.grant(kind, addr, len));
  }

  /** A readable buffer holding `data`, granted 'r' (or not granted when grant = false). */
  readable(data: Uint8Array, misalign = 0, grant = true): bigint {
    const a = this.alloc(data.length, misalign);
    if (data.length > 0) this.mem.write(a, data);
    if (grant) this.grant('r', a, data.length);
    return a;
  }

  /** A writable buffer of `len` bytes filled with `fill`, granted 'w'. */
  writable(len: number, fill = 0, misalign = 0, grant = true): bigint {
    const a = this.alloc(len, misalign);
    if (len > 0) this.mem.fill(a, len, fill);
    if (grant) this.grant('w', a, len);
    return a;
  }

  /** An indirect table of n entries, granted 'r'. */
  table(n: number): bigint {
    const a = this.alloc(SPLIT_RING.DESC_SIZE * n, 0, SPLIT_RING.DESC_ALIGN);
    this.grant('r', a, SPLIT_RING.DESC_SIZE * n);
    return a;
  }

  /** Wait until every grant requested so far is in place (before publishing). */
  async flushGrants(): Promise<void> {
    await Promise.all(this.grants);
  }

  /** Revoke every grant and free every allocation made so far. */
  async release(): Promise<void> {
    const ids = await Promise.all(this.grants.splice(0));
    for (const id of ids) this.con.revoke(id);
    for (const a of this.allocs.splice(0)) this.mem.free(a);
    await this.con.sync();
  }

  // ------------------------------------------------------------ ring access

  ringDescAddr(i: number): bigint {
    return descAddr(this.rings, i);
  }

  writeDescAt(at: bigint, d: Desc): void {
    const b = Buffer.alloc(SPLIT_RING.DESC_SIZE);
    b.writeBigUInt64LE(d.addr, 0);
    b.writeUInt32LE(d.len >>> 0, 8);
    b.writeUInt16LE(d.flags, 12);
    b.writeUInt16LE(d.next, 14);
    this.mem.write(at, b);
  }

  writeRingDesc(i: number, d: Desc): void {
    this.writeDescAt(this.ringDescAddr(i), d);
  }

  writeTableDesc(table: bigint, i: number, d: Desc): void {
    this.writeDescAt(table + BigInt(SPLIT_RING.DESC_SIZE * i), d);
  }

  setAvailFlags(v: number): void {
    this.mem.writeU16(availFlagsAddr(this.rings), v);
  }

  setUsedEvent(v: number): void {
    this.mem.writeU16(usedEventAddr(this.rings, this.size), v & 0xffff);
  }

  readUsedIdx(): number {
    return this.mem.readU16(usedIdxAddr(this.rings));
  }

  /** Put heads into the avail ring, bump avail.idx once, notify. */
  publish(heads: number[], notify = true): void {
    for (const h of heads) {
      this.mem.writeU16(availSlotAddr(this.rings, this.availIdx % this.size), h);
      this.availIdx = (this.availIdx + 1) & 0xffff;
    }
    this.mem.writeU16(availIdxAddr(this.rings), this.availIdx);
    if (notify) this.con.mmioWrite(this.notifyAddr, 2, this.queue);
  }

  /**
   * Run until `count` more used entries are published (or `limit` cycles pass: RequestHang).
   * `runFirst` cycles are simulated in one go first (cheap batching).
   */
  async waitUsed(count: number, limit = 2_000_000, runFirst = 0): Promise<UsedElem[]> {
    await this.con.idle();
    const addr = usedIdxAddr(this.rings);
    const start = this.con.cycle;
    if (runFirst > 0) await runHex(this.dev, runFirst);
    for (;;) {
      await this.con.idle();
      const cur = this.mem.readU16(addr);
      const got = (cur - this.usedIdx) & 0xffff;
      if (got >= count) break;
      const spent = this.con.cycle - start;
      if (spent >= limit) {
        throw new RequestHang(`queue ${this.queue}: ${got}/${count} used entries after ${spent} cycles (used.idx ${cur}, last ${this.usedIdx})`);
      }
      await this.con.waitMem16(addr, cur, Math.min(200_000, limit - spent));
    }
    const out: UsedElem[] = [];
    for (let k = 0; k < count; k++) {
      const slot = usedSlotAddr(this.rings, this.usedIdx % this.size);
      out.push({
        id: this.mem.readU32(slot + BigInt(VIRTQ_RING.USED_ELEM_ID)),
        len: this.mem.readU32(slot + BigInt(VIRTQ_RING.USED_ELEM_LEN)),
      });
      this.usedIdx = (this.usedIdx + 1) & 0xffff;
    }
    return out;
  }

  /** Run `n` more cycles and report whether used.idx moved (for "must not complete" checks). */
  async settle(n: number): Promise<number> {
    await runHex(this.dev, n);
    await this.con.idle();
    return (this.readUsedIdx() - this.usedIdx) & 0xffff;
  }

  /** Return and clear the MSI log, keeping this queue's messages (addr = msibase + 4·vector, data = vector). */
  async takeMsis(): Promise<{ addr: bigint; data: number; cycle: number }[]> {
    const log = await this.con.irqs();
    const addr = this.dev.banner.msiBase + BigInt(MSI_ADDR_STRIDE * this.vector);
    return log.messages.filter((m) => m.data === this.vector && m.addr === addr);
  }

  /** Ring descriptor indices for a chain of n direct descriptors (rotating, all free). */
  private takeDescs(n: number): number[] {
    if (n > this.size) throw new Error(`chain of ${n} > queue size ${this.size}`);
    const out = Array.from({ length: n }, (_, k) => (this.nextDesc + k) % this.size);
    this.nextDesc = (this.nextDesc + n) % this.size;
    return out;
  }

  // ------------------------------------------------------------ well-formed requests

  /**
   * Submit one well-formed chain (readable first), wait for it, read the writable buffers back,
   * release its memory and grants. Zero-length buffers become zero-length descriptors.
   */
  async submit(readable: RSeg[], writable: WSeg[], o: RawSubmitOptions = {}): Promise<RawResult> {
    await this.idle();
    const fill = o.fill ?? 0;
    type Buf = { addr: bigint; len: number; w: boolean };
    const bufs: Buf[] = [];
    for (const r of readable) {
      const data = r instanceof Uint8Array ? r : r.data;
      const mis = r instanceof Uint8Array ? 0 : (r.misalign ?? 0);
      bufs.push({ addr: this.readable(data, mis), len: data.length, w: false });
    }
    for (const w of writable) {
      const len = typeof w === 'number' ? w : w.len;
      const mis = typeof w === 'number' ? 0 : (w.misalign ?? 0);
      bufs.push({ addr: this.writable(len, fill, mis), len, w: true });
    }
    const flags = (b: Buf, last: boolean) => (last ? 0 : DF.NEXT) | (b.w ? DF.WRITE : 0);
    const direct = o.indirect ? 0 : (o.directPrefix ?? bufs.length);
    const rest = bufs.slice(direct);
    const ringN = direct + (rest.length > 0 ? 1 : 0);
    const ring = this.takeDescs(ringN);
    for (let k = 0; k < direct; k++) {
      const last = k === ringN - 1;
      this.writeRingDesc(ring[k]!, { addr: bufs[k]!.addr, len: bufs[k]!.len, flags: flags(bufs[k]!, last), next: last ? 0 : ring[k + 1]! });
    }
    if (rest.length > 0) {
      const t = this.table(rest.length);
      rest.forEach((b, k) => this.writeTableDesc(t, k, { addr: b.addr, len: b.len, flags: flags(b, k === rest.length - 1), next: k === rest.length - 1 ? 0 : k + 1 }));
      this.writeRingDesc(ring[ringN - 1]!, { addr: t, len: SPLIT_RING.DESC_SIZE * rest.length, flags: DF.INDIRECT, next: 0 });
    }
    await this.flushGrants();
    this.publish([ring[0]!]);
    const [elem] = await this.waitUsed(1, o.limit);
    const written = bufs.filter((b) => b.w).map((b) => (b.len > 0 ? this.mem.read(b.addr, b.len) : new Uint8Array(0)));
    await this.release();
    if (elem!.id !== ring[0]) throw new Error(`used id ${elem!.id}, expected head ${ring[0]}`);
    return { usedLen: elem!.len, written, elem: elem! };
  }
}

/**
 * A DeviceLike whose data-queue requests go through a RawQueue (so the crypto helpers can build
 * requests that are then laid out oddly) and whose control-queue requests go to the real engine.
 * `layout(readable, writable)` rearranges the buffers (splits, zero-length pieces, misalignment).
 */
export function rawDataDevice(
  dev: Device,
  raw: RawQueue,
  layout: (readable: Uint8Array[], writable: number[]) => { readable: RSeg[]; writable: WSeg[]; opts?: RawSubmitOptions },
): DeviceLike {
  return {
    negotiatedFeatures: dev.negotiatedFeatures,
    controlQueue: dev.controlQueue,
    numDataQueues: dev.numDataQueues,
    async submitRaw(queue, readable, writableLengths, opts) {
      if (queue === dev.controlQueue) return dev.submitRaw(queue, readable, writableLengths, opts);
      const l = layout(readable, writableLengths);
      const r = await raw.submit(l.readable, l.writable, { ...(opts?.indirect ? { indirect: true } : {}), ...l.opts });
      // regroup to the caller's writable lengths: concatenate and cut at its boundaries
      const area = Buffer.concat(r.written);
      const written: Uint8Array[] = [];
      let off = 0;
      for (const n of writableLengths) {
        written.push(new Uint8Array(area.subarray(off, off + n)));
        off += n;
      }
      return { usedLen: r.usedLen, written };
    },
  };
}

/** Concatenate, then cut into pieces of the given sizes (the last piece takes the rest). */
export function recut(parts: readonly Uint8Array[], sizes: readonly number[]): Uint8Array[] {
  const all = Buffer.concat(parts.map((p) => Buffer.from(p)));
  const out: Uint8Array[] = [];
  let off = 0;
  for (const s of sizes) {
    if (off >= all.length) break;
    out.push(new Uint8Array(all.subarray(off, Math.min(all.length, off + s))));
    off += s;
  }
  if (off < all.length) out.push(new Uint8Array(all.subarray(off)));
  return out;
}

/**
 * Simulate `n` cycles. The console's `run` count is hex (docs/console.md); SimConsole.run() sends
 * the number in decimal, so it is not used here.
 */
export async function runHex(dev: Device, n: number): Promise<number> {
  await dev.console.idle();
  const cycle = Number(await dev.console.command(`run ${n.toString(16)}`));
  dev.console.cycle = cycle;
  return cycle;
}
