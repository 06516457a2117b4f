// virtio-crypto constants and struct layouts.
//
// Every value comes from the fact sheet (/work/shared/reference/virtio-crypto.md), section 4
// (constants), section 2 (feature bits) and section 5 (struct layouts, byte offsets verified
// there with offsetof/sizeof). Nothing else in src/ may hard-code one of these numbers.

// ------------------------------------------------------------------ 4.1 services
export const SERVICE = {
  CIPHER: 0,
  HASH: 1,
  MAC: 2,
  AEAD: 3,
  AKCIPHER: 4,
  /** spec 1.4 only */
  IPSEC: 5,
} as const;
export type ServiceName = keyof typeof SERVICE;
export type Service = (typeof SERVICE)[ServiceName];

// ------------------------------------------------------------------ 4.2 algorithms
export const CIPHER_ALGO = {
  NO_CIPHER: 0,
  ARC4: 1,
  AES_ECB: 2,
  AES_CBC: 3,
  AES_CTR: 4,
  DES_ECB: 5,
  DES_CBC: 6,
  '3DES_ECB': 7,
  '3DES_CBC': 8,
  '3DES_CTR': 9,
  KASUMI_F8: 10,
  SNOW3G_UEA2: 11,
  AES_F8: 12,
  AES_XTS: 13,
  ZUC_EEA3: 14,
} as const;
export type CipherAlgoName = keyof typeof CIPHER_ALGO;

export const HASH_ALGO = {
  NO_HASH: 0,
  MD5: 1,
  SHA1: 2,
  SHA_224: 3,
  SHA_256: 4,
  SHA_384: 5,
  SHA_512: 6,
  SHA3_224: 7,
  SHA3_256: 8,
  SHA3_384: 9,
  SHA3_512: 10,
  SHA3_SHAKE128: 11,
  SHA3_SHAKE256: 12,
} as const;
export type HashAlgoName = keyof typeof HASH_ALGO;

export const MAC_ALGO = {
  NO_MAC: 0,
  HMAC_MD5: 1,
  HMAC_SHA1: 2,
  HMAC_SHA_224: 3,
  HMAC_SHA_256: 4,
  HMAC_SHA_384: 5,
  HMAC_SHA_512: 6,
  CMAC_3DES: 25,
  CMAC_AES: 26,
  KASUMI_F9: 27,
  SNOW3G_UIA2: 28,
  GMAC_AES: 41,
  GMAC_TWOFISH: 42,
  CBCMAC_AES: 49,
  CBCMAC_KASUMI_F9: 50,
  XCBC_AES: 53,
  /** spec only (not in the Linux header) */
  ZUC_EIA3: 54,
} as const;
export type MacAlgoName = keyof typeof MAC_ALGO;

export const AEAD_ALGO = {
  NO_AEAD: 0,
  GCM: 1,
  CCM: 2,
  CHACHA20_POLY1305: 3,
} as const;
export type AeadAlgoName = keyof typeof AEAD_ALGO;

/** Spec numbering ([DIVERGENCE]: Linux has DSA 2, ECDSA 3). */
export const AKCIPHER_ALGO = {
  NO_AKCIPHER: 0,
  RSA: 1,
  ECDSA: 2,
} as const;
export type AkcipherAlgoName = keyof typeof AKCIPHER_ALGO;

/** Algorithm tables indexed by service number. */
export const ALGOS_BY_SERVICE: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  [SERVICE.CIPHER]: CIPHER_ALGO,
  [SERVICE.HASH]: HASH_ALGO,
  [SERVICE.MAC]: MAC_ALGO,
  [SERVICE.AEAD]: AEAD_ALGO,
  [SERVICE.AKCIPHER]: AKCIPHER_ALGO,
};

/** Bit numbers >= this go into the `_h` word of a 64-bit algorithm mask (config). */
export const ALGO_MASK_WORD_BITS = 32;

// ------------------------------------------------------------------ 4.3 misc enums
/** Cipher direction `op`. */
export const CIPHER_OP = {
  ENCRYPT: 1,
  DECRYPT: 2,
} as const;
export type CipherOpName = 'encrypt' | 'decrypt';

/** Symmetric `op_type`. */
export const SYM_OP = {
  NONE: 0,
  CIPHER: 1,
  ALGORITHM_CHAINING: 2,
} as const;

