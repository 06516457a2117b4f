// Vector file parsers: format detection, field mapping, units, tweak conversion, FAIL handling.
// No device needed.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/constants/crypto.ts';
import {
  caseFromJson,
  caseToJson,
  detectFormat,
  loadVectorFile,
  parseVectors,
  seqNumberTweak,
  toHex,
  tokenizeRsp,
  type LoadedCase,
  type VectorCase,
} from '../../src/vectors/index.ts';
import { referenceExecute } from './reference-exec.ts';

const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FIXTURES = readdirSync(FIX).filter((f) => !f.endsWith('.ts')).sort();
const h = (b: Uint8Array | undefined) => (b ? toHex(b) : undefined);
const fixture = (name: string) => loadVectorFile(FIX + name);
const only = (cs: LoadedCase[]): VectorCase[] => cs.map((c) => {
  if (!c.case) throw new Error(`${c.id}: ${c.unsupported ?? c.error}`);
  return c.case;
});

describe('format detection (content, not file name)', () => {
  it('recognises every fixture', () => {
    const formats = Object.fromEntries(FIXTURES.map((f) => [f, detectFormat(readFileSync(FIX + f, 'utf8'))]));
    for (const [f, fmt] of Object.entries(formats)) {
      expect(fmt, f).toBe(f.endsWith('.rsp') ? 'cavp' : f.endsWith('.json') ? 'wycheproof' : 'jsonl');
    }
  });
  it('rsp without comments starting with a section header', () => {
    expect(detectFormat('[ENCRYPT]\n\nCOUNT = 0\nKEY = 00\n')).toBe('cavp');
  });
  it('single-line JSONL and multi-line JSONL', () => {
    const line = '{"service":"hash","algo":"sha1","op":"encrypt","key":"","iv":"","aad":"","input":"","output":"da39a3ee5e6b4b0d3255bfef95601890afd80709","valid":true}';
    expect(detectFormat(line)).toBe('jsonl');
    expect(detectFormat(`${line}\n\n${line}\n`)).toBe('jsonl');
  });
  it('Wycheproof by algorithm + testGroups, whatever the name', () => {
    expect(detectFormat(JSON.stringify({ algorithm: 'AES-GCM', testGroups: [] }, null, 2))).toBe('wycheproof');
  });
  it('rejects other content', () => {
    expect(() => detectFormat('hello world\nthis is not a vector file')).toThrow(/unrecognised/);
    expect(() => detectFormat('{"foo": 1}')).toThrow(/neither Wycheproof/);
    expect(() => detectFormat('{"a":1}\nnot json')).toThrow(/not valid JSON/);
  });
  it('the same content parses the same under any file name', () => {
    const text = readFileSync(FIX + 'hmac.rsp', 'utf8');
    expect(parseVectors(text, 'x.json').cases).toEqual(parseVectors(text, 'y.txt').cases);
  });
});

describe('rsp tokenizer', () => {
  it('globals, bracket headers (one or several per line), section blocks, records, bare words', () => {
    const f = tokenizeRsp(`# comment one
Plen = 4

[Alen = 1, Tlen = 8]

Key = aa

Count = 0
Adata = 01
FAIL

Count = 1
Adata = 02
Count = 2
Adata = 03

[Alen = 2]

Key = bb

Count = 3
`);
    expect(f.comments).toEqual(['comment one']);
    expect(f.records.map((r) => r.fields.get('count'))).toEqual(['0', '1', '2', '3']);
    const [r0, , r2, r3] = f.records;
    expect(Object.fromEntries(r0!.params)).toEqual({ plen: '4', alen: '1', tlen: '8', key: 'aa' });
    expect(r0!.flags).toEqual(['FAIL']);
    expect(r2!.fields.get('adata')).toBe('03');
    expect(r2!.line).toBe(14);
    expect(Object.fromEntries(r3!.params)).toEqual({ plen: '4', alen: '2', tlen: '8', key: 'bb' });
  });
  it('[ENCRYPT] / [DECRYPT] set the direction', () => {
    const f = tokenizeRsp('[ENCRYPT]\n\nCOUNT = 0\nKEY = 00\n\n[DECRYPT]\n\nCOUNT = 0\nKEY = 00\n');
    expect(f.records.map((r) => r.direction)).toEqual(['encrypt', 'decrypt']);
  });
});

