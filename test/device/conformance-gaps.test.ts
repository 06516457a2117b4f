// Device-level checks of checklist items that had no test (fact sheet
// /work/shared/reference/virtio-crypto.md §6 items 10, 19, 23, 27; §8.4 ISR, §8.5 MSI-X, §8.7
// init sequence, §8.8 split ring). Every expectation comes from the fact sheet (or the PCI rules
// it refers to), never from what the device answered: queue interrupts in INTx mode (ISR bit 0,
// read-to-clear, INTx level, Interrupt Disable, PCI status bit 3), the configuration interrupt in
// ISR bit 1, NO_VECTOR delivering nothing with MSI-X on, no buffer consumed before DRIVER_OK,
// queue_size values, and header.flag handling per negotiated features.
//
// The virtio init is driven by hand (openSimulator + the exported PCI / virtio helpers) where
// openDevice() cannot express the state (MSI-X never enabled, NO_VECTOR queues, requests placed
// before DRIVER_OK). Queues are then driven through RawQueue on a minimal Device stand-in.
// The rules are attributed in scripts/conformance/mapping.json.
import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import {
  DEVICE_STATUS,
  MSIX_CAP,
  MSIX_CTRL,
  PCI_CFG,
  PCI_COMMAND,
  PCI_STATUS,
  SPLIT_RING,
  VIRTIO_ISR,
  VIRTIO_MSI_NO_VECTOR,
} from '../../src/constants/virtio.ts';
import { aeadRequest } from '../../src/crypto/aead.ts';
import { cipherRequest } from '../../src/crypto/cipher.ts';
import { hashRequest, macRequest } from '../../src/crypto/hash.ts';
import { createAeadSession, createCipherSession, createHashSession, createMacSession, destroySession } from '../../src/crypto/session.ts';
import { bringUpPci, type PciFunction } from '../../src/pci/bring-up.ts';
import { Msix } from '../../src/pci/msix.ts';
import { openDevice, openSimulator, type Device, type SimulatorHandle } from '../../src/index.ts';
import {
  negotiateFeatures,
  setDriverOk,
  setupConfigVector,
  setupQueue,
  type QueueInfo,
} from '../../src/virtio/init.ts';
import { locateRegions, VirtioRegs } from '../../src/virtio/regs.ts';
import { availRingBytes, descTableBytes, usedIdxAddr, usedRingBytes } from '../../src/virtio/ring-layout.ts';
import { cheapRequest, closeChecked, hex } from './common.ts';
import { DF, RawQueue } from './raw-queue.ts';

const { OK, NOTSUPP } = C.STATUS;
const NO_VECTOR = VIRTIO_MSI_NO_VECTOR;
/** Without EVENT_IDX every completion is a used-buffer notification unless avail.flags = 1. */
const FEATURES = C.FEATURE.VERSION_1 | C.FEATURE.INDIRECT_DESC;
const QSIZE = 8;

// ------------------------------------------------------------------------------------------
// Hand-driven bring-up

interface Manual {
  h: SimulatorHandle;
  pci: PciFunction;
  regs: VirtioRegs;
  msix: Msix;
  queues: QueueInfo[];
  /** RawQueue on queue q (a Device stand-in holding what RawQueue uses). */
  raw(q: number): Promise<RawQueue>;
  close(): Promise<void>;
}

