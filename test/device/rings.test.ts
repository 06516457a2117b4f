// Split-ring behaviour of the real device (fact sheet §8.8, §6 items 20-22/25, D3, D18, D20):
// 16-bit index wrap, indirect tables (also without INDIRECT_DESC), N direct descriptors followed
// by one indirect, interrupt suppression with and without EVENT_IDX, odd descriptor splits of
// AES-CBC requests checked against the reference model, malformed chains. Queues the completion
// engine does not use are driven by hand through RawQueue (test/device/raw-queue.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { DEVICE_STATUS, MSI_ADDR_STRIDE, VIRTQ_AVAIL_F_NO_INTERRUPT } from '../../src/constants/virtio.ts';
import { cipherRequest, type CipherRequestParams } from '../../src/crypto/cipher.ts';
import type { DeviceLike } from '../../src/crypto/device.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createCipherSession, destroySession } from '../../src/crypto/session.ts';
import { openDevice, type Device } from '../../src/index.ts';
import { expectCipher } from '../../src/ref/index.ts';
import { cheapRequest, closeChecked, expectNoNewViolations, expectViolationCount, hex, lastWritableByte, sum, violations } from './common.ts';
import { DF, RawQueue, rawDataDevice, recut, runHex, type RSeg, type WSeg } from './raw-queue.ts';

const { OK, ERR, NOTSUPP } = C.STATUS;
const CBC = C.CIPHER_ALGO.AES_CBC;
const FILL = 0xee; // writable buffers start with this, so "written" and "untouched" are visible

