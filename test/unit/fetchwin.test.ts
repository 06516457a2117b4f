// Unit test of rtl/virtq/vcrypto_fetch_window, the read-ahead window of the split virtqueue
// engine (descriptor window: 128-bit entries; head window: 16-bit avail ring entries). Builds the
// Verilator bench in tb/unit/fetchwin (the window in eight shapes: entry width × window size ×
// DATA_WIDTH 64/128/256) and runs it for a few seeds. The bench is self-checking against its own
// software model of the window (random fills with gaps, commits with the last beat / later /
// never, clears, a lookup every clock) and prints "PASS <n> fills <h> hits".
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = resolve(root, 'sim/build/unit/fetchwin/unit');
const SHAPES = ['d64', 'd128', 'd256', 'd1', 'h64', 'h128', 'h256', 'h2'] as const;

describe('vcrypto_fetch_window unit bench', () => {
  beforeAll(() => {
    execFileSync('make', ['-s', '-C', 'tb/unit/fetchwin'], { cwd: root, stdio: 'pipe' });
  });

  for (const cfg of SHAPES) {
    for (const seed of [1, 2]) {
      it(`${cfg}, seed ${seed}`, () => {
        const count = 2000;
        const r = spawnSync(bin, ['--cfg', cfg, '--seed', String(seed), '--count', String(count)], {
          cwd: root,
          encoding: 'utf8',
        });
        const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
        expect(r.status, out).toBe(0);
        const m = new RegExp(`^PASS ${count} fills (\\d+) hits`, 'm').exec(out);
        expect(m, out).not.toBeNull();
        // the lookups really landed in filled windows (not a bench that never compares)
        expect(Number(m![1])).toBeGreaterThan(count / 4);
      });
    }
  }
});
