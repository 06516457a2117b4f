// Unit test of rtl/crypto/aes (vcrypto_cipher_engine + vcrypto_aes_core) through the Verilator
// bench in tb/unit/aes. Expected values come only from published vectors (FIPS-197 appendix C,
// NIST SP 800-38A appendix F) and from @noble/ciphers, never from the design.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ecb, cbc, ctr } from '@noble/ciphers/aes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'sim/build/unit/aes/unit');

const MODE = { ECB: 0, CBC: 1, CTR: 2 } as const;
type Mode = (typeof MODE)[keyof typeof MODE];

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

interface Result {
  out: string;
  cycles: number;
}

class Bench {
  private proc: ChildProcessWithoutNullStreams;
  private waiting: Array<(line: string) => void> = [];

  constructor(env: Record<string, string> = {}) {
    this.proc = spawn(BIN, [], { cwd: ROOT, env: { ...process.env, ...env } });
    this.proc.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    const rl = createInterface({ input: this.proc.stdout });
    rl.on('line', (line) => {
      const w = this.waiting.shift();
      if (w) w(line);
    });
    this.proc.on('exit', () => {
      for (const w of this.waiting.splice(0)) w('ERR bench exited');
    });
  }

  async run(mode: Mode, decrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Result> {
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(`${mode} ${decrypt ? 1 : 0} ${hex(key)} ${hex(iv)} ${data.length ? hex(data) : '-'}\n`);
    });
    const [out, cycles] = line.split(' ');
    if (out === 'ERR') throw new Error(`bench: ${line}`);
    return { out: out === '-' ? '' : out, cycles: Number(cycles) };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      this.proc.on('exit', () => resolve());
      this.proc.stdin.end();
    });
  }
}

/** Reference model: @noble/ciphers. */
function reference(mode: Mode, decrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): string {
  if (data.length === 0) return '';
  const c =
    mode === MODE.ECB
      ? ecb(key, { disablePadding: true })
      : mode === MODE.CBC
        ? cbc(key, iv.slice(), { disablePadding: true })
        : ctr(key, iv.slice());
  return hex(decrypt ? c.decrypt(data.slice()) : c.encrypt(data.slice()));
}

// ---------------------------------------------------------------- published vectors
const FIPS197 = [
  {
    name: 'AES-128 (C.1)',
    key: '000102030405060708090a0b0c0d0e0f',
    pt: '00112233445566778899aabbccddeeff',
    ct: '69c4e0d86a7b0430d8cdb78070b4c55a',
  },
  {
    name: 'AES-192 (C.2)',
    key: '000102030405060708090a0b0c0d0e0f1011121314151617',
    pt: '00112233445566778899aabbccddeeff',
    ct: 'dda97ca4864cdfe06eaf70a0ec0d7191',
  },
  {
    name: 'AES-256 (C.3)',
    key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    pt: '00112233445566778899aabbccddeeff',
    ct: '8ea2b7ca516745bfeafc49904b496089',
  },
];

const SP_PT =
  '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51' +
  '30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710';
const SP_KEYS = {
  128: '2b7e151628aed2a6abf7158809cf4f3c',
  192: '8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b',
  256: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
} as const;
const SP_CBC_IV = '000102030405060708090a0b0c0d0e0f';
const SP_CTR_IV = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';
const ZERO_IV = '00000000000000000000000000000000';

