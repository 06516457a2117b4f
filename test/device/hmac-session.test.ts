// HMAC sessions keep the key's precomputed inner / outer states (performance issue: "HMAC keeps
// the inner/outer padded-key states per session so a request pays no key-block cost"). At MAC /
// chaining (hash_mode AUTH) session create the device hashes K0 ^ ipad and K0 ^ opad once (a key
// longer than the block is hashed first, RFC 2104 / D15) and stores the two chaining states in the
// session store; a session request starts both passes from them. Stateless requests still work
// from the key. Checked here:
//   - results against the reference model (@noble/hashes HMAC) for every HMAC algorithm with keys
//     of 0 bytes, short, block size and longer than the block (SHA-384/512: max_auth_key_len 128
//     = their block, so no longer key exists), MAC sessions and chaining AUTH sessions;
//   - exact cycles (console cycle counter, not wall time): a session request costs less than the
//     stateless request with the same key and message, by at least one compression block.
// The stored states themselves (and their zeroization) are checked in zeroize.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { chainRequest } from '../../src/crypto/chain.ts';
import { macRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createChainSession, createMacSession, destroySession } from '../../src/crypto/session.ts';
import { openDevice, type Device } from '../../src/index.ts';
import { expectChain, expectMac } from '../../src/ref/index.ts';
import { closeChecked, hex } from './common.ts';

const name = (s: number) => C.statusName(s);
const HMAC_ALGOS = [C.MAC_ALGO.HMAC_SHA1, C.MAC_ALGO.HMAC_SHA_224, C.MAC_ALGO.HMAC_SHA_256, C.MAC_ALGO.HMAC_SHA_384, C.MAC_ALGO.HMAC_SHA_512];
const ALGO_NAME: Record<number, string> = {
  [C.MAC_ALGO.HMAC_SHA1]: 'HMAC-SHA1',
  [C.MAC_ALGO.HMAC_SHA_224]: 'HMAC-SHA224',
  [C.MAC_ALGO.HMAC_SHA_256]: 'HMAC-SHA256',
  [C.MAC_ALGO.HMAC_SHA_384]: 'HMAC-SHA384',
  [C.MAC_ALGO.HMAC_SHA_512]: 'HMAC-SHA512',
};
const info = (macAlgo: number) => C.SHA_INFO[C.HMAC_HASH[macAlgo]!]!;
/** Clocks per compression block of vcrypto_sha_core (rounds + 1): 81 SHA-1 / SHA-384/512, 65 SHA-224/256. */
const blockCycles = (macAlgo: number) => (macAlgo === C.MAC_ALGO.HMAC_SHA_224 || macAlgo === C.MAC_ALGO.HMAC_SHA_256 ? 65 : 81);

/** Key lengths: 0, short, block size, longer than the block (when max_auth_key_len allows it). */
function keyLens(macAlgo: number): number[] {
  const B = info(macAlgo).blockLen;
  const max = C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN;
  return [0, 13, B - 1, B, B + 1, max].filter((n, i, a) => n <= max && a.indexOf(n) === i);
}