describe('CAVP AES ECB/CBC (GFSbox, VarTxt, MMT)', () => {
  it('ECB: mode from the comment, no IV, encrypt input = PLAINTEXT, decrypt input = CIPHERTEXT', () => {
    const f = fixture('aes-ecb-gfsbox.rsp');
    expect(f.kind).toBe('cavp aes-ecb');
    const cs = only(f.cases);
    expect(cs.length).toBe(8);
    expect(cs[0]).toMatchObject({ service: 'cipher', algo: 'aes-ecb', op: 'encrypt', valid: true });
    expect(h(cs[0]!.iv)).toBe('');
    expect(h(cs[0]!.input)).toBe('f34481ec3cc627bacd5dc3fb08f273e6');
    expect(h(cs[0]!.output)).toBe('0336763e966d92595a567cc9ce537f5e');
    expect(cs[4]!.key.length).toBe(32);
    expect(cs[5]!.op).toBe('decrypt');
    expect(h(cs[5]!.input)).toBe('0336763e966d92595a567cc9ce537f5e');
    expect(h(cs[5]!.output)).toBe('f34481ec3cc627bacd5dc3fb08f273e6');
    expect(f.cases[5]!.id).toBe('line 37 Count=0 DECRYPT');
  });
  it('CBC KAT and MMT (multi-block, SP 800-38A F.2.1)', () => {
    expect(fixture('aes-cbc-vartxt.rsp').kind).toBe('cavp aes-cbc');
    const cs = only(fixture('aes-cbc-mmt.rsp').cases);
    expect(cs[0]).toMatchObject({ algo: 'aes-cbc', op: 'encrypt' });
    expect(h(cs[0]!.iv)).toBe('000102030405060708090a0b0c0d0e0f');
    expect(cs[0]!.input.length).toBe(64);
    expect(h(cs[0]!.output)!.slice(0, 32)).toBe('7649abac8119b246cee98e9b12e9197d');
    expect(cs[2]).toMatchObject({ op: 'decrypt' });
  });
  it('without a comment: IV present → CBC, absent → ECB', () => {
    const cbcCase = only(parseVectors('[ENCRYPT]\nCOUNT = 0\nKEY = 00000000000000000000000000000000\nIV = 00000000000000000000000000000000\nPLAINTEXT = 00000000000000000000000000000000\nCIPHERTEXT = 66e94bd4ef8a2c3b884cfa59ca342b2e\n').cases)[0]!;
    expect(cbcCase.algo).toBe('aes-cbc');
    const ecbCase = only(parseVectors('[ENCRYPT]\nCOUNT = 0\nKEY = 00000000000000000000000000000000\nPLAINTEXT = 00000000000000000000000000000000\nCIPHERTEXT = 66e94bd4ef8a2c3b884cfa59ca342b2e\n').cases)[0]!;
    expect(ecbCase.algo).toBe('aes-ecb');
  });
  it('MCT, OFB/CFB and TDES files: every case listed as unsupported', () => {
    const mct = parseVectors('# AESVS MCT test data for CBC\n[ENCRYPT]\n\nCOUNT = 0\nKEY = 00\nIV = 00\nPLAINTEXT = 00\nCIPHERTEXT = 00\n\nCOUNT = 1\nKEY = 00\nIV = 00\nPLAINTEXT = 00\nCIPHERTEXT = 00\n');
    expect(mct.cases.map((c) => c.unsupported)).toEqual([expect.stringMatching(/Monte Carlo/), expect.stringMatching(/Monte Carlo/)]);
    const ofb = parseVectors('# AESVS GFSbox test data for OFB\n[ENCRYPT]\n\nCOUNT = 0\nKEY = 00\nIV = 00\nPLAINTEXT = 00\nCIPHERTEXT = 00\n');
    expect(ofb.cases[0]!.unsupported).toMatch(/AES-OFB/);
    const tdes = parseVectors('[ENCRYPT]\n\nCOUNT = 0\nKEY1 = 00\nKEY2 = 00\nKEY3 = 00\nIV = 00\nPLAINTEXT = 00\nCIPHERTEXT = 00\n');
    expect(tdes.cases[0]!.unsupported).toMatch(/TDES/);
  });
  it('a malformed record is an error on that case only', () => {
    const f = parseVectors('# AESVS GFSbox test data for ECB\n[ENCRYPT]\n\nCOUNT = 0\nKEY = 0g\nPLAINTEXT = 00\nCIPHERTEXT = 00\n\nCOUNT = 1\nKEY = 00000000000000000000000000000000\nPLAINTEXT = 00\nCIPHERTEXT = 00\n');
    expect(f.cases[0]!.error).toMatch(/key: not a hex string/);
    expect(f.cases[1]!.case).toBeDefined();
  });
});

