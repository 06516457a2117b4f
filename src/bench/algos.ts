// The algorithm rows of `vcrypto bench` and, for each, how to build requests and check them
// against the reference model (src/ref). Every request of a batch is checked: a configuration
// uses two request variants (different data, IV/nonce), whose expected answers the model
// computes once each.
import {
  AEAD_ALGO,
  ALG_CHAIN_ORDER,
  CIPHER_ALGO,
  CIPHER_OP,
  CMAC_TAG_LEN,
  GCM,
  HASH_ALGO,
  MAC_ALGO,
  SERVICE,
  STATUS,
  SYM_HASH_MODE,
  statusName,
} from '../constants/crypto.ts';
import { aeadRequest } from '../crypto/aead.ts';
import { chainRequest } from '../crypto/chain.ts';
import { cipherRequest } from '../crypto/cipher.ts';
import type { DeviceLike } from '../crypto/device.ts';
import { hashRequest, macRequest } from '../crypto/hash.ts';
import { Rng } from '../crypto/rng.ts';
import {
  createAeadSession,
  createChainSession,
  createCipherSession,
  createHashSession,
  createMacSession,
  destroySession,
  type CreateSessionResult,
} from '../crypto/session.ts';
import {
  equalBytes,
  expectAead,
  expectChain,
  expectCipher,
  expectHash,
  expectMac,
  hashDigestLen,
  macDigestLen,
} from '../ref/index.ts';
import type { AlgoSpec } from './types.ts';

/** Fixed request parameters (reported in params). */
export const BENCH_REQ = {
  AES_IV_BYTES: 16,
  AEAD_AAD_BYTES: 0,
  AEAD_TAG_BYTES: GCM.MAX_TAG_LEN,
  GCM_IV_BYTES: GCM.FAST_IV_LEN,
  CCM_NONCE_BYTES: 12,
  HMAC_KEY_BYTES: 32,
  /** request variants per configuration (distinct data; each checked against the model) */
  VARIANTS: 2,
} as const;

const CIPHER_MODES = [
  { algo: 'aes-ecb', num: CIPHER_ALGO.AES_ECB, op: 'encrypt', label: 'ECB' },
  { algo: 'aes-cbc-enc', num: CIPHER_ALGO.AES_CBC, op: 'encrypt', label: 'CBC-enc' },
  { algo: 'aes-cbc-dec', num: CIPHER_ALGO.AES_CBC, op: 'decrypt', label: 'CBC-dec' },
  { algo: 'aes-ctr', num: CIPHER_ALGO.AES_CTR, op: 'encrypt', label: 'CTR' },
  { algo: 'aes-xts', num: CIPHER_ALGO.AES_XTS, op: 'encrypt', label: 'XTS' },
] as const;

const AEAD_MODES = [
  { algo: 'aes-gcm', num: AEAD_ALGO.GCM, label: 'GCM' },
  { algo: 'aes-ccm', num: AEAD_ALGO.CCM, label: 'CCM' },
] as const;

const HASHES = [
  { algo: 'sha1', num: HASH_ALGO.SHA1, label: 'SHA-1' },
  { algo: 'sha256', num: HASH_ALGO.SHA_256, label: 'SHA-256' },
  { algo: 'sha512', num: HASH_ALGO.SHA_512, label: 'SHA-512' },
] as const;

/** Every row of the full matrix, in report order. */
export function allAlgos(): AlgoSpec[] {
  const out: AlgoSpec[] = [];
  for (const kb of [128, 256]) {
    for (const m of CIPHER_MODES) out.push({ id: `${m.algo}-${kb}`, service: 'cipher', algo: m.algo, keyBits: kb, op: m.op, label: `AES-${kb}-${m.label}` });
    for (const m of AEAD_MODES) out.push({ id: `${m.algo}-${kb}`, service: 'aead', algo: m.algo, keyBits: kb, op: 'encrypt', label: `AES-${kb}-${m.label}` });
  }
  for (const h of HASHES) out.push({ id: h.algo, service: 'hash', algo: h.algo, keyBits: 0, op: 'none', label: h.label });
  out.push({ id: 'hmac-sha256', service: 'mac', algo: 'hmac-sha256', keyBits: 0, op: 'none', label: 'HMAC-SHA256' });
  out.push({ id: 'cmac-aes-128', service: 'mac', algo: 'cmac-aes', keyBits: 128, op: 'none', label: 'CMAC-AES-128' });
  out.push({ id: 'aes-cbc+hmac-sha256-128', service: 'chain', algo: 'aes-cbc+hmac-sha256', keyBits: 128, op: 'encrypt', label: 'AES-128-CBC+HMAC-SHA256' });
  return out;
}

/** The `--quick` rows: the target configurations plus a hash and a MAC. */
export const QUICK_ALGO_IDS = ['aes-ecb-128', 'aes-cbc-enc-128', 'aes-ctr-128', 'aes-xts-128', 'aes-gcm-128', 'sha256', 'hmac-sha256'] as const;

