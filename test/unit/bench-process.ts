// Shared driver for the line-oriented Verilator unit benches in tb/unit/<block>: builds a bench
// with make, spawns sim/build/unit/<block>/unit, writes one case per stdin line and hands back
// the result lines in order (one promise per line). Also the hex helpers the tests share.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
/** A bench line field: the hex of `b`, or '-' when it is empty. */
export const field = (b: Uint8Array): string => (b.length ? hex(b) : '-');

/** Builds the bench of `block` (tb/unit/<block>) quietly; make output goes to the terminal. */
export function buildBench(block: string): void {
  execFileSync('make', ['-s', '-C', `tb/unit/${block}`], { cwd: ROOT, stdio: 'inherit' });
}

/** A running bench process: one result line per case line, answered in order. */
export class BenchProcess {
  private proc: ChildProcessWithoutNullStreams;
  private waiting: Array<(line: string) => void> = [];

  constructor(block: string, env: Record<string, string> = {}) {
    this.proc = spawn(path.join(ROOT, 'sim/build/unit', block, 'unit'), [], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    this.proc.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    const rl = createInterface({ input: this.proc.stdout });
    rl.on('line', (line) => {
      const w = this.waiting.shift();
      if (w) w(line);
    });
    this.proc.on('exit', () => {
      for (const w of this.waiting.splice(0)) w('ERR bench exited');
    });
  }

  /** Sends one case line (without the newline) and resolves with the bench's result line. */
  ask(line: string): Promise<string> {
    return new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(`${line}\n`);
    });
  }

  /** Like ask, split on spaces; throws when the bench answers ERR (or has exited). */
  async askFields(line: string): Promise<string[]> {
    const reply = await this.ask(line);
    const fields = reply.split(' ');
    if (fields[0] === 'ERR') throw new Error(`bench: ${reply}`);
    return fields;
  }

  /** Closes stdin and resolves once the bench has exited. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      this.proc.on('exit', () => resolve());
      this.proc.stdin.end();
    });
  }
}

export const startBench = (block: string, env: Record<string, string> = {}): BenchProcess => new BenchProcess(block, env);
