// Locate the repository and (re)build the simulator with make before it is spawned.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIM_BINARY_ENV, SIM_BINARY_RELPATH, SIM_BUILD_LOCK_RELPATH, SIM_MAKE_ARGS } from '../constants/virtio.ts';

/** The repository root (this file is src/bridge/ensure-sim.ts). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the simulator binary. */
export const simulatorPath: string = path.join(repoRoot, SIM_BINARY_RELPATH);

let building: Promise<string> | undefined;

/**
 * Run `make -s sim` in the repository root (make rebuilds only when stale) and return the
 * binary path. One build per process; a failed build is retried on the next call.
 * With $VCRYPTO_SIM set (SIM_BINARY_ENV), nothing is built: that binary is returned as is.
 */
export function ensureSimulator(): Promise<string> {
  const alt = process.env[SIM_BINARY_ENV];
  if (alt) {
    const bin = path.resolve(repoRoot, alt);
    return fs.existsSync(bin)
      ? Promise.resolve(bin)
      : Promise.reject(new Error(`${SIM_BINARY_ENV}=${alt}: ${bin} does not exist`));
  }
  building ??= runMake().catch((e: unknown) => {
    building = undefined;
    throw e;
  });
  return building;
}

/**
 * Several test workers may open simulators at once: the build runs under flock(1) so only
 * one make touches sim/build at a time (the others then find it up to date).
 */
function runMake(): Promise<string> {
  return makeUnderLock([...SIM_MAKE_ARGS], SIM_BUILD_LOCK_RELPATH, simulatorPath);
}

/**
 * `make ARGS` in the repository root under the lock file `lockRel` (flock(1)); resolves to
 * `binary` once make succeeded and the file exists.
 */
export function makeUnderLock(args: readonly string[], lockRel: string, binary: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lock = path.join(repoRoot, lockRel);
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    const child = spawn('flock', [lock, 'make', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (err) => reject(new Error(`cannot run make: ${err.message}`)));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`make ${args.join(' ')} failed (exit ${code}):\n${out.slice(-4000)}`));
      } else if (!fs.existsSync(binary)) {
        reject(new Error(`make ${args.join(' ')} succeeded but ${binary} does not exist`));
      } else {
        resolve(binary);
      }
    });
  });
}

/** Top-level parameters of a simulator variant (make variables of sim/verilator.mk). */
export interface SimVariant {
  DATA_WIDTH?: number;
  NUM_DATAQ?: number;
  MSIX_VECTORS?: number;
  NUM_LANES?: number;
  /** 0: every lane keeps its own cipher/CMAC AES datapath (default 1: one shared by the lanes) */
  SHARED_AES?: 0 | 1;
}

/**
 * Build (when stale) the whole device with other top-level parameters, in a build folder of its
 * own (sim/build/<name>, lock sim/build/<name>.lock), and return the binary's path. The default
 * build is untouched; `name` must identify the parameter set (e.g. `lanes4`, `w64`).
 */
export function variantSimulator(name: string, params: SimVariant): Promise<string> {
  if (!/^[a-z0-9]+$/.test(name)) throw new Error(`variantSimulator: bad build name ${name}`);
  const buildDir = `sim/build/${name}`;
  const args = ['-s', 'sim', `SIM_BUILD=${buildDir}`];
  for (const [k, v] of Object.entries(params)) if (v !== undefined) args.push(`${k}=${v}`);
  return makeUnderLock(args, `sim/build/${name}.lock`, path.join(repoRoot, buildDir, 'vcrypto-sim'));
}
