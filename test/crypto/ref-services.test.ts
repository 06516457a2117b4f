// Reference model for HASH / MAC / AEAD / XTS / CHAIN against published vectors (FIPS 180-4,
// RFC 2202 / RFC 4231, RFC 4493, the GCM spec test cases, RFC 3610, IEEE 1619) and against
// node:crypto; plus the status rules of the design table (design.md "Request semantics").
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { Rng } from '../../src/crypto/rng.ts';
import {
  ccmDecrypt,
  ccmEncrypt,
  cmacAes,
  expectAead,
  expectChain,
  expectCipher,
  expectCreateSession,
  expectHash,
  expectMac,
  expectedArea,
  gcmDecrypt,
  gcmEncrypt,
  hmacDigest,
  shaDigest,
  xtsAes,
} from '../../src/ref/index.ts';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const txt = (s: string) => new TextEncoder().encode(s);
const { OK, ERR, BADMSG, NOTSUPP } = C.STATUS;
const H = C.HASH_ALGO;
const M = C.MAC_ALGO;
const rng = new Rng('ref-services');

const NODE_SHA: Record<number, string> = { [H.SHA1]: 'sha1', [H.SHA_224]: 'sha224', [H.SHA_256]: 'sha256', [H.SHA_384]: 'sha384', [H.SHA_512]: 'sha512' };
const NODE_HMAC: Record<number, string> = { [M.HMAC_SHA1]: 'sha1', [M.HMAC_SHA_224]: 'sha224', [M.HMAC_SHA_256]: 'sha256', [M.HMAC_SHA_384]: 'sha384', [M.HMAC_SHA_512]: 'sha512' };

