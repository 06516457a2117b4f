// Security property, tested: a destroyed session's key material is zeroized inside the device and
// its id is never valid again (D17). The key RAM of the session store is read through the
// simulation-only console probe `sessprobe <slot>` (docs/console.md; sim/verilator.vlt makes
// vcrypto_sess_store's key_ram / valid_q / gen_q readable from the harness, nothing in rtl/).
//
// Key RAM layout per slot (rtl/sess/vcrypto_sess_store.sv): 32 words of 128 bits, cipher key in
// words 0..3, auth key in words 4..11, 12..15 spare, the precomputed HMAC inner / outer states of
// MAC and chaining (AUTH) sessions in words 16..19 / 20..23, 24..31 spare. The probe returns the
// 512 bytes with byte 0 = bits [7:0] of word 0 (little-endian per word), so the cipher key sits at
// bytes 0.., the auth key at bytes 64.., the states at 256.. and 320.. (./hmac-states.ts computes
// them from the key). Session id = {16'b0, generation[31:0], slot[15:0]} (vcrypto_req_proc.sv).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessProbe } from '../../src/bridge/sim-console.ts';
import * as C from '../../src/constants/crypto.ts';
import { aeadRequest } from '../../src/crypto/aead.ts';
import { chainRequest } from '../../src/crypto/chain.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { macRequest } from '../../src/crypto/hash.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createAeadSession, createChainSession, createCipherSession, createMacSession, destroySession } from '../../src/crypto/session.ts';
import { openDevice, type Device } from '../../src/index.ts';
import { expectDestroySession, expectStaleSessionRequest } from '../../src/ref/index.ts';
import { closeChecked, hex } from './common.ts';
import { hmacStates, INNER_STATE_OFF, OUTER_STATE_OFF, SLOT_BYTES } from './hmac-states.ts';

const { OK } = C.STATUS;
const name = (s: number) => C.statusName(s);
/** Session slots of the device (vcrypto_top: NUM_SESSIONS = 16). */
const NUM_SESSIONS = 16;
const CIPHER_KEY_OFF = 0; // words 0..3
const AUTH_KEY_OFF = 64; // words 4..11

const slotOf = (id: bigint): number => Number(id & 0xffffn);
const genOf = (id: bigint): number => Number((id >> 16n) & 0xffffffffn);

/** Key bytes with no zero byte (so a partial zeroization or a shifted copy cannot pass). */
function nonZeroKey(rng: Rng, len: number): Uint8Array {
  const k = rng.bytes(len);
  for (let i = 0; i < k.length; i++) if (k[i] === 0) k[i] = 0xa5;
  return k;
}

/**
 * The 512 key RAM bytes the slot should hold: the given keys at their offsets, for an HMAC session
 * (hmacAlgo = MAC_ALGO value) the inner / outer states of its key, zero elsewhere.
 */
function expectedSlot(cipherKey?: Uint8Array, authKey?: Uint8Array, hmacAlgo?: number): Uint8Array {
  const s = new Uint8Array(SLOT_BYTES);
  if (cipherKey) s.set(cipherKey, CIPHER_KEY_OFF);
  if (authKey) s.set(authKey, AUTH_KEY_OFF);
  if (hmacAlgo !== undefined) {
    const st = hmacStates(hmacAlgo, authKey ?? new Uint8Array(0));
    s.set(st.inner, INNER_STATE_OFF);
    s.set(st.outer, OUTER_STATE_OFF);
  }
  return s;
}
const expectedOf = (m: Made): Uint8Array => expectedSlot(m.cipherKey, m.authKey, m.hmacAlgo);

interface Made {
  what: string;
  service: number;
  id: bigint;
  cipherKey?: Uint8Array;
  authKey?: Uint8Array;
  /** HMAC sessions (MAC, chaining AUTH): MAC_ALGO value, the slot also holds the key's states */
  hmacAlgo?: number;
  /** a data request naming the session; returns its status */
  request: (id: bigint) => Promise<number>;
}