async function bringUp(o: {
  msix: boolean;
  /** config_msix_vector (only written with MSI-X on) */
  configVector?: number;
  /** queue index → queue_msix_vector (NO_VECTOR in INTx mode) */
  queues: { index: number; vector: number }[];
  driverOk: boolean;
}): Promise<Manual> {
  const h = await openSimulator();
  try {
    const con = h.console;
    const pci = await bringUpPci(con);
    const regs = new VirtioRegs(con, locateRegions(pci.caps.virtio, () => pci.bar0Addr));
    expect(pci.caps.msix, 'MSI-X capability').toBeDefined();
    expect(pci.caps.msix!.tableBir).toBe(0);
    const msix = new Msix(con, pci.cfg, pci.caps.msix!, pci.bar0Addr);
    // MSI writes are DMA too: grant the window so only real strays count as violations
    await con.grant('w', h.banner.msiBase, h.banner.msiSize);
    if (o.msix) {
      await msix.enable();
      for (let v = 0; v < msix.tableSize; v++) msix.program(v, Msix.messageAddr(h.banner.msiBase, v), v);
    }
    const neg = await negotiateFeatures(regs, FEATURES);
    expect(neg.accepted).toBe(FEATURES);
    if (o.msix && o.configVector !== undefined) await setupConfigVector(regs, o.configVector);
    const queues: QueueInfo[] = [];
    for (const q of o.queues) {
      const info = await setupQueue(regs, h.memory, q.index, { queueSize: QSIZE, msixVector: q.vector });
      expect(info, `queue ${q.index} exists`).toBeDefined();
      queues.push(info!);
      await Promise.all([
        con.grant('r', info!.rings.desc, descTableBytes(info!.size)),
        con.grant('r', info!.rings.avail, availRingBytes(info!.size)),
        con.grant('w', info!.rings.used, usedRingBytes(info!.size)),
      ]);
    }
    if (o.driverOk) await setDriverOk(regs);
    await con.sync();
    const stub = { queues, regs, memory: h.memory, console: con, banner: h.banner, outstanding: 0 } as unknown as Device;
    return {
      h,
      pci,
      regs,
      msix,
      queues,
      raw: (q) => RawQueue.open(stub, q),
      async close() {
        await h.close();
      },
    };
  } catch (e) {
    await h.close().catch(() => undefined);
    throw e;
  }
}

/** Place one cheap request ([R 72-byte header][W 1]) in the ring without publishing it. */
async function placeCheap(raw: RawQueue, head: number): Promise<void> {
  await raw.idle();
  const r = raw.readable(cheapRequest());
  const w = raw.writable(1, 0xee);
  raw.writeRingDesc(head, { addr: r, len: 72, flags: DF.NEXT, next: head + 1 });
  raw.writeRingDesc(head + 1, { addr: w, len: 1, flags: DF.WRITE, next: 0 });
  await raw.flushGrants();
}

/** Status byte of a cheap request placed at `head` (its writable descriptor is head + 1). */
function cheapStatus(raw: RawQueue, head: number): number {
  const d = raw.mem.read(raw.ringDescAddr(head + 1), SPLIT_RING.DESC_SIZE);
  const addr = Buffer.from(d).readBigUInt64LE(0);
  return raw.mem.read(addr, 1)[0]!;
}

async function pciStatusInterrupt(m: Manual): Promise<number> {
  return (await m.pci.cfg.read16(PCI_CFG.STATUS)) & PCI_STATUS.INTERRUPT;
}

async function dmaViolations(m: Manual): Promise<string> {
  const v = await m.h.console.violations();
  return v.count === 0 ? '' : `${v.count}: ${v.list.map((e) => `${e.kind}:0x${e.addr.toString(16)}+${e.len}@${e.cycle}`).join(' ')}`;
}

