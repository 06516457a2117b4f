// Test helper for the virtqueue engines (issue 6): re-initialise an opened Device by hand with
// any feature set (RING_PACKED, IN_ORDER, NOTIFICATION_DATA, RING_RESET) and any queue sizes,
// then drive packed or split queues directly in host memory. Independent of the driver's own
// virtqueue classes, so the RTL can be checked against the fact sheet (§8.8, §8.9) alone.
//
// Grants: split desc/avail 'r', used 'w'; packed descriptor ring 'rw', driver event area 'r',
// device event area NOT granted (the device must never touch it); buffers per request.
import { COMMON_CFG, FEATURE_BIT, MSI_ADDR_STRIDE, featureMask } from '../../src/constants/virtio.ts';
import { FEATURE } from '../../src/constants/crypto.ts';
import type { DeviceLike, SubmitResult } from '../../src/crypto/device.ts';
import type { Device } from '../../src/index.ts';
import { negotiateFeatures, setDriverOk, setupConfigVector } from '../../src/virtio/init.ts';
import { availRingBytes, descTableBytes, usedRingBytes } from '../../src/virtio/ring-layout.ts';
import { runHex } from './raw-queue.ts';

export const F = {
  RING_PACKED: featureMask(FEATURE_BIT.RING_PACKED),
  IN_ORDER: featureMask(FEATURE_BIT.IN_ORDER),
  NOTIFICATION_DATA: featureMask(FEATURE_BIT.NOTIFICATION_DATA),
  RING_RESET: featureMask(FEATURE_BIT.RING_RESET),
  EVENT_IDX: FEATURE.EVENT_IDX,
  INDIRECT_DESC: FEATURE.INDIRECT_DESC,
  /** VERSION_1 | REVISION_1 | HASH_STATELESS (stateless hash requests need no control queue) */
  BASE: FEATURE.VERSION_1 | FEATURE.REVISION_1 | FEATURE.HASH_STATELESS_MODE,
} as const;

/** Packed descriptor flags (§8.9). */
export const PF = { NEXT: 1, WRITE: 2, INDIRECT: 4, AVAIL: 1 << 7, USED: 1 << 15 } as const;
/** Split descriptor flags (§8.8). */
export const SF = { NEXT: 1, WRITE: 2, INDIRECT: 4 } as const;

export interface HandQueue {
  index: number;
  size: number;
  desc: bigint;
  driver: bigint;
  device: bigint;
  vector: number;
  notifyAddr: bigint;
  grants: number[];
}

export interface HandSetup {
  accepted: bigint;
  packed: boolean;
  queues: Map<number, HandQueue>;
}

/** Queue q's MSI-X vector as Device.open programmed it (1 + q mod (table size - 1)). */
function vectorOf(dev: Device, q: number): number {
  const t = dev.msix.tableSize;
  return t > 1 ? 1 + (q % (t - 1)) : 0;
}

/**
 * Reset the device and initialise it again by hand: accept exactly `features` (throws when the
 * device does not offer one of them), set up `queues` (index → size) with packed or split rings.
 */
export async function handInit(dev: Device, features: bigint, queues: Record<number, number>): Promise<HandSetup> {
  await dev.resetDevice();
  const regs = dev.regs;
  const { accepted } = await negotiateFeatures(regs, features);
  if (accepted !== features) throw new Error(`device did not offer 0x${(features & ~accepted).toString(16)}`);
  const packed = (accepted & F.RING_PACKED) !== 0n;
  await setupConfigVector(regs, dev.configVector);
  const out = new Map<number, HandQueue>();
  for (const [qs, size] of Object.entries(queues)) {
    out.set(Number(qs), await setupHandQueue(dev, packed, Number(qs), size));
  }
  await setDriverOk(regs);
  return { accepted, packed, queues: out };
}

