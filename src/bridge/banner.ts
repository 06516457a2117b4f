// Parse the READY banner: `READY vcrypto-sim proto=1 mem=<path> membase=<hex> ...`.
import { SIM_PROTOCOL } from '../constants/virtio.ts';
import { parseHexBig, parseDec } from './hex.ts';

export interface SimBanner {
  program: string;
  proto: number;
  memPath: string;
  memBase: bigint;
  memSize: bigint;
  msiBase: bigint;
  msiSize: bigint;
  dataWidth: number;
  dataQueues: number;
  qsizeMax: number;
  /** Every key=value as printed (also unknown keys). */
  raw: Record<string, string>;
}

export function isBannerLine(line: string): boolean {
  return line.startsWith(`${SIM_PROTOCOL.READY_WORD} `) || line === SIM_PROTOCOL.READY_WORD;
}

export function parseBanner(line: string): SimBanner {
  const words = line.trim().split(' ');
  if (words[0] !== SIM_PROTOCOL.READY_WORD) throw new Error(`not a READY banner: "${line}"`);
  const raw: Record<string, string> = {};
  let program = '';
  for (const w of words.slice(1)) {
    const eq = w.indexOf('=');
    if (eq < 0) {
      if (!program) program = w;
      continue;
    }
    raw[w.slice(0, eq)] = w.slice(eq + 1);
  }
  const need = (k: string): string => {
    const v = raw[k];
    if (v === undefined) throw new Error(`READY banner lacks ${k}=: "${line}"`);
    return v;
  };
  const proto = parseDec(need('proto'));
  if (proto !== SIM_PROTOCOL.VERSION) throw new Error(`simulator speaks proto=${proto}, host speaks ${SIM_PROTOCOL.VERSION}`);
  return {
    program,
    proto,
    memPath: need('mem'),
    memBase: parseHexBig(need('membase')),
    memSize: parseHexBig(need('memsize')),
    msiBase: parseHexBig(need('msibase')),
    msiSize: parseHexBig(need('msisize')),
    dataWidth: parseDec(need('datawidth')),
    dataQueues: parseDec(need('dataq')),
    qsizeMax: parseDec(need('qsizemax')),
    raw,
  };
}
