// First-fit allocator with coalescing over an address range (offsets are numbers, < 2^53).
import { DRIVER_DEFAULTS } from '../constants/virtio.ts';

interface Block {
  start: number;
  size: number;
}

function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

export class RangeAllocator {
  /** Free blocks sorted by start. */
  private readonly free: Block[];
  /** start -> size of live allocations. */
  private readonly live = new Map<number, number>();

  constructor(private readonly size: number, private readonly granule: number = DRIVER_DEFAULTS.ALLOC_GRANULE) {
    this.free = [{ start: 0, size }];
  }

  /** Allocate `size` bytes (≥1 byte is reserved) aligned to `align` (a power of two). Returns the offset. */
  alloc(size: number, align = 1): number {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`bad allocation size ${size}`);
    if (align <= 0 || (align & (align - 1)) !== 0) throw new RangeError(`alignment ${align} is not a power of two`);
    const need = alignUp(Math.max(size, 1), this.granule);
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i]!;
      const start = alignUp(b.start, Math.max(align, this.granule));
      const pad = start - b.start;
      if (pad + need > b.size) continue;
      const after = { start: start + need, size: b.size - pad - need };
      const repl: Block[] = [];
      if (pad > 0) repl.push({ start: b.start, size: pad });
      if (after.size > 0) repl.push(after);
      this.free.splice(i, 1, ...repl);
      this.live.set(start, need);
      return start;
    }
    throw new Error(`host memory exhausted: no ${size} bytes aligned to ${align} (${this.freeBytes()} bytes free)`);
  }

  /** Return an allocation. */
  release(offset: number): void {
    const size = this.live.get(offset);
    if (size === undefined) throw new Error(`free of unallocated offset 0x${offset.toString(16)}`);
    this.live.delete(offset);
    let i = this.free.findIndex((b) => b.start > offset);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, { start: offset, size });
    // Coalesce with the neighbours.
    const next = this.free[i + 1];
    const cur = this.free[i]!;
    if (next && cur.start + cur.size === next.start) {
      cur.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === cur.start) {
      prev.size += cur.size;
      this.free.splice(i, 1);
    }
  }

  /** Size of the live allocation at `offset`, or undefined. */
  sizeOf(offset: number): number | undefined {
    return this.live.get(offset);
  }

  freeBytes(): number {
    return this.free.reduce((s, b) => s + b.size, 0);
  }

  get liveCount(): number {
    return this.live.size;
  }

  get capacity(): number {
    return this.size;
  }
}
