// Split virtqueue driver logic against a JavaScript device model on a plain buffer.
import { describe, expect, it } from 'vitest';
import { BufferMemory } from '../../src/bridge/host-memory.ts';
import { SPLIT_RING, VIRTQ_DESC_F } from '../../src/constants/virtio.ts';
import {
  availIdxAddr,
  availRingBytes,
  availSlotAddr,
  descAddr,
  descTableBytes,
  needEvent,
  usedEventAddr,
  usedRingBytes,
  type RingAddresses,
} from '../../src/virtio/ring-layout.ts';
import { SplitVirtqueue, type Segment } from '../../src/virtio/virtqueue.ts';
import { RingModel } from './ring-model.ts';

const BASE = 0x1_0000_0000n;

function setup(size: number, eventIdx = false) {
  const mem = new BufferMemory(BASE, 1 << 20);
  const rings: RingAddresses = {
    desc: mem.alloc(descTableBytes(size), SPLIT_RING.DESC_ALIGN),
    avail: mem.alloc(availRingBytes(size), SPLIT_RING.AVAIL_ALIGN),
    used: mem.alloc(usedRingBytes(size), SPLIT_RING.USED_ALIGN),
  };
  const vq = new SplitVirtqueue(mem, 0, size, rings, eventIdx);
  return { mem, rings, vq };
}

function readDesc(mem: BufferMemory, at: bigint) {
  const b = Buffer.from(mem.read(at, 16));
  return { addr: b.readBigUInt64LE(0), len: b.readUInt32LE(8), flags: b.readUInt16LE(12), next: b.readUInt16LE(14) };
}

describe('ring layout', () => {
  it('has the spec sizes and offsets', () => {
    expect(descTableBytes(8)).toBe(128);
    expect(availRingBytes(8)).toBe(6 + 16);
    expect(usedRingBytes(8)).toBe(6 + 64);
    const r = { desc: 0x1000n, avail: 0x2000n, used: 0x3000n };
    expect(availSlotAddr(r, 3)).toBe(0x2000n + 4n + 6n);
    expect(usedEventAddr(r, 8)).toBe(0x2000n + 4n + 16n);
    expect(descAddr(r, 2)).toBe(0x1020n);
  });

  it('implements vring_need_event', () => {
    expect(needEvent(0, 1, 0)).toBe(true);
    expect(needEvent(5, 5, 4)).toBe(false);
    expect(needEvent(4, 5, 4)).toBe(true);
    expect(needEvent(0xffff, 0, 0xfffe)).toBe(true); // wraps
    expect(needEvent(10, 5, 4)).toBe(false);
  });
});

