// The DPDK crypto_virtio PMD's way of using the device (fact sheet §7.3):
// - negotiates VERSION_1 | IN_ORDER | RING_PACKED | NOTIFICATION_DATA | INDIRECT_DESC |
//   ORDER_PLATFORM (new releases), no crypto bits → legacy layouts, session mode;
// - every ctrl and data request is ONE indirect descriptor: ctrl [72 B][cipher key][auth key] +
//   [16 B session_input]; data [72 B][iv][aad][src] + [dst][digest][1 B status];
// - AES-CBC, and AES-CBC + HMAC-SHA1 chaining (encrypt: cipher then hash, decrypt: hash then
//   cipher), IPsec-like ranges: the MAC covers header ‖ IV ‖ payload, the cipher only the payload;
// - operations are in place (dst = src memory);
// - bursts of requests on every queue pair (data queue) at once.
import {
  AES_BLOCK_SIZE,
  AES_IV_SIZE,
  AES_KEY_BITS,
  ALG_CHAIN_ORDER,
  BITS_PER_BYTE,
  CIPHER_ALGO,
  MAC_ALGO,
  SERVICE,
  STATUS,
  SYM_HASH_MODE,
  statusName,
} from '../constants/crypto.ts';
import { DPDK_PROFILE } from '../constants/profiles.ts';
import { chainRequest } from '../crypto/chain.ts';
import { cipherRequest } from '../crypto/cipher.ts';
import type { FullDevice } from '../crypto/device.ts';
import { Rng } from '../crypto/rng.ts';
import { createChainSession, createCipherSession, destroySession } from '../crypto/session.ts';
import { expectChain, expectCipher, expectedArea } from '../ref/index.ts';
import { check, newTally, type Tally } from './types.ts';

/** DPDK always builds one indirect table, whatever was negotiated (D20). */
const ONE_INDIRECT = { indirect: true } as const;

function queuePairs(dev: FullDevice): number[] {
  return Array.from({ length: Math.min(DPDK_PROFILE.QUEUE_PAIRS, dev.numDataQueues) }, (_, i) => i);
}

async function destroyAll(dev: FullDevice, ids: bigint[], t: Tally): Promise<void> {
  for (const id of ids) {
    const st = await destroySession(dev, SERVICE.CIPHER, id, ONE_INDIRECT);
    check(t, st === STATUS.OK, () => `destroy 0x${id.toString(16)}: ${statusName(st)}`);
  }
}

/** AES-CBC in place: a burst of encrypts on every queue pair, then the decrypts of the results. */
async function cipherRow(dev: FullDevice, rng: Rng, keyBits: number, bursts: number, t: Tally): Promise<void> {
  const key = rng.bytes(keyBits / BITS_PER_BYTE);
  const enc = await createCipherSession(dev, { algo: CIPHER_ALGO.AES_CBC, key, op: 'encrypt' }, ONE_INDIRECT);
  const dec = await createCipherSession(dev, { algo: CIPHER_ALGO.AES_CBC, key, op: 'decrypt' }, ONE_INDIRECT);
  check(t, enc.status === STATUS.OK && dec.status === STATUS.OK, () => `cipher sessions: ${statusName(enc.status)} / ${statusName(dec.status)}`);
  if (enc.status !== STATUS.OK || dec.status !== STATUS.OK) return;
  for (let b = 0; b < bursts; b++) {
    const ops = queuePairs(dev).flatMap((queue) =>
      Array.from({ length: DPDK_PROFILE.BURST }, () => ({
        queue,
        iv: rng.bytes(AES_IV_SIZE),
        pt: rng.bytes(AES_BLOCK_SIZE * (1 + rng.int(DPDK_PROFILE.MAX_BLOCKS))),
      })),
    );
    const req = (o: (typeof ops)[number], sessionId: bigint, op: 'encrypt' | 'decrypt', src: Uint8Array) =>
      cipherRequest(dev, { queue: o.queue, op, iv: o.iv, src, sessionId, ...ONE_INDIRECT, inPlace: true });
    const cts = await Promise.all(ops.map((o) => req(o, enc.sessionId, 'encrypt', o.pt)));
    const pts = await Promise.all(ops.map((o, i) => req(o, dec.sessionId, 'decrypt', cts[i]!.dst)));
    ops.forEach((o, i) => {
      const want = expectCipher({ algo: CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv: o.iv, src: o.pt });
      const c = cts[i]!;
      check(t, c.status === want.status && Buffer.from(c.dst).equals(Buffer.from(want.dst)), () => `burst ${b} q${o.queue} #${i} encrypt len ${o.pt.length}: ${statusName(c.status)}, dst differs from the model`);
      const p = pts[i]!;
      check(t, p.status === STATUS.OK && Buffer.from(p.dst).equals(Buffer.from(o.pt)), () => `burst ${b} q${o.queue} #${i} decrypt: ${statusName(p.status)}, plaintext not recovered`);
    });
  }
  await destroyAll(dev, [enc.sessionId, dec.sessionId], t);
}

/** IPsec-like packet: 8-byte header, 16-byte IV copy, payload of whole blocks. */
const ESP_HEADER = 8;