const SP800_38A: Array<{ name: string; mode: Mode; bits: 128 | 192 | 256; iv: string; ct: string }> = [
  {
    name: 'F.1.1/F.1.2 ECB-AES128', mode: MODE.ECB, bits: 128, iv: ZERO_IV,
    ct: '3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf' +
        '43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4',
  },
  {
    name: 'F.1.3/F.1.4 ECB-AES192', mode: MODE.ECB, bits: 192, iv: ZERO_IV,
    ct: 'bd334f1d6e45f25ff712a214571fa5cc 974104846d0ad3ad7734ecb3ecee4eef' +
        'ef7afd2270e2e60adce0ba2face6444e 9a4b41ba738d6c72fb16691603c18e0e',
  },
  {
    name: 'F.1.5/F.1.6 ECB-AES256', mode: MODE.ECB, bits: 256, iv: ZERO_IV,
    ct: 'f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870' +
        'b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7',
  },
  {
    name: 'F.2.1/F.2.2 CBC-AES128', mode: MODE.CBC, bits: 128, iv: SP_CBC_IV,
    ct: '7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2' +
        '73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7',
  },
  {
    name: 'F.2.3/F.2.4 CBC-AES192', mode: MODE.CBC, bits: 192, iv: SP_CBC_IV,
    ct: '4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a' +
        '571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd',
  },
  {
    name: 'F.2.5/F.2.6 CBC-AES256', mode: MODE.CBC, bits: 256, iv: SP_CBC_IV,
    ct: 'f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d' +
        '39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b',
  },
  {
    name: 'F.5.1/F.5.2 CTR-AES128', mode: MODE.CTR, bits: 128, iv: SP_CTR_IV,
    ct: '874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff' +
        '5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee',
  },
  {
    name: 'F.5.3/F.5.4 CTR-AES192', mode: MODE.CTR, bits: 192, iv: SP_CTR_IV,
    ct: '1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94' +
        '1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050',
  },
  {
    name: 'F.5.5/F.5.6 CTR-AES256', mode: MODE.CTR, bits: 256, iv: SP_CTR_IV,
    ct: '601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5' +
        '2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6',
  },
];

// ---------------------------------------------------------------- tests
let bench: Bench;

beforeAll(() => {
  execFileSync('make', ['-s', '-C', 'tb/unit/aes'], { cwd: ROOT, stdio: 'inherit' });
  bench = new Bench();
});

afterAll(async () => {
  await bench?.close();
});

describe('AES reference vectors agree with @noble/ciphers (guards against typos)', () => {
  it('FIPS-197 and SP 800-38A', () => {
    for (const v of FIPS197) {
      expect(reference(MODE.ECB, false, unhex(v.key), unhex(ZERO_IV), unhex(v.pt)), v.name).toBe(v.ct);
    }
    for (const v of SP800_38A) {
      const got = reference(v.mode, false, unhex(SP_KEYS[v.bits]), unhex(v.iv), unhex(SP_PT));
      expect(got, v.name).toBe(hex(unhex(v.ct)));
    }
  });
});

describe('FIPS-197 appendix C known answers', () => {
  for (const v of FIPS197) {
    it(`${v.name} encrypt`, async () => {
      const r = await bench.run(MODE.ECB, false, unhex(v.key), unhex(ZERO_IV), unhex(v.pt));
      expect(r.out).toBe(v.ct);
    });
    it(`${v.name} decrypt`, async () => {
      const r = await bench.run(MODE.ECB, true, unhex(v.key), unhex(ZERO_IV), unhex(v.ct));
      expect(r.out).toBe(v.pt);
    });
  }
});

describe('NIST SP 800-38A appendix F', () => {
  for (const v of SP800_38A) {
    const key = unhex(SP_KEYS[v.bits]);
    const pt = unhex(SP_PT);
    const ct = unhex(v.ct);
    it(`${v.name} encrypt`, async () => {
      const r = await bench.run(v.mode, false, key, unhex(v.iv), pt);
      expect(r.out).toBe(hex(ct));
    });
    it(`${v.name} decrypt`, async () => {
      const r = await bench.run(v.mode, true, key, unhex(v.iv), ct);
      expect(r.out).toBe(hex(pt));
    });
  }
});