describe('SplitVirtqueue', () => {
  it('writes a direct chain: readable first, WRITE on writable, NEXT links', () => {
    const { mem, rings, vq } = setup(8);
    const segs: Segment[] = [
      { addr: BASE + 0x8000n, len: 24, writable: false },
      { addr: BASE + 0x9000n, len: 7, writable: false },
      { addr: BASE + 0xa000n, len: 33, writable: true },
    ];
    const head = vq.add(segs);
    vq.publish([head]);
    let d = readDesc(mem, descAddr(rings, head));
    const seen = [];
    for (;;) {
      seen.push(d);
      if (!(d.flags & VIRTQ_DESC_F.NEXT)) break;
      d = readDesc(mem, descAddr(rings, d.next));
    }
    expect(seen.map((x) => [x.addr, x.len, x.flags & ~VIRTQ_DESC_F.NEXT])).toEqual([
      [BASE + 0x8000n, 24, 0],
      [BASE + 0x9000n, 7, 0],
      [BASE + 0xa000n, 33, VIRTQ_DESC_F.WRITE],
    ]);
    expect(seen.map((x) => x.flags & VIRTQ_DESC_F.NEXT)).toEqual([1, 1, 0]);
    expect(mem.readU16(availIdxAddr(rings))).toBe(1);
    expect(mem.readU16(availSlotAddr(rings, 0))).toBe(head);
    expect(vq.numFree).toBe(5);
  });

  it('writes one indirect descriptor pointing at a table', () => {
    const { mem, rings, vq } = setup(4);
    const table = mem.alloc(16 * 6, 16);
    const segs: Segment[] = Array.from({ length: 6 }, (_, i) => ({ addr: BASE + 0x10000n + BigInt(i * 0x100), len: 10 + i, writable: i >= 4 }));
    const head = vq.add(segs, table);
    expect(vq.numFree).toBe(3);
    const d = readDesc(mem, descAddr(rings, head));
    expect(d).toEqual({ addr: table, len: 96, flags: VIRTQ_DESC_F.INDIRECT, next: 0 });
    for (let i = 0; i < 6; i++) {
      const t = readDesc(mem, table + BigInt(16 * i));
      expect(t.addr).toBe(segs[i]!.addr);
      expect(t.len).toBe(segs[i]!.len);
      expect(t.flags).toBe((i < 5 ? VIRTQ_DESC_F.NEXT : 0) | (i >= 4 ? VIRTQ_DESC_F.WRITE : 0));
      expect(t.next).toBe(i < 5 ? i + 1 : 0);
    }
  });

  it('refuses readable buffers after writable ones and chains longer than the queue', () => {
    const { vq } = setup(2);
    expect(() => vq.add([{ addr: BASE, len: 1, writable: true }, { addr: BASE, len: 1, writable: false }])).toThrow(/precede/);
    expect(() => vq.add([1, 2, 3].map(() => ({ addr: BASE, len: 1, writable: false })))).toThrow(/exceeds/);
    expect(() => vq.add([])).toThrow(/at least one/);
  });

  it('round-trips through the model and frees descriptors', () => {
    const { mem, rings, vq } = setup(8);
    const model = new RingModel(mem, rings, 8);
    const src = mem.alloc(16);
    mem.write(src, new Uint8Array([1, 2, 3, 4]));
    const dst = mem.alloc(16);
    const head = vq.add([
      { addr: src, len: 4, writable: false },
      { addr: dst, len: 6, writable: true },
    ]);
    vq.publish([head]);
    expect(model.process()).toBe(1);
    expect(vq.collectUsed()).toEqual([{ head, len: 6 }]);
    expect([...mem.read(dst, 6)]).toEqual([0xfe, 0xfd, 0xfc, 0xfb, 0xfe, 0xfd]);
    expect(vq.numFree).toBe(8);
    expect(vq.collectUsed()).toEqual([]);
  });

  it('keeps free-running 16-bit indices correct past 65535', () => {
    const size = 4;
    const { mem, rings, vq } = setup(size);
    const model = new RingModel(mem, rings, size);
    const buf = mem.alloc(8);
    const out = mem.alloc(8);
    const total = 70_000;
    let completed = 0;
    let submitted = 0;
    while (completed < total) {
      const heads: number[] = [];
      while (submitted < total && vq.canAdd(2, false) && heads.length < 3) {
        heads.push(vq.add([{ addr: buf, len: 8, writable: false }, { addr: out, len: 8, writable: true }]));
        submitted++;
      }
      if (heads.length) vq.publish(heads);
      model.process(2);
      const used = vq.collectUsed();
      for (const u of used) if (u.unknown || u.len !== 8) throw new Error(`bad completion ${JSON.stringify(u)}`);
      completed += used.length;
    }
    expect(vq.nextAvailIdx).toBe(total & 0xffff);
    expect(vq.lastUsedIdx).toBe(total & 0xffff);
    expect(mem.readU16(availIdxAddr(rings))).toBe(total % 65536);
    expect(model.seen.length).toBe(total);
    expect(vq.numFree).toBe(size);
  });

  it('starts near the wrap point with a full ring in flight', () => {
    const size = 16;
    const { mem, rings, vq } = setup(size, true);
    vq.reset(0xfff8);
    const model = new RingModel(mem, rings, size, 0xfff8);
    const b = mem.alloc(4);
    for (let round = 0; round < 4; round++) {
      const heads = Array.from({ length: size }, () => vq.add([{ addr: b, len: 4, writable: true }]));
      vq.publish(heads);
      expect(model.process()).toBe(size);
      const used = vq.collectUsed();
      expect(used.map((u) => u.head).sort((x, y) => x - y)).toEqual(heads.slice().sort((x, y) => x - y));
      // EVENT_IDX: used_event tracks the last collected used index.
      expect(mem.readU16(usedEventAddr(rings, size))).toBe(vq.lastUsedIdx);
    }
    expect(vq.lastUsedIdx).toBe((0xfff8 + 4 * size) & 0xffff);
  });

  it('detects a used.idx that jumps by more than the queue size', () => {
    const { mem, rings, vq } = setup(4);
    mem.writeU16(rings.used + 2n, 9);
    expect(() => vq.collectUsed()).toThrow(/jumped/);
  });

  it('reports a used entry for a head it never published as unknown', () => {
    const { mem, rings, vq } = setup(4);
    mem.writeU32(rings.used + 4n, 3);
    mem.writeU16(rings.used + 2n, 1);
    expect(vq.collectUsed()).toEqual([{ head: 3, len: 0, unknown: true }]);
  });
});
