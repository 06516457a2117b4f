// Struct encoders against the fact-sheet tables (§5.2–5.5). Offsets are written out literally
// here on purpose: they are the fact sheet's numbers, checked against src/constants/crypto.ts.
import { describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import {
  decodeSessionInput,
  defaultDataFlag,
  encodeAeadCreateSession,
  encodeAeadData,
  encodeChainCreateSession,
  encodeChainData,
  encodeCipherCreateSession,
  encodeCipherData,
  encodeDestroySession,
  encodeHashCreateSession,
  encodeHashData,
  encodeMacCreateSession,
  encodeMacData,
  encodeStruct,
  fieldCuts,
  selectCtrlLayout,
  selectDataLayout,
  type Segment,
} from '../../src/crypto/structs.ts';

const u32 = (b: Uint8Array, off: number) => new DataView(b.buffer, b.byteOffset).getUint32(off, true);
const u64 = (b: Uint8Array, off: number) => new DataView(b.buffer, b.byteOffset).getBigUint64(off, true);
const cat = (...s: Segment[]) => Buffer.concat(s.map((x) => x.bytes));

/** [name, offset, size] rows as in the fact sheet. */
type Table = [string, number, number][];

function checkLayout(l: C.StructLayout, size: number, table: Table) {
  expect(l.size, `${l.name} size`).toBe(size);
  expect(Object.keys(l.fields).sort(), `${l.name} fields`).toEqual(table.map((r) => r[0]).sort());
  for (const [name, off, sz] of table) {
    const f = (l.fields as Record<string, C.FieldSpec>)[name]!;
    expect([name, f.off, f.size]).toEqual([name, off, sz]);
  }
  // every field lies inside the struct and fields do not overlap
  const spans = Object.values(l.fields as Record<string, C.FieldSpec>).sort((a, b) => a.off - b.off);
  for (let i = 0; i < spans.length; i++) {
    expect(spans[i]!.off + spans[i]!.size).toBeLessThanOrEqual(size);
    if (i > 0) expect(spans[i]!.off).toBeGreaterThanOrEqual(spans[i - 1]!.off + spans[i - 1]!.size);
  }
}

describe('constants (§4)', () => {
  it('opcodes are (service << 8) | op', () => {
    expect(C.opcode(C.SERVICE.CIPHER, 2)).toBe(C.OPCODE.CIPHER_CREATE_SESSION);
    expect(C.opcode(C.SERVICE.AEAD, 1)).toBe(0x0301);
    expect(C.OPCODE.AKCIPHER_DESTROY_SESSION).toBe(0x0405);
    expect(C.OPCODE.IPSEC_INBOUND).toBe(0x0501);
    expect(C.opcodeService(C.OPCODE.MAC)).toBe(C.SERVICE.MAC);
  });
  it('status, services, enums, features', () => {
    expect(C.STATUS).toEqual({ OK: 0, ERR: 1, BADMSG: 2, NOTSUPP: 3, INVSESS: 4, NOSPC: 5, KEY_REJECTED: 6, IPSEC_SA_SOFT_EXPIRY: 7 });
    expect(C.SERVICE).toEqual({ CIPHER: 0, HASH: 1, MAC: 2, AEAD: 3, AKCIPHER: 4, IPSEC: 5 });
    expect([C.CIPHER_ALGO.AES_ECB, C.CIPHER_ALGO.AES_CBC, C.CIPHER_ALGO.AES_CTR, C.CIPHER_ALGO.AES_XTS, C.CIPHER_ALGO.ZUC_EEA3]).toEqual([2, 3, 4, 13, 14]);
    expect([C.HASH_ALGO.SHA1, C.HASH_ALGO.SHA_256, C.HASH_ALGO.SHA3_SHAKE256]).toEqual([2, 4, 12]);
    expect([C.MAC_ALGO.HMAC_SHA_256, C.MAC_ALGO.CMAC_AES, C.MAC_ALGO.GMAC_AES, C.MAC_ALGO.XCBC_AES, C.MAC_ALGO.ZUC_EIA3]).toEqual([4, 26, 41, 53, 54]);
    expect(C.AEAD_ALGO).toEqual({ NO_AEAD: 0, GCM: 1, CCM: 2, CHACHA20_POLY1305: 3 });
    expect(C.AKCIPHER_ALGO).toEqual({ NO_AKCIPHER: 0, RSA: 1, ECDSA: 2 });
    expect(C.CIPHER_OP).toEqual({ ENCRYPT: 1, DECRYPT: 2 });
    expect(C.SYM_OP).toEqual({ NONE: 0, CIPHER: 1, ALGORITHM_CHAINING: 2 });
    expect(C.SYM_HASH_MODE).toEqual({ PLAIN: 1, AUTH: 2, NESTED: 3 });
    expect(C.ALG_CHAIN_ORDER).toEqual({ HASH_THEN_CIPHER: 1, CIPHER_THEN_HASH: 2 });
    expect(C.FLAG.SESSION_MODE).toBe(1);
    expect(C.CRYPTO_FEATURE_BIT).toEqual({ REVISION_1: 0, CIPHER_STATELESS_MODE: 1, HASH_STATELESS_MODE: 2, MAC_STATELESS_MODE: 3, AEAD_STATELESS_MODE: 4, AKCIPHER_STATELESS_MODE: 5 });
    expect(C.FEATURE.VERSION_1).toBe(1n << 32n);
    expect(C.FEATURE_PROFILE.legacy & 0xffffffn).toBe(0n);
  });
  it('spec size macros', () => {
    expect(C.SPEC_SIZE).toEqual({
      CTRLQ_OP_SPEC_HDR_LEGACY: 56, DATAQ_OP_SPEC_HDR_LEGACY: 48, SYM_SESS_OP_SPEC_HDR_SIZE: 48,
      ALG_CHAIN_SESS_OP_SPEC_HDR_SIZE: 16, SYM_DATA_REQ_HDR_SIZE: 40, SYM_DATA_REQ_HDR_STATELESS_SIZE: 72,
      AKCIPHER_SESS_ALGO_SPEC_HDR_SIZE: 44,
    });
    expect(C.LEGACY).toEqual({ CTRL_FLF_SIZE: 56, CTRL_REQ_SIZE: 72, DATA_FLF_SIZE: 48, DATA_REQ_SIZE: 72 });
  });
});

describe('struct layouts (§5 compiled offsets)', () => {
  it('control structs', () => {
    checkLayout(C.CTRL_HEADER, 16, [['opcode', 0, 4], ['algo', 4, 4], ['flag', 8, 4], ['queueId', 12, 4]]);
    checkLayout(C.CIPHER_CREATE_FLF, 56, [['algo', 0, 4], ['keyLen', 4, 4], ['op', 8, 4], ['padding', 12, 4], ['opType', 48, 4], ['padding2', 52, 4]]);
    checkLayout(C.CHAIN_CREATE_FLF, 56, [
      ['algChainOrder', 0, 4], ['hashMode', 4, 4], ['cipherAlgo', 8, 4], ['cipherKeyLen', 12, 4], ['cipherOp', 16, 4], ['cipherPadding', 20, 4],
      ['hashAlgo', 24, 4], ['hashResultLen', 28, 4], ['authKeyLen', 32, 4], ['algoPadding', 36, 4], ['aadLen', 40, 4], ['padding', 44, 4],
      ['opType', 48, 4], ['padding2', 52, 4],
    ]);
    checkLayout(C.HASH_CREATE_FLF, 8, [['algo', 0, 4], ['hashResultLen', 4, 4]]);
    checkLayout(C.MAC_CREATE_FLF, 16, [['algo', 0, 4], ['hashResultLen', 4, 4], ['authKeyLen', 8, 4], ['padding', 12, 4]]);
    checkLayout(C.AEAD_CREATE_FLF, 24, [['algo', 0, 4], ['keyLen', 4, 4], ['tagLen', 8, 4], ['aadLen', 12, 4], ['op', 16, 4], ['padding', 20, 4]]);
    checkLayout(C.DESTROY_FLF, 8, [['sessionId', 0, 8]]);
    checkLayout(C.SESSION_INPUT, 16, [['sessionId', 0, 8], ['status', 8, 4], ['padding', 12, 4]]);
    checkLayout(C.INHDR, 1, [['status', 0, 1]]);
  });
  it('data structs, session mode', () => {
    checkLayout(C.DATA_HEADER, 24, [['opcode', 0, 4], ['algo', 4, 4], ['sessionId', 8, 8], ['flag', 16, 4], ['padding', 20, 4]]);
    checkLayout(C.CIPHER_DATA_FLF, 48, [['ivLen', 0, 4], ['srcDataLen', 4, 4], ['dstDataLen', 8, 4], ['padding', 12, 4], ['opType', 40, 4], ['padding2', 44, 4]]);
    checkLayout(C.CHAIN_DATA_FLF, 48, [
      ['ivLen', 0, 4], ['srcDataLen', 4, 4], ['dstDataLen', 8, 4], ['cipherStartSrcOffset', 12, 4], ['lenToCipher', 16, 4],
      ['hashStartSrcOffset', 20, 4], ['lenToHash', 24, 4], ['aadLen', 28, 4], ['hashResultLen', 32, 4], ['reserved', 36, 4],
      ['opType', 40, 4], ['padding', 44, 4],
    ]);
    checkLayout(C.HASH_DATA_FLF, 8, [['srcDataLen', 0, 4], ['hashResultLen', 4, 4]]);
    checkLayout(C.MAC_DATA_FLF, 8, [['srcDataLen', 0, 4], ['hashResultLen', 4, 4]]);
    checkLayout(C.AEAD_DATA_FLF, 24, [['ivLen', 0, 4], ['aadLen', 4, 4], ['srcDataLen', 8, 4], ['dstDataLen', 12, 4], ['tagLen', 16, 4], ['reserved', 20, 4]]);
  });
  it('data structs, stateless (76/16/16/32)', () => {
    checkLayout(C.CIPHER_DATA_FLF_STATELESS, 76, [
      ['algo', 0, 4], ['keyLen', 4, 4], ['op', 8, 4], ['ivLen', 12, 4], ['srcDataLen', 16, 4], ['dstDataLen', 20, 4], ['opType', 72, 4],
    ]);
    checkLayout(C.CHAIN_DATA_FLF_STATELESS, 76, [
      ['algChainOrder', 0, 4], ['sessAadLen', 4, 4], ['cipherAlgo', 8, 4], ['cipherKeyLen', 12, 4], ['cipherOp', 16, 4],
      ['hashAlgo', 20, 4], ['authKeyLen', 24, 4], ['hashMode', 28, 4], ['ivLen', 32, 4], ['srcDataLen', 36, 4], ['dstDataLen', 40, 4],
      ['cipherStartSrcOffset', 44, 4], ['lenToCipher', 48, 4], ['hashStartSrcOffset', 52, 4], ['lenToHash', 56, 4], ['aadLen', 60, 4],
      ['hashResultLen', 64, 4], ['reserved', 68, 4], ['opType', 72, 4],
    ]);
    checkLayout(C.HASH_DATA_FLF_STATELESS, 16, [['algo', 0, 4], ['srcDataLen', 4, 4], ['hashResultLen', 8, 4], ['reserved', 12, 4]]);
    checkLayout(C.MAC_DATA_FLF_STATELESS, 16, [['algo', 0, 4], ['authKeyLen', 4, 4], ['srcDataLen', 8, 4], ['hashResultLen', 12, 4]]);
    checkLayout(C.AEAD_DATA_FLF_STATELESS, 32, [
      ['algo', 0, 4], ['keyLen', 4, 4], ['op', 8, 4], ['ivLen', 12, 4], ['tagLen', 16, 4], ['aadLen', 20, 4], ['srcDataLen', 24, 4], ['dstDataLen', 28, 4],
    ]);
  });
});

describe('generic codec', () => {
  it('encodes little-endian, zero-fills, pads', () => {
    const b = encodeStruct(C.DATA_HEADER, { opcode: 0x0102_0304, sessionId: 0x1122_3344_5566_7788n }, 32);
    expect(b.length).toBe(32);
    expect([...b.subarray(0, 4)]).toEqual([4, 3, 2, 1]);
    expect(Buffer.from(b.subarray(8, 16)).toString('hex')).toBe('8877665544332211');
    expect([...b.subarray(16)].every((x) => x === 0)).toBe(true);
  });
  it('rejects out-of-range values, unknown fields and short padding', () => {
    expect(() => encodeStruct(C.CTRL_HEADER, { opcode: 2 ** 32 })).toThrow(RangeError);
    expect(() => encodeStruct(C.CTRL_HEADER, { opcode: -1 })).toThrow(RangeError);
    expect(() => encodeStruct(C.CTRL_HEADER, { bogus: 1 } as never)).toThrow(RangeError);
    expect(() => encodeStruct(C.CIPHER_CREATE_FLF, {}, 16)).toThrow(RangeError);
  });
  it('fieldCuts lists interior field boundaries (gaps included)', () => {
    expect(fieldCuts(C.CIPHER_CREATE_FLF)).toEqual([4, 8, 12, 16, 48, 52]);
    expect(fieldCuts(C.HASH_CREATE_FLF, 56)).toEqual([4, 8]);
  });
  it('session_input decode', () => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, 0xdead_beef_0000_0007n, true);
    dv.setUint32(8, 3, true);
    expect(decodeSessionInput(b)).toEqual({ sessionId: 0xdead_beef_0000_0007n, status: 3, padding: 0 });
  });
});

