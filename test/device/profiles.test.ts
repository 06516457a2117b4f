// Driver profiles on the RTL (issue: real-driver profiles): each profile's section at a reduced
// size against the reference model, with the DMA checker on (a section fails on any violation).
// `make run` runs them at full size. Framing habits are checked on the model device:
// test/crypto/profiles.test.ts.
import { describe, expect, it } from 'vitest';
import { DRIVER_PROFILE_FEATURES, DRIVER_PROFILE_NAMES } from '../../src/constants/profiles.ts';
import type { FullDevice } from '../../src/crypto/device.ts';
import { openDevice } from '../../src/index.ts';
import { DRIVER_PROFILES, type ProfileOpenDevice } from '../../src/profiles/index.ts';

const open: ProfileOpenDevice = (o) => openDevice(o) as unknown as Promise<FullDevice>;

describe('driver profiles on the device', () => {
  for (const name of DRIVER_PROFILE_NAMES) {
    it(`${name}: every row passes, no DMA violation, the driver's features negotiated`, { timeout: 300_000 }, async () => {
      const failures: string[] = [];
      const s = await DRIVER_PROFILES[name].run(open, { seed: 'device-test', scale: 0.3, log: (l) => failures.push(l) });
      expect(failures.filter((l) => l.includes('FAIL')), failures.join('\n')).toEqual([]);
      expect(s.failed).toBe(0);
      expect(s.dmaViolations).toBe(0);
      expect(s.passed).toBeGreaterThan(0);
      expect(s.rows.length).toBeGreaterThan(0);
      // every feature the profile asks for is offered by the device, so all are negotiated
      expect(BigInt(s.negotiated) & DRIVER_PROFILE_FEATURES[name]).toBe(DRIVER_PROFILE_FEATURES[name]);
    });
  }
});
