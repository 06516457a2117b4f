// Shared bits of the device-level suites (test/device/*.test.ts).
import { expect } from 'vitest';
import type { Device } from '../../src/index.ts';

/** Legacy data fixed part (§5.4: 24-byte header + 48-byte flf = 72 bytes). */
export const LEGACY_DATA_REQ_BYTES = 72;
/** An opcode no service defines (§4.4): the device answers NOTSUPP (D19). */
export const UNKNOWN_OPCODE = 0x0fff;

/**
 * The cheapest complete request: a legacy 72-byte data header whose opcode no service defines.
 * Expected answer: NOTSUPP (D19) in the last writable byte, used.len = whole writable area (D3).
 */
export function cheapRequest(): Uint8Array {
  const hdr = Buffer.alloc(LEGACY_DATA_REQ_BYTES);
  hdr.writeUInt32LE(UNKNOWN_OPCODE, 0);
  return new Uint8Array(hdr);
}

/** DMA accesses outside the grants since the simulator started, with the first few listed. */
export async function violations(dev: Device): Promise<{ count: number; text: string }> {
  const v = await dev.console.violations();
  const text = v.list
    .slice(0, 6)
    .map((e) => `${e.kind}:0x${e.addr.toString(16)}+${e.len}@${e.cycle}`)
    .join(' ');
  return { count: v.count, text };
}

/**
 * Diagnostic switch: DEVICE_TESTS_SKIP_DMA_CHECK=1 turns the violation assertions into warnings,
 * to see which other assertions fail while the DMA engine still over-reads. Off by default.
 */
export const SKIP_DMA_CHECK = process.env['DEVICE_TESTS_SKIP_DMA_CHECK'] === '1';

/** Assert a violation count (0 unless the diagnostic switch is on). */
export function expectViolationCount(n: number, what: string): void {
  if (SKIP_DMA_CHECK) {
    if (n !== 0) console.warn(`[DEVICE_TESTS_SKIP_DMA_CHECK] ${n} ${what}`);
    return;
  }
  expect(n, what).toBe(0);
}

/** Assert that no DMA violation happened since `before` (a count from violations()). */
export async function expectNoNewViolations(dev: Device, before: number, what = ''): Promise<void> {
  const v = await violations(dev);
  expectViolationCount(v.count - before, `DMA violations ${what} (total ${v.count}; first: ${v.text})`);
}

/** Assert that the device had no DMA violation at all, then close it. */
export async function closeChecked(dev: Device | undefined): Promise<void> {
  if (!dev) return;
  try {
    const v = await violations(dev);
    expectViolationCount(v.count, `DMA violations over the device's life (first: ${v.text})`);
  } finally {
    await dev.close();
  }
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Last byte of the whole writable area (D3), -1 when the area is empty. */
export function lastWritableByte(written: readonly Uint8Array[]): number {
  for (let i = written.length - 1; i >= 0; i--) {
    const w = written[i]!;
    if (w.length > 0) return w[w.length - 1]!;
  }
  return -1;
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
