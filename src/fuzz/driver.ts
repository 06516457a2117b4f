// The fuzzer's own queue driver: it owns every queue of a Device (the completion engine is never
// used, so nothing else touches host memory), places ChainSpecs (well-formed or not) into free
// descriptors, publishes several chains per queue, runs the simulator until they come back and
// reads every writable buffer. It also corrupts rings on purpose (head ≥ queue size, avail.idx
// far ahead) for the DEVICE_NEEDS_RESET cases.

import { SPLIT_RING, VIRTQ_RING } from '../constants/virtio.ts';
import type { Device } from '../virtio/device.ts';
import { availIdxAddr, availSlotAddr, descAddr, usedEventAddr, usedIdxAddr, usedSlotAddr, type RingAddresses } from '../virtio/ring-layout.ts';
import type { ChainSpec } from './chain.ts';

export interface Placed {
  queue: number;
  head: number;
  spec: ChainSpec;
  /** host address of every buffer (spec.bufs order) */
  addrs: bigint[];
  tables: bigint[];
  ringDescs: number[];
  grants: Promise<number>[];
}

export interface Completed {
  placed: Placed;
  usedLen: number;
  /** contents of every buffer after completion (readable ones too: they must be unchanged) */
  after: Uint8Array[];
}

interface QState {
  index: number;
  size: number;
  rings: RingAddresses;
  notifyAddr: bigint;
  availIdx: number;
  usedIdx: number;
  free: number[];
  inflight: Map<number, Placed>;
}

export class FuzzDriver {
  private readonly qs = new Map<number, QState>();
  /** MSI messages seen (cleared by takeMsis) */
  private msis: { addr: bigint; data: number; cycle: number }[] = [];

  constructor(readonly dev: Device) {
    for (const q of dev.queues) {
      this.qs.set(q.index, {
        index: q.index,
        size: q.size,
        rings: q.rings,
        notifyAddr: dev.regs.notifyAddr(q.notifyOff),
        availIdx: 0,
        usedIdx: 0,
        free: Array.from({ length: q.size }, (_, i) => i),
        inflight: new Map(),
      });
    }
  }

  get con() {
    return this.dev.console;
  }

  get mem() {
    return this.dev.memory;
  }

  queueSize(q: number): number {
    return this.q(q).size;
  }

  freeDescs(q: number): number {
    return this.q(q).free.length;
  }

  inflight(q: number): number {
    return this.q(q).inflight.size;
  }

  get totalInflight(): number {
    let n = 0;
    for (const s of this.qs.values()) n += s.inflight.size;
    return n;
  }

  private q(q: number): QState {
    const s = this.qs.get(q);
    if (!s) throw new Error(`queue ${q} not set up`);
    return s;
  }

  /** Place a chain (simulator must be idle: call after `await con.idle()`). Returns undefined when descriptors run out. */
  place(queue: number, spec: ChainSpec, fill: number): Placed | undefined {
    const s = this.q(queue);
    if (spec.ring.length > s.free.length) return undefined;
    const ringDescs = s.free.splice(0, spec.ring.length);
    const grants: Promise<number>[] = [];
    const addrs = spec.bufs.map((b) => {
      const a = this.mem.alloc(Math.max(b.len, 1), 16);
      if (b.len > 0) {
        if (b.writable) this.mem.fill(a, b.len, fill);
        else this.mem.write(a, b.data!);
        grants.push(this.con.grant(b.writable ? 'w' : 'r', a, b.len));
      }
      return a;
    });
    const tables = spec.tables.map((t) => {
      const bytes = SPLIT_RING.DESC_SIZE * Math.max(t.length, 1);
      const a = this.mem.alloc(bytes, SPLIT_RING.DESC_ALIGN);
      this.mem.fill(a, bytes, 0);
      grants.push(this.con.grant('r', a, bytes));
      return a;
    });
    const enc = (d: ChainSpec['ring'][number], mapNext: (n: number) => number): Buffer => {
      const b = Buffer.alloc(SPLIT_RING.DESC_SIZE);
      if (d.table !== undefined) {
        b.writeBigUInt64LE(tables[d.table]!, 0);
        b.writeUInt32LE((d.tableLen ?? SPLIT_RING.DESC_SIZE * spec.tables[d.table]!.length) >>> 0, 8);
      } else {
        b.writeBigUInt64LE(addrs[d.buf!]!, 0);
        b.writeUInt32LE(spec.bufs[d.buf!]!.len >>> 0, 8);
      }
      b.writeUInt16LE(d.flags, 12);
      b.writeUInt16LE((d.nextRaw ? d.next : mapNext(d.next)) & 0xffff, 14);
      return b;
    };
    spec.ring.forEach((d, i) => this.mem.write(descAddr(s.rings, ringDescs[i]!), enc(d, (n) => ringDescs[n] ?? 0)));
    spec.tables.forEach((t, ti) => t.forEach((d, i) => this.mem.write(tables[ti]! + BigInt(SPLIT_RING.DESC_SIZE * i), enc(d, (n) => n))));
    const p: Placed = { queue, head: ringDescs[0]!, spec, addrs, tables, ringDescs, grants };
    s.inflight.set(p.head, p);
    return p;
  }

