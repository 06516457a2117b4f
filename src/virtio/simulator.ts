// Start a simulator and open its host memory, without touching the device.
import { ensureSimulator, repoRoot } from '../bridge/ensure-sim.ts';
import { HostMemory } from '../bridge/host-memory.ts';
import type { SimBanner } from '../bridge/banner.ts';
import { SimConsole } from '../bridge/sim-console.ts';
import type { TransportKind } from '../bridge/transport.ts';

export interface OpenSimulatorOptions {
  /** Waveform file (FST). */
  trace?: string;
  /** Default: $VCRYPTO_TRANSPORT, else pty. */
  transport?: TransportKind;
  /** Host memory size in MiB. */
  memMb?: number;
  /** Extra simulator arguments, e.g. ['--seed', '3']. */
  extraArgs?: string[];
  /** Run this executable instead of building and running the simulator (fakes in tests). */
  command?: string;
  /** Arguments placed before the generated ones (with `command`). */
  args?: string[];
}

export interface SimulatorHandle {
  console: SimConsole;
  memory: HostMemory;
  banner: SimBanner;
  /** Close the host-memory file, then the shutdown handshake. */
  close(): Promise<void>;
}

export async function openSimulator(opts: OpenSimulatorOptions = {}): Promise<SimulatorHandle> {
  const command = opts.command ?? (await ensureSimulator());
  const console = await SimConsole.start({
    command,
    cwd: repoRoot,
    ...(opts.args ? { args: opts.args } : {}),
    ...(opts.transport ? { transport: opts.transport } : {}),
    ...(opts.trace !== undefined ? { trace: opts.trace } : {}),
    ...(opts.memMb !== undefined ? { memMb: opts.memMb } : {}),
    ...(opts.extraArgs ? { extraArgs: opts.extraArgs } : {}),
  });
  let memory: HostMemory;
  try {
    memory = new HostMemory(console.banner.memPath, console.banner.memBase, console.banner.memSize);
  } catch (e) {
    await console.close().catch(() => undefined);
    throw e;
  }
  return {
    console,
    memory,
    banner: console.banner,
    async close() {
      memory.close();
      await console.close();
    },
  };
}