/** Chaining `hash_mode`. */
export const SYM_HASH_MODE = {
  PLAIN: 1,
  AUTH: 2,
  NESTED: 3,
} as const;

/** Chaining `alg_chain_order`. */
export const ALG_CHAIN_ORDER = {
  HASH_THEN_CIPHER: 1,
  CIPHER_THEN_HASH: 2,
} as const;

/** Data header `flag`. */
export const FLAG = {
  NONE: 0,
  SESSION_MODE: 1,
} as const;

/** Spec size macros (4.3). */
export const SPEC_SIZE = {
  CTRLQ_OP_SPEC_HDR_LEGACY: 56,
  DATAQ_OP_SPEC_HDR_LEGACY: 48,
  SYM_SESS_OP_SPEC_HDR_SIZE: 48,
  ALG_CHAIN_SESS_OP_SPEC_HDR_SIZE: 16,
  SYM_DATA_REQ_HDR_SIZE: 40,
  SYM_DATA_REQ_HDR_STATELESS_SIZE: 72,
  AKCIPHER_SESS_ALGO_SPEC_HDR_SIZE: 44,
} as const;

// ------------------------------------------------------------------ 4.4 opcodes
const OPCODE_SERVICE_SHIFT = 8;
/** VIRTIO_CRYPTO_OPCODE(service, op) = (service << 8) | op */
export function opcode(service: number, op: number): number {
  return (service << OPCODE_SERVICE_SHIFT) | op;
}

export const OPCODE = {
  CIPHER_ENCRYPT: 0x0000,
  CIPHER_DECRYPT: 0x0001,
  CIPHER_CREATE_SESSION: 0x0002,
  CIPHER_DESTROY_SESSION: 0x0003,
  HASH: 0x0100,
  HASH_CREATE_SESSION: 0x0102,
  HASH_DESTROY_SESSION: 0x0103,
  MAC: 0x0200,
  MAC_CREATE_SESSION: 0x0202,
  MAC_DESTROY_SESSION: 0x0203,
  AEAD_ENCRYPT: 0x0300,
  AEAD_DECRYPT: 0x0301,
  AEAD_CREATE_SESSION: 0x0302,
  AEAD_DESTROY_SESSION: 0x0303,
  AKCIPHER_ENCRYPT: 0x0400,
  AKCIPHER_DECRYPT: 0x0401,
  AKCIPHER_SIGN: 0x0402,
  AKCIPHER_VERIFY: 0x0403,
  AKCIPHER_CREATE_SESSION: 0x0404,
  AKCIPHER_DESTROY_SESSION: 0x0405,
  IPSEC_OUTBOUND: 0x0500,
  IPSEC_INBOUND: 0x0501,
} as const;

/** Service number of an opcode (its high byte). */
export function opcodeService(op: number): number {
  return op >>> OPCODE_SERVICE_SHIFT;
}

/** Create / destroy opcodes per session-capable service. */
export const CREATE_SESSION_OPCODE: Readonly<Record<number, number>> = {
  [SERVICE.CIPHER]: OPCODE.CIPHER_CREATE_SESSION,
  [SERVICE.HASH]: OPCODE.HASH_CREATE_SESSION,
  [SERVICE.MAC]: OPCODE.MAC_CREATE_SESSION,
  [SERVICE.AEAD]: OPCODE.AEAD_CREATE_SESSION,
  [SERVICE.AKCIPHER]: OPCODE.AKCIPHER_CREATE_SESSION,
};
export const DESTROY_SESSION_OPCODE: Readonly<Record<number, number>> = {
  [SERVICE.CIPHER]: OPCODE.CIPHER_DESTROY_SESSION,
  [SERVICE.HASH]: OPCODE.HASH_DESTROY_SESSION,
  [SERVICE.MAC]: OPCODE.MAC_DESTROY_SESSION,
  [SERVICE.AEAD]: OPCODE.AEAD_DESTROY_SESSION,
  [SERVICE.AKCIPHER]: OPCODE.AKCIPHER_DESTROY_SESSION,
};

// ------------------------------------------------------------------ 4.5 status codes
export const STATUS = {
  OK: 0,
  ERR: 1,
  BADMSG: 2,
  NOTSUPP: 3,
  INVSESS: 4,
  NOSPC: 5,
  KEY_REJECTED: 6,
  IPSEC_SA_SOFT_EXPIRY: 7,
} as const;
export type StatusName = keyof typeof STATUS;
export type Status = number;

