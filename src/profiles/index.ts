// Driver profiles of `vcrypto run --profile linux|dpdk|rev1|packed` (issue: real-driver profiles).
// linux and dpdk are scripted after the real drivers (linux.ts, dpdk.ts); rev1 and packed drive the
// constrained-random regression engine (src/regress) with the profile's features, so every
// service, mode and fault kind meets the profile's transport.
import {
  DRIVER_PROFILE_FEATURES,
  DRIVER_PROFILE_NAMES,
  DRIVER_PROFILE_REQUIRED,
  DRIVER_PROFILE_RUN,
  DPDK_PROFILE,
  type DriverProfileName,
} from '../constants/profiles.ts';
import type { RowResult } from '../cli/regress.ts';
import { cyclesOf, type FullDevice } from '../crypto/device.ts';
import { Rng } from '../crypto/rng.ts';
import { quotas, runRegress, type RegressOpenDevice } from '../regress/runner.ts';
import type { ProfileName } from '../regress/profiles.ts';
import { runDpdkRows } from './dpdk.ts';
import { runLinuxRows } from './linux.ts';
import type { DriverProfile, ProfileOpenDevice, ProfileRunOptions, ProfileSection, Tally } from './types.ts';

export type { DriverProfile, DriverProfileName, ProfileOpenDevice, ProfileRunOptions, ProfileSection } from './types.ts';
export { DRIVER_PROFILE_NAMES } from '../constants/profiles.ts';

type ScriptedRows = (
  dev: FullDevice,
  rng: Rng,
  scale: number,
  cycles: () => Promise<bigint>,
) => Promise<{ row: Pick<RowResult, 'service' | 'algo' | 'keyBits' | 'mode' | 'layout'>; t: Tally; cycles: number }[]>;

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

/** A scripted profile: one device with the driver's features, rows from the script. */
function scripted(name: DriverProfileName, what: string, rowsOf: ScriptedRows, queueSize?: number): DriverProfile {
  return {
    name,
    what,
    async run(open: ProfileOpenDevice, o: ProfileRunOptions): Promise<ProfileSection> {
      const dev = await open({ features: DRIVER_PROFILE_FEATURES[name], ...(queueSize ? { queueSize } : {}), ...(o.trace ? { trace: o.trace } : {}) });
      const section: ProfileSection = { profile: name, what, negotiated: hex(dev.negotiatedFeatures), rows: [], passed: 0, failed: 0, dmaViolations: 0 };
      try {
        const missing = DRIVER_PROFILE_REQUIRED[name] & ~dev.negotiatedFeatures;
        if (missing !== 0n) {
          o.log(`    FAIL [${name}] features ${hex(missing)} not negotiated`);
          section.rows.push({ service: 'transport', algo: 'features', keyBits: 0, mode: '-', layout: '-', passed: 0, failed: 1, cycles: 0 });
        } else {
          const rows = await rowsOf(dev, new Rng(`${o.seed}/${name}`), o.scale, async () => cyclesOf(await dev.stats()));
          for (const r of rows) {
            for (const f of r.t.failures) o.log(`    FAIL [${name}] ${r.row.service} ${r.row.algo} ${r.row.keyBits}: ${f}`);
            section.rows.push({ ...r.row, passed: r.t.passed, failed: r.t.failed, cycles: r.cycles });
          }
        }
      } finally {
        section.dmaViolations = await dev.dmaViolations().catch(() => 1);
        await dev.close().catch(() => undefined);
      }
      return finish(section);
    },
  };
}

