// Reference model for session create / destroy outcomes (fact sheet §6 items 6–7, D7, D11, D15,
// D17, D19; design.md "Request semantics" table and "Session parameters").

import { AEAD_ALGO, AES_KEY_SIZES, CIPHER_OP, DEVICE_SUPPORTED, SERVICE, STATUS, SYM_OP } from '../constants/crypto.ts';
import { aeadTagLenProblem } from './aead.ts';
import { chainKeyProblem, chainNotSupp, type ChainSessionModel, type ChainSupport } from './chain.ts';
import { CIPHER_MODELS, REF_CIPHER_ALGOS, refOpValue, type RefOp } from './cipher.ts';
import { hashDigestLen, macDigestLen, macKeyProblem, resultLenProblem } from './hash.ts';

export interface ExpectCreateParams {
  service: number;
  /** the algorithm of the service (CIPHER: cipher algo; HASH: hash algo; MAC: mac algo; AEAD: aead algo) */
  algo: number;
  /** CIPHER / AEAD key_len, MAC auth_key_len */
  keyLen: number;
  /** CIPHER / AEAD direction (ignored for HASH / MAC) */
  op: RefOp;
  /** CIPHER service: default SYM_OP.CIPHER */
  opType?: number;
  /** the key bytes, when known (D11: XTS key1 = key2 → ERR) */
  key?: Uint8Array;
  /** HASH / MAC: hash_result_len */
  hashResultLen?: number;
  /** AEAD: tag_len (D7) */
  tagLen?: number;
  /** CIPHER service with op_type ALGORITHM_CHAINING: the chain parameters */
  chain?: ChainSessionModel;
  /** algorithms the device supports for this service (default: the design table; CIPHER: those the model implements) */
  supported?: ReadonlySet<number>;
  /** chain: supported sets */
  chainSupport?: ChainSupport;
}

export interface ExpectedCreate {
  status: number;
  rule: string;
}

const ok = (): ExpectedCreate => ({ status: STATUS.OK, rule: 'OK' });
const notsupp = (rule: string): ExpectedCreate => ({ status: STATUS.NOTSUPP, rule });
const err = (rule: string): ExpectedCreate => ({ status: STATUS.ERR, rule });

/**
 * Expected session_input.status of a create request. Order (design.md): algorithm (NOTSUPP),
 * op / op_type / hash_mode / tag_len values (NOTSUPP), key and length checks (ERR). Session
 * table exhaustion (NOSPC with REVISION_1, ERR without, D17) depends on device state and is not
 * modelled here.
 */
export function expectCreateSession(p: ExpectCreateParams): ExpectedCreate {
  switch (p.service) {
    case SERVICE.CIPHER:
      return expectCreateSym(p);
    case SERVICE.HASH: {
      const supported = p.supported ?? DEVICE_SUPPORTED.hash;
      const dl = hashDigestLen(p.algo);
      // D19
      if (dl === undefined || !supported.has(p.algo)) return notsupp('D19 unsupported hash algorithm');
      // design table HASH: hash_result_len 0 or larger than the digest → ERR at create (D13/D14)
      const rl = resultLenProblem(p.hashResultLen ?? dl, dl);
      return rl ? err(rl) : ok();
    }
    case SERVICE.MAC: {
      const supported = p.supported ?? DEVICE_SUPPORTED.mac;
      const dl = macDigestLen(p.algo);
      // D19 (D16: GMAC not offered)
      if (dl === undefined || !supported.has(p.algo)) return notsupp('D19 unsupported MAC algorithm');
      // D15 key length, then hash_result_len 1..digest
      const kp = macKeyProblem(p.algo, p.keyLen);
      if (kp) return err(kp);
      const rl = resultLenProblem(p.hashResultLen ?? dl, dl);
      return rl ? err(rl) : ok();
    }
    case SERVICE.AEAD: {
      const supported = p.supported ?? DEVICE_SUPPORTED.aead;
      // D19
      if ((p.algo !== AEAD_ALGO.GCM && p.algo !== AEAD_ALGO.CCM) || !supported.has(p.algo)) return notsupp('D19 unsupported AEAD algorithm');
      // §6 item 6: op other than ENCRYPT/DECRYPT → NOTSUPP
      const op = refOpValue(p.op);
      if (op !== CIPHER_OP.ENCRYPT && op !== CIPHER_OP.DECRYPT) return notsupp('§6.6 unsupported AEAD op');
      // D7: a bad tag_len is NOTSUPP at create (a parameter value, checked before keys)
      const tp = aeadTagLenProblem(p.algo, p.tagLen ?? 0);
      if (tp) return notsupp(tp);
      // design table AEAD: key 16/24/32 → else ERR
      return AES_KEY_SIZES.includes(p.keyLen) ? ok() : err('AEAD key not 16/24/32');
    }
    default:
      // D19: no create opcode the device knows (AKCIPHER is not offered)
      return notsupp('D19 service not supported');
  }
}

function expectCreateSym(p: ExpectCreateParams): ExpectedCreate {
  const opType = p.opType ?? SYM_OP.CIPHER;
  if (opType === SYM_OP.ALGORITHM_CHAINING) {
    // design table CHAIN: cipher and hash/HMAC rules, hash_mode PLAIN/AUTH, NESTED/CMAC → NOTSUPP
    if (!p.chain) return err('chain create without chain parameters');
    const ns = chainNotSupp(p.chain, p.chainSupport ?? (p.supported ? { cipher: p.supported } : {}));
    if ('rule' in ns) return notsupp(ns.rule);
    const kp = chainKeyProblem(p.chain, ns.digestLen);
    return kp ? err(kp) : ok();
  }
  // D19: op_type NONE / unknown → NOTSUPP
  if (opType !== SYM_OP.CIPHER) return notsupp('D19 op_type not supported');
  const supported = p.supported ?? REF_CIPHER_ALGOS;
  const model = CIPHER_MODELS[p.algo];
  // D19 / §6 item 6: unsupported algorithm → NOTSUPP
  if (!model || !supported.has(p.algo)) return notsupp('D19 unsupported algorithm');
  const op = refOpValue(p.op);
  // §6 item 6: unsupported operation → NOTSUPP
  if (op !== CIPHER_OP.ENCRYPT && op !== CIPHER_OP.DECRYPT) return notsupp('§6.6 unsupported op');
  // §6 item 6 / §4.5: ERR for any other failure — a key size the algorithm does not take
  if (!model.keySizes.includes(p.keyLen)) return err('§6.6 bad key length');
  // D11: XTS key1 = key2 → ERR (needs the key bytes)
  const kc = p.key && p.key.length === p.keyLen ? model.keyCheck?.(p.key) : undefined;
  return kc ? err(kc) : ok();
}

/** §6 item 7: destroy → OK for a live session, ERR for anything else (unknown or stale id, D17). */
export function expectDestroySession(live: boolean): number {
  return live ? STATUS.OK : STATUS.ERR;
}

/** D17 / §6 item 11: a data request naming a destroyed or unknown session → INVSESS. */
export function expectStaleSessionRequest(): number {
  return STATUS.INVSESS;
}
