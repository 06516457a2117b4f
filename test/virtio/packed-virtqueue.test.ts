// PackedVirtqueue (driver side of a packed ring) against the spec-written device double on a
// plain buffer: descriptor format and write order, wrap counters over many laps, sizes that are
// not powers of two, chains, indirect tables, out-of-order and IN_ORDER batched completion, event
// suppression, notification data.
import { describe, expect, it } from 'vitest';
import { BufferMemory, type MemoryPort } from '../../src/bridge/host-memory.ts';
import { PACKED_DESC, PACKED_DESC_F, PACKED_EVENT_FLAGS, PACKED_RING } from '../../src/constants/virtio.ts';
import { PackedVirtqueue } from '../../src/virtio/packed-virtqueue.ts';
import { SplitVirtqueue } from '../../src/virtio/virtqueue.ts';
import { allocRings } from '../../src/virtio/init.ts';
import type { Segment } from '../../src/virtio/virtqueue-types.ts';
import { doubleResponse, PackedDeviceDouble, type CompletionOrder } from './helpers/packed-device-double.ts';

const BASE = 0x1_0000_0000n;

/** A MemoryPort that logs every write (address, length) on top of BufferMemory. */
class LoggingMemory extends BufferMemory {
  readonly log: { addr: bigint; len: number }[] = [];
  override write(addr: bigint, data: Uint8Array): void {
    this.log.push({ addr, len: data.length });
    super.write(addr, data);
  }
}

function setup(size: number, opts: { eventIdx?: boolean; inOrder?: boolean; index?: number } = {}) {
  const mem = new LoggingMemory(BASE, 4 << 20);
  const rings = allocRings(mem, size, true);
  const vq = new PackedVirtqueue(mem, opts.index ?? 0, size, rings, opts);
  const dev = new PackedDeviceDouble(mem, rings, size);
  return { mem, rings, vq, dev };
}

function readDesc(mem: MemoryPort, at: bigint) {
  const b = Buffer.from(mem.read(at, 16));
  return { addr: b.readBigUInt64LE(0), len: b.readUInt32LE(8), id: b.readUInt16LE(12), flags: b.readUInt16LE(14) };
}

/** Allocate and fill buffers for a request; returns segments plus what to expect. */
function buffers(mem: MemoryPort, readable: Uint8Array[], writable: number[]): Segment[] {
  const segs: Segment[] = [];
  for (const r of readable) {
    const addr = mem.alloc(Math.max(1, r.length), 16);
    if (r.length) mem.write(addr, r);
    segs.push({ addr, len: r.length, writable: false });
  }
  for (const len of writable) {
    const addr = mem.alloc(Math.max(1, len), 16);
    mem.fill(addr, Math.max(1, len), 0);
    segs.push({ addr, len, writable: true });
  }
  return segs;
}

const AVAIL_W1 = PACKED_DESC_F.AVAIL; // available, driver wrap counter 1
const AVAIL_W0 = PACKED_DESC_F.USED; // available, driver wrap counter 0

