// runBench / benchCommand end to end on the fake device (reference-model answers, fake cycles).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allAlgos } from '../../src/bench/algos.ts';
import { runBatch, runBench, requestsFor } from '../../src/bench/run.ts';
import type { Job } from '../../src/bench/algos.ts';
import { benchCommand } from '../../src/cli/bench.ts';
import type { Device } from '../../src/index.ts';
import type { BenchDevice } from '../../src/bench/run.ts';
import { FakeBenchDevice, NOTIFY_CYCLES, PROC_BASE } from './fake-bench.ts';

// the real Device must fit what the bench asks for (compile-time check)
const _fits = (d: Device): BenchDevice => d;
void _fits;

describe('runBatch', () => {
  it('keeps at most `depth` requests in flight and spreads them round robin', async () => {
    const fake = new FakeBenchDevice({ dataQueues: 4 });
    let live = 0;
    let peak = 0;
    const seen: number[] = [];
    const jobs: Job[] = Array.from({ length: 20 }, (_, i) => ({
      bytes: 100,
      run: async (_d, queue) => {
        seen.push(queue);
        live++;
        peak = Math.max(peak, live);
        fake.cycle += 50;
        await new Promise((r) => setTimeout(r, (i * 7) % 5));
        live--;
        return i === 13 ? 'wrong' : undefined;
      },
    }));
    const b = await runBatch(fake, jobs, 6, [0, 1, 2, 3]);
    expect(peak).toBe(6);
    expect(seen.sort()).toEqual([...Array(20).keys()].map((i) => i % 4).sort());
    expect(b.cycles).toBe(20 * 50);
    expect(b.counters).toEqual({ cycles: 1000, simNs: 10_000, waitNs: 5_000 });
    expect(b.failures).toEqual(['wrong']);
  });
});

describe('runBench on the fake device', () => {
  it('measures every row, checks every request and fills the report', async () => {
    const fake = new FakeBenchDevice({ dataQueues: 2 });
    const ids = allAlgos().map((a) => a.id);
    const logs: string[] = [];
    const r = await runBench({
      open: async () => fake,
      algos: ids,
      sizes: [16, 64],
      depths: [1, 4],
      requests: (_b, d) => 2 * d,
      parallelQueues: { queues: 8, depth: 3, bytes: 64 },
      log: (l) => logs.push(l),
    });
    expect(fake.closed).toBe(true);
    expect(fake.latency).toEqual([32, 8]);
    expect(fake.log[0]).toBe('lat 32 8');
    expect(r.failed).toBe(0);
    const matrix = r.results.filter((x) => x.scenario === 'matrix');
    expect(matrix).toHaveLength(ids.length * 2 * 2);
    for (const x of matrix) {
      expect(x.requests).toBe(2 * x.depth);
      expect(x.checked).toBe(x.requests + (x.depth === 1 ? 1 : 0));
      expect(x.bytesPerCycle).toBeCloseTo((x.requests * x.bytes) / x.batchCycles, 12);
      expect(x.cyclesPerRequest).toBeCloseTo(x.batchCycles / x.requests, 12);
      if (x.depth === 1) {
        expect(x.queues).toBe(1);
        // fake: notify + PROC_BASE + readable bytes (header, vlf, payload)
        expect(x.latencyCycles).toBeGreaterThan(NOTIFY_CYCLES + PROC_BASE + x.bytes);
      } else {
        expect(x.queues).toBe(2);
        expect(x.latencyCycles).toBeNull();
      }
    }
    expect(fake.maxInflight).toBe(4);
    expect(new Set(fake.dataQueuesUsed)).toEqual(new Set([0, 1]));
    // parallel-queues configuration: 8 asked, the fake has 2
    const pq = r.results.find((x) => x.scenario === 'parallel-queues')!;
    expect(pq).toMatchObject({ algo: 'aes-cbc-enc', keyBits: 128, bytes: 64, depth: 3, queues: 2, requests: 6, checked: 6, failed: 0 });
    expect(r.params.parallelQueues).toEqual({ requested: 8, used: 2, depth: 3, bytes: 64 });
    expect(r.targets.find((t) => t.name.includes('queues in parallel'))!.note).toMatch(/only 2 data queues/);
    expect(r.params).toMatchObject({ dataWidth: 128, memReadLatency: 32, memWriteLatency: 8, dataQueues: 2, lanes: 1 });
    // no 4 KiB batch in this matrix: the speed figures come from none
    expect(r.simCyclesPerSecond).toBe(0);
    expect(logs).toHaveLength(ids.length + 1);
  });

  it('takes the simulator speed from the 4 KiB batches', async () => {
    const fake = new FakeBenchDevice();
    const r = await runBench({ open: async () => fake, algos: ['sha256'], sizes: [4096], depths: [1], requests: () => 2, parallelQueues: false, memLatency: { rd: 50, wr: 3 } });
    // the fake reports sim_ns = 10 × cycles, wait_ns = 5 × cycles
    expect(r.simCyclesPerSecond).toBeCloseTo(1e8, 0);
    expect(r.hostWaitShare).toBeCloseTo(1 / 3, 10);
    expect(fake.latency).toEqual([50, 3]);
    expect(r.params.memReadLatency).toBe(50);
    expect(r.results).toHaveLength(1);
  });

  it('counts wrong answers as failures', async () => {
    const fake = new FakeBenchDevice({ corrupt: true });
    const fails: string[] = [];
    const r = await runBench({ open: async () => fake, algos: ['aes-ctr-128'], sizes: [64], depths: [1, 4], requests: () => 4, parallelQueues: false, onFailure: (m) => fails.push(m) });
    expect(r.failed).toBe(4 + 1 + 4);
    expect(fails[0]).toMatch(/AES-128-CTR 64 B: dst differs from the reference model/);
  });
});