describe('session key zeroization (D17), checked inside the device through the sessprobe probe', () => {
  let dev: Device;
  const rng = new Rng('zeroize');
  const probe = (slot: number): Promise<SessProbe> => dev.console.sessProbe(slot);

  beforeAll(async () => {
    dev = await openDevice({ features: C.FEATURE_PROFILE.rev1, dataQueues: 1 });
  });
  afterAll(() => closeChecked(dev));

  const cipherReq = (id: bigint) =>
    cipherRequest(dev, { op: 'encrypt', iv: rng.bytes(16), src: rng.bytes(32), sessionId: id }).then((r) => r.status);
  const macReq = (id: bigint) => macRequest(dev, { sessionId: id, src: rng.bytes(24), hashResultLen: 32 }).then((r) => r.status);
  const chainReq = (id: bigint) =>
    chainRequest(dev, { op: 'encrypt', iv: rng.bytes(16), aad: new Uint8Array(0), src: rng.bytes(48), hashResultLen: 64, sessionId: id }).then(
      (r) => r.status,
    );
  const aeadReq = (id: bigint) =>
    aeadRequest(dev, { sessionId: id, op: 'encrypt', iv: rng.bytes(12), aad: new Uint8Array(0), src: rng.bytes(20), tagLen: 16 }).then(
      (r) => r.status,
    );

  async function createAll(): Promise<Made[]> {
    const made: Made[] = [];
    const aes256 = nonZeroKey(rng, 32);
    const cs1 = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key: aes256, op: 'encrypt' });
    expect(name(cs1.status), 'create AES-256-CBC').toBe('OK');
    made.push({ what: 'cipher AES-256-CBC', service: C.SERVICE.CIPHER, id: cs1.sessionId, cipherKey: aes256, request: cipherReq });

    const xts = nonZeroKey(rng, 64); // key1 ≠ key2 (D11): random halves
    const cs2 = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_XTS, key: xts, op: 'encrypt' });
    expect(name(cs2.status), 'create AES-256-XTS (64-byte key)').toBe('OK');
    made.push({ what: 'cipher AES-XTS 64-byte key', service: C.SERVICE.CIPHER, id: cs2.sessionId, cipherKey: xts, request: cipherReq });

    const hmacKey = nonZeroKey(rng, C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN); // 128 bytes
    const ms = await createMacSession(dev, { algo: C.MAC_ALGO.HMAC_SHA_256, hashResultLen: 32, authKey: hmacKey });
    expect(name(ms.status), 'create HMAC-SHA-256 (128-byte key)').toBe('OK');
    made.push({
      what: 'MAC HMAC-SHA-256 128-byte key',
      service: C.SERVICE.MAC,
      id: ms.sessionId,
      authKey: hmacKey,
      hmacAlgo: C.MAC_ALGO.HMAC_SHA_256,
      request: macReq,
    });

    // chaining with hash_mode AUTH: cipher key, auth key and the HMAC-SHA-512 states
    const chainCKey = nonZeroKey(rng, 16);
    const chainAKey = nonZeroKey(rng, 100);
    const ch = await createChainSession(dev, {
      algChainOrder: C.ALG_CHAIN_ORDER.CIPHER_THEN_HASH,
      hashMode: C.SYM_HASH_MODE.AUTH,
      cipherAlgo: C.CIPHER_ALGO.AES_CBC,
      cipherKey: chainCKey,
      cipherOp: C.CIPHER_OP.ENCRYPT,
      hashAlgo: C.MAC_ALGO.HMAC_SHA_512,
      hashResultLen: 64,
      authKey: chainAKey,
      aadLen: 0,
    });
    expect(name(ch.status), 'create AES-128-CBC + HMAC-SHA-512 chain (100-byte auth key)').toBe('OK');
    made.push({
      what: 'chain AES-128-CBC + HMAC-SHA-512',
      service: C.SERVICE.CIPHER,
      id: ch.sessionId,
      cipherKey: chainCKey,
      authKey: chainAKey,
      hmacAlgo: C.MAC_ALGO.HMAC_SHA_512,
      request: chainReq,
    });

    const gcmKey = nonZeroKey(rng, 32);
    const as = await createAeadSession(dev, { algo: C.AEAD_ALGO.GCM, key: gcmKey, tagLen: 16, aadLen: 0, op: 'encrypt' });
    expect(name(as.status), 'create AES-256-GCM').toBe('OK');
    made.push({ what: 'AEAD AES-256-GCM', service: C.SERVICE.AEAD, id: as.sessionId, cipherKey: gcmKey, request: aeadReq });
    return made;
  }

  it('probe: command shape, range check', async () => {
    for (let s = 0; s < NUM_SESSIONS; s++) {
      const p = await probe(s);
      expect(p.key.length).toBe(SLOT_BYTES);
    }
    await expect(dev.console.command(`sessprobe ${NUM_SESSIONS}`)).rejects.toThrow(/range/);
  });

  it('destroy zeroizes the 32 key words (keys and HMAC states), clears valid; the id is dead (INVSESS / ERR); a new session in the slot gets a new id', async () => {
    const made = await createAll();
    const slots = made.map((m) => slotOf(m.id));
    expect(new Set(slots).size, `distinct slots ${slots.join(',')}`).toBe(made.length);

    // The probe sees the keys we sent, where the layout says (proves the probe reads the real RAM).
    for (const m of made) {
      const p = await probe(slotOf(m.id));
      expect(p.valid, `${m.what}: valid after create`).toBe(true);
      expect(p.generation, `${m.what}: store generation = id generation`).toBe(genOf(m.id));
      expect(hex(p.key), `${m.what}: key RAM words (keys, HMAC states) of slot ${slotOf(m.id)}`).toBe(hex(expectedOf(m)));
      if (m.hmacAlgo !== undefined)
        expect(p.key.subarray(INNER_STATE_OFF, OUTER_STATE_OFF + 64).some((b) => b !== 0), `${m.what}: HMAC states stored`).toBe(true);
      // and the session works before it is destroyed
      expect(name(await m.request(m.id)), `${m.what}: live session request`).toBe('OK');
    }

    for (const m of made) {
      const slot = slotOf(m.id);
      expect(name(await destroySession(dev, m.service, m.id)), `${m.what}: destroy`).toBe(name(expectDestroySession(true)));
      const p = await probe(slot);
      expect(p.valid, `${m.what}: valid after destroy`).toBe(false);
      expect(hex(p.key), `${m.what}: all 32 key words (keys and HMAC states) zero after destroy`).toBe(hex(new Uint8Array(SLOT_BYTES)));
      expect(p.generation, `${m.what}: destroy bumps the generation`).toBe(genOf(m.id) + 1);
      // The other (still live) sessions keep their keys.
      for (const o of made.filter((x) => x !== m && made.indexOf(x) > made.indexOf(m))) {
        expect(hex((await probe(slotOf(o.id))).key), `${o.what}: untouched by destroying ${m.what}`).toBe(hex(expectedOf(o)));
      }
    }

    // The destroyed ids are never valid again (D17): data → INVSESS, destroy → ERR.
    for (const m of made) {
      expect(name(await m.request(m.id)), `${m.what}: data request with the destroyed id`).toBe(name(expectStaleSessionRequest()));
      expect(name(await destroySession(dev, m.service, m.id)), `${m.what}: second destroy`).toBe(name(expectDestroySession(false)));
    }

    // Re-use the slots: every new session lands in a freed slot with a fresh generation, and the
    // old ids stay dead even though their slots are live again.
    const again = await createAll();
    const newSlots = new Set(again.map((m) => slotOf(m.id)));
    for (const s of slots) expect(newSlots.has(s), `slot ${s} reused (lowest free slot first)`).toBe(true);
    for (const n of again) {
      const old = made.find((m) => slotOf(m.id) === slotOf(n.id));
      if (!old) continue;
      expect(n.id, `${n.what}: new id in slot ${slotOf(n.id)} differs from the destroyed one`).not.toBe(old.id);
      expect(genOf(n.id), 'generation: create, destroy, create').toBe(genOf(old.id) + 2);
      expect(name(await old.request(old.id)), `${old.what}: destroyed id after its slot was reused`).toBe(
        name(expectStaleSessionRequest()),
      );
      expect(name(await n.request(n.id)), `${n.what}: the new session works`).toBe('OK');
    }
    for (const n of again) expect(await destroySession(dev, n.service, n.id)).toBe(OK);
  });

  it('device reset (status 0 + reinit): valid bits clear, key RAM (keys and HMAC states) zeroized, old ids dead', async () => {
    const made = await createAll();
    for (const m of made) expect(hex((await probe(slotOf(m.id))).key), `${m.what}: before the reset`).toBe(hex(expectedOf(m)));
    await dev.reinit();
    expect(await dev.deviceStatus()).toBe(0x0f);

    // A device reset zeroizes the whole key RAM (the request processor sweeps it before it takes
    // the first request after any reset): no key of a pre-reset session stays in the device.
    for (const m of made) {
      const p = await probe(slotOf(m.id));
      expect(p.valid, `${m.what}: valid after reset`).toBe(false);
      expect(p.key.every((b) => b === 0), `${m.what}: key and HMAC state words zero after reset`).toBe(true);
    }

    for (const m of made) {
      expect(name(await m.request(m.id)), `${m.what}: id from before the reset`).toBe(name(expectStaleSessionRequest()));
      expect(name(await destroySession(dev, m.service, m.id)), `${m.what}: destroy id from before the reset`).toBe(
        name(expectDestroySession(false)),
      );
    }
    // New sessions after the reset get ids that differ from the pre-reset ones (generations survive).
    const after = await createAll();
    for (const n of after) {
      const old = made.find((m) => slotOf(m.id) === slotOf(n.id));
      if (old) expect(n.id, `${n.what}: post-reset id differs from pre-reset id in slot ${slotOf(n.id)}`).not.toBe(old.id);
      expect(hex((await probe(slotOf(n.id))).key), `${n.what}: new keys written over the old`).toBe(hex(expectedOf(n)));
    }
  });
});
