// Session / cipher helpers against fake devices: descriptor framing, splits, status position
// (D3), layouts (D1/D2), and round trips through a model device.
import { describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { cutBytes, parseWritable, splitReadable, writableLengths } from '../../src/crypto/framing.ts';
import { createCipherSession, destroySession, destroySessionEx } from '../../src/crypto/session.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { concatBytes, encodeCipherData } from '../../src/crypto/structs.ts';
import { expectCipher } from '../../src/ref/index.ts';
import { ModelDevice, RecordingDevice, u32 } from './fake-device.ts';

const lens = (bs: Uint8Array[]) => bs.map((b) => b.length);
const key16 = Uint8Array.from({ length: 16 }, (_, i) => i);
const iv = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const src32 = Uint8Array.from({ length: 32 }, (_, i) => i * 3);

describe('framing primitives', () => {
  it('cutBytes drops empty pieces and ignores out-of-range cuts', () => {
    expect(lens(cutBytes(new Uint8Array(10), [0, 3, 3, 10, 12, 7]))).toEqual([3, 4, 3]);
    expect(lens(cutBytes(new Uint8Array(0), [1]))).toEqual([]);
  });
  it('writableLengths: dst then 1-byte status; zero dst dropped; explicit passes through', () => {
    expect(writableLengths([64])).toEqual([64, 1]);
    expect(writableLengths([0])).toEqual([1]);
    expect(writableLengths([64], [10, 20, 35])).toEqual([10, 20, 35]);
  });
  it('parseWritable: status is the last byte of the whole area (D3)', () => {
    const w = parseWritable([Uint8Array.of(1, 2), Uint8Array.of(3, 4, 9)]);
    expect(w.status).toBe(9);
    expect([...w.body]).toEqual([1, 2, 3, 4]);
    expect(parseWritable([]).status).toBe(-1);
  });
  it('splits: parts / single / fields / cut points', () => {
    const f = encodeCipherData('legacy', { opcode: 0, sessionId: 1n, ivLen: 16, srcDataLen: 32, dstDataLen: 32 });
    const segs = [f.header, f.flf, { name: 'iv', bytes: iv, fixed: false, cuts: [] }, { name: 'src', bytes: src32, fixed: false, cuts: [] }];
    expect(lens(splitReadable(segs, 'parts'))).toEqual([72, 16, 32]);
    expect(lens(splitReadable(segs, 'single'))).toEqual([120]);
    // header: opcode algo session_id(8) flag padding; flf: iv_len src dst padding [gap 24] op_type padding
    expect(lens(splitReadable(segs, 'fields'))).toEqual([4, 4, 8, 4, 4, 4, 4, 4, 4, 24, 4, 4, 16, 32]);
    expect(lens(splitReadable(segs, [1, 50, 119]))).toEqual([1, 49, 69, 1]);
    for (const s of ['parts', 'single', 'fields', [5, 77]] as const)
      expect(Buffer.from(concatBytes(splitReadable(segs, s))).equals(Buffer.from(concatBytes(segs.map((x) => x.bytes))))).toBe(true);
  });
});

describe('session helpers → descriptors', () => {
  it('create (legacy): control queue, [72][key], writable [16]; decodes session_input', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.legacy, (s) => {
      const a = new Uint8Array(16);
      new DataView(a.buffer).setBigUint64(0, 0x1234n, true);
      new DataView(a.buffer).setUint32(8, C.STATUS.OK, true);
      return a;
    });
    const r = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key: key16, op: 'decrypt' });
    expect(r).toMatchObject({ status: C.STATUS.OK, sessionId: 0x1234n, usedLen: 16 });
    const s = dev.submissions[0]!;
    expect(s.queue).toBe(dev.controlQueue);
    expect(lens(s.readable)).toEqual([72, 16]);
    expect(s.writableLengths).toEqual([16]);
    expect(s.opts).toEqual({ indirect: false });
    const b = s.readable[0]!;
    expect([u32(b, 0), u32(b, 4), u32(b, 16), u32(b, 20), u32(b, 24), u32(b, 64)]).toEqual([
      C.OPCODE.CIPHER_CREATE_SESSION, C.CIPHER_ALGO.AES_CBC, C.CIPHER_ALGO.AES_CBC, 16, C.CIPHER_OP.DECRYPT, C.SYM_OP.CIPHER,
    ]);
    expect([...s.readable[1]!]).toEqual([...key16]);
  });
  it('create: rev1 single / fields / indirect', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.rev1);
    await createCipherSession(dev, { algo: 3, key: key16, op: 'encrypt' }, { split: 'single', indirect: true });
    await createCipherSession(dev, { algo: 3, key: key16, op: 'encrypt' }, { split: 'fields' });
    expect(lens(dev.submissions[0]!.readable)).toEqual([88]);
    expect(dev.submissions[0]!.opts).toEqual({ indirect: true });
    expect(lens(dev.submissions[1]!.readable)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 32, 4, 4, 16]);
  });
  it('destroy: [16+flf], writable [1], status = last byte; explicit writable', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.rev1, (s) => {
      const a = new Uint8Array(s.writableLengths.reduce((x, y) => x + y, 0)).fill(0xee);
      a[a.length - 1] = C.STATUS.ERR;
      return a;
    });
    expect(await destroySession(dev, C.SERVICE.CIPHER, 77n)).toBe(C.STATUS.ERR);
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([24]);
    expect(s.writableLengths).toEqual([1]);
    expect(u32(s.readable[0]!, 0)).toBe(C.OPCODE.CIPHER_DESTROY_SESSION);
    expect(new DataView(s.readable[0]!.buffer).getBigUint64(16, true)).toBe(77n);
    const legacy = new RecordingDevice(C.FEATURE_PROFILE.legacy);
    await destroySessionEx(legacy, C.SERVICE.AEAD, 1n, { writable: [3, 4] });
    expect(lens(legacy.submissions[0]!.readable)).toEqual([72]);
    expect(legacy.submissions[0]!.writableLengths).toEqual([3, 4]);
    expect(u32(legacy.submissions[0]!.readable[0]!, 0)).toBe(C.OPCODE.AEAD_DESTROY_SESSION);
  });
});

