// The regression matrix as data: later services add rows (and a runner in regress.ts).

import { AES_KEY_BITS, FEATURE_PROFILE, type CipherAlgoName } from '../constants/crypto.ts';

export type RowMode = 'session' | 'stateless';
export type RowLayout = 'legacy' | 'rev1';
export type RowService = 'cipher';

export interface RowSpec {
  service: RowService;
  algo: CipherAlgoName;
  keyBits: number;
  mode: RowMode;
  layout: RowLayout;
  /** features to negotiate for this row (rows with equal features share a device) */
  features: bigint;
  /** profile name (for messages) */
  profile: string;
}

/** The three layout/mode combinations of D1. */
export const LAYOUT_MODES: readonly { mode: RowMode; layout: RowLayout; profile: keyof typeof FEATURE_PROFILE }[] = [
  { mode: 'session', layout: 'legacy', profile: 'legacy' },
  { mode: 'session', layout: 'rev1', profile: 'rev1' },
  { mode: 'stateless', layout: 'rev1', profile: 'cipherStateless' },
];

/** Cipher algorithms in the regression (add AES_ECB, AES_CTR, AES_XTS … here). */
export const CIPHER_ROW_ALGOS: readonly CipherAlgoName[] = ['AES_CBC'];

export function defaultRows(): RowSpec[] {
  const rows: RowSpec[] = [];
  for (const lm of LAYOUT_MODES)
    for (const algo of CIPHER_ROW_ALGOS)
      for (const keyBits of AES_KEY_BITS)
        rows.push({ service: 'cipher', algo, keyBits, mode: lm.mode, layout: lm.layout, features: FEATURE_PROFILE[lm.profile], profile: lm.profile });
  return rows;
}
