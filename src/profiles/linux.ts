// The Linux virtio_crypto driver's way of using the device (fact sheet §7.1):
// - negotiates only transport features (no crypto bits → legacy 72-byte layouts, session mode);
// - skcipher `cbc(aes)` only; every setkey creates TWO sessions (encrypt and decrypt) and a rekey
//   destroys both first;
// - every request goes to data queue 0; ctrl create = OUT [72 B][key] + IN [16 B session_input],
//   destroy = OUT [72 B] + IN [1 B]; data = OUT [72 B][iv][src sg entries…] + IN [dst sg
//   entries…][1 B status]; with INDIRECT_DESC the ring core puts every request with more than
//   one scatterlist entry (all of them) into one indirect table;
// - requests of the crypto engine queue are in flight together.
import { AES_BLOCK_SIZE, AES_IV_SIZE, AES_KEY_BITS, BITS_PER_BYTE, CIPHER_ALGO, FEATURE, LEGACY, SERVICE, STATUS, statusName } from '../constants/crypto.ts';
import { LINUX_PROFILE } from '../constants/profiles.ts';
import { cipherRequest } from '../crypto/cipher.ts';
import type { FullDevice } from '../crypto/device.ts';
import { Rng } from '../crypto/rng.ts';
import { createCipherSession, destroySession } from '../crypto/session.ts';
import { expectCipher } from '../ref/index.ts';
import { check, newTally, type Tally } from './types.ts';

/** Scatterlist cut points of a `len`-byte buffer: page boundaries plus up to MAX_SG_ENTRIES-1 random cuts. */
export function sgCuts(rng: Rng, len: number, pageOffset: number): number[] {
  const cuts = new Set<number>();
  for (let p = LINUX_PROFILE.PAGE_SIZE - pageOffset; p < len; p += LINUX_PROFILE.PAGE_SIZE) cuts.add(p);
  const extra = rng.int(LINUX_PROFILE.MAX_SG_ENTRIES);
  for (let i = 0; i < extra && len > 1; i++) cuts.add(1 + rng.int(len - 1));
  return [...cuts].filter((c) => c > 0 && c < len).sort((a, b) => a - b);
}

/** Lengths of the pieces `cuts` makes of `len` bytes. */
export function pieceLengths(len: number, cuts: readonly number[]): number[] {
  const out: number[] = [];
  let prev = 0;
  for (const c of [...cuts, len]) {
    if (c > prev) out.push(c - prev);
    prev = c;
  }
  return out;
}

interface Sessions {
  enc: bigint;
  dec: bigint;
}

/** virtio_crypto_alg_skcipher_init_sessions: one session per direction for the key. */
async function setkey(dev: FullDevice, key: Uint8Array, indirect: boolean, t: Tally): Promise<Sessions | undefined> {
  const made: Partial<Sessions> = {};
  for (const op of ['encrypt', 'decrypt'] as const) {
    const r = await createCipherSession(dev, { algo: CIPHER_ALGO.AES_CBC, key, op }, { indirect });
    check(t, r.status === STATUS.OK, () => `setkey ${key.length * BITS_PER_BYTE}-bit ${op} session: status ${statusName(r.status)}`);
    if (r.status !== STATUS.OK) return undefined;
    made[op === 'encrypt' ? 'enc' : 'dec'] = r.sessionId;
  }
  return made as Sessions;
}

/** Destroy both sessions of a key (rekey and tfm exit). */
async function dropKey(dev: FullDevice, s: Sessions, indirect: boolean, t: Tally): Promise<void> {
  for (const id of [s.enc, s.dec]) {
    const st = await destroySession(dev, SERVICE.CIPHER, id, { indirect });
    check(t, st === STATUS.OK, () => `destroy session 0x${id.toString(16)}: status ${statusName(st)}`);
  }
}

