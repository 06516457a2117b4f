// (a) Seeded random latency and backpressure on every AXI channel (ar, r, aw, w, b) and on the
// MMIO port (AXI4-Lite), while a mix of AES-CBC / SHA-256 / AES-GCM requests runs on every data
// queue: every result equals the reference model, no DMA outside the grants, nothing hangs.
// Several seeds; each seed is one simulator, so a failure names a reproducible configuration
// (`seed`, `lat`, `fault jitter`, `fault stall all`).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/crypto/rng.ts';
import { openDevice, type StallChannel } from '../../src/index.ts';
import { createSessions, expectAllMatch, expectNoViolations, makeMix } from './common.ts';

interface Profile {
  seed: number;
  lat: { rd: number; wr: number };
  jitter: { rd: number; wr: number };
  /** stall permille: every channel, or per channel */
  stall: number | Partial<Record<StallChannel, number>>;
  requests: number;
}

const PROFILES: Profile[] = [
  { seed: 11, lat: { rd: 4, wr: 2 }, jitter: { rd: 40, wr: 16 }, stall: 300, requests: 60 },
  { seed: 22, lat: { rd: 64, wr: 24 }, jitter: { rd: 100, wr: 60 }, stall: 150, requests: 60 },
  { seed: 33, lat: { rd: 1, wr: 1 }, jitter: { rd: 8, wr: 8 }, stall: 600, requests: 40 },
  { seed: 44, lat: { rd: 1, wr: 1 }, jitter: { rd: 0, wr: 0 }, stall: { r: 800, b: 800, w: 500, mmio: 700 }, requests: 40 },
  { seed: 55, lat: { rd: 16, wr: 4 }, jitter: { rd: 200, wr: 200 }, stall: { ar: 900, aw: 900, mmio: 900 }, requests: 40 },
  ...[66, 77, 88, 99].map(randomProfile),
];

/** A profile drawn from the seed: every channel its own stall rate, random latency and jitter. */
function randomProfile(seed: number): Profile {
  const r = new Rng(`backpressure profile ${seed}`);
  const chans: StallChannel[] = ['ar', 'r', 'aw', 'w', 'b', 'mmio'];
  return {
    seed,
    lat: { rd: 1 + r.int(100), wr: 1 + r.int(40) },
    jitter: { rd: r.int(80), wr: r.int(80) },
    stall: Object.fromEntries(chans.map((c) => [c, r.int(700)])),
    requests: 40,
  };
}

const stallText = (s: Profile['stall']) =>
  typeof s === 'number' ? `stall ${s}‰ on ar r aw w b mmio` : `stall ${Object.entries(s).map(([c, v]) => `${c} ${v}‰`).join(', ')}`;

describe('random latency + backpressure on every channel and MMIO', () => {
  for (const p of PROFILES) {
    it(`seed ${p.seed}: lat ${p.lat.rd}/${p.lat.wr} + jitter ${p.jitter.rd}/${p.jitter.wr}, ${stallText(p.stall)}`, async () => {
      const dev = await openDevice({ queueSize: 16, timeoutCycles: 3_000_000 });
      try {
        const rng = new Rng(`backpressure ${p.seed}`);
        // Sessions under the same faults: the control queue and MMIO see them too.
        dev.console.faultRandom({ seed: p.seed, latency: p.lat, jitter: p.jitter, stall: p.stall });
        const s = await createSessions(dev, rng);
        const jobs = makeMix(dev, s, rng, p.requests, 32);
        const t0 = (await dev.stats()).cycles;
        const results = await Promise.all(jobs.map((j) => j.run(dev)));
        expectAllMatch(jobs, results);
        // the configuration really applied: MMIO under stall still answers correctly
        expect(await dev.deviceStatus()).toBe(0x0f);
        const st = await dev.stats();
        expect(st.cycles - t0).toBeGreaterThan(0);
        dev.console.faultClear();
        await expectNoViolations(dev, 0, `seed ${p.seed}`);
        expect(dev.outstanding).toBe(0);
      } finally {
        await dev.close();
      }
    });
  }
});