/** A profile run by the regression engine: rows per service from its per-service tallies. */
function viaRegress(name: DriverProfileName, what: string, regressProfiles: ProfileName[], count: number, queueSizes?: readonly number[]): DriverProfile {
  return {
    name,
    what,
    async run(open: ProfileOpenDevice, o: ProfileRunOptions): Promise<ProfileSection> {
      const base = DRIVER_PROFILE_FEATURES.rev1;
      const extra = DRIVER_PROFILE_FEATURES[name] & ~base;
      let negotiated = 0n;
      const openDevice: RegressOpenDevice = async (x) => {
        const dev = await open(x);
        negotiated = dev.negotiatedFeatures;
        return dev;
      };
      // the engine splits its count over all of its profiles: ask for enough that the selected
      // ones get `count` requests between them
      const seed = `${o.seed}/${name}`;
      const wanted = Math.max(regressProfiles.length, Math.round(count * o.scale));
      const share = regressProfiles.reduce((a, p) => a + quotas(REGRESS_SHARE_BASE, seed).get(p)!, 0) / REGRESS_SHARE_BASE;
      const report = await runRegress({
        seed,
        count: Math.ceil(wanted / share),
        profiles: regressProfiles,
        extraFeatures: extra,
        ...(queueSizes ? { queueSizes: Object.fromEntries(regressProfiles.map((p, i) => [p, queueSizes[i % queueSizes.length]!])) } : {}),
        ...(o.trace ? { trace: o.trace } : {}),
        jobs: 1,
        openDevice,
        rerun: `vcrypto run --profile ${name} --seed ${o.seed}`,
        log: o.log,
      });
      const section: ProfileSection = { profile: name, what, negotiated: hex(negotiated), rows: [], passed: 0, failed: 0, dmaViolations: report.dmaViolations };
      for (const p of report.profiles) {
        const counted = Object.values(p.bySvc).reduce((a, s) => a + s.passed + s.failed, 0);
        // requests of all services are in flight together: cycles are the device's total, per regress profile
        for (const svc of SERVICE_ORDER) {
          const s = p.bySvc[svc];
          if (s) section.rows.push({ service: svc, algo: '(every)', keyBits: 0, mode: 'mixed', layout: p.name, passed: s.passed, failed: s.failed, cycles: 0 });
        }
        // failures not tied to one request (DMA violations, an aborted device)
        const other = p.passed + p.failed - counted;
        if (other > 0 || p.aborted) section.rows.push({ service: 'transport', algo: p.aborted ? 'aborted' : 'checks', keyBits: 0, mode: '-', layout: p.name, passed: 0, failed: Math.max(other, 1), cycles: 0 });
        section.cycles = (section.cycles ?? 0) + p.cycles;
      }
      return finish(section);
    },
  };
}

/** Row order of the regression-engine sections. */
const SERVICE_ORDER = ['cipher', 'hash', 'mac', 'aead', 'chain'] as const;
/** Request count used to measure the selected profiles' share of the engine's split. */
const REGRESS_SHARE_BASE = 100_000;

function finish(s: ProfileSection): ProfileSection {
  s.passed = s.rows.reduce((a, r) => a + r.passed, 0);
  s.failed = s.rows.reduce((a, r) => a + r.failed, 0);
  return s;
}

export const DRIVER_PROFILES: Readonly<Record<DriverProfileName, DriverProfile>> = {
  linux: scripted('linux', 'Linux virtio_crypto: transport features only (legacy layout), cbc(aes), two sessions per key, data queue 0, header|iv|src sg / dst sg|status', runLinuxRows),
  dpdk: scripted('dpdk', 'DPDK crypto_virtio: IN_ORDER + packed ring, one indirect descriptor per request, AES-CBC and AES-CBC+HMAC-SHA1 in place, bursts on every queue pair', runDpdkRows, DPDK_PROFILE.QUEUE_SIZE),
  rev1: viaRegress('rev1', 'REVISION_1 + every stateless bit: session and stateless requests of every service mixed in flight', ['stateless'], DRIVER_PROFILE_RUN.REV1_REQUESTS),
  packed: viaRegress(
    'packed',
    'packed ring (rings of 100 and 37 entries) with EVENT_IDX event suppression and notification data, legacy and stateless layouts',
    ['legacy', 'stateless'],
    DRIVER_PROFILE_RUN.PACKED_REQUESTS,
    DRIVER_PROFILE_RUN.PACKED_QUEUE_SIZES,
  ),
};

export function driverProfileByName(name: string): DriverProfile {
  if (!(DRIVER_PROFILE_NAMES as readonly string[]).includes(name)) throw new Error(`unknown driver profile ${name} (${DRIVER_PROFILE_NAMES.join(', ')})`);
  return DRIVER_PROFILES[name as DriverProfileName];
}

/** Run driver profiles one after the other (the API behind `vcrypto run --profile`). */
export async function runDriverProfiles(open: ProfileOpenDevice, names: readonly DriverProfileName[], o: ProfileRunOptions & { onSection?: (s: ProfileSection) => void }): Promise<ProfileSection[]> {
  const out: ProfileSection[] = [];
  for (const n of names) {
    const s = await DRIVER_PROFILES[n].run(open, o);
    o.onSection?.(s);
    out.push(s);
  }
  return out;
}
