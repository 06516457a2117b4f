// Driver profiles (`vcrypto run --profile linux|dpdk|rev1|packed`): the feature sets and request
// habits of the real drivers of fact sheet §7, and the sizes of each profile's run.
import { FEATURE_BIT, featureMask } from './virtio.ts';

const f = (...bits: number[]): bigint => bits.reduce((m, b) => m | featureMask(b), 0n);

/** Names of the driver profiles, in the order `make run` shows them. */
export const DRIVER_PROFILE_NAMES = ['linux', 'dpdk', 'rev1', 'packed'] as const;
export type DriverProfileName = (typeof DRIVER_PROFILE_NAMES)[number];

/** Pseudo-profile name of the service × algorithm × key × mode × layout matrix of `vcrypto run`. */
export const MATRIX_SECTION = 'matrix';

/**
 * Features each driver accepts (intersected with the offer at negotiation).
 * - linux: `vring_transport_features` + `vp_transport_features` (fact sheet §2): no crypto bits,
 *   so the legacy 72-byte layouts; the ring core takes packed rings, event index, notification
 *   data and queue reset when offered. No IN_ORDER.
 * - dpdk: the new crypto_virtio PMD (§7.3): IN_ORDER, packed ring, notification data, indirect.
 * - rev1: REVISION_1 and every stateless bit (D1/D2) on the split ring.
 * - packed: the packed ring with event index (DESC event suppression) and notification data.
 */
export const DRIVER_PROFILE_FEATURES: Readonly<Record<DriverProfileName, bigint>> = {
  linux: f(
    FEATURE_BIT.VERSION_1,
    FEATURE_BIT.INDIRECT_DESC,
    FEATURE_BIT.EVENT_IDX,
    FEATURE_BIT.ACCESS_PLATFORM,
    FEATURE_BIT.RING_PACKED,
    FEATURE_BIT.ORDER_PLATFORM,
    FEATURE_BIT.NOTIFICATION_DATA,
    FEATURE_BIT.RING_RESET,
  ),
  dpdk: f(
    FEATURE_BIT.VERSION_1,
    FEATURE_BIT.IN_ORDER,
    FEATURE_BIT.RING_PACKED,
    FEATURE_BIT.NOTIFICATION_DATA,
    FEATURE_BIT.INDIRECT_DESC,
    FEATURE_BIT.ORDER_PLATFORM,
  ),
  rev1: f(
    FEATURE_BIT.VERSION_1,
    FEATURE_BIT.INDIRECT_DESC,
    FEATURE_BIT.EVENT_IDX,
    FEATURE_BIT.REVISION_1,
    FEATURE_BIT.CIPHER_STATELESS_MODE,
    FEATURE_BIT.HASH_STATELESS_MODE,
    FEATURE_BIT.MAC_STATELESS_MODE,
    FEATURE_BIT.AEAD_STATELESS_MODE,
  ),
  packed: f(FEATURE_BIT.VERSION_1, FEATURE_BIT.RING_PACKED, FEATURE_BIT.EVENT_IDX, FEATURE_BIT.NOTIFICATION_DATA, FEATURE_BIT.INDIRECT_DESC),
};

/** Transport bits a profile must have negotiated, or its section fails ("not negotiated"). */
export const DRIVER_PROFILE_REQUIRED: Readonly<Record<DriverProfileName, bigint>> = {
  linux: f(FEATURE_BIT.VERSION_1),
  dpdk: f(FEATURE_BIT.VERSION_1, FEATURE_BIT.IN_ORDER, FEATURE_BIT.RING_PACKED),
  rev1: DRIVER_PROFILE_FEATURES.rev1,
  packed: f(FEATURE_BIT.VERSION_1, FEATURE_BIT.RING_PACKED, FEATURE_BIT.EVENT_IDX, FEATURE_BIT.NOTIFICATION_DATA),
};

/** The Linux virtio_crypto skcipher (`cbc(aes)`) habits (§7.1). */
export const LINUX_PROFILE = {
  /** requests per key and direction, submitted together on data queue 0 (the crypto engine queue) */
  REQUESTS_PER_KEY: 24,
  /** message length in AES blocks: 1..this */
  MAX_BLOCKS: 96,
  /** a scatterlist entry never crosses a page */
  PAGE_SIZE: 4096,
  /** scatterlist entries of one src / dst: 1..this (cut at random offsets, and at page boundaries) */
  MAX_SG_ENTRIES: 4,
  /** keys per key size: every further key is a `setkey` that destroys both old sessions first */
  KEYS: 2,
} as const;

/** The DPDK crypto_virtio PMD habits (§7.3). */
export const DPDK_PROFILE = {
  /** requests per burst and queue pair (rte_cryptodev_enqueue_burst) */
  BURST: 16,
  /** queue pairs used (data queues 0..QUEUE_PAIRS-1, limited to what the device has) */
  QUEUE_PAIRS: 2,
  /** bursts per row */
  BURSTS: 2,
  /** message length in AES blocks: 1..this */
  MAX_BLOCKS: 64,
  /** HMAC-SHA1 digest lengths used (full and the IPsec-truncated 96-bit ICV) */
  DIGEST_LENS: [20, 12] as readonly number[],
  /** HMAC-SHA1 auth key length */
  AUTH_KEY_LEN: 20,
  /** bytes of associated data hashed ahead of the range (ESP header + IV style) */
  AAD_LEN: 24,
  /** queue size of the profile's device (packed rings take any size) */
  QUEUE_SIZE: 48,
} as const;

/** Requests of the regression-engine profiles (rev1 and packed), and the packed ring sizes. */
export const DRIVER_PROFILE_RUN = {
  REV1_REQUESTS: 1000,
  PACKED_REQUESTS: 1500,
  /** packed rings need not be powers of two: an odd and a small size */
  PACKED_QUEUE_SIZES: [100, 37] as readonly number[],
} as const;
