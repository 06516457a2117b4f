// (d) Device reset (device_status := 0) while many requests are in flight on every data queue:
// once device_status reads back 0 the device must have quiesced (§6 item 18, virtio §2.4: the
// driver may reclaim every buffer then). The driver (dev.resetDevice) revokes every grant of
// requests and rings right after that read; then thousands of cycles must pass without a single
// AXI data beat (stats rd_beats / wr_beats), MSI message or DMA violation. Then reinit() and
// requests run correctly in the same simulator.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/crypto/rng.ts';
import { DeviceResetError, openDevice } from '../../src/index.ts';
import { resetAndWait } from '../../src/virtio/init.ts';
import { cheapRequest } from '../device/common.ts';
import { DF, RawQueue } from '../device/raw-queue.ts';
import { createSessions, dmaViolationText, expectAllMatch, makeMix } from './common.ts';

const QUIET_CYCLES = 5000;

interface Profile {
  seed: number;
  lat: { rd: number; wr: number };
  stall: number;
  /** reset once this many requests have completed */
  after: number;
}

const PROFILES: Profile[] = [
  { seed: 7, lat: { rd: 200, wr: 120 }, stall: 200, after: 4 },
  { seed: 8, lat: { rd: 40, wr: 16 }, stall: 0, after: 10 },
  { seed: 9, lat: { rd: 300, wr: 300 }, stall: 400, after: 1 },
];

describe('device reset with requests in flight', () => {
  for (const p of PROFILES) {
    it(`seed ${p.seed}: lat ${p.lat.rd}/${p.lat.wr}, stall ${p.stall}‰, reset after ${p.after} completions → quiet after status reads 0; reinit works`, async () => {
      const dev = await openDevice({ queueSize: 16, timeoutCycles: 2_000_000 });
      try {
        const rng = new Rng(`reset ${p.seed}`);
        const s = await createSessions(dev, rng);
        dev.console.faultRandom({ seed: p.seed, latency: p.lat, jitter: { rd: 32, wr: 32 }, stall: p.stall });
        const jobs = makeMix(dev, s, rng, 48, 32);
        // The reset starts from the completion of the `after`-th request (no wall-clock polling, so
        // the command sequence, and with the seed the whole run, is reproducible).
        let done = 0;
        let inFlight = 0;
        let resetting: Promise<void> | undefined;
        let resetStarted!: () => void;
        const started = new Promise<void>((r) => (resetStarted = r));
        const settled = Promise.allSettled(
          jobs.map((j) =>
            j.run(dev).finally(() => {
              if (++done !== p.after) return;
              inFlight = dev.outstanding;
              resetting = dev.resetDevice(); // status := 0, poll until 0, then revoke every grant, free memory
              resetStarted();
            }),
          ),
        );
        await started;
        await resetting;
        expect(inFlight, 'requests still outstanding when the reset is written').toBeGreaterThan(8);
        expect(await dev.deviceStatus()).toBe(0);
        const readZeroAt = dev.console.cycle;
        const v0 = await dmaViolationText(dev);
        const s0 = await dev.stats();
        const irqs0 = await dev.pollInterrupts();
        await dev.console.run(QUIET_CYCLES);
        const s1 = await dev.stats();
        const v1 = await dmaViolationText(dev);
        const irqs1 = await dev.pollInterrupts();
        expect(s1.cycles - s0.cycles).toBeGreaterThanOrEqual(QUIET_CYCLES);
        expect(
          { rdBeats: s1.rdBeats - s0.rdBeats, wrBeats: s1.wrBeats - s0.wrBeats, violations: v1.count - v0.count },
          `AXI data beats / DMA violations in ${QUIET_CYCLES} cycles after device_status read 0 at cycle ~${readZeroAt} (${inFlight} requests were in flight; violations: ${v1.text})`,
        ).toEqual({ rdBeats: 0, wrBeats: 0, violations: 0 });
        expect(irqs1, `MSI messages after device_status read 0 (at the read: ${irqs0.length})`).toEqual([]);

        // every request either completed before the reset (exactly) or failed with DeviceResetError
        const res = await settled;
        const completed: number[] = [];
        res.forEach((r, i) => {
          if (r.status === 'rejected') expect(r.reason, jobs[i]!.label).toBeInstanceOf(DeviceResetError);
          else completed.push(i);
        });
        expectAllMatch(
          completed.map((i) => jobs[i]!),
          completed.map((i) => (res[i] as PromiseFulfilledResult<Awaited<ReturnType<(typeof jobs)[number]['run']>>>).value),
        );
        await expect(dev.submitRaw(0, [new Uint8Array(8)], [1])).rejects.toThrow(/reset/);

        // re-initialise in the same simulator (faults still on), new sessions, a full mix
        await dev.reinit();
        expect(await dev.deviceStatus()).toBe(0x0f);
        const s2 = await createSessions(dev, rng);
        const again = makeMix(dev, s2, rng, 24);
        expectAllMatch(again, await Promise.all(again.map((j) => j.run(dev))));
        dev.console.faultClear();
        const v2 = await dmaViolationText(dev);
        expect(v2.count, `DMA violations over the device life (${v2.text})`).toBe(0);
      } finally {
        await dev.close();
      }
    });
  }
});

// The smallest form: one cheap request on queue 1 (by hand), host memory slow (lat 200/100), the
// reset written `delay` cycles after the notify; then status must read 0 only once the device has
// no access left: nothing on the bus afterwards, in particular no access through the ring
// addresses the reset just cleared (they read 0: a fetch would go to address 0).
describe('device reset shortly after one notify', () => {
  for (const delay of [0, 40, 400, 2000]) {
    it(`reset ${delay} cycles after the notify → no AXI beat after device_status reads 0`, async () => {
      const dev = await openDevice({ queueSize: 8, dataQueues: 2 });
      try {
        const raw = await RawQueue.open(dev, 1);
        dev.console.latency(200, 100);
        const hdr = raw.readable(cheapRequest());
        const st = raw.writable(1, 0xee);
        raw.writeRingDesc(0, { addr: hdr, len: 72, flags: DF.NEXT, next: 1 });
        raw.writeRingDesc(1, { addr: st, len: 1, flags: DF.WRITE, next: 0 });
        await raw.flushGrants();
        raw.publish([0]);
        if (delay) await dev.console.run(delay);
        await resetAndWait(dev.regs);
        const s0 = await dev.stats();
        const v0 = await dmaViolationText(dev);
        await dev.console.run(QUIET_CYCLES);
        const s1 = await dev.stats();
        const v1 = await dmaViolationText(dev);
        expect(
          { rdBeats: s1.rdBeats - s0.rdBeats, wrBeats: s1.wrBeats - s0.wrBeats, violations: v1.count - v0.count },
          `after device_status read 0 at cycle ~${s0.cycles} (violations: ${v1.text})`,
        ).toEqual({ rdBeats: 0, wrBeats: 0, violations: 0 });
      } finally {
        await dev.close();
      }
    });
  }
});
