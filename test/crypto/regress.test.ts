// The `vcrypto run` engine and CLI plumbing against the model device (no RTL needed).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_PROFILE, ROW_PROFILE, SERVICE } from '../../src/constants/crypto.ts';
import type { FullDevice, OpenDeviceOptions } from '../../src/crypto/device.ts';
import { formatTable } from '../../src/cli/format.ts';
import { parseArgs, probeCommand, runCommand } from '../../src/cli/main.ts';
import { notAdvertised, runRegression } from '../../src/cli/regress.ts';
import { defaultRows } from '../../src/cli/rows.ts';
import { ModelDevice, modelOpenDevice } from './fake-device.ts';

describe('row matrix', () => {
  it('every service × algorithm × key size × 3 layouts/modes (D1)', () => {
    const rows = defaultRows();
    // per layout-mode: cipher 3×3 + XTS 2, hash 5, mac 5 HMAC + 3 CMAC, aead 2×3, chain (3×3 + 2) × 10
    expect(rows.length).toBe(3 * (11 + 5 + 8 + 6 + 110));
    expect(new Set(rows.map((r) => `${r.mode}/${r.layout}`))).toEqual(new Set(['session/legacy', 'session/rev1', 'stateless/rev1']));
    expect(rows.find((r) => r.mode === 'stateless')!.features).toBe(FEATURE_PROFILE.cipherStateless);
    expect(rows.find((r) => r.layout === 'legacy')!.features).toBe(FEATURE_PROFILE.legacy);
    expect(new Set(rows.map((r) => r.service))).toEqual(new Set(['cipher', 'hash', 'mac', 'aead', 'chain']));
    // stateless rows negotiate their own service's stateless bit
    const st = (svc: string) => rows.find((r) => r.mode === 'stateless' && r.service === svc)!.features;
    expect(st('hash')).toBe(ROW_PROFILE.hashStateless);
    expect(st('mac')).toBe(ROW_PROFILE.macStateless);
    expect(st('aead')).toBe(ROW_PROFILE.aeadStateless);
    expect(st('chain')).toBe(ROW_PROFILE.cipherStateless);
    const names = new Set(rows.map((r) => `${r.service} ${r.algo} ${r.keyBits}`));
    for (const n of ['cipher aes-xts 512', 'hash sha384 0', 'mac hmac-sha1 0', 'mac cmac-aes 192', 'aead aes-ccm 256', 'chain aes-ctr+hmac-sha512 128', 'chain aes-xts+sha1 256'])
      expect(names.has(n), n).toBe(true);
  });
});

