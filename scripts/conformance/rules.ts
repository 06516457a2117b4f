// The rules docs/conformance.md accounts for: the device MUST/SHOULD checklist of the fact sheet
// (shared/reference/virtio-crypto.md §6, items 1-27) and the project decisions D1-D21 (§10).
// Titles are short paraphrases; the fact sheet is the authority.

export interface Rule {
  /** `§6.<n>` for checklist items, `D<n>` for decisions. */
  id: string;
  group: 'checklist' | 'decision';
  /** Checklist item number or decision number. */
  n: number;
  title: string;
}

const CHECKLIST: string[] = [
  /* 1 */ 'max_dataqueues in 1..65535',
  /* 2 */ 'status holds only defined bits (HW_READY); requests handled once HW_READY is set',
  /* 3 */ 'crypto_services and a detailed algorithm mask per offered service; no undefined algorithm bits',
  /* 4 */ 'max_size set; max_cipher_key_len if CIPHER, max_auth_key_len if MAC offered',
  /* 5 */ 'no *_STATELESS_MODE bit without REVISION_1',
  /* 6 */ 'session create: structure per opcode; status OK / NOTSUPP / NOSPC (REV_1) / ERR; unique session_id only on OK',
  /* 7 */ 'session destroy: OK on success, ERR on any failure',
  /* 8 */ 'every data request returns a status in inhdr.status (last device-writable byte)',
  /* 9 */ 'stateless feature negotiated: header.flag selects session (SESSION_MODE) or stateless mode',
  /* 10 */ 'REVISION_1 without the service stateless bit: flag without SESSION_MODE SHOULD be rejected; no REVISION_1: flag ignored',
  /* 11 */ 'HASH/MAC: digest into hash_result on success; OK / NOTSUPP / INVSESS / ERR',
  /* 12 */ 'CIPHER: cipher_data_* for op_type CIPHER, alg_chain_data_* for CHAINING; result into dst_data',
  /* 13 */ 'chaining: aad_len > 0 before AAD; HASH/MAC result into hash_result; cipher/hash ranges in alg_chain_order',
  /* 14 */ 'AEAD: result then tag in dst_data; decrypt verifies the tag, BADMSG on mismatch; OK / NOTSUPP / INVSESS / ERR',
  /* 15 */ 'AKCIPHER: result into dst_data; verify failure KEY_REJECTED (only if offered)',
  /* 16 */ 'IPsec (only if offered): capability/admin rules, BADMSG on integrity failure, destroy resources on reset',
  /* 17 */ 'offer VIRTIO_F_VERSION_1; never offer bits not handled; refuse FEATURES_OK for an unsupported subset',
  /* 18 */ 'reset on device_status := 0 (reads back 0); queue_enable 0, MSI-X vectors NO_VECTOR, queue_reset 0 after reset',
  /* 19 */ 'queue_size 0 for non-existent queues; power of 2 for the split ring',
  /* 20 */ 'never write device-readable buffers or descriptor-table entries; SHOULD NOT read device-writable buffers',
  /* 21 */ 'used ring: used len (bytes written) and the data written before used.idx is bumped',
  /* 22 */ 'notification suppression: avail.flags without EVENT_IDX, used_event (vring_need_event) with it; used.flags 0/1',
  /* 23 */ 'ISR: bit0 before a queue interrupt (INTx), bit1 before a config interrupt, clear on read; NO_VECTOR delivers nothing',
  /* 24 */ 'IN_ORDER negotiated: complete in order (packed ring: process in ring order)',
  /* 25 */ 'no assumptions about descriptor arrangement (chain length may be limited)',
  /* 26 */ 'SHOULD set DEVICE_NEEDS_RESET on unrecoverable error, then a configuration-change notification if DRIVER_OK',
  /* 27 */ 'no buffers consumed / no used-buffer notifications before DRIVER_OK',
];

const DECISIONS: string[] = [
  /* D1 */ 'layouts: REVISION_1 + stateless bits offered; legacy 72-byte layouts without them; all three work',
  /* D2 */ 'session request on a stateless-enabled service: stateless flf, SESSION_MODE uses session_id, no key bytes',
  /* D3 */ 'status byte = last byte of the writable area; dst/hash/tag fill it from the start; used.len = whole writable area',
  /* D4 */ 'AAD position: iv, aad, src for chaining and AEAD in both modes',
  /* D5 */ 'AEAD encrypt: dst = ciphertext ‖ tag; dst_data_len ≥ src_data_len + tag_len, else ERR',
  /* D6 */ 'AEAD decrypt: src = ciphertext ‖ tag; tag mismatch → BADMSG and the written plaintext zeroed',
  /* D7 */ 'tag length: session value / stateless tag_len; GCM 4, 8, 12..16, CCM 4..16 even; else NOTSUPP / ERR',
  /* D8 */ 'GCM IV: any iv_len ≥ 1 (12 fast path, others GHASHed); iv_len 0 → ERR',
  /* D9 */ 'CCM: iv = nonce, iv_len 7..13',
  /* D10 */ 'CTR: 16-byte counter block, 128-bit big-endian increment, any src length',
  /* D11 */ 'XTS: key1 ‖ key2 (32/64), iv = tweak, src ≥ 16 with ciphertext stealing; key1 = key2 → ERR',
  /* D12 */ 'ECB/CBC: src_data_len multiple of 16 (0 → OK), else ERR and dst untouched',
  /* D13 */ 'dst / hash_result / writable area too short → ERR, only the status byte written',
  /* D14 */ 'hash_result_len below the digest size → leftmost bytes',
  /* D15 */ 'HMAC keys 0..max_auth_key_len (longer than the block hashed first); CMAC keys 16/24/32',
  /* D16 */ 'GMAC not offered as a MAC (AEAD GCM with empty src)',
  /* D17 */ 'session ids carry a generation (destroyed id → INVSESS forever); destroy zeroizes; full table → NOSPC (REV_1) / ERR',
  /* D18 */ 'malformed chains → ERR where a status can be written; corrupt ring → DEVICE_NEEDS_RESET + config interrupt; never hang or stray',
  /* D19 */ 'unknown opcode / service / algorithm → NOTSUPP',
  /* D20 */ 'indirect descriptors accepted without VIRTIO_F_INDIRECT_DESC',
  /* D21 */ 'chaining: dst = src with the cipher range replaced; hash over result (C→H) or source (H→C), aad ‖ range; ranges outside src → ERR',
];

export const RULES: Rule[] = [
  ...CHECKLIST.map((title, i) => ({ id: `§6.${i + 1}`, group: 'checklist' as const, n: i + 1, title })),
  ...DECISIONS.map((title, i) => ({ id: `D${i + 1}`, group: 'decision' as const, n: i + 1, title })),
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));