/** One skcipher request laid out as virtio_crypto_skcipher_crypt_req does. */
async function skcipher(
  dev: FullDevice,
  rng: Rng,
  sessionId: bigint,
  op: 'encrypt' | 'decrypt',
  iv: Uint8Array,
  src: Uint8Array,
  indirect: boolean,
): Promise<{ status: number; dst: Uint8Array }> {
  const srcAt = LEGACY.DATA_REQ_SIZE + AES_IV_SIZE;
  const split = [LEGACY.DATA_REQ_SIZE, srcAt, ...sgCuts(rng, src.length, rng.int(LINUX_PROFILE.PAGE_SIZE)).map((c) => srcAt + c)];
  const dstPieces = pieceLengths(src.length, sgCuts(rng, src.length, rng.int(LINUX_PROFILE.PAGE_SIZE)));
  const r = await cipherRequest(dev, { queue: 0, op, iv, src, sessionId, split, writable: [...dstPieces, 1], indirect });
  return { status: r.status, dst: r.dst };
}

async function runKeySize(dev: FullDevice, rng: Rng, keyBits: number, perKey: number, t: Tally): Promise<void> {
  const indirect = (dev.negotiatedFeatures & FEATURE.INDIRECT_DESC) !== 0n;
  let sessions: Sessions | undefined;
  for (let k = 0; k < LINUX_PROFILE.KEYS; k++) {
    const key = rng.bytes(keyBits / BITS_PER_BYTE);
    // crypto_skcipher_setkey: a second key first destroys the sessions of the first
    if (sessions) await dropKey(dev, sessions, indirect, t);
    sessions = await setkey(dev, key, indirect, t);
    if (!sessions) return;
    const s = sessions;
    const cases = Array.from({ length: perKey }, () => {
      const len = AES_BLOCK_SIZE * (1 + rng.int(LINUX_PROFILE.MAX_BLOCKS));
      return { iv: rng.bytes(AES_IV_SIZE), pt: rng.bytes(len) };
    });
    // encrypt all together, then decrypt every ciphertext together (the crypto engine queue)
    const encs = await Promise.all(cases.map((c) => skcipher(dev, rng, s.enc, 'encrypt', c.iv, c.pt, indirect)));
    const decs = await Promise.all(cases.map((c, i) => skcipher(dev, rng, s.dec, 'decrypt', c.iv, encs[i]!.dst, indirect)));
    cases.forEach((c, i) => {
      const want = expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv: c.iv, src: c.pt });
      const e = encs[i]!;
      check(t, e.status === want.status && Buffer.from(e.dst).equals(Buffer.from(want.dst)), () => `encrypt key ${k} #${i} len ${c.pt.length}: status ${statusName(e.status)}, dst ${e.dst.length === want.dst.length ? 'differs from' : 'length differs from'} the model`);
      const d = decs[i]!;
      check(t, d.status === STATUS.OK && Buffer.from(d.dst).equals(Buffer.from(c.pt)), () => `decrypt key ${k} #${i} len ${c.pt.length}: status ${statusName(d.status)}, plaintext not recovered`);
    });
  }
  if (sessions) await dropKey(dev, sessions, indirect, t);
}

/** Rows of the linux section: cipher aes-cbc at every key size, session mode, legacy layout. */
export async function runLinuxRows(dev: FullDevice, rng: Rng, scale: number, cycles: () => Promise<bigint>) {
  const perKey = Math.max(1, Math.round(LINUX_PROFILE.REQUESTS_PER_KEY * scale));
  const rows = [];
  for (const keyBits of AES_KEY_BITS) {
    const t = newTally();
    const c0 = await cycles();
    try {
      await runKeySize(dev, rng, keyBits, perKey, t);
    } catch (e) {
      check(t, false, () => `exception: ${(e as Error).message}`);
    }
    rows.push({ row: { service: 'cipher', algo: 'aes-cbc', keyBits, mode: 'session', layout: 'legacy' }, t, cycles: Number((await cycles()) - c0) });
  }
  return rows;
}