/** Allocate, zero, grant and enable one queue (also after a queue reset). */
export async function setupHandQueue(dev: Device, packed: boolean, q: number, size: number): Promise<HandQueue> {
  const regs = dev.regs;
  const mem = dev.memory;
  const con = dev.console;
  regs.selectQueue(q);
  regs.setQueueSize(size);
  let desc: bigint, driver: bigint, device: bigint;
  const grants: Promise<number>[] = [];
  if (packed) {
    desc = mem.alloc(16 * size, 16);
    driver = mem.alloc(4, 4);
    device = mem.alloc(4, 4);
    mem.fill(desc, 16 * size, 0);
    mem.fill(driver, 4, 0);
    mem.fill(device, 4, 0);
    grants.push(con.grant('rw', desc, 16 * size), con.grant('r', driver, 4));
  } else {
    desc = mem.alloc(descTableBytes(size), 16);
    driver = mem.alloc(availRingBytes(size), 2);
    device = mem.alloc(usedRingBytes(size), 4);
    mem.fill(desc, descTableBytes(size), 0);
    mem.fill(driver, availRingBytes(size), 0);
    mem.fill(device, usedRingBytes(size), 0);
    grants.push(
      con.grant('r', desc, descTableBytes(size)),
      con.grant('r', driver, availRingBytes(size)),
      con.grant('w', device, usedRingBytes(size)),
    );
  }
  regs.setQueueAddresses(desc, driver, device);
  const vector = vectorOf(dev, q);
  regs.setQueueMsixVector(vector);
  const [readSize, notifyOff] = await Promise.all([regs.queueSize(), regs.queueNotifyOff()]);
  if (readSize !== size) throw new Error(`queue ${q}: queue_size reads ${readSize} after writing ${size}`);
  regs.setQueueEnable(1);
  return { index: q, size, desc, driver, device, vector, notifyAddr: regs.notifyAddr(notifyOff), grants: await Promise.all(grants) };
}

/** RING_RESET: write queue_reset = 1 for queue q and poll until it reads 0; returns queue_enable after. */
export async function resetQueue(dev: Device, q: number, polls = 500): Promise<number> {
  const regs = dev.regs;
  regs.selectQueue(q);
  dev.console.mmioWrite(regs.regions.common + BigInt(COMMON_CFG.QUEUE_RESET), 2, 1);
  for (let i = 0; i < polls; i++) {
    if ((await regs.queueReset()) === 0) return regs.queueEnable();
    await runHex(dev, 64 + 16 * i);
  }
  throw new Error(`queue ${q}: queue_reset still reads 1 after ${polls} polls`);
}

/** MSI messages of one vector (takes and clears the console's log). */
export async function msisOf(dev: Device, vector: number): Promise<number> {
  const log = await dev.console.irqs();
  const addr = dev.banner.msiBase + BigInt(MSI_ADDR_STRIDE * vector);
  return log.messages.filter((m) => m.data === vector && m.addr === addr).length;
}

// ------------------------------------------------------------------ buffers

interface Buf {
  addr: bigint;
  len: number;
  w: boolean;
}

class Buffers {
  private allocs: bigint[] = [];
  private grants: Promise<number>[] = [];
  constructor(private readonly dev: Device) {}
  readable(data: Uint8Array): Buf {
    const a = this.dev.memory.alloc(Math.max(1, data.length), 16);
    this.allocs.push(a);
    if (data.length > 0) {
      this.dev.memory.write(a, data);
      this.grants.push(this.dev.console.grant('r', a, data.length));
    }
    return { addr: a, len: data.length, w: false };
  }
  writable(len: number, fill = 0xee): Buf {
    const a = this.dev.memory.alloc(Math.max(1, len), 16);
    this.allocs.push(a);
    if (len > 0) {
      this.dev.memory.fill(a, len, fill);
      this.grants.push(this.dev.console.grant('w', a, len));
    }
    return { addr: a, len, w: true };
  }
  table(n: number): { addr: bigint } {
    const a = this.dev.memory.alloc(16 * n, 16);
    this.allocs.push(a);
    this.grants.push(this.dev.console.grant('r', a, 16 * n));
    return { addr: a };
  }
  async flush(): Promise<void> {
    await Promise.all(this.grants);
  }
  async release(): Promise<void> {
    const ids = await Promise.all(this.grants.splice(0));
    for (const id of ids) this.dev.console.revoke(id);
    for (const a of this.allocs.splice(0)) this.dev.memory.free(a);
    await this.dev.console.sync();
  }
}

