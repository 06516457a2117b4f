// Completion engine: submits requests to split virtqueues and completes them.
// One pump loop runs while anything is outstanding. At each step, with the simulator stopped, it
// writes queued requests into host memory, grants their buffers to the DMA checker and notifies;
// then it asks the simulator to run until an interrupt or a used.idx change (`wait any`), clears
// the MSI log (`irqs`), drains every used ring and resolves the matching promises.
import { DRIVER_DEFAULTS, SPLIT_RING } from '../constants/virtio.ts';
import type { MemoryPort } from '../bridge/host-memory.ts';
import type { MsiMessage } from '../bridge/replies.ts';
import type { SimConsole } from '../bridge/sim-console.ts';
import { descTableBytes } from './ring-layout.ts';
import type { Segment, SplitVirtqueue } from './virtqueue.ts';

/** What the pump needs from the simulator console (a SimConsole; tests pass a model). */
export type PumpConsole = Pick<SimConsole, 'idle' | 'waitAny' | 'irqs' | 'grant' | 'revoke' | 'cycle' | 'tracePath'>;

export interface SubmitOptions {
  /** Put the chain in one indirect table (allowed without INDIRECT_DESC, decision D20). */
  indirect?: boolean;
  /** Byte the writable buffers are filled with before submission (default 0). */
  writableFill?: number;
}

export interface SubmitResult {
  /** `len` of the used-ring entry. */
  usedLen: number;
  /** Contents of every writable buffer after completion (full length). */
  written: Uint8Array[];
}

export interface CompletionOptions {
  sliceCycles?: number;
  timeoutCycles?: number;
  bufferAlign?: number;
}

interface Request {
  queue: number;
  readable: Uint8Array[];
  writableLengths: number[];
  indirect: boolean;
  fill: number;
  head: number;
  buffers: Segment[];
  table: bigint | undefined;
  grantIds: number[];
  grantsPending: Promise<unknown>[];
  grantError: Error | undefined;
  submittedAt: number;
  resolve: (r: SubmitResult) => void;
  reject: (e: Error) => void;
}

export class RequestTimeoutError extends Error {
  constructor(
    readonly queue: number,
    readonly head: number,
    readonly cycles: number,
    readonly tracePath: string | undefined,
  ) {
    super(
      `request on queue ${queue} (head descriptor ${head}) not completed after ${cycles} cycles; ` +
        (tracePath ? `waveform: ${tracePath}` : 'no waveform (open the device with trace: <file>)'),
    );
    this.name = 'RequestTimeoutError';
  }
}

export class CompletionEngine {
  private readonly queued: Request[] = [];
  private readonly inflight = new Map<number, Map<number, Request>>();
  /** Timed-out requests whose chains the device still owns. */
  private readonly abandoned = new Map<number, Map<number, Request>>();
  private pumping: Promise<void> | undefined;
  private stopped: Error | undefined;
  private readonly sliceCycles: number;
  private readonly timeoutCycles: number;
  private readonly bufferAlign: number;
  /** Every MSI message seen by the pump, in order. */
  readonly msiLog: MsiMessage[] = [];

  constructor(
    private readonly sim: PumpConsole,
    private readonly mem: MemoryPort,
    private readonly queues: Map<number, SplitVirtqueue>,
    private readonly notify: (queue: number) => void,
    opts: CompletionOptions = {},
  ) {
    this.sliceCycles = opts.sliceCycles ?? DRIVER_DEFAULTS.PUMP_SLICE_CYCLES;
    this.timeoutCycles = opts.timeoutCycles ?? DRIVER_DEFAULTS.REQUEST_TIMEOUT_CYCLES;
    this.bufferAlign = opts.bufferAlign ?? DRIVER_DEFAULTS.BUFFER_ALIGN;
    for (const q of queues.keys()) {
      this.inflight.set(q, new Map());
      this.abandoned.set(q, new Map());
    }
  }

  /** Requests submitted and not yet completed. */
  get outstanding(): number {
    let n = this.queued.length;
    for (const m of this.inflight.values()) n += m.size;
    return n;
  }

  submit(queue: number, readable: Uint8Array[], writableLengths: number[], opts: SubmitOptions = {}): Promise<SubmitResult> {
    return new Promise<SubmitResult>((resolve, reject) => {
      if (this.stopped) throw this.stopped;
      const vq = this.queues.get(queue);
      if (!vq) throw new Error(`queue ${queue} is not set up`);
      const segments = readable.length + writableLengths.length;
      if (segments === 0) throw new Error('a request needs at least one buffer');
      const indirect = opts.indirect ?? false;
      if (!indirect && segments > vq.size) throw new Error(`${segments} buffers exceed queue ${queue}'s size ${vq.size}; use indirect`);
      this.queued.push({
        queue,
        readable,
        writableLengths,
        indirect,
        fill: opts.writableFill ?? DRIVER_DEFAULTS.WRITABLE_FILL,
        head: -1,
        buffers: [],
        table: undefined,
        grantIds: [],
        grantsPending: [],
        grantError: undefined,
        submittedAt: 0,
        resolve,
        reject,
      });
      this.kick();
    });
  }

  /** Reject everything outstanding and stop accepting requests. */
  stop(reason: Error): void {
    this.stopped ??= reason;
    this.failAll(reason);
  }

