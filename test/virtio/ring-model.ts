// A JavaScript model of the device side of split virtqueues, on a MemoryPort, and a model console
// for the completion engine. The model answers each chain by writing, into its writable buffers,
// the bytes of its readable buffers XOR 0xFF (repeated/truncated to fit), and reports
// used.len = total writable length.
import { VIRTQ_DESC_F } from '../../src/constants/virtio.ts';
import type { MemoryPort } from '../../src/bridge/host-memory.ts';
import type { IrqLog, WaitResult } from '../../src/bridge/replies.ts';
import type { PumpConsole } from '../../src/virtio/completion.ts';
import {
  availIdxAddr,
  availSlotAddr,
  descAddr,
  usedIdxAddr,
  usedSlotAddr,
  type RingAddresses,
} from '../../src/virtio/ring-layout.ts';

export interface ModelChain {
  head: number;
  readable: Uint8Array;
  writable: { addr: bigint; len: number }[];
  indirect: boolean;
}

export function expectedResponse(readable: Uint8Array[], writableLengths: number[]): Uint8Array[] {
  const src = Buffer.concat(readable.map((r) => Buffer.from(r)));
  let k = 0;
  return writableLengths.map((len) => {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++, k++) out[i] = src.length ? (src[k % src.length]! ^ 0xff) : 0xee;
    return out;
  });
}

export class RingModel {
  lastAvail = 0;
  usedIdx = 0;
  readonly seen: ModelChain[] = [];

  constructor(
    private readonly mem: MemoryPort,
    readonly rings: RingAddresses,
    readonly size: number,
    start = 0,
  ) {
    this.lastAvail = start;
    this.usedIdx = start;
  }

  /** Consume up to `max` available chains; returns how many. */
  process(max = Infinity): number {
    const availIdx = this.mem.readU16(availIdxAddr(this.rings));
    let n = 0;
    while (this.lastAvail !== availIdx && n < max) {
      const head = this.mem.readU16(availSlotAddr(this.rings, this.lastAvail % this.size));
      this.lastAvail = (this.lastAvail + 1) & 0xffff;
      const chain = this.walk(head);
      this.seen.push(chain);
      const total = chain.writable.reduce((s, w) => s + w.len, 0);
      let k = 0;
      for (const w of chain.writable) {
        const out = new Uint8Array(w.len);
        for (let i = 0; i < w.len; i++, k++) {
          out[i] = chain.readable.length ? chain.readable[k % chain.readable.length]! ^ 0xff : 0xee;
        }
        if (w.len) this.mem.write(w.addr, out);
      }
      const slot = usedSlotAddr(this.rings, this.usedIdx % this.size);
      this.mem.writeU32(slot, head);
      this.mem.writeU32(slot + 4n, total);
      this.usedIdx = (this.usedIdx + 1) & 0xffff;
      this.mem.writeU16(usedIdxAddr(this.rings), this.usedIdx);
      n++;
    }
    return n;
  }

  private readDesc(at: bigint) {
    const b = Buffer.from(this.mem.read(at, 16));
    return { addr: b.readBigUInt64LE(0), len: b.readUInt32LE(8), flags: b.readUInt16LE(12), next: b.readUInt16LE(14) };
  }

  walk(head: number): ModelChain {
    const readable: Buffer[] = [];
    const writable: { addr: bigint; len: number }[] = [];
    let d = this.readDesc(descAddr(this.rings, head));
    let indirect = false;
    let table: bigint | undefined;
    if (d.flags & VIRTQ_DESC_F.INDIRECT) {
      indirect = true;
      table = d.addr;
      d = this.readDesc(table);
    }
    for (let guard = 0; guard < 1024; guard++) {
      if (d.flags & VIRTQ_DESC_F.WRITE) writable.push({ addr: d.addr, len: d.len });
      else {
        if (writable.length) throw new Error('readable after writable');
        readable.push(Buffer.from(this.mem.read(d.addr, d.len)));
      }
      if (!(d.flags & VIRTQ_DESC_F.NEXT)) break;
      d = table !== undefined ? this.readDesc(table + BigInt(16 * d.next)) : this.readDesc(descAddr(this.rings, d.next));
    }
    return { head, readable: new Uint8Array(Buffer.concat(readable)), writable, indirect };
  }
}

/** A PumpConsole whose `wait any` lets the ring models run. */
export class ModelConsole implements PumpConsole {
  cycle = 0;
  tracePath: string | undefined = '/tmp/model-wave.fst';
  readonly liveGrants = new Map<number, { kind: string; addr: bigint; len: number }>();
  private nextGrant = 1;
  /** Queues whose model is stalled (never completes). */
  readonly stalled = new Set<number>();
  /** Max chains each model completes per wait (exercise partial progress). */
  perWait = 3;
  waits = 0;

  constructor(readonly models: Map<number, RingModel>) {}

  idle(): Promise<void> {
    return Promise.resolve();
  }

  async waitAny(_addr: bigint | number, _value: number, limit: number): Promise<WaitResult> {
    this.waits++;
    // Let the test's macrotasks run between slices, as a real simulator round trip would.
    await new Promise((r) => setImmediate(r));
    let done = 0;
    for (const [q, m] of this.models) if (!this.stalled.has(q)) done += m.process(this.perWait);
    this.cycle += done ? 100 : limit;
    return { event: done ? 'mem' : 'timeout', cycle: this.cycle };
  }

  async irqs(): Promise<IrqLog> {
    return { messages: [], intx: false };
  }

  async grant(kind: 'r' | 'w' | 'rw', addr: bigint | number, len: number | bigint): Promise<number> {
    const id = this.nextGrant++;
    this.liveGrants.set(id, { kind, addr: BigInt(addr), len: Number(len) });
    return id;
  }

  revoke(id: number): void {
    if (!this.liveGrants.delete(id)) throw new Error(`revoke of unknown grant ${id}`);
  }
}
