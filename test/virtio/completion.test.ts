// The completion engine (pump loop) against ring models and a model console.
import { describe, expect, it } from 'vitest';
import { BufferMemory } from '../../src/bridge/host-memory.ts';
import { SPLIT_RING } from '../../src/constants/virtio.ts';
import { CompletionEngine, RequestTimeoutError } from '../../src/virtio/completion.ts';
import { availRingBytes, descTableBytes, usedRingBytes } from '../../src/virtio/ring-layout.ts';
import { SplitVirtqueue } from '../../src/virtio/virtqueue.ts';
import { expectedResponse, ModelConsole, RingModel } from './ring-model.ts';

const BASE = 0x1_0000_0000n;

function setup(queueSizes: number[], timeoutCycles = 50_000, eventIdx = true) {
  const mem = new BufferMemory(BASE, 4 << 20);
  const vqs = new Map<number, SplitVirtqueue>();
  const models = new Map<number, RingModel>();
  queueSizes.forEach((size, q) => {
    const rings = {
      desc: mem.alloc(descTableBytes(size), SPLIT_RING.DESC_ALIGN),
      avail: mem.alloc(availRingBytes(size), SPLIT_RING.AVAIL_ALIGN),
      used: mem.alloc(usedRingBytes(size), SPLIT_RING.USED_ALIGN),
    };
    vqs.set(q, new SplitVirtqueue(mem, q, size, rings, eventIdx));
    models.set(q, new RingModel(mem, rings, size));
  });
  const con = new ModelConsole(models);
  const notified: number[] = [];
  const baseAllocs = mem.liveAllocations;
  const engine = new CompletionEngine(con, mem, vqs, (q) => notified.push(q), { timeoutCycles, sliceCycles: 1000 });
  return { mem, vqs, models, con, engine, notified, baseAllocs };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('CompletionEngine', () => {
  it('completes many concurrent requests on several queues, direct and indirect', async () => {
    const { engine, con, mem, notified, baseAllocs, models } = setup([8, 4, 16]);
    const reqs = Array.from({ length: 300 }, (_, i) => {
      const q = i % 3;
      const readable = Array.from({ length: 1 + (i % 3) }, (_, k) => new Uint8Array(5 + k + (i % 7)).fill(i & 0xff));
      const writableLengths = Array.from({ length: 1 + (i % 2) }, (_, k) => 3 + k * 5 + (i % 5));
      const indirect = i % 4 === 0;
      return { q, readable, writableLengths, indirect, p: engine.submit(q, readable, writableLengths, { indirect }) };
    });
    const results = await Promise.all(reqs.map((r) => r.p));
    results.forEach((res, i) => {
      const r = reqs[i]!;
      expect(res.usedLen).toBe(r.writableLengths.reduce((a, b) => a + b, 0));
      expect(res.written).toEqual(expectedResponse(r.readable, r.writableLengths));
    });
    expect(engine.outstanding).toBe(0);
    expect(notified.length).toBeGreaterThan(0);
    // Indirect chains really were indirect.
    expect([...models.values()].flatMap((m) => m.seen).filter((c) => c.indirect).length).toBe(75);
    await flush();
    expect(con.liveGrants.size).toBe(0);
    expect(mem.liveAllocations).toBe(baseAllocs);
  });

  it('grants readable buffers r and writable buffers w while in flight', async () => {
    const { engine, con } = setup([4], 1e12);
    con.stalled.add(0);
    const p = engine.submit(0, [new Uint8Array(10)], [20, 1], { indirect: true });
    await flush();
    await flush();
    const kinds = [...con.liveGrants.values()].map((g) => `${g.kind}${g.len}`).sort();
    expect(kinds).toEqual(['r10', 'r48', 'w1', 'w20']);
    con.stalled.clear();
    await p;
    await flush();
    expect(con.liveGrants.size).toBe(0);
  });

  it('fills writable buffers before submission', async () => {
    const { engine, con, mem } = setup([4], 1e12);
    con.stalled.add(0);
    const p = engine.submit(0, [], [4], { writableFill: 0x5a });
    await flush();
    const w = [...con.liveGrants.values()].find((g) => g.kind === 'w')!;
    expect([...mem.read(w.addr, 4)]).toEqual([0x5a, 0x5a, 0x5a, 0x5a]);
    con.stalled.clear();
    const res = await p;
    expect([...res.written[0]!]).toEqual([0xee, 0xee, 0xee, 0xee]);
  });

  it('turns a request the device never completes into an error naming queue, head and waveform', async () => {
    const { engine, con } = setup([4, 4]);
    con.stalled.add(1);
    const ok = engine.submit(0, [new Uint8Array(4)], [4]);
    const stuck = engine.submit(1, [new Uint8Array(4)], [4]);
    await expect(ok).resolves.toMatchObject({ usedLen: 4 });
    const err = (await stuck.catch((e: unknown) => e)) as RequestTimeoutError;
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err.queue).toBe(1);
    expect(err.message).toMatch(/queue 1 \(head descriptor \d+\)/);
    expect(err.message).toMatch(/waveform: \/tmp\/model-wave\.fst/);
  });

  it('rejects everything outstanding on stop()', async () => {
    const { engine, con } = setup([4]);
    con.stalled.add(0);
    const p = engine.submit(0, [new Uint8Array(1)], [1]);
    engine.stop(new Error('closing'));
    await expect(p).rejects.toThrow('closing');
    await expect(engine.submit(0, [new Uint8Array(1)], [1])).rejects.toThrow('closing');
  });

  it('rejects requests it cannot place', async () => {
    const { engine } = setup([2]);
    await expect(engine.submit(0, [new Uint8Array(1), new Uint8Array(1)], [1])).rejects.toThrow(/indirect/);
    await expect(engine.submit(5, [new Uint8Array(1)], [1])).rejects.toThrow(/not set up/);
    await expect(engine.submit(0, [new Uint8Array(1), new Uint8Array(1)], [1], { indirect: true })).resolves.toBeDefined();
  });
});
