// SimConsole: one simulator process and its line protocol (docs/console.md).
// Commands are pipelined: each write is queued on the transport at once and a FIFO of pending
// replies matches the answers in order. Posted commands (writes) are not awaited; an `err` reply
// to one is raised by the next awaited call.
import * as path from 'node:path';
import { BRIDGE_DEFAULTS, SIM_PROTOCOL } from '../constants/virtio.ts';
import { isBannerLine, parseBanner, type SimBanner } from './banner.ts';
import { SimCommandError, SimProtocolError, SimulatorError } from './errors.ts';
import { bytesToHex, hex, hexToBytes, parseDec, parseHexBig, parseHexNum } from './hex.ts';
import { LineSplitter, LineTail } from './output-tail.ts';
import {
  parseIrqs,
  parseStats,
  parseViolations,
  parseWait,
  type IrqLog,
  type SimStats,
  type Violations,
  type WaitResult,
} from './replies.ts';
import {
  resolveTransportKind,
  spawnTransport,
  type ExitInfo,
  type Transport,
  type TransportKind,
} from './transport.ts';

export interface SimConsoleOptions {
  /** Executable to run (default: the simulator binary; tests pass a fake). */
  command: string;
  /** Arguments placed before the generated ones. */
  args?: string[];
  transport?: TransportKind;
  /** Start FST tracing into this file (`--trace`). */
  trace?: string;
  /** Host memory size in MiB (`--mem-mb`). */
  memMb?: number;
  /** Further simulator arguments (e.g. `--seed 5`). */
  extraArgs?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

export type Addr = number | bigint;
export type MmioSize = 1 | 2 | 4;
export type GrantKind = 'r' | 'w' | 'rw';
export type StallChannel = 'ar' | 'r' | 'aw' | 'w' | 'b' | 'mmio';
/** `fault stall` target: one channel or every channel at once. */
export type StallTarget = StallChannel | 'all';
export type FaultResp = 'slverr' | 'decerr';

/** `fault stats`: bursts answered with an injected error (ranges or rate). */
export interface FaultStats {
  rdErr: number;
  wrErr: number;
  /** The last 16 such bursts, oldest first: direction, start address, bytes, cycle of the last beat. */
  recent: { kind: 'r' | 'w'; addr: bigint; len: number; cycle: number }[];
}

/**
 * `sessprobe <slot>`: simulation-only view of one session-store slot (docs/console.md).
 * `key` is the slot's 32 key RAM words of 128 bits (512 bytes), word 0 first, each word's
 * bits [7:0] first: cipher key at bytes 0..63 (words 0..3), auth key at 64..191 (words 4..11),
 * precomputed HMAC inner / outer states at 256..319 / 320..383 (words 16..19 / 20..23).
 */
export interface SessProbe {
  valid: boolean;
  generation: number;
  key: Uint8Array;
}

/** Seeded random bus faults in one call (see SimConsole.faultRandom). */
export interface RandomFaults {
  /** Restart the harness random sequence with this seed first. */
  seed?: number;
  /** Base latency (`lat`), cycles. */
  latency?: { rd: number; wr: number };
  /** Extra random latency per burst, 0..n cycles (`fault jitter`). */
  jitter?: { rd: number; wr: number };
  /** Stall permille per channel; a number applies to every channel (ar, r, aw, w, b, mmio). */
  stall?: number | Partial<Record<StallChannel, number>>;
  /** Random error permille per burst (`fault errrate`). */
  errRate?: { r?: number; w?: number; resp?: FaultResp };
}

interface Pending {
  command: string;
  posted: boolean;
  resolve: (payload: string) => void;
  reject: (err: Error) => void;
}

function firstWord(line: string): string {
  const sp = line.indexOf(' ');
  return sp < 0 ? line : line.slice(0, sp);
}

function restOf(line: string): string {
  const sp = line.indexOf(' ');
  return sp < 0 ? '' : line.slice(sp + 1);
}

export class SimConsole {
  readonly banner: SimBanner;
  readonly transportKind: TransportKind;
  /** Cycle counter from the latest reply that carried one. */
  cycle = 0;

  private readonly transport: Transport;
  private readonly tail: LineTail;
  private readonly pending: Pending[] = [];
  private readonly idleWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private readonly lineListeners: ((line: string, stream: 'stdout' | 'stderr') => void)[] = [];
  private deferred: Error | undefined;
  private dead: SimulatorError | undefined;
  private fatalLine: string | undefined;
  private fatalTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private exitInfo: ExitInfo | undefined;
  private readonly exitWaiters: ((info: ExitInfo) => void)[] = [];
  private closePromise: Promise<ExitInfo> | undefined;
  private trace: string | undefined;

