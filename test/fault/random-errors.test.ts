// (c) Random AXI error responses at a low rate (docs/console.md `fault errrate`, per burst, seeded)
// plus some backpressure, during bursts of AES-CBC / SHA-256 / AES-GCM requests on every data
// queue. Every request must end in one of:
//   - the reference result (status and whole writable area),
//   - status ERR (what else the area holds is not judged),
//   - DEVICE_NEEDS_RESET: the device set device_status bit 64 and raised the config interrupt; the
//     driver then fails the outstanding requests (DeviceNeedsResetError) — a request whose status
//     byte was never stored is accepted only in that case;
// never a hang (RequestTimeoutError), never a wrong OK result, never DMA outside the grants.
// After a NEEDS_RESET the device is re-initialised and the next round runs on it.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/crypto/rng.ts';
import { DeviceNeedsResetError, openDevice, RequestTimeoutError, type Device, type PlacedRequest } from '../../src/index.ts';
import { availRingBytes, descTableBytes, usedRingBytes } from '../../src/virtio/ring-layout.ts';
import {
  ERR,
  NEEDS_RESET,
  createSessions,
  expectAllMatch,
  expectNoViolations,
  makeMix,
  matchesRef,
  withSubmitOptions,
  type Sessions,
} from './common.ts';

const FILL = 0xa5;

interface Profile {
  seed: number;
  /** error permille per read / write burst */
  rd: number;
  wr: number;
  rounds: number;
  requests: number;
}

const PROFILES: Profile[] = [
  { seed: 101, rd: 3, wr: 0, rounds: 3, requests: 40 },
  { seed: 202, rd: 0, wr: 3, rounds: 3, requests: 40 },
  { seed: 303, rd: 4, wr: 4, rounds: 3, requests: 40 },
  { seed: 404, rd: 8, wr: 8, rounds: 4, requests: 40 },
  { seed: 505, rd: 1, wr: 2, rounds: 4, requests: 96 },
  { seed: 606, rd: 6, wr: 0, rounds: 4, requests: 40 },
];

interface Tally {
  ok: number;
  err: number;
  needsReset: number;
  unwritten: number;
  bad: string[];
}

