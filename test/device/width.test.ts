// The whole device at AXI data widths other than the default 128 (top parameter DATA_WIDTH =
// 64 and 256): DMA engine, virtqueue engine (descriptors in ceil(16/BYTES) beats), gather reader
// (beats cut into <= 16-byte entries) and scatter writer (ceil(len/BYTES) beats per piece).
//
// The simulator binary of the other suites is sim/build/vcrypto-sim (DATA_WIDTH 128, built by
// `make -s sim`). Here each width is built into its own directory with
//   make -s sim DATA_WIDTH=<w> SIM_BUILD=sim/build/w<w>
// (sim/verilator.mk derives every path from SIM_BUILD, so a command-line value relocates the
// whole build) under a lock of its own (sim/build/w<w>.lock: holding the default build's lock
// through a long build would stall the other files' openDevice) by variantSimulator(), and the
// binary goes to openDevice() as its `simulator`. Each width runs a short AES-CBC smoke (key sizes, lengths
// up to several DMA chunks, odd readable/writable splits, indirect tables) against the
// reference model, and a ring smoke (many cheap requests on every data queue, rings of 64 that
// wrap several times, EVENT_IDX), with zero DMA violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/constants/crypto.ts';
import { cipherRequest, type CipherRequestParams } from '../../src/crypto/cipher.ts';
import type { SplitSpec } from '../../src/crypto/framing.ts';
import { Rng } from '../../src/crypto/rng.ts';
import { createCipherSession, destroySession } from '../../src/crypto/session.ts';
import { openDevice, variantSimulator, type Device } from '../../src/index.ts';
import { expectCipher } from '../../src/ref/index.ts';
import { cheapRequest, closeChecked, expectNoNewViolations, hex, lastWritableByte, sum, violations } from './common.ts';


/** Build sim/build/w<width>/vcrypto-sim (make rebuilds only when stale) and return its path. */
function buildWidth(width: number): Promise<string> {
  return variantSimulator(`w${width}`, { DATA_WIDTH: width });
}

const { OK, NOTSUPP } = C.STATUS;
const CBC = C.CIPHER_ALGO.AES_CBC;
const SPLITS: SplitSpec[] = ['parts', 'single', 'fields', [1, 30, 73, 99]];

/** One AES-CBC session request, compared with the reference model. */
async function cbcCase(
  dev: Device,
  rng: Rng,
  a: { keyBytes: number; op: 'encrypt' | 'decrypt'; len: number } & Partial<CipherRequestParams>,
): Promise<void> {
  const key = rng.bytes(a.keyBytes);
  const iv = rng.bytes(16);
  const src = rng.bytes(a.len);
  const cs = await createCipherSession(dev, { algo: CBC, key, op: a.op });
  expect(C.statusName(cs.status)).toBe('OK');
  const { keyBytes: _k, len: _l, ...rest } = a;
  const got = await cipherRequest(dev, { ...rest, iv, src, sessionId: cs.sessionId });
  expect(await destroySession(dev, C.SERVICE.CIPHER, cs.sessionId)).toBe(OK);
  const writableLen = a.writable ? sum(a.writable) : undefined;
  const exp = expectCipher({ algo: CBC, op: a.op, key, iv, src, ...(writableLen !== undefined ? { writableLen } : {}) });
  const what = `${a.op} key ${a.keyBytes} len ${a.len} split ${JSON.stringify(a.split)} writable ${JSON.stringify(a.writable)}`;
  expect(C.statusName(got.status), `${what}: ${exp.rule}`).toBe(C.statusName(exp.status));
  expect(hex(got.dst), what).toBe(hex(exp.dst));
  expect(got.usedLen, `${what}: D3 used.len = whole writable area`).toBe(writableLen ?? a.len + 1);
}

for (const width of [64, 256]) {
  describe(`DATA_WIDTH ${width}`, () => {
    let dev: Device | undefined;
    const rng = new Rng(`width ${width}`);

    beforeAll(async () => {
      dev = await openDevice({ queueSize: 64, simulator: await buildWidth(width) });
    }, 900_000);
    afterAll(() => closeChecked(dev));

    it('the simulator runs the requested width', () => {
      expect(dev!.banner.dataWidth).toBe(width);
    });

    it('AES-CBC against the reference model: key sizes, lengths, splits, writable pieces, indirect', async () => {
      const d = dev!;
      const v0 = (await violations(d)).count;
      const lengths = [16, 32, 48, 112, 272, 1040, 4112];
      let n = 0;
      for (const len of lengths) {
        for (const op of ['encrypt', 'decrypt'] as const) {
          const keyBytes = [16, 24, 32][n % 3]!;
          const split = SPLITS[n % SPLITS.length]!;
          // odd writable pieces (1..16-byte DMA writes that end at segment ends) on every other case
          const writable = n % 2 === 1 && len >= 48 ? [7, 9, 17, len + 1 - 33 + 5] : undefined;
          const indirect = n % 3 === 2;
          await cbcCase(d, rng, {
            keyBytes,
            op,
            len,
            split,
            ...(writable ? { writable } : {}),
            ...(indirect ? { indirect: true } : {}),
          });
          n++;
        }
      }
      await expectNoNewViolations(d, v0, 'AES-CBC');
    });

    it('ring smoke: cheap requests on every data queue, rings of 64 wrapping, direct and indirect', async () => {
      const d = dev!;
      const v0 = (await violations(d)).count;
      const cfg = await d.readConfig();
      const queues = cfg.maxDataqueues;
      expect(queues).toBeGreaterThan(0);
      const hdr = cheapRequest();
      const shapes: { readable: Uint8Array[]; writable: number[]; indirect: boolean }[] = [
        { readable: [hdr], writable: [1], indirect: false },
        { readable: [hdr.subarray(0, 40), hdr.subarray(40)], writable: [3, 1], indirect: false },
        { readable: [hdr.subarray(0, 9), hdr.subarray(9, 24), hdr.subarray(24)], writable: [5, 11, 1], indirect: true },
      ];
      const jobs: Promise<void>[] = [];
      for (let i = 0; i < 48 * queues; i++) {
        const q = i % queues;
        const s = shapes[i % shapes.length]!;
        jobs.push(
          d.submitRaw(q, s.readable, s.writable, { indirect: s.indirect, writableFill: 0xee }).then((r) => {
            expect(r.usedLen, `request ${i} on queue ${q}: used.len`).toBe(sum(s.writable));
            expect(C.statusName(lastWritableByte(r.written)), `request ${i}: status`).toBe(C.statusName(NOTSUPP));
          }),
        );
      }
      await Promise.all(jobs);
      await expectNoNewViolations(d, v0, 'ring smoke');
    });
  });
}