describe('CAVP XTS', () => {
  it('i = : 16-byte hex tweak, key = key1 ‖ key2, DataUnitLen in bits', () => {
    const f = fixture('xts-tweak.rsp');
    expect(f.kind).toBe('cavp aes-xts');
    const c0 = f.cases[0]!.case!;
    expect(c0).toMatchObject({ algo: 'aes-xts', op: 'encrypt' });
    expect(h(c0.key)).toBe('11'.repeat(16) + '22'.repeat(16));
    expect(h(c0.iv)).toBe('33333333330000000000000000000000');
    expect(h(c0.output)).toBe('c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0');
    expect(f.cases[1]!.case!.input.length).toBe(25); // 200 bits, ciphertext stealing
    expect(f.cases[2]!.unsupported).toBe('data unit of 130 bits is not a whole number of bytes');
    expect(f.cases[3]!.case!.op).toBe('decrypt');
  });
  it('DataUnitSeqNumber = : 16-byte little-endian tweak', () => {
    const f = fixture('xts-seqno.rsp');
    const [c0, c1] = only(f.cases);
    expect(h(c0!.iv)).toBe('8d000000000000000000000000000000'); // 141
    expect(h(c0!.output)).toBe('74623551210216ac926b9650b6d3fa52');
    expect(h(c1!.iv)).toBe('efcdab89674523010000000000000000');
    expect(h(seqNumberTweak('0'))).toBe('00'.repeat(16));
    expect(h(seqNumberTweak('256'))).toBe('0001' + '00'.repeat(14));
    expect(h(seqNumberTweak((2n ** 128n - 1n).toString()))).toBe('ff'.repeat(16));
    expect(() => seqNumberTweak((2n ** 128n).toString())).toThrow(/128 bits/);
    expect(() => seqNumberTweak('12ab')).toThrow(/decimal/);
  });
});