  /** Publish heads on their queues (one avail.idx bump per queue) and notify each queue. */
  async publish(placed: Placed[]): Promise<void> {
    await Promise.all(placed.flatMap((p) => p.grants));
    await this.con.idle();
    const byQ = new Map<number, number[]>();
    for (const p of placed) byQ.set(p.queue, [...(byQ.get(p.queue) ?? []), p.head]);
    for (const [q, heads] of byQ) {
      const s = this.q(q);
      for (const h of heads) {
        this.mem.writeU16(availSlotAddr(s.rings, s.availIdx % s.size), h);
        s.availIdx = (s.availIdx + 1) & 0xffff;
      }
      this.mem.writeU16(availIdxAddr(s.rings), s.availIdx);
      this.mem.writeU16(usedEventAddr(s.rings, s.size), s.usedIdx);
      this.con.mmioWrite(s.notifyAddr, 2, q);
    }
  }

  /** Corrupt the ring of `queue`: publish a head ≥ queue size, or move avail.idx more than the queue size ahead. */
  corrupt(queue: number, how: 'head' | 'idx', value: number): void {
    const s = this.q(queue);
    if (how === 'head') {
      this.mem.writeU16(availSlotAddr(s.rings, s.availIdx % s.size), value);
      s.availIdx = (s.availIdx + 1) & 0xffff;
      this.mem.writeU16(availIdxAddr(s.rings), s.availIdx);
    } else {
      this.mem.writeU16(availIdxAddr(s.rings), (s.availIdx + value) & 0xffff);
    }
    this.con.mmioWrite(s.notifyAddr, 2, queue);
  }

  /**
   * Run until every in-flight chain completed or `limit` cycles passed. Returns the completed
   * ones (in completion order) and leaves the rest in flight (hangs).
   */
  async run(limit: number, slice = 20_000): Promise<{ done: Completed[]; unknown: string[] }> {
    const done: Completed[] = [];
    const unknown: string[] = [];
    await this.con.idle();
    const start = this.con.cycle;
    for (;;) {
      this.drain(done, unknown);
      if (this.totalInflight === 0) break;
      const spent = this.con.cycle - start;
      if (spent >= limit) break;
      const watch = [...this.qs.values()].find((s) => s.inflight.size > 0)!;
      const cur = this.mem.readU16(usedIdxAddr(watch.rings));
      const [, log] = await Promise.all([this.con.waitAny(usedIdxAddr(watch.rings), cur, Math.min(slice, limit - spent)), this.con.irqs()]);
      this.msis.push(...log.messages);
      await this.con.idle();
    }
    const log = await this.con.irqs();
    this.msis.push(...log.messages);
    return { done, unknown };
  }

  private drain(done: Completed[], unknown: string[]): void {
    for (const s of this.qs.values()) {
      const cur = this.mem.readU16(usedIdxAddr(s.rings));
      while (s.usedIdx !== cur) {
        const slot = usedSlotAddr(s.rings, s.usedIdx % s.size);
        const id = this.mem.readU32(slot + BigInt(VIRTQ_RING.USED_ELEM_ID));
        const len = this.mem.readU32(slot + BigInt(VIRTQ_RING.USED_ELEM_LEN));
        s.usedIdx = (s.usedIdx + 1) & 0xffff;
        const p = s.inflight.get(id);
        if (!p) {
          unknown.push(`queue ${s.index}: used id ${id} len ${len} matches no chain in flight`);
          continue;
        }
        s.inflight.delete(id);
        const after = p.spec.bufs.map((b, i) => (b.len > 0 ? this.mem.read(p.addrs[i]!, b.len) : new Uint8Array(0)));
        done.push({ placed: p, usedLen: len, after });
        this.release(p, true);
      }
    }
  }

  /** Free memory, revoke grants, return descriptors (only for chains the device gave back). */
  private release(p: Placed, freeDescs: boolean): void {
    const s = this.q(p.queue);
    void Promise.all(p.grants).then((ids) => {
      for (const id of ids) {
        try {
          this.con.revoke(id);
        } catch {
          // console closing
        }
      }
    });
    for (const a of p.addrs) this.mem.free(a);
    for (const t of p.tables) this.mem.free(t);
    if (freeDescs) s.free.push(...p.ringDescs);
  }

  /** Chains still in flight (after a hang). */
  stuck(): Placed[] {
    return [...this.qs.values()].flatMap((s) => [...s.inflight.values()]);
  }

  /** Return and clear the MSI messages collected so far. */
  async takeMsis(): Promise<{ addr: bigint; data: number; cycle: number }[]> {
    await this.con.idle();
    const log = await this.con.irqs();
    const all = [...this.msis, ...log.messages];
    this.msis = [];
    return all;
  }

  /** Let the simulator run `n` cycles (console counts are hex). */
  async settle(n: number): Promise<void> {
    await this.con.idle();
    const cycle = Number(await this.con.command(`run ${n.toString(16)}`));
    this.con.cycle = cycle;
  }

  /** Simple request/response (well-formed chain), for session setup. */
  async submitWait(queue: number, spec: ChainSpec, limit = 2_000_000): Promise<Completed> {
    await this.con.idle();
    const p = this.place(queue, spec, 0);
    if (!p) throw new Error(`queue ${queue}: no free descriptors`);
    await this.publish([p]);
    const r = await this.run(limit);
    const c = r.done.find((d) => d.placed === p);
    if (!c) throw new Error(`queue ${queue}: request did not complete in ${limit} cycles`);
    return c;
  }
}
