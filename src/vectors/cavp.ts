// NIST CAVP response files (.rsp): tokenizer and the conversion of each family into VectorCases.
//
// An .rsp file is a sequence of blank-line separated blocks of `Name = value` lines, `[...]`
// section headers, `#` comments and bare words (`FAIL`). This module first turns the text into
// records (one per `Count`/`COUNT`/`Len` block) carrying the parameters in force for them
// (file globals < section headers < section-level blocks < the record's own fields), then
// recognises the family from the field names and converts every record.
//
// Units follow the CAVP documents: AES/XTS/GCM lengths in bits (DataUnitLen, Keylen, IVlen,
// PTlen, AADlen, Taglen); SHA `Len` in bits; HMAC `L`, `Klen`, `Tlen` in bytes; CMAC `Klen`,
// `Mlen`, `Tlen` in bytes; CCM `Alen`, `Plen`, `Nlen`, `Tlen` in bytes.
import { concat, fromHex } from './hex.ts';
import type { LoadedCase, VectorAlgo, VectorCase } from './types.ts';

const BITS_PER_BYTE = 8;
/** XTS tweak / AES block size in bytes. */
const TWEAK_BYTES = 16;

export interface RspRecord {
  /** 1-based line of the record's first field */
  line: number;
  /** from the last `[ENCRYPT]` / `[DECRYPT]` header */
  direction?: 'encrypt' | 'decrypt';
  /** parameters in force (lower-case names): globals, headers, section-level blocks */
  params: Map<string, string>;
  /** the record's own fields (lower-case names) in file order */
  fields: Map<string, string>;
  /** bare words inside the record (e.g. `FAIL`) */
  flags: string[];
}

export interface RspFile {
  /** comment lines without the leading `#` */
  comments: string[];
  records: RspRecord[];
}

/** Field names that start a new record. */
const RECORD_START = new Set(['count', 'len']);

/** Split an .rsp text into records. */
export function tokenizeRsp(text: string): RspFile {
  const comments: string[] = [];
  const records: RspRecord[] = [];
  const globals = new Map<string, string>();
  const header = new Map<string, string>();
  const section = new Map<string, string>();
  let headerSeen = false;
  let direction: 'encrypt' | 'decrypt' | undefined;
  let block: { line: number; fields: Map<string, string>; flags: string[] } | undefined;

  const flush = (): void => {
    if (!block) return;
    const first = block.fields.keys().next().value;
    if (first !== undefined && RECORD_START.has(first)) {
      const params = new Map([...globals, ...header, ...section]);
      records.push({ line: block.line, ...(direction ? { direction } : {}), params, fields: block.fields, flags: block.flags });
    } else if (block.fields.size > 0) {
      // a block without Count: section-level values (CCM Key/Nonce) or file globals (CCM Plen = ..)
      for (const [k, v] of block.fields) (headerSeen ? section : globals).set(k, v);
      if (block.flags.length > 0 && records.length > 0) records[records.length - 1]!.flags.push(...block.flags);
    } else if (block.flags.length > 0 && records.length > 0) {
      records[records.length - 1]!.flags.push(...block.flags);
    }
    block = undefined;
  };

  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t.startsWith('#')) {
      comments.push(t.slice(1).trim());
      continue;
    }
    if (t === '') {
      flush();
      continue;
    }
    if (t.startsWith('[') && t.endsWith(']')) {
      flush();
      const inner = t.slice(1, -1).trim();
      section.clear();
      headerSeen = true;
      if (!inner.includes('=')) {
        const w = inner.toLowerCase();
        if (w === 'encrypt') direction = 'encrypt';
        else if (w === 'decrypt') direction = 'decrypt';
        else header.set(w, '');
        continue;
      }
      for (const part of inner.split(',')) {
        const eq = part.indexOf('=');
        if (eq < 0) continue;
        header.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
      }
      continue;
    }
    const eq = t.indexOf('=');
    if (eq < 0) {
      if (!block) block = { line: i + 1, fields: new Map(), flags: [] };
      block.flags.push(t);
      continue;
    }
    const k = t.slice(0, eq).trim().toLowerCase();
    const v = t.slice(eq + 1).trim();
    if (block && RECORD_START.has(k) && block.fields.size > 0) flush();
    if (!block) block = { line: i + 1, fields: new Map(), flags: [] };
    if (block.fields.size === 0) block.line = i + 1;
    block.fields.set(k, v);
  }
  flush();
  return { comments, records };
}