export function algoById(id: string): AlgoSpec {
  const a = allAlgos().find((x) => x.id === id);
  if (!a) throw new Error(`unknown bench algorithm ${id}`);
  return a;
}

/** One request of a batch: submit it on a queue, compare the answer with the model. */
export interface Job {
  /** payload bytes (src length) */
  bytes: number;
  /** resolves with undefined when the answer matches the reference model, else a description */
  run(dev: DeviceLike, queue: number): Promise<string | undefined>;
}

/** A row's session(s) on one device. */
export interface Workload {
  spec: AlgoSpec;
  /** `count` requests of `bytes` bytes, cycling through the configuration's variants */
  jobs(bytes: number, count: number): Job[];
  /** destroy the session (status must be OK) */
  close(): Promise<void>;
}

function mustCreate(what: string, r: CreateSessionResult): bigint {
  if (r.status !== STATUS.OK) throw new Error(`bench: creating the ${what} session failed with status ${statusName(r.status)}`);
  return r.sessionId;
}

function mismatch(label: string, bytes: number, what: string, status: number, expStatus: number): string | undefined {
  if (status !== expStatus) return `${label} ${bytes} B: status ${statusName(status)}, expected ${statusName(expStatus)}`;
  return `${label} ${bytes} B: ${what} differs from the reference model`;
}

/** AES key of `keyBits` (XTS: key1 ‖ key2, two distinct keys of that size, D11). */
function aesKey(rng: Rng, spec: AlgoSpec): Uint8Array {
  const n = spec.keyBits / 8;
  if (spec.algo !== 'aes-xts') return rng.bytes(n);
  const k = rng.bytes(2 * n);
  k[n] = k[0]! ^ 0xff; // key2 ≠ key1
  return k;
}

type VariantFactory = (bytes: number, rng: Rng) => Job;

/** Build the jobs of a configuration from `VARIANTS` variants made by `make`. */
function cycleJobs(make: VariantFactory, rng: Rng, bytes: number, count: number): Job[] {
  const variants = Array.from({ length: Math.min(BENCH_REQ.VARIANTS, Math.max(1, count)) }, () => make(bytes, rng));
  return Array.from({ length: count }, (_, i) => variants[i % variants.length]!);
}