export function statusName(s: number): string {
  for (const [k, v] of Object.entries(STATUS)) if (v === s) return k;
  return `UNKNOWN(${s})`;
}

// ------------------------------------------------------------------ 2 feature bits
/** Crypto device-type feature bit numbers (2.1). */
export const CRYPTO_FEATURE_BIT = {
  REVISION_1: 0,
  CIPHER_STATELESS_MODE: 1,
  HASH_STATELESS_MODE: 2,
  MAC_STATELESS_MODE: 3,
  AEAD_STATELESS_MODE: 4,
  AKCIPHER_STATELESS_MODE: 5,
} as const;

/** Transport feature bit numbers (2.2) used by the crypto test profiles. */
export const TRANSPORT_FEATURE_BIT = {
  INDIRECT_DESC: 28,
  EVENT_IDX: 29,
  VERSION_1: 32,
} as const;

const bit = (n: number): bigint => 1n << BigInt(n);

/** Feature masks (bigint). */
export const FEATURE = {
  REVISION_1: bit(CRYPTO_FEATURE_BIT.REVISION_1),
  CIPHER_STATELESS_MODE: bit(CRYPTO_FEATURE_BIT.CIPHER_STATELESS_MODE),
  HASH_STATELESS_MODE: bit(CRYPTO_FEATURE_BIT.HASH_STATELESS_MODE),
  MAC_STATELESS_MODE: bit(CRYPTO_FEATURE_BIT.MAC_STATELESS_MODE),
  AEAD_STATELESS_MODE: bit(CRYPTO_FEATURE_BIT.AEAD_STATELESS_MODE),
  AKCIPHER_STATELESS_MODE: bit(CRYPTO_FEATURE_BIT.AKCIPHER_STATELESS_MODE),
  INDIRECT_DESC: bit(TRANSPORT_FEATURE_BIT.INDIRECT_DESC),
  EVENT_IDX: bit(TRANSPORT_FEATURE_BIT.EVENT_IDX),
  VERSION_1: bit(TRANSPORT_FEATURE_BIT.VERSION_1),
} as const;

/** Stateless feature mask per service. */
export const STATELESS_FEATURE: Readonly<Record<number, bigint>> = {
  [SERVICE.CIPHER]: FEATURE.CIPHER_STATELESS_MODE,
  [SERVICE.HASH]: FEATURE.HASH_STATELESS_MODE,
  [SERVICE.MAC]: FEATURE.MAC_STATELESS_MODE,
  [SERVICE.AEAD]: FEATURE.AEAD_STATELESS_MODE,
  [SERVICE.AKCIPHER]: FEATURE.AKCIPHER_STATELESS_MODE,
};

/** Feature sets of the three regression layouts (D1). */
export const FEATURE_PROFILE = {
  /** What Linux/QEMU/DPDK negotiate: no crypto bits → legacy 72-byte layouts. */
  legacy: FEATURE.VERSION_1 | FEATURE.INDIRECT_DESC | FEATURE.EVENT_IDX,
  /** REVISION_1: natural-size flf structs. */
  rev1: FEATURE.VERSION_1 | FEATURE.INDIRECT_DESC | FEATURE.EVENT_IDX | FEATURE.REVISION_1,
  /** REVISION_1 + cipher stateless: stateless cipher flf. */
  cipherStateless:
    FEATURE.VERSION_1 | FEATURE.INDIRECT_DESC | FEATURE.EVENT_IDX | FEATURE.REVISION_1 |
    FEATURE.CIPHER_STATELESS_MODE,
  /** everything the device offers (design.md DEV_FEATURES). */
  all:
    FEATURE.VERSION_1 | FEATURE.INDIRECT_DESC | FEATURE.EVENT_IDX | FEATURE.REVISION_1 |
    FEATURE.CIPHER_STATELESS_MODE | FEATURE.HASH_STATELESS_MODE | FEATURE.MAC_STATELESS_MODE |
    FEATURE.AEAD_STATELESS_MODE,
} as const;

