// Fuzzer building blocks without a device: the chain-walk model (D18), the mutators, the
// predictor (design.md check order, D3, D13, D18, D19) and the CLI argument parser.
import { describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { cbc } from '@noble/ciphers/aes.js';
import { parseFuzzArgs } from '../../src/cli/fuzz.ts';
import {
  F,
  buildChain,
  buildVlf,
  encodeRequest,
  expectedArea,
  generateCase,
  mutateChain,
  mutationCategory,
  predictCase,
  predictData,
  randomLayout,
  walkChain,
  ZERO_SP,
  type ChainSpec,
  type DataReq,
  type FuzzContext,
  type SessionInfo,
} from '../../src/fuzz/index.ts';

const Q = 16;
const r = (n: number) => new Uint8Array(n).fill(0x11);

describe('walkChain (D18 model)', () => {
  it('well-formed chains: direct, indirect, direct prefix + indirect; zero-length descriptors contribute nothing', () => {
    for (const place of [{ kind: 'direct' } as const, { kind: 'indirect' } as const, { kind: 'prefix', direct: 2 } as const]) {
      const spec = buildChain([r(72), r(0), r(16)], [16, 0, 1], place);
      const w = walkChain(spec, Q);
      expect(w.error).toBeUndefined();
      expect(w.readable).toEqual([0, 2]);
      expect(w.writable).toEqual([3, 5]);
    }
  });

  it('next ≥ queue size: the descriptor contributes, then ERR', () => {
    const spec = buildChain([r(72)], [4, 1]);
    spec.ring[1]!.next = Q + 3;
    spec.ring[1]!.nextRaw = true;
    const w = walkChain(spec, Q);
    expect(w.error).toMatch(/next index/);
    expect(w.writable).toEqual([1]);
  });

  it('loop, readable after writable, nested indirect, indirect with NEXT, bad table length', () => {
    const loop = buildChain([r(72)], [4, 1]);
    loop.ring[2]!.flags |= F.NEXT;
    loop.ring[2]!.next = 1;
    expect(walkChain(loop, Q)).toMatchObject({ error: expect.stringMatching(/loop/), writable: [1, 2] });

    const raw = buildChain([r(72)], [3]);
    raw.bufs.push({ data: r(5), len: 5, writable: false });
    raw.ring[1]!.flags |= F.NEXT;
    raw.ring[1]!.next = 2;
    raw.ring.push({ buf: 2, flags: 0, next: 0 });
    expect(walkChain(raw, Q)).toMatchObject({ error: expect.stringMatching(/readable descriptor after/), writable: [1] });

    const ind = buildChain([r(72)], [2, 1], { kind: 'prefix', direct: 2 });
    expect(walkChain(ind, Q).error).toBeUndefined();
    const withNext: ChainSpec = structuredClone(ind);
    withNext.ring[2]!.flags |= F.NEXT;
    expect(walkChain(withNext, Q)).toMatchObject({ error: expect.stringMatching(/with NEXT/), writable: [1] });
    const badLen: ChainSpec = structuredClone(ind);
    badLen.ring[2]!.tableLen = 8;
    expect(walkChain(badLen, Q).error).toMatch(/length 8/);
    const nested: ChainSpec = structuredClone(ind);
    nested.tables.push([{ buf: 2, flags: F.WRITE, next: 0 }]);
    nested.tables[0]![0] = { table: 1, flags: F.INDIRECT, next: 0 };
    expect(walkChain(nested, Q)).toMatchObject({ error: expect.stringMatching(/nested/), writable: [1] });
  });

  it('every chain mutation gives a malformed chain or one without writable bytes', () => {
    const rng = new Rng('mutate chains');
    let n = 0;
    for (let i = 0; i < 500; i++) {
      const { spec } = randomLayout(rng, rng.bytes(40 + rng.int(100)), 1 + rng.int(40), Q, Q);
      const m = mutateChain(rng, spec, Q);
      if (!m) continue;
      n++;
      const w = walkChain(m.spec, Q);
      if (m.name.startsWith('no writable')) expect(w.writable).toEqual([]);
      else expect(w.error, m.name).toBeDefined();
      expect(walkChain(spec, Q).error, 'the original is untouched').toBeUndefined();
    }
    expect(n).toBeGreaterThan(400);
  });
});

// ------------------------------------------------------------------ predictor
const key = new Uint8Array(16).fill(7);
const iv = new Uint8Array(16).fill(9);
const src = new Uint8Array(32).map((_, i) => i);
const cbcSession: SessionInfo = { id: 0x10000n, kind: 'cipher', algo: C.CIPHER_ALGO.AES_CBC, key, op: C.CIPHER_OP.ENCRYPT, resultLen: 0 };
const hashSession: SessionInfo = { id: 0x20001n, kind: 'hash', algo: C.HASH_ALGO.SHA_256, key: new Uint8Array(0), op: 0, resultLen: 20 };
const sessions = new Map([cbcSession, hashSession].map((s) => [s.id, s]));

function cbcReq(layout: 'legacy' | 'rev1', over: Partial<DataReq> = {}): DataReq {
  return {
    kind: 'cipher',
    layout,
    opcode: C.OPCODE.CIPHER_ENCRYPT,
    flag: layout === 'rev1' ? C.FLAG.SESSION_MODE : 0,
    sessionId: cbcSession.id,
    headerAlgo: 0,
    opType: C.SYM_OP.CIPHER,
    ivLen: 16,
    srcDataLen: 32,
    dstDataLen: 32,
    aadLen: 0,
    tagLen: 0,
    hashResultLen: 0,
    cipherStart: 0,
    lenToCipher: 0,
    hashStart: 0,
    lenToHash: 0,
    sp: ZERO_SP,
    vlf: buildVlf('cipher', { iv, src }),
    ...over,
  };
}

const predict = (q: DataReq, area = 33, readable = encodeRequest(q).length) => predictData(q, readable, area, sessions);

describe('predictData (design.md check order)', () => {
  it('a valid AES-CBC request: OK and the model ciphertext (legacy 72-byte and rev1 layouts)', () => {
    const ct = cbc(key, iv, { disablePadding: true }).encrypt(src);
    for (const layout of ['legacy', 'rev1'] as const) {
      const o = predict(cbcReq(layout));
      expect(o.status).toBe(C.STATUS.OK);
      expect(Buffer.from(expectedArea(o, 33, 0xee)).toString('hex')).toBe(Buffer.from([...ct, 0]).toString('hex'));
    }
    expect(encodeRequest(cbcReq('legacy')).length).toBe(72 + 48);
  });

  it('NOTSUPP / INVSESS class: opcode, flag, session id, op_type', () => {
    expect(predict(cbcReq('legacy', { opcode: 0x0fff })).status).toBe(C.STATUS.NOTSUPP);
    expect(predict(cbcReq('legacy', { opcode: C.OPCODE.CIPHER_CREATE_SESSION })).status).toBe(C.STATUS.NOTSUPP);
    expect(predict(cbcReq('rev1', { flag: 0 })).status).toBe(C.STATUS.NOTSUPP);
    expect(predict(cbcReq('legacy', { flag: 0xffffffff })).status, 'legacy ignores the flag').toBe(C.STATUS.OK);
    expect(predict(cbcReq('legacy', { sessionId: 0x999n })).status).toBe(C.STATUS.INVSESS);
    expect(predict(cbcReq('legacy', { sessionId: hashSession.id })).status, 'a session of another service').toBe(C.STATUS.INVSESS);
    expect(predict(cbcReq('legacy', { opType: 0 })).status).toBe(C.STATUS.NOTSUPP);
    expect(predict(cbcReq('legacy', { opcode: C.OPCODE.CIPHER_DECRYPT })).status, 'the session direction wins').toBe(C.STATUS.OK);
  });

  it('ERR class: lengths beyond the readable area (D18), short writable area (D13), iv_len', () => {
    expect(predict(cbcReq('legacy', { srcDataLen: 33 })).status).toBe(C.STATUS.ERR);
    expect(predict(cbcReq('legacy', { srcDataLen: 48, dstDataLen: 48 }), 49).status).toBe(C.STATUS.ERR);
    expect(predict(cbcReq('legacy', { srcDataLen: 0xffffffff })).status).toBe(C.STATUS.ERR);
    expect(predict(cbcReq('legacy'), 32).status).toBe(C.STATUS.ERR);
    expect(predict(cbcReq('legacy'), 33, 72 + 47).status, 'readable cut by one byte').toBe(C.STATUS.ERR);
    expect(predict(cbcReq('legacy', { ivLen: 15 })).status).toBe(C.STATUS.ERR);
    expect(predict(cbcReq('legacy', { dstDataLen: 31 })).status).toBe(C.STATUS.ERR);
    const big = predict(cbcReq('legacy', { dstDataLen: 0xffffffff }));
    expect(big.status, 'dst_data_len beyond the area is fine: only src_data_len bytes are written').toBe(C.STATUS.OK);
  });

  it('a shorter src_data_len reads fewer bytes: OK on the first 16', () => {
    const o = predict(cbcReq('legacy', { srcDataLen: 16 }));
    expect(o.status).toBe(C.STATUS.OK);
    expect(o.writes[0]!.bytes).toEqual(cbc(key, iv, { disablePadding: true }).encrypt(src.subarray(0, 16)));
  });

  it('hash session: the request hash_result_len is ignored, the session value decides', () => {
    const q: DataReq = { ...cbcReq('legacy'), kind: 'hash', opcode: C.OPCODE.HASH, sessionId: hashSession.id, opType: 0, ivLen: 0, dstDataLen: 0, srcDataLen: 5, hashResultLen: 0, vlf: new Uint8Array(5) };
    const o = predict(q, 21);
    expect(o.status).toBe(C.STATUS.OK);
    expect(o.writes[0]!.bytes.length).toBe(20);
  });

  it('predictCase: a malformed chain → ERR in the last collected writable byte, the rest untouched', () => {
    const q = cbcReq('legacy');
    const spec = buildChain([encodeRequest(q)], [20, 13, 1]);
    spec.ring[2]!.next = 0xffff;
    spec.ring[2]!.nextRaw = true;
    const e = predictCase(q, spec, Q, 0xab, sessions);
    expect(e.usedLen).toBe(33);
    expect(e.status).toBe(C.STATUS.ERR);
    expect(e.bufs[1]).toEqual(new Uint8Array(20).fill(0xab));
    expect(e.bufs[2]![12]).toBe(C.STATUS.ERR);
    expect(e.bufs[3]).toEqual(new Uint8Array(1).fill(0xab));
  });
});

describe('generator', () => {
  function ctx(layout: 'legacy' | 'rev1' | 'stateless'): FuzzContext {
    const m = new Map<bigint, SessionInfo>();
    let id = 1n;
    for (const s of [cbcSession, hashSession]) m.set(s.id, s);
    m.set((id += 1n), { id, kind: 'mac', algo: C.MAC_ALGO.HMAC_SHA_256, key: new Uint8Array(40), op: 0, resultLen: 32 });
    m.set((id += 1n), { id, kind: 'aead', algo: C.AEAD_ALGO.GCM, key: new Uint8Array(16), op: C.CIPHER_OP.DECRYPT, resultLen: 16 });
    m.set((id += 1n), {
      id,
      kind: 'chain',
      algo: C.CIPHER_ALGO.AES_CTR,
      key: new Uint8Array(16),
      op: C.CIPHER_OP.ENCRYPT,
      resultLen: 10,
      chain: { order: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH, hashMode: C.SYM_HASH_MODE.AUTH, hashAlgo: C.MAC_ALGO.HMAC_SHA1, authKey: new Uint8Array(3) },
    });
    return { layoutOf: () => layout, sessions: m, stale: [0x77n], queueSize: Q };
  }

  it('is deterministic per seed and every case has a prediction; valid cases predict what the model says', () => {
    for (const layout of ['legacy', 'rev1', 'stateless'] as const) {
      const a = new Rng('gen'), b = new Rng('gen');
      const c = ctx(layout);
      let valid = 0;
      for (let i = 0; i < 400; i++) {
        const x = generateCase(a, c, Q, 0.3);
        const y = generateCase(b, c, Q, 0.3);
        expect(x.mutation).toBe(y.mutation);
        expect(Buffer.from(x.stream).equals(Buffer.from(y.stream))).toBe(true);
        expect(x.spec.ring.length).toBeLessThanOrEqual(Q);
        if (x.valid) {
          valid++;
          expect([C.STATUS.OK, C.STATUS.BADMSG], `${x.mutation}: ${x.expect.rule}`).toContain(x.expect.status);
        }
      }
      expect(valid).toBeGreaterThan(60);
    }
  });

  it('mutation categories strip numbers', () => {
    expect(mutationCategory('src_data_len 12 → 4294967295 [direct, readable [1], writable [2]]')).toBe('src_data_len N');
  });
});

describe('CLI arguments', () => {
  it('parses --seed, --count, --json; rejects missing or bad values', () => {
    expect(parseFuzzArgs(['--seed', '1', '--count=30', '--json', 'x.json'])).toEqual({ seed: '1', count: 30, json: 'x.json' });
    expect(() => parseFuzzArgs(['--count', '3'])).toThrow(/--seed/);
    expect(() => parseFuzzArgs(['--seed', '1', '--count', '0'])).toThrow(/positive/);
    expect(() => parseFuzzArgs(['--seed', '1', '--count', '2', '--bogus'])).toThrow(/unknown/);
  });
});
