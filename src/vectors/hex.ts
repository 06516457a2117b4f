// Hex helpers for the vector parsers.

/** Decode a hex string (whitespace ignored); throws on odd length or a non-hex digit. */
export function fromHex(s: string, what = 'hex'): Uint8Array {
  const t = s.replace(/\s+/g, '');
  if (t.length % 2 !== 0) throw new Error(`${what}: odd number of hex digits (${t.length})`);
  if (!/^[0-9a-fA-F]*$/.test(t)) throw new Error(`${what}: not a hex string: ${t.slice(0, 40)}`);
  return Uint8Array.from(Buffer.from(t, 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Short hex for messages: at most `max` bytes, then `…(n)`. */
export function shortHex(b: Uint8Array, max = 32): string {
  const s = toHex(b.subarray(0, max));
  return b.length > max ? `${s}…(${b.length} bytes)` : s;
}
