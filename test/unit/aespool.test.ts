// Unit test of rtl/crypto/aes/vcrypto_aes_stream shared by three clients (tb/unit/aespool,
// NUM_PORTS = 3): the datapath the processing lanes share for CBC encryption and CMAC. Every
// port's results come from @noble/ciphers' single-block AES, never from the design. The bench
// drives each port with its own keys (all sizes, changed while other ports' blocks are inside),
// random gaps and random backpressure, and checks that each port's side information comes back
// in order.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { unsafe as aesRaw } from '@noble/ciphers/aes.js';
import { BenchProcess, buildBench, hex } from './bench-process.ts';

const BLOCK = 'aespool';
const PORTS = 3;
const BLOCK_BYTES = 16;

interface Seg {
  abort?: boolean; // flushed after its blocks are in: no result recorded
  key: Uint8Array;
  dirs: string; // '0' encrypt / '1' decrypt per block
  data: Uint8Array;
}
type Work = Seg[][]; // one segment list per port

class Bench extends BenchProcess {
  async run(work: Work): Promise<{ outs: string[]; cycles: number }> {
    const line = work
      .map((segs) => segs.map((s) => `${s.abort ? '!' : ''}${hex(s.key)} ${s.dirs || '-'} ${s.data.length ? hex(s.data) : '-'}`).join(' '))
      .join(' | ');
    const fields = await this.askFields(line);
    if (fields[0] === 'ERR') throw new Error(`bench: ${fields.join(' ')}`);
    return { outs: fields.slice(0, PORTS).map((o) => (o === '-' ? '' : o)), cycles: Number(fields[PORTS]) };
  }
}

/** The reference: every block on its own with noble's raw AES. */
function reference(segs: Seg[]): string {
  let out = '';
  for (const s of segs) {
    if (s.abort) continue;
    const ek = aesRaw.expandKeyLE(s.key);
    const dk = aesRaw.expandKeyDecLE(s.key);
    for (let i = 0; i < s.dirs.length; i++) {
      const b = Uint8Array.from(s.data.subarray(BLOCK_BYTES * i, BLOCK_BYTES * (i + 1)));
      out += hex(s.dirs[i] === '1' ? aesRaw.decryptBlock(dk, b) : aesRaw.encryptBlock(ek, b));
    }
  }
  return out;
}

function randomSeg(keyBytes: number, blocks: number, dir?: '0' | '1'): Seg {
  let dirs = '';
  for (let i = 0; i < blocks; i++) dirs += dir ?? (Math.random() < 0.5 ? '1' : '0');
  return { key: randomBytes(keyBytes), dirs, data: randomBytes(BLOCK_BYTES * blocks) };
}

async function check(bench: Bench, work: Work): Promise<number> {
  const r = await bench.run(work);
  for (let p = 0; p < PORTS; p++) expect(r.outs[p], `port ${p}`).toBe(reference(work[p]));
  return r.cycles;
}

describe(`vcrypto_aes_stream shared by ${PORTS} clients (tb/unit/${BLOCK})`, () => {
  let bench: Bench;
  beforeAll(() => {
    buildBench(BLOCK);
    bench = new Bench(BLOCK);
  });
  afterAll(async () => {
    await bench.close();
  });

  it('each port with its own key size and direction mix, all at once', async () => {
    for (let round = 0; round < 4; round++) {
      const work: Work = [[randomSeg(16, 40)], [randomSeg(24, 33)], [randomSeg(32, 27)]];
      // rotate the key sizes among the ports: a shorter key enters at a later stage
      for (let i = 0; i < round; i++) work.push(work.shift()!);
      await check(bench, work);
    }
  });

  it('key changes on one port while the other ports stream', async () => {
    const changing: Seg[] = [];
    for (let i = 0; i < 10; i++) changing.push(randomSeg([16, 24, 32][(i * 7) % 3], 1 + ((i * 5) % 7)));
    // the same key twice in a row: the cached schedule is reused
    changing.push({ ...randomSeg(16, 4), key: changing[changing.length - 1].key });
    await check(bench, [[randomSeg(32, 80)], changing, [randomSeg(16, 70)]]);
  });

  it('idle ports and a single active port', async () => {
    await check(bench, [[], [randomSeg(16, 25)], []]);
    await check(bench, [[randomSeg(24, 9)], [], []]);
  });

  it('a flushed port (its engine reset after an aborted request) gets none of its old blocks back', async () => {
    for (const env of [{} as Record<string, string>, { UNIT_SEED: '3', UNIT_BP: '70', UNIT_GAP: '10' }, { UNIT_SEED: '4', UNIT_BP: '0', UNIT_GAP: '0' }]) {
      const b = new Bench(BLOCK, env);
      try {
        for (let i = 0; i < 6; i++) {
          const aborted = (s: Seg): Seg => ({ ...s, abort: true });
          await check(b, [
            [randomSeg(16, 12), aborted(randomSeg(16, 20)), randomSeg(16, 9)],
            [randomSeg(32, 30)],
            [aborted(randomSeg(24, 3 + i)), randomSeg(32, 8), aborted(randomSeg(16, 1)), randomSeg(24, 5)],
          ]);
        }
      } finally {
        await b.close();
      }
    }
  });

  it('other seeds, heavy stalls and no stalls', async () => {
    for (const env of [
      { UNIT_SEED: '5', UNIT_BP: '80', UNIT_GAP: '70' },
      { UNIT_SEED: '9', UNIT_BP: '0', UNIT_GAP: '0' },
      { UNIT_SEED: '13', UNIT_BP: '95', UNIT_GAP: '0' },
    ]) {
      const b = new Bench(BLOCK, env);
      try {
        for (let i = 0; i < 4; i++) {
          await check(b, [[randomSeg(16, 30), randomSeg(32, 5)], [randomSeg(32, 21)], [randomSeg(24, 17), randomSeg(16, 3)]]);
        }
      } finally {
        await b.close();
      }
    }
  });

  it('one port alone streams one block per clock', async () => {
    const b = new Bench(BLOCK, { UNIT_BP: '0', UNIT_GAP: '0' });
    try {
      const n = 64;
      const cycles = await check(b, [[randomSeg(16, n)], [], []]);
      // input register + 10 rounds, then one block per clock
      expect(cycles).toBeLessThanOrEqual(n - 1 + 10 + 2);
    } finally {
      await b.close();
    }
  });

  it('serial clients (one block in flight each, as CBC encryption) interleave', async () => {
    const b = new Bench(BLOCK, { UNIT_BP: '0', UNIT_GAP: '0', UNIT_SERIAL: '1' });
    try {
      const n = 32;
      const alone = await check(b, [[randomSeg(16, n, '0')], [], []]);
      const three = await check(b, [[randomSeg(16, n, '0')], [randomSeg(16, n, '0')], [randomSeg(16, n, '0')]]);
      // three serial clients take (about) the time of one: their blocks share the rounds
      expect(three).toBeLessThan(alone * 1.2);
      expect(three).toBeLessThan(alone * PORTS * 0.5);
    } finally {
      await b.close();
    }
  });
});
