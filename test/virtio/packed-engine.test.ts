// The completion engine over the Virtqueue interface: packed rings (sizes that are not powers of
// two, out-of-order and IN_ORDER batched completion), split IN_ORDER batches, and the queue-reset
// path (pause, dropQueue → QueueResetError, ring reset, release) against the device doubles.
import { describe, expect, it } from 'vitest';
import { BufferMemory } from '../../src/bridge/host-memory.ts';
import { CompletionEngine } from '../../src/virtio/completion.ts';
import { QueueResetError } from '../../src/virtio/errors.ts';
import { allocRings } from '../../src/virtio/init.ts';
import { PackedVirtqueue } from '../../src/virtio/packed-virtqueue.ts';
import { SplitVirtqueue } from '../../src/virtio/virtqueue.ts';
import type { Virtqueue } from '../../src/virtio/virtqueue-types.ts';
import {
  DoubleConsole,
  doubleResponse,
  InOrderSplitDouble,
  PackedDeviceDouble,
  type BatchSlot,
  type CompletionOrder,
} from './helpers/packed-device-double.ts';

const BASE = 0x1_0000_0000n;
const flush = () => new Promise((r) => setTimeout(r, 0));

function packedSetup(sizes: number[], opts: { inOrder?: boolean; eventIdx?: boolean; batch?: number; order?: CompletionOrder } = {}) {
  const mem = new BufferMemory(BASE, 8 << 20);
  const vqs = new Map<number, Virtqueue>();
  const doubles = new Map<number, PackedDeviceDouble>();
  sizes.forEach((size, q) => {
    const rings = allocRings(mem, size, true);
    vqs.set(q, new PackedVirtqueue(mem, q, size, rings, opts));
    const d = new PackedDeviceDouble(mem, rings, size);
    d.batch = opts.batch ?? 1;
    doubles.set(q, d);
  });
  const con = new DoubleConsole(mem, doubles);
  con.order = opts.order ?? 'fifo';
  const notified: number[] = [];
  const baseAllocs = mem.liveAllocations;
  const engine = new CompletionEngine(con, mem, vqs, (q) => notified.push(vqs.get(q)!.notifyValue()), { timeoutCycles: 5_000_000, sliceCycles: 1000 });
  return { mem, vqs, doubles, con, engine, notified, baseAllocs };
}

function traffic(engine: CompletionEngine, n: number, queues: number, maxSegs: (q: number) => number) {
  return Array.from({ length: n }, (_, i) => {
    const q = i % queues;
    const segs = 1 + (i % 3);
    const indirect = i % 4 === 0 || segs + 1 > maxSegs(q);
    const readable = Array.from({ length: segs }, (_, k) => new Uint8Array(3 + k + (i % 7)).fill(i & 0xff));
    const writableLengths = [2 + (i % 5)];
    return { q, readable, writableLengths, p: engine.submit(q, readable, writableLengths, { indirect }) };
  });
}

describe('CompletionEngine on packed rings', () => {
  it.each(['fifo', 'reverse', 'random'] as CompletionOrder[])('completes many requests on queues of 3, 7 and 100 (%s)', async (order) => {
    const sizes = [3, 7, 100];
    const { engine, con, mem, notified, baseAllocs, doubles } = packedSetup(sizes, { order, eventIdx: true });
    const reqs = traffic(engine, 300, 3, (q) => sizes[q]!);
    const results = await Promise.all(reqs.map((r) => r.p));
    results.forEach((res, i) => {
      const r = reqs[i]!;
      expect(res.usedLen).toBe(r.writableLengths[0]);
      expect(res.written).toEqual(doubleResponse(r.readable, r.writableLengths));
    });
    expect(engine.outstanding).toBe(0);
    expect(notified.length).toBeGreaterThan(0);
    expect(con.memEvents).toBeGreaterThan(0); // the watched flags word changed when the double completed
    // Every queue went round its ring many times.
    expect(doubles.get(0)!.seen.length).toBe(100);
    expect([...doubles.values()].flatMap((d) => d.seen).filter((c) => c.indirect).length).toBeGreaterThanOrEqual(75);
    await flush();
    expect(con.liveGrants.size).toBe(0);
    expect(mem.liveAllocations).toBe(baseAllocs);
  });

  it('expands IN_ORDER batches of the packed double', async () => {
    const { engine, doubles } = packedSetup([5, 8], { inOrder: true, batch: 3 });
    const reqs = traffic(engine, 120, 2, () => 5);
    const results = await Promise.all(reqs.map((r) => r.p));
    results.forEach((res, i) => expect(res.written).toEqual(doubleResponse(reqs[i]!.readable, reqs[i]!.writableLengths)));
    const d = doubles.get(0)!;
    expect(d.usedWrites).toBeLessThan(d.seen.length); // batches really were batched
  });

  it('notification data carries the next offset and wrap counter after each publish', async () => {
    const { engine, notified, vqs } = packedSetup([3]);
    await Promise.all(Array.from({ length: 7 }, () => engine.submit(0, [new Uint8Array(1)], [1])));
    for (const v of notified) {
      expect(v & 0xffff).toBe(0);
      expect((v >>> 16) & 0x7fff).toBeLessThan(3);
    }
    const last = notified[notified.length - 1]!;
    const { pos, wrap } = (vqs.get(0) as PackedVirtqueue).nextAvail;
    expect(last >>> 16).toBe(pos | (wrap << 15));
    expect(new Set(notified.map((v) => v >>> 31)).size).toBe(2); // both wrap values were seen
  });
});