function descBytes(addr: bigint, len: number, a: number, b: number): Buffer {
  const d = Buffer.alloc(16);
  d.writeBigUInt64LE(addr, 0);
  d.writeUInt32LE(len >>> 0, 8);
  d.writeUInt16LE(a, 12);
  d.writeUInt16LE(b, 14);
  return d;
}

export interface Pending {
  token: number;
  bufs: Buf[];
  writableTotal: number;
}

export interface Completion {
  token: number;
  len: number;
  written: Uint8Array[];
}

// ------------------------------------------------------------------ packed driver (test side)

export interface PackedAddOptions {
  /** whole chain behind one indirect descriptor */
  indirect?: boolean;
  /** raw ring descriptors instead of buffers (malformed-chain tests): flags without AVAIL/USED */
  raw?: { addr: bigint; len: number; flags: number; id?: number }[];
}

export class PackedDriver {
  nextAvail = 0;
  availWrap = 1;
  nextUsed = 0;
  usedWrap = 1;
  private nextId = 0;
  private readonly chains = new Map<number, Pending & { ring: number }>();
  readonly bufs: Buffers;

  constructor(
    readonly dev: Device,
    readonly q: HandQueue,
  ) {
    this.bufs = new Buffers(dev);
  }

  private availFlags(): number {
    return this.availWrap ? PF.AVAIL : PF.USED;
  }

  /** Make a chain available (head flags written last); returns the buffer id. Not notified. */
  add(readable: Uint8Array[], writable: number[], o: PackedAddOptions = {}): number {
    const id = this.nextId;
    this.nextId = (this.nextId + 1) % 0x8000;
    const bufs: Buf[] = [...readable.map((r) => this.bufs.readable(r)), ...writable.map((n) => this.bufs.writable(n))];
    type RD = { addr: bigint; len: number; flags: number; id?: number };
    let ring: RD[];
    if (o.raw) ring = o.raw;
    else if (o.indirect) {
      const t = this.bufs.table(bufs.length);
      bufs.forEach((b, k) => this.dev.memory.write(t.addr + BigInt(16 * k), descBytes(b.addr, b.len, 0, b.w ? PF.WRITE : 0)));
      ring = [{ addr: t.addr, len: 16 * bufs.length, flags: PF.INDIRECT }];
    } else ring = bufs.map((b, k) => ({ addr: b.addr, len: b.len, flags: (b.w ? PF.WRITE : 0) | (k < bufs.length - 1 ? PF.NEXT : 0) }));
    if (ring.length > this.q.size) throw new Error('chain longer than the queue');
    const writes: { at: bigint; d: Buffer }[] = [];
    for (const r of ring) {
      const f = r.flags | this.availFlags();
      writes.push({ at: this.q.desc + BigInt(16 * this.nextAvail), d: descBytes(r.addr, r.len, r.id ?? id, f) });
      this.nextAvail++;
      if (this.nextAvail === this.q.size) {
        this.nextAvail = 0;
        this.availWrap ^= 1;
      }
    }
    // head last
    for (const w of writes.slice(1)) this.dev.memory.write(w.at, w.d);
    this.dev.memory.write(writes[0]!.at, writes[0]!.d);
    this.chains.set(id, { token: id, bufs, writableTotal: bufs.filter((b) => b.w).reduce((s, b) => s + b.len, 0), ring: ring.length });
    return id;
  }

