// Host memory: the simulator's memory file, read and written with positioned fs calls.
// Touch it only while the simulator is idle (SimConsole.idle()).
import * as fs from 'node:fs';
import { RangeAllocator } from './allocator.ts';

/** The interface the ring code needs (so it can run on a plain buffer in tests). */
export interface MemoryPort {
  read(addr: bigint, len: number): Uint8Array;
  write(addr: bigint, data: Uint8Array): void;
  readU16(addr: bigint): number;
  readU32(addr: bigint): number;
  readU64(addr: bigint): bigint;
  writeU16(addr: bigint, v: number): void;
  writeU32(addr: bigint, v: number): void;
  writeU64(addr: bigint, v: bigint): void;
  fill(addr: bigint, len: number, byte: number): void;
  alloc(size: number, align?: number): bigint;
  free(addr: bigint): void;
}

/** Shared helpers of every MemoryPort built on read/write. */
export abstract class MemoryBase implements MemoryPort {
  protected readonly allocator: RangeAllocator;

  constructor(readonly base: bigint, readonly size: bigint) {
    this.allocator = new RangeAllocator(Number(size));
  }

  abstract read(addr: bigint, len: number): Uint8Array;
  abstract write(addr: bigint, data: Uint8Array): void;

  /** Offset of [addr, addr+len) in the backing store; throws outside it. */
  protected offsetOf(addr: bigint, len: number): number {
    if (addr < this.base || addr + BigInt(len) > this.base + this.size) {
      throw new RangeError(`host address 0x${addr.toString(16)}+${len} is outside host memory`);
    }
    return Number(addr - this.base);
  }

  readU16(addr: bigint): number {
    return Buffer.from(this.read(addr, 2)).readUInt16LE(0);
  }
  readU32(addr: bigint): number {
    return Buffer.from(this.read(addr, 4)).readUInt32LE(0);
  }
  readU64(addr: bigint): bigint {
    return Buffer.from(this.read(addr, 8)).readBigUInt64LE(0);
  }
  writeU16(addr: bigint, v: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v);
    this.write(addr, b);
  }
  writeU32(addr: bigint, v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.write(addr, b);
  }
  writeU64(addr: bigint, v: bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    this.write(addr, b);
  }
  fill(addr: bigint, len: number, byte: number): void {
    this.write(addr, new Uint8Array(len).fill(byte));
  }

  /** Allocate host memory; returns the host physical address. */
  alloc(size: number, align = 1): bigint {
    return this.base + BigInt(this.allocator.alloc(size, align));
  }

  free(addr: bigint): void {
    this.allocator.release(Number(addr - this.base));
  }

  /** Bytes not allocated. */
  freeBytes(): number {
    return this.allocator.freeBytes();
  }

  /** Number of live allocations (leak checks). */
  get liveAllocations(): number {
    return this.allocator.liveCount;
  }
}

/** The memory file named in the READY banner. */
export class HostMemory extends MemoryBase {
  private fd: number | undefined;

  constructor(readonly path: string, base: bigint, size: bigint) {
    super(base, size);
    this.fd = fs.openSync(path, 'r+');
  }

  private get handle(): number {
    if (this.fd === undefined) throw new Error(`host memory ${this.path} is closed`);
    return this.fd;
  }

  read(addr: bigint, len: number): Uint8Array {
    const off = this.offsetOf(addr, len);
    const buf = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const n = fs.readSync(this.handle, buf, done, len - done, off + done);
      if (n === 0) throw new Error(`short read of host memory at 0x${addr.toString(16)}`);
      done += n;
    }
    return buf;
  }

  write(addr: bigint, data: Uint8Array): void {
    const off = this.offsetOf(addr, data.length);
    let done = 0;
    while (done < data.length) {
      done += fs.writeSync(this.handle, data, done, data.length - done, off + done);
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A MemoryPort on a plain buffer (unit tests, models). */
export class BufferMemory extends MemoryBase {
  readonly bytes: Uint8Array;

  constructor(base: bigint, size: number) {
    super(base, BigInt(size));
    this.bytes = new Uint8Array(size);
  }

  read(addr: bigint, len: number): Uint8Array {
    const off = this.offsetOf(addr, len);
    return this.bytes.slice(off, off + len);
  }

  write(addr: bigint, data: Uint8Array): void {
    this.bytes.set(data, this.offsetOf(addr, data.length));
  }
}
