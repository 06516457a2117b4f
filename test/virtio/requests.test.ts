// Driver-level request traffic against the real device: many chains in flight on every data
// queue, direct and indirect (D20 even without INDIRECT_DESC), DMA confined to the grants.
// The request is a legacy 72-byte data header with an opcode no service defines, which the device
// answers with NOTSUPP (D19) in the last writable byte (D3: used.len = whole writable area).
import { afterEach, describe, expect, it } from 'vitest';
import { FEATURE_BIT, featureMask } from '../../src/constants/virtio.ts';
import { STATUS } from '../../src/constants/crypto.ts';
import { openDevice, type Device } from '../../src/index.ts';

const LEGACY_HEADER_BYTES = 72;
const UNKNOWN_OPCODE = 0x0fff;

function unknownOpRequest(): Uint8Array {
  const hdr = Buffer.alloc(LEGACY_HEADER_BYTES);
  hdr.writeUInt32LE(UNKNOWN_OPCODE, 0);
  return new Uint8Array(hdr);
}

describe('request traffic', () => {
  let dev: Device | undefined;
  afterEach(async () => {
    await dev?.close();
    dev = undefined;
  });

  it.each([
    ['all features', undefined],
    ['VERSION_1 only (indirect not negotiated)', featureMask(FEATURE_BIT.VERSION_1)],
    ['no EVENT_IDX', featureMask(FEATURE_BIT.VERSION_1) | featureMask(FEATURE_BIT.INDIRECT_DESC)],
  ])('completes many requests in flight with %s', async (_name, features) => {
    dev = await openDevice({ queueSize: 8, ...(features !== undefined ? { features } : {}) });
    const n = 64;
    const reqs = Array.from({ length: n }, (_, i) => {
      const queue = i % dev!.numDataQueues;
      const writable = i % 2 ? [16, 1] : [1];
      return { writable, p: dev!.submitRaw(queue, [unknownOpRequest()], writable, { indirect: i % 3 === 0 }) };
    });
    const results = await Promise.all(reqs.map((r) => r.p));
    results.forEach((res, i) => {
      const w = reqs[i]!.writable;
      expect(res.usedLen).toBe(w.reduce((a, b) => a + b, 0));
      const last = res.written[res.written.length - 1]!;
      expect(last[last.length - 1]).toBe(STATUS.NOTSUPP);
    });
    expect(dev.outstanding).toBe(0);
    expect(await dev.dmaViolations()).toBe(0);
    // Without EVENT_IDX every used.idx update of a queue whose avail.flags allow it interrupts.
    // With EVENT_IDX the device reads used_event after its used.idx write; the completion pump
    // stops the simulation at that write and moves used_event past it before the read, so the
    // device rightly stays quiet (§2.7.10) — its batched used.idx updates (one per up to 8
    // chains) leave no other window. EVENT_IDX interrupts are tested in test/conformance.
    if ((dev.negotiatedFeatures & featureMask(FEATURE_BIT.EVENT_IDX)) === 0n) {
      expect(dev.msiLog.length).toBeGreaterThan(0);
    }
  });

  it('wraps the avail index of a small queue many times', async () => {
    dev = await openDevice({ queueSize: 2, dataQueues: 1 });
    for (let round = 0; round < 20; round++) {
      const rs = await Promise.all(Array.from({ length: 4 }, () => dev!.submitRaw(0, [unknownOpRequest()], [1])));
      for (const r of rs) expect(r.written[0]![0]).toBe(STATUS.NOTSUPP);
    }
    expect(await dev.dmaViolations()).toBe(0);
  });
});