describe('SHA (FIPS 180-4 examples)', () => {
  const ABC = txt('abc');
  const TWO_BLOCK = txt('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
  it('"abc" for every SHA', () => {
    expect(hex(shaDigest(H.SHA1, ABC))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(shaDigest(H.SHA_224, ABC))).toBe('23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
    expect(hex(shaDigest(H.SHA_256, ABC))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(shaDigest(H.SHA_384, ABC))).toBe('cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7');
    expect(hex(shaDigest(H.SHA_512, ABC))).toBe('ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f');
  });
  it('two-block message and the empty message', () => {
    expect(hex(shaDigest(H.SHA1, TWO_BLOCK))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    expect(hex(shaDigest(H.SHA_256, TWO_BLOCK))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(hex(shaDigest(H.SHA_256, new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(shaDigest(H.SHA1, new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });
  it('matches node:crypto at every padding edge', () => {
    for (const algo of Object.keys(NODE_SHA).map(Number))
      for (const n of [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000]) {
        const m = rng.bytes(n);
        expect(hex(shaDigest(algo, m))).toBe(createHash(NODE_SHA[algo]!).update(m).digest('hex'));
      }
  });
  it('expectHash: D14 truncation, D13 bad lengths / short area, D19', () => {
    const full = shaDigest(H.SHA_512, ABC);
    const e = expectHash({ algo: H.SHA_512, src: ABC, hashResultLen: 20 });
    expect(e.status).toBe(OK);
    expect(hex(e.output)).toBe(hex(full.subarray(0, 20)));
    expect(hex(expectedArea(e, 22))).toBe(hex(full.subarray(0, 20)) + '0000');
    expect(expectHash({ algo: H.SHA_512, src: ABC, hashResultLen: 0 }).status).toBe(ERR);
    expect(expectHash({ algo: H.SHA_256, src: ABC, hashResultLen: 33 }).status).toBe(ERR);
    const short = expectHash({ algo: H.SHA_256, src: ABC, hashResultLen: 32, areaLen: 32 });
    expect(short.status).toBe(ERR);
    expect(hex(expectedArea(short, 32))).toBe('00'.repeat(31) + '01');
    expect(expectHash({ algo: H.MD5, src: ABC, hashResultLen: 16 }).status).toBe(NOTSUPP);
    expect(expectHash({ algo: H.SHA3_256, src: ABC, hashResultLen: 32 }).status).toBe(NOTSUPP);
  });
});

describe('HMAC (RFC 2202 / RFC 4231)', () => {
  const k20 = new Uint8Array(20).fill(0x0b);
  const hi = txt('Hi There');
  it('test case 1 (20-byte key) for every HMAC', () => {
    expect(hex(hmacDigest(M.HMAC_SHA1, k20, hi))).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
    expect(hex(hmacDigest(M.HMAC_SHA_224, k20, hi))).toBe('896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22');
    expect(hex(hmacDigest(M.HMAC_SHA_256, k20, hi))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(hex(hmacDigest(M.HMAC_SHA_384, k20, hi))).toBe('afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6');
    expect(hex(hmacDigest(M.HMAC_SHA_512, k20, hi))).toBe('87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854');
  });
  it('test case 2 ("Jefe") and test case 6 (131-byte key, hashed first)', () => {
    const jefe = txt('Jefe');
    const q = txt('what do ya want for nothing?');
    expect(hex(hmacDigest(M.HMAC_SHA1, jefe, q))).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
    expect(hex(hmacDigest(M.HMAC_SHA_256, jefe, q))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(hex(hmacDigest(M.HMAC_SHA_512, jefe, q))).toBe('164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737');
    const big = new Uint8Array(131).fill(0xaa);
    const m6 = txt('Test Using Larger Than Block-Size Key - Hash Key First');
    expect(hex(hmacDigest(M.HMAC_SHA_256, big, m6))).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });
  it('test case 5: truncation to 128 bits (D14)', () => {
    const e = expectMac({ algo: M.HMAC_SHA_256, key: new Uint8Array(20).fill(0x0c), src: txt('Test With Truncation'), hashResultLen: 16 });
    expect(e.status).toBe(OK);
    expect(hex(e.output)).toBe('a3b6167473100ee06e0c796c2955552b');
  });
  it('matches node:crypto for keys 0..128 (D15: longer than the block → hashed)', () => {
    for (const algo of Object.keys(NODE_HMAC).map(Number))
      for (const kl of [0, 1, 20, 63, 64, 65, 111, 127, 128]) {
        const key = rng.bytes(kl);
        const m = rng.bytes(rng.int(300));
        expect(hex(expectMac({ algo, key, src: m, hashResultLen: C.SHA_INFO[C.HMAC_HASH[algo]!]!.digestLen }).output)).toBe(createHmac(NODE_HMAC[algo]!, key).update(m).digest('hex'));
      }
  });
  it('D15: key > max_auth_key_len (128) → ERR; hash_result_len rules; GMAC → NOTSUPP (D16)', () => {
    expect(expectMac({ algo: M.HMAC_SHA_256, key: new Uint8Array(129), src: hi, hashResultLen: 32 }).status).toBe(ERR);
    expect(expectMac({ algo: M.HMAC_SHA_256, key: new Uint8Array(128), src: hi, hashResultLen: 32 }).status).toBe(OK);
    expect(expectMac({ algo: M.HMAC_SHA1, key: k20, src: hi, hashResultLen: 21 }).status).toBe(ERR);
    expect(expectMac({ algo: M.HMAC_SHA1, key: k20, src: hi, hashResultLen: 0 }).status).toBe(ERR);
    expect(expectMac({ algo: M.GMAC_AES, key: new Uint8Array(16), src: hi, hashResultLen: 16 }).status).toBe(NOTSUPP);
    expect(expectMac({ algo: M.HMAC_MD5, key: k20, src: hi, hashResultLen: 16 }).status).toBe(NOTSUPP);
  });
});

describe('CMAC-AES (RFC 4493 examples)', () => {
  const K = h('2b7e151628aed2a6abf7158809cf4f3c');
  const M64 = h('6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710');
  it('examples 1–4 (0, 16, 40, 64 bytes)', () => {
    expect(hex(cmacAes(K, M64.subarray(0, 0)))).toBe('bb1d6929e95937287fa37d129b756746');
    expect(hex(cmacAes(K, M64.subarray(0, 16)))).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(hex(cmacAes(K, M64.subarray(0, 40)))).toBe('dfa66747de9ae63030ca32611497c827');
    expect(hex(cmacAes(K, M64))).toBe('51f0bebf7e3b9d92fc49741779363cfe');
  });
  it('key rules (D15): 16/24/32 OK, others ERR; hash_result_len ≤ 16', () => {
    for (const kl of [16, 24, 32]) expect(expectMac({ algo: M.CMAC_AES, key: new Uint8Array(kl), src: M64, hashResultLen: 16 }).status).toBe(OK);
    for (const kl of [0, 15, 20, 33, 64]) expect(expectMac({ algo: M.CMAC_AES, key: new Uint8Array(kl), src: M64, hashResultLen: 16 }).status).toBe(ERR);
    expect(expectMac({ algo: M.CMAC_AES, key: K, src: M64, hashResultLen: 17 }).status).toBe(ERR);
    expect(hex(expectMac({ algo: M.CMAC_AES, key: K, src: M64, hashResultLen: 4 }).output)).toBe('51f0bebf');
  });
});

describe('GCM (McGrew–Viega test cases; D7, D8)', () => {
  const K = h('feffe9928665731c6d6a8f9467308308');
  const P = h('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255');
  const A = h('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  it('test cases 1–2 (zero key, 12-byte IV)', () => {
    const k0 = new Uint8Array(16);
    const iv0 = new Uint8Array(12);
    expect(hex(gcmEncrypt(k0, iv0, new Uint8Array(0), new Uint8Array(0), 16))).toBe('58e2fccefa7e3061367f1d57a4e7455a');
    expect(hex(gcmEncrypt(k0, iv0, new Uint8Array(0), new Uint8Array(16), 16))).toBe('0388dace60b6a392f328c2b971b2fe78' + 'ab6e47d42cec13bdf53a67b21257bddf');
  });
  it('test cases 3–4 (with / without AAD)', () => {
    const iv = h('cafebabefacedbaddecaf888');
    expect(hex(gcmEncrypt(K, iv, new Uint8Array(0), P, 16))).toBe(
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985' + '4d5c2af327cd64a62cf35abd2ba6fab4',
    );
    const p60 = P.subarray(0, 60);
    expect(hex(gcmEncrypt(K, iv, A, p60, 16))).toBe(
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091' + '5bc94fbc3221a5db94fae95ae7121a47',
    );
  });
  it('test case 5 (8-byte IV) and 6 (60-byte IV): non-12-byte IVs are GHASHed (D8)', () => {
    const p60 = P.subarray(0, 60);
    expect(hex(gcmEncrypt(K, h('cafebabefacedbad'), A, p60, 16))).toBe(
      '61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598' + '3612d2e79e3b0785561be14aaca2fccb',
    );
    const iv60 = h('9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b');
    expect(hex(gcmEncrypt(K, iv60, A, p60, 16))).toBe(
      '8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5' + '619cc5aefffe0bfa462af43c1699d050',
    );
  });
  it('matches node:crypto for IV lengths 1..64, keys 16/24/32, truncated tags; decrypt round trip', () => {
    for (const kl of C.AES_KEY_SIZES)
      for (const il of [1, 2, 7, 8, 11, 12, 13, 16, 17, 64])
        for (const n of [0, 1, 16, 33]) {
          const key = rng.bytes(kl);
          const iv = rng.bytes(il);
          const aad = rng.bytes(rng.int(40));
          const pt = rng.bytes(n);
          const c = createCipheriv(`aes-${kl * 8}-gcm` as 'aes-128-gcm', key, iv);
          c.setAAD(aad);
          const ref = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]).toString('hex');
          expect(hex(gcmEncrypt(key, iv, aad, pt, 16))).toBe(ref);
          for (const t of C.GCM.TAG_LENS) {
            const ct = gcmEncrypt(key, iv, aad, pt, t);
            const d = gcmDecrypt(key, iv, aad, ct, t);
            expect(d.ok).toBe(true);
            expect(hex(d.plaintext)).toBe(hex(pt));
          }
        }
  });
  it('expectAead: D5 ct‖tag, D6 BADMSG zeros, D7 tag lengths, D8 iv_len 0', () => {
    const iv = h('cafebabefacedbaddecaf888');
    const enc = expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: K, iv, aad: A, src: P, tagLen: 12 });
    expect(enc.status).toBe(OK);
    expect(enc.output.length).toBe(P.length + 12);
    const dec = expectAead({ algo: C.AEAD_ALGO.GCM, op: 'decrypt', key: K, iv, aad: A, src: enc.output, tagLen: 12 });
    expect(dec.status).toBe(OK);
    expect(hex(dec.output)).toBe(hex(P));
    const bad = Uint8Array.from(enc.output);
    bad[bad.length - 1]! ^= 1;
    const bm = expectAead({ algo: C.AEAD_ALGO.GCM, op: 'decrypt', key: K, iv, aad: A, src: bad, tagLen: 12 });
    expect(bm.status).toBe(BADMSG);
    expect(bm.output.every((x) => x === 0)).toBe(true);
    expect(bm.output.length).toBe(P.length);
    expect(hex(expectedArea(bm, P.length + 1))).toBe('00'.repeat(P.length) + '02');
    for (const t of [0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 17]) expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: K, iv, aad: A, src: P, tagLen: t }).status, `tag ${t}`).toBe(ERR);
    for (const t of C.GCM.TAG_LENS) expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: K, iv, aad: A, src: P, tagLen: t }).status).toBe(OK);
    expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: K, iv: new Uint8Array(0), aad: A, src: P, tagLen: 16 }).status).toBe(ERR);
    expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: K, iv, aad: A, src: P, tagLen: 16, dstLen: P.length + 15 }).status).toBe(ERR);
    expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'decrypt', key: K, iv, aad: A, src: new Uint8Array(15), tagLen: 16 }).status).toBe(ERR);
    expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'decrypt', key: K, iv, aad: A, src: enc.output, tagLen: 12, dstLen: P.length - 1 }).status).toBe(ERR);
    expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: K, iv, aad: A, src: P, tagLen: 16, areaLen: P.length + 16 }).status).toBe(ERR);
    expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 3, key: K, iv, aad: A, src: P, tagLen: 16 }).status).toBe(NOTSUPP);
    expect(expectAead({ algo: C.AEAD_ALGO.CHACHA20_POLY1305, op: 'encrypt', key: new Uint8Array(32), iv, aad: A, src: P, tagLen: 16 }).status).toBe(NOTSUPP);
    expect(expectAead({ algo: C.AEAD_ALGO.GCM, op: 'encrypt', key: new Uint8Array(20), iv, aad: A, src: P, tagLen: 16 }).status).toBe(ERR);
  });
});