describe('layout selector (§5.1, D1, D2)', () => {
  const { FEATURE: F, SERVICE: S } = C;
  it('ctrl', () => {
    expect(selectCtrlLayout(F.VERSION_1)).toBe('legacy');
    expect(selectCtrlLayout(F.VERSION_1 | F.REVISION_1)).toBe('rev1');
  });
  it('data, per service', () => {
    const f = F.VERSION_1 | F.REVISION_1 | F.CIPHER_STATELESS_MODE | F.AEAD_STATELESS_MODE;
    expect(selectDataLayout(F.VERSION_1, S.CIPHER)).toBe('legacy');
    expect(selectDataLayout(F.VERSION_1 | F.REVISION_1, S.CIPHER)).toBe('rev1');
    expect(selectDataLayout(f, S.CIPHER)).toBe('stateless');
    expect(selectDataLayout(f, S.HASH)).toBe('rev1');
    expect(selectDataLayout(f, S.MAC)).toBe('rev1');
    expect(selectDataLayout(f, S.AEAD)).toBe('stateless');
  });
  it('default flag', () => {
    expect(defaultDataFlag('legacy', 'session')).toBe(0);
    expect(defaultDataFlag('rev1', 'session')).toBe(1);
    expect(defaultDataFlag('stateless', 'session')).toBe(1);
    expect(defaultDataFlag('stateless', 'stateless')).toBe(0);
  });
});

