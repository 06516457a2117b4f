// Output helpers for the CLI.
import type { RowResult } from './regress.ts';

export const TABLE_COLUMNS = ['service', 'algo', 'keyBits', 'mode', 'layout', 'passed', 'failed', 'cycles'] as const;

export function formatTable(rows: readonly RowResult[]): string {
  // cycles 0 on a row that ran requests: not measured per row (driver-profile sections)
  const cells = rows.map((r) => TABLE_COLUMNS.map((c) => (c === 'cycles' && r.cycles === 0 && r.passed + r.failed > 0 ? '-' : String(r[c]))));
  const widths = TABLE_COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (xs: readonly string[]) => xs.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(TABLE_COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function formatRowProgress(index: number, total: number, r: RowResult): string {
  const verdict = r.failed === 0 ? 'ok' : 'FAIL';
  return `[${index}/${total}] ${r.service} ${r.algo} ${r.keyBits} ${r.mode} ${r.layout}: ${verdict} passed=${r.passed} failed=${r.failed} cycles=${r.cycles}`;
}

/** JSON with bigints as decimal strings (and hex for feature masks is left to the producer). */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x), 2);
}

/** Readable flat summary of an object of unknown shape (probe output). */
export function formatSummary(v: unknown, indent = ''): string {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) {
    return `${indent}${scalar(v)}`;
  }
  const lines: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x !== null && typeof x === 'object' && !(x instanceof Uint8Array)) {
      lines.push(`${indent}${k}:`);
      lines.push(formatSummary(x, `${indent}  `));
    } else {
      lines.push(`${indent}${k}: ${formatSummary(x)}`);
    }
  }
  return lines.join('\n');
}

/** Hex beside decimal for integers from this value up (IDs, offsets, masks). */
const HEX_FROM = 16;

function scalar(v: unknown): string {
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'number' && Number.isInteger(v) && v >= HEX_FROM) return `${v} (0x${v.toString(16)})`;
  return String(v);
}
