// Deterministic random bytes for reproducible regressions: SHA-256(seed ‖ counter) blocks.
import { sha256 } from '@noble/hashes/sha2.js';
import { U32_SIZE, U64_SIZE } from '../constants/crypto.ts';

export class Rng {
  private counter = 0n;
  private pool = new Uint8Array(0);
  private pos = 0;
  private readonly seed: Uint8Array;

  constructor(seed: number | string | bigint) {
    this.seed = new TextEncoder().encode(String(seed));
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      if (this.pos >= this.pool.length) this.refill();
      const take = Math.min(n - o, this.pool.length - this.pos);
      out.set(this.pool.subarray(this.pos, this.pos + take), o);
      this.pos += take;
      o += take;
    }
    return out;
  }

  /** uniform integer in [0, n) */
  int(n: number): number {
    if (n <= 0) throw new RangeError('Rng.int: n must be > 0');
    const b = this.bytes(U32_SIZE);
    const v = new DataView(b.buffer).getUint32(0, true);
    return v % n;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  private refill(): void {
    const c = new Uint8Array(U64_SIZE);
    new DataView(c.buffer).setBigUint64(0, this.counter++, true);
    const m = new Uint8Array(this.seed.length + c.length);
    m.set(this.seed);
    m.set(c, this.seed.length);
    this.pool = sha256(m);
    this.pos = 0;
  }
}
