// Unit bench of the PCI front-end (rtl/pci): builds the Verilator models with
// tb/unit/pci/Makefile and runs the self-checking C++ bench in both builds: default parameters
// (4 data queues, 8 MSI-X vectors) and 16 data queues with 18 vectors (unit-q16).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('pci front-end unit bench', () => {
  it('builds and passes every check', () => {
    const build = spawnSync('make', ['-s', '-C', path.join(root, 'tb/unit/pci')], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(build.status, `make failed:\n${build.stdout}\n${build.stderr}`).toBe(0);

    for (const bin of ['unit', 'unit-q16']) {
      const run = spawnSync(path.join(root, 'sim/build/unit/pci', bin), [], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, `${bin} bench failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/^PASS \d+ checks$/m);
    }
  }, 300_000);
});