describe('CAVP GCM', () => {
  it('encrypt: output = CT ‖ Tag, Taglen/IVlen/PTlen/AADlen in bits', () => {
    const f = fixture('gcm-encrypt.rsp');
    expect(f.kind).toBe('cavp aes-gcm encrypt');
    const cs = only(f.cases);
    expect(cs.map((c) => c.op)).toEqual(['encrypt', 'encrypt', 'encrypt', 'encrypt']);
    expect(cs[0]!.input.length).toBe(0);
    expect(h(cs[0]!.output)).toBe('58e2fccefa7e3061367f1d57a4e7455a');
    expect(h(cs[1]!.output)).toBe('0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf');
    expect(cs[1]!.tagLen).toBe(16);
    // [IVlen = 8] [PTlen = 120] [AADlen = 160] [Taglen = 96]
    expect(cs[3]).toMatchObject({ tagLen: 12 });
    expect([cs[3]!.key.length, cs[3]!.iv.length, cs[3]!.input.length, cs[3]!.aad.length, cs[3]!.output!.length]).toEqual([32, 1, 15, 20, 27]);
  });
  it('decrypt: input = CT ‖ Tag, output = PT; FAIL → valid:false without output', () => {
    const f = fixture('gcm-decrypt.rsp');
    expect(f.kind).toBe('cavp aes-gcm decrypt');
    const cs = only(f.cases);
    expect(cs.map((c) => [c.op, c.valid])).toEqual([
      ['decrypt', true],
      ['decrypt', false],
      ['decrypt', true],
      ['decrypt', false],
      ['decrypt', true],
    ]);
    expect(cs[0]!.input.length).toBe(64 + 16);
    expect(cs[0]!.output!.length).toBe(64);
    expect(cs[1]!.output).toBeUndefined();
    expect(cs[4]!.iv.length).toBe(60);
  });
  it('a decrypt file without comments: direction from FAIL / field order', () => {
    const text = '[Keylen = 128]\n[IVlen = 96]\n[PTlen = 0]\n[AADlen = 0]\n[Taglen = 128]\n\nCount = 0\nKey = 00000000000000000000000000000000\nIV = 000000000000000000000000\nCT = \nAAD = \nTag = 58e2fccefa7e3061367f1d57a4e7455a\nPT = \n\nCount = 1\nKey = 00000000000000000000000000000000\nIV = 000000000000000000000000\nCT = \nAAD = \nTag = 58e2fccefa7e3061367f1d57a4e7455b\nFAIL\n';
    const cs = only(parseVectors(text).cases);
    expect(cs.map((c) => [c.op, c.valid])).toEqual([
      ['decrypt', true],
      ['decrypt', false],
    ]);
    expect(h(cs[0]!.input)).toBe('58e2fccefa7e3061367f1d57a4e7455a');
  });
  it('lengths that disagree with the header are errors', () => {
    const f = parseVectors('[Keylen = 128]\n[IVlen = 96]\n[PTlen = 0]\n[AADlen = 0]\n[Taglen = 128]\n\nCount = 0\nKey = 00000000000000000000000000000000\nIV = 0000\nPT = \nAAD = \nCT = \nTag = 58e2fccefa7e3061367f1d57a4e7455a\n');
    expect(f.cases[0]!.error).toMatch(/iv has 2 bytes, IVlen says 12/i);
  });
});

describe('CAVP CCM', () => {
  it('VADT: global Plen/Nlen/Tlen, [Alen = n] sections with Key/Nonce, Alen = 0 → empty AAD', () => {
    const f = fixture('ccm-vadt.rsp');
    expect(f.kind).toBe('cavp aes-ccm');
    const cs = only(f.cases);
    expect(cs.length).toBe(6);
    expect(cs.every((c) => c.op === 'encrypt' && c.algo === 'aes-ccm' && c.tagLen === 16 && c.iv.length === 13 && c.input.length === 24 && c.output!.length === 40)).toBe(true);
    expect(cs.map((c) => c.aad.length)).toEqual([0, 0, 1, 1, 32, 32]);
    expect(h(cs[0]!.key)).not.toBe(h(cs[2]!.key));
    expect(h(cs[0]!.key)).toBe(h(cs[1]!.key));
  });
  it('VNT/VPT/VTT-style sections ([Nlen], [Plen], [Tlen]) with Plen = 0', () => {
    const text = 'Alen = 0\nNlen = 7\nTlen = 4\n\n[Plen = 0]\n\nKey = 404142434445464748494a4b4c4d4e4f\nNonce = 10111213141516\n\nCount = 0\nAdata = 00\nPayload = 00\nCT = 01020304\n';
    const c = only(parseVectors(text).cases)[0]!;
    expect([c.input.length, c.aad.length, c.iv.length, c.tagLen, h(c.output)]).toEqual([0, 0, 7, 4, '01020304']);
  });
  it('DVPT: decrypt, Result = Pass → output = Payload, Fail → valid:false', () => {
    const f = fixture('ccm-dvpt.rsp');
    const cs = only(f.cases);
    expect(cs.map((c) => [c.op, c.valid])).toEqual([
      ['decrypt', true],
      ['decrypt', false],
      ['decrypt', true],
      ['decrypt', false],
      ['decrypt', true],
      ['decrypt', false],
    ]);
    expect(cs[0]!.output!.length).toBe(0); // Plen = 0: Payload = 00 is a placeholder
    expect(h(cs[2]!.input)).toBe('7162015b4dac255d'); // SP 800-38C C.1
    expect(h(cs[2]!.output)).toBe('20212223');
    expect(h(cs[2]!.aad)).toBe('0001020304050607');
    expect(cs[1]!.output).toBeUndefined();
  });
});

