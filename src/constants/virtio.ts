// Constants of the PCI / virtio-PCI transport, the split virtqueue and the simulator bridge.
// Sources: shared/reference/virtio-crypto.md §1, §2, §3, §8 and docs/design.md, docs/console.md.
// Every number used by src/bridge, src/pci and src/virtio lives here.

// ------------------------------------------------------------------ PCI identity (expected)

/** Expected identity of the device (docs/design.md, rtl/pkg/vcrypto_pkg.sv). */
export const PCI_EXPECTED = {
  vendorId: 0x1af4,
  /** 0x1040 + virtio device id 20 (crypto). */
  deviceId: 0x1054,
  /** Non-transitional devices SHOULD have revision >= 1. */
  minRevision: 1,
  /** Non-transitional devices SHOULD have subsystem device id >= 0x40. */
  minSubsystemId: 0x40,
  /** Encryption controller (0x10), other (0x80), prog-if 0 (vcrypto_pkg PCI_CLASS_CODE). */
  classCode: 0x108000,
  subsystemVendorId: 0x1af4,
} as const;

/** virtio device id of a crypto device. */
export const VIRTIO_ID_CRYPTO = 20;

// ------------------------------------------------------------------ PCI type-0 config space

/** Byte offsets in the type-0 configuration header. */
export const PCI_CFG = {
  VENDOR_ID: 0x00,
  DEVICE_ID: 0x02,
  COMMAND: 0x04,
  STATUS: 0x06,
  REVISION_ID: 0x08,
  /** Class code occupies bytes 0x09..0x0B (bits 31:8 of the dword at 0x08). */
  CLASS_DWORD: 0x08,
  HEADER_TYPE: 0x0e,
  BAR0: 0x10,
  BAR1: 0x14,
  SUBSYSTEM_VENDOR_ID: 0x2c,
  SUBSYSTEM_ID: 0x2e,
  CAP_PTR: 0x34,
  INTERRUPT_PIN: 0x3d,
  /** Size of the conventional configuration space. */
  SIZE: 0x100,
} as const;

/** PCI command register bits. */
export const PCI_COMMAND = {
  MEMORY: 1 << 1,
  BUS_MASTER: 1 << 2,
  INTX_DISABLE: 1 << 10,
} as const;

/** PCI status register bits. */
export const PCI_STATUS = {
  CAP_LIST: 1 << 4,
  INTERRUPT: 1 << 3,
} as const;

/** Memory BAR low bits. */
export const PCI_BAR = {
  /** bits 2:1 of a memory BAR: 0b10 = 64-bit. */
  TYPE_MASK: 0x6,
  TYPE_64: 0x4,
  PREFETCHABLE: 0x8,
  IO_SPACE: 0x1,
  /** Low 4 bits of a memory BAR are flags, not address. */
  FLAG_BITS: 0xfn,
  ALL_ONES_32: 0xffff_ffff,
} as const;

/** Capability IDs. */
export const PCI_CAP_ID = {
  VENDOR: 0x09,
  MSIX: 0x11,
} as const;

/** The capability pointer's low two bits are reserved. */
export const PCI_CAP_PTR_MASK = 0xfc;
/** Upper bound on capabilities walked (loop guard). */
export const PCI_CAP_MAX_WALK = 48;

/** Byte offsets inside a virtio vendor capability (`struct virtio_pci_cap`). */
export const VIRTIO_CAP = {
  VNDR: 0,
  NEXT: 1,
  LEN: 2,
  CFG_TYPE: 3,
  BAR: 4,
  ID: 5,
  OFFSET: 8,
  LENGTH: 12,
  /** `virtio_pci_notify_cap.notify_off_multiplier`. */
  NOTIFY_OFF_MULTIPLIER: 16,
  /** `virtio_pci_cfg_cap.pci_cfg_data`. */
  PCI_CFG_DATA: 16,
} as const;

/** virtio_pci_cap.cfg_type values. */
export const VIRTIO_PCI_CAP_TYPE = {
  COMMON_CFG: 1,
  NOTIFY_CFG: 2,
  ISR_CFG: 3,
  DEVICE_CFG: 4,
  PCI_CFG: 5,
  SHARED_MEMORY_CFG: 8,
  VENDOR_CFG: 9,
} as const;