describe('benchCommand', () => {
  it('writes JSON and SVG, prints the table and targets; exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    const out: string[] = [];
    const fake = new FakeBenchDevice();
    const code = await benchCommand(['--quick', '--json', join(dir, 'b.json'), `--svg=${join(dir, 'b.svg')}`, '--lat', '40,9'], {
      out: (s) => out.push(s),
      err: () => undefined,
      open: async () => fake,
    });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('targets (from the issue; reported, not asserted');
    expect(text).toContain('AES-128-CBC-enc');
    const j = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(j.params).toMatchObject({ memReadLatency: 40, memWriteLatency: 9, quick: true, sizes: [64, 4096], depths: [1, 32] });
    expect(j.results.length).toBe(7 * 2 * 2 + 1);
    expect(Object.keys(j.results[0]).slice(0, 8)).toEqual(['service', 'algo', 'keyBits', 'bytes', 'depth', 'bytesPerCycle', 'cyclesPerRequest', 'latencyCycles']);
    expect(typeof j.simCyclesPerSecond).toBe('number');
    expect(typeof j.hostWaitShare).toBe('number');
    expect(readFileSync(join(dir, 'b.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(requestsFor(4096, 32, true)).toBe(32);
  });

  it('exits 1 on a wrong answer and 2 on bad arguments', async () => {
    const err: string[] = [];
    const code = await benchCommand(['--quick', '--filter', 'aes-ecb'], { out: () => undefined, err: (s) => err.push(s), open: async () => new FakeBenchDevice({ corrupt: true }), extra: { parallelQueues: false } });
    expect(code).toBe(1);
    expect(err.some((l) => l.startsWith('FAIL '))).toBe(true);
    expect(await benchCommand(['--lat', '5'], { out: () => undefined, err: () => undefined })).toBe(2);
    expect(await benchCommand(['--filter', 'nothing-like-this'], { out: () => undefined, err: () => undefined })).toBe(2);
    expect(await benchCommand(['extra'], { out: () => undefined, err: () => undefined })).toBe(2);
  });
});
