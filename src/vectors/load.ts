// Format detection (from the content, never the file name) and file loading.
import { readFileSync } from 'node:fs';
import { looksLikeRsp, parseCavp } from './cavp.ts';
import { parseJsonl } from './jsonl.ts';
import type { LoadedFile, VectorFormat } from './types.ts';
import { isWycheproof, parseWycheproof } from './wycheproof.ts';

/**
 * - JSON document with `algorithm` and `testGroups` → Wycheproof;
 * - one JSON object per non-empty line (a single-line file included) → project JSONL;
 * - `[...]` headers or `Name = value` lines → CAVP .rsp.
 */
export function detectFormat(text: string): VectorFormat {
  const t = text.trimStart();
  if (t.startsWith('{')) {
    let doc: unknown;
    let whole = true;
    try {
      doc = JSON.parse(text);
    } catch {
      whole = false;
    }
    if (whole) {
      if (isWycheproof(doc)) return 'wycheproof';
      if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'service' in doc) return 'jsonl';
      throw new Error('JSON document is neither Wycheproof (algorithm + testGroups) nor a vector case (service, algo, …)');
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length > 0 && lines.every((l) => l.trim().startsWith('{'))) return 'jsonl';
    throw new Error('not valid JSON, and not one JSON object per line');
  }
  if (looksLikeRsp(text)) return 'cavp';
  throw new Error('unrecognised vector format (expected CAVP .rsp, Wycheproof JSON or JSONL)');
}

/** Parse a vector file's text. */
export function parseVectors(text: string, file = '<text>'): LoadedFile {
  const format = detectFormat(text);
  let r;
  if (format === 'wycheproof') r = parseWycheproof(JSON.parse(text));
  else if (format === 'jsonl') r = parseJsonl(text);
  else r = parseCavp(text);
  return { file, format, kind: r.kind, cases: r.cases };
}

export function loadVectorFile(path: string): LoadedFile {
  return parseVectors(readFileSync(path, 'utf8'), path);
}
