// Driver profiles: each one is a real driver's way of using the device (fact sheet §7), run on a
// device opened with that driver's features, every answer checked against the reference model.
import type { DriverProfileName } from '../constants/profiles.ts';
import type { RowResult } from '../cli/regress.ts';
import type { FullDevice, OpenDeviceOptions } from '../crypto/device.ts';

export type { DriverProfileName };

/** Running pass/fail count of one table row. */
export interface Tally {
  passed: number;
  failed: number;
  failures: string[];
}

export function newTally(): Tally {
  return { passed: 0, failed: 0, failures: [] };
}

/** Count one check; `what` is only built for a failure. */
export function check(t: Tally, ok: boolean, what: () => string): void {
  if (ok) t.passed++;
  else {
    t.failed++;
    t.failures.push(what());
  }
}

export interface ProfileRunOptions {
  seed: string;
  /** scales the profile's request counts (1 = the documented size) */
  scale: number;
  trace?: string;
  log: (line: string) => void;
}

/** Opens a device with the profile's options (CLI: the simulator; tests may pass their own). */
export type ProfileOpenDevice = (o: OpenDeviceOptions & { timeoutCycles?: number }) => Promise<FullDevice>;

/** One driver profile's table section. */
export interface ProfileSection {
  profile: DriverProfileName;
  what: string;
  /** features the driver accepted and the device negotiated, hex */
  negotiated: string;
  rows: RowResult[];
  passed: number;
  failed: number;
  dmaViolations: number;
  /** device cycles of the whole section, where rows cannot have their own (requests of all rows in flight together) */
  cycles?: number;
}

export interface DriverProfile {
  name: DriverProfileName;
  what: string;
  run(open: ProfileOpenDevice, o: ProfileRunOptions): Promise<ProfileSection>;
}
