// Completion engine: submits requests to virtqueues (split or packed) and completes them.
// One pump loop runs while anything is outstanding. At each step, with the simulator stopped, it
// writes queued requests into host memory, grants their buffers to the DMA checker and notifies;
// then it asks the simulator to run until an interrupt or a used.idx change (`wait any`), clears
// the MSI log (`irqs`), drains every used ring and resolves the matching promises. A queue can be
// paused, its in-flight requests dropped (queue reset) and resumed while the others keep going.
import { DRIVER_DEFAULTS, SPLIT_RING } from '../constants/virtio.ts';
import { QueueResetError } from './errors.ts';
import type { MemoryPort } from '../bridge/host-memory.ts';
import type { MsiMessage, WaitEvent } from '../bridge/replies.ts';
import type { SimConsole } from '../bridge/sim-console.ts';
import { descTableBytes } from './ring-layout.ts';
import type { Segment, Virtqueue } from './virtqueue-types.ts';

/** What the pump needs from the simulator console (a SimConsole; tests pass a model). */
export type PumpConsole = Pick<SimConsole, 'idle' | 'waitAny' | 'irqs' | 'grant' | 'revoke' | 'cycle' | 'tracePath'>;

export interface SubmitOptions {
  /** Put the chain in one indirect table (allowed without INDIRECT_DESC, decision D20). */
  indirect?: boolean;
  /** Byte the writable buffers are filled with before submission (default 0). */
  writableFill?: number;
  /**
   * In-place operation (DPDK with dst = src): the first writable buffer is the last readable
   * buffer's memory (its length must not exceed it), so the device reads the source and writes
   * the result over it. The range is granted for reading and writing.
   */
  inPlace?: boolean;
  /**
   * Called once the chain is in host memory, with the simulator stopped and before the avail
   * ring is published and the queue notified: console commands sent from it synchronously (e.g.
   * `faultErr` on a buffer) take effect before the device can see the request.
   */
  onPlaced?: (placed: PlacedRequest) => void;
}

/** Where a request was put (SubmitOptions.onPlaced). */
export interface PlacedRequest {
  queue: number;
  head: number;
  /** Every buffer, readable first, in chain order. */
  buffers: readonly Segment[];
  /** Indirect table address, if the chain is indirect. */
  table: bigint | undefined;
}

/** What one pump slice saw (CompletionOptions.healthCheck). */
export interface PumpSlice {
  /** MSI messages collected in this slice. */
  messages: MsiMessage[];
  /** How the slice's `wait any` ended. */
  event: WaitEvent;
  /** Requests completed by this slice's drain. */
  completed: number;
  cycle: number;
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
  /** Array the MSI messages are appended to (default: a new one). */
  msiLog?: MsiMessage[];
  /**
   * Called after every pump slice (simulator stopped; it may send commands). An error it returns
   * fails every outstanding request with that error and stops the engine (e.g. DEVICE_NEEDS_RESET).
   */
  healthCheck?: (slice: PumpSlice) => Promise<Error | undefined>;
}

interface Request {
  queue: number;
  readable: Uint8Array[];
  writableLengths: number[];
  indirect: boolean;
  fill: number;
  /** SubmitOptions.inPlace */
  inPlace: boolean;
  /** index in `buffers` of the writable buffer that shares the last readable one's memory */
  aliased?: number;
  onPlaced: ((placed: PlacedRequest) => void) | undefined;
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
  /** Placed requests rejected by stop() (the device may still own them): released by releaseAll(). */
  private readonly failedInflight: Request[] = [];
  private pumping: Promise<void> | undefined;
  /** pause(): the pump parks (sends no command) until resume(). */
  private paused = false;
  /** Queues whose queued requests are not placed (queue reset in progress). */
  private readonly held = new Set<number>();
  private stopped: Error | undefined;
  private readonly sliceCycles: number;
  private readonly timeoutCycles: number;
  private readonly bufferAlign: number;
  /** Every MSI message seen by the pump, in order. */
  readonly msiLog: MsiMessage[];
  private readonly healthCheck: CompletionOptions['healthCheck'];