describe('PackedVirtqueue: descriptors', () => {
  it('writes a direct chain with the buffer id, NEXT/WRITE and the wrap bits; the head only on publish', () => {
    const { mem, rings, vq } = setup(8);
    const segs: Segment[] = [
      { addr: 0x1_0001_0000n, len: 72, writable: false },
      { addr: 0x1_0002_0000n, len: 16, writable: false },
      { addr: 0x1_0003_0000n, len: 33, writable: true },
    ];
    const id = vq.add(segs);
    expect(vq.numFree).toBe(5);
    const d = [0, 1, 2].map((i) => readDesc(mem, rings.desc + BigInt(16 * i)));
    expect(d.map((x) => x.addr)).toEqual(segs.map((s) => s.addr));
    expect(d.map((x) => x.len)).toEqual([72, 16, 33]);
    expect(d.map((x) => x.id)).toEqual([id, id, id]);
    expect(d[0]!.flags).toBe(0); // not yet visible
    expect(d[1]!.flags).toBe(PACKED_DESC_F.NEXT | AVAIL_W1);
    expect(d[2]!.flags).toBe(PACKED_DESC_F.WRITE | AVAIL_W1);
    vq.publish([id]);
    expect(readDesc(mem, rings.desc).flags).toBe(PACKED_DESC_F.NEXT | AVAIL_W1);
    expect(vq.nextAvail).toEqual({ pos: 3, wrap: 1 });
  });

  it('writes each descriptor flags-last and, in publish(), the first chain head last', () => {
    const { mem, rings, vq } = setup(8);
    mem.log.length = 0;
    const a = vq.add([{ addr: 0x1_0001_0000n, len: 4, writable: false }, { addr: 0x1_0002_0000n, len: 4, writable: true }]);
    const b = vq.add([{ addr: 0x1_0003_0000n, len: 4, writable: true }]);
    const flagsOf = (pos: number) => rings.desc + BigInt(16 * pos + PACKED_DESC.FLAGS);
    // add(): descriptor 1 body (addr/len/id) then its flags; the head's flags are not written.
    const addWrites = mem.log.map((w) => w.addr);
    expect(addWrites).not.toContain(flagsOf(0));
    expect(addWrites.indexOf(flagsOf(1))).toBeGreaterThan(addWrites.indexOf(rings.desc + 16n));
    mem.log.length = 0;
    vq.publish([a, b]);
    expect(mem.log.map((w) => w.addr)).toEqual([flagsOf(2), flagsOf(0)]);
  });

  it('puts an indirect chain behind one INDIRECT descriptor; table entries carry only WRITE', () => {
    const { mem, rings, vq, dev } = setup(4);
    const table = mem.alloc(16 * 3, PACKED_RING.DESC_ALIGN);
    const segs = buffers(mem, [new Uint8Array([1, 2, 3])], [5, 2]);
    const id = vq.add(segs, table);
    vq.publish([id]);
    expect(vq.numFree).toBe(3);
    const ring = readDesc(mem, rings.desc);
    expect(ring).toMatchObject({ addr: table, len: 48, id, flags: PACKED_DESC_F.INDIRECT | AVAIL_W1 });
    expect([0, 1, 2].map((i) => readDesc(mem, table + BigInt(16 * i)).flags)).toEqual([0, PACKED_DESC_F.WRITE, PACKED_DESC_F.WRITE]);
    expect(dev.process()).toBe(1);
    expect(dev.seen[0]!.indirect).toBe(true);
    expect(vq.collectUsed()).toEqual([{ head: id, len: 7 }]);
    expect(vq.numFree).toBe(4);
    expect(mem.read(segs[1]!.addr, 5)).toEqual(doubleResponse([new Uint8Array([1, 2, 3])], [5, 2])[0]);
  });

  it('rejects bad sizes and chains', () => {
    const mem = new BufferMemory(BASE, 1 << 20);
    const rings = allocRings(mem, 3, true);
    expect(() => new PackedVirtqueue(mem, 0, 0, rings)).toThrow(RangeError);
    expect(() => new PackedVirtqueue(mem, 0, 32769, rings)).toThrow(RangeError);
    const vq = new PackedVirtqueue(mem, 0, 3, rings);
    expect(() => vq.add([])).toThrow();
    expect(() => vq.add([{ addr: BASE, len: 1, writable: true }, { addr: BASE, len: 1, writable: false }])).toThrow(/precede/);
    expect(() => vq.add(Array.from({ length: 4 }, () => ({ addr: BASE, len: 1, writable: false })))).toThrow(/exceeds/);
    expect(() => vq.publish([2])).toThrow(/not added/);
  });
});

