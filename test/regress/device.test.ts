// `vcrypto regress` on the real device (Verilator simulator): a small seeded run over all four
// profiles must pass with no failure, hang or DMA violation, and write the JSON report.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regressCommand } from '../../src/cli/regress-cmd.ts';

describe('vcrypto regress on the device', () => {
  it('--seed 7 --count 200: zero failures, hangs and DMA violations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcrypto-regress-'));
    const json = join(dir, 'regress.json');
    const out: string[] = [];
    const err: string[] = [];
    const t0 = Date.now();
    const code = await regressCommand(['--seed', '7', '--count', '200', '--json', json], { out: (s) => out.push(s), err: (s) => err.push(s) });
    const seconds = (Date.now() - t0) / 1000;
    expect(out[0]).toBe('seed 7');
    expect(err.join('\n'), 'failure report').toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(readFileSync(json, 'utf8'));
    expect(r).toMatchObject({ seed: '7', failed: 0, hangs: 0, dmaViolations: 0 });
    expect(r.dataRequests).toBe(200);
    expect(r.passed).toBe(r.requests);
    expect(r.profiles.map((p: { name: string }) => p.name)).toEqual(['legacy', 'rev1', 'stateless', 'mixed']);
    expect(r.coverage.total).toBeGreaterThan(1000);
    expect(r.coverage.hit).toBeGreaterThan(300);
    expect(r.coverage.empty.length).toBe(r.coverage.total - r.coverage.hit);
    expect(r.coverage.illegal).toEqual({});
    expect(out.some((l) => l.startsWith('coverage ('))).toBe(true);
    // the simulator may be rebuilt first (make -s sim); the run itself is a few seconds
    expect(seconds).toBeLessThan(300);
  }, 400_000);
});