  private constructor(transport: Transport, banner: SimBanner, tail: LineTail, trace: string | undefined) {
    this.transport = transport;
    this.transportKind = transport.kind;
    this.banner = banner;
    this.tail = tail;
    this.trace = trace;
  }

  /** Spawn the simulator and wait for its READY banner. */
  static async start(opts: SimConsoleOptions): Promise<SimConsole> {
    const kind = resolveTransportKind(opts.transport);
    const trace = opts.trace === undefined ? undefined : path.resolve(opts.trace);
    const args = [...(opts.args ?? [])];
    if (opts.memMb !== undefined) args.push('--mem-mb', String(opts.memMb));
    if (trace !== undefined) args.push('--trace', trace);
    args.push(...(opts.extraArgs ?? []));
    const spawnSpec = { file: opts.command, args, ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.env ? { env: opts.env } : {}) };
    const transport = spawnTransport(kind, spawnSpec);
    const tail = new LineTail(BRIDGE_DEFAULTS.TAIL_LINES);
    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };

    // Until the banner arrives, a small pre-console handler collects output.
    let console_: SimConsole | undefined;
    const early: { line: string; stream: 'stdout' | 'stderr' }[] = [];
    let bannerResolve: ((b: SimBanner) => void) | undefined;
    let bannerReject: ((e: Error) => void) | undefined;
    const bannerPromise = new Promise<SimBanner>((res, rej) => {
      bannerResolve = res;
      bannerReject = rej;
    });
    let earlyExit: ExitInfo | undefined;

    const handle = (line: string, stream: 'stdout' | 'stderr') => {
      if (console_) {
        console_.handleLine(line, stream);
        return;
      }
      tail.push(stream === 'stderr' ? `[stderr] ${line}` : line);
      early.push({ line, stream });
      if (stream === 'stdout' && isBannerLine(line)) {
        try {
          bannerResolve?.(parseBanner(line));
        } catch (e) {
          bannerReject?.(new SimulatorError((e as Error).message, tail.snapshot(), trace));
        }
      }
    };
    transport.onData((chunk, stream) => {
      for (const line of splitters[stream].push(chunk)) handle(line, stream);
    });
    transport.onExit((info) => {
      for (const stream of ['stdout', 'stderr'] as const) for (const line of splitters[stream].flush()) handle(line, stream);
      if (console_) console_.handleExit(info);
      else {
        earlyExit = info;
        bannerReject?.(
          new SimulatorError(`simulator exited before READY (code ${info.code}, signal ${info.signal})`, tail.snapshot(), trace, info.code),
        );
      }
    });
    transport.onError((err) => {
      if (console_) console_.handleTransportError(err);
      else bannerReject?.(new SimulatorError(`cannot start simulator: ${err.message}`, tail.snapshot(), trace));
    });

