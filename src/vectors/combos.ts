// The (mode, layout) combinations a vector run uses, and the features each device negotiates (D1).
import { FEATURE, FEATURE_PROFILE } from '../constants/crypto.ts';

export type VectorMode = 'session' | 'stateless';
export type VectorLayout = 'legacy' | 'rev1';

export interface Combo {
  mode: VectorMode;
  layout: VectorLayout;
  features: bigint;
}

/** REVISION_1 and the stateless bit of every service the device implements. */
export const STATELESS_ALL =
  FEATURE_PROFILE.rev1 | FEATURE.CIPHER_STATELESS_MODE | FEATURE.HASH_STATELESS_MODE | FEATURE.MAC_STATELESS_MODE | FEATURE.AEAD_STATELESS_MODE;

export const COMBOS: readonly Combo[] = [
  /** legacy 72-byte layouts: VERSION_1 | INDIRECT_DESC | EVENT_IDX, no crypto bits */
  { mode: 'session', layout: 'legacy', features: FEATURE_PROFILE.legacy },
  /** + REVISION_1 */
  { mode: 'session', layout: 'rev1', features: FEATURE_PROFILE.rev1 },
  /** + REVISION_1 + CIPHER/HASH/MAC/AEAD stateless */
  { mode: 'stateless', layout: 'rev1', features: STATELESS_ALL },
];

export const comboName = (c: { mode: string; layout: string }): string => `${c.mode}/${c.layout}`;

/**
 * The combinations for `--mode` / `--layout`. Defaults: both modes; session in both layouts,
 * stateless in rev1 (stateless requests need REVISION_1 and the stateless bits). An explicit
 * `--mode stateless --layout legacy` is an error; `--mode both --layout legacy` runs session only.
 */
export function selectCombos(mode: 'session' | 'stateless' | 'both' = 'both', layout?: VectorLayout): Combo[] {
  if (mode === 'stateless' && layout === 'legacy') throw new Error('stateless mode needs the REVISION_1 layout (--layout rev1)');
  return COMBOS.filter((c) => (mode === 'both' || c.mode === mode) && (layout === undefined || c.layout === layout));
}
