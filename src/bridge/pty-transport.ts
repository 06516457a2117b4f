// Transport over a pseudo-terminal (node-pty). The simulator switches the pty to raw mode itself.
import * as pty from 'node-pty';
import { BRIDGE_DEFAULTS } from '../constants/virtio.ts';
import type { ExitInfo, SpawnSpec, Transport } from './transport.ts';

/** node-pty's terminal also is an event emitter for 'error' (not in its typings). */
interface PtyWithEvents extends pty.IPty {
  on(event: 'error', listener: (err: Error) => void): void;
  destroy(): void;
  /** node-pty internals: its asynchronous write queue on the master fd. */
  _writeStream?: { _writeQueue?: unknown[]; dispose?: () => void };
}

export class PtyTransport implements Transport {
  readonly kind = 'pty' as const;
  private readonly term: PtyWithEvents;
  private readonly errorListeners: ((err: Error) => void)[] = [];
  private ended = false;

  constructor(spec: SpawnSpec) {
    this.term = pty.spawn(spec.file, spec.args, {
      name: 'xterm',
      cols: BRIDGE_DEFAULTS.PTY_COLS,
      rows: BRIDGE_DEFAULTS.PTY_ROWS,
      cwd: spec.cwd ?? process.cwd(),
      env: (spec.env ?? process.env) as Record<string, string>,
      encoding: 'utf8',
    }) as PtyWithEvents;
    // node-pty throws non-EIO socket errors when nobody listens; route them to our listeners.
    // EIO on read is how a pty reports that the child side closed: end of output, not an error.
    this.term.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code.includes('EIO') || code.includes('EAGAIN')) return;
      for (const l of this.errorListeners) l(err);
    });
  }

  get pid(): number {
    return this.term.pid;
  }

  onData(listener: (chunk: string, stream: 'stdout' | 'stderr') => void): void {
    this.term.onData((d) => listener(d, 'stdout'));
  }

  onExit(listener: (info: ExitInfo) => void): void {
    // node-pty emits exit only after its read socket closed, so all output came first.
    this.term.onExit((e) => {
      this.dropQueuedWrites();
      listener({ code: e.exitCode, signal: e.signal ? e.signal : null });
    });
  }

  /**
   * node-pty writes from a queue with fs.write on the master fd number and retries EAGAIN from
   * setImmediate. Once the child is gone that fd is closed and its number is reused by the next pty
   * opened in this process, so a leftover queued command would be delivered to another simulator.
   * Empty the queue as soon as the terminal is finished.
   */
  private dropQueuedWrites(): void {
    const ws = this.term._writeStream;
    if (ws?._writeQueue) ws._writeQueue.length = 0;
    ws?.dispose?.();
  }

  onError(listener: (err: Error) => void): void {
    this.errorListeners.push(listener);
  }

  write(data: string): void {
    if (this.ended) {
      const err = new Error('write after the pty was closed');
      for (const l of this.errorListeners) l(err);
      return;
    }
    this.term.write(data);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.dropQueuedWrites();
    // A raw-mode pty has no EOF character: closing the master hangs the slave up (SIGHUP),
    // which the simulator treats as end of input.
    this.term.destroy();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.term.kill(signal);
  }
}