describe('runRegression on the model device', () => {
  it('all rows pass, one device per feature set, devices closed', async () => {
    const devs: ModelDevice[] = [];
    const progress: string[] = [];
    const rows = defaultRows();
    const report = await runRegression({ openDevice: modelOpenDevice(devs), rows, cases: 2, seed: 7, onRow: (i, n) => progress.push(`${i}/${n}`) });
    expect(report.failed).toBe(0);
    expect(report.dmaViolations).toBe(0);
    expect(report.rows.length).toBe(rows.length);
    expect(report.passed).toBe(report.rows.reduce((a, r) => a + r.passed, 0));
    for (const r of report.rows) {
      expect(Object.keys(r)).toEqual(['service', 'algo', 'keyBits', 'mode', 'layout', 'passed', 'failed', 'cycles']);
      expect(r.passed).toBeGreaterThan(10);
      expect(r.failed).toBe(0);
      expect(r.cycles).toBeGreaterThan(0);
    }
    expect(progress).toEqual(rows.map((_, i) => `${i + 1}/${rows.length}`));
    // legacy, rev1, and one stateless profile per service (cipher/chain, hash, mac, aead)
    expect(devs.length).toBe(6);
    expect(devs.every((d) => d.closed)).toBe(true);
    expect(formatTable(report.rows).split('\n')[0]).toMatch(/^service\s+algo\s+keyBits\s+mode\s+layout\s+passed\s+failed\s+cycles$/);
  });
  it('a wrong device is caught (failures counted, exit status 1)', async () => {
    class Broken extends ModelDevice {
      override async submitRaw(q: number, r: Uint8Array[], w: number[], o?: { indirect?: boolean }) {
        const res = await super.submitRaw(q, r, w, o);
        if (q !== this.controlQueue && res.written[0] && res.written[0].length > 1) res.written[0][0]! ^= 1;
        return res;
      }
    }
    const open = async (o?: OpenDeviceOptions): Promise<FullDevice> => new Broken(o?.features ?? 0n);
    const out: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'vcrypto-'));
    const code = await runCommand(open, parseArgs(['run', '--profile', 'matrix', '--json', join(dir, 'r.json'), '--cases', '1', '--filter', 'rev1']), (s) => out.push(s), () => {});
    expect(code).toBe(1);
    const j = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(j.rows.length).toBe(defaultRows().filter((r) => `${r.service} ${r.algo} ${r.keyBits} ${r.mode} ${r.layout}`.includes('rev1')).length);
    expect(j.failed).toBeGreaterThan(0);
    expect(Object.keys(j)).toEqual(['rows', 'passed', 'failed', 'dmaViolations', 'profiles']);
    expect(j.profiles).toEqual([]);
  });
  it('DMA violations fail the run', async () => {
    class Leaky extends ModelDevice {
      override async dmaViolations() { return 2; }
    }
    const open = async (o?: OpenDeviceOptions): Promise<FullDevice> => new Leaky(o?.features ?? 0n);
    const code = await runCommand(open, parseArgs(['run', '--profile', 'matrix', '--cases', '0', '--filter', 'legacy']), () => {}, () => {});
    expect(code).toBe(1);
  });
  it('unnegotiated features fail the row', async () => {
    const open = async (): Promise<FullDevice> => new ModelDevice(FEATURE_PROFILE.legacy);
    const rows = defaultRows().filter((x) => x.mode === 'stateless');
    const r = await runRegression({ openDevice: open, rows, cases: 0 });
    expect(r.failed).toBe(rows.length);
  });
  it('rows the device does not advertise fail with "not advertised" (never dropped)', async () => {
    class CbcOnly extends ModelDevice {
      constructor(f: bigint) {
        super(f);
        this.config = { ...this.config, cryptoServices: 1 << SERVICE.CIPHER, cipherAlgoL: 1 << 3, hashAlgo: 0, macAlgoL: 0, aeadAlgo: 0 };
      }
    }
    const open = async (o?: OpenDeviceOptions): Promise<FullDevice> => new CbcOnly(o?.features ?? 0n);
    const rows = defaultRows().filter((x) => x.layout === 'legacy' && ['cipher aes-cbc 128', 'cipher aes-ctr 128', 'hash sha256', 'mac cmac-aes 128', 'aead aes-gcm 128', 'chain aes-cbc+sha1 128'].some((k) => `${x.service} ${x.algo} ${x.keyBits}`.startsWith(k)));
    expect(rows.length).toBe(6);
    const log: string[] = [];
    const r = await runRegression({ openDevice: open, rows, cases: 0, log: (l) => log.push(l) });
    expect(r.rows.map((x) => [x.algo, x.failed])).toEqual([['aes-cbc', 0], ['aes-ctr', 1], ['sha256', 1], ['cmac-aes', 1], ['aes-gcm', 1], ['aes-cbc+sha1', 1]]);
    expect(r.rows[0]!.passed).toBeGreaterThan(10);
    expect(log.filter((l) => l.includes('not advertised')).length).toBe(5);
    expect(log.join('\n')).toMatch(/HASH not in crypto_services/);
    expect(log.join('\n')).toMatch(/aes-ctr not in cipher_algo/);
  });
  it('notAdvertised: masks, the _h word, chain needs both algorithms', () => {
    const cfg = { cryptoServices: 0xf, cipherAlgoL: 1 << 3, cipherAlgoH: 0, hashAlgo: 1 << 2, macAlgoL: 1 << 26, macAlgoH: 0, aeadAlgo: 1 << 1 };
    expect(notAdvertised({ service: 'cipher', algo: 'aes-cbc' }, cfg)).toBeUndefined();
    expect(notAdvertised({ service: 'mac', algo: 'cmac-aes' }, cfg)).toBeUndefined();
    expect(notAdvertised({ service: 'mac', algo: 'hmac-sha1' }, cfg)).toMatch(/not advertised/);
    expect(notAdvertised({ service: 'chain', algo: 'aes-cbc+sha1' }, cfg)).toBeUndefined();
    expect(notAdvertised({ service: 'chain', algo: 'aes-cbc+hmac-sha1' }, cfg)).toMatch(/hmac-sha1 not in mac_algo/);
    expect(notAdvertised({ service: 'aead', algo: 'aes-ccm' }, cfg)).toMatch(/aes-ccm/);
    expect(notAdvertised({ service: 'hash', algo: 'sha1' }, {})).toMatch(/not advertised/);
  });
});

describe('CLI plumbing', () => {
  it('parseArgs', () => {
    expect(parseArgs(['probe', '--json']).flags.get('--json')).toBe(true);
    expect(parseArgs(['run', '--json', 'x.json']).flags.get('--json')).toBe('x.json');
    expect(parseArgs(['run', '--cases=3']).flags.get('--cases')).toBe('3');
    expect(() => parseArgs(['run', '--json'])).toThrow();
  });
  it('probe prints JSON and closes', async () => {
    const devs: ModelDevice[] = [];
    const out: string[] = [];
    expect(await probeCommand(modelOpenDevice(devs), true, (s) => out.push(s))).toBe(0);
    expect(JSON.parse(out[0]!)).toHaveProperty('numDataQueues', 2);
    expect(devs[0]!.closed).toBe(true);
    out.length = 0;
    await probeCommand(modelOpenDevice(), false, (s) => out.push(s));
    expect(out[0]).toMatch(/features: 0x/);
  });
});
