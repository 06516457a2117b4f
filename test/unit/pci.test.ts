// Unit bench of the PCI front-end (rtl/pci): builds the Verilator model with
// tb/unit/pci/Makefile and runs the self-checking C++ bench.
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

    const run = spawnSync(path.join(root, 'sim/build/unit/pci/unit'), [], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, `bench failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^PASS \d+ checks$/m);
  }, 240_000);
});