/** Name what an injected error burst hit: a ring area, or buffers of this round's requests. */
function locate(dev: Device, placed: { label: string; bufs: PlacedRequest['buffers'] }[], e: { kind: string; addr: bigint; len: number }): string {
  const hits: string[] = [];
  const over = (a: bigint, n: number) => e.addr < a + BigInt(n) && a < e.addr + BigInt(e.len);
  for (const q of dev.queues) {
    if (over(q.rings.desc, descTableBytes(q.size))) hits.push(`desc table q${q.index}`);
    if (over(q.rings.avail, availRingBytes(q.size))) hits.push(`avail ring q${q.index}`);
    if (over(q.rings.used, usedRingBytes(q.size))) hits.push(`used ring q${q.index}`);
  }
  for (const p of placed) {
    p.bufs.forEach((b, k) => {
      if (!over(b.addr, b.len)) return;
      const last = k === p.bufs.length - 1;
      hits.push(`${p.label} ${b.writable ? (last ? 'status buffer' : 'dst buffer') : `readable #${k}`}`);
    });
  }
  return `${e.kind}:0x${e.addr.toString(16)}+${e.len} → ${hits.length ? hits.join(' / ') : '?'}`;
}

async function round(dev: Device, s: Sessions, rng: Rng, p: Profile, r: number): Promise<{ tally: Tally; nr: boolean; hits: string[] }> {
  const jobs = makeMix(dev, s, rng, p.requests);
  const before = await dev.console.faultStats();
  dev.console.faultErrRate('r', p.rd, r % 2 ? 'decerr' : 'slverr');
  dev.console.faultErrRate('w', p.wr, r % 2 ? 'slverr' : 'decerr');
  const placed: { label: string; bufs: PlacedRequest['buffers'] }[] = [];
  const settled = await Promise.allSettled(
    jobs.map((j) => j.run(withSubmitOptions(dev, { writableFill: FILL, onPlaced: (pl) => void placed.push({ label: j.label, bufs: pl.buffers }) }))),
  );
  dev.console.faultErrRate('rw', 0);
  await dev.console.sync();
  const after = await dev.console.faultStats();
  const n = after.rdErr + after.wrErr - before.rdErr - before.wrErr;
  const hits = after.recent.slice(Math.max(0, after.recent.length - n)).map((e) => locate(dev, placed, e));
  const status = await dev.deviceStatus();
  const nr = (status & NEEDS_RESET) !== 0;
  const tally: Tally = { ok: 0, err: 0, needsReset: 0, unwritten: 0, bad: [] };
  settled.forEach((res, i) => {
    const job = jobs[i]!;
    if (res.status === 'rejected') {
      const e = res.reason as Error;
      if (e instanceof DeviceNeedsResetError) tally.needsReset++;
      else if (e instanceof RequestTimeoutError) tally.bad.push(`${job.label}: HANG (${e.message})`);
      else tally.bad.push(`${job.label}: rejected: ${e.message}`);
      return;
    }
    const v = res.value;
    const m = matchesRef(job, v, FILL);
    if (!m) tally.ok++;
    else if (v.status === ERR) tally.err++;
    else if (v.status === FILL && nr) tally.unwritten++;
    else tally.bad.push(`${m} [device_status 0x${status.toString(16)}]`);
  });
  if (tally.needsReset > 0 && !nr) tally.bad.push(`requests failed with NEEDS_RESET but device_status is 0x${status.toString(16)}`);
  return { tally, nr, hits };
}

describe('random AXI errors during request bursts', () => {
  for (const p of PROFILES) {
    it(`seed ${p.seed}: ${p.rd}‰ read / ${p.wr}‰ write bursts fail → every request exact, ERR, or NEEDS_RESET; never a hang`, async () => {
      const dev = await openDevice({ queueSize: 16, timeoutCycles: 250_000 });
      try {
        const rng = new Rng(`random errors ${p.seed}`);
        dev.console.faultRandom({ seed: p.seed, jitter: { rd: 24, wr: 8 }, stall: 50 });
        let s = await createSessions(dev, rng);
        const before = await dev.console.faultStats();
        const bad: string[] = [];
        const log: string[] = [];
        for (let r = 0; r < p.rounds; r++) {
          const { tally, nr, hits } = await round(dev, s, rng, p, r);
          log.push(
            `round ${r}: ok ${tally.ok} err ${tally.err} needs-reset ${tally.needsReset} unwritten ${tally.unwritten} bad ${tally.bad.length}` +
              `${nr ? ' → NEEDS_RESET' : ''} [errors: ${hits.join('; ')}]`,
          );
          bad.push(...tally.bad.map((b) => `round ${r}: ${b}`));
          if (nr) {
            const irq = await dev.waitConfigInterrupt(20_000, 0);
            if (!irq) bad.push(`round ${r}: DEVICE_NEEDS_RESET without a configuration-change interrupt`);
          }
          if (nr || tally.bad.length > 0) {
            // recover: reset + full init (also after a hang), new sessions
            await dev.reinit();
            s = await createSessions(dev, rng);
          }
        }
        const after = await dev.console.faultStats();
        console.log(`seed ${p.seed}: ${log.join('; ')}; injected rd ${after.rdErr - before.rdErr} wr ${after.wrErr - before.wrErr} bursts`);
        expect(after.rdErr + after.wrErr - before.rdErr - before.wrErr, 'errors were injected').toBeGreaterThan(0);
        expect(bad, `requests that were neither exact, ERR nor NEEDS_RESET (${log.join('; ')})`).toEqual([]);
        // the device still works without faults
        dev.console.faultClear();
        const jobs = makeMix(dev, s, rng, 12);
        expectAllMatch(jobs, await Promise.all(jobs.map((j) => j.run(dev))));
        await expectNoViolations(dev, 0, `seed ${p.seed}`);
      } finally {
        await dev.close();
      }
    });
  }
});