    const timeoutMs = opts.readyTimeoutMs ?? BRIDGE_DEFAULTS.READY_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(
        () => rej(new SimulatorError(`no READY banner within ${timeoutMs} ms`, tail.snapshot(), trace)),
        timeoutMs,
      );
    });
    let banner: SimBanner;
    try {
      banner = await Promise.race([bannerPromise, timeout]);
    } catch (e) {
      if (!earlyExit) transport.kill('SIGKILL');
      throw e;
    } finally {
      clearTimeout(timer);
    }
    console_ = new SimConsole(transport, banner, tail, trace);
    // Lines that arrived in the same chunk after the banner.
    const bannerIdx = early.findIndex((e) => e.stream === 'stdout' && isBannerLine(e.line));
    for (const e of early.slice(bannerIdx + 1)) console_.dispatch(e.line, e.stream);
    return console_;
  }

  // ---------------------------------------------------------------- state

  get pid(): number {
    return this.transport.pid;
  }

  /** Waveform file, if tracing was ever switched on. */
  get tracePath(): string | undefined {
    return this.trace;
  }

  /** The last lines the simulator printed. */
  outputTail(): string[] {
    return this.tail.snapshot();
  }

  /** Every output line (replies included) after the banner. */
  onLine(listener: (line: string, stream: 'stdout' | 'stderr') => void): void {
    this.lineListeners.push(listener);
  }

  /** Commands sent whose reply has not arrived. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** True once the simulator died or was closed. */
  get isDead(): boolean {
    return this.dead !== undefined;
  }

  /** Resolves when no command is outstanding: the simulator is stopped and host memory may be touched. */
  idle(): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  // ---------------------------------------------------------------- raw commands

  /** Send a command and await its reply; resolves with the text after `ok`. */
  command(line: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const err = this.sendError();
      if (err) {
        reject(err);
        return;
      }
      this.pending.push({ command: line, posted: false, resolve, reject });
      this.transport.write(`${line}\n`);
    });
  }

  /** Send a command without awaiting it; an `err` reply is raised by the next awaited call. */
  post(line: string): void {
    const err = this.sendError();
    if (err) {
      if (err === this.dead) return; // the next awaited call reports the death
      throw err;
    }
    this.pending.push({ command: line, posted: true, resolve: () => {}, reject: () => {} });
    this.transport.write(`${line}\n`);
  }

  /** Wait for every command sent so far (an `echo` round trip). Raises deferred errors. */
  async sync(): Promise<void> {
    await this.echo('sync');
  }

  // ---------------------------------------------------------------- typed helpers

  async cfgRead(addr: number): Promise<number> {
    return this.parse(`cfgrd ${hex(addr)}`, (p) => parseHexNum(p) >>> 0, '<data32>');
  }

  cfgWrite(addr: number, data: number, byteEnables = 0xf): void {
    this.post(`cfgwr ${hex(addr)} ${hex(data >>> 0)} ${hex(byteEnables)}`);
  }

  async mmioRead(addr: Addr, size: MmioSize): Promise<number> {
    return this.parse(`mmrd ${hex(addr)} ${size}`, (p) => Number(parseHexBig(p)), '<data>');
  }

  async mmioRead64(addr: Addr): Promise<bigint> {
    return this.parse(`mmrd ${hex(addr)} 8`, parseHexBig, '<data>');
  }

  mmioWrite(addr: Addr, size: MmioSize | 8, data: number | bigint): void {
    this.post(`mmwr ${hex(addr)} ${size} ${hex(data)}`);
  }

  /** Advance `n` cycles; resolves with the cycle counter after. */
  async run(n: number): Promise<number> {
    return this.cycleReply(`run ${hex(n)}`);
  }

  async waitIrq(limit: number): Promise<WaitResult> {
    return this.waitReply(`wait irq ${limit}`);
  }

  async waitMem16(addr: Addr, value: number, limit: number): Promise<WaitResult> {
    return this.waitReply(`wait mem16 ${hex(addr)} ${hex(value)} ${limit}`);
  }

  async waitAny(addr: Addr, value: number, limit: number): Promise<WaitResult> {
    return this.waitReply(`wait any ${hex(addr)} ${hex(value)} ${limit}`);
  }

  /** Return and clear the MSI log. */
  async irqs(): Promise<IrqLog> {
    return this.parse('irqs', parseIrqs, '<n> <addr>:<data>:<cycle>… intx=<0|1>');
  }

  async memRead(addr: Addr, len: number): Promise<Uint8Array> {
    return this.parse(`memrd ${hex(addr)} ${len}`, hexToBytes, '<hex bytes>');
  }

  memWrite(addr: Addr, bytes: Uint8Array): void {
    this.post(`memwr ${hex(addr)} ${bytesToHex(bytes)}`);
  }

  /** Allow device accesses of [addr, addr+len); resolves with the grant id. */
  async grant(kind: GrantKind, addr: Addr, len: number | bigint): Promise<number> {
    return this.parse(`grant ${kind} ${hex(addr)} ${hex(len)}`, parseDec, '<id>');
  }

  revoke(id: number): void {
    this.post(`revoke ${id}`);
  }

  async violations(): Promise<Violations> {
    return this.parse('violations', parseViolations, '<count> …');
  }

  checker(on: boolean): void {
    this.post(`checker ${on ? 'on' : 'off'}`);
  }

  async stats(): Promise<SimStats> {
    return this.parse('stats', parseStats, 'key=value…');
  }

  /** Start FST tracing into `file`, or stop it (`null`). */
  async traceTo(file: string | null): Promise<void> {
    if (file === null) {
      await this.command('trace off');
      return;
    }
    const abs = path.resolve(file);
    await this.command(`trace ${abs}`);
    this.trace = abs;
  }

  /** Assert rst_i for `n` cycles. */
  async reset(n: number): Promise<number> {
    return this.cycleReply(`reset ${hex(n)}`);
  }

  latency(rd: number, wr: number): void {
    this.post(`lat ${hex(rd)} ${hex(wr)}`);
  }

  /** Random backpressure on one channel, or on every channel with 'all' (permille 0..1000). */
  faultStall(chan: StallTarget, permille: number): void {
    this.post(`fault stall ${chan} ${hex(permille)}`);
  }

  async faultErr(kind: 'r' | 'w', addr: Addr, len: number, resp: FaultResp): Promise<number> {
    return this.parse(`fault err ${kind} ${hex(addr)} ${hex(len)} ${resp}`, parseDec, '<id>');
  }

  /** Remove one `fault err` range by id (posted; `err no such fault` surfaces on the next awaited call). */
  faultDel(id: number): void {
    this.post(`fault del ${id}`);
  }

  /** Answer a random `permille` of the device's host-memory bursts of `kind` with `resp` (0: off). */
  faultErrRate(kind: 'r' | 'w' | 'rw', permille: number, resp: FaultResp = 'slverr'): void {
    this.post(`fault errrate ${kind} ${hex(permille)} ${resp}`);
  }

  /** Extra random latency per burst: uniform 0..rd (reads) / 0..wr (writes) cycles on top of `lat`. */
  faultJitter(rd: number, wr: number): void {
    this.post(`fault jitter ${hex(rd)} ${hex(wr)}`);
  }

  /** Bursts answered with an injected error since start. */
  async faultStats(): Promise<FaultStats> {
    return this.parse(
      'fault stats',
      (p) => {
        const [rd, wr, ...list] = p.split(' ');
        const m1 = /^rd_err=(\d+)$/.exec(rd ?? '');
        const m2 = /^wr_err=(\d+)$/.exec(wr ?? '');
        if (!m1 || !m2) throw new Error(`bad fault stats "${p}"`);
        const recent = list.map((e) => {
          const m = /^([rw]):([0-9a-f]+):([0-9a-f]+):(\d+)$/.exec(e);
          if (!m) throw new Error(`bad fault stats entry "${e}"`);
          return { kind: m[1] as 'r' | 'w', addr: parseHexBig(m[2]!), len: parseHexNum(m[3]!), cycle: Number(m[4]) };
        });
        return { rdErr: Number(m1[1]), wrErr: Number(m2[1]), recent };
      },
      'rd_err=<n> wr_err=<n> [<r|w>:<addr>:<len>:<cycle> …]',
    );
  }

  /** Seed, latency, jitter, stalls and error rates in one go (posted commands, in that order). */
  faultRandom(f: RandomFaults): void {
    if (f.seed !== undefined) this.seed(f.seed);
    if (f.latency) this.latency(f.latency.rd, f.latency.wr);
    if (f.jitter) this.faultJitter(f.jitter.rd, f.jitter.wr);
    if (typeof f.stall === 'number') this.faultStall('all', f.stall);
    else if (f.stall) for (const [ch, pm] of Object.entries(f.stall)) this.faultStall(ch as StallChannel, pm);
    if (f.errRate) {
      const resp = f.errRate.resp ?? 'slverr';
      if (f.errRate.r !== undefined) this.faultErrRate('r', f.errRate.r, resp);
      if (f.errRate.w !== undefined) this.faultErrRate('w', f.errRate.w, resp);
    }
  }

  faultClear(): void {
    this.post('fault clear');
  }

  seed(n: number): void {
    this.post(`seed ${n}`);
  }

  /**
   * Simulation-only probe of session slot `slot` (0-based): its valid bit, generation and key
   * RAM words, read straight from the model without running a cycle. Only the real device
   * build has it (`err unsupported` from the harness fake tops).
   */
  async sessProbe(slot: number): Promise<SessProbe> {
    return this.parse(
      `sessprobe ${slot}`,
      (p) => {
        const m = /^valid=([01]) gen=([0-9a-f]{8}) key=([0-9a-f]{1024})$/.exec(p);
        if (!m) throw new Error(`bad sessprobe reply "${p}"`);
        return { valid: m[1] === '1', generation: parseHexNum(m[2]!), key: hexToBytes(m[3]!) };
      },
      'valid=<0|1> gen=<hex8> key=<1024 hex digits>',
    );
  }

  async echo(word: string): Promise<string> {
    return this.command(`echo ${word}`);
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Shutdown handshake: send `quit`, wait for `bye`, end the transport, await exit.
   * Never throws for a simulator that already died; throws a still-unreported posted-command error.
   */
  close(): Promise<ExitInfo> {
    this.closePromise ??= this.doClose();
    return this.closePromise;
  }

  private async doClose(): Promise<ExitInfo> {
    if (!this.dead && !this.exitInfo) {
      const bye = new Promise<string>((resolve, reject) => {
        this.pending.push({ command: 'quit', posted: false, resolve, reject });
        this.transport.write('quit\n');
      });
      this.closing = true;
      const ok = await withTimeout(bye, BRIDGE_DEFAULTS.BYE_TIMEOUT_MS).then(
        () => true,
        () => false,
      );
      if (!ok && !this.exitInfo) this.transport.kill('SIGTERM');
    }
    this.closing = true;
    this.transport.end();
    let info = await withTimeout(this.waitExit(), BRIDGE_DEFAULTS.EXIT_TIMEOUT_MS).catch(() => undefined);
    if (!info) {
      this.transport.kill('SIGKILL');
      info = await this.waitExit();
    }
    const unreported = this.deferred;
    this.deferred = undefined;
    if (unreported) throw unreported;
    return info;
  }

  private waitExit(): Promise<ExitInfo> {
    if (this.exitInfo) return Promise.resolve(this.exitInfo);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  // ---------------------------------------------------------------- internals

  private sendError(): Error | undefined {
    if (this.dead) return this.dead;
    if (this.closing) return new Error('simulator console is closing');
    if (this.deferred) {
      const e = this.deferred;
      this.deferred = undefined;
      return e;
    }
    return undefined;
  }

  private async parse<T>(command: string, parse: (payload: string) => T, expected: string): Promise<T> {
    const payload = await this.command(command);
    try {
      return parse(payload);
    } catch {
      throw new SimProtocolError(command, `ok ${payload}`, `ok ${expected}`);
    }
  }

  private async cycleReply(command: string): Promise<number> {
    const cycle = await this.parse(command, parseDec, '<cycle>');
    this.cycle = cycle;
    return cycle;
  }

  private async waitReply(command: string): Promise<WaitResult> {
    const r = await this.parse(command, parseWait, 'irq|mem|timeout <cycle>');
    this.cycle = r.cycle;
    return r;
  }

  /** Called for every complete output line after the banner. */
  private handleLine(line: string, stream: 'stdout' | 'stderr'): void {
    this.tail.push(stream === 'stderr' ? `[stderr] ${line}` : line);
    this.dispatch(line, stream);
  }

  private dispatch(line: string, stream: 'stdout' | 'stderr'): void {
    for (const l of this.lineListeners) l(line, stream);
    if (stream === 'stderr') return;
    const word = firstWord(line);
    if (word === SIM_PROTOCOL.FATAL_WORD) {
      this.onFatal(line);
      return;
    }
    if (word === SIM_PROTOCOL.OK_WORD || word === SIM_PROTOCOL.ERR_WORD || word === SIM_PROTOCOL.BYE_WORD) {
      this.onReply(word, restOf(line), line);
    }
    // Anything else is simulator chatter ($display, warnings): kept in the tail only.
  }

  private onReply(word: string, payload: string, line: string): void {
    const entry = this.pending.shift();
    if (!entry) {
      this.deferred ??= new SimProtocolError('(none)', line, 'no reply: nothing was pending');
      return;
    }
    if (word === SIM_PROTOCOL.ERR_WORD) {
      const err = new SimCommandError(entry.command, payload);
      if (entry.posted) this.deferred ??= err;
      else entry.reject(err);
    } else if (!entry.posted) {
      if (this.deferred) {
        const err = this.deferred;
        this.deferred = undefined;
        entry.reject(err);
      } else {
        entry.resolve(payload);
      }
    }
    if (this.pending.length === 0) {
      for (const w of this.idleWaiters.splice(0)) w.resolve();
    }
  }

  private onFatal(line: string): void {
    if (this.fatalLine !== undefined) return;
    this.fatalLine = line;
    // Give trailing output (and the exit) a moment to arrive, so the tail is complete.
    this.fatalTimer = setTimeout(() => this.fail(`simulator ${line}`, null), BRIDGE_DEFAULTS.FATAL_GRACE_MS);
  }

  private handleExit(info: ExitInfo): void {
    this.exitInfo = info;
    if (this.fatalTimer) clearTimeout(this.fatalTimer);
    if (this.fatalLine !== undefined) {
      this.fail(`simulator ${this.fatalLine} (exit code ${info.code})`, info.code);
    } else if (this.closing) {
      this.fail('simulator was closed', info.code);
    } else {
      this.fail(`simulator exited unexpectedly (code ${info.code}, signal ${info.signal})`, info.code);
    }
    for (const w of this.exitWaiters.splice(0)) w(info);
  }

  private handleTransportError(err: Error): void {
    if (this.dead) return;
    this.deferred ??= new SimulatorError(`transport error: ${err.message}`, this.tail.snapshot(), this.trace);
  }

  private fail(message: string, code: number | null): void {
    if (this.dead) return;
    this.dead = new SimulatorError(message, this.tail.snapshot(), this.trace, code);
    for (const p of this.pending.splice(0)) p.reject(this.dead);
    for (const w of this.idleWaiters.splice(0)) w.reject(this.dead);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}