describe('control request encoders (§5.2 absolute offsets / §5.3)', () => {
  it('cipher create: legacy 72 bytes, op_type @64', () => {
    const r = encodeCipherCreateSession('legacy', { algo: 3, keyLen: 32, op: 1 });
    const b = cat(r.header, r.flf);
    expect(b.length).toBe(72);
    expect([u32(b, 0), u32(b, 4), u32(b, 8), u32(b, 12)]).toEqual([0x0002, 3, 0, 0]);
    expect([u32(b, 16), u32(b, 20), u32(b, 24), u32(b, 64)]).toEqual([3, 32, 1, 1]);
    expect(b.subarray(28, 64).every((x) => x === 0)).toBe(true);
    expect(u32(b, 68)).toBe(0);
  });
  it('cipher create: rev1 natural = 16 + 56 too', () => {
    const r = encodeCipherCreateSession('rev1', { algo: 4, keyLen: 16, op: 2 });
    expect(cat(r.header, r.flf).length).toBe(72);
    expect(u32(r.flf.bytes, 48)).toBe(C.SYM_OP.CIPHER);
  });
  it('chain create (legacy absolute offsets)', () => {
    const r = encodeChainCreateSession('legacy', {
      algChainOrder: 2, hashMode: 2, cipherAlgo: 3, cipherKeyLen: 16, cipherOp: 1, hashAlgo: 4, hashResultLen: 32, authKeyLen: 20, aadLen: 8,
    });
    const b = cat(r.header, r.flf);
    expect(b.length).toBe(72);
    expect([16, 20, 24, 28, 32, 40, 44, 48, 56, 64].map((o) => u32(b, o))).toEqual([2, 2, 3, 16, 1, 4, 32, 20, 8, 2]);
  });
  it('hash / mac / aead / destroy create: legacy padded to 72, rev1 natural', () => {
    const h = encodeHashCreateSession('legacy', { algo: 4, hashResultLen: 32 });
    expect(cat(h.header, h.flf).length).toBe(72);
    expect([u32(h.header.bytes, 0), u32(cat(h.header, h.flf), 16), u32(cat(h.header, h.flf), 20)]).toEqual([0x0102, 4, 32]);
    expect(encodeHashCreateSession('rev1', { algo: 4, hashResultLen: 32 }).flf.bytes.length).toBe(8);
    const m = cat(...Object.values(encodeMacCreateSession('legacy', { algo: 26, hashResultLen: 16, authKeyLen: 16 })));
    expect(m.length).toBe(72);
    expect([u32(m, 0), u32(m, 16), u32(m, 20), u32(m, 24)]).toEqual([0x0202, 26, 16, 16]);
    expect(encodeMacCreateSession('rev1', { algo: 26, hashResultLen: 16, authKeyLen: 16 }).flf.bytes.length).toBe(16);
    const a = cat(...Object.values(encodeAeadCreateSession('legacy', { algo: 1, keyLen: 16, tagLen: 16, aadLen: 20, op: 2 })));
    expect(a.length).toBe(72);
    expect([u32(a, 0), u32(a, 16), u32(a, 20), u32(a, 24), u32(a, 28), u32(a, 32)]).toEqual([0x0302, 1, 16, 16, 20, 2]);
    expect(encodeAeadCreateSession('rev1', { algo: 1, keyLen: 16, tagLen: 16, aadLen: 20, op: 2 }).flf.bytes.length).toBe(24);
    const d = cat(...Object.values(encodeDestroySession('legacy', C.SERVICE.AEAD, 0x0123_4567_89ab_cdefn)));
    expect(d.length).toBe(72);
    expect([u32(d, 0), u64(d, 16)]).toEqual([0x0303, 0x0123_4567_89ab_cdefn]);
    expect(encodeDestroySession('rev1', C.SERVICE.CIPHER, 5n).flf.bytes.length).toBe(8);
  });
});

