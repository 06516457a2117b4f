// Helpers to start the fake simulator (fixtures/fake-sim.mjs) through either transport.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimConsole } from '../../src/bridge/sim-console.ts';
import type { TransportKind } from '../../src/bridge/transport.ts';

export const FAKE_SIM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fake-sim.mjs');
export const TRANSPORTS: TransportKind[] = ['pty', 'pipe'];

export function startFake(transport: TransportKind, fakeArgs: string[] = [], trace?: string): Promise<SimConsole> {
  return SimConsole.start({
    command: process.execPath,
    args: [FAKE_SIM, ...fakeArgs],
    transport,
    readyTimeoutMs: 10_000,
    ...(trace !== undefined ? { trace } : {}),
  });
}