describe('HMAC sessions start from the precomputed inner / outer states', () => {
  let dev: Device;
  const rng = new Rng('hmac-session');

  beforeAll(async () => {
    dev = await openDevice({ features: C.FEATURE_PROFILE.all, dataQueues: 1 });
  });
  afterAll(() => closeChecked(dev));

  it('MAC sessions: every HMAC algorithm × keys 0 / short / block / > block, several message lengths, = model and = stateless', async () => {
    for (const algo of HMAC_ALGOS) {
      const d = info(algo).digestLen;
      for (const kl of keyLens(algo)) {
        const key = rng.bytes(kl);
        const hrl = kl % 2 === 0 ? d : 1 + rng.int(d);
        const cs = await createMacSession(dev, { algo, hashResultLen: hrl, authKey: key });
        const what = `${ALGO_NAME[algo]} key ${kl}`;
        expect(name(cs.status), `${what}: create`).toBe('OK');
        for (const n of [0, 1, 55, 56, 64, 111, 112, 128, 200, 1000]) {
          const src = rng.bytes(n);
          const exp = expectMac({ algo, key, src, hashResultLen: hrl });
          expect(name(exp.status), exp.rule).toBe('OK');
          const got = await macRequest(dev, { sessionId: cs.sessionId, src, hashResultLen: hrl });
          expect(name(got.status), `${what} msg ${n}: session status`).toBe('OK');
          expect(hex(got.result), `${what} msg ${n}: session result = model`).toBe(hex(exp.output));
          // the same request stateless (computed from the key in the request)
          const sl = await macRequest(dev, { stateless: { algo, key }, src, hashResultLen: hrl });
          expect(name(sl.status), `${what} msg ${n}: stateless status`).toBe('OK');
          expect(hex(sl.result), `${what} msg ${n}: stateless result = model`).toBe(hex(exp.output));
        }
        expect(name(await destroySession(dev, C.SERVICE.MAC, cs.sessionId)), `${what}: destroy`).toBe('OK');
      }
    }
  });

  it('chaining sessions (hash_mode AUTH): every HMAC algorithm × keys 0 / short / block / > block, both orders, = model', async () => {
    let i = 0;
    for (const algo of HMAC_ALGOS) {
      const d = info(algo).digestLen;
      for (const kl of keyLens(algo)) {
        const authKey = rng.bytes(kl);
        const cipherKey = rng.bytes(16);
        const order = i % 2 === 0 ? C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH : C.ALG_CHAIN_ORDER.HASH_THEN_CIPHER;
        const op = i % 3 === 0 ? 'decrypt' : 'encrypt';
        const aad = rng.bytes([0, 8, 33][i % 3]!);
        i++;
        const cs = await createChainSession(dev, {
          algChainOrder: order,
          hashMode: C.SYM_HASH_MODE.AUTH,
          cipherAlgo: C.CIPHER_ALGO.AES_CTR,
          cipherKey,
          cipherOp: op === 'encrypt' ? C.CIPHER_OP.ENCRYPT : C.CIPHER_OP.DECRYPT,
          hashAlgo: algo,
          hashResultLen: d,
          authKey,
          aadLen: aad.length,
        });
        const what = `AES-CTR + ${ALGO_NAME[algo]} key ${kl}`;
        expect(name(cs.status), `${what}: create`).toBe('OK');
        for (const n of [0, 17, 64, 300]) {
          const iv = rng.bytes(16);
          const src = rng.bytes(n);
          const exp = expectChain({
            order, hashMode: C.SYM_HASH_MODE.AUTH, cipherAlgo: C.CIPHER_ALGO.AES_CTR, cipherOp: op, cipherKey, hashAlgo: algo, authKey,
            hashResultLen: d, iv, aad, src, cipherStart: 0, lenToCipher: n, hashStart: 0, lenToHash: n,
          });
          expect(name(exp.status), exp.rule).toBe('OK');
          const got = await chainRequest(dev, { op, iv, aad, src, hashResultLen: d, sessionId: cs.sessionId });
          expect(name(got.status), `${what} len ${n}: status`).toBe('OK');
          expect(hex(got.dst), `${what} len ${n}: dst = model`).toBe(hex(exp.output));
          expect(hex(got.hashResult), `${what} len ${n}: hash_result = model`).toBe(hex(exp.hashResult!));
        }
        expect(name(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)), `${what}: destroy`).toBe('OK');
      }
    }
  });

  it('cycles: a session HMAC request costs at least one block less than the same stateless request (exact cycle counter)', async () => {
    const rows: string[] = [];
    for (const algo of HMAC_ALGOS) {
      const B = info(algo).blockLen;
      const d = info(algo).digestLen;
      for (const kl of [...new Set([B, Math.min(B + 1, C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN)])]) {
        const key = rng.bytes(kl);
        const cs = await createMacSession(dev, { algo, hashResultLen: d, authKey: key });
        expect(name(cs.status)).toBe('OK');
        for (const n of [64, 1024]) {
          const src = rng.bytes(n);
          const exp = expectMac({ algo, key, src, hashResultLen: d });
          const cyclesOf = async (stateless: boolean): Promise<number> => {
            const c0 = (await dev.stats()).cycles;
            const r = await macRequest(dev, stateless ? { stateless: { algo, key }, src, hashResultLen: d } : { sessionId: cs.sessionId, src, hashResultLen: d });
            const c1 = (await dev.stats()).cycles;
            expect(hex(r.result), `${ALGO_NAME[algo]} key ${kl} msg ${n} ${stateless ? 'stateless' : 'session'}`).toBe(hex(exp.output));
            return c1 - c0;
          };
          // twice each: the second of a kind is the one compared (same warm state for both)
          await cyclesOf(false);
          const sess = await cyclesOf(false);
          await cyclesOf(true);
          const stl = await cyclesOf(true);
          rows.push(`${ALGO_NAME[algo]} key ${kl} msg ${n}: session ${sess}, stateless ${stl} cycles`);
          expect(sess, `${ALGO_NAME[algo]} key ${kl} msg ${n}: session < stateless`).toBeLessThan(stl);
          // the saved work is the K0 ^ ipad and K0 ^ opad blocks (+ the key hash for a long key);
          // part of the ipad block used to hide behind the message fetch, so ask for one block
          expect(stl - sess, `${ALGO_NAME[algo]} key ${kl} msg ${n}: saving ≥ one block (${blockCycles(algo)} cycles)`).toBeGreaterThanOrEqual(
            blockCycles(algo),
          );
        }
        expect(await destroySession(dev, C.SERVICE.MAC, cs.sessionId)).toBe(C.STATUS.OK);
      }
    }
    console.log(rows.join('\n'));
  });
});
