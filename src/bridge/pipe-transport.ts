// Transport over ordinary pipes (child_process.spawn with stdio pipes).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ExitInfo, SpawnSpec, Transport } from './transport.ts';

export class PipeTransport implements Transport {
  readonly kind = 'pipe' as const;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly errorListeners: ((err: Error) => void)[] = [];
  private ended = false;

  constructor(spec: SpawnSpec) {
    this.child = spawn(spec.file, spec.args, {
      cwd: spec.cwd ?? process.cwd(),
      env: spec.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    const report = (err: Error) => {
      for (const l of this.errorListeners) l(err);
    };
    this.child.on('error', report);
    this.child.stdin.on('error', report);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  onData(listener: (chunk: string, stream: 'stdout' | 'stderr') => void): void {
    this.child.stdout.on('data', (d: string) => listener(d, 'stdout'));
    this.child.stderr.on('data', (d: string) => listener(d, 'stderr'));
  }

  onExit(listener: (info: ExitInfo) => void): void {
    // 'close' comes after 'exit' and after every stdio stream ended: no output is lost.
    this.child.on('close', (code, signal) => listener({ code, signal }));
  }

  onError(listener: (err: Error) => void): void {
    this.errorListeners.push(listener);
  }

  write(data: string): void {
    if (this.ended || this.child.stdin.destroyed) {
      const err = new Error('write after the simulator input was closed');
      for (const l of this.errorListeners) l(err);
      return;
    }
    this.child.stdin.write(data, (err) => {
      if (err) for (const l of this.errorListeners) l(err);
    });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.child.stdin.end();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.child.kill(signal);
  }
}
