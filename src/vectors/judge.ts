// What counts as a pass, a failure or an unsupported case.
import { STATUS, statusName } from '../constants/crypto.ts';
import { equalBytes, shortHex } from './hex.ts';
import type { ExecuteResult, VectorCase } from './types.ts';

export interface Verdict {
  verdict: 'pass' | 'fail' | 'unsupported';
  reason?: string;
}

const refused = (s: number): boolean => s === STATUS.NOTSUPP || s === STATUS.ERR;

/**
 * - executeCase reported the parameters as documented-unsupported (it did not call the device):
 *   unsupported, valid or not — the device was not exercised, so it is neither a pass nor a failure.
 * - session mode: a destroy that did not answer OK fails the case.
 * - valid: status OK and output equal to the expected bytes.
 * - invalid: NOTSUPP or ERR (refused parameters) passes; AEAD: BADMSG passes if no plaintext was
 *   released (D6: the output is all zero); MAC/hash: OK with a result different from the case's
 *   tag/digest passes. Everything else fails.
 */
export function judge(c: VectorCase, r: ExecuteResult): Verdict {
  const st = statusName(r.status);
  if (r.unsupported !== undefined) return { verdict: 'unsupported', reason: r.unsupported };
  if (r.destroyStatus !== undefined && r.destroyStatus !== STATUS.OK) return { verdict: 'fail', reason: `destroy session answered ${statusName(r.destroyStatus)}` };
  if (c.valid) {
    if (r.status !== STATUS.OK) return { verdict: 'fail', reason: `status ${st}, expected OK` };
    if (!c.output) return { verdict: 'fail', reason: 'valid case without an expected output' };
    if (!equalBytes(r.output, c.output)) return { verdict: 'fail', reason: `output ${shortHex(r.output)}, expected ${shortHex(c.output)}` };
    return { verdict: 'pass' };
  }
  if (refused(r.status)) return { verdict: 'pass', reason: `refused (${st})` };
  if (c.service === 'aead' && r.status === STATUS.BADMSG) {
    if (r.output.some((b) => b !== 0)) return { verdict: 'fail', reason: `BADMSG but plaintext released (D6): ${shortHex(r.output)}` };
    return { verdict: 'pass', reason: 'BADMSG' };
  }
  if ((c.service === 'mac' || c.service === 'hash') && r.status === STATUS.OK) {
    if (!c.output) return { verdict: 'fail', reason: 'accepted (OK) an invalid case that has no tag to differ from' };
    if (equalBytes(r.output, c.output)) return { verdict: 'fail', reason: `produced the ${c.service === 'mac' ? 'tag' : 'digest'} the case marks as wrong` };
    return { verdict: 'pass', reason: 'different tag' };
  }
  const expected = c.service === 'aead' ? 'BADMSG, NOTSUPP or ERR' : c.service === 'mac' || c.service === 'hash' ? 'NOTSUPP, ERR or a different result' : 'NOTSUPP or ERR';
  return { verdict: 'fail', reason: `status ${st} for an invalid case, expected ${expected}` };
}
