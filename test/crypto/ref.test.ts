// Reference model: SP 800-38A vectors (F.1 ECB, F.2 CBC, F.5 CTR), node:crypto cross-check, and
// the status rules (D10, D12, D13, D19, §6.6).
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CIPHER_ALGO, SERVICE, STATUS, SYM_OP } from '../../src/constants/crypto.ts';
import { expectCipher, expectCreateSession, expectDestroySession } from '../../src/ref/index.ts';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const PT = h(`6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
              30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
const KEYS = {
  128: h('2b7e151628aed2a6abf7158809cf4f3c'),
  192: h('8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b'),
  256: h('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4'),
} as const;
const CBC_IV = h('000102030405060708090a0b0c0d0e0f');
const CTR_IV = h('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');

/** SP 800-38A Appendix F ciphertexts. */
const VECTORS: { algo: number; name: string; bits: 128 | 192 | 256; iv: Uint8Array; ct: string }[] = [
  { algo: CIPHER_ALGO.AES_ECB, name: 'F.1.1 ECB-AES128', bits: 128, iv: new Uint8Array(0), ct: '3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf 43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4' },
  { algo: CIPHER_ALGO.AES_ECB, name: 'F.1.3 ECB-AES192', bits: 192, iv: new Uint8Array(0), ct: 'bd334f1d6e45f25ff712a214571fa5cc 974104846d0ad3ad7734ecb3ecee4eef ef7afd2270e2e60adce0ba2face6444e 9a4b41ba738d6c72fb16691603c18e0e' },
  { algo: CIPHER_ALGO.AES_ECB, name: 'F.1.5 ECB-AES256', bits: 256, iv: new Uint8Array(0), ct: 'f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870 b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7' },
  { algo: CIPHER_ALGO.AES_CBC, name: 'F.2.1 CBC-AES128', bits: 128, iv: CBC_IV, ct: '7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7' },
  { algo: CIPHER_ALGO.AES_CBC, name: 'F.2.3 CBC-AES192', bits: 192, iv: CBC_IV, ct: '4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a 571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd' },
  { algo: CIPHER_ALGO.AES_CBC, name: 'F.2.5 CBC-AES256', bits: 256, iv: CBC_IV, ct: 'f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b' },
  { algo: CIPHER_ALGO.AES_CTR, name: 'F.5.1 CTR-AES128', bits: 128, iv: CTR_IV, ct: '874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff 5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee' },
  { algo: CIPHER_ALGO.AES_CTR, name: 'F.5.3 CTR-AES192', bits: 192, iv: CTR_IV, ct: '1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94 1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050' },
  { algo: CIPHER_ALGO.AES_CTR, name: 'F.5.5 CTR-AES256', bits: 256, iv: CTR_IV, ct: '601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5 2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6' },
];

describe('SP 800-38A vectors', () => {
  for (const v of VECTORS) {
    it(`${v.name} encrypt (F.x.odd) and decrypt (F.x.even)`, () => {
      const key = KEYS[v.bits];
      const enc = expectCipher({ algo: v.algo, op: 'encrypt', key, iv: v.iv, src: PT });
      expect(enc.status).toBe(STATUS.OK);
      expect(hex(enc.dst)).toBe(v.ct.replace(/\s+/g, ''));
      const dec = expectCipher({ algo: v.algo, op: 'decrypt', key, iv: v.iv, src: h(v.ct) });
      expect(dec.status).toBe(STATUS.OK);
      expect(hex(dec.dst)).toBe(hex(PT));
    });
  }
});

describe('cross-check with node:crypto (OpenSSL)', () => {
  const names: Record<number, string> = { [CIPHER_ALGO.AES_ECB]: 'ecb', [CIPHER_ALGO.AES_CBC]: 'cbc', [CIPHER_ALGO.AES_CTR]: 'ctr' };
  for (const algo of [CIPHER_ALGO.AES_ECB, CIPHER_ALGO.AES_CBC, CIPHER_ALGO.AES_CTR])
    for (const bits of [128, 192, 256]) {
      it(`${names[algo]} ${bits}`, () => {
        for (let i = 0; i < 20; i++) {
          const key = randomBytes(bits / 8);
          const iv = algo === CIPHER_ALGO.AES_ECB ? Buffer.alloc(0) : randomBytes(16);
          const len = algo === CIPHER_ALGO.AES_CTR ? i * 7 : i * 16;
          const src = randomBytes(len);
          const c = createCipheriv(`aes-${bits}-${names[algo]}`, key, algo === CIPHER_ALGO.AES_ECB ? null : iv);
          c.setAutoPadding(false);
          const want = Buffer.concat([c.update(src), c.final()]);
          const got = expectCipher({ algo, op: 'encrypt', key, iv, src });
          expect(got.status).toBe(STATUS.OK);
          expect(hex(got.dst)).toBe(hex(want));
          expect(hex(expectCipher({ algo, op: 'decrypt', key, iv, src: want }).dst)).toBe(hex(src));
        }
      });
    }
  it('D10: CTR counter block increments over the full 128 bits (carry out of the low 64)', () => {
    const key = randomBytes(16);
    const iv = h('00000000000000ffffffffffffffffff');
    const src = randomBytes(48);
    const c = createCipheriv('aes-128-ctr', key, iv);
    expect(hex(expectCipher({ algo: CIPHER_ALGO.AES_CTR, op: 'encrypt', key, iv, src }).dst)).toBe(hex(Buffer.concat([c.update(src), c.final()])));
  });
});

describe('status rules', () => {
  const key = new Uint8Array(16);
  const iv = new Uint8Array(16);
  it('D12: ECB/CBC length not a multiple of 16 → ERR, dst untouched; 0 → OK', () => {
    for (const algo of [CIPHER_ALGO.AES_ECB, CIPHER_ALGO.AES_CBC]) {
      const r = expectCipher({ algo, op: 'encrypt', key, iv: algo === CIPHER_ALGO.AES_ECB ? new Uint8Array(0) : iv, src: new Uint8Array(17) });
      expect(r.status).toBe(STATUS.ERR);
      expect(r.dst.every((x) => x === 0)).toBe(true);
      expect(r.rule).toMatch(/D12/);
      expect(expectCipher({ algo, op: 'decrypt', key, iv, src: new Uint8Array(0) }).status).toBe(STATUS.OK);
    }
    expect(expectCipher({ algo: CIPHER_ALGO.AES_CTR, op: 'encrypt', key, iv, src: new Uint8Array(17) }).status).toBe(STATUS.OK);
  });
  it('D13: dst shorter than src, or writable area too small → ERR', () => {
    const src = new Uint8Array(32);
    expect(expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv, src, dstLen: 16 }).status).toBe(STATUS.ERR);
    expect(expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv, src, dstLen: 32, writableLen: 32 }).status).toBe(STATUS.ERR);
    const longer = expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv, src, dstLen: 48 });
    expect(longer.status).toBe(STATUS.OK);
    expect(longer.dst.length).toBe(48);
    expect(longer.dst.subarray(32).every((x) => x === 0)).toBe(true);
  });
  it('bad key length → ERR; unknown algo → NOTSUPP (D19); bad op → NOTSUPP', () => {
    expect(expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key: new Uint8Array(20), iv, src: new Uint8Array(16) }).status).toBe(STATUS.ERR);
    expect(expectCipher({ algo: CIPHER_ALGO.ARC4, op: 'encrypt', key, iv, src: new Uint8Array(16) }).status).toBe(STATUS.NOTSUPP);
    expect(expectCipher({ algo: 99, op: 'encrypt', key, iv, src: new Uint8Array(16) }).status).toBe(STATUS.NOTSUPP);
    expect(expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 7, key, iv, src: new Uint8Array(16) }).status).toBe(STATUS.NOTSUPP);
    expect(expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv: new Uint8Array(8), src: new Uint8Array(16) }).status).toBe(STATUS.ERR);
    expect(expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv, src: new Uint8Array(16), supported: new Set([CIPHER_ALGO.AES_ECB]) }).status).toBe(STATUS.NOTSUPP);
  });
  it('session create outcomes', () => {
    const ok = { service: SERVICE.CIPHER, algo: CIPHER_ALGO.AES_CBC, keyLen: 32, op: 'encrypt' as const };
    expect(expectCreateSession(ok).status).toBe(STATUS.OK);
    expect(expectCreateSession({ ...ok, keyLen: 17 }).status).toBe(STATUS.ERR);
    expect(expectCreateSession({ ...ok, algo: CIPHER_ALGO.DES_CBC }).status).toBe(STATUS.NOTSUPP);
    expect(expectCreateSession({ ...ok, service: 9 }).status).toBe(STATUS.NOTSUPP);
    expect(expectCreateSession({ ...ok, op: 0 }).status).toBe(STATUS.NOTSUPP);
    expect(expectCreateSession({ ...ok, opType: SYM_OP.NONE }).status).toBe(STATUS.NOTSUPP);
    expect(expectDestroySession(true)).toBe(STATUS.OK);
    expect(expectDestroySession(false)).toBe(STATUS.ERR);
  });
});