  /** Wait until the pump has nothing left to do. */
  async drained(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private kick(): void {
    if (this.pumping) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (!this.stopped && this.outstanding > 0) this.kick();
    });
  }

  private async pump(): Promise<void> {
    try {
      while (!this.stopped && this.outstanding > 0) {
        await this.sim.idle();
        if (this.stopped) return;
        this.flushQueued();
        const watch = this.oldestInflight();
        if (!watch) {
          if (this.queued.length > 0) throw new Error('requests queued but none can be placed in a ring');
          continue;
        }
        const [result] = await Promise.all([
          this.sim.waitAny(watch.usedIdxAddr, watch.lastUsedIdx, this.sliceCycles),
          this.sim.irqs().then((log) => this.msiLog.push(...log.messages)),
        ]);
        await this.sim.idle();
        if (this.stopped) return;
        this.drain();
        this.checkTimeouts(result.cycle);
      }
    } catch (e) {
      this.failAll(e as Error);
    }
  }

  /** With the simulator stopped: place queued requests (FIFO per queue), publish, notify. */
  private flushQueued(): void {
    const published = new Map<number, number[]>();
    const blocked = new Set<number>();
    const keep: Request[] = [];
    for (const req of this.queued) {
      const vq = this.queues.get(req.queue)!;
      const segs = req.readable.length + req.writableLengths.length;
      if (blocked.has(req.queue) || !vq.canAdd(segs, req.indirect)) {
        blocked.add(req.queue);
        keep.push(req);
        continue;
      }
      try {
        this.place(req, vq);
      } catch (e) {
        this.release(req);
        req.reject(e as Error);
        continue;
      }
      this.inflight.get(req.queue)!.set(req.head, req);
      let heads = published.get(req.queue);
      if (!heads) published.set(req.queue, (heads = []));
      heads.push(req.head);
    }
    this.queued.splice(0, this.queued.length, ...keep);
    for (const [q, heads] of published) {
      this.queues.get(q)!.publish(heads);
      this.notify(q);
    }
  }

  private place(req: Request, vq: SplitVirtqueue): void {
    for (const data of req.readable) {
      const addr = this.mem.alloc(data.length, this.bufferAlign);
      req.buffers.push({ addr, len: data.length, writable: false });
      if (data.length > 0) this.mem.write(addr, data);
    }
    for (const len of req.writableLengths) {
      const addr = this.mem.alloc(len, this.bufferAlign);
      req.buffers.push({ addr, len, writable: true });
      if (len > 0) this.mem.fill(addr, len, req.fill);
    }
    if (req.indirect) {
      const bytes = descTableBytes(req.buffers.length);
      req.table = this.mem.alloc(bytes, SPLIT_RING.DESC_ALIGN);
      this.grant('r', req.table, bytes, req);
    }
    for (const b of req.buffers) if (b.len > 0) this.grant(b.writable ? 'w' : 'r', b.addr, b.len, req);
    req.head = vq.add(req.buffers, req.table);
    req.submittedAt = this.sim.cycle;
  }

  private grant(kind: 'r' | 'w', addr: bigint, len: number, req: Request): void {
    req.grantsPending.push(
      this.sim.grant(kind, addr, len).then(
        (id) => void req.grantIds.push(id),
        (e: Error) => void (req.grantError ??= e),
      ),
    );
  }

  private oldestInflight(): SplitVirtqueue | undefined {
    let best: { vq: SplitVirtqueue; at: number } | undefined;
    for (const [q, m] of this.inflight) {
      for (const r of m.values()) {
        if (!best || r.submittedAt < best.at) best = { vq: this.queues.get(q)!, at: r.submittedAt };
        break; // Map order = insertion order: the first is the oldest of this queue
      }
    }
    return best?.vq;
  }

  /** With the simulator stopped: collect used entries of every queue and complete requests. */
  private drain(): void {
    for (const [q, vq] of this.queues) {
      const inflight = this.inflight.get(q)!;
      const abandoned = this.abandoned.get(q)!;
      if (inflight.size === 0 && abandoned.size === 0) continue;
      for (const used of vq.collectUsed()) {
        if (used.unknown) throw new Error(`device returned unknown head ${used.head} (len ${used.len}) on queue ${q}`);
        const late = abandoned.get(used.head);
        if (late) {
          abandoned.delete(used.head);
          this.release(late);
          continue;
        }
        const req = inflight.get(used.head);
        if (!req) throw new Error(`device returned head ${used.head} on queue ${q}, which has no request`);
        inflight.delete(used.head);
        const written = req.buffers.filter((b) => b.writable).map((b) => (b.len > 0 ? this.mem.read(b.addr, b.len) : new Uint8Array(0)));
        const err = req.grantError;
        this.release(req);
        if (err) req.reject(err);
        else req.resolve({ usedLen: used.len, written });
      }
    }
  }

  private checkTimeouts(now: number): void {
    for (const [q, m] of this.inflight) {
      for (const [head, req] of m) {
        const age = now - req.submittedAt;
        if (age <= this.timeoutCycles) continue;
        m.delete(head);
        this.abandoned.get(q)!.set(head, req);
        req.reject(new RequestTimeoutError(q, head, age, this.sim.tracePath));
      }
    }
  }

  /** Revoke the request's grants and free its memory. */
  private release(req: Request): void {
    // Grant replies precede the wait reply that led here, but their promise callbacks may not have
    // run yet: revoke once every grant of the request has settled.
    const pending = req.grantsPending;
    req.grantsPending = [];
    void Promise.allSettled(pending).then(() => {
      for (const id of req.grantIds.splice(0)) this.safeRevoke(id);
    });
    for (const b of req.buffers) this.mem.free(b.addr);
    req.buffers = [];
    if (req.table !== undefined) this.mem.free(req.table);
    req.table = undefined;
  }

  private safeRevoke(id: number): void {
    try {
      this.sim.revoke(id);
    } catch {
      // The console is closing or dead: the grant dies with the simulator.
    }
  }

  private failAll(err: Error): void {
    for (const r of this.queued.splice(0)) r.reject(err);
    for (const m of this.inflight.values()) {
      for (const r of m.values()) r.reject(err);
      m.clear();
    }
  }
}