describe('CAVP SHA', () => {
  it('ShortMsg: L selects the algorithm, Len in bits, Len = 0 → empty message', () => {
    const cs = only(fixture('sha1-shortmsg.rsp').cases);
    expect(cs[0]).toMatchObject({ service: 'hash', algo: 'sha1', outLen: 20 });
    expect(cs[0]!.input.length).toBe(0);
    expect(h(cs[0]!.output)).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(h(cs[2]!.input)).toBe('616263');
    expect(cs.map((c) => c.input.length)).toEqual([0, 1, 3, 55]);
    expect(only(fixture('sha256-shortmsg.rsp').cases)[0]!.algo).toBe('sha256');
    expect(only(fixture('sha512-longmsg.rsp').cases)[0]!.algo).toBe('sha512');
  });
  it('L → algorithm for 28 and 48', () => {
    for (const [l, algo] of [[28, 'sha224'], [48, 'sha384']] as const) {
      const c = only(parseVectors(`[L = ${l}]\n\nLen = 0\nMsg = 00\nMD = ${'00'.repeat(l)}\n`).cases)[0]!;
      expect(c.algo).toBe(algo);
    }
  });
  it('bit-oriented messages, SHA-512/t, SHA-3 and Monte Carlo are unsupported', () => {
    expect(parseVectors('[L = 20]\n\nLen = 5\nMsg = 98\nMD = ' + '00'.repeat(20) + '\n').cases[0]!.unsupported).toBe('bit-oriented message (Len = 5 bits)');
    expect(parseVectors('#  "SHA-512/224 ShortMsg" information\n[L = 28]\n\nLen = 0\nMsg = 00\nMD = ' + '00'.repeat(28) + '\n').cases[0]!.unsupported).toMatch(/SHA-512\/t/);
    expect(parseVectors('#  "SHA3-256 ShortMsg" information\n[L = 256]\n\nLen = 0\nMsg = 00\nMD = ' + '00'.repeat(32) + '\n').cases[0]!.unsupported).toMatch(/SHA-3/);
    expect(parseVectors('[L = 256]\n\nLen = 0\nMsg = 00\nMD = ' + '00'.repeat(32) + '\n').cases[0]!.unsupported).toBe('no supported hash with L = 256');
    expect(parseVectors('#  "SHA-1 Monte" information\n[L = 20]\n\nSeed = 00\n\nCOUNT = 0\nMD = ' + '00'.repeat(20) + '\n').cases[0]!.unsupported).toMatch(/Monte Carlo/);
  });
});

