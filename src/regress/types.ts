// Types of the constrained-random regression (`vcrypto regress`, docs/regress.md).
//
// A plan is a stream of steps per device profile. Every step is a batch of requests submitted
// together (without awaiting each) over the data queues and the control queue; the next step
// starts when every request of the batch completed. Session ids are only known at run time, so
// requests name sessions by a plan-time handle.

import type { SplitSpec } from '../crypto/framing.ts';
import type { CtrlLayout, DataLayout, RequestMode } from '../crypto/structs.ts';

export type Svc = 'cipher' | 'hash' | 'mac' | 'aead' | 'chain';
export type Op = 'encrypt' | 'decrypt';

/** Mode × layout of a data request (D1/D2). */
export type ML = 'session-legacy' | 'session-rev1' | 'session-stateless' | 'stateless';
export const ML_VALUES: readonly ML[] = ['session-legacy', 'session-rev1', 'session-stateless', 'stateless'];

/** service × algorithm × key size: the unit the generator deals from its deck. */
export interface Kind {
  svc: Svc;
  /** JSONL-style name: `aes-cbc`, `sha256`, `hmac-sha1`, `cmac-aes`, `aes-gcm`, `aes-ctr+hmac-sha256` */
  algo: string;
  /** coverage label of the key: bits (`128`, `512` = XTS key1‖key2), HMAC key class (`k0`, `short`, `block`, `long`), `-` */
  key: string;
  /** cipher / AEAD / CMAC algorithm number; chain: the cipher algorithm */
  algoNum: number;
  /** key length in bytes (cipher, AEAD, CMAC, chain cipher key); HMAC: see `key` */
  keyLen: number;
  /** chain: HASH_ALGO (PLAIN) or MAC_ALGO (AUTH) value */
  hashAlgo?: number;
  /** chain: SYM_HASH_MODE */
  hashMode?: number;
}

/** Fault injected into a request (docs/regress.md "Negative cases"). */
export type Fault =
  | 'len-block' // D12 ECB/CBC length (or chain len_to_cipher) not a block multiple → ERR
  | 'xts-short' // D11 XTS 1..15 bytes → ERR
  | 'xts-key-eq' // D11 key1 = key2 (stateless) → ERR
  | 'short-dst' // D13 / D5 / D6 dst_data_len too small → ERR
  | 'small-area' // D13 writable area too small → ERR, only the status written
  | 'result-len' // D13/D14 hash_result_len 0 or > digest (stateless) → ERR
  | 'key-len' // bad key length (stateless) → ERR
  | 'iv-len' // bad iv length (CBC/CTR/XTS ≠ 16, GCM 0, CCM not 7..13) → ERR
  | 'tag-len' // D7 bad tag_len (stateless) → ERR
  | 'bad-tag' // D6 corrupted ciphertext / tag → BADMSG, plaintext zeroed
  | 'src-lt-tag' // D6 decrypt src shorter than the tag → ERR
  | 'range' // D21 chain range outside src → ERR
  | 'stale' // D17 destroyed session id → INVSESS
  | 'algo' // D19 unsupported algorithm / hash mode (stateless) → NOTSUPP
  | 'flag0' // REVISION_1 session layout, flag ≠ SESSION_MODE → NOTSUPP
  | 'opcode'; // D19 unknown opcode → NOTSUPP

/** Variants that must not change the answer (checked like any other request). */
export type Variant =
  | 'dir-swap' // session mode: the data opcode's direction differs from the session's — the session wins
  | 'field-ignored' // session mode: hash_result_len / tag_len field of the request differs — ignored
  | 'sess-para' // D2: session request on the stateless layout carries garbage sess_para — ignored
  | 'legacy-flag'; // legacy layout: header.flag is not looked at (only REVISION_1 defines it)

export interface Framing {
  queue: number;
  split: SplitSpec;
  indirect: boolean;
  /** explicit writable lengths; the status is the last byte (D3) */
  writable: number[];
  /** byte the writable buffers hold before submission */
  fill: number;
  /** readable side is one descriptor (plan-time classification) */
  readableSingle: boolean;
}

// ------------------------------------------------------------------ sessions

export interface CipherSessionParams { algo: number; key: Uint8Array; op: Op }
export interface HashSessionParams { algo: number; hashResultLen: number }
export interface MacSessionParams { algo: number; key: Uint8Array; hashResultLen: number }
export interface AeadSessionParams { algo: number; key: Uint8Array; tagLen: number; op: Op; aadLen: number }
export interface ChainSessionParams {
  order: number;
  hashMode: number;
  cipherAlgo: number;
  cipherKey: Uint8Array;
  cipherOp: Op;
  hashAlgo: number;
  authKey: Uint8Array;
  hashResultLen: number;
  aadLen: number;
}
export type SessionParams =
  | { svc: 'cipher'; p: CipherSessionParams }
  | { svc: 'hash'; p: HashSessionParams }
  | { svc: 'mac'; p: MacSessionParams }
  | { svc: 'aead'; p: AeadSessionParams }
  | { svc: 'chain'; p: ChainSessionParams };

export interface SessionSpec {
  handle: number;
  kind: Kind;
  params: SessionParams;
}

// ------------------------------------------------------------------ requests

/** Parameters of a data request (the service decides which are used). */
export interface DataParams {
  /** direction of the request's opcode */
  op: Op;
  /** stateless: the request's algorithm (may be an unsupported one for fault 'algo') */
  algo: number;
  key: Uint8Array;
  iv: Uint8Array;
  aad: Uint8Array;
  src: Uint8Array;
  /** cipher / AEAD / chain dst_data_len */
  dstLen: number;
  hashResultLen: number;
  tagLen: number;
  // chain
  order: number;
  hashMode: number;
  hashAlgo: number;
  authKey: Uint8Array;
  cipherStart: number;
  lenToCipher: number;
  hashStart: number;
  lenToHash: number;
  // field overrides
  opcode?: number;
  flag?: number;
  hashResultLenField?: number;
  tagLenField?: number;
  /** D2 garbage sess_para on a session-mode stateless-layout cipher request */
  sessParaGarbage?: boolean;
}

export interface DataItem {
  type: 'data';
  /** sequence number within the profile's plan */
  seq: number;
  kind: Kind;
  mode: RequestMode;
  layout: DataLayout;
  ml: ML;
  /** session mode: the session (for fault 'stale' a destroyed one) */
  session?: SessionSpec;
  fault?: Fault;
  variant?: Variant;
  p: DataParams;
  framing: Framing;
  /** requests on the same queue in the same batch */
  depth: number;
}

export interface CreateItem {
  type: 'create';
  seq: number;
  session: SessionSpec;
  /** the model's answer (NOSPC / ERR for the create that overflows the table, D17) */
  expectStatus: number;
  /** why it must fail, when it must */
  fault?: string;
  layout: CtrlLayout;
  framing: Framing;
}

export interface DestroyItem {
  type: 'destroy';
  seq: number;
  session: SessionSpec;
  /** live → OK; stale → ERR (§6.7, D17) */
  live: boolean;
  layout: CtrlLayout;
  framing: Framing;
}

export type Item = DataItem | CreateItem | DestroyItem;

export interface Step {
  /** step number within the profile's plan */
  index: number;
  items: Item[];
  /** a D17 table-full step: the creates fill the session table */
  note?: string;
}