describe('CCM (RFC 3610 packet vectors; D7, D9)', () => {
  const K = h('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf');
  it('packet vector #1 (13-byte nonce, 8-byte AAD, M = 8)', () => {
    const out = ccmEncrypt(K, h('00000003020100a0a1a2a3a4a5'), h('0001020304050607'), h('08090a0b0c0d0e0f101112131415161718191a1b1c1d1e'), 8);
    expect(hex(out)).toBe('588c979a61c663d2f066d0c2c0f989806d5f6b61dac384' + '17e8d12cfdf926e0');
    const d = ccmDecrypt(K, h('00000003020100a0a1a2a3a4a5'), h('0001020304050607'), out, 8);
    expect(d.ok).toBe(true);
    expect(hex(d.plaintext)).toBe('08090a0b0c0d0e0f101112131415161718191a1b1c1d1e');
  });
  it('packet vector #2 (24-byte payload)', () => {
    const out = ccmEncrypt(K, h('00000004030201a0a1a2a3a4a5'), h('0001020304050607'), h('08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'), 8);
    expect(hex(out)).toBe('72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3b' + 'a091d56e10400916');
  });
  it('matches node:crypto: nonce 7..13, every even tag 4..16, AAD up to 300 bytes (2-byte length header)', () => {
    for (const kl of C.AES_KEY_SIZES)
      for (let nl = C.CCM.MIN_NONCE_LEN; nl <= C.CCM.MAX_NONCE_LEN; nl++)
        for (let t = C.CCM.MIN_TAG_LEN; t <= C.CCM.MAX_TAG_LEN; t += 2) {
          const key = rng.bytes(kl);
          const nonce = rng.bytes(nl);
          // node:crypto (OpenSSL) cannot do an empty CCM payload; the model's own round trip covers 0
          const pt = rng.bytes(1 + rng.int(70));
          const aad = rng.bytes(rng.int(300));
          const c = createCipheriv(`aes-${kl * 8}-ccm` as 'aes-128-ccm', key, nonce, { authTagLength: t });
          c.setAAD(aad, { plaintextLength: pt.length });
          const ref = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]).toString('hex');
          expect(hex(ccmEncrypt(key, nonce, aad, pt, t))).toBe(ref);
        }
    const key = rng.bytes(16);
    const nonce = rng.bytes(13);
    const e0 = ccmEncrypt(key, nonce, rng.bytes(5), new Uint8Array(0), 16);
    expect(e0.length).toBe(16);
  });
  it('expectAead CCM: nonce 7..13 (D9), tag 4..16 even (D7), BADMSG (D6)', () => {
    const src = rng.bytes(40);
    const base = { algo: C.AEAD_ALGO.CCM, op: 'encrypt' as const, key: K, aad: rng.bytes(9), src };
    for (const nl of [6, 14, 0]) expect(expectAead({ ...base, iv: rng.bytes(nl), tagLen: 8 }).status).toBe(ERR);
    for (const t of [2, 3, 5, 15, 17, 18]) expect(expectAead({ ...base, iv: rng.bytes(11), tagLen: t }).status).toBe(ERR);
    const iv = rng.bytes(7);
    const e = expectAead({ ...base, iv, tagLen: 4 });
    expect(e.status).toBe(OK);
    const bad = Uint8Array.from(e.output);
    bad[0]! ^= 0x80;
    const d = expectAead({ ...base, op: 'decrypt', iv, src: bad, tagLen: 4 });
    expect(d.status).toBe(BADMSG);
    expect(d.output.every((x) => x === 0)).toBe(true);
  });
});