describe('CompletionEngine on split IN_ORDER rings', () => {
  it.each(['first', 'last'] as BatchSlot[])('completes every request of batched used entries (%s slot)', async (slot) => {
    const mem = new BufferMemory(BASE, 8 << 20);
    const vqs = new Map<number, Virtqueue>();
    const doubles = new Map<number, InOrderSplitDouble>();
    [4, 8].forEach((size, q) => {
      const rings = allocRings(mem, size, false);
      vqs.set(q, new SplitVirtqueue(mem, q, size, rings, true, { inOrder: true }));
      const d = new InOrderSplitDouble(mem, rings, size, slot);
      d.batch = 3;
      doubles.set(q, d);
    });
    const con = new DoubleConsole(mem, doubles);
    con.perWait = 5;
    const engine = new CompletionEngine(con, mem, vqs, () => undefined, { timeoutCycles: 5_000_000, sliceCycles: 1000 });
    const reqs = traffic(engine, 200, 2, () => 4);
    const results = await Promise.all(reqs.map((r) => r.p));
    results.forEach((res, i) => {
      expect(res.usedLen).toBe(reqs[i]!.writableLengths[0]);
      expect(res.written).toEqual(doubleResponse(reqs[i]!.readable, reqs[i]!.writableLengths));
    });
    await flush();
    expect(con.liveGrants.size).toBe(0);
  });
});

describe('CompletionEngine queue reset path', () => {
  it('delivers what was returned before the reset, drops the rest with QueueResetError, then runs again', async () => {
    const { engine, con, mem, vqs, doubles, baseAllocs } = packedSetup([4, 4]);
    con.stalled.add(0);
    const q0 = Array.from({ length: 3 }, (_, i) => engine.submit(0, [new Uint8Array([i])], [2], { indirect: true }));
    const q1 = Array.from({ length: 6 }, (_, i) => engine.submit(1, [new Uint8Array([i])], [2]));
    await Promise.all(q1);
    // The device returns the first buffer of queue 0, then the driver resets the queue.
    engine.holdQueue(0);
    await engine.pause();
    const d0 = doubles.get(0)!;
    d0.fetch();
    d0.complete(d0.pending.shift()!);
    const late = engine.submit(0, [new Uint8Array([9])], [3]); // queued while the queue is held
    expect(engine.dropQueue(0)).toBe(2);
    await expect(q0[0]).resolves.toMatchObject({ usedLen: 2 });
    for (const p of q0.slice(1)) {
      const e = await p.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(QueueResetError);
      expect((e as QueueResetError).queue).toBe(0);
    }
    vqs.get(0)!.reset();
    d0.reset();
    con.stalled.clear();
    engine.releaseQueue(0);
    engine.resume();
    const res = await late;
    expect(res.written[0]).toEqual(doubleResponse([new Uint8Array([9])], [3])[0]);
    await Promise.all(Array.from({ length: 10 }, () => engine.submit(0, [new Uint8Array(1)], [1])));
    await flush();
    expect(con.liveGrants.size).toBe(0);
    expect(mem.liveAllocations).toBe(baseAllocs);
  });

  it('keeps other queues pumping while one is held', async () => {
    const { engine } = packedSetup([4, 4]);
    engine.holdQueue(0);
    const held = engine.submit(0, [new Uint8Array(1)], [1]);
    let heldDone = false;
    void held.then(() => (heldDone = true));
    await Promise.all(Array.from({ length: 8 }, () => engine.submit(1, [new Uint8Array(1)], [1])));
    await flush();
    expect(heldDone).toBe(false);
    expect(engine.outstanding).toBe(1);
    engine.releaseQueue(0);
    await held;
  });
});