// ------------------------------------------------------------------ AES facts (FIPS-197, SP 800-38A)
export const AES_BLOCK_SIZE = 16;
/** Valid AES key sizes in bytes. */
export const AES_KEY_SIZES: readonly number[] = [16, 24, 32];
export const AES_KEY_BITS: readonly number[] = [128, 192, 256];
export const BITS_PER_BYTE = 8;
/** CBC IV / CTR initial counter block size (D10). */
export const AES_IV_SIZE = 16;
/** XTS: key1 ‖ key2 (D11). */
export const AES_XTS_KEY_SIZES: readonly number[] = [32, 64];

// ------------------------------------------------------------------ 5 struct layouts
/** Size of one scalar field in bytes. All multi-byte fields are little-endian. */
export type FieldSize = 1 | 4 | 8;
export interface FieldSpec {
  readonly off: number;
  readonly size: FieldSize;
}
export interface StructLayout<F extends string = string> {
  readonly name: string;
  /** natural size (sizeof) */
  readonly size: number;
  readonly fields: { readonly [K in F]: FieldSpec };
}

export const U8_SIZE = 1 as const;
export const U32_SIZE = 4 as const;
export const U64_SIZE = 8 as const;
const U8 = U8_SIZE;
const U32 = U32_SIZE;
const U64 = U64_SIZE;
const f = (off: number, size: FieldSize): FieldSpec => ({ off, size });
function layout<F extends string>(name: string, size: number, fields: { [K in F]: FieldSpec }): StructLayout<F> {
  return { name, size, fields };
}

/** Fixed parts of the legacy layouts (5.1, 5.2, 5.4). */
export const LEGACY = {
  /** ctrl op_flf padded to this size (= CTRLQ_OP_SPEC_HDR_LEGACY) */
  CTRL_FLF_SIZE: 56,
  /** whole legacy ctrl fixed part = Linux virtio_crypto_op_ctrl_req */
  CTRL_REQ_SIZE: 72,
  /** data op_flf padded to this size (= DATAQ_OP_SPEC_HDR_LEGACY) */
  DATA_FLF_SIZE: 48,
  /** whole legacy data fixed part = Linux virtio_crypto_op_data_req */
  DATA_REQ_SIZE: 72,
} as const;

// ---- control queue (5.2, 5.3)

/** virtio_crypto_ctrl_header (16). 4th word: spec `reserved`, Linux `queue_id`. */
export const CTRL_HEADER = layout('ctrl_header', 16, {
  opcode: f(0, U32),
  algo: f(4, U32),
  flag: f(8, U32),
  queueId: f(12, U32),
});

/** virtio_crypto_sym_create_session_flf with cipher_session_flf (56). */
export const CIPHER_CREATE_FLF = layout('sym_create_session_flf(cipher)', 56, {
  algo: f(0, U32),
  keyLen: f(4, U32),
  op: f(8, U32),
  padding: f(12, U32),
  opType: f(48, U32),
  padding2: f(52, U32),
});

/** virtio_crypto_sym_create_session_flf with alg_chain_session_flf (56). */
export const CHAIN_CREATE_FLF = layout('sym_create_session_flf(chain)', 56, {
  algChainOrder: f(0, U32),
  hashMode: f(4, U32),
  cipherAlgo: f(8, U32),
  cipherKeyLen: f(12, U32),
  cipherOp: f(16, U32),
  cipherPadding: f(20, U32),
  /** hash_param.algo or mac_param.algo */
  hashAlgo: f(24, U32),
  hashResultLen: f(28, U32),
  /** mac_param only (hash_param: padding) */
  authKeyLen: f(32, U32),
  algoPadding: f(36, U32),
  aadLen: f(40, U32),
  padding: f(44, U32),
  opType: f(48, U32),
  padding2: f(52, U32),
});

/** virtio_crypto_hash_create_session_flf (8). */
export const HASH_CREATE_FLF = layout('hash_create_session_flf', 8, {
  algo: f(0, U32),
  hashResultLen: f(4, U32),
});

/** virtio_crypto_mac_create_session_flf (16). */
export const MAC_CREATE_FLF = layout('mac_create_session_flf', 16, {
  algo: f(0, U32),
  hashResultLen: f(4, U32),
  authKeyLen: f(8, U32),
  padding: f(12, U32),
});

/** virtio_crypto_aead_create_session_flf (24). Legacy name of tagLen: hash_result_len. */
export const AEAD_CREATE_FLF = layout('aead_create_session_flf', 24, {
  algo: f(0, U32),
  keyLen: f(4, U32),
  tagLen: f(8, U32),
  aadLen: f(12, U32),
  op: f(16, U32),
  padding: f(20, U32),
});