describe('XTS-AES (IEEE 1619 vectors; D11)', () => {
  it('vector 1 (zero keys) and vector 2', () => {
    expect(hex(xtsAes(true, new Uint8Array(32), new Uint8Array(16), new Uint8Array(32)))).toBe('917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e');
    const key = h('11'.repeat(16) + '22'.repeat(16));
    const tweak = h('3333333333' + '00'.repeat(11));
    expect(hex(xtsAes(true, key, tweak, new Uint8Array(32).fill(0x44)))).toBe('c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0');
  });
  it('vector 15 (17 bytes: ciphertext stealing)', () => {
    const key = h('fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0');
    const tweak = h('9a78563412' + '00'.repeat(11));
    const pt = h('000102030405060708090a0b0c0d0e0f10');
    const ct = xtsAes(true, key, tweak, pt);
    expect(hex(ct)).toBe('6c1625db4671522d3d7599601de7ca09ed');
    expect(hex(xtsAes(false, key, tweak, ct))).toBe(hex(pt));
  });
  it('matches node:crypto (aes-128/256-xts) at 16..4103 bytes incl. partial last blocks', () => {
    for (const kl of C.AES_XTS_KEY_SIZES)
      for (const n of [16, 17, 31, 32, 33, 47, 63, 64, 65, 129, 4103]) {
        const key = rng.bytes(kl);
        const tw = rng.bytes(16);
        const pt = rng.bytes(n);
        const c = createCipheriv(`aes-${kl * 4}-xts` as 'aes-128-xts', key, tw);
        const ref = Buffer.concat([c.update(pt), c.final()]).toString('hex');
        const e = expectCipher({ algo: C.CIPHER_ALGO.AES_XTS, op: 'encrypt', key, iv: tw, src: pt });
        expect(e.status).toBe(OK);
        expect(hex(e.dst)).toBe(ref);
        expect(hex(expectCipher({ algo: C.CIPHER_ALGO.AES_XTS, op: 'decrypt', key, iv: tw, src: e.dst }).dst)).toBe(hex(pt));
      }
  });
  it('D11 rules: key1 = key2 → ERR; src 1..15 → ERR; 0 → OK; key 32/64 only; iv 16', () => {
    const k = rng.bytes(16);
    const same = new Uint8Array(32);
    same.set(k);
    same.set(k, 16);
    const tw = rng.bytes(16);
    const X = C.CIPHER_ALGO.AES_XTS;
    expect(expectCipher({ algo: X, op: 'encrypt', key: same, iv: tw, src: rng.bytes(32) }).status).toBe(ERR);
    expect(expectCreateSession({ service: C.SERVICE.CIPHER, algo: X, keyLen: 32, key: same, op: 'encrypt' }).status).toBe(ERR);
    expect(expectCreateSession({ service: C.SERVICE.CIPHER, algo: X, keyLen: 64, key: rng.bytes(64), op: 'encrypt' }).status).toBe(OK);
    expect(expectCreateSession({ service: C.SERVICE.CIPHER, algo: X, keyLen: 16, op: 'encrypt' }).status).toBe(ERR);
    for (const n of [1, 15]) expect(expectCipher({ algo: X, op: 'encrypt', key: rng.bytes(32), iv: tw, src: rng.bytes(n) }).status).toBe(ERR);
    expect(expectCipher({ algo: X, op: 'encrypt', key: rng.bytes(32), iv: tw, src: new Uint8Array(0) }).status).toBe(OK);
    expect(expectCipher({ algo: X, op: 'encrypt', key: rng.bytes(48), iv: tw, src: rng.bytes(16) }).status).toBe(ERR);
    expect(expectCipher({ algo: X, op: 'encrypt', key: rng.bytes(32), iv: rng.bytes(8), src: rng.bytes(16) }).status).toBe(ERR);
  });
  it('CTR (D10): 128-bit big-endian counter wraps across all 16 bytes', () => {
    const key = rng.bytes(16);
    const iv = h('ff'.repeat(16));
    const e = expectCipher({ algo: C.CIPHER_ALGO.AES_CTR, op: 'encrypt', key, iv, src: new Uint8Array(33) });
    const c = createCipheriv('aes-128-ctr', key, iv);
    expect(hex(e.dst)).toBe(Buffer.concat([c.update(new Uint8Array(33)), c.final()]).toString('hex'));
  });
});