describe('PackedVirtqueue: wrap counters and completion', () => {
  const cases: [number, CompletionOrder][] = [
    [1, 'fifo'],
    [3, 'fifo'],
    [3, 'random'],
    [7, 'reverse'],
    [7, 'random'],
    [8, 'random'],
    [100, 'random'],
  ];
  it.each(cases)('size %i, %s completion: many laps of the wrap counter', (size, order) => {
    const { mem, vq, dev } = setup(size);
    let seq = 0;
    let laps = 0;
    let lastWrap = 1;
    const live = new Map<number, { readable: Uint8Array[]; writable: number[]; segs: Segment[] }>();
    let completed = 0;
    const target = size * 40 + 17;
    for (let iter = 0; completed < target; iter++) {
      if (iter > 4 * target) throw new Error(`no progress: ${completed} of ${target} completed`);
      // Fill the ring with chains of 1..3 descriptors (some indirect), publish in batches.
      const batch: number[] = [];
      for (;;) {
        const nseg = 1 + (seq % 3);
        const indirect = seq % 5 === 4 || nseg > size;
        if (!vq.canAdd(nseg, indirect) || seq >= target) break;
        const readable = [new Uint8Array(3 + (seq % 4)).fill(seq & 0xff)];
        const writable = Array.from({ length: nseg - 1 }, (_, k) => 2 + ((seq + k) % 5));
        const segs = buffers(mem, readable, writable);
        const table = indirect ? mem.alloc(16 * segs.length, 16) : undefined;
        const id = vq.add(segs, table);
        expect(live.has(id)).toBe(false);
        live.set(id, { readable, writable, segs });
        batch.push(id);
        seq++;
        if (batch.length === 2) vq.publish(batch.splice(0));
      }
      if (batch.length) vq.publish(batch);
      dev.process(1 + (seq % 4), order);
      for (const u of vq.collectUsed()) {
        expect(u.unknown).toBeUndefined();
        const r = live.get(u.head)!;
        expect(r).toBeDefined();
        expect(u.len).toBe(r.writable.reduce((a, b) => a + b, 0));
        const got = r.segs.filter((s) => s.writable).map((s) => mem.read(s.addr, s.len));
        expect(got).toEqual(doubleResponse(r.readable, r.writable));
        for (const s of r.segs) mem.free(s.addr);
        live.delete(u.head);
        completed++;
      }
      // The driver's and the double's view of the used position agree.
      expect(vq.nextUsed).toEqual({ pos: dev.usedPos, wrap: dev.usedWrap });
      expect(vq.nextAvail).toEqual({ pos: dev.availPos, wrap: dev.availWrap });
      if (vq.nextAvail.wrap !== lastWrap) {
        laps++;
        lastWrap = vq.nextAvail.wrap;
      }
    }
    // Drain what is left.
    for (let iter = 0; live.size; iter++) {
      if (iter > size) throw new Error(`${live.size} buffers never returned`);
      dev.process(Infinity, order);
      for (const u of vq.collectUsed()) live.delete(u.head);
    }
    expect(vq.numFree).toBe(size);
    expect(vq.inFlight).toBe(0);
    expect(laps).toBeGreaterThanOrEqual(20);
  });

  it('advances the used position by the returned chain\'s descriptor count (out of order)', () => {
    const { mem, vq, dev } = setup(7);
    const a = vq.add(buffers(mem, [new Uint8Array(1)], [1, 1])); // 3 descriptors
    const b = vq.add(buffers(mem, [new Uint8Array(1)], [])); // 1
    const c = vq.add(buffers(mem, [new Uint8Array(1)], [2])); // 2
    vq.publish([a, b, c]);
    dev.fetch();
    const [ca, cb, cc] = dev.pending.splice(0);
    dev.complete(cc!);
    expect(vq.collectUsed()).toEqual([{ head: c, len: 2 }]);
    expect(vq.nextUsed).toEqual({ pos: 2, wrap: 1 });
    dev.complete(ca!);
    dev.complete(cb!);
    expect(vq.collectUsed()).toEqual([
      { head: a, len: 2 },
      { head: b, len: 0 },
    ]);
    expect(vq.nextUsed).toEqual({ pos: 6, wrap: 1 });
    expect(vq.numFree).toBe(7);
  });

  it('expands an IN_ORDER batch: one used descriptor for several buffers', () => {
    const { mem, vq, dev } = setup(8, { inOrder: true });
    dev.batch = 3;
    const ids: number[] = [];
    const wl = [[4], [1, 2], [], [7]];
    for (const w of wl) ids.push(vq.add(buffers(mem, [new Uint8Array(2)], w)));
    vq.publish(ids);
    expect(dev.process()).toBe(4);
    expect(dev.usedWrites).toBe(2);
    expect(vq.collectUsed()).toEqual([
      { head: ids[0], len: 4 },
      { head: ids[1], len: 3 },
      { head: ids[2], len: 0 },
      { head: ids[3], len: 7 },
    ]);
    // 2 + 3 + 1 + 2 = 8 descriptors on a ring of 8: the used wrap counter flipped.
    expect(vq.nextUsed).toEqual({ pos: 0, wrap: 0 });
    expect(vq.numFree).toBe(8);
    const more = [vq.add(buffers(mem, [], [1])), vq.add(buffers(mem, [], [2, 3]))];
    vq.publish(more);
    dev.process();
    expect(vq.collectUsed()).toEqual([
      { head: more[0], len: 1 },
      { head: more[1], len: 5 },
    ]);
    expect(vq.nextUsed).toEqual({ pos: 3, wrap: 0 });
  });

  it('keeps IN_ORDER batches right across many laps', () => {
    const { mem, vq, dev } = setup(6, { inOrder: true });
    let total = 0;
    for (let round = 0; round < 200; round++) {
      dev.batch = 1 + (round % 4);
      const ids: number[] = [];
      while (vq.canAdd(1 + ((total + ids.length) % 2), false)) {
        const n = ids.length + total;
        ids.push(vq.add(buffers(mem, [], n % 2 ? [1, 1] : [3])));
      }
      vq.publish(ids);
      dev.process();
      const used = vq.collectUsed();
      expect(used.map((u) => u.head)).toEqual(ids);
      expect(used.every((u) => u.len === (vq.writableLength(u.head) ?? u.len))).toBe(true);
      total += ids.length;
      expect(vq.nextUsed).toEqual({ pos: dev.usedPos, wrap: dev.usedWrap });
    }
    expect(vq.numFree).toBe(6);
  });

  it('reports an id that was never published as unknown', () => {
    const { vq, dev } = setup(4);
    dev.writeUsed(3, 9, 1);
    expect(vq.collectUsed()).toEqual([{ head: 3, len: 9, unknown: true }]);
  });

  it('does not see a used descriptor of the previous lap as new', () => {
    const { mem, vq, dev } = setup(2);
    for (let i = 0; i < 5; i++) {
      const id = vq.add(buffers(mem, [], [1, 1]));
      vq.publish([id]);
      expect(vq.waitValue()).toBe(vq.readUsedIdx()); // nothing to collect: wait on the current word
      dev.process();
      expect(vq.readUsedIdx()).not.toBe(vq.waitValue()); // collectable: a wait returns at once
      expect(vq.collectUsed()).toEqual([{ head: id, len: 2 }]);
      expect(vq.collectUsed()).toEqual([]);
      expect(vq.waitValue()).toBe(vq.readUsedIdx());
    }
  });
});