  constructor(
    private readonly sim: PumpConsole,
    private readonly mem: MemoryPort,
    private readonly queues: Map<number, Virtqueue>,
    private readonly notify: (queue: number) => void,
    opts: CompletionOptions = {},
  ) {
    this.sliceCycles = opts.sliceCycles ?? DRIVER_DEFAULTS.PUMP_SLICE_CYCLES;
    this.timeoutCycles = opts.timeoutCycles ?? DRIVER_DEFAULTS.REQUEST_TIMEOUT_CYCLES;
    this.bufferAlign = opts.bufferAlign ?? DRIVER_DEFAULTS.BUFFER_ALIGN;
    this.msiLog = opts.msiLog ?? [];
    this.healthCheck = opts.healthCheck;
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
      const inPlace = opts.inPlace ?? false;
      if (inPlace && !(readable.length > 0 && writableLengths.length > 0 && writableLengths[0]! <= readable[readable.length - 1]!.length))
        throw new Error('in-place: the first writable buffer must fit in the last readable buffer');
      this.queued.push({
        queue,
        readable,
        writableLengths,
        indirect,
        fill: opts.writableFill ?? DRIVER_DEFAULTS.WRITABLE_FILL,
        inPlace,
        onPlaced: opts.onPlaced,
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

  /** The error the engine was stopped or halted with, if any. */
  get stopReason(): Error | undefined {
    return this.stopped;
  }

  /**
   * Stop pumping and accepting requests, but leave outstanding requests alone (their buffers and
   * grants stay: the device may still own them). Follow with drained(), a device reset and
   * releaseAll().
   */
  halt(reason: Error): void {
    this.stopped ??= reason;
  }

  /**
   * Only once the device has quiesced (device_status read back 0): reject every outstanding request
   * with `reason`, revoke every grant of every request (timed-out ones too) and free their memory.
   * Resolves when the revokes have been answered.
   */
  async releaseAll(reason: Error): Promise<void> {
    this.stopped ??= reason;
    await this.drained();
    const all: Request[] = [];
    for (const r of this.queued.splice(0)) r.reject(reason);
    for (const m of this.inflight.values()) {
      for (const r of m.values()) {
        r.reject(reason);
        all.push(r);
      }
      m.clear();
    }
    for (const m of this.abandoned.values()) {
      all.push(...m.values());
      m.clear();
    }
    for (const r of this.failedInflight.splice(0)) all.push(r);
    const pending = all.flatMap((r) => r.grantsPending.splice(0));
    await Promise.allSettled(pending);
    for (const r of all) {
      for (const id of r.grantIds.splice(0)) this.safeRevoke(id);
      r.buffers.forEach((b, i) => i !== r.aliased && this.mem.free(b.addr));
      r.buffers = [];
      if (r.table !== undefined) this.mem.free(r.table);
      r.table = undefined;
    }
    await this.sim.idle();
  }

  /** Wait until the pump has nothing left to do. */
  async drained(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /**
   * Park the pump: it finishes its current step and sends no further command until resume().
   * Resolves when it is parked (the caller may then own the console and host memory).
   */
  async pause(): Promise<void> {
    this.paused = true;
    await this.drained();
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** Stop placing requests on `queue` (they stay queued) until releaseQueue(). */
  holdQueue(queue: number): void {
    this.held.add(queue);
  }

  releaseQueue(queue: number): void {
    this.held.delete(queue);
    this.kick();
  }

  /**
   * After a queue reset the device acknowledged (simulator stopped, pump paused): deliver what the
   * device returned before the reset, then reject every other request in flight on `queue` with
   * QueueResetError (dropped: never delivered), revoke its grants and free its buffers; timed-out
   * requests of the queue are released too. The caller then resets the ring. Returns the dropped count.
   */
  dropQueue(queue: number): number {
    const vq = this.queues.get(queue);
    if (!vq) throw new Error(`queue ${queue} is not set up`);
    this.drainQueue(queue, vq);
    const inflight = this.inflight.get(queue)!;
    const abandoned = this.abandoned.get(queue)!;
    let dropped = 0;
    for (const [head, req] of inflight) {
      this.release(req);
      req.reject(new QueueResetError(queue, head));
      dropped++;
    }
    inflight.clear();
    for (const req of abandoned.values()) this.release(req);
    abandoned.clear();
    return dropped;
  }

  /** Something the pump can do: a request in flight, or a queued one on a queue not held. */
  private canProgress(): boolean {
    for (const m of this.inflight.values()) if (m.size > 0) return true;
    return this.queued.some((r) => !this.held.has(r.queue));
  }

  private kick(): void {
    if (this.pumping || this.paused || this.stopped) return;
    if (!this.canProgress()) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (!this.stopped && !this.paused && this.canProgress()) this.kick();
    });
  }

  private async pump(): Promise<void> {
    try {
      while (!this.stopped && !this.paused && this.canProgress()) {
        await this.sim.idle();
        if (this.stopped || this.paused) return;
        this.flushQueued();
        const watch = this.oldestInflight();
        if (!watch) {
          if (this.queued.some((r) => !this.held.has(r.queue))) throw new Error('requests queued but none can be placed in a ring');
          continue;
        }
        const sliceStart = this.msiLog.length;
        const [result] = await Promise.all([
          this.sim.waitAny(watch.usedIdxAddr, watch.waitValue(), this.sliceCycles),
          this.sim.irqs().then((log) => this.msiLog.push(...log.messages)),
        ]);
        await this.sim.idle();
        if (this.stopped) return;
        const completed = this.drain();
        this.checkTimeouts(result.cycle);
        if (this.healthCheck) {
          const err = await this.healthCheck({ messages: this.msiLog.slice(sliceStart), event: result.event, completed, cycle: result.cycle });
          if (err) {
            this.stop(err);
            return;
          }
        }
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
      if (blocked.has(req.queue) || this.held.has(req.queue) || !vq.canAdd(segs, req.indirect)) {
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

  private place(req: Request, vq: Virtqueue): void {
    for (const data of req.readable) {
      const addr = this.mem.alloc(data.length, this.bufferAlign);
      req.buffers.push({ addr, len: data.length, writable: false });
      if (data.length > 0) this.mem.write(addr, data);
    }
    const lastReadable = req.buffers[req.buffers.length - 1];
    req.writableLengths.forEach((len, i) => {
      if (i === 0 && req.inPlace) {
        req.buffers.push({ addr: lastReadable!.addr, len, writable: true });
        req.aliased = req.buffers.length - 1;
        return;
      }
      const addr = this.mem.alloc(len, this.bufferAlign);
      req.buffers.push({ addr, len, writable: true });
      if (len > 0) this.mem.fill(addr, len, req.fill);
    });
    if (req.indirect) {
      const bytes = descTableBytes(req.buffers.length);
      req.table = this.mem.alloc(bytes, SPLIT_RING.DESC_ALIGN);
      this.grant('r', req.table, bytes, req);
    }
    for (const b of req.buffers) if (b.len > 0) this.grant(b.writable ? 'w' : 'r', b.addr, b.len, req);
    req.head = vq.add(req.buffers, req.table);
    req.submittedAt = this.sim.cycle;
    try {
      req.onPlaced?.({ queue: req.queue, head: req.head, buffers: req.buffers.slice(), table: req.table });
    } catch (e) {
      req.grantError ??= e as Error; // the chain is in the ring already: fail it at completion
    }
  }

  private grant(kind: 'r' | 'w', addr: bigint, len: number, req: Request): void {
    req.grantsPending.push(
      this.sim.grant(kind, addr, len).then(
        (id) => void req.grantIds.push(id),
        (e: Error) => void (req.grantError ??= e),
      ),
    );
  }

  private oldestInflight(): Virtqueue | undefined {
    let best: { vq: Virtqueue; at: number } | undefined;
    for (const [q, m] of this.inflight) {
      for (const r of m.values()) {
        if (!best || r.submittedAt < best.at) best = { vq: this.queues.get(q)!, at: r.submittedAt };
        break; // Map order = insertion order: the first is the oldest of this queue
      }
    }
    return best?.vq;
  }

  /** With the simulator stopped: collect used entries of every queue and complete requests. */
  private drain(): number {
    let completed = 0;
    for (const [q, vq] of this.queues) completed += this.drainQueue(q, vq);
    return completed;
  }

  private drainQueue(q: number, vq: Virtqueue): number {
    let completed = 0;
    const inflight = this.inflight.get(q)!;
    const abandoned = this.abandoned.get(q)!;
    if (inflight.size === 0 && abandoned.size === 0) return 0;
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
      completed++;
      if (err) req.reject(err);
      else req.resolve({ usedLen: used.len, written });
    }
    return completed;
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
    req.buffers.forEach((b, i) => i !== req.aliased && this.mem.free(b.addr));
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
      for (const r of m.values()) {
        r.reject(err);
        this.failedInflight.push(r);
      }
      m.clear();
    }
  }
}
