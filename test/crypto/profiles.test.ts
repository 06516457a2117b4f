// Driver profiles (src/profiles) against the software model device: the request habits of each
// real driver (framing, queues, sessions, indirect, in place) and that a wrong device fails them.
// The same profiles against the RTL: test/device/profiles.test.ts.
import { describe, expect, it } from 'vitest';
import { AES_IV_SIZE, FEATURE, LEGACY } from '../../src/constants/crypto.ts';
import { SESSION_INPUT_SIZE } from '../../src/crypto/structs.ts';
import type { FullDevice, OpenDeviceOptions } from '../../src/crypto/device.ts';
import { DRIVER_PROFILE_FEATURES } from '../../src/constants/profiles.ts';
import { selectedSections } from '../../src/cli/main.ts';
import { DRIVER_PROFILES } from '../../src/profiles/index.ts';
import { ModelDevice, type Submission } from './fake-device.ts';

class Recorded extends ModelDevice {
  log: Submission[] = [];
  override async submitRaw(q: number, r: Uint8Array[], w: number[], o?: { indirect?: boolean; inPlace?: boolean }) {
    this.log.push({ queue: q, readable: r.map((b) => b.slice()), writableLengths: [...w], opts: o });
    return super.submitRaw(q, r, w, o);
  }
}

function opener(made: Recorded[], Cls: new (f: bigint) => Recorded = Recorded) {
  return async (o?: OpenDeviceOptions): Promise<FullDevice> => {
    const d = new Cls(o?.features ?? 0n);
    made.push(d);
    return d;
  };
}

const run = { seed: 's', scale: 0.25, log: () => {} };

describe('linux profile', () => {
  it('passes on a correct device, with Linux framing: queue 0, [72][iv][src sg…] + [dst sg…][1], indirect, two sessions per key', async () => {
    const made: Recorded[] = [];
    const s = await DRIVER_PROFILES.linux.run(opener(made), run);
    expect(s.failed).toBe(0);
    expect(s.rows.map((r) => `${r.service} ${r.algo} ${r.keyBits} ${r.mode} ${r.layout}`)).toEqual([
      'cipher aes-cbc 128 session legacy',
      'cipher aes-cbc 192 session legacy',
      'cipher aes-cbc 256 session legacy',
    ]);
    expect(s.passed).toBeGreaterThan(3 * 2 * 2);
    const dev = made[0]!;
    expect(dev.negotiatedFeatures).toBe(DRIVER_PROFILE_FEATURES.linux);
    const data = dev.log.filter((x) => x.queue !== dev.controlQueue);
    const ctrl = dev.log.filter((x) => x.queue === dev.controlQueue);
    expect(new Set(data.map((x) => x.queue))).toEqual(new Set([0]));
    for (const x of data) {
      expect(x.readable[0]!.length).toBe(LEGACY.DATA_REQ_SIZE);
      expect(x.readable[1]!.length).toBe(AES_IV_SIZE);
      expect(x.writableLengths[x.writableLengths.length - 1]).toBe(1);
      expect(x.opts?.indirect).toBe(true);
    }
    // scatterlists: some requests have several src / dst entries
    expect(data.some((x) => x.readable.length > 3)).toBe(true);
    expect(data.some((x) => x.writableLengths.length > 2)).toBe(true);
    // creates: [72][key] + [16]; 2 keys × 2 directions per key size; destroys [72] + [1]
    const creates = ctrl.filter((x) => x.readable.length === 2);
    const destroys = ctrl.filter((x) => x.readable.length === 1);
    expect(creates.length).toBe(3 * 2 * 2);
    expect(creates.every((x) => x.readable[0]!.length === LEGACY.CTRL_REQ_SIZE && x.writableLengths.join() === String(SESSION_INPUT_SIZE))).toBe(true);
    expect(destroys.length).toBe(creates.length);
    expect(destroys.every((x) => x.writableLengths.join() === '1')).toBe(true);
  });
  it('a device that corrupts one byte of every dst fails the section', async () => {
    class Broken extends Recorded {
      override async submitRaw(q: number, r: Uint8Array[], w: number[], o?: { indirect?: boolean }) {
        const res = await super.submitRaw(q, r, w, o);
        if (q !== this.controlQueue && res.written[0] && res.written[0].length > 1) res.written[0][0]! ^= 1;
        return res;
      }
    }
    const s = await DRIVER_PROFILES.linux.run(opener([], Broken), run);
    expect(s.failed).toBeGreaterThan(0);
  });
});

describe('dpdk profile', () => {
  it('passes on a correct device: every request one indirect table, in place, bursts on every queue pair', async () => {
    const made: Recorded[] = [];
    const s = await DRIVER_PROFILES.dpdk.run(opener(made), run);
    expect(s.failed).toBe(0);
    expect(s.rows.map((r) => `${r.service} ${r.algo} ${r.keyBits}`)).toEqual([
      'cipher aes-cbc 128', 'cipher aes-cbc 192', 'cipher aes-cbc 256',
      'chain aes-cbc+hmac-sha1 128', 'chain aes-cbc+hmac-sha1 192', 'chain aes-cbc+hmac-sha1 256',
    ]);
    const dev = made[0]!;
    expect(dev.negotiatedFeatures & FEATURE.INDIRECT_DESC).not.toBe(0n);
    expect(dev.log.every((x) => x.opts?.indirect === true)).toBe(true);
    const data = dev.log.filter((x) => x.queue !== dev.controlQueue);
    expect(data.every((x) => x.opts?.inPlace === true)).toBe(true);
    expect(new Set(data.map((x) => x.queue))).toEqual(new Set([0, 1]));
  });
  it('a device that drops the digest fails the chain rows', async () => {
    class NoDigest extends Recorded {
      override async submitRaw(q: number, r: Uint8Array[], w: number[], o?: { indirect?: boolean }) {
        const res = await super.submitRaw(q, r, w, o);
        if (q !== this.controlQueue && res.written.length >= 3) res.written[1]!.fill(0);
        return res;
      }
    }
    const s = await DRIVER_PROFILES.dpdk.run(opener([], NoDigest), run);
    expect(s.rows.filter((r) => r.service === 'chain').every((r) => r.failed > 0)).toBe(true);
    expect(s.rows.filter((r) => r.service === 'cipher').every((r) => r.failed === 0)).toBe(true);
  });
  it('a device without IN_ORDER / packed fails the section as not negotiated', async () => {
    const open = async (o?: OpenDeviceOptions): Promise<FullDevice> => new Recorded((o?.features ?? 0n) & DRIVER_PROFILE_FEATURES.rev1);
    const s = await DRIVER_PROFILES.dpdk.run(open, run);
    expect(s.failed).toBe(1);
    expect(s.rows[0]!.algo).toBe('features');
  });
});

describe('--profile', () => {
  it('selects sections; default is the matrix and every profile', () => {
    expect(selectedSections(undefined)).toEqual({ matrix: true, profiles: ['linux', 'dpdk', 'rev1', 'packed'] });
    expect(selectedSections('packed,matrix')).toEqual({ matrix: true, profiles: ['packed'] });
    expect(selectedSections('linux')).toEqual({ matrix: false, profiles: ['linux'] });
    expect(() => selectedSections('bsd')).toThrow(/unknown driver profile/);
  });
});