describe('cipherRequest → descriptors', () => {
  it('session, legacy: data queue 0, [72][iv][src], writable [dst][1]', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.legacy, (s) => {
      const a = new Uint8Array(33).fill(7);
      a[32] = C.STATUS.OK;
      return a;
    });
    const r = await cipherRequest(dev, { op: 'encrypt', sessionId: 5n, iv, src: src32 });
    expect(r.status).toBe(C.STATUS.OK);
    expect(r.dst.length).toBe(32);
    expect(r.layout).toBe('legacy');
    const s = dev.submissions[0]!;
    expect(s.queue).toBe(0);
    expect(lens(s.readable)).toEqual([72, 16, 32]);
    expect(s.writableLengths).toEqual([32, 1]);
    const b = s.readable[0]!;
    expect([u32(b, 0), u32(b, 16), u32(b, 24), u32(b, 28), u32(b, 32), u32(b, 64)]).toEqual([C.OPCODE.CIPHER_ENCRYPT, 0, 16, 32, 32, C.SYM_OP.CIPHER]);
  });
  it('stateless: [24+76][key][iv][src], flag 0, sess_para filled', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.cipherStateless);
    await cipherRequest(dev, { queue: 1, op: 'decrypt', iv, src: src32, dstLen: 48, stateless: { algo: C.CIPHER_ALGO.AES_CBC, key: key16 }, indirect: true });
    const s = dev.submissions[0]!;
    expect(s.queue).toBe(1);
    expect(lens(s.readable)).toEqual([100, 16, 16, 32]);
    expect(s.writableLengths).toEqual([48, 1]);
    expect(s.opts).toEqual({ indirect: true });
    const b = s.readable[0]!;
    expect([u32(b, 0), u32(b, 16)]).toEqual([C.OPCODE.CIPHER_DECRYPT, C.FLAG.NONE]);
    expect([24, 28, 32, 36, 40, 44, 96].map((o) => u32(b, o))).toEqual([C.CIPHER_ALGO.AES_CBC, 16, C.CIPHER_OP.DECRYPT, 16, 32, 48, C.SYM_OP.CIPHER]);
  });
  it('D2: session request with the stateless bit: stateless flf, flag SESSION_MODE, no key bytes', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.cipherStateless);
    await cipherRequest(dev, { op: 'encrypt', sessionId: 3n, iv, src: src32 });
    const s = dev.submissions[0]!;
    expect(lens(s.readable)).toEqual([100, 16, 32]);
    expect(u32(s.readable[0]!, 16)).toBe(C.FLAG.SESSION_MODE);
    expect(new DataView(s.readable[0]!.buffer).getBigUint64(8, true)).toBe(3n);
  });
  it('empty src: no src descriptor and writable is just the status', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.rev1);
    await cipherRequest(dev, { op: 'encrypt', sessionId: 3n, iv, src: new Uint8Array(0) });
    expect(lens(dev.submissions[0]!.readable)).toEqual([72, 16]); // rev1 sym flf is 48 like legacy
    expect(dev.submissions[0]!.writableLengths).toEqual([1]);
  });
  it('explicit writable lengths: status from the last byte, dst from the start', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.rev1, (s) => {
      const a = Uint8Array.from({ length: 50 }, (_, i) => i);
      a[49] = C.STATUS.INVSESS;
      return a;
    });
    const r = await cipherRequest(dev, { op: 'encrypt', sessionId: 3n, iv, src: src32, writable: [10, 30, 10] });
    expect(dev.submissions[0]!.writableLengths).toEqual([10, 30, 10]);
    expect(r.status).toBe(C.STATUS.INVSESS);
    expect([...r.dst]).toEqual([...Array(32).keys()]);
  });
  it('overrides reach the wire', async () => {
    const dev = new RecordingDevice(C.FEATURE_PROFILE.rev1);
    await cipherRequest(dev, { op: 'encrypt', sessionId: 3n, iv, src: src32, srcDataLen: 99, opcode: 0x777, flag: 0, opType: 0 });
    const b = dev.submissions[0]!.readable[0]!;
    expect([u32(b, 0), u32(b, 16), u32(b, 28), u32(b, 64)]).toEqual([0x777, 0, 99, 0]);
  });
});