describe('data request encoders (§5.4 absolute offsets / §5.5)', () => {
  it('cipher: legacy 72 bytes', () => {
    const r = encodeCipherData('legacy', { opcode: C.OPCODE.CIPHER_DECRYPT, sessionId: 0x1_0000_0002n, ivLen: 16, srcDataLen: 64, dstDataLen: 80 });
    const b = cat(r.header, r.flf);
    expect(b.length).toBe(72);
    expect([u32(b, 0), u32(b, 4), u64(b, 8), u32(b, 16), u32(b, 20)]).toEqual([1, 0, 0x1_0000_0002n, 0, 0]);
    expect([u32(b, 24), u32(b, 28), u32(b, 32), u32(b, 36), u32(b, 64), u32(b, 68)]).toEqual([16, 64, 80, 0, 1, 0]);
  });
  it('cipher: rev1 48-byte flf, flag SESSION_MODE', () => {
    const r = encodeCipherData('rev1', { opcode: 0, sessionId: 9n, ivLen: 16, srcDataLen: 16, dstDataLen: 16 });
    expect(r.flf.bytes.length).toBe(48);
    expect(u32(r.header.bytes, 16)).toBe(C.FLAG.SESSION_MODE);
    expect(u32(r.flf.bytes, 40)).toBe(C.SYM_OP.CIPHER);
  });
  it('cipher: stateless 76-byte flf, flag 0, sess_para, op_type @72', () => {
    const r = encodeCipherData('stateless', { opcode: 0, ivLen: 16, srcDataLen: 32, dstDataLen: 48, sessPara: { algo: 3, keyLen: 24, op: 1 } });
    const f = r.flf.bytes;
    expect(f.length).toBe(76);
    expect([0, 4, 8, 12, 16, 20, 72].map((o) => u32(f, o))).toEqual([3, 24, 1, 16, 32, 48, 1]);
    expect(u32(r.header.bytes, 16)).toBe(0);
    expect(u32(r.header.bytes, 4)).toBe(3);
  });
  it('cipher: D2 session request on the stateless layout: stateless flf, flag SESSION_MODE, sess_para zero', () => {
    const r = encodeCipherData('stateless', { opcode: 0, sessionId: 7n, ivLen: 16, srcDataLen: 16, dstDataLen: 16 });
    expect(r.flf.bytes.length).toBe(76);
    expect(u32(r.header.bytes, 16)).toBe(C.FLAG.SESSION_MODE);
    expect(u64(r.header.bytes, 8)).toBe(7n);
    expect([u32(r.flf.bytes, 0), u32(r.flf.bytes, 4), u32(r.flf.bytes, 8)]).toEqual([0, 0, 0]);
  });
  it('chain: legacy absolute offsets, stateless 76', () => {
    const p = { opcode: 0, sessionId: 1n, ivLen: 16, srcDataLen: 100, dstDataLen: 100, cipherStartSrcOffset: 4, lenToCipher: 96, hashStartSrcOffset: 0, lenToHash: 100, aadLen: 8, hashResultLen: 20 };
    const b = cat(...Object.values(encodeChainData('legacy', p)));
    expect(b.length).toBe(72);
    expect([24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64].map((o) => u32(b, o))).toEqual([16, 100, 100, 4, 96, 0, 100, 8, 20, 0, 2]);
    const s = encodeChainData('stateless', {
      ...p,
      sessPara: { algChainOrder: 2, aadLen: 8, cipherAlgo: 3, cipherKeyLen: 16, cipherOp: 1, hashAlgo: 2, authKeyLen: 20, hashMode: 2 },
    }).flf.bytes;
    expect(s.length).toBe(76);
    expect([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 72].map((o) => u32(s, o))).toEqual([
      2, 8, 3, 16, 1, 2, 20, 2, 16, 100, 100, 4, 96, 0, 100, 8, 20, 0, 2,
    ]);
  });
  it('hash / mac / aead in all layouts', () => {
    const hl = cat(...Object.values(encodeHashData('legacy', { opcode: C.OPCODE.HASH, sessionId: 1n, srcDataLen: 5, hashResultLen: 32 })));
    expect(hl.length).toBe(72);
    expect([u32(hl, 24), u32(hl, 28)]).toEqual([5, 32]);
    expect(encodeHashData('rev1', { opcode: C.OPCODE.HASH, srcDataLen: 5, hashResultLen: 32 }).flf.bytes.length).toBe(8);
    const hs = encodeHashData('stateless', { opcode: C.OPCODE.HASH, srcDataLen: 5, hashResultLen: 32, sessPara: { algo: 4 } }).flf.bytes;
    expect([hs.length, u32(hs, 0), u32(hs, 4), u32(hs, 8)]).toEqual([16, 4, 5, 32]);
    const ml = cat(...Object.values(encodeMacData('legacy', { opcode: C.OPCODE.MAC, srcDataLen: 7, hashResultLen: 16 })));
    expect([ml.length, u32(ml, 24), u32(ml, 28)]).toEqual([72, 7, 16]);
    const ms = encodeMacData('stateless', { opcode: C.OPCODE.MAC, srcDataLen: 7, hashResultLen: 16, sessPara: { algo: 4, authKeyLen: 64 } }).flf.bytes;
    expect([ms.length, u32(ms, 0), u32(ms, 4), u32(ms, 8), u32(ms, 12)]).toEqual([16, 4, 64, 7, 16]);
    const ap = { opcode: C.OPCODE.AEAD_ENCRYPT, ivLen: 12, aadLen: 20, srcDataLen: 60, dstDataLen: 76, tagLen: 16 };
    const al = cat(...Object.values(encodeAeadData('legacy', ap)));
    expect([al.length, u32(al, 24), u32(al, 28), u32(al, 32), u32(al, 36), u32(al, 40)]).toEqual([72, 12, 20, 60, 76, 16]);
    expect(encodeAeadData('rev1', ap).flf.bytes.length).toBe(24);
    const as = encodeAeadData('stateless', { ...ap, sessPara: { algo: 1, keyLen: 32, op: 1 } }).flf.bytes;
    expect([as.length, ...[0, 4, 8, 12, 16, 20, 24, 28].map((o) => u32(as, o))]).toEqual([32, 1, 32, 1, 12, 16, 20, 60, 76]);
  });
});
