// A software stand-in for executeCase, for the tests that do not need the device: it answers
// VectorCases with @noble/ciphers, @noble/hashes and node:crypto (XTS, CCM, GCM), following the
// parameter rules of docs/design.md "Request semantics of every service". Like executeCase, it
// reports parameters outside that table as `unsupported` (with the status the device would give)
// and answers a bad AEAD tag with BADMSG. It depends on nothing in src/ but the types and the
// status constants.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { cbc, cmac, ctr, ecb } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { STATUS } from '../../src/constants/crypto.ts';
import type { ExecuteCase, ExecuteResult, VectorCase } from '../../src/vectors/types.ts';

const AES_KEYS = [16, 24, 32];
const EMPTY = new Uint8Array(0);
const err = (why: string): ExecuteResult => ({ status: STATUS.ERR, output: EMPTY, unsupported: `outside the design table: ${why}` });
const ok = (output: Uint8Array): ExecuteResult => ({ status: STATUS.OK, output: Uint8Array.from(output) });

const HASHES = { sha1, sha224, sha256, sha384, sha512 } as const;
type HashName = keyof typeof HASHES;

function node(name: string, encrypt: boolean, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array {
  const c = encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

function cipher(c: VectorCase): ExecuteResult {
  const enc = c.op === 'encrypt';
  if (c.algo === 'aes-xts') {
    if (c.key.length !== 32 && c.key.length !== 64) return err('XTS key length');
    const half = c.key.length / 2;
    if (Buffer.from(c.key.subarray(0, half)).equals(Buffer.from(c.key.subarray(half)))) return err('D11 key1 = key2');
    if (c.iv.length !== 16) return err('XTS tweak length');
    if (c.input.length === 0) return ok(EMPTY);
    if (c.input.length < 16) return err('D11 XTS data shorter than a block');
    return ok(node(`aes-${half * 8}-xts`, enc, c.key, c.iv, c.input));
  }
  if (!AES_KEYS.includes(c.key.length)) return err('AES key length');
  if (c.algo !== 'aes-ecb' && c.iv.length !== 16) return err('IV length');
  if (c.algo !== 'aes-ctr' && c.input.length % 16 !== 0) return err('D12 length not a block multiple');
  if (c.input.length === 0) return ok(EMPTY);
  const p = { disablePadding: true };
  if (c.algo === 'aes-ecb') return ok(enc ? ecb(c.key, p).encrypt(c.input) : ecb(c.key, p).decrypt(c.input));
  if (c.algo === 'aes-cbc') return ok(enc ? cbc(c.key, c.iv, p).encrypt(c.input) : cbc(c.key, c.iv, p).decrypt(c.input));
  return ok(ctr(c.key, c.iv).encrypt(c.input));
}

function digestOf(name: HashName, key: Uint8Array | undefined, msg: Uint8Array): Uint8Array {
  return key ? hmac(HASHES[name], key, msg) : HASHES[name](msg);
}

function hashOrMac(c: VectorCase): ExecuteResult {
  let full: Uint8Array;
  if (c.algo === 'cmac-aes') {
    if (!AES_KEYS.includes(c.key.length)) return err('D15 CMAC key length');
    full = cmac(c.input, c.key);
  } else if (c.service === 'mac') {
    if (c.key.length > 128) return err('D15 HMAC key longer than max_auth_key_len');
    full = digestOf(c.algo.replace('hmac-', '') as HashName, c.key, c.input);
  } else {
    full = digestOf(c.algo as HashName, undefined, c.input);
  }
  const n = c.outLen ?? full.length;
  if (n < 1 || n > full.length) return err('D13/D14 result length');
  return ok(full.subarray(0, n));
}

function aead(c: VectorCase): ExecuteResult {
  const t = c.tagLen ?? 16;
  const gcm = c.algo === 'aes-gcm';
  if (!AES_KEYS.includes(c.key.length)) return err('AES key length');
  if (gcm ? !(t === 4 || t === 8 || (t >= 12 && t <= 16)) : !(t >= 4 && t <= 16 && t % 2 === 0)) return err(`D7 tag length ${t}`);
  if (gcm ? c.iv.length < 1 : c.iv.length < 7 || c.iv.length > 13) return err('D8/D9 IV length');
  const name = `aes-${c.key.length * 8}-${gcm ? 'gcm' : 'ccm'}` as 'aes-128-gcm';
  if (c.op === 'encrypt') {
    const e = createCipheriv(name, c.key, c.iv, { authTagLength: t });
    e.setAAD(c.aad.length ? c.aad : Buffer.alloc(0), { plaintextLength: c.input.length });
    const ct = Buffer.concat([e.update(c.input.length ? c.input : Buffer.alloc(0)), e.final()]);
    return ok(Buffer.concat([ct, e.getAuthTag()]));
  }
  if (c.input.length < t) return err('D6 input shorter than the tag');
  const ct = c.input.subarray(0, c.input.length - t);
  const tag = c.input.subarray(c.input.length - t);
  try {
    const d = createDecipheriv(name, c.key, c.iv, { authTagLength: t });
    d.setAuthTag(tag);
    d.setAAD(c.aad.length ? c.aad : Buffer.alloc(0), { plaintextLength: ct.length });
    const pt = Buffer.concat([d.update(ct.length ? ct : Buffer.alloc(0)), d.final()]);
    return ok(pt);
  } catch {
    return { status: STATUS.BADMSG, output: new Uint8Array(ct.length) }; // D6: zeros, no plaintext released
  }
}

/** executeCase stand-in (ignores the device and the mode). */
export const referenceExecute: ExecuteCase = async (_dev, c) => {
  if (c.service === 'cipher') return cipher(c);
  if (c.service === 'aead') return aead(c);
  return hashOrMac(c);
};
