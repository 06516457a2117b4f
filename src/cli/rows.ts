// The regression matrix as data: every service × algorithm × key size × mode × layout
// (design.md "Request semantics of every service"). A new service adds rows here and a runner in
// regress.ts.

import {
  AEAD_ALGO_NAMES,
  AES_KEY_BITS,
  AES_XTS_KEY_SIZES,
  BITS_PER_BYTE,
  CIPHER_ALGO_NAMES,
  HASH_ALGO_NAMES,
  HMAC_ALGO_NAMES,
  ROW_PROFILE,
  type AlgoName,
  type RowProfileName,
} from '../constants/crypto.ts';

export type RowMode = 'session' | 'stateless';
export type RowLayout = 'legacy' | 'rev1';
export type RowService = 'cipher' | 'hash' | 'mac' | 'aead' | 'chain';

export interface RowSpec {
  service: RowService;
  /**
   * The JSONL algorithm name (`aes-cbc`, `sha256`, `hmac-sha1`, `cmac-aes`, `aes-gcm`, …); chain
   * rows join the cipher and the hash/HMAC name with `+` (`aes-cbc+hmac-sha256`).
   */
  algo: string;
  /** cipher / CMAC / AEAD key bits (XTS: key1 ‖ key2); 0 = no key (hash) or every key length (HMAC, D15) */
  keyBits: number;
  mode: RowMode;
  layout: RowLayout;
  /** features to negotiate for this row (rows with equal features share a device) */
  features: bigint;
  /** profile name (for messages) */
  profile: string;
}

/** The stateless profile of each row service (D1: the service's own stateless bit). */
const STATELESS_PROFILE: Record<RowService, RowProfileName> = {
  cipher: 'cipherStateless',
  chain: 'cipherStateless',
  hash: 'hashStateless',
  mac: 'macStateless',
  aead: 'aeadStateless',
};

/** The three layout/mode combinations of D1 (stateless rows use REVISION_1 + the service's stateless bit). */
export const LAYOUT_MODES: readonly { mode: RowMode; layout: RowLayout; profile: 'legacy' | 'rev1' | 'stateless' }[] = [
  { mode: 'session', layout: 'legacy', profile: 'legacy' },
  { mode: 'session', layout: 'rev1', profile: 'rev1' },
  { mode: 'stateless', layout: 'rev1', profile: 'stateless' },
];

/** Cipher algorithms in the regression. */
export const CIPHER_ROW_ALGOS: readonly AlgoName[] = CIPHER_ALGO_NAMES;
/** Hash algorithms (hash rows, and chain rows with hash_mode PLAIN). */
export const HASH_ROW_ALGOS: readonly AlgoName[] = HASH_ALGO_NAMES;
/** MAC algorithms (HMAC rows also chain with hash_mode AUTH). */
export const HMAC_ROW_ALGOS: readonly AlgoName[] = HMAC_ALGO_NAMES;
export const AEAD_ROW_ALGOS: readonly AlgoName[] = AEAD_ALGO_NAMES;

/** Key sizes of a cipher algorithm, in bits. */
export function cipherKeyBits(algo: string): readonly number[] {
  return algo === 'aes-xts' ? AES_XTS_KEY_SIZES.map((b) => b * BITS_PER_BYTE) : AES_KEY_BITS;
}

/** service / algo / keyBits triples of one layout-mode. */
export function rowKinds(): { service: RowService; algo: string; keyBits: number }[] {
  const k: { service: RowService; algo: string; keyBits: number }[] = [];
  for (const algo of CIPHER_ROW_ALGOS) for (const keyBits of cipherKeyBits(algo)) k.push({ service: 'cipher', algo, keyBits });
  for (const algo of HASH_ROW_ALGOS) k.push({ service: 'hash', algo, keyBits: 0 });
  for (const algo of HMAC_ROW_ALGOS) k.push({ service: 'mac', algo, keyBits: 0 });
  for (const keyBits of AES_KEY_BITS) k.push({ service: 'mac', algo: 'cmac-aes', keyBits });
  for (const algo of AEAD_ROW_ALGOS) for (const keyBits of AES_KEY_BITS) k.push({ service: 'aead', algo, keyBits });
  for (const c of CIPHER_ROW_ALGOS)
    for (const h of [...HASH_ROW_ALGOS, ...HMAC_ROW_ALGOS])
      for (const keyBits of cipherKeyBits(c)) k.push({ service: 'chain', algo: `${c}+${h}`, keyBits });
  return k;
}

export function defaultRows(): RowSpec[] {
  const rows: RowSpec[] = [];
  for (const lm of LAYOUT_MODES)
    for (const k of rowKinds()) {
      const profile = lm.profile === 'stateless' ? STATELESS_PROFILE[k.service] : lm.profile;
      rows.push({ ...k, mode: lm.mode, layout: lm.layout, features: ROW_PROFILE[profile], profile });
    }
  return rows;
}
