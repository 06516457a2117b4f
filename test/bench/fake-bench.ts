// A fake BenchDevice for the bench unit tests: host memory is a BufferMemory, the rings are the
// driver's real SplitVirtqueue code, and a fake console plays the device. Answers come from the
// reference model (test/crypto/fake-device.ts ModelDevice), optionally corrupted.
//
// Cycle model of the fake console (what the latency tests check against):
//   run 0            → the counter, unchanged
//   mmwr (notify)    → +NOTIFY_CYCLES
//   wait mem16       → serves every published request of the notified queue, each taking
//                      PROC_BASE + readable bytes cycles, and returns the cycle after the last
// The pump path (submitRaw) costs the same per request, serialised.
import { FEATURE_PROFILE } from '../../src/constants/crypto.ts';
import { SPLIT_RING, VIRTQ_DESC, VIRTQ_DESC_F, VIRTQ_RING } from '../../src/constants/virtio.ts';
import { BufferMemory } from '../../src/bridge/host-memory.ts';
import type { SubmitOptions, SubmitResult } from '../../src/crypto/device.ts';
import type { BenchDevice } from '../../src/bench/run.ts';
import { availIdxAddr, availSlotAddr, availRingBytes, descAddr, descTableBytes, usedIdxAddr, usedRingBytes, usedSlotAddr } from '../../src/virtio/ring-layout.ts';
import { SplitVirtqueue } from '../../src/virtio/virtqueue.ts';
import { ModelDevice } from '../crypto/fake-device.ts';

export const MEM_BASE = 0x1_0000_0000n;
export const NOTIFY_BASE = 0x2_0000_3000n;
export const NOTIFY_CYCLES = 7;
export const PROC_BASE = 100;
const QSIZE = 64;
const MEM_SIZE = 8 << 20;

export interface FakeOptions {
  dataQueues?: number;
  /** flip a byte of every answer's area (a wrong device) */
  corrupt?: boolean;
  /** wait mem16 never sees used.idx move */
  hang?: boolean;
  /** start value of the cycle counter */
  startCycle?: number;
}

export class FakeBenchDevice implements BenchDevice {
  readonly model: ModelDevice;
  readonly memory = new BufferMemory(MEM_BASE, MEM_SIZE);
  readonly virtqueues = new Map<number, SplitVirtqueue>();
  readonly queues: { index: number; notifyOff: number; size: number; rings: { desc: bigint; avail: bigint; used: bigint } }[] = [];
  readonly regs = { notifyAddr: (off: number) => NOTIFY_BASE + BigInt(4 * off) };
  readonly banner = { dataWidth: 128 };
  readonly numDataQueues: number;
  readonly controlQueue: number;
  readonly negotiatedFeatures = FEATURE_PROFILE.rev1;
  /** console commands in order, e.g. `run 0`, `mmwr <addr> 2 <q>`, `wait mem16 …` */
  readonly log: string[] = [];
  cycle: number;
  latency: [number, number] | undefined;
  /** pump-path requests in flight now / at most */
  inflight = 0;
  maxInflight = 0;
  /** pump-path submissions: queue of each data request */
  dataQueuesUsed: number[] = [];
  closed = false;
  /** cycles the fake charged for the last request it served */
  lastCost = 0;
  private readonly liveGrants = new Set<number>();
  private nextGrant = 1;
  private readonly deviceAvail = new Map<number, number>();
  private readonly deviceUsed = new Map<number, number>();
  private notified: number | undefined;

  constructor(private readonly o: FakeOptions = {}) {
    this.numDataQueues = o.dataQueues ?? 2;
    this.controlQueue = this.numDataQueues;
    this.cycle = o.startCycle ?? 16;
    this.model = new ModelDevice(this.negotiatedFeatures);
    this.model.numDataQueues = this.numDataQueues;
    this.model.controlQueue = this.controlQueue;
    for (let q = 0; q <= this.numDataQueues; q++) {
      const rings = {
        desc: this.memory.alloc(descTableBytes(QSIZE), SPLIT_RING.DESC_ALIGN),
        avail: this.memory.alloc(availRingBytes(QSIZE), 2),
        used: this.memory.alloc(usedRingBytes(QSIZE), 4),
      };
      this.queues.push({ index: q, notifyOff: q, size: QSIZE, rings });
      this.virtqueues.set(q, new SplitVirtqueue(this.memory, q, QSIZE, rings, false));
      this.deviceAvail.set(q, 0);
      this.deviceUsed.set(q, 0);
    }
  }

  get outstanding(): number {
    return this.inflight;
  }

  get grantsLive(): number {
    return this.liveGrants.size;
  }