  notify(): void {
    this.dev.console.mmioWrite(this.q.notifyAddr, 2, this.q.index);
  }

  /** The writable buffers of every chain still in flight (no used descriptor seen). */
  inFlightWritten(): Uint8Array[][] {
    return [...this.chains.values()].map((c) => c.bufs.filter((b) => b.w).map((b) => this.dev.memory.read(b.addr, b.len)));
  }

  /** The next used descriptor, if the device wrote it. */
  private peekUsed(): { id: number; len: number; flags: number } | undefined {
    const at = this.q.desc + BigInt(16 * this.nextUsed);
    const flags = this.dev.memory.readU16(at + 14n);
    const w = this.usedWrap ? 1 : 0;
    if (((flags >> 7) & 1) !== w || ((flags >> 15) & 1) !== w) return undefined;
    return { id: this.dev.memory.readU16(at + 12n), len: this.dev.memory.readU32(at + 8n), flags };
  }

  /** Run until `n` used descriptors arrived; returns them (written buffers read back). */
  async waitUsed(n: number, limit = 3_000_000): Promise<(Completion & { flags: number })[]> {
    const out: (Completion & { flags: number })[] = [];
    const start = this.dev.console.cycle;
    while (out.length < n) {
      await this.dev.console.idle();
      const u = this.peekUsed();
      if (u) {
        const c = this.chains.get(u.id);
        if (!c) throw new Error(`used id ${u.id} is not in flight`);
        this.chains.delete(u.id);
        out.push({ token: u.id, len: u.len, flags: u.flags, written: c.bufs.filter((b) => b.w).map((b) => (b.len ? this.dev.memory.read(b.addr, b.len) : new Uint8Array(0))) });
        this.nextUsed += c.ring;
        if (this.nextUsed >= this.q.size) {
          this.nextUsed -= this.q.size;
          this.usedWrap ^= 1;
        }
        continue;
      }
      if (this.dev.console.cycle - start > limit) throw new Error(`packed queue ${this.q.index}: ${out.length}/${n} used after ${limit} cycles`);
      const at = this.q.desc + BigInt(16 * this.nextUsed) + 14n;
      await this.dev.console.waitMem16(at, this.dev.memory.readU16(at), 100_000);
    }
    return out;
  }

  /** DeviceLike: one request at a time through this queue. */
  deviceLike(accepted: bigint, o: PackedAddOptions = {}): DeviceLike {
    return {
      negotiatedFeatures: accepted,
      controlQueue: 4,
      numDataQueues: 4,
      submitRaw: async (_q, readable, writable, opts): Promise<SubmitResult> => {
        this.add(readable, writable, { ...o, ...(opts?.indirect ? { indirect: true } : {}) });
        await this.bufs.flush();
        this.notify();
        const [c] = await this.waitUsed(1);
        await this.bufs.release();
        return { usedLen: c!.len, written: c!.written };
      },
    };
  }
}

// ------------------------------------------------------------------ split driver (test side)

/**
 * Split queue with descriptors used in ring order (as IN_ORDER requires): chain k of n
 * descriptors takes the next n table slots (wrapping, next = slot + 1 or 0 at the end).
 */
export class SplitDriver {
  availIdx = 0;
  lastUsed = 0;
  private nextDesc = 0;
  readonly bufs: Buffers;
  /** chains in submission order */
  readonly order: (Pending & { ndesc: number })[] = [];

  constructor(
    readonly dev: Device,
    readonly q: HandQueue,
  ) {
    this.bufs = new Buffers(dev);
  }