/** virtio_crypto_destroy_session_flf (8). */
export const DESTROY_FLF = layout('destroy_session_flf', 8, {
  sessionId: f(0, U64),
});

/** virtio_crypto_session_input / create_session_input (16, device-writable). */
export const SESSION_INPUT = layout('session_input', 16, {
  sessionId: f(0, U64),
  status: f(8, U32),
  padding: f(12, U32),
});

/** virtio_crypto_inhdr / destroy_session_input (1, device-writable). */
export const INHDR = layout('inhdr', 1, {
  status: f(0, U8),
});

// ---- data queue (5.4, 5.5)

/** virtio_crypto_op_header (24). */
export const DATA_HEADER = layout('op_header', 24, {
  opcode: f(0, U32),
  algo: f(4, U32),
  sessionId: f(8, U64),
  flag: f(16, U32),
  padding: f(20, U32),
});

/** virtio_crypto_sym_data_flf with cipher_data_flf (48). */
export const CIPHER_DATA_FLF = layout('sym_data_flf(cipher)', 48, {
  ivLen: f(0, U32),
  srcDataLen: f(4, U32),
  dstDataLen: f(8, U32),
  padding: f(12, U32),
  opType: f(40, U32),
  padding2: f(44, U32),
});

/** virtio_crypto_sym_data_flf with alg_chain_data_flf (48). */
export const CHAIN_DATA_FLF = layout('sym_data_flf(chain)', 48, {
  ivLen: f(0, U32),
  srcDataLen: f(4, U32),
  dstDataLen: f(8, U32),
  cipherStartSrcOffset: f(12, U32),
  lenToCipher: f(16, U32),
  hashStartSrcOffset: f(20, U32),
  lenToHash: f(24, U32),
  aadLen: f(28, U32),
  hashResultLen: f(32, U32),
  reserved: f(36, U32),
  opType: f(40, U32),
  padding: f(44, U32),
});

/** virtio_crypto_hash_data_flf (8). */
export const HASH_DATA_FLF = layout('hash_data_flf', 8, {
  srcDataLen: f(0, U32),
  hashResultLen: f(4, U32),
});

/** virtio_crypto_mac_data_flf (8) = hash_data_flf. */
export const MAC_DATA_FLF = layout('mac_data_flf', 8, {
  srcDataLen: f(0, U32),
  hashResultLen: f(4, U32),
});

/** virtio_crypto_aead_data_flf (24). */
export const AEAD_DATA_FLF = layout('aead_data_flf', 24, {
  ivLen: f(0, U32),
  aadLen: f(4, U32),
  srcDataLen: f(8, U32),
  dstDataLen: f(12, U32),
  tagLen: f(16, U32),
  reserved: f(20, U32),
});

/** virtio_crypto_sym_data_flf_stateless with cipher_data_flf_stateless (76). */
export const CIPHER_DATA_FLF_STATELESS = layout('sym_data_flf_stateless(cipher)', 76, {
  algo: f(0, U32),
  keyLen: f(4, U32),
  op: f(8, U32),
  ivLen: f(12, U32),
  srcDataLen: f(16, U32),
  dstDataLen: f(20, U32),
  opType: f(72, U32),
});

/** virtio_crypto_sym_data_flf_stateless with alg_chain_data_flf_stateless (76). */
export const CHAIN_DATA_FLF_STATELESS = layout('sym_data_flf_stateless(chain)', 76, {
  algChainOrder: f(0, U32),
  sessAadLen: f(4, U32),
  cipherAlgo: f(8, U32),
  cipherKeyLen: f(12, U32),
  cipherOp: f(16, U32),
  hashAlgo: f(20, U32),
  authKeyLen: f(24, U32),
  hashMode: f(28, U32),
  ivLen: f(32, U32),
  srcDataLen: f(36, U32),
  dstDataLen: f(40, U32),
  cipherStartSrcOffset: f(44, U32),
  lenToCipher: f(48, U32),
  hashStartSrcOffset: f(52, U32),
  lenToHash: f(56, U32),
  aadLen: f(60, U32),
  hashResultLen: f(64, U32),
  reserved: f(68, U32),
  opType: f(72, U32),
});