describe('CAVP HMAC and CMAC', () => {
  it('HMAC: [L=n] → hmac-sha*, Klen bytes, Tlen = truncation (outLen)', () => {
    const cs = only(fixture('hmac.rsp').cases);
    expect(cs.map((c) => c.algo)).toEqual(['hmac-sha1', 'hmac-sha1', 'hmac-sha224', 'hmac-sha224', 'hmac-sha256', 'hmac-sha256', 'hmac-sha384', 'hmac-sha384', 'hmac-sha512', 'hmac-sha512', 'hmac-sha256']);
    expect(cs[0]).toMatchObject({ service: 'mac', outLen: 20 });
    expect(h(cs[0]!.output)).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
    expect(cs[1]!.key.length).toBe(100);
    expect(cs[1]!.outLen).toBe(16);
    expect(h(cs[10]!.output)).toBe('a3b6167473100ee06e0c796c2955552b');
    const bad = parseVectors('[L=20]\n\nCount = 0\nKlen = 10\nTlen = 10\nKey = 00\nMsg = 00\nMac = 00000000000000000000\n');
    expect(bad.cases[0]!.error).toMatch(/key has 1 bytes, Klen says 10/i);
  });
  it('CMAC Gen: Mlen = 0 → empty message; Tlen truncation', () => {
    const cs = only(fixture('cmac-gen.rsp').cases);
    expect(cs[0]).toMatchObject({ service: 'mac', algo: 'cmac-aes', outLen: 16, valid: true });
    expect(cs[0]!.input.length).toBe(0);
    expect(h(cs[0]!.output)).toBe('bb1d6929e95937287fa37d129b756746');
    expect(cs[2]!.outLen).toBe(8);
    expect(cs[3]!.key.length).toBe(32);
  });
  it('CMAC Ver: Result = P → valid, F → valid:false', () => {
    const cs = only(fixture('cmac-ver.rsp').cases);
    expect(cs.map((c) => c.valid)).toEqual([true, false, true, false]);
    expect(cs[3]!.input.length).toBe(0);
  });
  it('CMAC-TDES is unsupported', () => {
    const f = parseVectors('# CMACGen information for "TDES"\nCount = 0\nKlen = 8\nMlen = 0\nTlen = 8\nKey1 = 00\nKey2 = 00\nKey3 = 00\nMsg = 00\nMac = 00\n');
    expect(f.cases[0]!.unsupported).toMatch(/CMAC-TDES/);
  });
});

describe('Wycheproof', () => {
  it('AEAD: valid/acceptable → encrypt + decrypt, invalid → decrypt with valid:false; tagSize in bits', () => {
    const f = fixture('wycheproof-aes-gcm.json');
    expect(f.kind).toBe('wycheproof AES-GCM');
    expect(f.cases.map((c) => c.id)).toEqual(['tcId 1 enc', 'tcId 1 dec', 'tcId 2 enc', 'tcId 2 dec', 'tcId 3 dec', 'tcId 4 dec', 'tcId 5 enc', 'tcId 5 dec', 'tcId 6 enc', 'tcId 6 dec']);
    const cs = only(f.cases);
    expect(h(cs[0]!.output)).toBe('0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf');
    expect(h(cs[1]!.input)).toBe('0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf');
    expect(h(cs[1]!.output)).toBe('00'.repeat(16));
    expect(cs[4]).toMatchObject({ op: 'decrypt', valid: false });
    expect(cs[4]!.output).toBeUndefined();
    expect(cs[8]!.tagLen).toBe(8);
    expect(cs[8]!.valid).toBe(true); // acceptable
    expect(only(fixture('wycheproof-aes-ccm.json').cases)[3]!.iv.length).toBe(7);
  });
  it('MAC: outLen = tagSize / 8, invalid → valid:false', () => {
    const cs = only(fixture('wycheproof-aes-cmac.json').cases);
    expect(cs.map((c) => [c.algo, c.outLen, c.valid])).toEqual([
      ['cmac-aes', 16, true],
      ['cmac-aes', 12, true],
      ['cmac-aes', 12, false],
      ['cmac-aes', 16, false],
    ]);
    expect(only(fixture('wycheproof-hmac-sha256.json').cases).map((c) => [c.algo, c.outLen])).toEqual([
      ['hmac-sha256', 32],
      ['hmac-sha256', 32],
      ['hmac-sha256', 32],
      ['hmac-sha256', 16],
    ]);
    expect(only(fixture('wycheproof-hmac-sha1.json').cases)[0]!.algo).toBe('hmac-sha1');
  });
  it('AES-CBC-PKCS5: block-multiple messages run as raw CBC, the rest unsupported with the reason', () => {
    const f = fixture('wycheproof-aes-cbc-pkcs5.json');
    expect(f.cases.map((c) => [c.id, c.unsupported])).toEqual([
      ['tcId 1 enc', undefined],
      ['tcId 1 dec', undefined],
      ['tcId 2 enc', undefined],
      ['tcId 2 dec', undefined],
      ['tcId 3', 'PKCS#5 padding of a 20-byte message (the device does no padding)'],
      ['tcId 4', 'PKCS#5 padding check (the device does no padding)'],
    ]);
    const enc = f.cases[2]!.case!;
    expect(enc.input.length).toBe(32);
    expect(enc.output!.length).toBe(32); // the padding block of ct is dropped
    expect(h(f.cases[3]!.case!.input)).toBe(h(enc.output));
  });
  it('algorithms the device does not offer: every test listed as unsupported', () => {
    const f = parseVectors(JSON.stringify({ algorithm: 'CHACHA20-POLY1305', testGroups: [{ tests: [{ tcId: 1, result: 'valid' }, { tcId: 2, result: 'invalid' }] }] }));
    expect(f.cases).toEqual([
      { id: 'tcId 1', unsupported: 'Wycheproof algorithm CHACHA20-POLY1305 is not offered by the device' },
      { id: 'tcId 2', unsupported: 'Wycheproof algorithm CHACHA20-POLY1305 is not offered by the device' },
    ]);
  });
});

