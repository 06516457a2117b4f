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
  return new Promise((resolve, reject) => {
    const lock = path.join(repoRoot, SIM_BUILD_LOCK_RELPATH);
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    const child = spawn('flock', [lock, 'make', ...SIM_MAKE_ARGS], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (err) => reject(new Error(`cannot run make: ${err.message}`)));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`make ${SIM_MAKE_ARGS.join(' ')} failed (exit ${code}):\n${out.slice(-4000)}`));
      } else if (!fs.existsSync(simulatorPath)) {
        reject(new Error(`make ${SIM_MAKE_ARGS.join(' ')} succeeded but ${simulatorPath} does not exist`));
      } else {
        resolve(simulatorPath);
      }
    });
  });
}
