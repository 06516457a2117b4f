// SplitVirtqueue with VIRTIO_F_IN_ORDER: descriptors handed out in ring order, and batched used
// entries (one entry, id of the batch's last buffer, used.idx advanced by the batch size) expanded
// so every earlier buffer completes with len = its writable total. Both placements of the one
// entry are accepted: the batch's first slot (spec: "write out a single used ring entry … then
// skip forward") and its last slot.
import { describe, expect, it } from 'vitest';
import { BufferMemory, type MemoryPort } from '../../src/bridge/host-memory.ts';
import { USED_ID_POISON } from '../../src/constants/virtio.ts';
import { allocRings } from '../../src/virtio/init.ts';
import { descAddr, usedIdxAddr, usedSlotAddr } from '../../src/virtio/ring-layout.ts';
import { SplitVirtqueue } from '../../src/virtio/virtqueue.ts';
import type { Segment } from '../../src/virtio/virtqueue-types.ts';
import { doubleResponse, InOrderSplitDouble, type BatchSlot } from './helpers/packed-device-double.ts';

const BASE = 0x1_0000_0000n;

function setup(size: number, slot: BatchSlot = 'first', eventIdx = false) {
  const mem = new BufferMemory(BASE, 4 << 20);
  const rings = allocRings(mem, size, false);
  const vq = new SplitVirtqueue(mem, 0, size, rings, eventIdx, { inOrder: true });
  const dev = new InOrderSplitDouble(mem, rings, size, slot);
  return { mem, rings, vq, dev };
}

function buffers(mem: MemoryPort, readable: Uint8Array[], writable: number[]): Segment[] {
  return [
    ...readable.map((r) => {
      const addr = mem.alloc(Math.max(1, r.length), 16);
      if (r.length) mem.write(addr, r);
      return { addr, len: r.length, writable: false };
    }),
    ...writable.map((len) => {
      const addr = mem.alloc(Math.max(1, len), 16);
      mem.fill(addr, Math.max(1, len), 0);
      return { addr, len, writable: true };
    }),
  ];
}

