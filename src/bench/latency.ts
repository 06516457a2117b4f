// Notify → used.idx latency, measured inside the simulator.
//
// LatencyDevice is a DeviceLike whose submitRaw bypasses the completion pump for one request:
// with the simulator stopped it writes the buffers and the chain into the device's own split
// virtqueue (the same ring state the pump uses, so both stay consistent), publishes avail.idx,
// then sends, pipelined,
//
//   run 0                     → ok <c0>   the cycle counter just before the notify
//   mmwr <notify> 2 <queue>   (the notify: an MMIO write through the simulated root complex)
//   wait mem16 <used.idx> <old> <limit> → ok mem <c1>
//
// and records c1 − c0: every simulated cycle from the start of the notify write to the cycle in
// which the device wrote the new used.idx. The simulated clock advances only inside commands, so
// nothing on the host side is counted. Use it only while the pump is idle (nothing outstanding).
import type { DeviceLike, SubmitOptions, SubmitResult } from '../crypto/device.ts';
import { SPLIT_RING } from '../constants/virtio.ts';
import { descTableBytes } from '../virtio/ring-layout.ts';

/** The console commands the measurement needs (a SimConsole; tests pass a fake). */
export interface LatencyConsole {
  idle(): Promise<void>;
  run(n: number): Promise<number>;
  mmioWrite(addr: bigint, size: 2, data: number): void;
  waitMem16(addr: bigint, value: number, limit: number): Promise<{ event: string; cycle: number }>;
  grant(kind: 'r' | 'w', addr: bigint, len: number): Promise<number>;
  revoke(id: number): void;
}

/** Host memory as the driver sees it (HostMemory / BufferMemory). */
export interface LatencyMemory {
  alloc(size: number, align?: number): bigint;
  free(addr: bigint): void;
  write(addr: bigint, data: Uint8Array): void;
  read(addr: bigint, len: number): Uint8Array;
  fill(addr: bigint, len: number, byte: number): void;
}

/** The driver side of one split virtqueue (SplitVirtqueue). */
export interface LatencyQueue {
  add(segments: { addr: bigint; len: number; writable: boolean }[], indirectTable?: bigint): number;
  publish(heads: number[]): void;
  collectUsed(): { head: number; len: number; unknown?: boolean }[];
  readUsedIdx(): number;
  readonly usedIdxAddr: bigint;
}

/** What LatencyDevice needs from a Device. */
export interface LatencyTarget {
  negotiatedFeatures: bigint;
  controlQueue: number;
  numDataQueues: number;
  console: LatencyConsole;
  memory: LatencyMemory;
  virtqueues: ReadonlyMap<number, LatencyQueue>;
  /** notify address of a queue */
  notifyAddr(queue: number): bigint;
  /** requests the completion pump still owns (must be 0) */
  readonly outstanding: number;
}

/** Build a LatencyTarget from a real Device (src/virtio/device.ts). */
export function latencyTargetOf(dev: {
  negotiatedFeatures: bigint;
  controlQueue: number;
  numDataQueues: number;
  console: LatencyConsole;
  memory: LatencyMemory;
  virtqueues: ReadonlyMap<number, LatencyQueue>;
  queues: readonly { index: number; notifyOff: number }[];
  regs: { notifyAddr(off: number): bigint };
  readonly outstanding: number;
}): LatencyTarget {
  return {
    negotiatedFeatures: dev.negotiatedFeatures,
    controlQueue: dev.controlQueue,
    numDataQueues: dev.numDataQueues,
    console: dev.console,
    memory: dev.memory,
    virtqueues: dev.virtqueues,
    notifyAddr: (q) => {
      const info = dev.queues.find((x) => x.index === q);
      if (!info) throw new Error(`queue ${q} is not set up`);
      return dev.regs.notifyAddr(info.notifyOff);
    },
    get outstanding() {
      return dev.outstanding;
    },
  };
}

/** Notify size and buffer alignment (what the driver uses). */
const NOTIFY_SIZE = 2;
const BUFFER_ALIGN = 16;
const U16_MOD = 0x10000;

export class LatencyTimeoutError extends Error {}

export class LatencyDevice implements DeviceLike {
  /** latency (cycles) of every request submitted, in order */
  readonly samples: number[] = [];

  constructor(
    private readonly t: LatencyTarget,
    private readonly limitCycles = 50_000_000,
  ) {}

  get negotiatedFeatures(): bigint {
    return this.t.negotiatedFeatures;
  }
  get controlQueue(): number {
    return this.t.controlQueue;
  }
  get numDataQueues(): number {
    return this.t.numDataQueues;
  }

  /** The latest sample. */
  get last(): number | undefined {
    return this.samples[this.samples.length - 1];
  }

  async submitRaw(queue: number, readable: Uint8Array[], writableLengths: number[], opts: SubmitOptions = {}): Promise<SubmitResult> {
    const { console: con, memory: mem } = this.t;
    const vq = this.t.virtqueues.get(queue);
    if (!vq) throw new Error(`queue ${queue} is not set up`);
    await con.idle();
    if (this.t.outstanding !== 0) throw new Error('LatencyDevice: the completion pump still has requests outstanding');
    const old = vq.readUsedIdx();
    const segs: { addr: bigint; len: number; writable: boolean }[] = [];
    const grants: Promise<number>[] = [];
    let table: bigint | undefined;
    try {
      for (const data of readable) {
        const addr = mem.alloc(Math.max(1, data.length), BUFFER_ALIGN);
        segs.push({ addr, len: data.length, writable: false });
        if (data.length > 0) {
          mem.write(addr, data);
          grants.push(con.grant('r', addr, data.length));
        }
      }
      for (const len of writableLengths) {
        const addr = mem.alloc(Math.max(1, len), BUFFER_ALIGN);
        segs.push({ addr, len, writable: true });
        if (len > 0) {
          mem.fill(addr, len, 0);
          grants.push(con.grant('w', addr, len));
        }
      }
      if (opts.indirect) {
        const bytes = descTableBytes(segs.length);
        table = mem.alloc(bytes, SPLIT_RING.DESC_ALIGN);
        grants.push(con.grant('r', table, bytes));
      }
      const ids = await Promise.all(grants);
      try {
        const head = vq.add(segs, table);
        vq.publish([head]);
        // c0: the cycle right before the notify write starts (commands run in order)
        const before = con.run(0);
        con.mmioWrite(this.t.notifyAddr(queue), NOTIFY_SIZE, queue);
        const w = await con.waitMem16(vq.usedIdxAddr, old, this.limitCycles);
        const c0 = await before;
        if (w.event !== 'mem') throw new LatencyTimeoutError(`LatencyDevice: used.idx of queue ${queue} did not move within ${this.limitCycles} cycles`);
        await con.idle();
        const used = vq.collectUsed();
        if ((old + 1) % U16_MOD !== vq.readUsedIdx() || used.length !== 1 || used[0]!.head !== head || used[0]!.unknown) {
          throw new Error(`LatencyDevice: expected exactly head ${head} on queue ${queue}, got ${JSON.stringify(used)}`);
        }
        this.samples.push(w.cycle - c0);
        const written = segs.filter((s) => s.writable).map((s) => (s.len > 0 ? mem.read(s.addr, s.len) : new Uint8Array(0)));
        return { usedLen: used[0]!.len, written };
      } finally {
        for (const id of ids) con.revoke(id);
      }
    } finally {
      for (const s of segs) mem.free(s.addr);
      if (table !== undefined) mem.free(table);
    }
  }
}
