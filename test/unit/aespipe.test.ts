// Unit test of rtl/crypto/aes/vcrypto_aes_stream, the AES block stream used by the cipher and
// GCM engines, in both builds: pipelined (tb/unit/aespipe, PIPELINED = 1) and iterative
// (tb/unit/aesiter, PIPELINED = 0). Expected blocks come from @noble/ciphers' single-block AES
// and FIPS-197 appendix C, never from the design. The bench (tb/unit/aespipe/main.cpp) drives
// random gaps on the input and random backpressure on the output, checks that the side
// information (user = block index) comes out in order, and offers a new key right after the
// last block of the previous key was accepted, while blocks are still inside.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { unsafe as aesRaw } from '@noble/ciphers/aes.js';
import { BenchProcess, buildBench, hex } from './bench-process.ts';

interface Seg {
  key: Uint8Array;
  dirs: string; // '0' encrypt / '1' decrypt per block
  data: Uint8Array;
}

class Bench extends BenchProcess {
  async run(segs: Seg[]): Promise<{ out: string; cycles: number }> {
    const line = segs.map((s) => `${hex(s.key)} ${s.dirs || '-'} ${s.data.length ? hex(s.data) : '-'}`).join(' ');
    const [out, cycles] = await this.askFields(line);
    return { out: out === '-' ? '' : out, cycles: Number(cycles) };
  }
}

/** The reference: every block on its own with noble's raw AES. */
function reference(segs: Seg[]): string {
  let out = '';
  for (const s of segs) {
    const ek = aesRaw.expandKeyLE(s.key);
    const dk = aesRaw.expandKeyDecLE(s.key);
    for (let i = 0; i < s.dirs.length; i++) {
      const b = Uint8Array.from(s.data.subarray(16 * i, 16 * i + 16));
      out += hex(s.dirs[i] === '1' ? aesRaw.decryptBlock(dk, b) : aesRaw.encryptBlock(ek, b));
    }
  }
  return out;
}

function randomSeg(keyBytes: number, blocks: number): Seg {
  let dirs = '';
  for (let i = 0; i < blocks; i++) dirs += Math.random() < 0.5 ? '1' : '0';
  return { key: randomBytes(keyBytes), dirs, data: randomBytes(16 * blocks) };
}

const FIPS197 = [
  ['000102030405060708090a0b0c0d0e0f', '69c4e0d86a7b0430d8cdb78070b4c55a'],
  ['000102030405060708090a0b0c0d0e0f1011121314151617', 'dda97ca4864cdfe06eaf70a0ec0d7191'],
  ['000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '8ea2b7ca516745bfeafc49904b496089'],
] as const;
const PT = '00112233445566778899aabbccddeeff';

for (const [block, label, pipelined] of [
  ['aespipe', 'pipelined', true],
  ['aesiter', 'iterative', false],
] as const) {
  describe(`vcrypto_aes_stream, ${label} (tb/unit/${block})`, () => {
    let bench: Bench;
    beforeAll(() => {
      buildBench(block);
      bench = new Bench(block);
    });
    afterAll(async () => {
      await bench.close();
    });

    it('FIPS-197 appendix C, both directions, every key size', async () => {
      for (const [k, ct] of FIPS197) {
        const key = Buffer.from(k, 'hex');
        const r = await bench.run([{ key, dirs: '01', data: Buffer.from(PT + ct, 'hex') }]);
        expect(r.out).toBe(ct + PT);
      }
    });

    it('back-to-back blocks with random stalls on both sides, every key size', async () => {
      for (const kb of [16, 24, 32]) {
        for (const n of [1, 2, 3, 17, 64]) {
          const segs = [randomSeg(kb, n)];
          expect((await bench.run(segs)).out).toBe(reference(segs));
        }
      }
    });

    it('key changes between blocks (all key sizes in turn, blocks still in flight)', async () => {
      const segs: Seg[] = [];
      for (let i = 0; i < 12; i++) segs.push(randomSeg([16, 24, 32][(i * 7) % 3], 1 + ((i * 5) % 9)));
      // the same key twice in a row: the cached schedule is reused
      segs.push({ ...randomSeg(16, 4), key: segs[segs.length - 1].key });
      expect((await bench.run(segs)).out).toBe(reference(segs));
    });

    it('other backpressure seeds, heavy stalls and no stalls', async () => {
      for (const env of [
        { UNIT_SEED: '5', UNIT_BP: '80', UNIT_GAP: '70' },
        { UNIT_SEED: '9', UNIT_BP: '0', UNIT_GAP: '0' },
        { UNIT_SEED: '11', UNIT_BP: '50', UNIT_GAP: '0' },
      ]) {
        const b = new Bench(block, env);
        try {
          for (let i = 0; i < 6; i++) {
            const segs = [randomSeg(16, 20), randomSeg(32, 7), randomSeg(24, 33)];
            expect((await b.run(segs)).out).toBe(reference(segs));
          }
        } finally {
          await b.close();
        }
      }
    });

    it(pipelined ? 'one block per clock without stalls' : 'Nr+1 clocks per block without stalls', async () => {
      const b = new Bench(block, { UNIT_BP: '0', UNIT_GAP: '0' });
      try {
        for (const [kb, nr] of [[16, 10], [24, 12], [32, 14]] as const) {
          const n = 64;
          const segs = [randomSeg(kb, n)];
          const r = await b.run(segs);
          expect(r.out).toBe(reference(segs));
          // cycles from the first input to the last output handshake
          const bound = pipelined ? n - 1 + nr + 1 : n * (nr + 1) + 1;
          expect(r.cycles).toBeLessThanOrEqual(bound);
        }
      } finally {
        await b.close();
      }
    });
  });
}
