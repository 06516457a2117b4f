// Unit test of rtl/crypto/aes/vcrypto_cmac_engine (AES-CMAC) through the Verilator bench in
// tb/unit/cmac. Expected values come only from published vectors (RFC 4493 section 4,
// NIST SP 800-38B appendix D) and from @noble/ciphers, never from the design.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { cmac } from '@noble/ciphers/aes.js';
import { BenchProcess, buildBench, field, hex, unhex } from './bench-process.ts';

interface Result {
  tag: string;
  cycles: number;
}

class Bench extends BenchProcess {
  constructor(env: Record<string, string> = {}) {
    super('cmac', env);
  }

  async run(key: Uint8Array, msg: Uint8Array): Promise<Result> {
    const [tag, cycles] = await this.askFields(`${hex(key)} ${field(msg)}`);
    return { tag, cycles: Number(cycles) };
  }
}

/** Reference model: @noble/ciphers cmac(msg, key). */
const reference = (key: Uint8Array, msg: Uint8Array): string => hex(cmac(msg.slice(), key.slice()));

// ---------------------------------------------------------------- published vectors
// The example messages are prefixes of the SP 800-38A plaintext (0, 16, 40 and 64 bytes).
const MSG =
  '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51' +
  '30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710';
const KEYS = {
  128: '2b7e151628aed2a6abf7158809cf4f3c',
  192: '8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b',
  256: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
} as const;
const VECTORS: Array<{ name: string; bits: 128 | 192 | 256; len: number; tag: string }> = [
  { name: 'RFC 4493 example 1 / SP 800-38B D.1 (AES-128, empty)', bits: 128, len: 0, tag: 'bb1d6929e95937287fa37d129b756746' },
  { name: 'RFC 4493 example 2 (AES-128, 16 bytes)', bits: 128, len: 16, tag: '070a16b46b4d4144f79bdd9dd04a287c' },
  { name: 'RFC 4493 example 3 (AES-128, 40 bytes)', bits: 128, len: 40, tag: 'dfa66747de9ae63030ca32611497c827' },
  { name: 'RFC 4493 example 4 (AES-128, 64 bytes)', bits: 128, len: 64, tag: '51f0bebf7e3b9d92fc49741779363cfe' },
  { name: 'SP 800-38B D.2 (AES-192, empty)', bits: 192, len: 0, tag: 'd17ddf46adaacde531cac483de7a9367' },
  { name: 'SP 800-38B D.2 (AES-192, 16 bytes)', bits: 192, len: 16, tag: '9e99a7bf31e710900662f65e617c5184' },
  { name: 'SP 800-38B D.2 (AES-192, 40 bytes)', bits: 192, len: 40, tag: '8a1de5be2eb31aad089a82e6ee908b0e' },
  { name: 'SP 800-38B D.2 (AES-192, 64 bytes)', bits: 192, len: 64, tag: 'a1d5df0eed790f794d77589659f39a11' },
  { name: 'SP 800-38B D.3 (AES-256, empty)', bits: 256, len: 0, tag: '028962f61b7bf89efc6b551f4667d983' },
  { name: 'SP 800-38B D.3 (AES-256, 16 bytes)', bits: 256, len: 16, tag: '28a7023f452e8f82bd4bf28d8c37c35c' },
  { name: 'SP 800-38B D.3 (AES-256, 40 bytes)', bits: 256, len: 40, tag: 'aaf3d8f1de5640c232f5b169b9c911e6' },
  { name: 'SP 800-38B D.3 (AES-256, 64 bytes)', bits: 256, len: 64, tag: 'e1992190549f6ed5696a2c056c315410' },
];

// ---------------------------------------------------------------- tests
let bench: Bench;

beforeAll(() => {
  buildBench('cmac');
  bench = new Bench();
});

afterAll(async () => {
  await bench?.close();
});

describe('CMAC reference vectors agree with @noble/ciphers (guards against typos)', () => {
  it('RFC 4493 and SP 800-38B appendix D', () => {
    for (const v of VECTORS) {
      expect(reference(unhex(KEYS[v.bits]), unhex(MSG).subarray(0, v.len)), v.name).toBe(v.tag);
    }
  });
});

describe('RFC 4493 / SP 800-38B known answers', () => {
  for (const v of VECTORS) {
    it(v.name, async () => {
      const r = await bench.run(unhex(KEYS[v.bits]), unhex(MSG).subarray(0, v.len));
      expect(r.tag).toBe(v.tag);
    });
  }
});

describe('random cases against @noble/ciphers', () => {
  it('every length 0..50 with each key size', async () => {
    const failures: string[] = [];
    for (const kb of [16, 24, 32]) {
      const key = randomBytes(kb);
      for (let len = 0; len <= 50; len++) {
        const msg = randomBytes(len);
        const r = await bench.run(key, msg);
        if (r.tag !== reference(key, msg)) failures.push(`${hex(key)} ${hex(msg)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('240 random messages (key size, length incl. 0, 1, 15, 16, 17, 32, 33, up to 2000)', async () => {
    const fixed = [0, 1, 15, 16, 17, 32, 33, 255, 256, 257];
    const failures: string[] = [];
    for (let i = 0; i < 240; i++) {
      const key = randomBytes([16, 24, 32][i % 3]);
      const len = i < 3 * fixed.length ? fixed[Math.floor(i / 3)] : Math.floor(Math.random() * 2001);
      const msg = randomBytes(len);
      const r = await bench.run(key, msg);
      if (r.tag !== reference(key, msg)) failures.push(`${hex(key)} ${hex(msg)}`);
    }
    expect(failures).toEqual([]);
  });

  it('same results with other backpressure seeds and no backpressure; key reuse and change', async () => {
    for (const env of [
      { UNIT_SEED: '7', UNIT_BP: '70', UNIT_GAP: '60' },
      { UNIT_SEED: '3', UNIT_BP: '0', UNIT_GAP: '0' },
    ]) {
      const b = new Bench(env);
      try {
        const keys = [randomBytes(16), randomBytes(24), randomBytes(32)];
        for (let i = 0; i < 40; i++) {
          const key = keys[Math.floor(i / 2) % 3];
          const msg = randomBytes((i * 37) % 120);
          const r = await b.run(key, msg);
          expect(r.tag).toBe(reference(key, msg));
        }
      } finally {
        await b.close();
      }
    }
  });
});

describe('throughput without backpressure', () => {
  it('Nr+1 clocks per block once the key is expanded', async () => {
    const b = new Bench({ UNIT_BP: '0', UNIT_GAP: '0' });
    try {
      const blocks = 32;
      for (const [kb, nr] of [[16, 10], [24, 12], [32, 14]] as const) {
        const key = randomBytes(kb);
        const msg = randomBytes(16 * blocks);
        await b.run(key, msg.subarray(0, 1)); // expands the key
        const r = await b.run(key, msg);
        expect(r.tag).toBe(reference(key, msg));
        // L = E_K(0) plus one block per 16 bytes, a few clocks of handshakes
        expect(r.cycles).toBeLessThanOrEqual((blocks + 1) * (nr + 1) + 4);
      }
    } finally {
      await b.close();
    }
  });
});
