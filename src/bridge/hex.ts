// Number <-> text conversions of the console protocol (hex without 0x, decimal cycles).

/** Hex without prefix, for addresses and data. */
export function hex(value: number | bigint): string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  } else if (value < 0n) {
    throw new RangeError(`negative value: ${value}`);
  }
  return value.toString(16);
}

/** "0x…" for messages and reports. */
export function hex0x(value: number | bigint, pad = 0): string {
  return `0x${value.toString(16).padStart(pad, '0')}`;
}

export function parseHexBig(text: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new Error(`not a hex number: "${text}"`);
  return BigInt(`0x${text}`);
}

export function parseHexNum(text: string): number {
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new Error(`not a hex number: "${text}"`);
  return Number.parseInt(text, 16);
}

export function parseDec(text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new Error(`not a decimal number: "${text}"`);
  return Number(text);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function hexToBytes(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new Error(`not a hex byte string: "${text}"`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}