/** Create the row's session on `dev` and return its request factory. */
export async function prepareWorkload(dev: DeviceLike, spec: AlgoSpec, seed: string): Promise<Workload> {
  const rng = new Rng(`${seed}/${spec.id}`);
  let make: VariantFactory;
  let destroyService: number;
  let sessionId: bigint;
  switch (spec.service) {
    case 'cipher': {
      const mode = CIPHER_MODES.find((m) => m.algo === spec.algo)!;
      const key = aesKey(rng, spec);
      sessionId = mustCreate(spec.label, await createCipherSession(dev, { algo: mode.num, key, op: mode.op }));
      destroyService = SERVICE.CIPHER;
      const id = sessionId;
      make = (bytes, r) => {
        const iv = r.bytes(BENCH_REQ.AES_IV_BYTES);
        const src = r.bytes(bytes);
        const e = expectCipher({ algo: mode.num, op: mode.op, key, iv, src });
        if (e.status !== STATUS.OK) throw new Error(`bench: the model rejects ${spec.label} ${bytes} B (${e.rule})`);
        return {
          bytes,
          run: async (d, queue) => {
            const res = await cipherRequest(d, { queue, op: mode.op, iv, src, sessionId: id });
            return res.status === e.status && equalBytes(res.dst, e.dst) ? undefined : mismatch(spec.label, bytes, 'dst', res.status, e.status);
          },
        };
      };
      break;
    }
    case 'aead': {
      const mode = AEAD_MODES.find((m) => m.algo === spec.algo)!;
      const key = aesKey(rng, spec);
      const tagLen = BENCH_REQ.AEAD_TAG_BYTES;
      const aad = new Uint8Array(BENCH_REQ.AEAD_AAD_BYTES);
      sessionId = mustCreate(spec.label, await createAeadSession(dev, { algo: mode.num, key, tagLen, aadLen: aad.length, op: 'encrypt' }));
      destroyService = SERVICE.AEAD;
      const id = sessionId;
      const ivLen = mode.num === AEAD_ALGO.GCM ? BENCH_REQ.GCM_IV_BYTES : BENCH_REQ.CCM_NONCE_BYTES;
      make = (bytes, r) => {
        const iv = r.bytes(ivLen);
        const src = r.bytes(bytes);
        const e = expectAead({ algo: mode.num, op: 'encrypt', key, iv, aad, src, tagLen });
        if (e.status !== STATUS.OK) throw new Error(`bench: the model rejects ${spec.label} ${bytes} B (${e.rule})`);
        return {
          bytes,
          run: async (d, queue) => {
            const res = await aeadRequest(d, { queue, op: 'encrypt', iv, aad, src, tagLen, sessionId: id });
            return res.status === e.status && equalBytes(res.dst, e.output) ? undefined : mismatch(spec.label, bytes, 'ct ‖ tag', res.status, e.status);
          },
        };
      };
      break;
    }
    case 'hash': {
      const h = HASHES.find((x) => x.algo === spec.algo)!;
      const hashResultLen = hashDigestLen(h.num)!;
      sessionId = mustCreate(spec.label, await createHashSession(dev, { algo: h.num, hashResultLen }));
      destroyService = SERVICE.HASH;
      const id = sessionId;
      make = (bytes, r) => {
        const src = r.bytes(bytes);
        const e = expectHash({ algo: h.num, src, hashResultLen });
        return {
          bytes,
          run: async (d, queue) => {
            const res = await hashRequest(d, { queue, src, hashResultLen, sessionId: id });
            return res.status === e.status && equalBytes(res.result, e.output) ? undefined : mismatch(spec.label, bytes, 'digest', res.status, e.status);
          },
        };
      };
      break;
    }
    case 'mac': {
      const cmac = spec.algo === 'cmac-aes';
      const algo = cmac ? MAC_ALGO.CMAC_AES : MAC_ALGO.HMAC_SHA_256;
      const key = rng.bytes(cmac ? spec.keyBits / 8 : BENCH_REQ.HMAC_KEY_BYTES);
      const hashResultLen = cmac ? CMAC_TAG_LEN : macDigestLen(algo)!;
      sessionId = mustCreate(spec.label, await createMacSession(dev, { algo, hashResultLen, authKey: key }));
      destroyService = SERVICE.MAC;
      const id = sessionId;
      make = (bytes, r) => {
        const src = r.bytes(bytes);
        const e = expectMac({ algo, key, src, hashResultLen });
        return {
          bytes,
          run: async (d, queue) => {
            const res = await macRequest(d, { queue, src, hashResultLen, sessionId: id });
            return res.status === e.status && equalBytes(res.result, e.output) ? undefined : mismatch(spec.label, bytes, 'MAC', res.status, e.status);
          },
        };
      };
      break;
    }
    case 'chain': {
      const cipherKey = rng.bytes(spec.keyBits / 8);
      const authKey = rng.bytes(BENCH_REQ.HMAC_KEY_BYTES);
      const hashAlgo = MAC_ALGO.HMAC_SHA_256;
      const hashResultLen = macDigestLen(hashAlgo)!;
      const aad = new Uint8Array(BENCH_REQ.AEAD_AAD_BYTES);
      const order = ALG_CHAIN_ORDER.CIPHER_THEN_HASH;
      const hashMode = SYM_HASH_MODE.AUTH;
      sessionId = mustCreate(
        spec.label,
        await createChainSession(dev, {
          algChainOrder: order,
          hashMode,
          cipherAlgo: CIPHER_ALGO.AES_CBC,
          cipherKey,
          cipherOp: CIPHER_OP.ENCRYPT,
          hashAlgo,
          hashResultLen,
          authKey,
          aadLen: aad.length,
        }),
      );
      destroyService = SERVICE.CIPHER;
      const id = sessionId;
      make = (bytes, r) => {
        const iv = r.bytes(BENCH_REQ.AES_IV_BYTES);
        const src = r.bytes(bytes);
        const e = expectChain({
          order,
          hashMode,
          cipherAlgo: CIPHER_ALGO.AES_CBC,
          cipherOp: 'encrypt',
          cipherKey,
          hashAlgo,
          authKey,
          hashResultLen,
          iv,
          aad,
          src,
          cipherStart: 0,
          lenToCipher: bytes,
          hashStart: 0,
          lenToHash: bytes,
        });
        if (e.status !== STATUS.OK) throw new Error(`bench: the model rejects ${spec.label} ${bytes} B (${e.rule})`);
        return {
          bytes,
          run: async (d, queue) => {
            const res = await chainRequest(d, { queue, op: 'encrypt', iv, aad, src, hashResultLen, sessionId: id });
            const ok = res.status === e.status && equalBytes(res.dst, e.output) && equalBytes(res.hashResult, e.hashResult ?? new Uint8Array(0));
            return ok ? undefined : mismatch(spec.label, bytes, 'dst / hash_result', res.status, e.status);
          },
        };
      };
      break;
    }
  }
  const service = destroyService;
  const id = sessionId;
  return {
    spec,
    jobs: (bytes, count) => cycleJobs(make, rng, bytes, count),
    close: async () => {
      const st = await destroySession(dev, service, id);
      if (st !== STATUS.OK) throw new Error(`bench: destroying the ${spec.label} session failed with status ${statusName(st)}`);
    },
  };
}