/** One AES-CBC session request through `d`, compared with the reference model. */
async function cbcCase(
  real: Device,
  d: DeviceLike,
  rng: Rng,
  a: { keyBytes: number; op: 'encrypt' | 'decrypt'; len: number } & Partial<CipherRequestParams>,
) {
  const key = rng.bytes(a.keyBytes);
  const iv = rng.bytes(16);
  const src = rng.bytes(a.len);
  const cs = await createCipherSession(real, { algo: CBC, key, op: a.op });
  expect(cs.status).toBe(OK);
  const { keyBytes: _k, len: _l, ...rest } = a;
  const got = await cipherRequest(d, { ...rest, iv, src, sessionId: cs.sessionId });
  expect(await destroySession(real, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
  const writableLen = a.writable ? sum(a.writable) : undefined;
  const exp = expectCipher({ algo: CBC, op: a.op, key, iv, src, ...(writableLen !== undefined ? { writableLen } : {}) });
  expect(C.statusName(got.status), exp.rule).toBe(C.statusName(exp.status));
  expect(hex(got.dst)).toBe(hex(exp.dst));
  expect(got.usedLen, 'D3: used.len = whole writable area').toBe(writableLen ?? a.len + 1);
  return got;
}

// ------------------------------------------------------------------------------------------
describe('avail/used index wrap past 65535 (raw queue of 16, batches that fill it)', () => {
  let dev: Device;
  beforeAll(async () => {
    dev = await openDevice({ queueSize: 16, dataQueues: 2 });
  });
  afterAll(() => closeChecked(dev));

  it('more than 65536 cheap requests complete, every used entry correct, indices wrap', async () => {
    const v0 = (await violations(dev)).count;
    dev.console.post('lat 1 1'); // short host-memory latency (hex counts): the wrap needs ~66k requests
    const raw = await RawQueue.open(dev, 1);
    expect(raw.size).toBe(16);
    const hdr = cheapRequest();
    // Layout per batch: 4 direct chains [R hdr][W 1] in descriptors 0..7, 8 indirect chains in
    // 8..15, each a table [R hdr][W 7][W 1]. 12 chains per batch fill all 16 descriptors.
    type Chain = { head: number; status: bigint; usedLen: number };
    const chains: Chain[] = [];
    const hdrAddr = raw.readable(hdr);
    for (let k = 0; k < 4; k++) {
      const st = raw.writable(1, FILL);
      raw.writeRingDesc(2 * k, { addr: hdrAddr, len: hdr.length, flags: DF.NEXT, next: 2 * k + 1 });
      raw.writeRingDesc(2 * k + 1, { addr: st, len: 1, flags: DF.WRITE, next: 0 });
      chains.push({ head: 2 * k, status: st, usedLen: 1 });
    }
    for (let k = 8; k < 16; k++) {
      const t = raw.table(3);
      const body = raw.writable(7, FILL);
      const st = raw.writable(1, FILL);
      raw.writeTableDesc(t, 0, { addr: hdrAddr, len: hdr.length, flags: DF.NEXT, next: 1 });
      raw.writeTableDesc(t, 1, { addr: body, len: 7, flags: DF.NEXT | DF.WRITE, next: 2 });
      raw.writeTableDesc(t, 2, { addr: st, len: 1, flags: DF.WRITE, next: 0 });
      raw.writeRingDesc(k, { addr: t, len: 48, flags: DF.INDIRECT, next: 0 });
      chains.push({ head: k, status: st, usedLen: 8 });
    }
    const byHead = new Map(chains.map((c) => [c.head, c]));
    const startAvail = raw.nextAvail;
    const startUsed = raw.lastUsed;
    const target = 65536 + 200;
    let done = 0;
    let batch = 0;
    let estimate = 0;
    let sawUsedWrap = false;
    const bad: string[] = [];
    while (done < target) {
      await dev.console.idle();
      for (const c of chains) dev.memory.fill(c.status, 1, FILL);
      // vary the avail-ring order: rotate the heads by the batch number
      const heads = chains.map((_, i) => chains[(i + batch) % chains.length]!.head);
      const before = raw.lastUsed;
      raw.publish(heads);
      const c0 = dev.console.cycle;
      const used = await raw.waitUsed(heads.length, 1_000_000, estimate);
      estimate = Math.floor((dev.console.cycle - c0) * 0.8);
      if (raw.lastUsed < before) sawUsedWrap = true;
      const seen = new Set<number>();
      for (const u of used) {
        const c = byHead.get(u.id);
        if (!c || seen.has(u.id)) bad.push(`batch ${batch}: unexpected used id ${u.id}`);
        else if (u.len !== c.usedLen) bad.push(`batch ${batch}: head ${u.id} len ${u.len} != ${c.usedLen}`);
        seen.add(u.id);
      }
      for (const c of chains) {
        const s = dev.memory.read(c.status, 1)[0]!;
        if (s !== NOTSUPP) bad.push(`batch ${batch}: head ${c.head} status ${s} != NOTSUPP (D19)`);
      }
      if (bad.length > 0) break;
      done += heads.length;
      batch++;
    }
    expect(bad.slice(0, 5)).toEqual([]);
    await dev.console.idle();
    expect(sawUsedWrap, 'used.idx wrapped past 65535').toBe(true);
    expect(raw.nextAvail).toBe((startAvail + done) & 0xffff);
    expect(raw.readUsedIdx()).toBe((startUsed + done) & 0xffff);
    expect(raw.lastUsed).toBe(raw.nextAvail);
    await raw.release();
    dev.console.post('lat 20 8'); // back to the defaults 32 / 8 (hex on the wire)
    await expectNoNewViolations(dev, v0, 'during the wrap');
  });

  it('after the wrap the queue still serves a valid AES-CBC request (checked against the model)', async () => {
    const v0 = (await violations(dev)).count;
    const raw = await RawQueue.open(dev, 1);
    const rng = new Rng('rings wrap cbc');
    const d = rawDataDevice(dev, raw, (r, w) => ({ readable: r, writable: w }));
    await cbcCase(dev, d, rng, { keyBytes: 16, op: 'encrypt', len: 96, queue: 1 });
    await cbcCase(dev, d, rng, { keyBytes: 32, op: 'decrypt', len: 48, queue: 1, indirect: true });
    await expectNoNewViolations(dev, v0);
  });
});

// ------------------------------------------------------------------------------------------
// Legacy profile (VERSION_1 | INDIRECT_DESC | EVENT_IDX): what Linux negotiates.
describe('legacy profile, queue size 16: indirect, direct+indirect, EVENT_IDX, odd splits, malformed chains', () => {
  let dev: Device;
  let raw: RawQueue;
  const rng = new Rng('rings legacy');
  beforeAll(async () => {
    dev = await openDevice({ features: C.FEATURE_PROFILE.legacy, queueSize: 16, dataQueues: 2 });
    expect(dev.negotiatedFeatures).toBe(C.FEATURE_PROFILE.legacy);
    raw = await RawQueue.open(dev, 1); // queue 1 is driven by hand; the engine uses 0 and the control queue
  });
  afterAll(() => closeChecked(dev));

  it('indirect tables through the driver: cheap requests and AES-CBC', async () => {
    const v0 = (await violations(dev)).count;
    const hdr = cheapRequest();
    for (const w of [[1], [5, 1], [3, 4, 9]]) {
      const r = await dev.submitRaw(0, [hdr.subarray(0, 40), hdr.subarray(40)], w, { indirect: true });
      expect(r.usedLen, 'D3').toBe(sum(w));
      expect(lastWritableByte(r.written), 'D19').toBe(NOTSUPP);
    }
    // a table longer than the queue (20 entries > 16)
    const many = recut([hdr], Array(18).fill(4));
    const r = await dev.submitRaw(0, many, [1, 1], { indirect: true });
    expect(r.usedLen).toBe(2);
    expect(r.written[1]![0]).toBe(NOTSUPP);
    await cbcCase(dev, dev, rng, { keyBytes: 24, op: 'encrypt', len: 128, indirect: true });
    await cbcCase(dev, dev, rng, { keyBytes: 16, op: 'decrypt', len: 32, indirect: true, split: 'fields' });
    await expectNoNewViolations(dev, v0);
  });

  it('N direct descriptors followed by one indirect (§8.8)', async () => {
    const v0 = (await violations(dev)).count;
    const hdr = cheapRequest();
    for (const n of [1, 2, 3]) {
      const r = await raw.submit(recut([hdr], [24, 24]), [6, 1], { directPrefix: n, fill: FILL });
      expect(r.usedLen).toBe(7);
      expect(r.written[1]![0]).toBe(NOTSUPP);
    }
    // AES-CBC: header+flf and iv direct, src / dst / status in the indirect table
    for (const prefix of [1, 2, 3]) {
      const d = rawDataDevice(dev, raw, (rd, w) => ({ readable: rd, writable: w, opts: { directPrefix: prefix } }));
      await cbcCase(dev, d, rng, { keyBytes: 32, op: 'encrypt', len: 80, queue: 1 });
    }
    await expectNoNewViolations(dev, v0);
  });

  it('odd splits of AES-CBC: one descriptor per header byte (indirect), zero-length descriptors, dst cut at odd offsets, misaligned buffers', async () => {
    const v0 = (await violations(dev)).count;
    const perByte = Array.from({ length: 72 }, (_, i) => i + 1); // cut after every byte of the fixed part
    for (const op of ['encrypt', 'decrypt'] as const) {
      // every header byte its own descriptor; 76+ entries → indirect (queue size 16)
      await cbcCase(dev, dev, rng, { keyBytes: 16, op, len: 64, indirect: true, split: perByte });
      // dst split at odd offsets, status alone
      await cbcCase(dev, dev, rng, { keyBytes: 24, op, len: 64, indirect: true, split: [3, 17, 72, 81, 95], writable: [1, 15, 17, 3, 28, 1] });
      // status sharing the last dst descriptor
      await cbcCase(dev, dev, rng, { keyBytes: 32, op, len: 48, writable: [13, 36] });
    }
    // zero-length descriptors sprinkled in (readable and writable, also last), misaligned buffers
    const zeroes = rawDataDevice(dev, raw, (rd, w) => {
      const stream = recut(rd, [7, 31, 34, 5, 11, 1000]);
      const readable: RSeg[] = [];
      stream.forEach((b, i) => {
        readable.push({ data: b, misalign: (2 * i + 1) % 16 });
        if (i % 2 === 0) readable.push(new Uint8Array(0));
      });
      const total = sum(w);
      const writable: WSeg[] = [0, { len: 5, misalign: 3 }, 0, { len: total - 5 - 2, misalign: 7 }, { len: 2, misalign: 13 }, 0];
      return { readable: [new Uint8Array(0), ...readable], writable, opts: { indirect: true } };
    });
    await cbcCase(dev, zeroes, rng, { keyBytes: 16, op: 'encrypt', len: 96, queue: 1 });
    await cbcCase(dev, zeroes, rng, { keyBytes: 32, op: 'decrypt', len: 32, queue: 1 });
    // the same directly in the ring (≤ 16 descriptors)
    const direct = rawDataDevice(dev, raw, (rd, w) => {
      const readable: RSeg[] = recut(rd, [1, 2, 69, 0, 5, 11]).map((b, i) => ({ data: b, misalign: (i * 5 + 1) % 16 }));
      readable.splice(2, 0, new Uint8Array(0));
      const total = sum(w);
      return { readable, writable: [{ len: 9, misalign: 9 }, 0, { len: total - 9, misalign: 1 }] };
    });
    await cbcCase(dev, direct, rng, { keyBytes: 24, op: 'encrypt', len: 64, queue: 1 });
    await expectNoNewViolations(dev, v0);
  });

  it('EVENT_IDX: used_event far ahead → no MSI; an MSI exactly when used.idx crosses used_event; avail.flags ignored', async () => {
    const v0 = (await violations(dev)).count;
    const hdr = cheapRequest();
    await raw.settle(2000);
    await raw.takeMsis();
    const one = async () => {
      const r = await raw.submit([hdr], [1]);
      expect(r.written[0]![0]).toBe(NOTSUPP);
      await raw.settle(3000);
      return (await raw.takeMsis()).length;
    };
    // far ahead: no interrupt for 5 completions
    raw.setUsedEvent(raw.lastUsed + 1000);
    const far: number[] = [];
    for (let i = 0; i < 5; i++) far.push(await one());
    expect(far, 'no MSI while used_event is far ahead').toEqual([0, 0, 0, 0, 0]);
    // used_event = u + 2: completions u→u+1 and u+1→u+2 are silent, u+2→u+3 interrupts (vring_need_event)
    await raw.idle();
    raw.setUsedEvent(raw.lastUsed + 2);
    const cross = [await one(), await one(), await one()];
    expect(cross).toEqual([0, 0, 1]);
    // a batch of 6 that crosses used_event = u + 3 once → exactly one MSI
    await raw.idle();
    const u = raw.lastUsed;
    raw.setUsedEvent(u + 3);
    const heads: number[] = [];
    const sts: bigint[] = [];
    for (let k = 0; k < 6; k++) {
      const h = raw.readable(hdr);
      const st = raw.writable(1, FILL);
      raw.writeRingDesc(2 * k, { addr: h, len: hdr.length, flags: DF.NEXT, next: 2 * k + 1 });
      raw.writeRingDesc(2 * k + 1, { addr: st, len: 1, flags: DF.WRITE, next: 0 });
      heads.push(2 * k);
      sts.push(st);
    }
    raw.publish(heads);
    const used = await raw.waitUsed(6);
    expect(used.map((e) => e.id).sort((a, b) => a - b)).toEqual(heads);
    for (const st of sts) expect(dev.memory.read(st, 1)[0]).toBe(NOTSUPP);
    await raw.release();
    await raw.settle(3000);
    expect((await raw.takeMsis()).length, 'one MSI for a batch crossing used_event once').toBe(1);
    // with EVENT_IDX the driver's avail.flags NO_INTERRUPT is ignored (§6 item 22)
    await raw.idle();
    raw.setAvailFlags(VIRTQ_AVAIL_F_NO_INTERRUPT);
    raw.setUsedEvent(raw.lastUsed);
    expect(await one(), 'NO_INTERRUPT ignored with EVENT_IDX').toBe(1);
    await raw.idle();
    raw.setAvailFlags(0);
    await expectNoNewViolations(dev, v0);
  });

  describe('malformed chains (D18): complete with ERR where a status can be written, never hang, keep serving', () => {
    const hdr = cheapRequest(); // parsed correctly this would be NOTSUPP, so ERR shows the chain check
    let v0 = 0;

    /** Publish `head`, wait (bounded), then check the queue and the driver queue still work. */
    async function runMalformed(head: number): Promise<{ id: number; len: number }> {
      await raw.flushGrants();
      raw.publish([head]);
      const [e] = await raw.waitUsed(1, 1_000_000);
      expect(e!.id, 'used id = head of the malformed chain').toBe(head);
      return e!;
    }

    async function stillServes(): Promise<void> {
      const r = await raw.submit([hdr], [4, 1], { fill: FILL });
      expect(r.usedLen).toBe(5);
      expect(r.written[1]![0]).toBe(NOTSUPP);
      const e = await dev.submitRaw(0, [hdr], [1]);
      expect(e.written[0]![0]).toBe(NOTSUPP);
      await cbcCase(dev, dev, rng, { keyBytes: 16, op: 'encrypt', len: 32 });
      await expectNoNewViolations(dev, v0);
    }

    it('next index ≥ queue size (after a writable descriptor, and on a readable one)', async () => {
      v0 = (await violations(dev)).count;
      await raw.idle();
      let h = raw.readable(hdr);
      let st = raw.writable(1, FILL);
      raw.writeRingDesc(3, { addr: h, len: hdr.length, flags: DF.NEXT, next: 4 });
      raw.writeRingDesc(4, { addr: st, len: 1, flags: DF.WRITE | DF.NEXT, next: raw.size + 3 });
      let e = await runMalformed(3);
      expect(dev.memory.read(st, 1)[0], 'ERR in the last writable byte').toBe(ERR);
      expect(e.len, 'D3: whole writable area').toBe(1);
      await raw.release();
      // next out of range before any writable descriptor: nothing writable → used.len 0
      h = raw.readable(hdr);
      st = raw.writable(1, FILL);
      raw.writeRingDesc(5, { addr: h, len: hdr.length, flags: DF.NEXT, next: 0xffff });
      raw.writeRingDesc(6, { addr: st, len: 1, flags: DF.WRITE, next: 0 });
      e = await runMalformed(5);
      expect(e.len).toBe(0);
      await raw.release();
      // inside an indirect table: next ≥ table length
      h = raw.readable(hdr);
      st = raw.writable(1, FILL);
      const t = raw.table(2);
      raw.writeTableDesc(t, 0, { addr: h, len: hdr.length, flags: DF.NEXT, next: 1 });
      raw.writeTableDesc(t, 1, { addr: st, len: 1, flags: DF.WRITE | DF.NEXT, next: 2 });
      raw.writeRingDesc(7, { addr: t, len: 32, flags: DF.INDIRECT, next: 0 });
      e = await runMalformed(7);
      expect(dev.memory.read(st, 1)[0]).toBe(ERR);
      expect(e.len).toBe(1);
      await raw.release();
      await stillServes();
    });

    it('a loop (next pointing back), direct and inside an indirect table', async () => {
      v0 = (await violations(dev)).count;
      await raw.idle();
      // writable descriptor pointing at itself
      let h = raw.readable(hdr);
      let st = raw.writable(1, FILL);
      raw.writeRingDesc(8, { addr: h, len: hdr.length, flags: DF.NEXT, next: 9 });
      raw.writeRingDesc(9, { addr: st, len: 1, flags: DF.WRITE | DF.NEXT, next: 9 });
      let e = await runMalformed(8);
      expect(dev.memory.read(st, 1)[0], 'ERR in the last writable byte').toBe(ERR);
      expect(e.len, 'D3: the writable area is one byte').toBe(1);
      await raw.release();
      // loop among readable descriptors back to the head: nothing writable → used.len 0
      h = raw.readable(hdr);
      const h2 = raw.readable(new Uint8Array(8));
      raw.writeRingDesc(10, { addr: h, len: hdr.length, flags: DF.NEXT, next: 11 });
      raw.writeRingDesc(11, { addr: h2, len: 8, flags: DF.NEXT, next: 10 });
      e = await runMalformed(10);
      expect(e.len).toBe(0);
      await raw.release();
      // loop inside an indirect table: [R hdr → W 2 → back to W 2]
      h = raw.readable(hdr);
      st = raw.writable(2, FILL);
      const t = raw.table(2);
      raw.writeTableDesc(t, 0, { addr: h, len: hdr.length, flags: DF.NEXT, next: 1 });
      raw.writeTableDesc(t, 1, { addr: st, len: 2, flags: DF.WRITE | DF.NEXT, next: 1 });
      raw.writeRingDesc(12, { addr: t, len: 32, flags: DF.INDIRECT, next: 0 });
      e = await runMalformed(12);
      expect(dev.memory.read(st, 2)[1]).toBe(ERR);
      expect(e.len).toBe(2);
      await raw.release();
      await stillServes();
    });

    it('nested indirect table', async () => {
      v0 = (await violations(dev)).count;
      await raw.idle();
      const h = raw.readable(hdr);
      const st = raw.writable(1, FILL);
      const inner = raw.writable(4, FILL);
      const t2 = raw.table(1);
      raw.writeTableDesc(t2, 0, { addr: inner, len: 4, flags: DF.WRITE, next: 0 });
      const t1 = raw.table(3);
      raw.writeTableDesc(t1, 0, { addr: h, len: hdr.length, flags: DF.NEXT, next: 1 });
      raw.writeTableDesc(t1, 1, { addr: st, len: 1, flags: DF.WRITE | DF.NEXT, next: 2 });
      raw.writeTableDesc(t1, 2, { addr: t2, len: 16, flags: DF.INDIRECT, next: 0 });
      raw.writeRingDesc(13, { addr: t1, len: 48, flags: DF.INDIRECT, next: 0 });
      const e = await runMalformed(13);
      expect(dev.memory.read(st, 1)[0], 'ERR in the last writable byte before the nested table').toBe(ERR);
      expect(e.len).toBe(1);
      await raw.release();
      await stillServes();
    });

    it('a readable descriptor after a writable one', async () => {
      v0 = (await violations(dev)).count;
      await raw.idle();
      const h = raw.readable(hdr);
      const st = raw.writable(3, FILL);
      const tail = raw.readable(new Uint8Array(16).fill(0x5a));
      raw.writeRingDesc(14, { addr: h, len: hdr.length, flags: DF.NEXT, next: 15 });
      raw.writeRingDesc(15, { addr: st, len: 3, flags: DF.WRITE | DF.NEXT, next: 0 });
      raw.writeRingDesc(0, { addr: tail, len: 16, flags: DF.NEXT, next: 1 });
      raw.writeRingDesc(1, { addr: tail, len: 16, flags: 0, next: 0 });
      const e = await runMalformed(14);
      expect(dev.memory.read(st, 3)[2], 'ERR in the last writable byte').toBe(ERR);
      expect(e.len).toBe(3);
      expect(hex(dev.memory.read(tail, 16)), '§6.20: readable buffers never written').toBe('5a'.repeat(16));
      await raw.release();
      await stillServes();
    });

    it('no writable descriptor at all → completes with used.len 0, readable buffers untouched', async () => {
      v0 = (await violations(dev)).count;
      for (const indirect of [false, true]) {
        await raw.idle();
        const h = raw.readable(hdr);
        const h2 = raw.readable(new Uint8Array(24).fill(0x33));
        if (indirect) {
          const t = raw.table(2);
          raw.writeTableDesc(t, 0, { addr: h, len: hdr.length, flags: DF.NEXT, next: 1 });
          raw.writeTableDesc(t, 1, { addr: h2, len: 24, flags: 0, next: 0 });
          raw.writeRingDesc(2, { addr: t, len: 32, flags: DF.INDIRECT, next: 0 });
        } else {
          raw.writeRingDesc(2, { addr: h, len: hdr.length, flags: DF.NEXT, next: 3 });
          raw.writeRingDesc(3, { addr: h2, len: 24, flags: 0, next: 0 });
        }
        const e = await runMalformed(2);
        expect(e.len).toBe(0);
        expect(hex(dev.memory.read(h, hdr.length))).toBe(hex(hdr));
        expect(hex(dev.memory.read(h2, 24))).toBe('33'.repeat(24));
        await raw.release();
      }
      await stillServes();
    });
  });
});

// ------------------------------------------------------------------------------------------
describe('no EVENT_IDX (VERSION_1 | INDIRECT_DESC): avail.flags NO_INTERRUPT suppresses the queue MSI', () => {
  let dev: Device;
  beforeAll(async () => {
    dev = await openDevice({ features: C.FEATURE.VERSION_1 | C.FEATURE.INDIRECT_DESC, queueSize: 8, dataQueues: 2 });
  });
  afterAll(() => closeChecked(dev));

  it('NO_INTERRUPT → no MSI for that queue; flags 0 → one MSI per completion', async () => {
    const v0 = (await violations(dev)).count;
    const raw = await RawQueue.open(dev, 1);
    const hdr = cheapRequest();
    await raw.settle(2000);
    await raw.takeMsis();
    raw.setAvailFlags(VIRTQ_AVAIL_F_NO_INTERRUPT);
    for (let i = 0; i < 4; i++) {
      const r = await raw.submit([hdr], [2, 1]);
      expect(r.written[1]![0]).toBe(NOTSUPP);
    }
    await raw.settle(3000);
    expect((await raw.takeMsis()).length, 'no MSI with NO_INTERRUPT').toBe(0);
    await raw.idle();
    raw.setAvailFlags(0);
    for (let i = 0; i < 3; i++) {
      await raw.submit([hdr], [1]);
      await raw.settle(3000);
      expect((await raw.takeMsis()).length, 'one MSI per completion').toBe(1);
    }
    // the driver-managed queue 0 (flags 0) interrupts on its own vector
    const q0 = dev.queues.find((q) => q.index === 0)!;
    const n0 = dev.msiLog.length;
    const rs = await Promise.all(Array.from({ length: 6 }, () => dev.submitRaw(0, [hdr], [1], { indirect: true })));
    for (const r of rs) expect(r.written[0]![0]).toBe(NOTSUPP);
    await runHex(dev, 3000);
    const log = [...dev.msiLog.slice(n0), ...(await dev.console.irqs()).messages];
    expect(log.some((m) => m.data === q0.msixVector && m.addr === dev.banner.msiBase + BigInt(MSI_ADDR_STRIDE * q0.msixVector))).toBe(true);
    await expectNoNewViolations(dev, v0);
  });
});


// ------------------------------------------------------------------------------------------
describe('VERSION_1 only: indirect descriptors accepted without INDIRECT_DESC (D20)', () => {
  let dev: Device;
  const rng = new Rng('rings v1');
  beforeAll(async () => {
    dev = await openDevice({ features: C.FEATURE.VERSION_1, queueSize: 8, dataQueues: 2 });
    expect(dev.negotiatedFeatures).toBe(C.FEATURE.VERSION_1);
  });
  afterAll(() => closeChecked(dev));

  it('cheap requests and AES-CBC in indirect tables; N direct + one indirect', async () => {
    const v0 = (await violations(dev)).count;
    const hdr = cheapRequest();
    const r = await dev.submitRaw(0, recut([hdr], [10, 20, 30]), [3, 3, 1], { indirect: true });
    expect(r.usedLen).toBe(7);
    expect(r.written[2]![0]).toBe(NOTSUPP);
    await cbcCase(dev, dev, rng, { keyBytes: 16, op: 'encrypt', len: 48, indirect: true });
    await cbcCase(dev, dev, rng, { keyBytes: 32, op: 'decrypt', len: 160, indirect: true, split: 'fields', writable: [7, 150, 4] });
    // create / destroy on the control queue in indirect tables too
    const cs = await createCipherSession(dev, { algo: CBC, key: rng.bytes(16), op: 'encrypt' }, { indirect: true, split: 'fields' });
    expect(cs.status).toBe(OK);
    expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId, { indirect: true })).toBe(OK);
    const raw = await RawQueue.open(dev, 1);
    const mixed = await raw.submit(recut([hdr], [36]), [2, 1], { directPrefix: 1 });
    expect(mixed.usedLen).toBe(3);
    expect(mixed.written[1]![0]).toBe(NOTSUPP);
    const d = rawDataDevice(dev, raw, (rd, w) => ({ readable: rd, writable: w, opts: { directPrefix: 2 } }));
    await cbcCase(dev, d, rng, { keyBytes: 24, op: 'encrypt', len: 64, queue: 1 });
    await expectNoNewViolations(dev, v0);
  });
});

