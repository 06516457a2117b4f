// HASH / MAC / AEAD / CHAIN request helpers and executeCase() against the fake devices:
// descriptor framing, field offsets, status position (D3), AAD position (D4), layouts (D1/D2),
// and round trips through the model device.
import { describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { aeadRequest } from '../../src/crypto/aead.ts';
import { chainRequest } from '../../src/crypto/chain.ts';
import { executeCase, type VectorCase } from '../../src/crypto/execute.ts';
import { hashRequest, macRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createChainSession, destroySession } from '../../src/crypto/session.ts';
import { expectAead, expectChain, expectCipher, expectHash, expectMac, gcmEncrypt } from '../../src/ref/index.ts';
import { ModelDevice, RecordingDevice, u32 } from './fake-device.ts';

const lens = (bs: Uint8Array[]) => bs.map((b) => b.length);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const rng = new Rng('services-helpers');
const P = C.ROW_PROFILE;
const at = (b: Uint8Array, offs: number[]) => offs.map((o) => u32(b, o));
const fill = (n: number, v: number) => new Uint8Array(n).fill(v);

/** A responder that fills the area with 0xAB and puts `status` in the last byte. */
const answer = (status: number) => (s: { writableLengths: number[] }) => {
  const a = fill(s.writableLengths.reduce((x, y) => x + y, 0), 0xab);
  a[a.length - 1] = status;
  return a;
};

describe('hashRequest / macRequest → descriptors', () => {
  const src = rng.bytes(50);
  it('HASH legacy: [72][src], writable [hash_result][1], fields @24/@28', async () => {
    const dev = new RecordingDevice(P.legacy, answer(C.STATUS.OK));
    const r = await hashRequest(dev, { sessionId: 9n, src, hashResultLen: 20 });
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([72, 50]);
    expect(s.writableLengths).toEqual([20, 1]);
    expect(at(s.readable[0]!, [0, 16, 24, 28])).toEqual([C.OPCODE.HASH, C.FLAG.NONE, 50, 20]);
    expect(new DataView(s.readable[0]!.buffer).getBigUint64(8, true)).toBe(9n);
    expect(r.status).toBe(C.STATUS.OK);
    expect(hex(r.result)).toBe('ab'.repeat(20));
    expect(r.layout).toBe('legacy');
  });
  it('HASH rev1: natural 8-byte flf, flag SESSION_MODE; stateless: 16-byte flf with algo, flag 0', async () => {
    const dev = new RecordingDevice(P.rev1);
    await hashRequest(dev, { sessionId: 1n, src, hashResultLen: 32 });
    expect(lens(dev.submissions[0]!.readable)).toEqual([32, 50]);
    expect(at(dev.submissions[0]!.readable[0]!, [16, 24, 28])).toEqual([C.FLAG.SESSION_MODE, 50, 32]);
    const st = new RecordingDevice(P.hashStateless);
    await hashRequest(st, { stateless: { algo: C.HASH_ALGO.SHA_384 }, src, hashResultLen: 48, split: 'single', indirect: true });
    const s = st.submissions[0]!;
    expect(lens(s.readable)).toEqual([40 + 50]);
    expect(s.opts).toEqual({ indirect: true });
    expect(at(s.readable[0]!, [16, 24, 28, 32])).toEqual([C.FLAG.NONE, C.HASH_ALGO.SHA_384, 50, 48]);
    // D2: session request on the stateless layout → flag SESSION_MODE, zero sess_para
    await hashRequest(st, { sessionId: 4n, src, hashResultLen: 48 });
    expect(at(st.submissions[1]!.readable[0]!, [16, 24])).toEqual([C.FLAG.SESSION_MODE, 0]);
  });
  it('MAC stateless: [40][auth_key][src]; session requests carry no key (D2)', async () => {
    const key = rng.bytes(33);
    const st = new RecordingDevice(P.macStateless);
    await macRequest(st, { stateless: { algo: C.MAC_ALGO.HMAC_SHA_256, key }, src, hashResultLen: 16 });
    const s = st.submissions[0]!;
    expect(lens(s.readable)).toEqual([40, 33, 50]);
    expect(at(s.readable[0]!, [0, 24, 28, 32, 36])).toEqual([C.OPCODE.MAC, C.MAC_ALGO.HMAC_SHA_256, 33, 50, 16]);
    expect(hex(s.readable[1]!)).toBe(hex(key));
    await macRequest(st, { sessionId: 2n, src, hashResultLen: 16 });
    expect(lens(st.submissions[1]!.readable)).toEqual([40, 50]);
    const legacy = new RecordingDevice(P.legacy);
    await macRequest(legacy, { sessionId: 2n, src, hashResultLen: 12, writable: [5, 8] });
    expect(lens(legacy.submissions[0]!.readable)).toEqual([72, 50]);
    expect(legacy.submissions[0]!.writableLengths).toEqual([5, 8]);
  });
  it('status = last byte of the area even when hash_result shares a descriptor with it (D3)', async () => {
    const dev = new RecordingDevice(P.rev1, answer(C.STATUS.INVSESS));
    const r = await hashRequest(dev, { sessionId: 1n, src, hashResultLen: 20, writable: [7, 14] });
    expect(r.status).toBe(C.STATUS.INVSESS);
    expect(r.result.length).toBe(20);
    expect(r.usedLen).toBe(21);
  });
});

describe('aeadRequest → descriptors (D4: iv, aad, src)', () => {
  const iv = rng.bytes(12);
  const aad = rng.bytes(20);
  const src = rng.bytes(33);
  it('legacy encrypt: [72][iv][aad][src], dst = src + tag, fields @24..@40', async () => {
    const dev = new RecordingDevice(P.legacy);
    const r = await aeadRequest(dev, { op: 'encrypt', sessionId: 3n, iv, aad, src, tagLen: 16 });
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([72, 12, 20, 33]);
    expect(hex(s.readable[2]!)).toBe(hex(aad));
    expect(hex(s.readable[3]!)).toBe(hex(src));
    expect(s.writableLengths).toEqual([49, 1]);
    expect(at(s.readable[0]!, [0, 24, 28, 32, 36, 40])).toEqual([C.OPCODE.AEAD_ENCRYPT, 12, 20, 33, 49, 16]);
    expect(r.dst.length).toBe(49);
  });
  it('rev1 decrypt: 24-byte flf, dst = src − tag', async () => {
    const dev = new RecordingDevice(P.rev1);
    await aeadRequest(dev, { op: 'decrypt', sessionId: 3n, iv, aad, src, tagLen: 8 });
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([48, 12, 20, 33]);
    expect(s.writableLengths).toEqual([25, 1]);
    expect(at(s.readable[0]!, [0, 16, 24, 28, 32, 36, 40])).toEqual([C.OPCODE.AEAD_DECRYPT, C.FLAG.SESSION_MODE, 12, 20, 33, 25, 8]);
  });
  it('stateless: [56][key][iv][aad][src], stateless field order', async () => {
    const key = rng.bytes(24);
    const dev = new RecordingDevice(P.aeadStateless);
    await aeadRequest(dev, { op: 'encrypt', stateless: { algo: C.AEAD_ALGO.CCM, key }, iv: iv.subarray(0, 11), aad, src, tagLen: 10 });
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([56, 24, 11, 20, 33]);
    expect(at(s.readable[0]!, [16, 24, 28, 32, 36, 40, 44, 48, 52])).toEqual([C.FLAG.NONE, C.AEAD_ALGO.CCM, 24, C.CIPHER_OP.ENCRYPT, 11, 10, 20, 33, 43]);
    // empty AAD: no aad descriptor
    await aeadRequest(dev, { op: 'encrypt', sessionId: 1n, iv, aad: new Uint8Array(0), src, tagLen: 16 });
    expect(lens(dev.submissions[1]!.readable)).toEqual([56, 12, 33]);
  });
});

describe('chainRequest → descriptors', () => {
  const iv = rng.bytes(16);
  const aad = rng.bytes(8);
  const src = rng.bytes(64);
  it('legacy session: [72][iv][aad][src], writable [dst][hash][1], all range fields', async () => {
    const dev = new RecordingDevice(P.legacy, (s) => {
      const a = new Uint8Array(s.writableLengths.reduce((x, y) => x + y, 0));
      a.fill(1, 0, 70);
      a.fill(2, 70, 70 + 12);
      a[a.length - 1] = C.STATUS.OK;
      return a;
    });
    const r = await chainRequest(dev, { op: 'encrypt', sessionId: 7n, iv, aad, src, hashResultLen: 12, dstLen: 70, cipherStart: 16, lenToCipher: 32, hashStart: 8, lenToHash: 40 });
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([72, 16, 8, 64]);
    expect(hex(s.readable[2]!)).toBe(hex(aad));
    expect(s.writableLengths).toEqual([70, 12, 1]);
    expect(at(s.readable[0]!, [0, 24, 28, 32, 36, 40, 44, 48, 52, 56, 64])).toEqual([C.OPCODE.CIPHER_ENCRYPT, 16, 64, 70, 16, 32, 8, 40, 8, 12, C.SYM_OP.ALGORITHM_CHAINING]);
    expect(r.dst.every((x) => x === 1)).toBe(true);
    expect(r.dst.length).toBe(70);
    expect(hex(r.hashResult)).toBe('02'.repeat(12));
    expect(r.status).toBe(C.STATUS.OK);
  });
  it('stateless: [100][cipher_key][auth_key][iv][aad][src], both aad_len fields', async () => {
    const ck = rng.bytes(32);
    const ak = rng.bytes(70);
    const dev = new RecordingDevice(P.cipherStateless);
    await chainRequest(dev, {
      op: 'decrypt',
      iv,
      aad,
      src,
      hashResultLen: 32,
      stateless: { order: C.ALG_CHAIN_ORDER.HASH_THEN_CIPHER, cipherAlgo: C.CIPHER_ALGO.AES_CTR, cipherKey: ck, hashAlgo: C.MAC_ALGO.HMAC_SHA_256, authKey: ak },
    });
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([100, 32, 70, 16, 8, 64]);
    expect(at(s.readable[0]!, [16, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 72, 76, 80, 84, 88, 96])).toEqual([
      C.FLAG.NONE, C.ALG_CHAIN_ORDER.HASH_THEN_CIPHER, 8, C.CIPHER_ALGO.AES_CTR, 32, C.CIPHER_OP.DECRYPT, C.MAC_ALGO.HMAC_SHA_256, 70, C.SYM_HASH_MODE.AUTH,
      16, 64, 64, 0, 64, 0, 64, 8, 32, C.SYM_OP.ALGORITHM_CHAINING,
    ]);
    expect(s.writableLengths).toEqual([64, 32, 1]);
  });
});

describe('round trips through the model device (every service, all layouts, splits, indirect)', () => {
  const profiles = { legacy: P.legacy, rev1: P.rev1, stateless: P.all };
  for (const [name, features] of Object.entries(profiles)) {
    it(name, async () => {
      const dev = new ModelDevice(features);
      const modes = name === 'stateless' ? (['session', 'stateless'] as const) : (['session'] as const);
      for (const mode of modes)
        for (const split of ['parts', 'fields', [5, 41, 77]] as const)
          for (const indirect of [false, true]) {
            const o = { split, indirect };
            const key = rng.bytes(16);
            const iv = rng.bytes(12);
            const aad = rng.bytes(9);
            const src = rng.bytes(45);
            const stateless = mode === 'stateless';
            // AEAD via executeCase (creates and destroys the session)
            const r = await executeCase(dev, { service: 'aead', algo: 'aes-gcm', op: 'encrypt', key, iv, aad, input: src, tagLen: 12, valid: true }, { mode });
            expect(r.unsupported).toBeUndefined();
            expect(hex(r.output)).toBe(hex(gcmEncrypt(key, iv, aad, src, 12)));
            // HASH / MAC helpers directly (stateless only; sessions go through executeCase below)
            if (stateless) {
              const hh = await hashRequest(dev, { stateless: { algo: C.HASH_ALGO.SHA_224 }, src, hashResultLen: 28, ...o });
              expect(hex(hh.result)).toBe(hex(expectHash({ algo: C.HASH_ALGO.SHA_224, src, hashResultLen: 28 }).output));
              const mm = await macRequest(dev, { stateless: { algo: C.MAC_ALGO.CMAC_AES, key }, src, hashResultLen: 16, ...o });
              expect(hex(mm.result)).toBe(hex(expectMac({ algo: C.MAC_ALGO.CMAC_AES, key, src, hashResultLen: 16 }).output));
              const aa = await aeadRequest(dev, { op: 'encrypt', stateless: { algo: C.AEAD_ALGO.CCM, key }, iv: iv.subarray(0, 7), aad, src, tagLen: 6, ...o });
              expect(hex(aa.dst)).toBe(hex(expectAead({ algo: C.AEAD_ALGO.CCM, op: 'encrypt', key, iv: iv.subarray(0, 7), aad, src, tagLen: 6 }).output));
            }
            // CHAIN, session and stateless
            const chain = {
              order: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH,
              hashMode: C.SYM_HASH_MODE.AUTH,
              cipherAlgo: C.CIPHER_ALGO.AES_CBC,
              cipherOp: 'encrypt' as const,
              cipherKey: key,
              hashAlgo: C.MAC_ALGO.HMAC_SHA1,
              authKey: rng.bytes(90),
              hashResultLen: 20,
            };
            const req = { op: 'encrypt' as const, iv: rng.bytes(16), aad, src, hashResultLen: 20, cipherStart: 8, lenToCipher: 32, hashStart: 0, lenToHash: 45, ...o };
            const exp = expectChain({ ...chain, ...req });
            let got;
            if (stateless) {
              got = await chainRequest(dev, { ...req, stateless: { order: chain.order, cipherAlgo: chain.cipherAlgo, cipherKey: key, hashAlgo: chain.hashAlgo, authKey: chain.authKey } });
            } else {
              const cs = await createChainSession(dev, { algChainOrder: chain.order, hashMode: chain.hashMode, cipherAlgo: chain.cipherAlgo, cipherKey: key, cipherOp: C.CIPHER_OP.ENCRYPT, hashAlgo: chain.hashAlgo, hashResultLen: 20, authKey: chain.authKey, aadLen: aad.length }, o);
              expect(cs.status).toBe(C.STATUS.OK);
              got = await chainRequest(dev, { ...req, sessionId: cs.sessionId });
              expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId, o)).toBe(C.STATUS.OK);
            }
            expect(got.status).toBe(C.STATUS.OK);
            expect(hex(got.dst)).toBe(hex(exp.output));
            expect(hex(got.hashResult)).toBe(hex(exp.hashResult!));
          }
    });
  }
});

