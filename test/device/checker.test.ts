// The DMA checker of the simulator (docs/console.md `grant`/`revoke`/`violations`/`checker`)
// catches a device access outside the grants: descriptors pointing at memory that was never
// granted, at memory whose grant was revoked, or outside host memory altogether. And the converse:
// ordinary, well-formed traffic leaves the count at 0. Each case opens its own device, so the
// violation list (first 16 entries) belongs to that case alone.
import { describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createCipherSession, destroySession } from '../../src/crypto/session.ts';
import { openDevice, type Device } from '../../src/index.ts';
import { expectCipher } from '../../src/ref/index.ts';
import { cheapRequest, hex, violations } from './common.ts';
import { DF, RawQueue } from './raw-queue.ts';

const { OK, ERR, NOTSUPP } = C.STATUS;

async function withDevice(fn: (dev: Device) => Promise<void>): Promise<void> {
  const dev = await openDevice({ queueSize: 8, dataQueues: 2 });
  try {
    await fn(dev);
  } finally {
    await dev.close();
  }
}

/**
 * Listed violations of `kind` overlapping [addr, addr+len). Callers pass the first bytes of a
 * buffer, so an over-read past the end of a neighbouring granted buffer cannot satisfy the check.
 */
async function violationsIn(dev: Device, kind: 'r' | 'w', addr: bigint, len: number) {
  const v = await dev.console.violations();
  return v.list.filter((e) => e.kind === kind && e.addr < addr + BigInt(len) && addr < e.addr + BigInt(e.len));
}

/** [R hdr][W 1] with the header and status at the given addresses, by hand on queue 1. */
async function cheapAt(raw: RawQueue, hdrAddr: bigint, statusAddr: bigint) {
  raw.writeRingDesc(0, { addr: hdrAddr, len: 72, flags: DF.NEXT, next: 1 });
  raw.writeRingDesc(1, { addr: statusAddr, len: 1, flags: DF.WRITE, next: 0 });
  await raw.flushGrants();
  raw.publish([0]);
  const [e] = await raw.waitUsed(1, 1_000_000);
  return e!;
}

describe('DMA checker', () => {
  it('well-formed traffic (cheap requests, session create, AES-CBC, destroy) leaves the count at 0', async () => {
    await withDevice(async (dev) => {
      const rng = new Rng('checker clean');
      const r = await dev.submitRaw(0, [cheapRequest()], [1]);
      expect(r.written[0]![0]).toBe(NOTSUPP);
      const key = rng.bytes(16);
      const cs = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key, op: 'encrypt' });
      expect(cs.status).toBe(OK);
      const iv = rng.bytes(16);
      const src = rng.bytes(16);
      const got = await cipherRequest(dev, { op: 'encrypt', iv, src, sessionId: cs.sessionId });
      expect(hex(got.dst)).toBe(hex(expectCipher({ algo: C.CIPHER_ALGO.AES_CBC, op: 'encrypt', key, iv, src }).dst));
      expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
      const v = await violations(dev);
      expect(v.count, `violations on clean traffic (first: ${v.text})`).toBe(0); // never skipped: this is the converse proof
    });
  });

  it('a readable buffer that was never granted → read violation at its address', async () => {
    await withDevice(async (dev) => {
      const raw = await RawQueue.open(dev, 1);
      const hdr = raw.readable(cheapRequest(), 0, false); // NOT granted
      const st = raw.writable(1, 0xee);
      const e = await cheapAt(raw, hdr, st);
      expect(e.id).toBe(0);
      expect(await dev.dmaViolations()).toBeGreaterThan(0);
      expect((await violationsIn(dev, 'r', hdr, 16)).length, 'a read violation at the start of the ungranted header').toBeGreaterThan(0);
      await raw.release();
    });
  });

  it('a writable buffer that was never granted → write violation at its address', async () => {
    await withDevice(async (dev) => {
      const raw = await RawQueue.open(dev, 1);
      const hdr = raw.readable(cheapRequest());
      const st = raw.writable(1, 0xee, 0, false); // NOT granted
      await cheapAt(raw, hdr, st);
      expect(dev.memory.read(st, 1)[0], 'the checker records, it does not block').toBe(NOTSUPP);
      expect(await dev.dmaViolations()).toBeGreaterThan(0);
      expect((await violationsIn(dev, 'w', st, 1)).length).toBeGreaterThan(0);
      await raw.release();
    });
  });

  it('a grant revoked before submission → violation; checker off → not counted, back on → counted', async () => {
    await withDevice(async (dev) => {
      const raw = await RawQueue.open(dev, 1);
      const req = cheapRequest();
      const hdr = raw.alloc(72);
      dev.memory.write(hdr, req);
      const id = await dev.console.grant('r', hdr, 72);
      dev.console.revoke(id);
      const st = raw.writable(1, 0xee);
      await cheapAt(raw, hdr, st);
      const n1 = await dev.dmaViolations();
      expect(n1).toBeGreaterThan(0);
      expect((await violationsIn(dev, 'r', hdr, 16)).length).toBeGreaterThan(0);
      // checker off: the same ungranted read is not recorded
      dev.console.checker(false);
      dev.memory.fill(st, 1, 0xee);
      await cheapAt(raw, hdr, st);
      expect(dev.memory.read(st, 1)[0]).toBe(NOTSUPP);
      expect(await dev.dmaViolations(), 'checker off').toBe(n1);
      dev.console.checker(true);
      dev.memory.fill(st, 1, 0xee);
      await cheapAt(raw, hdr, st);
      expect(await dev.dmaViolations(), 'checker back on').toBeGreaterThan(n1);
      await raw.release();
    });
  });

  it('a descriptor outside host memory → recorded (DECERR), the request still completes with ERR', async () => {
    await withDevice(async (dev) => {
      const raw = await RawQueue.open(dev, 1);
      const outside = dev.banner.memBase + dev.banner.memSize + 0x10_0000n; // not host memory, not BAR0, not MSI
      const st = raw.writable(1, 0xee);
      const e = await cheapAt(raw, outside, st);
      expect(e.id).toBe(0);
      expect((await violationsIn(dev, 'r', outside, 16)).length).toBeGreaterThan(0);
      expect(dev.memory.read(st, 1)[0], 'unreadable request → ERR (§4.5 any other failure)').toBe(ERR);
      await raw.release();
      // the device keeps serving
      const r = await dev.submitRaw(0, [cheapRequest()], [1]);
      expect(r.written[0]![0]).toBe(NOTSUPP);
    });
  });
});
