// HostMemory on the fake simulator's memory file, checked from the simulator side (memrd/memwr),
// and the allocator.
import { afterEach, describe, expect, it } from 'vitest';
import { RangeAllocator } from '../../src/bridge/allocator.ts';
import { HostMemory } from '../../src/bridge/host-memory.ts';
import type { SimConsole } from '../../src/bridge/sim-console.ts';
import { startFake } from './fake-sim.ts';

describe('HostMemory', () => {
  let con: SimConsole | undefined;
  let mem: HostMemory | undefined;
  afterEach(async () => {
    mem?.close();
    await con?.close().catch(() => undefined);
    con = undefined;
    mem = undefined;
  });

  it('shares bytes with the simulator through the memory file', async () => {
    con = await startFake('pipe');
    mem = new HostMemory(con.banner.memPath, con.banner.memBase, con.banner.memSize);
    const a = mem.alloc(64, 16);
    expect(a % 16n).toBe(0n);
    expect(a >= con.banner.memBase).toBe(true);
    mem.write(a, new Uint8Array([1, 2, 3, 4]));
    mem.writeU32(a + 4n, 0xdeadbeef);
    mem.writeU64(a + 8n, 0x1122334455667788n);
    expect(Buffer.from(await con.memRead(a, 16)).toString('hex')).toBe('01020304efbeadde8877665544332211');
    con.memWrite(a + 16n, new Uint8Array([0xaa, 0xbb]));
    await con.idle();
    expect(mem.readU16(a + 16n)).toBe(0xbbaa);
    expect(mem.readU64(a + 8n)).toBe(0x1122334455667788n);
  });

  it('rejects addresses outside host memory', async () => {
    con = await startFake('pipe');
    mem = new HostMemory(con.banner.memPath, con.banner.memBase, con.banner.memSize);
    expect(() => mem!.read(con!.banner.memBase - 1n, 1)).toThrow(RangeError);
    expect(() => mem!.read(con!.banner.memBase + con!.banner.memSize - 1n, 2)).toThrow(RangeError);
  });
});

describe('RangeAllocator', () => {
  it('aligns, reuses and coalesces', () => {
    const a = new RangeAllocator(4096);
    const x = a.alloc(10, 64);
    const y = a.alloc(100, 16);
    const z = a.alloc(1, 1);
    expect(x % 64).toBe(0);
    expect(y % 16).toBe(0);
    expect(new Set([x, y, z]).size).toBe(3);
    expect(y).toBeGreaterThanOrEqual(x + 10);
    a.release(y);
    a.release(x);
    a.release(z);
    expect(a.freeBytes()).toBe(4096);
    expect(a.alloc(4096)).toBe(0);
  });

  it('fails cleanly when exhausted and on double free', () => {
    const a = new RangeAllocator(256);
    const x = a.alloc(200);
    expect(() => a.alloc(100)).toThrow(/exhausted/);
    a.release(x);
    expect(() => a.release(x)).toThrow(/unallocated/);
  });

  it('survives random alloc/free without overlap', () => {
    const a = new RangeAllocator(1 << 16);
    const live = new Map<number, number>();
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 5000; i++) {
      if (live.size > 0 && rnd(3) === 0) {
        const keys = [...live.keys()];
        const k = keys[rnd(keys.length)]!;
        a.release(k);
        live.delete(k);
      } else {
        const size = 1 + rnd(300);
        const align = 1 << rnd(7);
        let off: number;
        try {
          off = a.alloc(size, align);
        } catch {
          continue;
        }
        if (off % align !== 0) throw new Error(`misaligned ${off} for ${align}`);
        for (const [s, l] of live) if (!(off + size <= s || off >= s + l)) throw new Error(`overlap at ${off}`);
        live.set(off, size);
      }
    }
    for (const k of live.keys()) a.release(k);
    expect(a.freeBytes()).toBe(1 << 16);
  });
});