/** True if the text looks like an .rsp file (section headers or `Name = value` lines, no JSON). */
export function looksLikeRsp(text: string): boolean {
  let kv = 0;
  for (const raw of text.split(/\r?\n/)) {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (/^\[[^\]]*\]$/.test(t)) return true;
    if (/^[A-Za-z][A-Za-z0-9_ ]*=/.test(t)) kv++;
    else if (!/^[A-Za-z]+( \(\d+\))?$/.test(t)) return false;
  }
  return kv > 0;
}

// ------------------------------------------------------------------ field access

function get(r: RspRecord, name: string): string | undefined {
  return r.fields.get(name) ?? r.params.get(name);
}

function need(r: RspRecord, name: string): string {
  const v = get(r, name);
  if (v === undefined) throw new Error(`missing field ${name}`);
  return v;
}

function int(r: RspRecord, name: string): number | undefined {
  const v = get(r, name);
  if (v === undefined) return undefined;
  const m = /^-?\d+/.exec(v);
  if (!m) throw new Error(`${name} = ${v} is not a number`);
  return Number(m[0]);
}

function needInt(r: RspRecord, name: string): number {
  const n = int(r, name);
  if (n === undefined) throw new Error(`missing field ${name}`);
  return n;
}

function hexField(r: RspRecord, name: string): Uint8Array {
  return fromHex(need(r, name), name);
}

/** Hex field whose length is given by a length parameter; length 0 means empty (the file writes `00`). */
function hexWithLen(r: RspRecord, name: string, lenBytes: number | undefined, lenName: string): Uint8Array {
  if (lenBytes === 0) return new Uint8Array(0);
  const b = get(r, name) === undefined && lenBytes === undefined ? new Uint8Array(0) : hexField(r, name);
  if (lenBytes !== undefined && b.length !== lenBytes) throw new Error(`${name} has ${b.length} bytes, ${lenName} says ${lenBytes}`);
  return b;
}

/** Bits → bytes; undefined if the bit count is not a whole number of bytes. */
function bytesOfBits(bits: number): number | undefined {
  return bits % BITS_PER_BYTE === 0 ? bits / BITS_PER_BYTE : undefined;
}

const EMPTY = new Uint8Array(0);

export function recordId(r: RspRecord): string {
  const parts = [`line ${r.line}`];
  const count = r.fields.get('count');
  if (count !== undefined) parts.push(`Count=${count}`);
  else if (r.fields.has('len')) parts.push(`Len=${r.fields.get('len')}`);
  if (r.direction) parts.push(r.direction.toUpperCase());
  return parts.join(' ');
}

// ------------------------------------------------------------------ families

export type CavpFamily =
  | { family: 'aes'; mode: string; mct: boolean }
  | { family: 'xts' }
  | { family: 'gcm'; direction: 'encrypt' | 'decrypt' | undefined }
  | { family: 'ccm' }
  | { family: 'sha'; monte: boolean; named?: string }
  | { family: 'hmac' }
  | { family: 'cmac'; tdes: boolean }
  | { family: 'tdes' };

