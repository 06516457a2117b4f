// One known-answer vector, as the vectors CLI hands it to executeCase().

export type VectorService = 'cipher' | 'hash' | 'mac' | 'aead';

export type VectorAlgo =
  | 'aes-ecb' | 'aes-cbc' | 'aes-ctr' | 'aes-xts'
  | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'
  | 'hmac-sha1' | 'hmac-sha224' | 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512' | 'cmac-aes'
  | 'aes-gcm' | 'aes-ccm';

export interface VectorCase {
  service: VectorService;
  algo: VectorAlgo;
  /** cipher / aead direction (hash / mac: ignored) */
  op: 'encrypt' | 'decrypt';
  /** cipher key (XTS: key1 ‖ key2, D11), HMAC/CMAC key, AEAD key; empty for hashes */
  key: Uint8Array;
  /** CBC IV, CTR counter block (D10), XTS tweak, GCM IV (D8), CCM nonce (D9); empty for ECB / hash / mac */
  iv: Uint8Array;
  /** AEAD additional data (empty otherwise) */
  aad: Uint8Array;
  /** cipher: src; hash / mac: message; aead encrypt: plaintext; aead decrypt: ciphertext ‖ tag (D6) */
  input: Uint8Array;
  /** expected output (cipher: dst; hash / mac: outLen bytes; aead encrypt: ct ‖ tag; decrypt: plaintext) */
  output?: Uint8Array;
  /** AEAD tag length (default 16) */
  tagLen?: number;
  /** hash / mac: digest bytes wanted (default: the full digest / tag, D14) */
  outLen?: number;
  /** false: a negative vector (e.g. AEAD decrypt with a wrong tag → BADMSG) */
  valid: boolean;
}
