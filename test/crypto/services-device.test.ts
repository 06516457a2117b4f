// Every service beyond AES-CBC through the integrated device (bridge + driver + RTL), checked
// against the reference model: CIPHER ECB/CTR/XTS, HASH, MAC (HMAC, CMAC), AEAD (GCM, CCM) and
// CHAIN, in the layouts of D1 (legacy, REVISION_1, stateless with every stateless bit) and both
// modes, random lengths incl. the edges, negative cases with exact statuses, and no DMA outside
// the descriptors. Written by the design table (design.md "Request semantics of every service");
// the RTL for these services lands in parallel, so these fail until it does.
//
// Assumption (as cbc-device.test.ts): submitRaw hands the device zero-filled writable buffers,
// so "nothing written" is checked as "still zero".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { notAdvertised } from '../../src/cli/regress.ts';
import { rowKinds } from '../../src/cli/rows.ts';
import { aeadRequest } from '../../src/crypto/aead.ts';
import { chainRequest, type ChainRequestParams } from '../../src/crypto/chain.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { loadOpenDevice, type FullDevice } from '../../src/crypto/device.ts';
import { hashRequest, macRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import {
  createAeadSession,
  createChainSession,
  createCipherSession,
  createHashSession,
  createMacSession,
  destroySession,
  type CreateSessionResult,
} from '../../src/crypto/session.ts';
import {
  expectAead,
  expectChain,
  expectCipher,
  expectCreateSession,
  expectHash,
  expectMac,
  expectedArea,
  gcmEncrypt,
  ccmEncrypt,
  type ChainSessionModel,
  type Expected,
} from '../../src/ref/index.ts';

const { OK, ERR, BADMSG, NOTSUPP, INVSESS } = C.STATUS;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const EDGES = C.REGRESSION_SERVICES.EDGE_LENGTHS;
const LARGE = C.REGRESSION_SERVICES.LARGE_LENGTH;
const SHA = [C.HASH_ALGO.SHA1, C.HASH_ALGO.SHA_224, C.HASH_ALGO.SHA_256, C.HASH_ALGO.SHA_384, C.HASH_ALGO.SHA_512];
const HMAC = [C.MAC_ALGO.HMAC_SHA1, C.MAC_ALGO.HMAC_SHA_224, C.MAC_ALGO.HMAC_SHA_256, C.MAC_ALGO.HMAC_SHA_384, C.MAC_ALGO.HMAC_SHA_512];
const digestOf = (a: number) => C.SHA_INFO[a]!.digestLen;
const hmacDigestOf = (a: number) => digestOf(C.HMAC_HASH[a]!);

type Mode = 'session' | 'stateless';
interface Profile {
  name: string;
  features: bigint;
  modes: Mode[];
}
const PROFILES: Profile[] = [
  { name: 'legacy (no crypto features)', features: C.ROW_PROFILE.legacy, modes: ['session'] },
  { name: 'REVISION_1', features: C.ROW_PROFILE.rev1, modes: ['session'] },
  { name: 'REVISION_1 + every stateless bit (D1, D2)', features: C.ROW_PROFILE.all, modes: ['session', 'stateless'] },
];

/** One request: its session (session mode), its request, what the model says. */
interface Case {
  label: string;
  service: number;
  create: () => Promise<CreateSessionResult>;
  /** model answer for the create (session mode) */
  createStatus: number;
  /** model answer for the request */
  exp: Expected;
  /** stateless mode, if it differs (D7: tag_len NOTSUPP at create, ERR on a stateless request) */
  statelessExp?: Expected;
  request: (sessionId: bigint | undefined) => Promise<{ status: number; area: Uint8Array; usedLen: number }>;
}

async function check(c: Case, mode: Mode): Promise<void> {
  let id: bigint | undefined;
  let exp = mode === 'stateless' ? c.statelessExp ?? c.exp : c.exp;
  if (mode === 'session') {
    const cs = await c.create();
    expect(C.statusName(cs.status), `${c.label}: create`).toBe(C.statusName(c.createStatus));
    if (cs.status !== OK) return;
    id = cs.sessionId;
  }
  const got = await c.request(id);
  if (id !== undefined) expect(await destroySession(dev(), c.service, id), `${c.label}: destroy`).toBe(OK);
  expect(C.statusName(got.status), `${c.label} (${exp.rule})`).toBe(C.statusName(exp.status));
  expect(hex(got.area), `${c.label}: writable area`).toBe(hex(expectedArea(exp, got.area.length)));
  expect(got.usedLen, `${c.label}: D3 used.len = whole writable area`).toBe(got.area.length);
}

let current: FullDevice | undefined;
const dev = () => current!;

// ------------------------------------------------------------------ case builders

function cipherCase(algo: number, op: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, src: Uint8Array, mode: Mode, label: string): Case {
  const e = expectCipher({ algo, op, key, iv, src });
  const exp: Expected = { status: e.status, writes: e.status === OK ? [{ offset: 0, bytes: e.dst }] : [], output: e.dst, rule: e.rule };
  return {
    label,
    service: C.SERVICE.CIPHER,
    create: () => createCipherSession(dev(), { algo, key, op }),
    createStatus: expectCreateSession({ service: C.SERVICE.CIPHER, algo, keyLen: key.length, key, op }).status,
    exp,
    request: (id) => cipherRequest(dev(), { op, iv, src, ...(mode === 'session' ? { sessionId: id! } : { stateless: { algo, key } }) }),
  };
}

function hashCase(algo: number, src: Uint8Array, hashResultLen: number, mode: Mode, label: string, writable?: number[]): Case {
  return {
    label,
    service: C.SERVICE.HASH,
    create: () => createHashSession(dev(), { algo, hashResultLen }),
    createStatus: expectCreateSession({ service: C.SERVICE.HASH, algo, keyLen: 0, op: 0, hashResultLen }).status,
    exp: expectHash({ algo, src, hashResultLen, ...(writable ? { areaLen: writable.reduce((a, b) => a + b, 0) } : {}) }),
    request: (id) => hashRequest(dev(), { src, hashResultLen, ...(writable ? { writable } : {}), ...(mode === 'session' ? { sessionId: id! } : { stateless: { algo } }) }),
  };
}

function macCase(algo: number, key: Uint8Array, src: Uint8Array, hashResultLen: number, mode: Mode, label: string): Case {
  return {
    label,
    service: C.SERVICE.MAC,
    create: () => createMacSession(dev(), { algo, hashResultLen, authKey: key }),
    createStatus: expectCreateSession({ service: C.SERVICE.MAC, algo, keyLen: key.length, op: 0, hashResultLen }).status,
    exp: expectMac({ algo, key, src, hashResultLen }),
    request: (id) => macRequest(dev(), { src, hashResultLen, ...(mode === 'session' ? { sessionId: id! } : { stateless: { algo, key } }) }),
  };
}

interface AeadP {
  algo: number;
  op: 'encrypt' | 'decrypt';
  key: Uint8Array;
  iv: Uint8Array;
  aad: Uint8Array;
  src: Uint8Array;
  tagLen: number;
  dstLen?: number;
}
function aeadCase(p: AeadP, mode: Mode, label: string): Case {
  return {
    label,
    service: C.SERVICE.AEAD,
    create: () => createAeadSession(dev(), { algo: p.algo, key: p.key, tagLen: p.tagLen, aadLen: p.aad.length, op: p.op }),
    createStatus: expectCreateSession({ service: C.SERVICE.AEAD, algo: p.algo, keyLen: p.key.length, op: p.op, tagLen: p.tagLen }).status,
    exp: expectAead(p),
    request: (id) =>
      aeadRequest(dev(), {
        op: p.op, iv: p.iv, aad: p.aad, src: p.src, tagLen: p.tagLen,
        ...(p.dstLen !== undefined ? { dstLen: p.dstLen } : {}),
        ...(mode === 'session' ? { sessionId: id! } : { stateless: { algo: p.algo, key: p.key } }),
      }),
  };
}

type ChainP = ChainSessionModel & { op: 'encrypt' | 'decrypt' } & Pick<ChainRequestParams, 'iv' | 'aad' | 'src'> & { cipherStart: number; lenToCipher: number; hashStart: number; lenToHash: number; dstLen?: number };
function chainCase(p: ChainP, mode: Mode, label: string): Case {
  const auth = p.hashMode === C.SYM_HASH_MODE.AUTH;
  return {
    label,
    service: C.SERVICE.CIPHER,
    create: () =>
      createChainSession(dev(), {
        algChainOrder: p.order, hashMode: p.hashMode, cipherAlgo: p.cipherAlgo, cipherKey: p.cipherKey,
        cipherOp: p.op === 'encrypt' ? C.CIPHER_OP.ENCRYPT : C.CIPHER_OP.DECRYPT, hashAlgo: p.hashAlgo,
        hashResultLen: p.hashResultLen, ...(auth ? { authKey: p.authKey! } : {}), aadLen: p.aad.length,
      }),
    createStatus: expectCreateSession({ service: C.SERVICE.CIPHER, algo: p.cipherAlgo, keyLen: p.cipherKey.length, op: p.op, opType: C.SYM_OP.ALGORITHM_CHAINING, chain: p }).status,
    exp: expectChain({ ...p, cipherOp: p.op }),
    request: (id) =>
      chainRequest(dev(), {
        op: p.op, iv: p.iv, aad: p.aad, src: p.src, hashResultLen: p.hashResultLen,
        cipherStart: p.cipherStart, lenToCipher: p.lenToCipher, hashStart: p.hashStart, lenToHash: p.lenToHash,
        ...(p.dstLen !== undefined ? { dstLen: p.dstLen } : {}),
        ...(mode === 'session'
          ? { sessionId: id! }
          : { stateless: { order: p.order, hashMode: p.hashMode, cipherAlgo: p.cipherAlgo, cipherKey: p.cipherKey, hashAlgo: p.hashAlgo, ...(auth ? { authKey: p.authKey! } : {}) } }),
      }),
  };
}

// ------------------------------------------------------------------ the tests

for (const p of PROFILES) {
  describe(`every service through the device: ${p.name}`, () => {
    const rng = new Rng(`services-device ${p.name}`);
    const lengths = (legal: (n: number) => boolean = () => true) => [...EDGES, LARGE, rng.int(600), rng.int(600)].filter(legal);

    beforeAll(async () => {
      const openDevice = await loadOpenDevice();
      current = await openDevice({ features: p.features });
      expect(current.negotiatedFeatures & p.features).toBe(p.features);
    });
    afterAll(async () => {
      if (!current) return;
      try {
        expect(await current.dmaViolations()).toBe(0);
      } finally {
        await current.close();
        current = undefined;
      }
    });

    it('advertises every service and algorithm of the design table', async () => {
      const cfg = await dev().readConfig();
      const missing = rowKinds().map((k) => notAdvertised(k, cfg)).filter((x) => x !== undefined);
      expect([...new Set(missing)]).toEqual([]);
      expect(cfg.maxCipherKeyLen).toBe(C.DEVICE_LIMITS.MAX_CIPHER_KEY_LEN);
      expect(cfg.maxAuthKeyLen).toBe(C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN);
    });

    for (const mode of p.modes) {
      it(`[${mode}] CIPHER ECB / CTR / XTS: edge and random lengths, both directions (D10, D11, D12)`, async () => {
        const algos = [
          { algo: C.CIPHER_ALGO.AES_ECB, keys: C.AES_KEY_SIZES, iv: 0, legal: (n: number) => n % 16 === 0 },
          { algo: C.CIPHER_ALGO.AES_CTR, keys: C.AES_KEY_SIZES, iv: 16, legal: () => true },
          { algo: C.CIPHER_ALGO.AES_XTS, keys: C.AES_XTS_KEY_SIZES, iv: 16, legal: (n: number) => n === 0 || n >= 16 },
        ];
        for (const a of algos)
          for (const kl of a.keys)
            for (const n of lengths(a.legal))
              for (const op of ['encrypt', 'decrypt'] as const)
                await check(cipherCase(a.algo, op, rng.bytes(kl), rng.bytes(a.iv), rng.bytes(n), mode, `algo ${a.algo} key ${kl} ${op} len ${n}`), mode);
      });

      it(`[${mode}] CIPHER negatives: XTS short / key1 = key2 (D11), ECB length (D12), CTR iv_len`, async () => {
        const k = rng.bytes(32);
        const same = new Uint8Array(64);
        same.set(k);
        same.set(k, 32);
        const cases = [
          cipherCase(C.CIPHER_ALGO.AES_XTS, 'encrypt', rng.bytes(32), rng.bytes(16), rng.bytes(15), mode, 'XTS 15 bytes'),
          cipherCase(C.CIPHER_ALGO.AES_XTS, 'encrypt', same, rng.bytes(16), rng.bytes(32), mode, 'XTS key1 = key2'),
          cipherCase(C.CIPHER_ALGO.AES_XTS, 'encrypt', rng.bytes(48), rng.bytes(16), rng.bytes(32), mode, 'XTS 48-byte key'),
          cipherCase(C.CIPHER_ALGO.AES_ECB, 'decrypt', rng.bytes(16), new Uint8Array(0), rng.bytes(17), mode, 'ECB 17 bytes'),
          cipherCase(C.CIPHER_ALGO.AES_CTR, 'encrypt', rng.bytes(16), rng.bytes(12), rng.bytes(20), mode, 'CTR iv_len 12'),
        ];
        for (const c of cases) {
          expect(c.exp.status === ERR || c.createStatus === ERR).toBe(true);
          await check(c, mode);
        }
      });

      it(`[${mode}] HASH SHA-1/224/256/384/512: edge lengths, truncation (D14), bad lengths (D13)`, async () => {
        for (const algo of SHA) {
          const d = digestOf(algo);
          for (const [i, n] of lengths().entries()) await check(hashCase(algo, rng.bytes(n), i % 3 === 2 ? 1 + rng.int(d) : d, mode, `sha ${algo} len ${n}`), mode);
          await check(hashCase(algo, rng.bytes(10), 0, mode, 'hash_result_len 0'), mode);
          await check(hashCase(algo, rng.bytes(10), d + 1, mode, 'hash_result_len > digest'), mode);
          await check(hashCase(algo, rng.bytes(10), d, mode, 'area too small', [d]), mode);
          await check(hashCase(algo, rng.bytes(10), d, mode, 'hash_result and status split', [3, d - 3, 1]), mode);
        }
        await check(hashCase(C.HASH_ALGO.SHA3_256, rng.bytes(10), 32, mode, 'SHA3 → NOTSUPP (D19)'), mode);
      });

      it(`[${mode}] MAC HMAC-SHA* keys 0..128 (D15) and CMAC-AES 128/192/256`, async () => {
        for (const algo of HMAC) {
          const d = hmacDigestOf(algo);
          const block = C.SHA_INFO[C.HMAC_HASH[algo]!]!.blockLen;
          const keyLens = [0, 1, block - 1, block, block + 1, C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN].filter((x) => x <= C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN);
          for (const [i, n] of lengths().entries())
            await check(macCase(algo, rng.bytes(keyLens[i % keyLens.length]!), rng.bytes(n), i % 3 === 2 ? 1 + rng.int(d) : d, mode, `hmac ${algo} len ${n}`), mode);
          await check(macCase(algo, rng.bytes(C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN + 1), rng.bytes(10), d, mode, 'HMAC key 129 → ERR'), mode);
          await check(macCase(algo, rng.bytes(16), rng.bytes(10), d + 1, mode, 'hash_result_len > digest → ERR'), mode);
        }
        for (const kl of C.AES_KEY_SIZES)
          for (const [i, n] of lengths().entries())
            await check(macCase(C.MAC_ALGO.CMAC_AES, rng.bytes(kl), rng.bytes(n), i % 3 === 2 ? 1 + rng.int(16) : 16, mode, `cmac key ${kl} len ${n}`), mode);
        for (const kl of C.REGRESSION_SERVICES.BAD_CMAC_KEY_LENGTHS) await check(macCase(C.MAC_ALGO.CMAC_AES, rng.bytes(kl), rng.bytes(16), 16, mode, `CMAC key ${kl} → ERR`), mode);
        await check(macCase(C.MAC_ALGO.GMAC_AES, rng.bytes(16), rng.bytes(16), 16, mode, 'GMAC → NOTSUPP (D16)'), mode);
      });

      it(`[${mode}] AEAD GCM (any IV length, D8) and CCM (nonce 7..13, D9): encrypt ct‖tag (D5), decrypt, BADMSG zeroes (D6)`, async () => {
        for (const algo of [C.AEAD_ALGO.GCM, C.AEAD_ALGO.CCM])
          for (const kl of C.AES_KEY_SIZES)
            for (const [i, n] of lengths().entries()) {
              const gcm = algo === C.AEAD_ALGO.GCM;
              const iv = rng.bytes(gcm ? [12, 1, 16, 60, 8][i % 5]! : 7 + (i % 7));
              const tagLen = gcm ? C.GCM.TAG_LENS[i % C.GCM.TAG_LENS.length]! : 4 + 2 * (i % 7);
              const aad = rng.bytes([0, 1, 16, 17, 64][i % 5]!);
              const key = rng.bytes(kl);
              const pt = rng.bytes(n);
              const base = { algo, key, iv, aad, tagLen };
              await check(aeadCase({ ...base, op: 'encrypt', src: pt }, mode, `algo ${algo} key ${kl} encrypt len ${n}`), mode);
              const sealed = gcm ? gcmEncrypt(key, iv, aad, pt, tagLen) : ccmEncrypt(key, iv, aad, pt, tagLen);
              await check(aeadCase({ ...base, op: 'decrypt', src: sealed }, mode, `algo ${algo} key ${kl} decrypt len ${n}`), mode);
              if (i % 3 === 0) {
                const bad = Uint8Array.from(sealed);
                bad[rng.int(bad.length)]! ^= 0x10;
                const c = aeadCase({ ...base, op: 'decrypt', src: bad }, mode, `algo ${algo} corrupted len ${n}`);
                expect(c.exp.status).toBe(BADMSG);
                await check(c, mode);
              }
            }
      });

      it(`[${mode}] AEAD negatives with exact statuses (D5, D6, D7, D8, D9)`, async () => {
        const key = rng.bytes(16);
        const src = rng.bytes(40);
        const aad = rng.bytes(5);
        const G = C.AEAD_ALGO.GCM;
        const K = C.AEAD_ALGO.CCM;
        const sealed = gcmEncrypt(key, rng.bytes(12), aad, src, 16);
        const list: [AeadP, string][] = [
          [{ algo: G, op: 'encrypt', key, iv: rng.bytes(12), aad, src, tagLen: 10 }, 'GCM tag_len 10 (D7)'],
          [{ algo: K, op: 'encrypt', key, iv: rng.bytes(12), aad, src, tagLen: 5 }, 'CCM tag_len 5 (D7)'],
          [{ algo: G, op: 'encrypt', key, iv: new Uint8Array(0), aad, src, tagLen: 16 }, 'GCM iv_len 0 (D8)'],
          [{ algo: K, op: 'encrypt', key, iv: rng.bytes(6), aad, src, tagLen: 8 }, 'CCM nonce 6 (D9)'],
          [{ algo: K, op: 'encrypt', key, iv: rng.bytes(14), aad, src, tagLen: 8 }, 'CCM nonce 14 (D9)'],
          [{ algo: G, op: 'encrypt', key, iv: rng.bytes(12), aad, src, tagLen: 16, dstLen: src.length + 15 }, 'short dst (D5)'],
          [{ algo: G, op: 'decrypt', key, iv: rng.bytes(12), aad, src: rng.bytes(15), tagLen: 16 }, 'src < tag (D6)'],
          [{ algo: G, op: 'decrypt', key, iv: rng.bytes(12), aad, src: sealed, tagLen: 16, dstLen: src.length - 1 }, 'short dst (D6)'],
          [{ algo: G, op: 'encrypt', key: rng.bytes(20), iv: rng.bytes(12), aad, src, tagLen: 16 }, 'key 20'],
        ];
        for (const [a, label] of list) {
          const c = aeadCase(a, mode, label);
          // D7: at create a bad tag_len is NOTSUPP; on a stateless request ERR
          if (label.includes('D7')) expect([c.createStatus, c.exp.status]).toEqual([NOTSUPP, ERR]);
          else expect(c.exp.status === ERR || c.createStatus === ERR).toBe(true);
          await check(c, mode);
        }
        await check(aeadCase({ algo: C.AEAD_ALGO.CHACHA20_POLY1305, op: 'encrypt', key: rng.bytes(32), iv: rng.bytes(12), aad, src, tagLen: 16 }, mode, 'ChaCha20-Poly1305 → NOTSUPP'), mode);
      });

      it(`[${mode}] CHAIN every cipher mode × every SHA / HMAC, both orders (D21), AAD first (D4)`, async () => {
        const ciphers = [
          { algo: C.CIPHER_ALGO.AES_ECB, kl: 16, mult: 16, min: 0 },
          { algo: C.CIPHER_ALGO.AES_CBC, kl: 24, mult: 16, min: 0 },
          { algo: C.CIPHER_ALGO.AES_CTR, kl: 32, mult: 1, min: 0 },
          { algo: C.CIPHER_ALGO.AES_XTS, kl: 64, mult: 1, min: 16 },
        ];
        const hashes = [...SHA.map((a) => ({ a, mode: C.SYM_HASH_MODE.PLAIN, d: digestOf(a) })), ...HMAC.map((a) => ({ a, mode: C.SYM_HASH_MODE.AUTH, d: hmacDigestOf(a) }))];
        let i = 0;
        for (const c of ciphers)
          for (const hsh of hashes) {
            const n = [0, 1, 16, 17, 64, 129, LARGE][i % 7]!;
            const full = i % 2 === 0;
            let lenToCipher = full ? n - (n % c.mult) : c.mult * rng.int(Math.floor(n / c.mult) + 1);
            if (lenToCipher > 0 && lenToCipher < c.min) lenToCipher = n >= c.min ? c.min : 0;
            const cipherStart = full ? 0 : rng.int(n - lenToCipher + 1);
            const hashStart = full ? 0 : rng.int(n + 1);
            const p: ChainP = {
              order: i % 4 < 2 ? C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH : C.ALG_CHAIN_ORDER.HASH_THEN_CIPHER,
              hashMode: hsh.mode,
              cipherAlgo: c.algo,
              cipherOp: i % 3 === 0 ? 'decrypt' : 'encrypt',
              op: i % 3 === 0 ? 'decrypt' : 'encrypt',
              cipherKey: rng.bytes(c.kl),
              hashAlgo: hsh.a,
              authKey: rng.bytes(rng.int(129)),
              hashResultLen: i % 3 === 1 ? 1 + rng.int(hsh.d) : hsh.d,
              iv: rng.bytes(16),
              aad: rng.bytes([0, 8, 33][i % 3]!),
              src: rng.bytes(n),
              cipherStart,
              lenToCipher,
              hashStart,
              lenToHash: full ? n : rng.int(n - hashStart + 1),
              ...(i % 5 === 4 ? { dstLen: n + 7 } : {}),
            };
            i++;
            const cc = chainCase(p, mode, `chain ${c.algo}+${hsh.a} order ${p.order} ${p.op} len ${n}`);
            expect(cc.exp.status, cc.exp.rule).toBe(OK);
            await check(cc, mode);
          }
      });

      it(`[${mode}] CHAIN negatives: ranges (D21), block multiple, NESTED / CMAC → NOTSUPP, short dst (D13)`, async () => {
        const base: ChainP = {
          order: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH, hashMode: C.SYM_HASH_MODE.AUTH, cipherAlgo: C.CIPHER_ALGO.AES_CBC,
          cipherOp: 'encrypt', op: 'encrypt', cipherKey: rng.bytes(16), hashAlgo: C.MAC_ALGO.HMAC_SHA_256, authKey: rng.bytes(32),
          hashResultLen: 32, iv: rng.bytes(16), aad: rng.bytes(4), src: rng.bytes(64), cipherStart: 0, lenToCipher: 64, hashStart: 0, lenToHash: 64,
        };
        const list: [Partial<ChainP>, number][] = [
          [{ cipherStart: 16 }, ERR],
          [{ hashStart: 1 }, ERR],
          [{ lenToCipher: 17 }, ERR],
          [{ dstLen: 63 }, ERR],
          [{ cipherAlgo: C.CIPHER_ALGO.AES_XTS, cipherKey: rng.bytes(32), lenToCipher: 15 }, ERR],
          [{ hashMode: C.SYM_HASH_MODE.NESTED }, NOTSUPP],
          [{ hashAlgo: C.MAC_ALGO.CMAC_AES, authKey: rng.bytes(16) }, NOTSUPP],
          [{ hashMode: C.SYM_HASH_MODE.PLAIN, hashAlgo: C.HASH_ALGO.MD5 }, NOTSUPP],
          [{ authKey: rng.bytes(129) }, ERR],
        ];
        for (const [over, st] of list) {
          const c = chainCase({ ...base, ...over }, mode, `chain ${JSON.stringify(Object.keys(over))}`);
          expect(mode === 'session' && c.createStatus !== OK ? c.createStatus : c.exp.status).toBe(st);
          await check(c, mode);
        }
      });
    }

    it('stale session ids → INVSESS for every service; second destroy → ERR (D17)', async () => {
      const rng2 = new Rng('stale');
      const creators: [number, () => Promise<CreateSessionResult>, (id: bigint) => Promise<{ status: number; area: Uint8Array }>][] = [
        [C.SERVICE.HASH, () => createHashSession(dev(), { algo: C.HASH_ALGO.SHA_256, hashResultLen: 32 }), (id) => hashRequest(dev(), { sessionId: id, src: rng2.bytes(10), hashResultLen: 32 })],
        [C.SERVICE.MAC, () => createMacSession(dev(), { algo: C.MAC_ALGO.CMAC_AES, hashResultLen: 16, authKey: rng2.bytes(16) }), (id) => macRequest(dev(), { sessionId: id, src: rng2.bytes(10), hashResultLen: 16 })],
        [C.SERVICE.AEAD, () => createAeadSession(dev(), { algo: C.AEAD_ALGO.GCM, key: rng2.bytes(16), tagLen: 16, aadLen: 0, op: 'encrypt' }), (id) => aeadRequest(dev(), { sessionId: id, op: 'encrypt', iv: rng2.bytes(12), aad: new Uint8Array(0), src: rng2.bytes(10), tagLen: 16 })],
        [C.SERVICE.CIPHER, () => createChainSession(dev(), { algChainOrder: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH, hashMode: C.SYM_HASH_MODE.PLAIN, cipherAlgo: C.CIPHER_ALGO.AES_CTR, cipherKey: rng2.bytes(16), cipherOp: C.CIPHER_OP.ENCRYPT, hashAlgo: C.HASH_ALGO.SHA1, hashResultLen: 20 }), (id) => chainRequest(dev(), { sessionId: id, op: 'encrypt', iv: rng2.bytes(16), aad: new Uint8Array(0), src: rng2.bytes(10), hashResultLen: 20 })],
      ];
      for (const [svc, create, request] of creators) {
        const cs = await create();
        expect(cs.status, `service ${svc} create`).toBe(OK);
        expect(await destroySession(dev(), svc, cs.sessionId)).toBe(OK);
        const r = await request(cs.sessionId);
        expect(C.statusName(r.status), `service ${svc}`).toBe(C.statusName(INVSESS));
        expect(r.area.subarray(0, r.area.length - 1).every((x) => x === 0)).toBe(true);
        expect(await destroySession(dev(), svc, cs.sessionId)).toBe(ERR);
      }
    });
  });
}