describe('CHAIN (D21)', () => {
  const key = rng.bytes(16);
  const iv = rng.bytes(16);
  const authKey = rng.bytes(40);
  const src = rng.bytes(100);
  const aad = rng.bytes(12);
  const base = {
    hashMode: C.SYM_HASH_MODE.AUTH,
    cipherAlgo: C.CIPHER_ALGO.AES_CBC,
    cipherKey: key,
    hashAlgo: M.HMAC_SHA_256,
    authKey,
    hashResultLen: 16,
    iv,
    aad,
    src,
    cipherStart: 4,
    lenToCipher: 64,
    hashStart: 2,
    lenToHash: 90,
  };
  it('CIPHER_THEN_HASH: dst = src with the range encrypted; HMAC over aad ‖ range of the result', () => {
    const e = expectChain({ ...base, order: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH, cipherOp: 'encrypt' });
    expect(e.status).toBe(OK);
    const c = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    const ct = Buffer.concat([c.update(src.subarray(4, 68)), c.final()]);
    const dst = Buffer.concat([Buffer.from(src.subarray(0, 4)), ct, Buffer.from(src.subarray(68))]);
    expect(hex(e.output)).toBe(dst.toString('hex'));
    const mac = createHmac('sha256', authKey).update(aad).update(dst.subarray(2, 92)).digest().subarray(0, 16);
    expect(hex(e.hashResult!)).toBe(mac.toString('hex'));
    // hash_result at area offset dst_data_len
    const e2 = expectChain({ ...base, order: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH, cipherOp: 'encrypt', dstLen: 110 });
    const area = expectedArea(e2, 110 + 16 + 1);
    expect(hex(area.subarray(0, 100))).toBe(dst.toString('hex'));
    expect(hex(area.subarray(100, 110))).toBe('00'.repeat(10));
    expect(hex(area.subarray(110, 126))).toBe(mac.toString('hex'));
    expect(area[126]).toBe(OK);
  });
  it('HASH_THEN_CIPHER hashes the source; PLAIN uses the SHA; decrypt direction', () => {
    const e = expectChain({ ...base, order: C.ALG_CHAIN_ORDER.HASH_THEN_CIPHER, cipherOp: 'decrypt', hashMode: C.SYM_HASH_MODE.PLAIN, hashAlgo: H.SHA1, hashResultLen: 20 });
    expect(e.status).toBe(OK);
    expect(hex(e.hashResult!)).toBe(createHash('sha1').update(aad).update(src.subarray(2, 92)).digest('hex'));
    expect(hex(e.output.subarray(0, 4))).toBe(hex(src.subarray(0, 4)));
    expect(hex(e.output.subarray(68))).toBe(hex(src.subarray(68)));
  });
  it('status rules: ranges (D21), block multiple, NESTED / CMAC / wrong namespace → NOTSUPP, short area (D13)', () => {
    const ok = { ...base, order: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH, cipherOp: 'encrypt' as const };
    expect(expectChain({ ...ok, cipherStart: 40, lenToCipher: 64 }).status).toBe(ERR);
    expect(expectChain({ ...ok, hashStart: 11, lenToHash: 90 }).status).toBe(ERR);
    expect(expectChain({ ...ok, lenToCipher: 17 }).status).toBe(ERR);
    expect(expectChain({ ...ok, lenToCipher: 0 }).status).toBe(OK);
    expect(expectChain({ ...ok, hashMode: C.SYM_HASH_MODE.NESTED }).status).toBe(NOTSUPP);
    expect(expectChain({ ...ok, hashAlgo: M.CMAC_AES, authKey: rng.bytes(16) }).status).toBe(NOTSUPP);
    expect(expectChain({ ...ok, hashMode: C.SYM_HASH_MODE.PLAIN, hashAlgo: H.MD5 }).status).toBe(NOTSUPP);
    expect(expectChain({ ...ok, order: 0 }).status).toBe(NOTSUPP);
    expect(expectChain({ ...ok, authKey: rng.bytes(129) }).status).toBe(ERR);
    expect(expectChain({ ...ok, hashResultLen: 33 }).status).toBe(ERR);
    expect(expectChain({ ...ok, dstLen: 99 }).status).toBe(ERR);
    expect(expectChain({ ...ok, areaLen: 100 + 16 }).status).toBe(ERR);
    expect(expectChain({ ...ok, cipherAlgo: C.CIPHER_ALGO.AES_XTS, cipherKey: rng.bytes(32), lenToCipher: 15 }).status).toBe(ERR);
    expect(expectChain({ ...ok, cipherAlgo: C.CIPHER_ALGO.AES_XTS, cipherKey: rng.bytes(32), lenToCipher: 17 }).status).toBe(OK);
  });
});