describe('SplitVirtqueue IN_ORDER', () => {
  it('hands out descriptors in ring order, wrapping at the end of the table', () => {
    const { mem, vq, dev } = setup(4);
    const heads: number[] = [];
    heads.push(vq.add(buffers(mem, [new Uint8Array(1)], [1]))); // 0,1
    heads.push(vq.add(buffers(mem, [], [1]))); // 2
    vq.publish(heads);
    dev.batch = 1;
    dev.process();
    vq.collectUsed();
    const h = vq.add(buffers(mem, [new Uint8Array(1)], [1, 1])); // 3,0,1
    expect([heads[0], heads[1], h]).toEqual([0, 2, 3]);
    const b = Buffer.from(mem.read(descAddr(vq.rings, 3), 16));
    expect(b.readUInt16LE(14)).toBe(0); // next of descriptor 3 is 0
    expect(vq.numFree).toBe(1);
  });

  it.each(['first', 'last'] as BatchSlot[])('expands a batch whose entry is in the %s slot', (slot) => {
    const { mem, vq, dev } = setup(16, slot);
    dev.batch = 3;
    const wl = [[4], [1, 2], [6], [3]];
    const readable = wl.map((_, i) => [new Uint8Array([i + 1, 7])]);
    const segs = wl.map((w, i) => buffers(mem, readable[i]!, w));
    const heads = segs.map((s) => vq.add(s));
    vq.publish(heads);
    expect(dev.process()).toBe(4); // a batch of 3 and one of 1
    expect(vq.readUsedIdx()).toBe(4);
    const used = vq.collectUsed();
    expect(used).toEqual([
      { head: heads[0], len: 4 },
      { head: heads[1], len: 3 },
      { head: heads[2], len: 6 },
      { head: heads[3], len: 3 },
    ]);
    segs.forEach((s, i) => {
      const got = s.filter((x) => x.writable).map((x) => mem.read(x.addr, x.len));
      expect(got).toEqual(doubleResponse(readable[i]!, wl[i]!));
    });
    expect(vq.numFree).toBe(16);
    expect(vq.inFlight).toBe(0);
  });

  it.each(['first', 'last'] as BatchSlot[])('stays right over 16-bit index wrap with varying batches (%s slot)', (slot) => {
    const { mem, vq, dev } = setup(4, slot, true);
    vq.reset(0xfff0);
    dev.lastAvail = 0xfff0;
    dev.usedIdx = 0xfff0;
    let done = 0;
    for (let round = 0; round < 120; round++) {
      dev.batch = 1 + (round % 5);
      const heads: number[] = [];
      const wls: number[] = [];
      while (vq.canAdd(1 + (round % 2), false) && heads.length < 4) {
        const wl = 1 + ((round + heads.length) % 3);
        wls.push(round % 2 ? wl + 1 : wl);
        heads.push(vq.add(buffers(mem, round % 2 ? [new Uint8Array(1)] : [], round % 2 ? [1, wl] : [wl])));
      }
      vq.publish(heads);
      dev.process(1 + (round % 3)); // partial progress: some buffers stay in flight across rounds
      const used = vq.collectUsed();
      for (const u of used) {
        expect(u.unknown).toBeUndefined();
        done++;
      }
      // used_event follows the collection (EVENT_IDX)
      expect(mem.readU16(vq.rings.avail + 4n + 8n)).toBe(vq.lastUsedIdx);
    }
    dev.batch = 2;
    for (let iter = 0; vq.inFlight; iter++) {
      if (iter > 8) throw new Error(`${vq.inFlight} buffers never returned`);
      dev.process();
      done += vq.collectUsed().length;
    }
    expect(vq.lastUsedIdx).toBe(dev.usedIdx);
    expect(vq.numFree).toBe(4);
    expect(done).toBeGreaterThan(100);
  });

  it('poisons consumed used slots so a skipped slot is never taken for a fresh entry', () => {
    const { mem, rings, vq, dev } = setup(4, 'last');
    for (let s = 0; s < 4; s++) expect(mem.readU32(usedSlotAddr(rings, s))).toBe(USED_ID_POISON);
    const heads = [vq.add(buffers(mem, [], [1])), vq.add(buffers(mem, [], [1]))];
    vq.publish(heads);
    dev.batch = 2;
    dev.process();
    expect(vq.collectUsed().map((u) => u.head)).toEqual(heads);
    expect(mem.readU32(usedSlotAddr(rings, 0))).toBe(USED_ID_POISON);
    expect(mem.readU32(usedSlotAddr(rings, 1))).toBe(USED_ID_POISON);
  });

  it('reports unknown when used.idx moved but no slot names a buffer in flight', () => {
    const { mem, rings, vq } = setup(4);
    vq.publish([vq.add(buffers(mem, [], [1]))]);
    mem.writeU16(usedIdxAddr(rings), 1); // device advanced used.idx without writing the entry
    expect(vq.collectUsed()).toEqual([{ head: USED_ID_POISON, len: 0, unknown: true }]);
  });

  it('reports unknown for a batch longer than used.idx moved', () => {
    const { mem, rings, vq } = setup(4);
    const heads = [vq.add(buffers(mem, [], [1])), vq.add(buffers(mem, [], [1]))];
    vq.publish(heads);
    mem.writeU32(usedSlotAddr(rings, 0), heads[1]!); // entry names the 2nd buffer…
    mem.writeU16(usedIdxAddr(rings), 1); // …but used.idx moved by 1
    expect(vq.collectUsed()[0]).toMatchObject({ head: heads[1], unknown: true });
  });

  it('without IN_ORDER keeps one entry per buffer and the LIFO free list', () => {
    const mem = new BufferMemory(BASE, 1 << 20);
    const vq = new SplitVirtqueue(mem, 0, 4, allocRings(mem, 4, false), false);
    expect(vq.inOrder).toBe(false);
    const a = vq.add([{ addr: BASE, len: 1, writable: true }]);
    expect(a).toBe(0);
    expect(mem.readU32(usedSlotAddr(vq.rings, 0))).toBe(0); // used ring zeroed, not poisoned
  });
});