// ------------------------------------------------------------------------------------------
describe('ISR and INTx (MSI-X never enabled)', () => {
  let m: Manual | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('a completion sets ISR bit 0 and raises INTx; reading the ISR returns and clears it and drops INTx; Interrupt Disable; config change sets bit 1', async () => {
    m = await bringUp({ msix: false, queues: [{ index: 0, vector: NO_VECTOR }, { index: 1, vector: NO_VECTOR }], driverOk: true });
    const con = m.h.console;
    const ctrl = await m.pci.cfg.read16(m.pci.caps.msix!.at + MSIX_CAP.MESSAGE_CONTROL);
    expect(ctrl & MSIX_CTRL.ENABLE, 'MSI-X stays disabled').toBe(0);
    const msis: unknown[] = [];
    const irqs = async () => {
      const r = await con.irqs();
      msis.push(...r.messages);
      return r;
    };

    // idle: nothing pending
    await con.run(1000);
    expect(await m.regs.readIsr(), 'ISR before any event').toBe(0);
    expect((await irqs()).intx, 'INTx before any event').toBe(false);
    expect(await pciStatusInterrupt(m)).toBe(0);

    // one completion: the used entry is visible when INTx rises, ISR bit 0 is set
    const raw = await m.raw(0);
    await placeCheap(raw, 0);
    raw.publish([0]);
    const w = await con.waitIrq(500_000);
    expect(w.event, 'INTx rises after a completion').toBe('irq');
    await raw.idle();
    expect(raw.readUsedIdx(), 'used.idx already bumped when the interrupt is raised').toBe(1);
    await con.run(2000);
    expect((await irqs()).intx, 'INTx is a level: still high until the ISR is read').toBe(true);
    expect(await pciStatusInterrupt(m), 'PCI status bit 3 = OR of the ISR bits').toBe(PCI_STATUS.INTERRUPT);
    expect(await m.regs.readIsr(), 'ISR = queue interrupt only').toBe(VIRTIO_ISR.QUEUE);
    expect((await irqs()).intx, 'INTx drops once the ISR is read').toBe(false);
    expect(await m.regs.readIsr(), 'second ISR read: cleared').toBe(0);
    expect(await pciStatusInterrupt(m)).toBe(0);
    const [e0] = await raw.waitUsed(1);
    expect(e0).toEqual({ id: 0, len: 1 });
    expect(cheapStatus(raw, 0), 'unknown opcode → NOTSUPP (D19)').toBe(NOTSUPP);
    await raw.release();

    // two completions before the driver looks: one ISR read clears both
    await placeCheap(raw, 2);
    await placeCheap(raw, 4);
    raw.publish([2, 4]);
    await raw.waitUsed(2);
    await con.run(2000);
    expect((await irqs()).intx).toBe(true);
    expect(await m.regs.readIsr()).toBe(VIRTIO_ISR.QUEUE);
    expect((await irqs()).intx).toBe(false);
    expect(await m.regs.readIsr()).toBe(0);
    await raw.release();

    // Interrupt Disable (command bit 10): ISR and PCI status still report it, INTx stays low;
    // clearing the bit with the ISR still set asserts INTx
    const cmd = await m.pci.cfg.read16(PCI_CFG.COMMAND);
    m.pci.cfg.write16(PCI_CFG.COMMAND, cmd | PCI_COMMAND.INTX_DISABLE);
    await placeCheap(raw, 6);
    raw.publish([6]);
    await raw.waitUsed(1);
    await con.run(2000);
    expect((await irqs()).intx, 'INTx masked by Interrupt Disable').toBe(false);
    expect(await pciStatusInterrupt(m), 'PCI status bit 3 regardless of Interrupt Disable').toBe(PCI_STATUS.INTERRUPT);
    m.pci.cfg.write16(PCI_CFG.COMMAND, cmd & ~PCI_COMMAND.INTX_DISABLE);
    await con.run(100);
    expect((await irqs()).intx, 'pending interrupt asserts INTx once Interrupt Disable is cleared').toBe(true);
    expect(await m.regs.readIsr()).toBe(VIRTIO_ISR.QUEUE);
    expect((await irqs()).intx).toBe(false);
    await raw.release();

    // configuration change: a corrupt ring (head ≥ queue size, D18) → DEVICE_NEEDS_RESET and a
    // config interrupt: ISR bit 1 (no used buffer, so no bit 0)
    const raw1 = await m.raw(1);
    raw1.publish([QSIZE + 3]);
    const wc = await con.waitIrq(500_000);
    expect(wc.event, 'INTx rises for the configuration change').toBe('irq');
    const status = await m.regs.status();
    expect(status & DEVICE_STATUS.NEEDS_RESET, `device_status 0x${status.toString(16)}`).toBe(DEVICE_STATUS.NEEDS_RESET);
    expect((await irqs()).intx).toBe(true);
    expect(await m.regs.readIsr(), 'ISR = configuration interrupt only').toBe(VIRTIO_ISR.CONFIG);
    expect((await irqs()).intx).toBe(false);
    expect(await m.regs.readIsr()).toBe(0);

    expect(msis, 'no MSI-X message while MSI-X is disabled').toEqual([]);
    expect(await dmaViolations(m), 'DMA violations').toBe('');
  });
});

