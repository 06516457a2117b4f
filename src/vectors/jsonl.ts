// Project JSONL: one VectorCase per line, byte fields as hex strings.
//
//   {"service":"aead","algo":"aes-gcm","op":"encrypt","key":"…","iv":"…","aad":"","input":"…",
//    "output":"…ct‖tag…","tagLen":16,"valid":true}
//
// key / iv / aad default to "" and valid to true; output is required for valid cases; an
// optional "id" string names the case (default `line N`).
import { fromHex, toHex } from './hex.ts';
import type { LoadedCase, VectorAlgo, VectorCase, VectorService } from './types.ts';

export const SERVICE_ALGOS: Readonly<Record<VectorService, readonly VectorAlgo[]>> = {
  cipher: ['aes-ecb', 'aes-cbc', 'aes-ctr', 'aes-xts'],
  hash: ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
  mac: ['hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512', 'cmac-aes'],
  aead: ['aes-gcm', 'aes-ccm'],
};

const FIELDS = new Set(['id', 'service', 'algo', 'op', 'key', 'iv', 'aad', 'input', 'output', 'tagLen', 'outLen', 'valid']);

function hexOf(o: Record<string, unknown>, k: string, required: boolean): Uint8Array | undefined {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) throw new Error(`missing "${k}"`);
    return undefined;
  }
  if (typeof v !== 'string') throw new Error(`"${k}" must be a hex string`);
  return fromHex(v, k);
}

function natOf(o: Record<string, unknown>, k: string): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`"${k}" must be a non-negative integer`);
  return v;
}

/** Validate one parsed JSON object as a VectorCase. */
export function caseFromJson(o: unknown): VectorCase {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not a JSON object');
  const r = o as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!FIELDS.has(k)) throw new Error(`unknown field "${k}"`);
  const service = r.service as VectorService;
  if (!(service in SERVICE_ALGOS)) throw new Error(`service must be one of ${Object.keys(SERVICE_ALGOS).join(', ')}`);
  const algo = r.algo as VectorAlgo;
  if (!SERVICE_ALGOS[service].includes(algo)) throw new Error(`algo "${String(r.algo)}" is not a ${service} algorithm (${SERVICE_ALGOS[service].join(', ')})`);
  const op = r.op ?? 'encrypt';
  if (op !== 'encrypt' && op !== 'decrypt') throw new Error('op must be "encrypt" or "decrypt"');
  const valid = r.valid ?? true;
  if (typeof valid !== 'boolean') throw new Error('valid must be a boolean');
  const output = hexOf(r, 'output', valid);
  const tagLen = natOf(r, 'tagLen');
  const outLen = natOf(r, 'outLen');
  const c: VectorCase = {
    service,
    algo,
    op,
    key: hexOf(r, 'key', false) ?? new Uint8Array(0),
    iv: hexOf(r, 'iv', false) ?? new Uint8Array(0),
    aad: hexOf(r, 'aad', false) ?? new Uint8Array(0),
    input: hexOf(r, 'input', true)!,
    ...(output ? { output } : {}),
    ...(tagLen !== undefined ? { tagLen } : {}),
    ...(outLen !== undefined ? { outLen } : {}),
    valid,
  };
  if (service === 'aead' && c.tagLen === undefined) throw new Error('aead cases need "tagLen"');
  return c;
}

/** A VectorCase as one JSONL line (the inverse of caseFromJson). */
export function caseToJson(c: VectorCase, id?: string): string {
  return JSON.stringify({
    ...(id !== undefined ? { id } : {}),
    service: c.service,
    algo: c.algo,
    op: c.op,
    key: toHex(c.key),
    iv: toHex(c.iv),
    aad: toHex(c.aad),
    input: toHex(c.input),
    ...(c.output ? { output: toHex(c.output) } : {}),
    ...(c.tagLen !== undefined ? { tagLen: c.tagLen } : {}),
    ...(c.outLen !== undefined ? { outLen: c.outLen } : {}),
    valid: c.valid,
  });
}

export function parseJsonl(text: string): { kind: string; cases: LoadedCase[] } {
  const cases: LoadedCase[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    let id = `line ${i + 1}`;
    try {
      const o = JSON.parse(t) as Record<string, unknown>;
      if (o && typeof o === 'object' && typeof o.id === 'string') id = `line ${i + 1} ${o.id}`;
      cases.push({ id, case: caseFromJson(o) });
    } catch (e) {
      cases.push({ id, error: (e as Error).message });
    }
  }
  return { kind: 'jsonl', cases };
}