/** Byte offsets inside the MSI-X capability. */
export const MSIX_CAP = {
  MESSAGE_CONTROL: 2,
  TABLE: 4,
  PBA: 8,
} as const;

/** MSI-X message control / BIR fields. */
export const MSIX_CTRL = {
  TABLE_SIZE_MASK: 0x7ff,
  FUNCTION_MASK: 1 << 14,
  ENABLE: 1 << 15,
  BIR_MASK: 0x7,
  OFFSET_MASK: 0xffff_fff8,
} as const;

/** One MSI-X table entry. */
export const MSIX_ENTRY = {
  SIZE: 16,
  ADDR_LO: 0,
  ADDR_HI: 4,
  DATA: 8,
  VECTOR_CTRL: 12,
  /** vector control bit 0: masked. */
  MASKED: 1,
} as const;

/** Bytes between two MSI messages' target addresses in the MSI window (addr = msibase + stride*vector). */
export const MSI_ADDR_STRIDE = 4;

/** The address the enumerator assigns to BAR0: outside host memory (which starts at 0x1_0000_0000). */
export const BAR0_ASSIGN_ADDR = 0x2_0000_0000n;

/** BAR0 layout fixed by docs/design.md (the driver discovers it from the capabilities; tests compare). */
export const BAR0_LAYOUT = {
  SIZE: 0x8000,
  COMMON: 0x0000,
  COMMON_LEN: 0x40,
  ISR: 0x1000,
  ISR_LEN: 4,
  DEVICE: 0x2000,
  DEVICE_LEN: 0x38,
  NOTIFY: 0x3000,
  NOTIFY_OFF_MULTIPLIER: 4,
  MSIX_TABLE: 0x4000,
  MSIX_PBA: 0x6000,
} as const;

/** Config-space capability list fixed by docs/design.md: [offset, cap id, virtio cfg_type or 0, cap_len]. */
export const CAP_LIST_LAYOUT = [
  { offset: 0x40, capId: 0x09, cfgType: 1, capLen: 16 },
  { offset: 0x50, capId: 0x09, cfgType: 2, capLen: 20 },
  { offset: 0x64, capId: 0x09, cfgType: 3, capLen: 16 },
  { offset: 0x74, capId: 0x09, cfgType: 4, capLen: 16 },
  { offset: 0x84, capId: 0x09, cfgType: 5, capLen: 20 },
  { offset: 0x98, capId: 0x11, cfgType: 0, capLen: 12 },
] as const;

// ------------------------------------------------------------------ virtio common configuration

/** Byte offsets in `struct virtio_pci_common_cfg`. */
export const COMMON_CFG = {
  DEVICE_FEATURE_SELECT: 0x00,
  DEVICE_FEATURE: 0x04,
  DRIVER_FEATURE_SELECT: 0x08,
  DRIVER_FEATURE: 0x0c,
  CONFIG_MSIX_VECTOR: 0x10,
  NUM_QUEUES: 0x12,
  DEVICE_STATUS: 0x14,
  CONFIG_GENERATION: 0x15,
  QUEUE_SELECT: 0x16,
  QUEUE_SIZE: 0x18,
  QUEUE_MSIX_VECTOR: 0x1a,
  QUEUE_ENABLE: 0x1c,
  QUEUE_NOTIFY_OFF: 0x1e,
  QUEUE_DESC_LO: 0x20,
  QUEUE_DESC_HI: 0x24,
  QUEUE_DRIVER_LO: 0x28,
  QUEUE_DRIVER_HI: 0x2c,
  QUEUE_DEVICE_LO: 0x30,
  QUEUE_DEVICE_HI: 0x34,
  QUEUE_NOTIF_CONFIG_DATA: 0x38,
  QUEUE_RESET: 0x3a,
  ADMIN_QUEUE_INDEX: 0x3c,
  ADMIN_QUEUE_NUM: 0x3e,
} as const;