// ------------------------------------------------------------------------------------------
describe('MSI-X enabled, queue_msix_vector = NO_VECTOR', () => {
  let m: Manual | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('completions on the NO_VECTOR queue deliver no MSI (used ring still updated); a mapped queue does; config NO_VECTOR delivers nothing either', async () => {
    m = await bringUp({ msix: true, configVector: NO_VECTOR, queues: [{ index: 0, vector: NO_VECTOR }, { index: 1, vector: 1 }], driverOk: true });
    const con = m.h.console;
    const msiBase = m.h.banner.msiBase;
    const raw0 = await m.raw(0);
    const raw1 = await m.raw(1);
    await con.run(1000);
    expect((await con.irqs()).messages, 'nothing before the first request').toEqual([]);

    // control: queue 1 is mapped to vector 1 → exactly one message (address/data of entry 1)
    const r1 = await raw1.submit([cheapRequest()], [1]);
    expect(r1.written[0]![0]).toBe(NOTSUPP);
    await con.run(3000);
    const ctlLog = await con.irqs();
    expect(ctlLog.messages.map((x) => [x.addr, x.data])).toEqual([[Msix.messageAddr(msiBase, 1), 1]]);
    expect(ctlLog.intx, 'no INTx with MSI-X enabled').toBe(false);

    // queue 0 (NO_VECTOR): every request completes, used ring correct, no message at all
    for (let i = 0; i < 3; i++) {
      const r = await raw0.submit([cheapRequest()], [2, 1]);
      expect(r.usedLen).toBe(3);
      expect(r.written[1]![0], 'unknown opcode → NOTSUPP (D19)').toBe(NOTSUPP);
    }
    expect(raw0.readUsedIdx()).toBe(3);
    await con.run(5000);
    const log = await con.irqs();
    expect(log.messages, 'no MSI for a NO_VECTOR queue').toEqual([]);
    expect(log.intx).toBe(false);

    // config_msix_vector = NO_VECTOR: a configuration change (corrupt ring, D18) sends nothing
    raw0.publish([QSIZE + 1]);
    await con.run(20_000);
    const status = await m.regs.status();
    expect(status & DEVICE_STATUS.NEEDS_RESET, `device_status 0x${status.toString(16)}`).toBe(DEVICE_STATUS.NEEDS_RESET);
    const cfgLog = await con.irqs();
    expect(cfgLog.messages, 'no MSI for a NO_VECTOR configuration change').toEqual([]);
    expect(cfgLog.intx).toBe(false);
    expect(await dmaViolations(m), 'DMA violations').toBe('');
  });
});