  readonly console = {
    latency: (rd: number, wr: number): void => {
      this.latency = [rd, wr];
      this.log.push(`lat ${rd} ${wr}`);
    },
    idle: async (): Promise<void> => undefined,
    run: async (n: number): Promise<number> => {
      this.log.push(`run ${n}`);
      this.cycle += n;
      return this.cycle;
    },
    mmioWrite: (addr: bigint, size: 2, data: number): void => {
      this.log.push(`mmwr ${addr.toString(16)} ${size} ${data}`);
      this.cycle += NOTIFY_CYCLES;
      const q = Number((addr - NOTIFY_BASE) / 4n);
      if (q !== data) throw new Error(`fake: notify of queue ${data} at the address of queue ${q}`);
      this.notified = q;
    },
    waitMem16: async (addr: bigint, value: number, limit: number): Promise<{ event: string; cycle: number }> => {
      this.log.push(`wait mem16 ${addr.toString(16)} ${value} ${limit}`);
      const q = this.notified;
      this.notified = undefined;
      if (this.o.hang || q === undefined) {
        this.cycle += limit;
        return { event: 'timeout', cycle: this.cycle };
      }
      if (addr !== usedIdxAddr(this.queues[q]!.rings)) throw new Error('fake: waiting on another queue');
      await this.serveRing(q);
      return { event: this.memory.readU16(addr) !== value ? 'mem' : 'timeout', cycle: this.cycle };
    },
    grant: async (_kind: 'r' | 'w', _addr: bigint, _len: number): Promise<number> => {
      const id = this.nextGrant++;
      this.liveGrants.add(id);
      return id;
    },
    revoke: (id: number): void => {
      if (!this.liveGrants.delete(id)) throw new Error(`fake: revoke of unknown grant ${id}`);
    },
  };

  /** The device side: every chain published on queue q since the last call. */
  private async serveRing(q: number): Promise<void> {
    const rings = this.queues[q]!.rings;
    const mem = this.memory;
    const availIdx = mem.readU16(availIdxAddr(rings));
    let next = this.deviceAvail.get(q)!;
    while (next !== availIdx) {
      const head = mem.readU16(availSlotAddr(rings, next % QSIZE));
      next = (next + 1) & 0xffff;
      const segs: { addr: bigint; len: number; writable: boolean }[] = [];
      const walk = (table: (i: number) => bigint, first: number) => {
        for (let i = first; ; ) {
          const at = table(i);
          const a = mem.readU64(at + BigInt(VIRTQ_DESC.ADDR));
          const len = mem.readU32(at + BigInt(VIRTQ_DESC.LEN));
          const flags = mem.readU16(at + BigInt(VIRTQ_DESC.FLAGS));
          if (flags & VIRTQ_DESC_F.INDIRECT) {
            walk((k) => a + BigInt(SPLIT_RING.DESC_SIZE * k), 0);
            return;
          }
          segs.push({ addr: a, len, writable: (flags & VIRTQ_DESC_F.WRITE) !== 0 });
          if (!(flags & VIRTQ_DESC_F.NEXT)) return;
          i = mem.readU16(at + BigInt(VIRTQ_DESC.NEXT));
        }
      };
      walk((i) => descAddr(rings, i), head);
      const readable = segs.filter((s) => !s.writable).map((s) => mem.read(s.addr, s.len));
      const writable = segs.filter((s) => s.writable);
      const res = await this.answer(q, readable, writable.map((s) => s.len));
      writable.forEach((s, i) => {
        if (s.len > 0) mem.write(s.addr, res.written[i]!);
      });
      const used = this.deviceUsed.get(q)!;
      const slot = usedSlotAddr(rings, used % QSIZE);
      mem.writeU32(slot + BigInt(VIRTQ_RING.USED_ELEM_ID), head);
      mem.writeU32(slot + BigInt(VIRTQ_RING.USED_ELEM_LEN), res.usedLen);
      this.deviceUsed.set(q, (used + 1) & 0xffff);
      mem.writeU16(usedIdxAddr(rings), (used + 1) & 0xffff);
    }
    this.deviceAvail.set(q, next);
  }

  /** Model answer plus the fake cost; optionally corrupted (data queues only). */
  private async answer(queue: number, readable: Uint8Array[], writableLengths: number[]): Promise<SubmitResult> {
    this.lastCost = PROC_BASE + readable.reduce((s, b) => s + b.length, 0);
    this.cycle += this.lastCost;
    const res = await this.model.submitRaw(queue, readable, writableLengths);
    if (this.o.corrupt && queue !== this.controlQueue && res.written[0] && res.written[0].length > 0) res.written[0][0]! ^= 1;
    return res;
  }

  /** The pump path: serialised by the fake's cost model, several may be in flight. */
  async submitRaw(queue: number, readable: Uint8Array[], writableLengths: number[], _opts?: SubmitOptions): Promise<SubmitResult> {
    if (queue !== this.controlQueue) this.dataQueuesUsed.push(queue);
    this.inflight++;
    this.maxInflight = Math.max(this.maxInflight, this.inflight);
    try {
      await new Promise((r) => setImmediate(r));
      return await this.answer(queue, readable, writableLengths);
    } finally {
      this.inflight--;
    }
  }

  async stats(): Promise<{ cycles: number; simNs: number; waitNs: number }> {
    return { cycles: this.cycle, simNs: this.cycle * 10, waitNs: this.cycle * 5 };
  }
  async dmaViolations(): Promise<number> {
    return 0;
  }
  async readConfig(): Promise<unknown> {
    return this.model.readConfig();
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
