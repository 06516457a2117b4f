// Unit test of the DMA engine (rtl/dma): builds the Verilator bench in tb/unit/dma and runs it
// for a few seeds at every supported data width (its AXI slave fails on any read byte outside
// the command, so reads must be byte-exact). The bench is self-checking and prints
// "PASS <n> commands" on success.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = resolve(root, 'sim/build/unit/dma/unit');

describe('vcrypto_dma unit bench', () => {
  beforeAll(() => {
    execFileSync('make', ['-s', '-C', 'tb/unit/dma'], { cwd: root, stdio: 'pipe' });
  });

  for (const width of [64, 128, 256]) {
    for (const seed of [1, 2, 3]) {
      it(`width ${width}, seed ${seed}`, () => {
        const count = 1500;
        const r = spawnSync(bin, ['--seed', String(seed), '--count', String(count), '--width', String(width)], {
          cwd: root,
          encoding: 'utf8',
        });
        const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
        expect(r.status, out).toBe(0);
        expect(out).toMatch(new RegExp(`^PASS ${count} commands`, 'm'));
      });
    }
  }
});