/** virtio_crypto_hash_data_flf_stateless (16). */
export const HASH_DATA_FLF_STATELESS = layout('hash_data_flf_stateless', 16, {
  algo: f(0, U32),
  srcDataLen: f(4, U32),
  hashResultLen: f(8, U32),
  reserved: f(12, U32),
});

/** virtio_crypto_mac_data_flf_stateless (16). */
export const MAC_DATA_FLF_STATELESS = layout('mac_data_flf_stateless', 16, {
  algo: f(0, U32),
  authKeyLen: f(4, U32),
  srcDataLen: f(8, U32),
  hashResultLen: f(12, U32),
});

/** virtio_crypto_aead_data_flf_stateless (32). Field order differs from the session flf. */
export const AEAD_DATA_FLF_STATELESS = layout('aead_data_flf_stateless', 32, {
  algo: f(0, U32),
  keyLen: f(4, U32),
  op: f(8, U32),
  ivLen: f(12, U32),
  tagLen: f(16, U32),
  aadLen: f(20, U32),
  srcDataLen: f(24, U32),
  dstDataLen: f(28, U32),
});

/** Size of the data status (inhdr) in bytes. */
export const DATA_STATUS_SIZE = INHDR.size;

// ------------------------------------------------------------------ regression defaults (vcrypto run)
const KIB = 1024;
export const REGRESSION = {
  /** random cases per row and direction */
  CASES_PER_ROW: 6,
  SEED: 1,
  /** message lengths always tried, per direction (bytes): empty (D12), one block, 4 KiB, 64 KiB edges */
  EDGE_LENGTHS: [0, AES_BLOCK_SIZE, 4 * KIB, 64 * KIB - AES_BLOCK_SIZE, 64 * KIB] as readonly number[],
  /** random lengths: 1..this many blocks */
  MAX_RANDOM_BLOCKS: 64,
  /** lengths that are not a block multiple (D12 → ERR for ECB/CBC) */
  BAD_BLOCK_LENGTHS: [1, AES_BLOCK_SIZE - 1, AES_BLOCK_SIZE + 1, 2 * AES_BLOCK_SIZE + 1] as readonly number[],
  /** AES key lengths that are not 16/24/32 (→ ERR) */
  BAD_AES_KEY_LENGTHS: [0, AES_BLOCK_SIZE / 2, 20, 33] as readonly number[],
  /** failure messages printed per row */
  MAX_REPORTED_FAILURES: 5,
} as const;

// ------------------------------------------------------------------ services beyond CIPHER (design.md "Request semantics of every service")

/** Device limits advertised in the device config (design.md). */
export const DEVICE_LIMITS = {
  /** max_cipher_key_len (bytes) */
  MAX_CIPHER_KEY_LEN: 64,
  /** max_auth_key_len (bytes); HMAC keys 0..this (D15) */
  MAX_AUTH_KEY_LEN: 128,
} as const;

/** SHA facts (FIPS 180-4): digest and block size in bytes, per HASH_ALGO value. */
export const SHA_INFO: Readonly<Record<number, { readonly digestLen: number; readonly blockLen: number }>> = {
  [HASH_ALGO.SHA1]: { digestLen: 20, blockLen: 64 },
  [HASH_ALGO.SHA_224]: { digestLen: 28, blockLen: 64 },
  [HASH_ALGO.SHA_256]: { digestLen: 32, blockLen: 64 },
  [HASH_ALGO.SHA_384]: { digestLen: 48, blockLen: 128 },
  [HASH_ALGO.SHA_512]: { digestLen: 64, blockLen: 128 },
};

/** HMAC algorithm (MAC_ALGO value) → the SHA it is built on (HASH_ALGO value). */
export const HMAC_HASH: Readonly<Record<number, number>> = {
  [MAC_ALGO.HMAC_SHA1]: HASH_ALGO.SHA1,
  [MAC_ALGO.HMAC_SHA_224]: HASH_ALGO.SHA_224,
  [MAC_ALGO.HMAC_SHA_256]: HASH_ALGO.SHA_256,
  [MAC_ALGO.HMAC_SHA_384]: HASH_ALGO.SHA_384,
  [MAC_ALGO.HMAC_SHA_512]: HASH_ALGO.SHA_512,
};