// ------------------------------------------------------------------------------------------
describe('nothing consumed before DRIVER_OK', () => {
  let m: Manual | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('a request published and notified after FEATURES_OK + queue_enable but before DRIVER_OK is not touched; after DRIVER_OK and a notify it completes', async () => {
    m = await bringUp({ msix: true, configVector: 0, queues: [{ index: 0, vector: 1 }], driverOk: false });
    const con = m.h.console;
    const status0 = await m.regs.status();
    expect(status0 & DEVICE_STATUS.DRIVER_OK).toBe(0);
    expect(status0 & DEVICE_STATUS.FEATURES_OK).toBe(DEVICE_STATUS.FEATURES_OK);
    m.regs.selectQueue(0);
    expect(await m.regs.queueEnable()).toBe(1);

    const raw = await m.raw(0);
    await placeCheap(raw, 0);
    await con.irqs();
    const s0 = await con.stats();
    raw.publish([0]); // avail.idx = 1 and a notify
    await con.run(5000);
    con.mmioWrite(m.regs.notifyAddr(m.queues[0]!.notifyOff), 2, 0); // and another notify
    expect(await raw.settle(20_000), 'used entries before DRIVER_OK').toBe(0);
    const s1 = await con.stats();
    expect(s1.rdBeats - s0.rdBeats, 'AXI read beats before DRIVER_OK (ring or buffers fetched)').toBe(0);
    expect(s1.wrBeats - s0.wrBeats, 'AXI write beats before DRIVER_OK (used ring, buffers, MSI)').toBe(0);
    expect(m.h.memory.readU16(usedIdxAddr(m.queues[0]!.rings))).toBe(0);
    expect(cheapStatus(raw, 0), 'status byte untouched').toBe(0xee);
    expect((await con.irqs()).messages, 'no used-buffer notification before DRIVER_OK').toEqual([]);

    await setDriverOk(m.regs);
    con.mmioWrite(m.regs.notifyAddr(m.queues[0]!.notifyOff), 2, 0);
    const [e] = await raw.waitUsed(1);
    expect(e).toEqual({ id: 0, len: 1 });
    expect(cheapStatus(raw, 0), 'unknown opcode → NOTSUPP (D19)').toBe(NOTSUPP);
    await con.run(3000);
    const log = await con.irqs();
    expect(log.messages.map((x) => [x.addr, x.data]), 'one used-buffer notification after DRIVER_OK').toEqual([[Msix.messageAddr(m.h.banner.msiBase, 1), 1]]);
    await raw.release();
    expect(await dmaViolations(m), 'DMA violations').toBe('');
  });
});

// ------------------------------------------------------------------------------------------
describe('queue_size values', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('every existing queue offers a power of two ≤ 32768 and accepts smaller powers of two; queue_select ≥ num_queues reads 0, also after a write', async () => {
    sim = await openSimulator();
    const pciFn = await bringUpPci(sim.console);
    const regs = new VirtioRegs(sim.console, locateRegions(pciFn.caps.virtio, () => pciFn.bar0Addr));
    const n = await regs.numQueues();
    expect(n).toBeGreaterThanOrEqual(2); // ≥ 1 data queue + the control queue
    const max: number[] = [];
    for (let q = 0; q < n; q++) {
      regs.selectQueue(q);
      const s = await regs.queueSize();
      max.push(s);
      expect(s, `queue ${q}: queue_size ${s}`).toBeGreaterThan(0);
      expect(s & (s - 1), `queue ${q}: queue_size ${s} is a power of two`).toBe(0);
      expect(s).toBeLessThanOrEqual(SPLIT_RING.MAX_QUEUE_SIZE);
    }
    // the driver may shrink a queue to any smaller power of two; it reads back
    regs.selectQueue(0);
    for (let s = max[0]!; s >= 1; s >>= 1) {
      regs.setQueueSize(s);
      expect(await regs.queueSize(), `queue 0 shrunk to ${s}`).toBe(s);
    }
    for (const q of [n, n + 1, n + 7, 0x7fff, 0x8000, 0x8000 + 1, 0xffff]) {
      regs.selectQueue(q);
      expect(await regs.queueSize(), `queue_select ${q} (num_queues ${n})`).toBe(0);
      regs.setQueueSize(4);
      expect(await regs.queueSize(), `queue_select ${q} after writing queue_size 4`).toBe(0);
    }
    // those writes did not land on an existing queue
    for (let q = 1; q < n; q++) {
      regs.selectQueue(q);
      expect(await regs.queueSize(), `queue ${q} after writes to absent queues`).toBe(max[q]);
    }
  });
});

// ------------------------------------------------------------------------------------------
// header.flag per negotiated features. Expected results from node:crypto.

const aesCbc = (key: Uint8Array, iv: Uint8Array, src: Uint8Array): string => {
  const c = crypto.createCipheriv(`aes-${key.length * 8}-cbc`, key, iv).setAutoPadding(false);
  return Buffer.concat([c.update(src), c.final()]).toString('hex');
};
const sha256 = (src: Uint8Array): string => crypto.createHash('sha256').update(src).digest('hex');
const hmac256 = (key: Uint8Array, src: Uint8Array): string => crypto.createHmac('sha256', key).update(src).digest('hex');
const gcm = (key: Uint8Array, iv: Uint8Array, aad: Uint8Array, src: Uint8Array): string => {
  const c = crypto.createCipheriv(`aes-${key.length * 8}-gcm` as crypto.CipherGCMTypes, key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(src), c.final()]);
  return Buffer.concat([ct, c.getAuthTag()]).toString('hex');
};
const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + 1) & 0xff);
/** Only the status byte (last of the area) written: the rest still holds submitRaw's zero fill. */
const onlyStatus = (area: Uint8Array): string => hex(area.subarray(0, area.length - 1)).replace(/0/g, '');