/** Recognise the CAVP family from the field names (and the comment block for the AES mode). */
export function cavpFamily(f: RspFile): CavpFamily {
  const keys = new Set<string>();
  for (const r of f.records) {
    for (const k of r.fields.keys()) keys.add(k);
    for (const k of r.params.keys()) keys.add(k);
  }
  const text = f.comments.join('\n').toLowerCase();
  if (keys.has('dataunitlen') || keys.has('dataunitseqnumber') || keys.has('i')) return { family: 'xts' };
  if (keys.has('md') || keys.has('seed')) {
    const named = /sha-?512\s*\/\s*(224|256)/.test(text) ? 'SHA-512/t' : /sha-?3|shake/.test(text) ? 'SHA-3' : undefined;
    return { family: 'sha', monte: keys.has('seed') || /monte/.test(text), ...(named ? { named } : {}) };
  }
  if (keys.has('mac')) {
    if (keys.has('mlen')) return { family: 'cmac', tdes: keys.has('key1') || /tdes|tdea|3des/.test(text) };
    return { family: 'hmac' };
  }
  if (keys.has('tag')) {
    const direction = /decrypt/.test(text) ? 'decrypt' : /encrypt/.test(text) ? 'encrypt' : undefined;
    return { family: 'gcm', direction };
  }
  if (keys.has('nonce') || keys.has('adata')) return { family: 'ccm' };
  if (keys.has('plaintext') || keys.has('ciphertext')) {
    if (keys.has('key1') || keys.has('keys')) return { family: 'tdes' };
    const m = /\b(gfsbox|keysbox|varkey|vartxt|mmt|mct|kat)\b[^\n]*?\bfor\s+([a-z0-9]+)/.exec(text);
    const mode = m ? m[2]!.toUpperCase() : keys.has('iv') ? 'CBC' : 'ECB';
    return { family: 'aes', mode, mct: (m?.[1] ?? '') === 'mct' || /monte carlo/.test(text) };
  }
  throw new Error('unrecognised CAVP response file (no known field set: PLAINTEXT/CIPHERTEXT, DataUnitLen, Tag, Nonce, MD, Mac)');
}

type Conv = (r: RspRecord) => VectorCase | { unsupported: string };

function base(service: VectorCase['service'], algo: VectorAlgo, op: 'encrypt' | 'decrypt'): Pick<VectorCase, 'service' | 'algo' | 'op' | 'key' | 'iv' | 'aad' | 'valid'> {
  return { service, algo, op, key: EMPTY, iv: EMPTY, aad: EMPTY, valid: true };
}

const AES_MODES: Record<string, VectorAlgo> = { ECB: 'aes-ecb', CBC: 'aes-cbc', CTR: 'aes-ctr' };

function aesConv(mode: string, mct: boolean): Conv {
  return (r) => {
    const algo = AES_MODES[mode];
    if (!algo) return { unsupported: `AES-${mode} is not offered by the device` };
    if (mct) return { unsupported: 'Monte Carlo test (iterated chain, not a single request)' };
    const op = r.direction ?? 'encrypt';
    const pt = hexField(r, 'plaintext');
    const ct = hexField(r, 'ciphertext');
    return {
      ...base('cipher', algo, op),
      key: hexField(r, 'key'),
      iv: algo === 'aes-ecb' ? EMPTY : hexField(r, 'iv'),
      input: op === 'encrypt' ? pt : ct,
      output: op === 'encrypt' ? ct : pt,
    };
  };
}

