// Device profiles of the regression and the kind deck (service × algorithm × key size).
//
// Each profile is one device opened with its feature set; every request's layout follows the
// negotiated features (D1/D2). Together the profiles give every mode × layout combination:
//   legacy    no crypto bits                     session / legacy 72-byte layouts
//   rev1      REVISION_1                         session / natural-size flf
//   stateless REVISION_1 + every stateless bit   session (D2: stateless flf, SESSION_MODE) and stateless
//   mixed     REVISION_1 + CIPHER/AEAD stateless, without INDIRECT_DESC and EVENT_IDX: cipher, chain
//             and AEAD on the stateless flf, hash and MAC on the REVISION_1 flf (the layout follows
//             each service's own bit, D1); indirect chains without the feature (D20)

import {
  AEAD_ALGO_NAMES,
  ALGO_NAME,
  AES_KEY_BITS,
  BITS_PER_BYTE,
  CIPHER_ALGO_NAMES,
  DEVICE_LIMITS,
  FEATURE,
  HMAC_HASH,
  SHA_INFO,
  FEATURE_PROFILE,
  HASH_ALGO_NAMES,
  HMAC_ALGO_NAMES,
  SERVICE,
  SYM_HASH_MODE,
  type AlgoName,
} from '../constants/crypto.ts';
import { cipherKeyBits } from '../cli/rows.ts';
import { selectCtrlLayout, selectDataLayout, type CtrlLayout, type DataLayout, type RequestMode } from '../crypto/structs.ts';
import type { Kind, ML, Svc } from './types.ts';

export type ProfileName = 'legacy' | 'rev1' | 'stateless' | 'mixed';

export interface Profile {
  name: ProfileName;
  features: bigint;
  what: string;
}

export const PROFILES: readonly Profile[] = [
  { name: 'legacy', features: FEATURE_PROFILE.legacy, what: 'no crypto feature bits: legacy 72-byte layouts' },
  { name: 'rev1', features: FEATURE_PROFILE.rev1, what: 'REVISION_1: natural-size flf' },
  { name: 'stateless', features: FEATURE_PROFILE.all, what: 'REVISION_1 + every stateless bit (D2)' },
  {
    name: 'mixed',
    features: FEATURE.VERSION_1 | FEATURE.REVISION_1 | FEATURE.CIPHER_STATELESS_MODE | FEATURE.AEAD_STATELESS_MODE,
    what: 'REVISION_1 + CIPHER/AEAD stateless, no INDIRECT_DESC / EVENT_IDX (D1 per service, D20)',
  },
];

export function profileByName(name: string): Profile {
  const p = PROFILES.find((x) => x.name === name);
  if (!p) throw new Error(`unknown profile ${name} (${PROFILES.map((x) => x.name).join(', ')})`);
  return p;
}

/** Service number whose feature bit / layout a request of `svc` follows (chain: CIPHER). */
export const SVC_SERVICE: Record<Svc, number> = {
  cipher: SERVICE.CIPHER,
  chain: SERVICE.CIPHER,
  hash: SERVICE.HASH,
  mac: SERVICE.MAC,
  aead: SERVICE.AEAD,
};

export const SVCS: readonly Svc[] = ['cipher', 'hash', 'mac', 'aead', 'chain'];

export function dataLayoutOf(features: bigint, svc: Svc): DataLayout {
  return selectDataLayout(features, SVC_SERVICE[svc]);
}

export function ctrlLayoutOf(features: bigint): CtrlLayout {
  return selectCtrlLayout(features);
}

export function mlOf(mode: RequestMode, layout: DataLayout): ML {
  if (mode === 'stateless') return 'stateless';
  return `session-${layout}` as ML;
}

/** Modes a service can use on a device: session always; stateless with the service's stateless bit (D1). */
export function modesOf(features: bigint, svc: Svc): RequestMode[] {
  return dataLayoutOf(features, svc) === 'stateless' ? ['session', 'stateless'] : ['session'];
}

// ------------------------------------------------------------------ kinds

/** HMAC key classes (D15): empty, shorter than the block, exactly the block, longer (hashed first). */
export const HMAC_KEY_CLASSES = ['k0', 'short', 'block', 'long'] as const;
export type HmacKeyClass = (typeof HMAC_KEY_CLASSES)[number];

function num(name: string): number {
  return ALGO_NAME[name as AlgoName].algo;
}

function buildKinds(): Kind[] {
  const k: Kind[] = [];
  for (const algo of CIPHER_ALGO_NAMES)
    for (const bits of cipherKeyBits(algo)) k.push({ svc: 'cipher', algo, key: String(bits), algoNum: num(algo), keyLen: bits / BITS_PER_BYTE });
  for (const algo of HASH_ALGO_NAMES) k.push({ svc: 'hash', algo, key: '-', algoNum: num(algo), keyLen: 0 });
  for (const algo of HMAC_ALGO_NAMES)
    for (const c of HMAC_KEY_CLASSES) {
      // D15: 'long' keys (hashed first) exist only where the block is shorter than max_auth_key_len
      const block = SHA_INFO[HMAC_HASH[num(algo)]!]!.blockLen;
      if (c === 'long' && block >= DEVICE_LIMITS.MAX_AUTH_KEY_LEN) continue;
      k.push({ svc: 'mac', algo, key: c, algoNum: num(algo), keyLen: 0 });
    }
  for (const bits of AES_KEY_BITS) k.push({ svc: 'mac', algo: 'cmac-aes', key: String(bits), algoNum: num('cmac-aes'), keyLen: bits / BITS_PER_BYTE });
  for (const algo of AEAD_ALGO_NAMES)
    for (const bits of AES_KEY_BITS) k.push({ svc: 'aead', algo, key: String(bits), algoNum: num(algo), keyLen: bits / BITS_PER_BYTE });
  for (const c of CIPHER_ALGO_NAMES)
    for (const h of [...HASH_ALGO_NAMES, ...HMAC_ALGO_NAMES])
      for (const bits of cipherKeyBits(c)) {
        const auth = ALGO_NAME[h as AlgoName].service === SERVICE.MAC;
        k.push({
          svc: 'chain',
          algo: `${c}+${h}`,
          key: String(bits),
          algoNum: num(c),
          keyLen: bits / BITS_PER_BYTE,
          hashAlgo: num(h),
          hashMode: auth ? SYM_HASH_MODE.AUTH : SYM_HASH_MODE.PLAIN,
        });
      }
  return k;
}

/** Every service × algorithm × key size the device supports (design.md "Supported"). */
export const KINDS: readonly Kind[] = buildKinds();

/**
 * Copies of each kind in a deck: the chain kinds (110 of them) would otherwise be 70 % of all
 * requests. With these weights each round of the deck is ~40 % chain.
 */
export const DECK_WEIGHT: Record<Svc, number> = { cipher: 4, hash: 6, mac: 2, aead: 6, chain: 1 };

export function kindLabel(k: Kind): string {
  return `${k.svc} ${k.algo} key=${k.key}`;
}
