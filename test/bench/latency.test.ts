// LatencyDevice: notify → used.idx accounting against a fake console (no simulator).
import { describe, expect, it } from 'vitest';
import { CIPHER_ALGO, STATUS } from '../../src/constants/crypto.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { createCipherSession } from '../../src/crypto/session.ts';
import { LatencyDevice, LatencyTimeoutError, latencyTargetOf } from '../../src/bench/latency.ts';
import { expectCipher } from '../../src/ref/index.ts';
import { FakeBenchDevice, NOTIFY_BASE, NOTIFY_CYCLES, PROC_BASE } from './fake-bench.ts';

async function session(fake: FakeBenchDevice, key: Uint8Array): Promise<bigint> {
  const s = await createCipherSession(fake, { algo: CIPHER_ALGO.AES_CBC, key, op: 'encrypt' });
  expect(s.status).toBe(STATUS.OK);
  return s.sessionId;
}

describe('LatencyDevice', () => {
  it('counts from the cycle before the notify write to the used.idx update', async () => {
    const fake = new FakeBenchDevice({ startCycle: 12345 });
    const key = new Uint8Array(16).fill(7);
    const id = await session(fake, key);
    const lat = new LatencyDevice(latencyTargetOf(fake));
    const iv = new Uint8Array(16).fill(1);
    const src = new Uint8Array(64).map((_, i) => i);
    fake.cycle += 1000; // cycles before the request must not count
    const res = await cipherRequest(lat, { queue: 1, op: 'encrypt', iv, src, sessionId: id });
    // the answer travelled through the ring and host memory intact
    const e = expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv, src });
    expect(res.status).toBe(STATUS.OK);
    expect(res.dst).toEqual(e.dst);
    // the fake charged PROC_BASE + readable bytes (header+flf, iv, src) for this request
    expect(fake.lastCost).toBeGreaterThan(PROC_BASE + iv.length + src.length);
    expect(lat.samples).toEqual([NOTIFY_CYCLES + fake.lastCost]);
  });

  it('is exactly notify + device time for a known request', async () => {
    const fake = new FakeBenchDevice();
    const lat = new LatencyDevice(latencyTargetOf(fake));
    const a = new Uint8Array(40).fill(3);
    const b = new Uint8Array(24).fill(4);
    const r = await lat.submitRaw(0, [a, b], [16, 1]);
    expect(r.usedLen).toBe(17);
    expect(r.written.map((w) => w.length)).toEqual([16, 1]);
    expect(lat.samples).toEqual([NOTIFY_CYCLES + PROC_BASE + a.length + b.length]);
    // order on the console: run 0 (c0), the notify, then the wait on queue 0's used.idx
    const tail = fake.log.slice(-3);
    expect(tail[0]).toBe('run 0');
    expect(tail[1]).toBe(`mmwr ${NOTIFY_BASE.toString(16)} 2 0`);
    expect(tail[2]).toMatch(/^wait mem16 [0-9a-f]+ 0 \d+$/);
    // second request: idx moves on, the sample is the same
    await lat.submitRaw(0, [a, b], [16, 1]);
    expect(lat.samples).toEqual([NOTIFY_CYCLES + PROC_BASE + 64, NOTIFY_CYCLES + PROC_BASE + 64]);
    expect(fake.log.slice(-1)[0]).toMatch(/^wait mem16 [0-9a-f]+ 1 \d+$/);
  });

  it('releases grants and host memory, also with an indirect table', async () => {
    const fake = new FakeBenchDevice();
    const lat = new LatencyDevice(latencyTargetOf(fake));
    const before = fake.memory.liveAllocations;
    await lat.submitRaw(1, [new Uint8Array(32), new Uint8Array(0)], [8, 1], { indirect: true });
    expect(fake.grantsLive).toBe(0);
    expect(fake.memory.liveAllocations).toBe(before);
    expect(lat.last).toBe(NOTIFY_CYCLES + PROC_BASE + 32);
    expect(fake.log.filter((l) => l.startsWith('mmwr'))).toEqual([`mmwr ${(NOTIFY_BASE + 4n).toString(16)} 2 1`]);
  });

  it('fails on a hang instead of recording a sample', async () => {
    const fake = new FakeBenchDevice({ hang: true });
    const lat = new LatencyDevice(latencyTargetOf(fake), 1000);
    await expect(lat.submitRaw(0, [new Uint8Array(16)], [1])).rejects.toBeInstanceOf(LatencyTimeoutError);
    expect(lat.samples).toEqual([]);
  });

  it('refuses to run while the completion pump owns requests', async () => {
    const fake = new FakeBenchDevice();
    const lat = new LatencyDevice(latencyTargetOf(fake));
    fake.inflight = 1;
    await expect(lat.submitRaw(0, [new Uint8Array(16)], [1])).rejects.toThrow(/outstanding/);
  });
});
