// Reference model for session create / destroy outcomes (fact sheet §6 items 6–7, D17, D19).

import { CIPHER_OP, SERVICE, STATUS, SYM_OP } from '../constants/crypto.ts';
import { CIPHER_MODELS, REF_CIPHER_ALGOS, refOpValue, type RefOp } from './cipher.ts';

export interface ExpectCreateParams {
  service: number;
  algo: number;
  keyLen: number;
  op: RefOp;
  /** CIPHER service: default SYM_OP.CIPHER */
  opType?: number;
  /** cipher algorithms the device supports (default: those the model implements) */
  supported?: ReadonlySet<number>;
}

export interface ExpectedCreate {
  status: number;
  rule: string;
}

/**
 * Expected session_input.status of a create request. (Session table exhaustion → NOSPC with
 * REVISION_1 / ERR without (D17) depends on device state and is not modelled here.)
 */
export function expectCreateSession(p: ExpectCreateParams): ExpectedCreate {
  if (p.service !== SERVICE.CIPHER) {
    // HASH / MAC / AEAD sessions: not modelled yet (the model grows with the device); any other
    // service has no create opcode the device knows → D19 NOTSUPP.
    return { status: STATUS.NOTSUPP, rule: 'D19 service not modelled / unknown' };
  }
  const opType = p.opType ?? SYM_OP.CIPHER;
  // D19: op_type NONE / unknown → NOTSUPP; chaining not modelled yet (grows later)
  if (opType !== SYM_OP.CIPHER) return { status: STATUS.NOTSUPP, rule: 'D19 op_type not supported' };
  const supported = p.supported ?? REF_CIPHER_ALGOS;
  const model = CIPHER_MODELS[p.algo];
  // D19 / §6 item 6: unsupported algorithm → NOTSUPP
  if (!model || !supported.has(p.algo)) return { status: STATUS.NOTSUPP, rule: 'D19 unsupported algorithm' };
  const op = refOpValue(p.op);
  // §6 item 6: unsupported operation → NOTSUPP
  if (op !== CIPHER_OP.ENCRYPT && op !== CIPHER_OP.DECRYPT) return { status: STATUS.NOTSUPP, rule: '§6.6 unsupported op' };
  // §6 item 6 / §4.5: ERR for any other failure — a key size the algorithm does not take
  if (!model.keySizes.includes(p.keyLen)) return { status: STATUS.ERR, rule: '§6.6 bad key length' };
  return { status: STATUS.OK, rule: 'OK' };
}

/** §6 item 7: destroy → OK for a live session, ERR for anything else (unknown or stale id, D17). */
export function expectDestroySession(live: boolean): number {
  return live ? STATUS.OK : STATUS.ERR;
}

/** D17 / §6 item 11: a data request naming a destroyed or unknown session → INVSESS. */
export function expectStaleSessionRequest(): number {
  return STATUS.INVSESS;
}