describe('PackedVirtqueue: event suppression and notification data', () => {
  it('without EVENT_IDX: ENABLE, DISABLE on setNoInterrupt(true)', () => {
    const { mem, vq, dev } = setup(4);
    expect(vq.readDriverEvent()).toEqual({ off: 0, wrap: 0, flags: PACKED_EVENT_FLAGS.ENABLE });
    vq.publish([vq.add(buffers(mem, [], [1]))]);
    dev.process();
    expect(dev.interrupts).toBe(1);
    vq.collectUsed();
    vq.setNoInterrupt(true);
    expect(vq.readDriverEvent().flags).toBe(PACKED_EVENT_FLAGS.DISABLE);
    vq.publish([vq.add(buffers(mem, [], [1]))]);
    dev.process();
    expect(dev.interrupts).toBe(1);
    vq.collectUsed();
    expect(vq.readDriverEvent().flags).toBe(PACKED_EVENT_FLAGS.DISABLE); // collection keeps it off
    vq.setNoInterrupt(false);
    expect(vq.readDriverEvent().flags).toBe(PACKED_EVENT_FLAGS.ENABLE);
  });

  it('with EVENT_IDX: DESC at the used position and wrap counter after every collection', () => {
    const { mem, vq, dev } = setup(3, { eventIdx: true });
    expect(vq.readDriverEvent()).toEqual({ off: 0, wrap: 1, flags: PACKED_EVENT_FLAGS.DESC });
    let interrupts = 0;
    for (let i = 0; i < 10; i++) {
      const id = vq.add(buffers(mem, [], [1, 1]));
      vq.publish([id]);
      dev.process();
      interrupts++;
      expect(dev.interrupts).toBe(interrupts); // the used descriptor at the event offset interrupts
      vq.collectUsed();
      expect(vq.readDriverEvent()).toEqual({ off: vq.nextUsed.pos, wrap: vq.nextUsed.wrap, flags: PACKED_EVENT_FLAGS.DESC });
    }
    // Two completions without a collection in between: only the first interrupts.
    const a = vq.add(buffers(mem, [], [1]));
    const b = vq.add(buffers(mem, [], [1]));
    vq.publish([a, b]);
    dev.process(1);
    dev.process(1);
    expect(dev.interrupts).toBe(interrupts + 1);
    expect(vq.collectUsed().map((u) => u.head)).toEqual([a, b]);
  });

  it('notifyValue: index | next offset << 16 | driver wrap << 31, across a wrap', () => {
    const { mem, vq, dev } = setup(3, { index: 5 });
    expect(vq.notifyValue()).toBe(((1 << 31) | 5) >>> 0);
    vq.publish([vq.add(buffers(mem, [], [1, 1]))]);
    expect(vq.notifyValue()).toBe(((1 << 31) | (2 << 16) | 5) >>> 0);
    dev.process();
    vq.collectUsed();
    const x = vq.add(buffers(mem, [], [1, 1])); // wraps: positions 2, 0
    vq.publish([x]);
    expect(vq.nextAvail).toEqual({ pos: 1, wrap: 0 });
    expect(vq.notifyValue()).toBe((1 << 16) | 5);
  });

  it('split notifyValue: the next avail.idx in bits 31..16', () => {
    const mem = new BufferMemory(BASE, 1 << 20);
    const vq = new SplitVirtqueue(mem, 3, 4, allocRings(mem, 4, false), false);
    expect(vq.notifyValue()).toBe(3);
    vq.reset(0xfffe);
    vq.publish([vq.add([{ addr: BASE, len: 1, writable: true }])]);
    expect(vq.notifyValue()).toBe(((0xffff << 16) | 3) >>> 0);
    vq.publish([vq.add([{ addr: BASE, len: 1, writable: true }])]);
    expect(vq.notifyValue()).toBe(3);
  });

  it('reset() zeroes the ring and both event areas and restarts the wrap counters', () => {
    const { mem, rings, vq, dev } = setup(3, { eventIdx: true });
    for (let i = 0; i < 4; i++) {
      vq.publish([vq.add(buffers(mem, [], [1]))]);
      dev.process();
      vq.collectUsed();
    }
    vq.publish([vq.add(buffers(mem, [], [1]))]);
    dev.setDeviceEvent(PACKED_EVENT_FLAGS.DISABLE);
    expect(vq.readDeviceEvent().flags).toBe(PACKED_EVENT_FLAGS.DISABLE);
    vq.reset();
    dev.reset();
    expect([...mem.read(rings.desc, 48)].every((x) => x === 0)).toBe(true);
    expect(vq.readDeviceEvent()).toEqual({ off: 0, wrap: 0, flags: 0 });
    expect(vq.nextAvail).toEqual({ pos: 0, wrap: 1 });
    expect(vq.nextUsed).toEqual({ pos: 0, wrap: 1 });
    expect(vq.numFree).toBe(3);
    expect(vq.inFlight).toBe(0);
    const id = vq.add(buffers(mem, [], [2]));
    vq.publish([id]);
    dev.process();
    expect(vq.collectUsed()).toEqual([{ head: id, len: 2 }]);
  });

  it('both ring kinds expose the same Virtqueue members', () => {
    const mem = new BufferMemory(BASE, 1 << 20);
    const qs = [new SplitVirtqueue(mem, 0, 4, allocRings(mem, 4, false), true), new PackedVirtqueue(mem, 0, 3, allocRings(mem, 3, true))];
    for (const q of qs) {
      const t = q.add([{ addr: BASE, len: 4, writable: true }]);
      q.publish([t]);
      expect(q.submissionOrder).toEqual([t]);
      expect(q.writableLength(t)).toBe(4);
      expect(q.inFlight).toBe(1);
      expect(q.readUsedIdx()).toBe(q.waitValue()); // nothing new yet
    }
    expect(qs.map((q) => q.kind)).toEqual(['split', 'packed']);
  });
});
