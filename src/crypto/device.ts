// Minimal structural view of the Device exposed by `openDevice()` from src/index.ts (written by
// the bridge/driver engineer). The crypto layer codes against these types only, so it compiles
// and can be unit-tested against a fake before the real device exists.

export interface SubmitOptions {
  /** put the whole chain into one indirect descriptor table */
  indirect?: boolean;
  /** in-place (DPDK dst = src): the first writable buffer is the last readable buffer's memory */
  inPlace?: boolean;
}

export interface SubmitResult {
  /** used-ring len (D3: the whole writable area) */
  usedLen: number;
  /** the device-writable buffers after completion, one per writable length */
  written: Uint8Array[];
}

/** What the crypto helpers need from a device. */
export interface DeviceLike {
  negotiatedFeatures: bigint;
  controlQueue: number;
  numDataQueues: number;
  submitRaw(
    queue: number,
    readable: Uint8Array[],
    writableLengths: number[],
    opts?: SubmitOptions,
  ): Promise<SubmitResult>;
}

/** The full Device (CLI and device-level tests). */
export interface FullDevice extends DeviceLike {
  offeredFeatures: bigint;
  dmaViolations(): Promise<number>;
  readConfig(): Promise<any>;
  probe(): Promise<any>;
  stats(): Promise<any>;
  close(): Promise<void>;
}

export interface OpenDeviceOptions {
  features?: bigint;
  dataQueues?: number;
  queueSize?: number;
  trace?: string;
}

export type OpenDevice = (opts?: OpenDeviceOptions) => Promise<FullDevice>;

/**
 * Load `openDevice` from src/index.ts at run time. The specifier is kept in a variable so this
 * file type-checks before src/index.ts exists; once it does, a static
 * `import { openDevice } from '../index.ts'` is equivalent.
 */
export async function loadOpenDevice(): Promise<OpenDevice> {
  const spec = '../index.ts';
  const mod = (await import(/* @vite-ignore */ spec)) as { openDevice?: OpenDevice };
  if (typeof mod.openDevice !== 'function') throw new Error('src/index.ts does not export openDevice()');
  return mod.openDevice;
}

/** Simulated cycle counter from device.stats() (0 if the stats object has none). */
export function cyclesOf(stats: unknown): bigint {
  if (stats && typeof stats === 'object' && 'cycles' in stats) {
    const c = (stats as { cycles: unknown }).cycles;
    if (typeof c === 'bigint') return c;
    if (typeof c === 'number' || typeof c === 'string') return BigInt(c);
  }
  return 0n;
}