// ------------------------------------------------------------------------------------------
describe('large queue: one descriptor per byte in a direct chain', () => {
  let dev: Device;
  const rng = new Rng('rings big');
  beforeAll(async () => {
    dev = await openDevice({ features: C.FEATURE_PROFILE.legacy, dataQueues: 1 });
  });
  afterAll(() => closeChecked(dev));

  it('AES-CBC with every readable and every writable byte in its own descriptor', async () => {
    const v0 = (await violations(dev)).count;
    const q0 = dev.queues.find((q) => q.index === 0)!;
    const len = 32;
    const cuts = Array.from({ length: 72 + 16 + len }, (_, i) => i + 1);
    const writable = Array(len + 1).fill(1);
    expect(cuts.length + writable.length).toBeLessThanOrEqual(q0.size);
    for (const op of ['encrypt', 'decrypt'] as const) {
      await cbcCase(dev, dev, rng, { keyBytes: 16, op, len, split: cuts, writable });
    }
    await expectNoNewViolations(dev, v0);
  });
});

// ------------------------------------------------------------------------------------------
describe('corrupt ring (D18): head index ≥ queue size', () => {
  it('sets DEVICE_NEEDS_RESET and raises the configuration interrupt', async () => {
    const dev = await openDevice({ queueSize: 8, dataQueues: 1 });
    try {
      const raw = await RawQueue.open(dev, 0);
      await raw.settle(1000);
      await dev.console.irqs();
      raw.publish([raw.size + 3]);
      await raw.settle(20_000);
      const status = await dev.regs.status();
      expect(status & DEVICE_STATUS.NEEDS_RESET, `device_status 0x${status.toString(16)}`).toBe(DEVICE_STATUS.NEEDS_RESET);
      const msis = (await dev.console.irqs()).messages;
      // configuration vector 0: address msibase + 0, data 0 (docs/api.md openDevice step 2)
      expect(msis.some((m) => m.data === 0 && m.addr === dev.banner.msiBase)).toBe(true);
      expectViolationCount((await violations(dev)).count, 'DMA violations');
    } finally {
      await dev.close();
    }
  });
});