describe('executeCase', () => {
  const ALL: VectorCase['algo'][] = [
    'aes-ecb', 'aes-cbc', 'aes-ctr', 'aes-xts', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512',
    'hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512', 'cmac-aes', 'aes-gcm', 'aes-ccm',
  ];
  const serviceOf = (a: VectorCase['algo']): VectorCase['service'] =>
    (({ [C.SERVICE.CIPHER]: 'cipher', [C.SERVICE.HASH]: 'hash', [C.SERVICE.MAC]: 'mac', [C.SERVICE.AEAD]: 'aead' }) as Record<number, VectorCase['service']>)[C.ALGO_NAME[a].service]!;
  function makeCase(algo: VectorCase['algo'], op: 'encrypt' | 'decrypt'): VectorCase {
    const service = serviceOf(algo);
    const key = algo === 'aes-xts' ? rng.bytes(64) : service === 'hash' ? new Uint8Array(0) : algo.startsWith('hmac') ? rng.bytes(rng.int(129)) : rng.bytes(32);
    const iv = algo === 'aes-ecb' || service === 'hash' || service === 'mac' ? new Uint8Array(0) : algo === 'aes-ccm' ? rng.bytes(13) : algo === 'aes-gcm' ? rng.bytes(1 + rng.int(20)) : rng.bytes(16);
    const input = rng.bytes(algo === 'aes-ecb' || algo === 'aes-cbc' ? 64 : 37);
    return { service, algo, op, key, iv, aad: service === 'aead' ? rng.bytes(7) : new Uint8Array(0), input, valid: true, ...(service === 'aead' ? { tagLen: 14 - (algo === 'aes-ccm' ? 0 : 1) } : {}) };
  }
  function expected(c: VectorCase): Uint8Array {
    const a = C.ALGO_NAME[c.algo].algo;
    if (c.service === 'cipher') return expectCipher({ algo: a, op: c.op, key: c.key, iv: c.iv, src: c.input }).dst;
    if (c.service === 'hash') return expectHash({ algo: a, src: c.input, hashResultLen: c.outLen ?? C.SHA_INFO[a]!.digestLen }).output;
    if (c.service === 'mac') return expectMac({ algo: a, key: c.key, src: c.input, hashResultLen: c.outLen ?? (a === C.MAC_ALGO.CMAC_AES ? 16 : C.SHA_INFO[C.HMAC_HASH[a]!]!.digestLen) }).output;
    return expectAead({ algo: a, op: c.op, key: c.key, iv: c.iv, aad: c.aad, src: c.input, tagLen: c.tagLen! }).output;
  }
  for (const mode of ['session', 'stateless'] as const)
    it(`every algorithm, ${mode} mode: status OK and the model's output; session destroyed`, async () => {
      const dev = new ModelDevice(mode === 'session' ? P.legacy : P.all);
      for (const algo of ALL)
        for (const op of ['encrypt', 'decrypt'] as const) {
          let c = makeCase(algo, op);
          if (c.service === 'aead' && op === 'decrypt') {
            const enc = { ...c, op: 'encrypt' as const };
            c = { ...c, input: expected(enc) };
          }
          const r = await executeCase(dev, c, { mode });
          expect(r.unsupported, algo).toBeUndefined();
          expect(C.statusName(r.status), `${algo} ${op}`).toBe('OK');
          expect(hex(r.output), `${algo} ${op}`).toBe(hex(expected(c)));
          if (mode === 'session') expect(r.destroyStatus).toBe(C.STATUS.OK);
          else expect(r.destroyStatus).toBeUndefined();
        }
    });
  it('truncated digests (outLen, D14) and a bad AEAD tag (BADMSG, zeroed plaintext, D6)', async () => {
    const dev = new ModelDevice(P.rev1);
    const src = rng.bytes(100);
    const h = await executeCase(dev, { service: 'hash', algo: 'sha512', op: 'encrypt', key: new Uint8Array(0), iv: new Uint8Array(0), aad: new Uint8Array(0), input: src, outLen: 24, valid: true }, { mode: 'session' });
    expect(hex(h.output)).toBe(hex(expectHash({ algo: C.HASH_ALGO.SHA_512, src, hashResultLen: 24 }).output));
    const key = rng.bytes(16);
    const iv = rng.bytes(12);
    const ct = gcmEncrypt(key, iv, new Uint8Array(0), src, 16);
    ct[3]! ^= 4;
    const r = await executeCase(dev, { service: 'aead', algo: 'aes-gcm', op: 'decrypt', key, iv, aad: new Uint8Array(0), input: ct, tagLen: 16, valid: false }, { mode: 'session', queue: 1 });
    expect(r.status).toBe(C.STATUS.BADMSG);
    expect(r.output.length).toBe(100);
    expect(r.output.every((x) => x === 0)).toBe(true);
    expect(dev.submissions.some((s) => s.queue === 1)).toBe(true);
  });
  it('unsupported (device not called): parameters outside the design table, stateless without the feature', async () => {
    const dev = new ModelDevice(P.legacy);
    const base = { op: 'encrypt' as const, key: rng.bytes(16), iv: rng.bytes(12), aad: new Uint8Array(0), input: rng.bytes(32), valid: true };
    const same = rng.bytes(16);
    const xtsSame = new Uint8Array(32);
    xtsSame.set(same);
    xtsSame.set(same, 16);
    const cases: [VectorCase, RegExp][] = [
      [{ ...base, service: 'aead', algo: 'aes-gcm', tagLen: 5 }, /D7/],
      [{ ...base, service: 'aead', algo: 'aes-gcm', iv: new Uint8Array(0) }, /D8/],
      [{ ...base, service: 'aead', algo: 'aes-ccm', iv: rng.bytes(6), tagLen: 8 }, /D9/],
      [{ ...base, service: 'aead', algo: 'aes-ccm', iv: rng.bytes(13), tagLen: 7 }, /D7/],
      [{ ...base, service: 'mac', algo: 'hmac-sha256', key: rng.bytes(129) }, /D15/],
      [{ ...base, service: 'mac', algo: 'cmac-aes', key: rng.bytes(20) }, /D15/],
      [{ ...base, service: 'hash', algo: 'sha256', outLen: 33 }, /D13/],
      [{ ...base, service: 'cipher', algo: 'aes-cbc', iv: rng.bytes(16), input: rng.bytes(17) }, /D12/],
      [{ ...base, service: 'cipher', algo: 'aes-xts', key: xtsSame, iv: rng.bytes(16) }, /D11/],
      [{ ...base, service: 'cipher', algo: 'aes-xts', key: rng.bytes(32), iv: rng.bytes(16), input: rng.bytes(15) }, /D11/],
      [{ ...base, service: 'cipher', algo: 'sha1' }, /not a cipher algorithm/],
    ];
    for (const [c, why] of cases) {
      const r = await executeCase(dev, c, { mode: 'session' });
      expect(r.unsupported, `${c.algo}`).toMatch(why);
    }
    const st = await executeCase(dev, { ...base, service: 'hash', algo: 'sha1' }, { mode: 'stateless' });
    expect(st.unsupported).toMatch(/HASH_STATELESS_MODE/);
    expect(dev.submissions.length).toBe(0);
  });
});
