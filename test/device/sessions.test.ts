// Session create / destroy on the real device, legacy (no REVISION_1, 72-byte control requests)
// and REVISION_1 (natural-size flf) layouts (fact sheet §5.2, §5.3, §6 items 6-7, D17, D18, D19).
// Expected statuses come from the reference model (src/ref/session.ts) and the decisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { Rng } from '../../src/crypto/rng.ts';
import {
  createAeadSession,
  createCipherSession,
  createHashSession,
  createMacSession,
  destroySession,
  destroySessionEx,
  type CreateSessionResult,
} from '../../src/crypto/session.ts';
import {
  concatBytes,
  decodeSessionInput,
  encodeCipherCreateSession,
  encodeDestroySession,
  SESSION_INPUT_SIZE,
  selectCtrlLayout,
} from '../../src/crypto/structs.ts';
import { openDevice, type Device } from '../../src/index.ts';
import { expectCipher, expectCreateSession, expectDestroySession, expectStaleSessionRequest } from '../../src/ref/index.ts';
import { closeChecked, expectNoNewViolations, hex, lastWritableByte, violations } from './common.ts';

const { OK, ERR, NOTSUPP, NOSPC } = C.STATUS;
const CBC = C.CIPHER_ALGO.AES_CBC;
/** Session slots of the device (rtl/top/vcrypto_top.sv, vcrypto_sess_store: NUM_SESSIONS = 16). */
const NUM_SESSIONS = 16;
/** Cipher algorithms the device offers (design.md "Request semantics" table). */
const SUPPORTED = C.DEVICE_SUPPORTED.cipher;
const name = (s: number) => C.statusName(s);

type Profile = { name: string; features: bigint; rev1: boolean };
const PROFILES: Profile[] = [
  { name: 'legacy layout (no REVISION_1)', features: C.FEATURE_PROFILE.legacy, rev1: false },
  { name: 'REVISION_1 layout', features: C.FEATURE_PROFILE.rev1, rev1: true },
];

/** A live session's key works: one AES-CBC block through it, compared with the model. */
async function expectUsable(dev: Device, rng: Rng, sessionId: bigint, key: Uint8Array, op: 'encrypt' | 'decrypt') {
  const iv = rng.bytes(16);
  const src = rng.bytes(16);
  const got = await cipherRequest(dev, { op, iv, src, sessionId });
  const exp = expectCipher({ algo: CBC, op, key, iv, src });
  expect(name(got.status), exp.rule).toBe(name(exp.status));
  expect(hex(got.dst)).toBe(hex(exp.dst));
}

/** A data request naming `sessionId` must be refused with INVSESS (D17). */
async function expectStale(dev: Device, rng: Rng, sessionId: bigint) {
  const got = await cipherRequest(dev, { op: 'encrypt', iv: rng.bytes(16), src: rng.bytes(16), sessionId });
  expect(name(got.status), 'D17: destroyed id → INVSESS').toBe(name(expectStaleSessionRequest()));
}

function expectCreated(cs: CreateSessionResult, what = '') {
  expect(name(cs.status), what).toBe('OK');
  expect(cs.usedLen, 'D3: used.len = the 16-byte session_input').toBe(SESSION_INPUT_SIZE);
}

