// 64 KiB requests for every service through the device (issue: edge lengths up to 64 KiB),
// in session and stateless mode, against node:crypto / @noble as independent references.
// CCM uses a 12-byte nonce: a 13-byte nonce cannot carry more than 65535 payload bytes (q = 2).
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { cmac } from '@noble/ciphers/aes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { executeCase, type VectorCase } from '../../src/crypto/execute.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { openDevice, type Device } from '../../src/index.ts';

const BIG = 64 * 1024;
const E = new Uint8Array(0);
const rng = new Rng('large-device');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

type Case = { name: string; c: VectorCase; expected: Uint8Array };

function cases(): Case[] {
  const out: Case[] = [];
  const m = rng.bytes(BIG);
  for (const [algo, node] of [['sha1', 'sha1'], ['sha256', 'sha256'], ['sha512', 'sha512']] as const) {
    out.push({ name: algo, c: { service: 'hash', algo, op: 'encrypt', key: E, iv: E, aad: E, input: m, valid: true }, expected: createHash(node).update(m).digest() });
    const k = rng.bytes(100);
    out.push({ name: `hmac-${algo}`, c: { service: 'mac', algo: `hmac-${algo}`, op: 'encrypt', key: k, iv: E, aad: E, input: m, valid: true }, expected: createHmac(node, k).update(m).digest() });
  }
  const ck = rng.bytes(32);
  out.push({ name: 'cmac-aes', c: { service: 'mac', algo: 'cmac-aes', op: 'encrypt', key: ck, iv: E, aad: E, input: m, valid: true }, expected: cmac(m, ck) });
  for (const [algo, node, kl, ivl] of [['aes-ecb', 'aes-128-ecb', 16, 0], ['aes-cbc', 'aes-256-cbc', 32, 16], ['aes-ctr', 'aes-192-ctr', 24, 16], ['aes-xts', 'aes-256-xts', 64, 16]] as const) {
    const k = rng.bytes(kl), iv = rng.bytes(ivl);
    const c = createCipheriv(node, k, ivl ? iv : null);
    c.setAutoPadding(false);
    out.push({ name: algo, c: { service: 'cipher', algo, op: 'encrypt', key: k, iv, aad: E, input: m, valid: true }, expected: Buffer.concat([c.update(m), c.final()]) });
  }
  {
    const k = rng.bytes(32), iv = rng.bytes(12), aad = rng.bytes(40);
    const c = createCipheriv('aes-256-gcm', k, iv);
    c.setAAD(aad);
    const ct = Buffer.concat([c.update(m), c.final()]);
    const tag = c.getAuthTag();
    out.push({ name: 'aes-gcm encrypt', c: { service: 'aead', algo: 'aes-gcm', op: 'encrypt', key: k, iv, aad, input: m, tagLen: 16, valid: true }, expected: Buffer.concat([ct, tag]) });
    out.push({ name: 'aes-gcm decrypt', c: { service: 'aead', algo: 'aes-gcm', op: 'decrypt', key: k, iv, aad, input: Buffer.concat([ct, tag]), tagLen: 16, valid: true }, expected: m });
  }
  {
    const k = rng.bytes(16), iv = rng.bytes(12), aad = rng.bytes(24);
    const c = createCipheriv('aes-128-ccm', k, iv, { authTagLength: 16 });
    c.setAAD(aad, { plaintextLength: m.length });
    const ct = Buffer.concat([c.update(m), c.final()]);
    const tag = c.getAuthTag();
    out.push({ name: 'aes-ccm encrypt', c: { service: 'aead', algo: 'aes-ccm', op: 'encrypt', key: k, iv, aad, input: m, tagLen: 16, valid: true }, expected: Buffer.concat([ct, tag]) });
    out.push({ name: 'aes-ccm decrypt', c: { service: 'aead', algo: 'aes-ccm', op: 'decrypt', key: k, iv, aad, input: Buffer.concat([ct, tag]), tagLen: 16, valid: true }, expected: m });
  }
  return out;
}

describe('64 KiB requests on the device', () => {
  let dev: Device;
  const all = cases();
  beforeAll(async () => {
    dev = await openDevice({ features: C.FEATURE_PROFILE.all });
  });
  afterAll(async () => {
    await dev?.close();
  });
  for (const mode of ['session', 'stateless'] as const) {
    it(`${mode}: every service at 64 KiB matches the reference`, async () => {
      for (const k of all) {
        const r = await executeCase(dev, k.c, { mode });
        expect(r.unsupported, `${k.name}`).toBeUndefined();
        expect(r.status, `${k.name}: status`).toBe(C.STATUS.OK);
        expect(hex(r.output), `${k.name}: output`).toBe(hex(k.expected));
      }
      expect(await dev.dmaViolations()).toBe(0);
    });
  }
});