/** CMAC-AES (SP 800-38B): tag size = AES block, keys 16/24/32 (D15). */
export const CMAC_TAG_LEN = AES_BLOCK_SIZE;

/** GCM (SP 800-38D, D7/D8). */
export const GCM = {
  /** allowed tag lengths in bytes (D7) */
  TAG_LENS: [4, 8, 12, 13, 14, 15, 16] as readonly number[],
  /** full tag */
  MAX_TAG_LEN: 16,
  /** shortest iv_len (D8; 0 → ERR) */
  MIN_IV_LEN: 1,
  /** the fast-path IV length (J0 = IV ‖ 0^31 ‖ 1) */
  FAST_IV_LEN: 12,
  /** shortest nonce @noble/ciphers gcm takes; shorter IVs go through node:crypto */
  NOBLE_MIN_IV_LEN: 8,
} as const;

/** CCM (SP 800-38C / RFC 3610, D7/D9). */
export const CCM = {
  MIN_NONCE_LEN: 7,
  MAX_NONCE_LEN: 13,
  MIN_TAG_LEN: 4,
  MAX_TAG_LEN: 16,
  /** tag lengths must be even */
  TAG_LEN_STEP: 2,
  /** q = 15 − n: size of the length field (RFC 3610 L) */
  LEN_FIELD_TOTAL: 15,
  /** B0 flags: Adata bit */
  FLAG_ADATA: 0x40,
  /** B0 flags: M' = (t − 2)/2 at bits 5..3 */
  FLAG_M_SHIFT: 3,
  /** B0 / A_i: the flags byte precedes the nonce */
  FLAGS_LEN: 1,
  /** AAD length encoding: a < 2^16 − 2^8 → 2 bytes */
  AAD_SHORT_LIMIT: 0xff00,
  /** AAD length encoding: a < 2^32 → 0xFF 0xFE ‖ 4 bytes */
  AAD_MID_PREFIX: [0xff, 0xfe] as readonly number[],
  AAD_SHORT_LEN_BYTES: 2,
  AAD_MID_LEN_BYTES: 4,
} as const;

/** XTS (IEEE 1619, D11). */
export const XTS = {
  /** shortest data unit (one block; a partial last block is handled by ciphertext stealing) */
  MIN_LEN: AES_BLOCK_SIZE,
  /** GF(2^128) reduction byte for the tweak doubling (x^128 + x^7 + x^2 + x + 1) */
  GF_FEEDBACK: 0x87,
  /** carry-out bit of a byte */
  BYTE_MSB: 0x80,
  BYTE_MASK: 0xff,
} as const;

/** Vector / row algorithm names (the JSONL names) → service and algorithm number. */
export const ALGO_NAME = {
  'aes-ecb': { service: SERVICE.CIPHER, algo: CIPHER_ALGO.AES_ECB },
  'aes-cbc': { service: SERVICE.CIPHER, algo: CIPHER_ALGO.AES_CBC },
  'aes-ctr': { service: SERVICE.CIPHER, algo: CIPHER_ALGO.AES_CTR },
  'aes-xts': { service: SERVICE.CIPHER, algo: CIPHER_ALGO.AES_XTS },
  sha1: { service: SERVICE.HASH, algo: HASH_ALGO.SHA1 },
  sha224: { service: SERVICE.HASH, algo: HASH_ALGO.SHA_224 },
  sha256: { service: SERVICE.HASH, algo: HASH_ALGO.SHA_256 },
  sha384: { service: SERVICE.HASH, algo: HASH_ALGO.SHA_384 },
  sha512: { service: SERVICE.HASH, algo: HASH_ALGO.SHA_512 },
  'hmac-sha1': { service: SERVICE.MAC, algo: MAC_ALGO.HMAC_SHA1 },
  'hmac-sha224': { service: SERVICE.MAC, algo: MAC_ALGO.HMAC_SHA_224 },
  'hmac-sha256': { service: SERVICE.MAC, algo: MAC_ALGO.HMAC_SHA_256 },
  'hmac-sha384': { service: SERVICE.MAC, algo: MAC_ALGO.HMAC_SHA_384 },
  'hmac-sha512': { service: SERVICE.MAC, algo: MAC_ALGO.HMAC_SHA_512 },
  'cmac-aes': { service: SERVICE.MAC, algo: MAC_ALGO.CMAC_AES },
  'aes-gcm': { service: SERVICE.AEAD, algo: AEAD_ALGO.GCM },
  'aes-ccm': { service: SERVICE.AEAD, algo: AEAD_ALGO.CCM },
} as const;
export type AlgoName = keyof typeof ALGO_NAME;
export const CIPHER_ALGO_NAMES = ['aes-ecb', 'aes-cbc', 'aes-ctr', 'aes-xts'] as const;
export const HASH_ALGO_NAMES = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export const HMAC_ALGO_NAMES = ['hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512'] as const;
export const MAC_ALGO_NAMES = [...HMAC_ALGO_NAMES, 'cmac-aes'] as const;
export const AEAD_ALGO_NAMES = ['aes-gcm', 'aes-ccm'] as const;