describe('session create outcomes (design table)', () => {
  const S = C.SERVICE;
  it('HASH: algo NOTSUPP, hash_result_len 0 / > digest ERR', () => {
    expect(expectCreateSession({ service: S.HASH, algo: H.SHA_384, keyLen: 0, op: 0, hashResultLen: 48 }).status).toBe(OK);
    expect(expectCreateSession({ service: S.HASH, algo: H.SHA_384, keyLen: 0, op: 0, hashResultLen: 49 }).status).toBe(ERR);
    expect(expectCreateSession({ service: S.HASH, algo: H.SHA_384, keyLen: 0, op: 0, hashResultLen: 0 }).status).toBe(ERR);
    expect(expectCreateSession({ service: S.HASH, algo: H.SHA3_512, keyLen: 0, op: 0, hashResultLen: 64 }).status).toBe(NOTSUPP);
  });
  it('MAC: HMAC key 0..128, CMAC 16/24/32, GMAC NOTSUPP (D15, D16)', () => {
    expect(expectCreateSession({ service: S.MAC, algo: M.HMAC_SHA_512, keyLen: 0, op: 0, hashResultLen: 64 }).status).toBe(OK);
    expect(expectCreateSession({ service: S.MAC, algo: M.HMAC_SHA_512, keyLen: 129, op: 0, hashResultLen: 64 }).status).toBe(ERR);
    expect(expectCreateSession({ service: S.MAC, algo: M.CMAC_AES, keyLen: 24, op: 0, hashResultLen: 16 }).status).toBe(OK);
    expect(expectCreateSession({ service: S.MAC, algo: M.CMAC_AES, keyLen: 10, op: 0, hashResultLen: 16 }).status).toBe(ERR);
    expect(expectCreateSession({ service: S.MAC, algo: M.GMAC_AES, keyLen: 16, op: 0, hashResultLen: 16 }).status).toBe(NOTSUPP);
  });
  it('AEAD: bad tag_len → NOTSUPP at create (D7), bad key → ERR, bad op → NOTSUPP', () => {
    const a = { service: S.AEAD, algo: C.AEAD_ALGO.GCM, keyLen: 16, op: 'encrypt' as const, tagLen: 16 };
    expect(expectCreateSession(a).status).toBe(OK);
    expect(expectCreateSession({ ...a, tagLen: 10 }).status).toBe(NOTSUPP);
    expect(expectCreateSession({ ...a, algo: C.AEAD_ALGO.CCM, tagLen: 10 }).status).toBe(OK);
    expect(expectCreateSession({ ...a, algo: C.AEAD_ALGO.CCM, tagLen: 13 }).status).toBe(NOTSUPP);
    expect(expectCreateSession({ ...a, keyLen: 17 }).status).toBe(ERR);
    expect(expectCreateSession({ ...a, op: 9 }).status).toBe(NOTSUPP);
    expect(expectCreateSession({ ...a, algo: C.AEAD_ALGO.CHACHA20_POLY1305 }).status).toBe(NOTSUPP);
  });
  it('CHAIN: op_type ALGORITHM_CHAINING with chain parameters', () => {
    const chain = {
      order: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH,
      hashMode: C.SYM_HASH_MODE.AUTH,
      cipherAlgo: C.CIPHER_ALGO.AES_CTR,
      cipherOp: 'encrypt' as const,
      cipherKey: rng.bytes(32),
      hashAlgo: M.HMAC_SHA1,
      authKey: rng.bytes(20),
      hashResultLen: 12,
    };
    const p = { service: S.CIPHER, algo: chain.cipherAlgo, keyLen: 32, op: 'encrypt' as const, opType: C.SYM_OP.ALGORITHM_CHAINING, chain };
    expect(expectCreateSession(p).status).toBe(OK);
    expect(expectCreateSession({ ...p, chain: { ...chain, hashMode: C.SYM_HASH_MODE.NESTED } }).status).toBe(NOTSUPP);
    expect(expectCreateSession({ ...p, chain: { ...chain, hashAlgo: M.CMAC_AES } }).status).toBe(NOTSUPP);
    expect(expectCreateSession({ ...p, chain: { ...chain, cipherKey: rng.bytes(20) } }).status).toBe(ERR);
    expect(expectCreateSession({ ...p, chain: { ...chain, hashResultLen: 21 } }).status).toBe(ERR);
    expect(expectCreateSession({ ...p, chain: { ...chain, cipherAlgo: C.CIPHER_ALGO.DES_CBC } }).status).toBe(NOTSUPP);
  });
});