describe('header.flag per negotiated features', () => {
  const KEY = bytes(16, 1);
  const IV = bytes(16, 2);
  const SRC = bytes(64, 3);
  const AAD = bytes(20, 4);
  const GCM_IV = bytes(12, 5);

  describe('REVISION_1 without any stateless bit', () => {
    let dev: Device;
    beforeAll(async () => {
      dev = await openDevice({ features: C.FEATURE_PROFILE.rev1, dataQueues: 1, queueSize: 16 });
      expect(dev.negotiatedFeatures).toBe(C.FEATURE_PROFILE.rev1);
    });
    afterAll(() => closeChecked(dev));

    it('CIPHER / HASH / MAC / AEAD: flag 0 or 2 (no SESSION_MODE) → NOTSUPP, nothing but the status written; SESSION_MODE → OK', async () => {
      const cs = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key: KEY, op: 'encrypt' });
      const hs = await createHashSession(dev, { algo: C.HASH_ALGO.SHA_256, hashResultLen: 32 });
      const ms = await createMacSession(dev, { algo: C.MAC_ALGO.HMAC_SHA_256, hashResultLen: 32, authKey: KEY });
      const as = await createAeadSession(dev, { algo: C.AEAD_ALGO.GCM, key: KEY, tagLen: 16, aadLen: AAD.length, op: 'encrypt' });
      for (const s of [cs, hs, ms, as]) expect(s.status).toBe(OK);
      const run = (flag: number) => ({
        cipher: () => cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: IV, src: SRC, flag }),
        hash: () => hashRequest(dev, { sessionId: hs.sessionId, src: SRC, hashResultLen: 32, flag }),
        mac: () => macRequest(dev, { sessionId: ms.sessionId, src: SRC, hashResultLen: 32, flag }),
        aead: () => aeadRequest(dev, { op: 'encrypt', sessionId: as.sessionId, iv: GCM_IV, aad: AAD, src: SRC, tagLen: 16, flag }),
      });
      for (const flag of [C.FLAG.NONE, 2]) {
        for (const [name, f] of Object.entries(run(flag))) {
          const r = await f();
          expect(r.layout).toBe('rev1');
          expect(C.statusName(r.status), `${name} flag ${flag}`).toBe(C.statusName(NOTSUPP));
          expect(onlyStatus(r.area), `${name} flag ${flag}: area untouched`).toBe('');
        }
      }
      const ok = run(C.FLAG.SESSION_MODE);
      const c = await ok.cipher();
      expect(C.statusName(c.status)).toBe('OK');
      expect(hex(c.dst)).toBe(aesCbc(KEY, IV, SRC));
      const h = await ok.hash();
      expect(C.statusName(h.status)).toBe('OK');
      expect(hex(h.result)).toBe(sha256(SRC));
      const mm = await ok.mac();
      expect(C.statusName(mm.status)).toBe('OK');
      expect(hex(mm.result)).toBe(hmac256(KEY, SRC));
      const a = await ok.aead();
      expect(C.statusName(a.status)).toBe('OK');
      expect(hex(a.dst)).toBe(gcm(KEY, GCM_IV, AAD, SRC));
      expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
      expect(await destroySession(dev, C.SERVICE.HASH, hs.sessionId)).toBe(OK);
      expect(await destroySession(dev, C.SERVICE.MAC, ms.sessionId)).toBe(OK);
      expect(await destroySession(dev, C.SERVICE.AEAD, as.sessionId)).toBe(OK);
    });
  });

  describe('REVISION_1 + CIPHER_STATELESS only', () => {
    let dev: Device;
    beforeAll(async () => {
      dev = await openDevice({ features: C.FEATURE_PROFILE.cipherStateless, dataQueues: 1, queueSize: 16 });
      expect(dev.negotiatedFeatures).toBe(C.FEATURE_PROFILE.cipherStateless);
    });
    afterAll(() => closeChecked(dev));

    it('CIPHER: flag 0 → stateless, SESSION_MODE → session; HASH (its stateless bit not negotiated): flag 0 → NOTSUPP, SESSION_MODE → OK', async () => {
      const st = await cipherRequest(dev, { op: 'encrypt', iv: IV, src: SRC, stateless: { algo: C.CIPHER_ALGO.AES_CBC, key: KEY }, flag: C.FLAG.NONE });
      expect(st.layout).toBe('stateless');
      expect(C.statusName(st.status)).toBe('OK');
      expect(hex(st.dst)).toBe(aesCbc(KEY, IV, SRC));
      const cs = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key: KEY, op: 'encrypt' });
      expect(cs.status).toBe(OK);
      const se = await cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: IV, src: SRC, flag: C.FLAG.SESSION_MODE });
      expect(se.layout).toBe('stateless');
      expect(C.statusName(se.status)).toBe('OK');
      expect(hex(se.dst)).toBe(aesCbc(KEY, IV, SRC));
      expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);

      const hs = await createHashSession(dev, { algo: C.HASH_ALGO.SHA_256, hashResultLen: 32 });
      expect(hs.status).toBe(OK);
      const bad = await hashRequest(dev, { sessionId: hs.sessionId, src: SRC, hashResultLen: 32, flag: C.FLAG.NONE });
      expect(bad.layout).toBe('rev1');
      expect(C.statusName(bad.status)).toBe(C.statusName(NOTSUPP));
      expect(onlyStatus(bad.area)).toBe('');
      const good = await hashRequest(dev, { sessionId: hs.sessionId, src: SRC, hashResultLen: 32, flag: C.FLAG.SESSION_MODE });
      expect(C.statusName(good.status)).toBe('OK');
      expect(hex(good.result)).toBe(sha256(SRC));
      expect(await destroySession(dev, C.SERVICE.HASH, hs.sessionId)).toBe(OK);
    });
  });

  describe('legacy (no REVISION_1)', () => {
    let dev: Device;
    beforeAll(async () => {
      dev = await openDevice({ features: C.FEATURE_PROFILE.legacy, dataQueues: 1, queueSize: 16 });
      expect(dev.negotiatedFeatures).toBe(C.FEATURE_PROFILE.legacy);
    });
    afterAll(() => closeChecked(dev));

    it('the flag is ignored: session requests with flag 0, 1, 2, 0xffffffff all → OK with the right result', async () => {
      const cs = await createCipherSession(dev, { algo: C.CIPHER_ALGO.AES_CBC, key: KEY, op: 'encrypt' });
      const hs = await createHashSession(dev, { algo: C.HASH_ALGO.SHA_256, hashResultLen: 32 });
      expect(cs.status).toBe(OK);
      expect(hs.status).toBe(OK);
      for (const flag of [0, 1, 2, 0xffff_ffff]) {
        const c = await cipherRequest(dev, { op: 'encrypt', sessionId: cs.sessionId, iv: IV, src: SRC, flag });
        expect(c.layout).toBe('legacy');
        expect(C.statusName(c.status), `cipher flag 0x${flag.toString(16)}`).toBe('OK');
        expect(hex(c.dst)).toBe(aesCbc(KEY, IV, SRC));
        const h = await hashRequest(dev, { sessionId: hs.sessionId, src: SRC, hashResultLen: 32, flag });
        expect(C.statusName(h.status), `hash flag 0x${flag.toString(16)}`).toBe('OK');
        expect(hex(h.result)).toBe(sha256(SRC));
      }
      expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
      expect(await destroySession(dev, C.SERVICE.HASH, hs.sessionId)).toBe(OK);
    });
  });
});
