// vcrypto_pkg: constants shared by every block of the virtio-crypto device.
// Values come from the fact sheet (docs reference: virtio-crypto.md, sections 2-4, 8).
package vcrypto_pkg;
  // Each block uses only some of these constants (lint waiver for the whole package).
  /* verilator lint_off UNUSEDPARAM */

  // ---------------------------------------------------------------- PCI identity
  localparam logic [15:0] PCI_VENDOR_ID     = 16'h1AF4;
  localparam logic [15:0] PCI_DEVICE_ID     = 16'h1054;
  localparam logic [7:0]  PCI_REVISION_ID   = 8'h01;
  // Encryption controller (0x10), other (0x80), prog-if 0.
  localparam logic [23:0] PCI_CLASS_CODE    = 24'h108000;
  localparam logic [15:0] PCI_SUBSYS_VENDOR = 16'h1AF4;
  // Non-transitional devices SHOULD use a subsystem device id >= 0x40.
  localparam logic [15:0] PCI_SUBSYS_ID     = 16'h0040;

  // ---------------------------------------------------------------- BAR0 map
  // BAR0 is 32 KiB; every virtio structure starts on its own 4 KiB page.
  localparam int unsigned BAR0_SIZE_LOG2  = 15;
  localparam logic [14:0] BAR0_COMMON_OFF = 15'h0000;
  localparam logic [14:0] BAR0_ISR_OFF    = 15'h1000;
  localparam logic [14:0] BAR0_DEVCFG_OFF = 15'h2000;
  localparam logic [14:0] BAR0_NOTIFY_OFF = 15'h3000;
  localparam logic [14:0] BAR0_MSIX_TABLE_OFF = 15'h4000;
  localparam logic [14:0] BAR0_MSIX_PBA_OFF   = 15'h6000;
  localparam int unsigned COMMON_CFG_LEN  = 'h40;
  localparam int unsigned DEVCFG_LEN      = 'h38;
  // Bytes between two queues' notify addresses (queue_notify_off = queue index).
  localparam int unsigned NOTIFY_OFF_MULTIPLIER = 4;

  // ---------------------------------------------------------------- device status
  localparam logic [7:0] DEV_STATUS_ACKNOWLEDGE = 8'd1;
  localparam logic [7:0] DEV_STATUS_DRIVER      = 8'd2;
  localparam logic [7:0] DEV_STATUS_DRIVER_OK   = 8'd4;
  localparam logic [7:0] DEV_STATUS_FEATURES_OK = 8'd8;
  localparam logic [7:0] DEV_STATUS_NEEDS_RESET = 8'd64;
  localparam logic [7:0] DEV_STATUS_FAILED      = 8'd128;
  localparam logic [15:0] MSIX_NO_VECTOR        = 16'hFFFF;

  // ---------------------------------------------------------------- feature bits
  localparam int unsigned F_REVISION_1         = 0;
  localparam int unsigned F_CIPHER_STATELESS   = 1;
  localparam int unsigned F_HASH_STATELESS     = 2;
  localparam int unsigned F_MAC_STATELESS      = 3;
  localparam int unsigned F_AEAD_STATELESS     = 4;
  localparam int unsigned F_INDIRECT_DESC      = 28;
  localparam int unsigned F_EVENT_IDX          = 29;
  localparam int unsigned F_VERSION_1          = 32;
  localparam int unsigned F_ACCESS_PLATFORM    = 33;
  localparam int unsigned F_RING_PACKED        = 34;
  localparam int unsigned F_IN_ORDER           = 35;
  localparam int unsigned F_ORDER_PLATFORM     = 36;
  localparam int unsigned F_NOTIFICATION_DATA  = 38;
  localparam int unsigned F_RING_RESET         = 40;

  // ---------------------------------------------------------------- services / opcodes
  localparam logic [7:0] SVC_CIPHER = 8'd0;
  localparam logic [7:0] SVC_HASH   = 8'd1;
  localparam logic [7:0] SVC_MAC    = 8'd2;
  localparam logic [7:0] SVC_AEAD   = 8'd3;

  localparam logic [31:0] OP_CIPHER_ENCRYPT        = 32'h0000;
  localparam logic [31:0] OP_CIPHER_DECRYPT        = 32'h0001;
  localparam logic [31:0] OP_CIPHER_CREATE_SESSION = 32'h0002;
  localparam logic [31:0] OP_CIPHER_DESTROY_SESSION= 32'h0003;
  localparam logic [31:0] OP_HASH                  = 32'h0100;
  localparam logic [31:0] OP_HASH_CREATE_SESSION   = 32'h0102;
  localparam logic [31:0] OP_HASH_DESTROY_SESSION  = 32'h0103;
  localparam logic [31:0] OP_MAC                   = 32'h0200;
  localparam logic [31:0] OP_MAC_CREATE_SESSION    = 32'h0202;
  localparam logic [31:0] OP_MAC_DESTROY_SESSION   = 32'h0203;
  localparam logic [31:0] OP_AEAD_ENCRYPT          = 32'h0300;
  localparam logic [31:0] OP_AEAD_DECRYPT          = 32'h0301;
  localparam logic [31:0] OP_AEAD_CREATE_SESSION   = 32'h0302;
  localparam logic [31:0] OP_AEAD_DESTROY_SESSION  = 32'h0303;

  // ---------------------------------------------------------------- algorithms
  localparam logic [31:0] CIPHER_AES_ECB = 32'd2;
  localparam logic [31:0] CIPHER_AES_CBC = 32'd3;
  localparam logic [31:0] CIPHER_AES_CTR = 32'd4;
  localparam logic [31:0] CIPHER_AES_XTS = 32'd13;
  localparam logic [31:0] OP_ENCRYPT     = 32'd1;
  localparam logic [31:0] OP_DECRYPT     = 32'd2;
  localparam logic [31:0] SYM_OP_NONE    = 32'd0;
  localparam logic [31:0] SYM_OP_CIPHER  = 32'd1;
  localparam logic [31:0] SYM_OP_CHAIN   = 32'd2;
  localparam logic [31:0] FLAG_SESSION_MODE = 32'd1;

  // ---------------------------------------------------------------- status codes
  localparam logic [7:0] ST_OK      = 8'd0;
  localparam logic [7:0] ST_ERR     = 8'd1;
  localparam logic [7:0] ST_BADMSG  = 8'd2;
  localparam logic [7:0] ST_NOTSUPP = 8'd3;
  localparam logic [7:0] ST_INVSESS = 8'd4;
  localparam logic [7:0] ST_NOSPC   = 8'd5;

  // ---------------------------------------------------------------- virtq descriptors
  localparam logic [15:0] VRING_DESC_F_NEXT     = 16'd1;
  localparam logic [15:0] VRING_DESC_F_WRITE    = 16'd2;
  localparam logic [15:0] VRING_DESC_F_INDIRECT = 16'd4;

  // ---------------------------------------------------------------- AXI
  localparam logic [1:0] AXI_BURST_INCR = 2'b01;
  localparam logic [1:0] AXI_RESP_OKAY  = 2'b00;

  // ---------------------------------------------------------------- PCI front-end (rtl/pci)
  // Device features offered: REVISION_1 | CIPHER/HASH/MAC/AEAD_STATELESS (0..4) |
  // INDIRECT_DESC (28) | EVENT_IDX (29) | VERSION_1 (32) | ACCESS_PLATFORM (33) |
  // RING_PACKED (34) | IN_ORDER (35) | ORDER_PLATFORM (36) | NOTIFICATION_DATA (38) |
  // RING_RESET (40).
  localparam logic [63:0] DEV_FEATURES = 64'h0000_015F_3000_001F;
  // virtio_pci_cap cfg_type values.
  localparam logic [7:0] VIRTIO_PCI_CAP_COMMON_CFG = 8'd1;
  localparam logic [7:0] VIRTIO_PCI_CAP_NOTIFY_CFG = 8'd2;
  localparam logic [7:0] VIRTIO_PCI_CAP_ISR_CFG    = 8'd3;
  localparam logic [7:0] VIRTIO_PCI_CAP_DEVICE_CFG = 8'd4;
  localparam logic [7:0] VIRTIO_PCI_CAP_PCI_CFG    = 8'd5;
  // Config-space offsets of the capability list (docs/design.md).
  localparam logic [7:0] CAP_COMMON_OFF  = 8'h40;
  localparam logic [7:0] CAP_NOTIFY_OFF  = 8'h50;
  localparam logic [7:0] CAP_ISR_OFF     = 8'h64;
  localparam logic [7:0] CAP_DEVICE_OFF  = 8'h74;
  localparam logic [7:0] CAP_PCICFG_OFF  = 8'h84;
  localparam logic [7:0] CAP_MSIX_OFF    = 8'h98;
  localparam logic [7:0] PCI_CAP_ID_VNDR = 8'h09;
  localparam logic [7:0] PCI_CAP_ID_MSIX = 8'h11;
  // ISR bits.
  localparam logic [7:0] ISR_QUEUE  = 8'd1;
  localparam logic [7:0] ISR_CONFIG = 8'd2;
  // struct virtio_crypto_config values (BAR0 0x2000).
  localparam logic [31:0] CRYPTO_S_HW_READY       = 32'd1;
  // Services offered: CIPHER, HASH, MAC, AEAD (1 << SVC_x).
  localparam logic [31:0] CFG_CRYPTO_SERVICES     = 32'h0000_000F;
  // Cipher algorithms: AES_ECB (2), AES_CBC (3), AES_CTR (4), AES_XTS (13).
  localparam logic [31:0] CFG_CIPHER_ALGO_L       = 32'h0000_201C;
  localparam logic [31:0] CFG_CIPHER_ALGO_H       = 32'h0000_0000;
  // Hash algorithms: SHA1 (2), SHA_224 (3), SHA_256 (4), SHA_384 (5), SHA_512 (6).
  localparam logic [31:0] CFG_HASH_ALGO           = 32'h0000_007C;
  // MAC algorithms: HMAC_SHA1..HMAC_SHA_512 (2..6), CMAC_AES (26). GMAC is not offered (D16).
  localparam logic [31:0] CFG_MAC_ALGO_L          = 32'h0400_007C;
  localparam logic [31:0] CFG_MAC_ALGO_H          = 32'h0000_0000;
  // AEAD algorithms: GCM (1), CCM (2).
  localparam logic [31:0] CFG_AEAD_ALGO           = 32'h0000_0006;
  localparam logic [31:0] CFG_AKCIPHER_ALGO       = 32'h0000_0000;
  localparam logic [31:0] CFG_MAX_CIPHER_KEY_LEN  = 32'd64;
  localparam logic [31:0] CFG_MAX_AUTH_KEY_LEN    = 32'd128;
  // Largest total variable-length bytes per request: 64 KiB of data + 1 KiB of iv/aad/keys.
  localparam logic [63:0] CFG_MAX_SIZE            = 64'd66560;

  // Side information the cipher engine carries with each block through the AES datapath
  // (vcrypto_cipher_engine: input block or chaining value / tweak, byte count, tlast, XTS X);
  // the width of a shared datapath's ports (vcrypto_top, NUM_LANES > 1).
  localparam int unsigned CIPHER_AES_USER_W       = 128 + 5 + 1 + 1;

endpackage
