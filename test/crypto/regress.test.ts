// The `vcrypto run` engine and CLI plumbing against the model device (no RTL needed).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_PROFILE } from '../../src/constants/crypto.ts';
import type { FullDevice, OpenDeviceOptions } from '../../src/crypto/device.ts';
import { formatTable } from '../../src/cli/format.ts';
import { parseArgs, probeCommand, runCommand } from '../../src/cli/main.ts';
import { runRegression } from '../../src/cli/regress.ts';
import { defaultRows } from '../../src/cli/rows.ts';
import { ModelDevice, modelOpenDevice } from './fake-device.ts';

describe('row matrix', () => {
  it('3 layouts/modes × AES_CBC × 128/192/256', () => {
    const rows = defaultRows();
    expect(rows.length).toBe(9);
    expect(new Set(rows.map((r) => `${r.mode}/${r.layout}`))).toEqual(new Set(['session/legacy', 'session/rev1', 'stateless/rev1']));
    expect(rows.find((r) => r.mode === 'stateless')!.features).toBe(FEATURE_PROFILE.cipherStateless);
    expect(rows.find((r) => r.layout === 'legacy')!.features).toBe(FEATURE_PROFILE.legacy);
  });
});

describe('runRegression on the model device', () => {
  it('all rows pass, one device per feature set, devices closed', async () => {
    const devs: ModelDevice[] = [];
    const progress: string[] = [];
    const report = await runRegression({ openDevice: modelOpenDevice(devs), rows: defaultRows(), cases: 2, seed: 7, onRow: (i, n) => progress.push(`${i}/${n}`) });
    expect(report.failed).toBe(0);
    expect(report.dmaViolations).toBe(0);
    expect(report.rows.length).toBe(9);
    expect(report.passed).toBe(report.rows.reduce((a, r) => a + r.passed, 0));
    for (const r of report.rows) {
      expect(Object.keys(r)).toEqual(['service', 'algo', 'keyBits', 'mode', 'layout', 'passed', 'failed', 'cycles']);
      expect(r.passed).toBeGreaterThan(10);
      expect(r.cycles).toBeGreaterThan(0);
    }
    expect(progress).toEqual(['1/9', '2/9', '3/9', '4/9', '5/9', '6/9', '7/9', '8/9', '9/9']);
    expect(devs.length).toBe(3);
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
    const code = await runCommand(open, parseArgs(['run', '--json', join(dir, 'r.json'), '--cases', '1', '--filter', 'rev1']), (s) => out.push(s), () => {});
    expect(code).toBe(1);
    const j = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(j.rows.length).toBe(6);
    expect(j.failed).toBeGreaterThan(0);
    expect(Object.keys(j)).toEqual(['rows', 'passed', 'failed', 'dmaViolations']);
  });
  it('DMA violations fail the run', async () => {
    class Leaky extends ModelDevice {
      override async dmaViolations() { return 2; }
    }
    const open = async (o?: OpenDeviceOptions): Promise<FullDevice> => new Leaky(o?.features ?? 0n);
    const code = await runCommand(open, parseArgs(['run', '--cases', '0', '--filter', 'legacy']), () => {}, () => {});
    expect(code).toBe(1);
  });
  it('unnegotiated features fail the row', async () => {
    const open = async (): Promise<FullDevice> => new ModelDevice(FEATURE_PROFILE.legacy);
    const r = await runRegression({ openDevice: open, rows: defaultRows().filter((x) => x.mode === 'stateless'), cases: 0 });
    expect(r.failed).toBe(3);
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