/** Device status bits. */
export const DEVICE_STATUS = {
  RESET: 0,
  ACKNOWLEDGE: 1,
  DRIVER: 2,
  DRIVER_OK: 4,
  FEATURES_OK: 8,
  SUSPEND: 16,
  NEEDS_RESET: 64,
  FAILED: 128,
} as const;

/** `config_msix_vector` / `queue_msix_vector` value meaning "no vector". */
export const VIRTIO_MSI_NO_VECTOR = 0xffff;

/** ISR status bits. */
export const VIRTIO_ISR = {
  QUEUE: 1,
  CONFIG: 2,
} as const;

/** Feature bit numbers (crypto-specific 0..5, transport 24..43). */
export const FEATURE_BIT = {
  REVISION_1: 0,
  CIPHER_STATELESS_MODE: 1,
  HASH_STATELESS_MODE: 2,
  MAC_STATELESS_MODE: 3,
  AEAD_STATELESS_MODE: 4,
  AKCIPHER_STATELESS_MODE: 5,
  NOTIFY_ON_EMPTY: 24,
  ANY_LAYOUT: 27,
  INDIRECT_DESC: 28,
  EVENT_IDX: 29,
  VERSION_1: 32,
  ACCESS_PLATFORM: 33,
  RING_PACKED: 34,
  IN_ORDER: 35,
  ORDER_PLATFORM: 36,
  SR_IOV: 37,
  NOTIFICATION_DATA: 38,
  NOTIF_CONFIG_DATA: 39,
  RING_RESET: 40,
  ADMIN_VQ: 41,
  SUSPEND: 43,
} as const;

/** Feature mask of one bit. */
export function featureMask(bit: number): bigint {
  return 1n << BigInt(bit);
}

/** What the device offers (design.md: DEV_FEATURES; issue 6 added bits 33..36, 38, 40). */
export const DEVICE_FEATURES_EXPECTED =
  featureMask(FEATURE_BIT.VERSION_1) |
  featureMask(FEATURE_BIT.ACCESS_PLATFORM) |
  featureMask(FEATURE_BIT.RING_PACKED) |
  featureMask(FEATURE_BIT.IN_ORDER) |
  featureMask(FEATURE_BIT.ORDER_PLATFORM) |
  featureMask(FEATURE_BIT.NOTIFICATION_DATA) |
  featureMask(FEATURE_BIT.RING_RESET) |
  featureMask(FEATURE_BIT.INDIRECT_DESC) |
  featureMask(FEATURE_BIT.EVENT_IDX) |
  featureMask(FEATURE_BIT.REVISION_1) |
  featureMask(FEATURE_BIT.CIPHER_STATELESS_MODE) |
  featureMask(FEATURE_BIT.HASH_STATELESS_MODE) |
  featureMask(FEATURE_BIT.MAC_STATELESS_MODE) |
  featureMask(FEATURE_BIT.AEAD_STATELESS_MODE);

/** Feature words are 32 bits; select 0 = bits 0..31, 1 = bits 32..63. */
export const FEATURE_WORD_BITS = 32n;
export const FEATURE_WORDS = 2;
export const U32_MASK = 0xffff_ffffn;
export const U64_MASK = 0xffff_ffff_ffff_ffffn;

// ------------------------------------------------------------------ virtio_crypto_config

/** Byte offsets in `struct virtio_crypto_config` (device cfg region). */
export const CRYPTO_CONFIG = {
  STATUS: 0x00,
  MAX_DATAQUEUES: 0x04,
  CRYPTO_SERVICES: 0x08,
  CIPHER_ALGO_L: 0x0c,
  CIPHER_ALGO_H: 0x10,
  HASH_ALGO: 0x14,
  MAC_ALGO_L: 0x18,
  MAC_ALGO_H: 0x1c,
  AEAD_ALGO: 0x20,
  MAX_CIPHER_KEY_LEN: 0x24,
  MAX_AUTH_KEY_LEN: 0x28,
  AKCIPHER_ALGO: 0x2c,
  MAX_SIZE_LO: 0x30,
  MAX_SIZE_HI: 0x34,
  SIZE: 0x38,
} as const;