  /**
   * Write a chain into the descriptor table and the avail ring (avail.idx NOT written).
   * `writableFirst` puts the writable buffers first (a malformed chain: chain error).
   */
  add(readable: Uint8Array[], writable: number[], writableFirst = false): number {
    const r = readable.map((x) => this.bufs.readable(x));
    const w = writable.map((n) => this.bufs.writable(n));
    const bufs: Buf[] = writableFirst ? [...w, ...r] : [...r, ...w];
    const head = this.nextDesc;
    bufs.forEach((b, k) => {
      const slot = this.nextDesc;
      this.nextDesc = (this.nextDesc + 1) % this.q.size;
      const last = k === bufs.length - 1;
      this.dev.memory.write(this.q.desc + BigInt(16 * slot), descBytes(b.addr, b.len, (b.w ? SF.WRITE : 0) | (last ? 0 : SF.NEXT), last ? 0 : this.nextDesc));
    });
    this.dev.memory.writeU16(this.q.driver + 4n + BigInt(2 * (this.availIdx % this.q.size)), head);
    this.availIdx = (this.availIdx + 1) & 0xffff;
    this.order.push({ token: head, bufs, writableTotal: bufs.filter((b) => b.w).reduce((s, b) => s + b.len, 0), ndesc: bufs.length });
    return head;
  }

  publish(idx = this.availIdx): void {
    this.dev.memory.writeU16(this.q.driver + 2n, idx);
  }

  /** 16-bit notify, or 32-bit with notification data `data` (next avail idx). */
  notify(data?: number): void {
    if (data === undefined) this.dev.console.mmioWrite(this.q.notifyAddr, 2, this.q.index);
    else this.dev.console.mmioWrite(this.q.notifyAddr, 4, ((data & 0xffff) << 16) | this.q.index);
  }

  usedIdx(): number {
    return this.dev.memory.readU16(this.q.device + 2n);
  }

  usedElem(slot: number): { id: number; len: number } {
    const at = this.q.device + 4n + BigInt(8 * slot);
    return { id: this.dev.memory.readU32(at), len: this.dev.memory.readU32(at + 4n) };
  }

  /** Fill every used element with a sentinel (to see which ones the device wrote). */
  poisonUsed(): void {
    this.dev.memory.fill(this.q.device + 4n, 8 * this.q.size, 0xa5);
  }

  /** Run until used.idx reached `target`. */
  async waitUsedIdx(target: number, limit = 3_000_000): Promise<void> {
    const start = this.dev.console.cycle;
    for (;;) {
      await this.dev.console.idle();
      const cur = this.usedIdx();
      if (cur === (target & 0xffff)) return;
      if (this.dev.console.cycle - start > limit) throw new Error(`split queue ${this.q.index}: used.idx ${cur}, want ${target}`);
      await this.dev.console.waitMem16(this.q.device + 2n, cur, 100_000);
    }
  }

  /**
   * Read the used ring from lastUsed to used.idx the way an IN_ORDER driver does: the element
   * at the current slot names the LAST buffer of a batch; every buffer up to it is complete.
   * Returns the batch sizes and each buffer's completion (len from the element for the batch's
   * last buffer, its writable total for the others).
   */
  collectInOrder(): { batches: number[]; done: Completion[] } {
    const end = this.usedIdx();
    const batches: number[] = [];
    const done: Completion[] = [];
    while (this.lastUsed !== end) {
      const e = this.usedElem(this.lastUsed % this.q.size);
      const k = this.order.findIndex((c) => c.token === e.id);
      if (k < 0) throw new Error(`used id ${e.id} at slot ${this.lastUsed % this.q.size} is not in flight`);
      const batch = this.order.splice(0, k + 1);
      batches.push(batch.length);
      batch.forEach((c, i) =>
        done.push({
          token: c.token,
          len: i === batch.length - 1 ? e.len : c.writableTotal,
          written: c.bufs.filter((b) => b.w).map((b) => (b.len ? this.dev.memory.read(b.addr, b.len) : new Uint8Array(0))),
        }),
      );
      this.lastUsed = (this.lastUsed + batch.length) & 0xffff;
    }
    return { batches, done };
  }
}