describe('JSONL', () => {
  it('fields as in VectorCase, hex strings, optional id', () => {
    const cs = fixture('cases.jsonl').cases;
    expect(cs.length).toBe(12);
    expect(cs[0]!.id).toBe('line 1 SP800-38A F.5.1');
    expect(cs[4]!.id).toBe('line 5');
    expect(cs[0]!.case).toMatchObject({ service: 'cipher', algo: 'aes-ctr', op: 'encrypt', valid: true });
    expect(cs[5]!.case).toMatchObject({ algo: 'sha512', outLen: 20 });
    expect(cs[5]!.case!.output!.length).toBe(20);
    expect(cs[11]!.case).toMatchObject({ service: 'aead', valid: false, tagLen: 10 });
  });
  it('round trip', () => {
    for (const lc of fixture('cases.jsonl').cases) expect(caseFromJson(JSON.parse(caseToJson(lc.case!)))).toEqual(lc.case);
  });
  it('rejects bad lines one by one', () => {
    const good = '{"service":"hash","algo":"sha1","input":"","output":"da39a3ee5e6b4b0d3255bfef95601890afd80709"}';
    const f = parseVectors(
      [
        good,
        '{"service":"hash","algo":"md5","input":""}',
        '{"service":"cipher","algo":"aes-cbc","input":"0","output":""}',
        '{"service":"aead","algo":"aes-gcm","input":"","output":""}',
        '{"service":"mac","algo":"cmac-aes","input":"","valid":true}',
        '{"service":"mac","algo":"cmac-aes","input":"","output":"","colour":"red"}',
        '{not json',
      ].join('\n'),
    );
    expect(f.cases[0]!.case).toMatchObject({ key: new Uint8Array(0), op: 'encrypt', valid: true });
    expect(f.cases.slice(1).map((c) => c.error)).toEqual([
      expect.stringMatching(/not a hash algorithm/),
      expect.stringMatching(/odd number of hex digits/),
      expect.stringMatching(/need "tagLen"/),
      expect.stringMatching(/missing "output"/),
      expect.stringMatching(/unknown field "colour"/),
      expect.stringMatching(/JSON/),
    ]);
  });
});

describe('fixtures against an independent reference (node:crypto, @noble)', () => {
  it.each(FIXTURES)('%s: valid cases reproduce, invalid cases are refused or differ', async (name) => {
    const f = fixture(name);
    expect(f.cases.filter((c) => c.error)).toEqual([]);
    let checked = 0;
    for (const lc of f.cases) {
      if (!lc.case) continue;
      const c = lc.case;
      const r = await referenceExecute(undefined as never, c, { mode: 'session' });
      if (c.valid) {
        expect(r.status, lc.id).toBe(STATUS.OK);
        expect(h(r.output), lc.id).toBe(h(c.output));
      } else if (r.status === STATUS.OK) {
        expect(h(r.output), lc.id).not.toBe(h(c.output));
      } else {
        expect([STATUS.BADMSG, STATUS.ERR, STATUS.NOTSUPP], lc.id).toContain(r.status);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