/** `virtio_crypto_config.status` bit 0. */
export const VIRTIO_CRYPTO_S_HW_READY = 1;

// ------------------------------------------------------------------ split virtqueue

/** Split ring layout (virtio-crypto.md §8.8). */
export const SPLIT_RING = {
  DESC_SIZE: 16,
  DESC_ALIGN: 16,
  AVAIL_ALIGN: 2,
  USED_ALIGN: 4,
  /** flags(2) + idx(2) */
  RING_HEADER: 4,
  /** trailing used_event / avail_event */
  EVENT_FIELD: 2,
  AVAIL_ELEM: 2,
  USED_ELEM: 8,
  MAX_QUEUE_SIZE: 32768,
} as const;

/** Byte offsets inside a descriptor. */
export const VIRTQ_DESC = {
  ADDR: 0,
  LEN: 8,
  FLAGS: 12,
  NEXT: 14,
} as const;

/** Byte offsets of the ring headers. */
export const VIRTQ_RING = {
  FLAGS: 0,
  IDX: 2,
  RING: 4,
  USED_ELEM_ID: 0,
  USED_ELEM_LEN: 4,
} as const;

/** Descriptor flags. */
export const VIRTQ_DESC_F = {
  NEXT: 1,
  WRITE: 2,
  INDIRECT: 4,
} as const;

/** avail.flags / used.flags */
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
export const VIRTQ_USED_F_NO_NOTIFY = 1;

/** Ring indices are free-running 16-bit counters. */
export const RING_IDX_MASK = 0xffff;
export const RING_IDX_MODULUS = 0x1_0000;

// ------------------------------------------------------------------ packed virtqueue

/** Packed ring layout (virtio-crypto.md §8.9). Queue sizes need not be powers of two. */
export const PACKED_RING = {
  DESC_SIZE: 16,
  DESC_ALIGN: 16,
  /** Driver and device event suppression areas (`struct pvirtq_event_suppress`). */
  EVENT_SIZE: 4,
  EVENT_ALIGN: 4,
  MIN_QUEUE_SIZE: 1,
  MAX_QUEUE_SIZE: 32768,
  /** Wrap counters start at 1 (driver and device). */
  INITIAL_WRAP: 1,
} as const;

/** Byte offsets inside a packed descriptor (`struct pvirtq_desc`). */
export const PACKED_DESC = {
  ADDR: 0,
  LEN: 8,
  ID: 12,
  FLAGS: 14,
} as const;

/** Packed descriptor flags: NEXT/WRITE/INDIRECT as in the split ring, AVAIL bit 7, USED bit 15. */
export const PACKED_DESC_F = {
  NEXT: 1,
  WRITE: 2,
  INDIRECT: 4,
  AVAIL: 1 << 7,
  USED: 1 << 15,
} as const;

/** Byte offsets inside `struct pvirtq_event_suppress`. */
export const PACKED_EVENT = {
  OFF_WRAP: 0,
  FLAGS: 2,
  /** off_wrap bits 0..14: descriptor offset; bit 15: wrap counter. */
  OFF_MASK: 0x7fff,
  WRAP_SHIFT: 15,
  /** flags bits 0..1. */
  FLAGS_MASK: 0x3,
} as const;

/** Event suppression `flags` values (DESC needs EVENT_IDX). */
export const PACKED_EVENT_FLAGS = {
  ENABLE: 0,
  DISABLE: 1,
  DESC: 2,
} as const;

/** VIRTIO_F_NOTIFICATION_DATA: le32 { vq_index:16; next_off:15; next_wrap:1 }. */
export const NOTIFY_DATA = {
  QUEUE_MASK: 0xffff,
  OFF_SHIFT: 16,
  OFF_MASK: 0x7fff,
  WRAP_SHIFT: 31,
  /** Notification write sizes: queue index only, or the 32-bit notification data. */
  SIZE_INDEX: 2,
  SIZE_DATA: 4,
} as const;

/**
 * Split ring, IN_ORDER: the driver writes this id into every used slot it consumed (and all of them
 * at reset), so a slot the device skipped in a batch is never mistaken for a fresh entry. Valid ids
 * are < 32768.
 */
