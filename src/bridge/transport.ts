// The byte channel between the host and the simulator process: a pty or a set of pipes.
import { TRANSPORT_ENV } from '../constants/virtio.ts';
import { PtyTransport } from './pty-transport.ts';
import { PipeTransport } from './pipe-transport.ts';

export type TransportKind = 'pty' | 'pipe';

export interface ExitInfo {
  code: number | null;
  signal: string | number | null;
}

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A spawned child process with a text channel to its stdin/stdout. */
export interface Transport {
  readonly kind: TransportKind;
  readonly pid: number;
  /** Text printed by the child (stdout; stderr too: merged by a pty, separate stream for pipes). */
  onData(listener: (chunk: string, stream: 'stdout' | 'stderr') => void): void;
  /** The child exited and all of its output was delivered. */
  onExit(listener: (info: ExitInfo) => void): void;
  /** An asynchronous write/stream error (fire-and-forget writes report here). */
  onError(listener: (err: Error) => void): void;
  /** Queue text for the child's stdin (never blocks). */
  write(data: string): void;
  /** Close our end of the child's input (the simulator then exits after `quit`). */
  end(): void;
  /** Send a signal. */
  kill(signal?: NodeJS.Signals): void;
}

/** The transport kind chosen by `explicit`, else $VCRYPTO_TRANSPORT, else pty. */
export function resolveTransportKind(explicit?: TransportKind): TransportKind {
  if (explicit) return explicit;
  const env = process.env[TRANSPORT_ENV];
  if (env === undefined || env === '') return 'pty';
  if (env === 'pty' || env === 'pipe') return env;
  throw new Error(`${TRANSPORT_ENV} must be "pty" or "pipe", not "${env}"`);
}

export function spawnTransport(kind: TransportKind, spec: SpawnSpec): Transport {
  return kind === 'pty' ? new PtyTransport(spec) : new PipeTransport(spec);
}
