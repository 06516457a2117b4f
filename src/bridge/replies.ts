// Parsers for the payload of `ok …` replies of the structured commands.
import { parseDec, parseHexBig, parseHexNum } from './hex.ts';

export type WaitEvent = 'irq' | 'mem' | 'timeout';

export interface WaitResult {
  event: WaitEvent;
  cycle: number;
}

export interface MsiMessage {
  addr: bigint;
  data: number;
  cycle: number;
}

export interface IrqLog {
  messages: MsiMessage[];
  intx: boolean;
}

export interface DmaViolation {
  kind: 'r' | 'w';
  addr: bigint;
  len: number;
  cycle: number;
}

export interface Violations {
  count: number;
  /** The first 16 violations. */
  list: DmaViolation[];
}

export interface SimStats {
  cycles: number;
  simNs: number;
  waitNs: number;
  rdBeats: number;
  wrBeats: number;
  /** Every key=value as printed. */
  raw: Record<string, number>;
}

export function parseWait(payload: string): WaitResult {
  const [event, cycle] = payload.split(' ');
  if (event !== 'irq' && event !== 'mem' && event !== 'timeout') throw new Error(`bad wait reply "${payload}"`);
  return { event, cycle: parseDec(cycle ?? '') };
}

export function parseIrqs(payload: string): IrqLog {
  const words = payload.split(' ').filter((w) => w !== '');
  const count = parseDec(words[0] ?? '');
  const messages: MsiMessage[] = [];
  let intx = false;
  for (const w of words.slice(1)) {
    if (w.startsWith('intx=')) {
      intx = w.slice('intx='.length) === '1';
      continue;
    }
    const [a, d, c] = w.split(':');
    messages.push({ addr: parseHexBig(a ?? ''), data: parseHexNum(d ?? ''), cycle: parseDec(c ?? '') });
  }
  if (messages.length !== count) throw new Error(`irqs reply lists ${messages.length} messages, says ${count}`);
  return { messages, intx };
}

export function parseViolations(payload: string): Violations {
  const words = payload.split(' ').filter((w) => w !== '');
  const count = parseDec(words[0] ?? '');
  const list = words.slice(1).map((w): DmaViolation => {
    const [k, a, l, c] = w.split(':');
    if (k !== 'r' && k !== 'w') throw new Error(`bad violation "${w}"`);
    return { kind: k, addr: parseHexBig(a ?? ''), len: parseHexNum(l ?? ''), cycle: parseDec(c ?? '') };
  });
  return { count, list };
}

export function parseStats(payload: string): SimStats {
  const raw: Record<string, number> = {};
  for (const w of payload.split(' ')) {
    const eq = w.indexOf('=');
    if (eq > 0) raw[w.slice(0, eq)] = parseDec(w.slice(eq + 1));
  }
  return {
    cycles: raw['cycles'] ?? 0,
    simNs: raw['sim_ns'] ?? 0,
    waitNs: raw['wait_ns'] ?? 0,
    rdBeats: raw['rd_beats'] ?? 0,
    wrBeats: raw['wr_beats'] ?? 0,
    raw,
  };
}