export const USED_ID_POISON = 0xffff_ffff;

/**
 * Transport features openDevice() does not accept unless `features` asks for them: they change
 * the ring format or the driver's duties (packed ring, in-order use, notification data, queue
 * reset) and every split-ring test of the suite relies on their absence.
 */
export const OPT_IN_FEATURES =
  featureMask(FEATURE_BIT.RING_PACKED) |
  featureMask(FEATURE_BIT.IN_ORDER) |
  featureMask(FEATURE_BIT.NOTIFICATION_DATA) |
  featureMask(FEATURE_BIT.RING_RESET);

/** Queue reset (RING_RESET) polling: simulated cycles between polls of queue_reset, and the bound. */
export const QUEUE_RESET_DEFAULTS = {
  POLL_CYCLES: 64,
  LIMIT_CYCLES: 1_000_000,
  /** queue_reset value that requests a reset / reads while in progress. */
  REQUEST: 1,
  DONE: 0,
} as const;

// ------------------------------------------------------------------ simulator bridge

/** Console protocol facts (docs/console.md). */
export const SIM_PROTOCOL = {
  VERSION: 1,
  READY_WORD: 'READY',
  FATAL_WORD: 'FATAL',
  OK_WORD: 'ok',
  ERR_WORD: 'err',
  BYE_WORD: 'bye',
  /** memrd returns at most this many bytes per command. */
  MEMRD_MAX: 4096,
} as const;

/** Timings and sizes of the host side of the bridge (wall-clock ms unless named cycles). */
export const BRIDGE_DEFAULTS = {
  /** Lines of simulator output kept for error messages. */
  TAIL_LINES: 20,
  /** Wait this long for the READY banner (a cold simulator build is done by make before). */
  READY_TIMEOUT_MS: 60_000,
  /** Wait this long for `bye` after `quit`. */
  BYE_TIMEOUT_MS: 10_000,
  /** Wait this long for the process to exit after the transport was ended. */
  EXIT_TIMEOUT_MS: 10_000,
  /** After a FATAL line, wait this long (or for the exit) to collect trailing output. */
  FATAL_GRACE_MS: 500,
  /** pty window (raw mode: irrelevant, but node-pty wants one). */
  PTY_COLS: 200,
  PTY_ROWS: 50,
} as const;

/** Environment variable selecting the transport ("pty" default, "pipe"). */
export const TRANSPORT_ENV = 'VCRYPTO_TRANSPORT';

/** Simulator binary relative to the repository root, and the make target that builds it. */
export const SIM_BINARY_RELPATH = 'sim/build/vcrypto-sim';
export const SIM_MAKE_ARGS = ['-s', 'sim'] as const;
/**
 * Environment variable naming an alternative, already built simulator binary (absolute, or
 * relative to the repository root), e.g. the coverage build of `make coverage`. When it is set,
 * ensureSimulator() runs no make and returns that path; unset or empty: the default build.
 */
export const SIM_BINARY_ENV = 'VCRYPTO_SIM';
/** Lock file serialising simulator builds between concurrent processes. */
export const SIM_BUILD_LOCK_RELPATH = 'sim/build/.build.lock';

/** Host-side driver defaults. */
export const DRIVER_DEFAULTS = {
  /** Polls of device_status after writing 0 before giving up. */
  RESET_POLLS: 1000,
  /** Cycles per `wait any` slice of the completion pump (bounds submission latency). */
  PUMP_SLICE_CYCLES: 20_000,
  /** A request not completed after this many simulated cycles is a timeout error. */
  REQUEST_TIMEOUT_CYCLES: 5_000_000,
  /** Alignment of request buffers in host memory. */
  BUFFER_ALIGN: 16,
  /** Byte written into device-writable buffers before submission. */
  WRITABLE_FILL: 0x00,
  /** Retries of a config-space read when config_generation changed under it. */
  CONFIG_GENERATION_RETRIES: 8,
  /** Allocation granule of the host-memory allocator. */
  ALLOC_GRANULE: 8,
} as const;