/** AES-CBC + HMAC-SHA1 in place: encrypt-then-MAC and MAC-then-decrypt sessions. */
async function chainRow(dev: FullDevice, rng: Rng, keyBits: number, bursts: number, t: Tally): Promise<void> {
  const cipherKey = rng.bytes(keyBits / BITS_PER_BYTE);
  const authKey = rng.bytes(DPDK_PROFILE.AUTH_KEY_LEN);
  for (const hashResultLen of DPDK_PROFILE.DIGEST_LENS) {
    const mk = (order: number, op: 'encrypt' | 'decrypt') =>
      createChainSession(
        dev,
        { algChainOrder: order, hashMode: SYM_HASH_MODE.AUTH, cipherAlgo: CIPHER_ALGO.AES_CBC, cipherOp: op === 'encrypt' ? 1 : 2, hashAlgo: MAC_ALGO.HMAC_SHA1, hashResultLen, cipherKey, authKey, aadLen: DPDK_PROFILE.AAD_LEN },
        ONE_INDIRECT,
      );
    const enc = await mk(ALG_CHAIN_ORDER.CIPHER_THEN_HASH, 'encrypt');
    const dec = await mk(ALG_CHAIN_ORDER.HASH_THEN_CIPHER, 'decrypt');
    check(t, enc.status === STATUS.OK && dec.status === STATUS.OK, () => `chain sessions (digest ${hashResultLen}): ${statusName(enc.status)} / ${statusName(dec.status)}`);
    if (enc.status !== STATUS.OK || dec.status !== STATUS.OK) return;
    for (let b = 0; b < bursts; b++) {
      const ops = queuePairs(dev).flatMap((queue) =>
        Array.from({ length: DPDK_PROFILE.BURST }, () => {
          const iv = rng.bytes(AES_IV_SIZE);
          const payload = rng.bytes(AES_BLOCK_SIZE * (1 + rng.int(DPDK_PROFILE.MAX_BLOCKS)));
          const pkt = new Uint8Array(ESP_HEADER + AES_IV_SIZE + payload.length);
          pkt.set(rng.bytes(ESP_HEADER));
          pkt.set(iv, ESP_HEADER);
          pkt.set(payload, ESP_HEADER + AES_IV_SIZE);
          return { queue, iv, aad: rng.bytes(DPDK_PROFILE.AAD_LEN), pkt };
        }),
      );
      const ranges = (n: number) => ({ cipherStart: ESP_HEADER + AES_IV_SIZE, lenToCipher: n - ESP_HEADER - AES_IV_SIZE, hashStart: 0, lenToHash: n });
      const model = (o: (typeof ops)[number], order: number, op: 'encrypt' | 'decrypt', src: Uint8Array) =>
        expectChain({ order, hashMode: SYM_HASH_MODE.AUTH, cipherAlgo: CIPHER_ALGO.AES_CBC, cipherOp: op, cipherKey, hashAlgo: MAC_ALGO.HMAC_SHA1, authKey, hashResultLen, iv: o.iv, aad: o.aad, src, ...ranges(src.length) });
      const req = (o: (typeof ops)[number], sessionId: bigint, op: 'encrypt' | 'decrypt', src: Uint8Array) =>
        chainRequest(dev, { queue: o.queue, op, iv: o.iv, aad: o.aad, src, hashResultLen, sessionId, ...ranges(src.length), ...ONE_INDIRECT, inPlace: true });
      const encs = await Promise.all(ops.map((o) => req(o, enc.sessionId, 'encrypt', o.pkt)));
      const decs = await Promise.all(ops.map((o, i) => req(o, dec.sessionId, 'decrypt', encs[i]!.dst)));
      ops.forEach((o, i) => {
        const e = encs[i]!;
        const we = model(o, ALG_CHAIN_ORDER.CIPHER_THEN_HASH, 'encrypt', o.pkt);
        check(t, e.status === we.status && Buffer.from(e.area).equals(Buffer.from(expectedArea(we, e.area.length))), () => `burst ${b} q${o.queue} #${i} encrypt-then-MAC len ${o.pkt.length} digest ${hashResultLen}: ${statusName(e.status)}, result differs from the model`);
        const d = decs[i]!;
        const wd = model(o, ALG_CHAIN_ORDER.HASH_THEN_CIPHER, 'decrypt', e.dst);
        // the PMD verifies the digest itself: the MAC over the ciphertext must equal the sender's
        check(
          t,
          d.status === wd.status && Buffer.from(d.area).equals(Buffer.from(expectedArea(wd, d.area.length))) && Buffer.from(d.hashResult).equals(Buffer.from(e.hashResult)) && Buffer.from(d.dst).equals(Buffer.from(o.pkt)),
          () => `burst ${b} q${o.queue} #${i} MAC-then-decrypt: ${statusName(d.status)}, digest or plaintext wrong`,
        );
      });
    }
    await destroyAll(dev, [enc.sessionId, dec.sessionId], t);
  }
}

export async function runDpdkRows(dev: FullDevice, rng: Rng, scale: number, cycles: () => Promise<bigint>) {
  const bursts = Math.max(1, Math.round(DPDK_PROFILE.BURSTS * scale));
  const rows = [];
  for (const [service, algo, fn] of [
    ['cipher', 'aes-cbc', cipherRow],
    ['chain', 'aes-cbc+hmac-sha1', chainRow],
  ] as const)
    for (const keyBits of AES_KEY_BITS) {
      const t = newTally();
      const c0 = await cycles();
      try {
        await fn(dev, rng, keyBits, bursts, t);
      } catch (e) {
        check(t, false, () => `exception: ${(e as Error).message}`);
      }
      rows.push({ row: { service, algo, keyBits, mode: 'session', layout: 'legacy' }, t, cycles: Number((await cycles()) - c0) });
    }
  return rows;
}