describe('CTR specifics', () => {
  it('the whole 128-bit block is the big-endian counter (carries across every byte, wraps)', async () => {
    const key = unhex(SP_KEYS[128]);
    const data = randomBytes(16 * 5);
    for (const iv of [
      'fffffffffffffffffffffffffffffffd',
      '00000000000000fffffffffffffffffe',
      '0102030405060708090a0b0cfffffffe',
    ]) {
      const r = await bench.run(MODE.CTR, false, key, unhex(iv), data);
      expect(r.out, iv).toBe(reference(MODE.CTR, false, key, unhex(iv), data));
    }
  });

  it('partial last blocks of every length 1..15 and the empty message', async () => {
    const key = unhex(SP_KEYS[256]);
    const iv = unhex(SP_CTR_IV);
    for (let len = 0; len <= 40; len++) {
      const data = randomBytes(len);
      const r = await bench.run(MODE.CTR, len % 2 === 1, key, iv, data);
      expect(r.out, `len ${len}`).toBe(reference(MODE.CTR, len % 2 === 1, key, iv, data));
    }
  });

  it('messages back to back with the same key (key reuse) and with a new key', async () => {
    const k1 = randomBytes(24);
    const k2 = randomBytes(32);
    for (const key of [k1, k1, k2, k2, k1]) {
      for (const mode of [MODE.ECB, MODE.CBC, MODE.CTR] as Mode[]) {
        const iv = randomBytes(16);
        const data = randomBytes(48);
        const r = await bench.run(mode, false, key, iv, data);
        expect(r.out).toBe(reference(mode, false, key, iv, data));
      }
    }
  });
});

describe('random cases against @noble/ciphers', () => {
  it('240 random messages (mode, direction, key size, length)', async () => {
    const ctrLens = [0, 1, 15, 16, 17, 31, 32, 33, 47, 64, 100, 255];
    const failures: string[] = [];
    for (let i = 0; i < 240; i++) {
      const mode = [MODE.ECB, MODE.CBC, MODE.CTR][i % 3] as Mode;
      const decrypt = Math.random() < 0.5;
      const key = randomBytes([16, 24, 32][Math.floor(Math.random() * 3)]);
      const iv = randomBytes(16);
      const len =
        mode === MODE.CTR
          ? i < 3 * ctrLens.length
            ? ctrLens[Math.floor(i / 3)]
            : Math.floor(Math.random() * 200)
          : 16 * Math.floor(Math.random() * 9);
      const data = randomBytes(len);
      const r = await bench.run(mode, decrypt, key, iv, data);
      const want = reference(mode, decrypt, key, iv, data);
      if (r.out !== want) {
        failures.push(`${mode} ${decrypt ? 1 : 0} ${hex(key)} ${hex(iv)} ${hex(data)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('same results with other backpressure seeds and no backpressure', async () => {
    for (const env of [
      { UNIT_SEED: '7', UNIT_BP: '70', UNIT_GAP: '60' },
      { UNIT_SEED: '3', UNIT_BP: '0', UNIT_GAP: '0' },
    ]) {
      const b = new Bench(env);
      try {
        for (let i = 0; i < 30; i++) {
          const mode = [MODE.ECB, MODE.CBC, MODE.CTR][i % 3] as Mode;
          const decrypt = i % 2 === 1;
          const key = randomBytes([16, 24, 32][Math.floor(i / 3) % 3]);
          const iv = randomBytes(16);
          const data = randomBytes(mode === MODE.CTR ? 1 + ((i * 37) % 90) : 16 * (1 + (i % 5)));
          const r = await b.run(mode, decrypt, key, iv, data);
          expect(r.out).toBe(reference(mode, decrypt, key, iv, data));
        }
      } finally {
        await b.close();
      }
    }
  });
});

describe('throughput without backpressure', () => {
  it('cycles per block are in the expected range for an iterative core', async () => {
    const b = new Bench({ UNIT_BP: '0', UNIT_GAP: '0' });
    try {
      const blocks = 32;
      for (const [bits, nr] of [[128, 10], [192, 12], [256, 14]] as const) {
        const key = randomBytes(bits / 8);
        const iv = randomBytes(16);
        const data = randomBytes(16 * blocks);
        for (const [mode, decrypt] of [[MODE.ECB, false], [MODE.CBC, false], [MODE.CBC, true], [MODE.CTR, false]] as const) {
          // the key is already expanded from the first message: measure the steady state
          await b.run(mode, decrypt, key, iv, data.subarray(0, 16));
          const r = await b.run(mode, decrypt, key, iv, data);
          expect(r.out).toBe(reference(mode, decrypt, key, iv, data));
          const perBlock = r.cycles / blocks;
          // Nr+1 clocks per block (CBC encryption: Nr+2), plus a few clocks of fill
          expect(perBlock).toBeLessThanOrEqual(nr + 2 + 4 / blocks);
        }
      }
    } finally {
      await b.close();
    }
  });
});
