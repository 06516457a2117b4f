// `vcrypto bench` on the real simulator, reduced to a --quick-like matrix of three rows (a few
// seconds of simulation). Asserts structure and correctness only — never timings: the numbers
// are the device's business, the bench only has to measure right answers.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchCommand } from '../../src/cli/bench.ts';

describe('vcrypto bench on the device', () => {
  it('measures a small matrix with every request checked against the reference model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-dev-'));
    const out: string[] = [];
    const err: string[] = [];
    const code = await benchCommand(['--quick', '--json', join(dir, 'b.json'), '--svg', join(dir, 'b.svg')], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      extra: { algos: ['aes-cbc-enc-128', 'aes-gcm-128', 'sha256'], sizes: [64, 4096], depths: [1, 8], parallelQueues: { queues: 8, depth: 8, bytes: 256 } },
    });
    expect(err.filter((l) => l.startsWith('FAIL')), err.join('\n')).toEqual([]);
    expect(code).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(j.failed).toBe(0);
    expect(j.dmaViolations).toBe(0);
    expect(j.params).toMatchObject({ dataWidth: expect.any(Number), memReadLatency: 32, memWriteLatency: 8, dataQueues: expect.any(Number), sizes: [64, 4096], depths: [1, 8] });
    const matrix = j.results.filter((r: any) => r.scenario === 'matrix');
    expect(matrix).toHaveLength(3 * 2 * 2);
    for (const r of matrix) {
      expect(r.failed).toBe(0);
      expect(r.checked).toBe(r.requests + (r.depth === 1 ? 1 : 0));
      expect(r.bytesPerCycle).toBeGreaterThan(0);
      expect(r.cyclesPerRequest).toBeGreaterThan(0);
      expect(r.bytesPerCycle * r.cyclesPerRequest).toBeCloseTo(r.bytes, 0);
      if (r.depth === 1) expect(Number.isInteger(r.latencyCycles) && r.latencyCycles > 0).toBe(true);
      else expect(r.latencyCycles).toBeNull();
    }
    const pq = j.results.find((r: any) => r.scenario === 'parallel-queues');
    expect(pq).toMatchObject({ algo: 'aes-cbc-enc', bytes: 256, depth: 8, failed: 0 });
    expect(pq.queues).toBe(Math.min(8, j.params.dataQueues));
    // from the 4 KiB batches (present, not judged)
    expect(j.simCyclesPerSecond).toBeGreaterThan(0);
    expect(j.hostWaitShare).toBeGreaterThanOrEqual(0);
    expect(j.hostWaitShare).toBeLessThan(1);
    expect(j.targets).toHaveLength(7);
    expect(out.join('\n')).toContain('targets (from the issue; reported, not asserted');
    expect(readFileSync(join(dir, 'b.svg'), 'utf8')).toContain('<polyline');
  });
});