/** XTS tweak from a data-unit sequence number: 16-byte little-endian (IEEE 1619 §5.1). */
export function seqNumberTweak(seq: string): Uint8Array {
  if (!/^\d+$/.test(seq.trim())) throw new Error(`DataUnitSeqNumber = ${seq} is not a decimal number`);
  let n = BigInt(seq.trim());
  const out = new Uint8Array(TWEAK_BYTES);
  for (let i = 0; i < TWEAK_BYTES; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  if (n !== 0n) throw new Error(`DataUnitSeqNumber = ${seq} does not fit in 128 bits`);
  return out;
}

const xtsConv: Conv = (r) => {
  const bits = needInt(r, 'dataunitlen');
  const len = bytesOfBits(bits);
  if (len === undefined) return { unsupported: `data unit of ${bits} bits is not a whole number of bytes` };
  const op = r.direction ?? 'encrypt';
  const seq = get(r, 'dataunitseqnumber');
  const iv = seq !== undefined ? seqNumberTweak(seq) : hexField(r, 'i');
  if (iv.length !== TWEAK_BYTES) throw new Error(`tweak i has ${iv.length} bytes, expected ${TWEAK_BYTES}`);
  const pt = hexWithLen(r, 'pt', len, 'DataUnitLen');
  const ct = hexWithLen(r, 'ct', len, 'DataUnitLen');
  return { ...base('cipher', 'aes-xts', op), key: hexField(r, 'key'), iv, input: op === 'encrypt' ? pt : ct, output: op === 'encrypt' ? ct : pt };
};

function gcmConv(fileDirection: 'encrypt' | 'decrypt' | undefined): Conv {
  return (r) => {
    const lens: Record<string, number | undefined> = {};
    for (const n of ['ivlen', 'ptlen', 'aadlen', 'taglen']) {
      const bits = int(r, n);
      if (bits === undefined) continue;
      const b = bytesOfBits(bits);
      if (b === undefined) return { unsupported: `${n} = ${bits} bits is not a whole number of bytes` };
      lens[n] = b;
    }
    const fail = r.flags.some((f) => f.toUpperCase() === 'FAIL');
    const keys = [...r.fields.keys()];
    const ctFirst = keys.includes('ct') && (!keys.includes('pt') || keys.indexOf('ct') < keys.indexOf('pt'));
    const op = fail ? 'decrypt' : (r.direction ?? fileDirection ?? (ctFirst ? 'decrypt' : 'encrypt'));
    const key = hexField(r, 'key');
    const iv = hexWithLen(r, 'iv', lens.ivlen, 'IVlen');
    const aad = hexWithLen(r, 'aad', lens.aadlen, 'AADlen');
    const tag = hexWithLen(r, 'tag', lens.taglen, 'Taglen');
    const ct = hexWithLen(r, 'ct', lens.ptlen, 'PTlen');
    const tagLen = tag.length;
    if (op === 'encrypt') {
      const pt = hexWithLen(r, 'pt', lens.ptlen, 'PTlen');
      return { ...base('aead', 'aes-gcm', 'encrypt'), key, iv, aad, input: pt, output: concat(ct, tag), tagLen };
    }
    if (fail) return { ...base('aead', 'aes-gcm', 'decrypt'), key, iv, aad, input: concat(ct, tag), tagLen, valid: false };
    const pt = hexWithLen(r, 'pt', lens.ptlen, 'PTlen');
    return { ...base('aead', 'aes-gcm', 'decrypt'), key, iv, aad, input: concat(ct, tag), output: pt, tagLen };
  };
}

const ccmConv: Conv = (r) => {
  const alen = int(r, 'alen');
  const plen = int(r, 'plen');
  const nlen = int(r, 'nlen');
  const tlen = needInt(r, 'tlen');
  const key = hexField(r, 'key');
  const iv = hexWithLen(r, 'nonce', nlen, 'Nlen');
  const aad = hexWithLen(r, 'adata', alen, 'Alen');
  const ct = hexField(r, 'ct');
  if (plen !== undefined && ct.length !== plen + tlen) throw new Error(`CT has ${ct.length} bytes, Plen + Tlen = ${plen + tlen}`);
  const result = get(r, 'result');
  if (result === undefined) {
    const payload = hexWithLen(r, 'payload', plen, 'Plen');
    return { ...base('aead', 'aes-ccm', 'encrypt'), key, iv, aad, input: payload, output: ct, tagLen: tlen };
  }
  const pass = /^p/i.test(result);
  if (!pass) return { ...base('aead', 'aes-ccm', 'decrypt'), key, iv, aad, input: ct, tagLen: tlen, valid: false };
  const payload = hexWithLen(r, 'payload', plen, 'Plen');
  return { ...base('aead', 'aes-ccm', 'decrypt'), key, iv, aad, input: ct, output: payload, tagLen: tlen };
};

/** Digest length in bytes → algorithm. */
const SHA_BY_LEN: Record<number, VectorAlgo> = { 20: 'sha1', 28: 'sha224', 32: 'sha256', 48: 'sha384', 64: 'sha512' };
const HMAC_BY_LEN: Record<number, VectorAlgo> = { 20: 'hmac-sha1', 28: 'hmac-sha224', 32: 'hmac-sha256', 48: 'hmac-sha384', 64: 'hmac-sha512' };

function shaConv(monte: boolean, named: string | undefined): Conv {
  return (r) => {
    if (named) return { unsupported: `${named} is not offered by the device` };
    if (monte) return { unsupported: 'Monte Carlo test (iterated chain, not a single request)' };
    const l = needInt(r, 'l');
    const algo = SHA_BY_LEN[l];
    if (!algo) return { unsupported: `no supported hash with L = ${l}` };
    const bits = needInt(r, 'len');
    const len = bytesOfBits(bits);
    if (len === undefined) return { unsupported: `bit-oriented message (Len = ${bits} bits)` };
    const msg = hexWithLen(r, 'msg', len, 'Len');
    const md = hexField(r, 'md');
    if (md.length !== l) throw new Error(`MD has ${md.length} bytes, L = ${l}`);
    return { ...base('hash', algo, 'encrypt'), input: msg, output: md, outLen: md.length };
  };
}

const hmacConv: Conv = (r) => {
  const l = needInt(r, 'l');
  const algo = HMAC_BY_LEN[l];
  if (!algo) return { unsupported: `no supported HMAC with L = ${l}` };
  const klen = int(r, 'klen');
  const tlen = int(r, 'tlen');
  const key = hexWithLen(r, 'key', klen, 'Klen');
  const mac = hexWithLen(r, 'mac', tlen, 'Tlen');
  return { ...base('mac', algo, 'encrypt'), key, input: hexField(r, 'msg'), output: mac, outLen: mac.length };
};

function cmacConv(tdes: boolean): Conv {
  return (r) => {
    if (tdes) return { unsupported: 'CMAC-TDES is not offered by the device' };
    const key = hexWithLen(r, 'key', int(r, 'klen'), 'Klen');
    const msg = hexWithLen(r, 'msg', int(r, 'mlen'), 'Mlen');
    const mac = hexWithLen(r, 'mac', int(r, 'tlen'), 'Tlen');
    const result = get(r, 'result');
    const valid = result === undefined || /^p/i.test(result);
    return { ...base('mac', 'cmac-aes', 'encrypt'), key, input: msg, output: mac, outLen: mac.length, valid };
  };
}

function converter(f: CavpFamily): { kind: string; conv: Conv } {
  switch (f.family) {
    case 'aes':
      return { kind: `cavp aes-${f.mode.toLowerCase()}${f.mct ? ' mct' : ''}`, conv: aesConv(f.mode, f.mct) };
    case 'xts':
      return { kind: 'cavp aes-xts', conv: xtsConv };
    case 'gcm':
      return { kind: `cavp aes-gcm${f.direction ? ` ${f.direction}` : ''}`, conv: gcmConv(f.direction) };
    case 'ccm':
      return { kind: 'cavp aes-ccm', conv: ccmConv };
    case 'sha':
      return { kind: `cavp sha${f.monte ? ' monte' : ''}${f.named ? ` ${f.named}` : ''}`, conv: shaConv(f.monte, f.named) };
    case 'hmac':
      return { kind: 'cavp hmac', conv: hmacConv };
    case 'cmac':
      return { kind: `cavp cmac${f.tdes ? '-tdes' : ''}`, conv: cmacConv(f.tdes) };
    case 'tdes':
      return { kind: 'cavp tdes', conv: () => ({ unsupported: 'TDES is not offered by the device' }) };
  }
}

/** Parse a CAVP .rsp text into cases. */
export function parseCavp(text: string): { kind: string; cases: LoadedCase[] } {
  const f = tokenizeRsp(text);
  const { kind, conv } = converter(cavpFamily(f));
  const cases: LoadedCase[] = [];
  for (const r of f.records) {
    const id = recordId(r);
    try {
      const c = conv(r);
      cases.push('unsupported' in c ? { id, unsupported: c.unsupported } : { id, case: c });
    } catch (e) {
      cases.push({ id, error: (e as Error).message });
    }
  }
  return { kind, cases };
}
