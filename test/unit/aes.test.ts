// Unit test of rtl/crypto/aes (vcrypto_cipher_engine + vcrypto_aes_core) through the Verilator
// bench in tb/unit/aes. Expected values come only from published vectors (FIPS-197 appendix C,
// NIST SP 800-38A appendix F, IEEE 1619-2007 appendix B) and from @noble/ciphers and
// node:crypto (OpenSSL, for XTS), never from the design.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes, createCipheriv, createDecipheriv } from 'node:crypto';
import { ecb, cbc, ctr, unsafe as aesRaw } from '@noble/ciphers/aes.js';
import { BenchProcess, buildBench, field, hex, unhex } from './bench-process.ts';

const MODE = { ECB: 0, CBC: 1, CTR: 2, XTS: 3 } as const;
type Mode = (typeof MODE)[keyof typeof MODE];

interface Result {
  out: string;
  cycles: number;
}

class Bench extends BenchProcess {
  constructor(env: Record<string, string> = {}) {
    super('aes', env);
  }

  async run(mode: Mode, decrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Result> {
    const [out, cycles] = await this.askFields(`${mode} ${decrypt ? 1 : 0} ${hex(key)} ${hex(iv)} ${field(data)}`);
    return { out: out === '-' ? '' : out, cycles: Number(cycles) };
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

// ---------------------------------------------------------------- XTS reference models
// For XTS the bench key is key1 (data key) || key2 (tweak key) and the IV is the tweak.

/** XTS through node:crypto (OpenSSL; AES-128/256 only, rejects key1 = key2). */
function xtsNode(decrypt: boolean, key: Uint8Array, tweak: Uint8Array, data: Uint8Array): string {
  const algo = key.length === 32 ? 'aes-128-xts' : 'aes-256-xts';
  const c = decrypt ? createDecipheriv(algo, key, tweak) : createCipheriv(algo, key, tweak);
  return Buffer.concat([c.update(data), c.final()]).toString('hex');
}

/** A small IEEE 1619 XTS on noble's single-block AES (any key size, also key1 = key2). */
function xtsNoble(decrypt: boolean, key: Uint8Array, tweak: Uint8Array, data: Uint8Array): string {
  const n = key.length / 2;
  const k1 = decrypt ? aesRaw.expandKeyDecLE(key.slice(0, n)) : aesRaw.expandKeyLE(key.slice(0, n));
  const k2 = aesRaw.expandKeyLE(key.slice(n));
  const blk = (b: Uint8Array, t: Uint8Array): Uint8Array => {
    // plain Uint8Array copies (Buffer.slice would alias; the raw block functions work in place)
    const x = Uint8Array.from(b, (v, i) => v ^ t[i]);
    const y = decrypt ? aesRaw.decryptBlock(k1, x) : aesRaw.encryptBlock(k1, x);
    return Uint8Array.from(y, (v, i) => v ^ t[i]);
  };
  const mulAlpha = (t: Uint8Array): Uint8Array => {
    const r = new Uint8Array(16);
    let carry = 0;
    for (let i = 0; i < 16; i++) {
      r[i] = ((t[i] << 1) | carry) & 0xff;
      carry = t[i] >> 7;
    }
    if (carry) r[0] ^= 0x87;
    return r;
  };
  const out = new Uint8Array(data.length);
  const m = Math.floor(data.length / 16);
  const b = data.length % 16;
  let t: Uint8Array = aesRaw.encryptBlock(k2, Uint8Array.from(tweak));
  for (let j = 0; j < m; j++) {
    const last = j === m - 1 && b > 0;
    if (!last) {
      out.set(blk(data.subarray(16 * j, 16 * j + 16), t), 16 * j);
      t = mulAlpha(t);
      continue;
    }
    // ciphertext stealing (decryption swaps the two tweaks)
    const tNext = mulAlpha(t);
    const x = blk(data.subarray(16 * j, 16 * j + 16), decrypt ? tNext : t);
    const pp = x.slice();
    pp.set(data.subarray(16 * m));
    out.set(blk(pp, decrypt ? t : tNext), 16 * j);
    out.set(x.subarray(0, b), 16 * m);
  }
  return hex(out);
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

// IEEE 1619-2007 appendix B (XTS-AES). Tweak = data unit sequence number, little endian.
const seqBytes = (n: number): string => hex(Uint8Array.from({ length: n }, (_, i) => i & 0xff));
const IEEE1619: Array<{ name: string; key1: string; key2: string; tweak: string; pt: string; ct: string }> = [
  {
    name: 'vector 1 (AES-128, key1 = key2 = 0)',
    key1: '00'.repeat(16), key2: '00'.repeat(16), tweak: '00', pt: '00'.repeat(32),
    ct: '917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e',
  },
  {
    name: 'vector 2 (AES-128)',
    key1: '11'.repeat(16), key2: '22'.repeat(16), tweak: '3333333333', pt: '44'.repeat(32),
    ct: 'c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0',
  },
  {
    name: 'vector 3 (AES-128)',
    key1: 'fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0', key2: '22'.repeat(16), tweak: '3333333333',
    pt: '44'.repeat(32),
    ct: 'af85336b597afc1a900b2eb21ec949d292df4c047e0b21532186a5971a227a89',
  },
  {
    name: 'vector 10 (AES-256, 512 bytes)',
    key1: '2718281828459045235360287471352662497757247093699959574966967627',
    key2: '3141592653589793238462643383279502884197169399375105820974944592',
    tweak: 'ff', pt: seqBytes(256) + seqBytes(256),
    ct:
      '1c3b3a102f770386e4836c99e370cf9bea00803f5e482357a4ae12d414a3e63b5d31e276f8fe4a8d66b317f9ac683f44' +
      '680a86ac35adfc3345befecb4bb188fd5776926c49a3095eb108fd1098baec70aaa66999a72a82f27d848b21d4a741b0' +
      'c5cd4d5fff9dac89aeba122961d03a757123e9870f8acf1000020887891429ca2a3e7a7d7df7b10355165c8b9a6d0a7d' +
      'e8b062c4500dc4cd120c0f7418dae3d0b5781c34803fa75421c790dfe1de1834f280d7667b327f6c8cd7557e12ac3a0f' +
      '93ec05c52e0493ef31a12d3d9260f79a289d6a379bc70c50841473d1a8cc81ec583e9645e07b8d9670655ba5bbcfecc6' +
      'dc3966380ad8fecb17b6ba02469a020a84e18e8f84252070c13e9f1f289be54fbc481457778f616015e1327a02b140f1' +
      '505eb309326d68378f8374595c849d84f4c333ec4423885143cb47bd71c5edae9be69a2ffeceb1bec9de244fbe15992b' +
      '11b77c040f12bd8f6a975a44a0f90c29a9abc3d4d893927284c58754cce294529f8614dcd2aba991925fedc4ae74ffac' +
      '6e333b93eb4aff0479da9a410e4450e0dd7ae4c6e2910900575da401fc07059f645e8b7e9bfdef33943054ff84011493' +
      'c27b3429eaedb4ed5376441a77ed43851ad77f16f541dfd269d50d6a5f14fb0aab1cbb4c1550be97f7ab4066193c4caa' +
      '773dad38014bd2092fa755c824bb5e54c4f36ffda9fcea70b9c6e693e148c151',
  },
  {
    name: 'vector 15 (17 bytes, stealing)',
    key1: 'fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0', key2: 'bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0',
    tweak: '9a78563412', pt: seqBytes(17), ct: '6c1625db4671522d3d7599601de7ca09ed',
  },
  {
    name: 'vector 16 (18 bytes, stealing)',
    key1: 'fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0', key2: 'bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0',
    tweak: '9a78563412', pt: seqBytes(18), ct: 'd069444b7a7e0cab09e24447d24deb1fedbf',
  },
  {
    name: 'vector 17 (19 bytes, stealing)',
    key1: 'fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0', key2: 'bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0',
    tweak: '9a78563412', pt: seqBytes(19), ct: 'e5df1351c0544ba1350b3363cd8ef4beedbf9d',
  },
  {
    name: 'vector 18 (20 bytes, stealing)',
    key1: 'fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0', key2: 'bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0',
    tweak: '9a78563412', pt: seqBytes(20), ct: '9d84c813f719aa2c7be3f66171c7c5c2edbf9dac',
  },
];
const xtsKey = (v: { key1: string; key2: string }): Uint8Array => unhex(v.key1 + v.key2);
const xtsTweak = (t: string): Uint8Array => unhex(t.padEnd(32, '0'));

// ---------------------------------------------------------------- tests
let bench: Bench;

beforeAll(() => {
  buildBench('aes');
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

describe('XTS reference models agree with the IEEE 1619 vectors and each other', () => {
  it('IEEE 1619 appendix B through node:crypto and the noble-based model', () => {
    for (const v of IEEE1619) {
      const key = xtsKey(v);
      const tw = xtsTweak(v.tweak);
      expect(xtsNoble(false, key, tw, unhex(v.pt)), v.name).toBe(v.ct);
      expect(xtsNoble(true, key, tw, unhex(v.ct)), v.name).toBe(v.pt);
      if (v.key1 !== v.key2) {
        expect(xtsNode(false, key, tw, unhex(v.pt)), v.name).toBe(v.ct);
      }
    }
  });
  it('random cases: node:crypto = noble-based model', () => {
    for (let i = 0; i < 100; i++) {
      const key = randomBytes(i % 2 ? 64 : 32);
      const tw = randomBytes(16);
      const data = randomBytes(16 + Math.floor(Math.random() * 100));
      const dec = i % 4 >= 2;
      expect(xtsNoble(dec, key, tw, data)).toBe(xtsNode(dec, key, tw, data));
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

describe('XTS (mode 3): IEEE 1619 appendix B known answers', () => {
  for (const v of IEEE1619) {
    it(`${v.name} encrypt and decrypt`, async () => {
      const key = xtsKey(v);
      const tw = xtsTweak(v.tweak);
      const e = await bench.run(MODE.XTS, false, key, tw, unhex(v.pt));
      expect(e.out).toBe(v.ct);
      const d = await bench.run(MODE.XTS, true, key, tw, unhex(v.ct));
      expect(d.out).toBe(v.pt);
    });
  }
});

describe('XTS (mode 3): random cases', () => {
  it('240 random messages against node:crypto (AES-128/256) and the noble model', async () => {
    const fixed = [16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 512, 513, 527];
    const failures: string[] = [];
    for (let i = 0; i < 240; i++) {
      const key = randomBytes(i % 2 ? 64 : 32);
      const decrypt = i % 4 >= 2;
      const tw = randomBytes(16);
      const len = i < 4 * fixed.length ? fixed[Math.floor(i / 4)] : 16 + Math.floor(Math.random() * 1985);
      const data = randomBytes(len);
      const want = xtsNode(decrypt, key, tw, data);
      if (xtsNoble(decrypt, key, tw, data) !== want) failures.push(`model mismatch ${i}`);
      const r = await bench.run(MODE.XTS, decrypt, key, tw, data);
      if (r.out !== want) failures.push(`3 ${decrypt ? 1 : 0} ${hex(key)} ${hex(tw)} ${hex(data)}`);
    }
    expect(failures).toEqual([]);
  });

  it('AES-192 keys (beyond D11) against the noble model, and round trips', async () => {
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(48);
      const tw = randomBytes(16);
      const data = randomBytes([16, 17, 31, 32, 33][i % 5] + 16 * (i % 3));
      const e = await bench.run(MODE.XTS, false, key, tw, data);
      expect(e.out).toBe(xtsNoble(false, key, tw, data));
      const d = await bench.run(MODE.XTS, true, key, tw, unhex(e.out));
      expect(d.out).toBe(hex(data));
    }
  });

  it('XTS interleaved with the other modes, other backpressure seeds', async () => {
    for (const env of [
      { UNIT_SEED: '11', UNIT_BP: '70', UNIT_GAP: '60' },
      { UNIT_SEED: '5', UNIT_BP: '0', UNIT_GAP: '0' },
    ]) {
      const b = new Bench(env);
      try {
        for (let i = 0; i < 40; i++) {
          const decrypt = i % 2 === 1;
          if (i % 3 === 2) {
            const key = randomBytes(24);
            const iv = randomBytes(16);
            const data = randomBytes(1 + ((i * 29) % 70));
            const r = await b.run(MODE.CTR, decrypt, key, iv, data);
            expect(r.out).toBe(reference(MODE.CTR, decrypt, key, iv, data));
            continue;
          }
          const key = randomBytes(i % 4 < 2 ? 32 : 64);
          const tw = randomBytes(16);
          const data = randomBytes(16 + ((i * 37) % 90));
          const r = await b.run(MODE.XTS, decrypt, key, tw, data);
          expect(r.out).toBe(xtsNode(decrypt, key, tw, data));
        }
      } finally {
        await b.close();
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
  it('cycles per block: one per clock for independent blocks (pipelined core), Nr+2 for CBC encryption', async () => {
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
          if (mode === MODE.CBC && !decrypt) {
            // serial: Nr+2 clocks per block, plus a few clocks of fill
            expect(perBlock).toBeLessThanOrEqual(nr + 2 + 4 / blocks);
          } else {
            // pipelined: one block per clock after the pipeline latency (Nr+1) and the output
            // register
            expect(r.cycles).toBeLessThanOrEqual(blocks + nr + 4);
          }
        }
        // XTS: one block per clock plus the tweak (Nr+1) and one block of look-ahead at the start
        const xkey = randomBytes(bits / 4);
        for (const decrypt of [false, true]) {
          await b.run(MODE.XTS, decrypt, xkey, iv, data.subarray(0, 16));
          const r = await b.run(MODE.XTS, decrypt, xkey, iv, data);
          expect(r.out).toBe(xtsNoble(decrypt, xkey, iv, data));
          expect(r.cycles).toBeLessThanOrEqual(blocks + 2 * nr + 8);
        }
      }
    } finally {
      await b.close();
    }
  });
});