describe('round trips through the model device (all layouts, splits, indirect)', () => {
  const rng = new Rng('helpers');
  for (const [name, features] of Object.entries({ legacy: C.FEATURE_PROFILE.legacy, rev1: C.FEATURE_PROFILE.rev1, stateless: C.FEATURE_PROFILE.cipherStateless })) {
    it(name, async () => {
      const dev = new ModelDevice(features);
      for (const split of ['parts', 'single', 'fields', [3, 40, 90]] as const) {
        for (const indirect of [false, true]) {
          const key = rng.bytes(32);
          const v = rng.bytes(16);
          const src = rng.bytes(64);
          const exp = expectCipher({ algo: C.CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv: v, src });
          const cs = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key, op: 'encrypt' }, { split, indirect });
          expect(cs.status).toBe(C.STATUS.OK);
          const r = await cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: v, src, split, indirect });
          expect(r.status).toBe(C.STATUS.OK);
          expect(Buffer.from(r.dst).equals(Buffer.from(exp.dst))).toBe(true);
          expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId, { split, indirect })).toBe(C.STATUS.OK);
          const stale = await cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: v, src, split });
          expect(stale.status).toBe(C.STATUS.INVSESS);
          if (name === 'stateless') {
            const st = await cipherRequest(dev, { op: 'encrypt', stateless: { algo: C.CIPHER_ALGO.AES_CBC, key }, iv: v, src, split, indirect });
            expect(st.status).toBe(C.STATUS.OK);
            expect(Buffer.from(st.dst).equals(Buffer.from(exp.dst))).toBe(true);
          }
        }
      }
    });
  }
});