/** What the device advertises and implements (design.md "Supported"). */
export const DEVICE_SUPPORTED = {
  cipher: new Set<number>([CIPHER_ALGO.AES_ECB, CIPHER_ALGO.AES_CBC, CIPHER_ALGO.AES_CTR, CIPHER_ALGO.AES_XTS]) as ReadonlySet<number>,
  hash: new Set<number>([HASH_ALGO.SHA1, HASH_ALGO.SHA_224, HASH_ALGO.SHA_256, HASH_ALGO.SHA_384, HASH_ALGO.SHA_512]) as ReadonlySet<number>,
  mac: new Set<number>([
    MAC_ALGO.HMAC_SHA1, MAC_ALGO.HMAC_SHA_224, MAC_ALGO.HMAC_SHA_256, MAC_ALGO.HMAC_SHA_384, MAC_ALGO.HMAC_SHA_512, MAC_ALGO.CMAC_AES,
  ]) as ReadonlySet<number>,
  aead: new Set<number>([AEAD_ALGO.GCM, AEAD_ALGO.CCM]) as ReadonlySet<number>,
} as const;

/** Feature sets of the regression rows: FEATURE_PROFILE plus one stateless profile per service (D1). */
export const ROW_PROFILE = {
  legacy: FEATURE_PROFILE.legacy,
  rev1: FEATURE_PROFILE.rev1,
  cipherStateless: FEATURE_PROFILE.cipherStateless,
  hashStateless: FEATURE_PROFILE.rev1 | FEATURE.HASH_STATELESS_MODE,
  macStateless: FEATURE_PROFILE.rev1 | FEATURE.MAC_STATELESS_MODE,
  aeadStateless: FEATURE_PROFILE.rev1 | FEATURE.AEAD_STATELESS_MODE,
  all: FEATURE_PROFILE.all,
} as const;
export type RowProfileName = keyof typeof ROW_PROFILE;

/** Regression defaults for the services beyond AES-CBC (vcrypto run). */
export const REGRESSION_SERVICES = {
  /** edge lengths tried in every row where legal */
  EDGE_LENGTHS: [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129] as readonly number[],
  /** the one large message per row (fits a 16-bit CCM length field, n = 13) */
  LARGE_LENGTH: 4 * 1024 + 7,
  /** random message lengths: 0..this */
  MAX_RANDOM_LEN: 600,
  /** random AAD lengths: 0..this */
  MAX_RANDOM_AAD: 80,
  /** random GCM IV lengths besides 12: 1..this */
  MAX_RANDOM_GCM_IV: 64,
  /** HMAC key lengths always tried (D15: 0, block−1, block, block+1 are added per algorithm) */
  HMAC_KEY_LENS: [0, 1, 20, 32, 128] as readonly number[],
  /** CMAC key lengths that are not 16/24/32 (→ ERR) */
  BAD_CMAC_KEY_LENGTHS: [0, 15, 20, 33] as readonly number[],
  /** default chain rows: random cases per direction and order */
  CHAIN_CASES: 3,
  /** XTS key lengths that are not 32/64 (→ ERR, D11) */
  BAD_XTS_KEY_LENGTHS: [0, 16, 48, 65] as readonly number[],
  /** tag lengths outside D7 (create: NOTSUPP, stateless: ERR) */
  BAD_GCM_TAG_LENS: [0, 5, 11, 17] as readonly number[],
  BAD_CCM_TAG_LENS: [2, 5, 15, 18] as readonly number[],
  /** chain error cases: message length in blocks */
  CHAIN_ERROR_BLOCKS: 4,
} as const;
