// AES-CBC through the integrated device (bridge + driver + RTL), in the three layouts of D1:
// session+legacy, session+REVISION_1, stateless (REVISION_1 + CIPHER_STATELESS), plus D2.
//
// Assumption: submitRaw hands the device zero-filled writable buffers, so "dst untouched"
// (D12/D13) is checked as "dst still all zero".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { cipherRequest, type CipherRequestParams } from '../../src/crypto/cipher.ts';
import { loadOpenDevice, type FullDevice } from '../../src/crypto/device.ts';
import type { SplitSpec } from '../../src/crypto/framing.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createCipherSession, destroySession } from '../../src/crypto/session.ts';
import { expectCipher } from '../../src/ref/index.ts';

const CBC = C.CIPHER_ALGO.AES_CBC;
const { OK, ERR, NOTSUPP, INVSESS } = C.STATUS;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const h = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** FIPS-197 Appendix C: one block, CBC with a zero IV = the AES block function. */
const FIPS197 = [
  { bits: 128, key: '000102030405060708090a0b0c0d0e0f', ct: '69c4e0d86a7b0430d8cdb78070b4c55a' },
  { bits: 192, key: '000102030405060708090a0b0c0d0e0f1011121314151617', ct: 'dda97ca4864cdfe06eaf70a0ec0d7191' },
  { bits: 256, key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', ct: '8ea2b7ca516745bfeafc49904b496089' },
];
const FIPS197_PT = '00112233445566778899aabbccddeeff';

type Profile = { name: string; features: bigint; stateless: boolean };
const PROFILES: Profile[] = [
  { name: 'session + legacy', features: C.FEATURE_PROFILE.legacy, stateless: false },
  { name: 'session + REVISION_1', features: C.FEATURE_PROFILE.rev1, stateless: false },
  { name: 'stateless (REVISION_1 + CIPHER_STATELESS)', features: C.FEATURE_PROFILE.cipherStateless, stateless: true },
];

const SPLITS: SplitSpec[] = ['parts', 'single', 'fields', [1, 30, 73, 99]];

/** One AES-CBC operation in the profile's mode; returns the device answer and the model's. */
async function runOne(
  dev: FullDevice,
  p: Profile,
  a: { op: 'encrypt' | 'decrypt'; key: Uint8Array; iv: Uint8Array; src: Uint8Array; dstLen?: number } & Partial<CipherRequestParams>,
) {
  const { op, key, iv, src, ...rest } = a;
  const exp = expectCipher({ algo: CBC, op, key, iv, src, ...(a.dstLen !== undefined ? { dstLen: a.dstLen } : {}), ...(a.writable ? { writableLen: a.writable.reduce((x, y) => x + y, 0) } : {}) });
  if (p.stateless) {
    const got = await cipherRequest(dev, { ...rest, op, iv, src, stateless: { algo: CBC, key } });
    return { got, exp };
  }
  const cs = await createCipherSession(dev, { algo: CBC, key, op }, { ...(rest.split ? { split: rest.split } : {}), ...(rest.indirect ? { indirect: true } : {}) });
  expect(cs.status).toBe(OK);
  const got = await cipherRequest(dev, { ...rest, op, iv, src, sessionId: cs.sessionId });
  expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
  return { got, exp };
}

function expectSame(got: { status: number; dst: Uint8Array }, exp: { status: number; dst: Uint8Array; rule: string }) {
  expect(C.statusName(got.status), exp.rule).toBe(C.statusName(exp.status));
  expect(hex(got.dst)).toBe(hex(exp.dst));
}

describe('AES-CBC through the device', () => {
  for (const p of PROFILES) {
    describe(p.name, () => {
      let dev: FullDevice;
      const rng = new Rng(`cbc-device ${p.name}`);

      beforeAll(async () => {
        const openDevice = await loadOpenDevice();
        dev = await openDevice({ features: p.features });
        expect(dev.negotiatedFeatures & p.features).toBe(p.features);
      });
      afterAll(async () => {
        if (!dev) return;
        try {
          expect(await dev.dmaViolations()).toBe(0);
        } finally {
          await dev.close();
        }
      });

      it('FIPS-197 known answers (128/192/256), both directions', async () => {
        for (const v of FIPS197) {
          const iv = new Uint8Array(C.AES_IV_SIZE);
          const enc = await runOne(dev, p, { op: 'encrypt', key: h(v.key), iv, src: h(FIPS197_PT) });
          expect(enc.got.status).toBe(OK);
          expect(hex(enc.got.dst)).toBe(v.ct);
          const dec = await runOne(dev, p, { op: 'decrypt', key: h(v.key), iv, src: h(v.ct) });
          expect(dec.got.status).toBe(OK);
          expect(hex(dec.got.dst)).toBe(FIPS197_PT);
        }
      });

      it('random keys / IVs / lengths, 128/192/256, encrypt and decrypt, varied framing', async () => {
        let i = 0;
        for (const bits of C.AES_KEY_BITS)
          for (const op of ['encrypt', 'decrypt'] as const)
            for (const len of [0, 16, 32, 16 * (1 + rng.int(64)), 16 * (1 + rng.int(256)), 4096]) {
              const split = SPLITS[i % SPLITS.length]!;
              const indirect = i % 2 === 1;
              i++;
              const { got, exp } = await runOne(dev, p, { op, key: rng.bytes(bits / 8), iv: rng.bytes(16), src: rng.bytes(len), split, indirect });
              expectSame(got, exp);
              expect(got.usedLen, 'D3 used.len = whole writable area').toBe(len + 1);
            }
      });

      it('64 KiB edge sizes', async () => {
        for (const len of [65520, 65536]) {
          const { got, exp } = await runOne(dev, p, { op: 'encrypt', key: rng.bytes(32), iv: rng.bytes(16), src: rng.bytes(len) });
          expectSame(got, exp);
        }
      });

      it('D3: dst area longer than dst_data_len, split over several descriptors; status = last byte', async () => {
        const src = rng.bytes(64);
        // Linux style: dst sg list longer than needed, then the 1-byte status
        const a = await runOne(dev, p, { op: 'encrypt', key: rng.bytes(16), iv: rng.bytes(16), src, dstLen: 80 });
        expectSame(a.got, a.exp);
        // explicit writable layout: 64 dst bytes over 3 descriptors, status alone at the end
        const b = await runOne(dev, p, { op: 'decrypt', key: rng.bytes(24), iv: rng.bytes(16), src, writable: [10, 40, 14, 1] });
        expectSame(b.got, b.exp);
        // status byte sharing a descriptor with dst
        const c = await runOne(dev, p, { op: 'encrypt', key: rng.bytes(32), iv: rng.bytes(16), src, writable: [30, 35] });
        expectSame(c.got, c.exp);
        expect(c.got.usedLen).toBe(65);
      });

      it('every data queue', async () => {
        for (let q = 0; q < dev.numDataQueues; q++) {
          const { got, exp } = await runOne(dev, p, { queue: q, op: 'encrypt', key: rng.bytes(16), iv: rng.bytes(16), src: rng.bytes(48) });
          expectSame(got, exp);
        }
      });

      it('D12: length not a multiple of 16 → ERR, dst untouched', async () => {
        for (const len of C.REGRESSION.BAD_BLOCK_LENGTHS) {
          const { got, exp } = await runOne(dev, p, { op: 'encrypt', key: rng.bytes(16), iv: rng.bytes(16), src: rng.bytes(len) });
          expect(exp.status).toBe(ERR);
          expectSame(got, exp);
        }
      });

      it('D13: dst_data_len < src_data_len → ERR, nothing but the status written', async () => {
        const { got, exp } = await runOne(dev, p, { op: 'encrypt', key: rng.bytes(16), iv: rng.bytes(16), src: rng.bytes(64), dstLen: 48 });
        expect(exp.status).toBe(ERR);
        expectSame(got, exp);
      });

      it('bad key length → ERR (at create, or on the stateless request)', async () => {
        for (const kl of C.REGRESSION.BAD_AES_KEY_LENGTHS) {
          if (p.stateless) {
            const r = await cipherRequest(dev, { op: 'encrypt', iv: rng.bytes(16), src: rng.bytes(16), stateless: { algo: CBC, key: rng.bytes(kl) } });
            expect(C.statusName(r.status)).toBe('ERR');
            expect(r.dst.every((x) => x === 0)).toBe(true);
          } else {
            const cs = await createCipherSession(dev, { algo: CBC, key: rng.bytes(kl), op: 'encrypt' });
            expect(C.statusName(cs.status)).toBe('ERR');
          }
        }
      });

      it('D19: unknown algorithm / opcode → NOTSUPP', async () => {
        if (p.stateless) {
          const r = await cipherRequest(dev, { op: 'encrypt', iv: rng.bytes(16), src: rng.bytes(16), stateless: { algo: C.CIPHER_ALGO.ARC4, key: rng.bytes(16) } });
          expect(C.statusName(r.status)).toBe('NOTSUPP');
        } else {
          const cs = await createCipherSession(dev, { algo: C.CIPHER_ALGO.KASUMI_F8, key: rng.bytes(16), op: 'encrypt' });
          expect(C.statusName(cs.status)).toBe('NOTSUPP');
          const bad = await createCipherSession(dev, { algo: CBC, key: rng.bytes(16), op: 'encrypt', opcode: C.opcode(0x7f, 2) });
          expect(bad.status).toBe(NOTSUPP);
        }
      });

      if (!p.stateless) it('stale session id → INVSESS; destroy → OK, again → ERR (D17)', async () => {
        const key = rng.bytes(16);
        const cs = await createCipherSession(dev, { algo: CBC, key, op: 'encrypt' });
        expect(cs.status).toBe(OK);
        const live = await cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: rng.bytes(16), src: rng.bytes(32) });
        expect(live.status).toBe(OK);
        expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
        const stale = await cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: rng.bytes(16), src: rng.bytes(32) });
        expect(C.statusName(stale.status)).toBe(C.statusName(INVSESS));
        expect(stale.dst.every((x) => x === 0)).toBe(true);
        expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(ERR);
        // the slot is reused by a new session, the old id stays invalid
        const cs2 = await createCipherSession(dev, { algo: CBC, key: rng.bytes(16), op: 'encrypt' });
        expect(cs2.status).toBe(OK);
        expect(cs2.sessionId).not.toBe(cs.sessionId);
        const stale2 = await cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: rng.bytes(16), src: rng.bytes(32) });
        expect(stale2.status).toBe(INVSESS);
        expect(await destroySession(dev, C.SERVICE.CIPHER, cs2.sessionId)).toBe(OK);
      });

      if (p.stateless) it('D2: session request on the stateless layout (flag SESSION_MODE, sess_para ignored, no key bytes)', async () => {
        const key = rng.bytes(32);
        const cs = await createCipherSession(dev, { algo: CBC, key, op: 'decrypt' });
        expect(cs.status).toBe(OK);
        const iv = rng.bytes(16);
        const src = rng.bytes(96);
        const exp = expectCipher({ algo: CBC, op: 'decrypt', key, iv, src });
        // sess_para carries garbage that must be ignored in session mode
        const r = await cipherRequest(dev, { op: 'decrypt', sessionId: cs.sessionId, iv, src, sessParaInSessionMode: { algo: C.CIPHER_ALGO.ARC4, keyLen: 5, op: 7 } });
        expect(r.layout).toBe('stateless');
        expectSame(r, exp);
        expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
        const stale = await cipherRequest(dev, { op: 'decrypt', sessionId: cs.sessionId, iv, src });
        expect(stale.status).toBe(INVSESS);
      });
    });
  }
});