for (const p of PROFILES) {
  describe(p.name, () => {
    let dev: Device;
    const rng = new Rng(`sessions ${p.name}`);
    beforeAll(async () => {
      dev = await openDevice({ features: p.features, dataQueues: 1 });
      expect(selectCtrlLayout(dev.negotiatedFeatures)).toBe(p.rev1 ? 'rev1' : 'legacy');
    });
    afterAll(() => closeChecked(dev));

    it('create → OK with unique ids (all key sizes, both ops), each usable; destroy → OK (1-byte inhdr)', async () => {
      const v0 = (await violations(dev)).count;
      const made: { id: bigint; key: Uint8Array; op: 'encrypt' | 'decrypt' }[] = [];
      for (const keyLen of C.AES_KEY_SIZES)
        for (const op of ['encrypt', 'decrypt'] as const) {
          const key = rng.bytes(keyLen);
          expect(expectCreateSession({ service: C.SERVICE.CIPHER, algo: CBC, keyLen, op, supported: SUPPORTED }).status).toBe(OK);
          const cs = await createCipherSession(dev, { algo: CBC, key, op });
          expectCreated(cs, `AES-${keyLen * 8} ${op}`);
          made.push({ id: cs.sessionId, key, op });
        }
      expect(new Set(made.map((m) => m.id)).size, 'session ids are unique').toBe(made.length);
      for (const m of made) await expectUsable(dev, rng, m.id, m.key, m.op);
      for (const m of made) {
        const d = await destroySessionEx(dev, C.SERVICE.CIPHER, m.id);
        expect(name(d.status)).toBe(name(expectDestroySession(true)));
        expect(d.usedLen, 'D3: used.len = 1-byte inhdr').toBe(1);
      }
      await expectNoNewViolations(dev, v0);
    });

    it('control requests split per field, per byte, and in an indirect table', async () => {
      const v0 = (await violations(dev)).count;
      const key = rng.bytes(32);
      const layoutLen = p.rev1 ? 16 + 56 : 72;
      const perByte = Array.from({ length: layoutLen + key.length }, (_, i) => i + 1);
      for (const framing of [{ split: 'fields' as const }, { split: perByte, indirect: true }, { split: 'single' as const, indirect: true }, { split: [5, 16, 33] }]) {
        const cs = await createCipherSession(dev, { algo: CBC, key, op: 'encrypt' }, framing);
        expectCreated(cs, JSON.stringify(framing).slice(0, 60));
        if (cs.status !== OK) continue;
        await expectUsable(dev, rng, cs.sessionId, key, 'encrypt');
        expect(name(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId, { split: 'fields', indirect: true }))).toBe('OK');
      }
      await expectNoNewViolations(dev, v0);
    });

    it('D17: a destroyed id → INVSESS on a data request, ERR on a second destroy, also after its slot is reused', async () => {
      const v0 = (await violations(dev)).count;
      const key = rng.bytes(16);
      const a = await createCipherSession(dev, { algo: CBC, key, op: 'encrypt' });
      expectCreated(a);
      await expectUsable(dev, rng, a.sessionId, key, 'encrypt');
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, a.sessionId))).toBe('OK');
      await expectStale(dev, rng, a.sessionId);
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, a.sessionId)), '§6.7 / D17: second destroy').toBe(name(expectDestroySession(false)));
      // new sessions (the first reuses the freed slot on any lowest-free or same-slot policy)
      const key2 = rng.bytes(24);
      const b = await createCipherSession(dev, { algo: CBC, key: key2, op: 'decrypt' });
      expectCreated(b);
      expect(b.sessionId, 'D17: a new session never gets a destroyed id').not.toBe(a.sessionId);
      await expectStale(dev, rng, a.sessionId);
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, a.sessionId))).toBe('ERR');
      await expectUsable(dev, rng, b.sessionId, key2, 'decrypt');
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, b.sessionId))).toBe('OK');
      // ids that were never handed out
      for (const bogus of [0x7777_0000_0000_1234n, 0xffff_ffff_ffff_ffffn]) {
        if (bogus === a.sessionId || bogus === b.sessionId) continue;
        await expectStale(dev, rng, bogus);
        expect(name(await destroySession(dev, C.SERVICE.CIPHER, bogus))).toBe('ERR');
      }
      await expectNoNewViolations(dev, v0);
    });

    it('destroy with the wrong service opcode (HASH/MAC/AEAD_DESTROY on a cipher session) → ERR, session still live', async () => {
      const v0 = (await violations(dev)).count;
      const key = rng.bytes(16);
      const cs = await createCipherSession(dev, { algo: CBC, key, op: 'encrypt' });
      expectCreated(cs);
      for (const svc of [C.SERVICE.HASH, C.SERVICE.MAC, C.SERVICE.AEAD]) {
        const d = await destroySessionEx(dev, svc, cs.sessionId);
        expect(name(d.status), `${C.DESTROY_SESSION_OPCODE[svc]!.toString(16)} on a cipher session (§6.7)`).toBe('ERR');
      }
      await expectUsable(dev, rng, cs.sessionId, key, 'encrypt');
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId))).toBe('OK');
      await expectNoNewViolations(dev, v0);
    });

    it('HASH / MAC / AEAD create: supported algorithms → OK, others → NOTSUPP, in the 16-byte session_input', async () => {
      const v0 = (await violations(dev)).count;
      const H = C.HASH_ALGO, M = C.MAC_ALGO, A = C.AEAD_ALGO;
      const cases: { what: string; service: number; algo: number; keyLen: number; op: 'encrypt' | 'decrypt'; hashResultLen?: number; tagLen?: number; run: () => Promise<CreateSessionResult> }[] = [
        { what: 'HASH SHA-256', service: C.SERVICE.HASH, algo: H.SHA_256, keyLen: 0, op: 'encrypt', hashResultLen: 32, run: () => createHashSession(dev, { algo: H.SHA_256, hashResultLen: 32 }) },
        { what: 'HASH SHA1 truncated', service: C.SERVICE.HASH, algo: H.SHA1, keyLen: 0, op: 'encrypt', hashResultLen: 12, run: () => createHashSession(dev, { algo: H.SHA1, hashResultLen: 12 }) },
        { what: 'HASH SHA-256 result too long', service: C.SERVICE.HASH, algo: H.SHA_256, keyLen: 0, op: 'encrypt', hashResultLen: 33, run: () => createHashSession(dev, { algo: H.SHA_256, hashResultLen: 33 }) },
        { what: 'HASH MD5', service: C.SERVICE.HASH, algo: H.MD5, keyLen: 0, op: 'encrypt', hashResultLen: 16, run: () => createHashSession(dev, { algo: H.MD5, hashResultLen: 16 }) },
        { what: 'HASH SHA3-256', service: C.SERVICE.HASH, algo: H.SHA3_256, keyLen: 0, op: 'encrypt', hashResultLen: 32, run: () => createHashSession(dev, { algo: H.SHA3_256, hashResultLen: 32 }) },
        { what: 'MAC HMAC-SHA-256', service: C.SERVICE.MAC, algo: M.HMAC_SHA_256, keyLen: 32, op: 'encrypt', hashResultLen: 32, run: () => createMacSession(dev, { algo: M.HMAC_SHA_256, hashResultLen: 32, authKey: rng.bytes(32) }) },
        { what: 'MAC CMAC-AES', service: C.SERVICE.MAC, algo: M.CMAC_AES, keyLen: 16, op: 'encrypt', hashResultLen: 16, run: () => createMacSession(dev, { algo: M.CMAC_AES, hashResultLen: 16, authKey: rng.bytes(16) }) },
        { what: 'MAC CMAC-AES 8-byte key', service: C.SERVICE.MAC, algo: M.CMAC_AES, keyLen: 8, op: 'encrypt', hashResultLen: 16, run: () => createMacSession(dev, { algo: M.CMAC_AES, hashResultLen: 16, authKey: rng.bytes(8) }) },
        { what: 'MAC HMAC-MD5', service: C.SERVICE.MAC, algo: M.HMAC_MD5, keyLen: 16, op: 'encrypt', hashResultLen: 16, run: () => createMacSession(dev, { algo: M.HMAC_MD5, hashResultLen: 16, authKey: rng.bytes(16) }) },
        { what: 'MAC GMAC (D16)', service: C.SERVICE.MAC, algo: M.GMAC_AES, keyLen: 16, op: 'encrypt', hashResultLen: 16, run: () => createMacSession(dev, { algo: M.GMAC_AES, hashResultLen: 16, authKey: rng.bytes(16) }) },
        { what: 'AEAD GCM', service: C.SERVICE.AEAD, algo: A.GCM, keyLen: 16, op: 'encrypt', tagLen: 16, run: () => createAeadSession(dev, { algo: A.GCM, key: rng.bytes(16), tagLen: 16, aadLen: 0, op: 'encrypt' }) },
        { what: 'AEAD CCM', service: C.SERVICE.AEAD, algo: A.CCM, keyLen: 32, op: 'decrypt', tagLen: 8, run: () => createAeadSession(dev, { algo: A.CCM, key: rng.bytes(32), tagLen: 8, aadLen: 16, op: 'decrypt' }) },
        { what: 'AEAD GCM tag 10 (D7)', service: C.SERVICE.AEAD, algo: A.GCM, keyLen: 16, op: 'encrypt', tagLen: 10, run: () => createAeadSession(dev, { algo: A.GCM, key: rng.bytes(16), tagLen: 10, aadLen: 0, op: 'encrypt' }) },
        { what: 'AEAD ChaCha20-Poly1305', service: C.SERVICE.AEAD, algo: A.CHACHA20_POLY1305, keyLen: 32, op: 'encrypt', tagLen: 16, run: () => createAeadSession(dev, { algo: A.CHACHA20_POLY1305, key: rng.bytes(32), tagLen: 16, aadLen: 0, op: 'encrypt' }) },
      ];
      for (const c of cases) {
        const exp = expectCreateSession({ service: c.service, algo: c.algo, keyLen: c.keyLen, op: c.op, ...(c.hashResultLen !== undefined ? { hashResultLen: c.hashResultLen } : {}), ...(c.tagLen !== undefined ? { tagLen: c.tagLen } : {}) });
        const cs = await c.run();
        expect(name(cs.status), `${c.what}: ${exp.rule}`).toBe(name(exp.status));
        expect(cs.usedLen, `${c.what}: used.len`).toBe(SESSION_INPUT_SIZE);
        if (cs.status === OK) expect(await destroySession(dev, c.service, cs.sessionId)).toBe(OK);
      }
      await expectNoNewViolations(dev, v0);
    });

    it('cipher create: supported algorithms → OK, unsupported algorithm / op / op_type → NOTSUPP, bad key length → ERR', async () => {
      const v0 = (await violations(dev)).count;
      const cfg = await dev.readConfig();
      const A = C.CIPHER_ALGO;
      const tries: { what: string; algo: number; keyLen: number; op: number | 'encrypt' | 'decrypt'; opType?: number }[] = [
        { what: 'AES_ECB', algo: A.AES_ECB, keyLen: 16, op: 'encrypt' },
        { what: 'AES_CTR', algo: A.AES_CTR, keyLen: 16, op: 'encrypt' },
        { what: 'AES_XTS', algo: A.AES_XTS, keyLen: 32, op: 'decrypt' },
        { what: 'ARC4', algo: A.ARC4, keyLen: 16, op: 'encrypt' },
        { what: 'DES_CBC', algo: A.DES_CBC, keyLen: 8, op: 'encrypt' },
        { what: 'NO_CIPHER', algo: A.NO_CIPHER, keyLen: 16, op: 'encrypt' },
        { what: 'algo 200', algo: 200, keyLen: 16, op: 'encrypt' },
        { what: 'op 0', algo: CBC, keyLen: 16, op: 0 },
        { what: 'op 3', algo: CBC, keyLen: 16, op: 3 },
        { what: 'op_type NONE', algo: CBC, keyLen: 16, op: 'encrypt', opType: C.SYM_OP.NONE },
        { what: 'op_type 7', algo: CBC, keyLen: 16, op: 'encrypt', opType: 7 },
        ...C.REGRESSION.BAD_AES_KEY_LENGTHS.map((k) => ({ what: `AES_CBC key ${k}`, algo: CBC, keyLen: k, op: 'encrypt' as const })),
        { what: 'AES_CBC key 64 (= max_cipher_key_len)', algo: CBC, keyLen: 64, op: 'encrypt' },
      ];
      for (const t of tries) {
        // the device advertises exactly the algorithms of the design table
        if (t.algo < 32) expect((cfg.cipherAlgoL >>> t.algo) & 1, `${t.what}: advertised bit`).toBe(SUPPORTED.has(t.algo) ? 1 : 0);
        const exp = expectCreateSession({ service: C.SERVICE.CIPHER, algo: t.algo, keyLen: t.keyLen, op: t.op, supported: SUPPORTED, ...(t.opType !== undefined ? { opType: t.opType } : {}) });
        const cs = await createCipherSession(dev, { algo: t.algo, key: rng.bytes(t.keyLen), op: t.op, ...(t.opType !== undefined ? { opType: t.opType } : {}) });
        expect(name(cs.status), `${t.what}: ${exp.rule}`).toBe(name(exp.status));
        expect(cs.usedLen).toBe(SESSION_INPUT_SIZE);
        if (cs.status === OK) await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId);
      }
      await expectNoNewViolations(dev, v0);
    });

    it('D18: create whose readable area is shorter than its fixed part / key → ERR in session_input.status', async () => {
      const v0 = (await violations(dev)).count;
      const layout = selectCtrlLayout(dev.negotiatedFeatures);
      const key = rng.bytes(16);
      const create = encodeCipherCreateSession(layout, { algo: CBC, keyLen: 16, op: C.CIPHER_OP.ENCRYPT });
      const stream = concatBytes([create.header.bytes, create.flf.bytes, key]);
      const fixedLen = create.header.bytes.length + create.flf.bytes.length;
      for (const [what, n] of [
        ['flf cut short', 16 + 20],
        ['no key bytes', fixedLen],
        ['key one byte short', fixedLen + 15],
      ] as const) {
        const r = await dev.submitRaw(dev.controlQueue, [stream.subarray(0, n)], [SESSION_INPUT_SIZE]);
        const input = decodeSessionInput(concatBytes(r.written));
        // §5.2 / §6 item 6: the create outcome is session_input.status (le32 at offset 8)
        expect(name(input.status), `create, ${what} (${n} of ${stream.length} bytes)`).toBe('ERR');
        if (input.status === OK) await destroySession(dev, C.SERVICE.CIPHER, input.sessionId);
      }
      await expectNoNewViolations(dev, v0);
    });

    it('D18: destroy whose session_id is cut short → ERR, the session survives', async () => {
      const v0 = (await violations(dev)).count;
      const layout = selectCtrlLayout(dev.negotiatedFeatures);
      const key = rng.bytes(16);
      const live = await createCipherSession(dev, { algo: CBC, key, op: 'encrypt' });
      expectCreated(live);
      const destroy = encodeDestroySession(layout, C.SERVICE.CIPHER, live.sessionId);
      const dStream = concatBytes([destroy.header.bytes, destroy.flf.bytes]);
      for (const n of [16 + 4, 16 + 7]) {
        const r = await dev.submitRaw(dev.controlQueue, [dStream.subarray(0, n)], [1]);
        expect(name(lastWritableByte(r.written)), `destroy with ${n} of ${dStream.length} bytes`).toBe('ERR');
      }
      await expectUsable(dev, rng, live.sessionId, key, 'encrypt');
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, live.sessionId))).toBe('OK');
      await expectNoNewViolations(dev, v0);
    });

    it('D18: control request shorter than its 16-byte header (or with no readable part) → ERR', async () => {
      const v0 = (await violations(dev)).count;
      const destroy = encodeDestroySession(selectCtrlLayout(dev.negotiatedFeatures), C.SERVICE.CIPHER, 1n);
      const dStream = concatBytes([destroy.header.bytes, destroy.flf.bytes]);
      for (const n of [15, 10, 4, 0]) {
        const readable = n > 0 ? [dStream.subarray(0, n)] : [];
        const r = await dev.submitRaw(dev.controlQueue, readable, [1]);
        expect(name(lastWritableByte(r.written)), `control request of ${n} bytes`).toBe('ERR');
        expect(r.usedLen).toBe(1);
      }
      await expectNoNewViolations(dev, v0);
    });
  });

  describe(`${p.name}: session table full (NUM_SESSIONS = ${NUM_SESSIONS})`, () => {
    let dev: Device;
    const rng = new Rng(`sessions full ${p.name}`);
    beforeAll(async () => {
      dev = await openDevice({ features: p.features, dataQueues: 1 });
    });
    afterAll(() => closeChecked(dev));

    it(`fills up, then ${p.rev1 ? 'NOSPC' : 'ERR'} (D17); a freed slot is reused with a new id; the old id stays invalid`, async () => {
      const v0 = (await violations(dev)).count;
      const full = p.rev1 ? NOSPC : ERR; // D17 / §4.5: NOSPC only with REVISION_1
      const live: { id: bigint; key: Uint8Array }[] = [];
      let last: CreateSessionResult | undefined;
      for (let i = 0; i < 4 * NUM_SESSIONS; i++) {
        const key = rng.bytes(16);
        last = await createCipherSession(dev, { algo: CBC, key, op: 'encrypt' });
        if (last.status !== OK) break;
        live.push({ id: last.sessionId, key });
      }
      expect(live.length, 'creates that succeed = session slots').toBe(NUM_SESSIONS);
      expect(name(last!.status), 'table full').toBe(name(full));
      expect(last!.usedLen).toBe(SESSION_INPUT_SIZE);
      expect(new Set(live.map((s) => s.id)).size).toBe(live.length);
      const again = await createCipherSession(dev, { algo: CBC, key: rng.bytes(32), op: 'decrypt' });
      expect(name(again.status)).toBe(name(full));
      // free one slot: the only free slot must be reused, with a different id
      const victim = live.splice(5, 1)[0]!;
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, victim.id))).toBe('OK');
      const key = rng.bytes(24);
      const fresh = await createCipherSession(dev, { algo: CBC, key, op: 'encrypt' });
      expectCreated(fresh, 'create into the freed slot');
      expect(fresh.sessionId, 'D17: new id differs from the destroyed one').not.toBe(victim.id);
      expect(live.map((s) => s.id)).not.toContain(fresh.sessionId);
      await expectStale(dev, rng, victim.id);
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, victim.id))).toBe('ERR');
      await expectUsable(dev, rng, fresh.sessionId, key, 'encrypt');
      live.push({ id: fresh.sessionId, key });
      expect(name((await createCipherSession(dev, { algo: CBC, key: rng.bytes(16), op: 'encrypt' })).status), 'full again').toBe(name(full));
      // every live session still has its own key
      for (const s of live) await expectUsable(dev, rng, s.id, s.key, 'encrypt');
      for (const s of live) expect(name(await destroySession(dev, C.SERVICE.CIPHER, s.id))).toBe('OK');
      const after = await createCipherSession(dev, { algo: CBC, key: rng.bytes(16), op: 'encrypt' });
      expectCreated(after, 'after emptying the table');
      expect(name(await destroySession(dev, C.SERVICE.CIPHER, after.sessionId))).toBe('OK');
      await expectNoNewViolations(dev, v0);
    });
  });
}
