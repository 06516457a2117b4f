// `vcrypto bench` engine: opens one device, sets the host-memory latency, and for every
// algorithm row × request size × queue depth runs a batch of requests through the completion
// pump (sliding window of `depth` requests in flight, spread round robin over the data queues),
// measuring simulated cycles with `stats`. At depth 1 it also measures the notify → used.idx
// latency of one more request inside the simulator (LatencyDevice). Every request is checked
// against the reference model. See docs/bench.md.
import type { DeviceLike } from '../crypto/device.ts';
import { BENCH_REQ, QUICK_ALGO_IDS, algoById, allAlgos, prepareWorkload, type Job } from './algos.ts';
import { LatencyDevice, latencyTargetOf, type LatencyConsole, type LatencyMemory, type LatencyQueue } from './latency.ts';
import { computeTargets } from './targets.ts';
import type { AlgoSpec, BenchReport, BenchResult, SimCounters } from './types.ts';

export const FULL_SIZES = [16, 64, 256, 1024, 4096, 16384, 65536] as const;
export const QUICK_SIZES = [64, 4096] as const;
export const DEPTHS = [1, 32] as const;
/** Host memory latency (console `lat`): the simulator's defaults, set explicitly. */
export const DEFAULT_MEM_LATENCY = { rd: 32, wr: 8 } as const;
/** The "CBC encrypt, 8 queues in parallel" target configuration. */
export const PARALLEL_QUEUES = { queues: 8, depth: 32, bytes: 4096 } as const;
/** Size whose batches give simCyclesPerSecond / hostWaitShare. */
export const SPEED_SIZE = 4096;
/** Simulated cycles before a request counts as hung (the slowest 64 KiB batch takes a few million). */
export const BENCH_TIMEOUT_CYCLES = 200_000_000;
/**
 * Pump slice: longer than any gap between two completions, so a slice never times out inside a
 * batch (a timed-out slice makes the driver read device_status, an MMIO access of its own).
 */
export const BENCH_SLICE_CYCLES = 2_000_000;

/** What the bench needs from a device (the real Device fits). */
export interface BenchDevice extends DeviceLike {
  console: LatencyConsole & { latency(rd: number, wr: number): void };
  memory: LatencyMemory;
  virtqueues: ReadonlyMap<number, LatencyQueue>;
  queues: readonly { index: number; notifyOff: number; size: number }[];
  regs: { notifyAddr(off: number): bigint };
  readonly outstanding: number;
  banner: { dataWidth: number };
  stats(): Promise<{ cycles: number; simNs: number; waitNs: number }>;
  dmaViolations(): Promise<number>;
  close(): Promise<void>;
}

export interface BenchOptions {
  quick?: boolean;
  /** algorithm row ids (default: all, or the quick set) */
  algos?: readonly string[];
  sizes?: readonly number[];
  depths?: readonly number[];
  /** requests per batch (default requestsFor) */
  requests?: (bytes: number, depth: number) => number;
  memLatency?: { rd: number; wr: number };
  /** the parallel-queues configuration; false to skip it */
  parallelQueues?: { queues: number; depth: number; bytes: number } | false;
  seed?: string;
  /** processing lanes of the build under test (NUM_LANES), recorded in the report (default 1) */
  lanes?: number;
  /** whether the lanes share one AES datapath (SHARED_AES, NUM_LANES > 1), recorded in the report */
  sharedAes?: boolean;
  /** progress lines */
  log?: (line: string) => void;
  /** failure details */
  onFailure?: (msg: string) => void;
  /** open the device (default: openDevice from src/index.ts with a long request timeout) */
  open?: () => Promise<BenchDevice>;
}

/** Requests per batch: enough for the window to fill and (up to 4 KiB) to refill once. */
export function requestsFor(bytes: number, depth: number, quick = false): number {
  if (depth <= 1) return quick ? 4 : bytes <= 1024 ? 8 : bytes <= 16384 ? 4 : 2;
  return quick || bytes > SPEED_SIZE ? depth : 2 * depth;
}

export const REQUESTS_RULE =
  'depth 1: 8 requests up to 1 KiB, 4 up to 16 KiB, 2 above (quick: 4); depth d > 1: 2d up to 4 KiB, d above (quick: d)';

/** openDevice() with the bench's timeouts, on `simulator` (default: the default build). */
export async function defaultOpen(simulator?: string): Promise<BenchDevice> {
  const spec = '../index.ts';
  const mod = (await import(/* @vite-ignore */ spec)) as {
    openDevice: (o: { timeoutCycles: number; sliceCycles: number; simulator?: string }) => Promise<unknown>;
  };
  return (await mod.openDevice({
    timeoutCycles: BENCH_TIMEOUT_CYCLES,
    sliceCycles: BENCH_SLICE_CYCLES,
    ...(simulator !== undefined ? { simulator } : {}),
  })) as BenchDevice;
}

interface BatchOutcome {
  cycles: number;
  counters: SimCounters;
  failures: string[];
}

/**
 * Run `jobs` keeping `depth` in flight; request i goes to queues[i mod n]. Cycles are the stats
 * delta: from before the first notify to the completion that ends the batch.
 */
export async function runBatch(dev: BenchDevice, jobs: readonly Job[], depth: number, queues: readonly number[]): Promise<BatchOutcome> {
  const s0 = await dev.stats();
  let next = 0;
  const failures: string[] = [];
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= jobs.length) return;
      const err = await jobs[i]!.run(dev, queues[i % queues.length]!);
      if (err) failures.push(err);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(depth, jobs.length)) }, () => worker()));
  const s1 = await dev.stats();
  return {
    cycles: s1.cycles - s0.cycles,
    counters: { cycles: s1.cycles - s0.cycles, simNs: s1.simNs - s0.simNs, waitNs: s1.waitNs - s0.waitNs },
    failures,
  };
}

function addCounters(a: SimCounters, b: SimCounters): void {
  a.cycles += b.cycles;
  a.simNs += b.simNs;
  a.waitNs += b.waitNs;
}

function result(spec: AlgoSpec, scenario: BenchResult['scenario'], bytes: number, depth: number, queues: number, requests: number, cycles: number): BenchResult {
  return {
    scenario,
    service: spec.service,
    algo: spec.algo,
    keyBits: spec.keyBits,
    op: spec.op,
    label: spec.label,
    bytes,
    depth,
    queues,
    requests,
    batchCycles: cycles,
    bytesPerCycle: cycles > 0 ? (requests * bytes) / cycles : 0,
    cyclesPerRequest: requests > 0 ? cycles / requests : 0,
    latencyCycles: null,
    checked: 0,
    failed: 0,
  };
}

export async function runBench(o: BenchOptions = {}): Promise<BenchReport> {
  const quick = o.quick ?? false;
  const specs = (o.algos ?? (quick ? QUICK_ALGO_IDS : allAlgos().map((a) => a.id))).map(algoById);
  const sizes = [...(o.sizes ?? (quick ? QUICK_SIZES : FULL_SIZES))];
  const depths = [...(o.depths ?? DEPTHS)];
  const reqs = o.requests ?? ((b: number, d: number) => requestsFor(b, d, quick));
  const lat = o.memLatency ?? DEFAULT_MEM_LATENCY;
  const seed = o.seed ?? 'bench';
  const log = o.log ?? (() => undefined);
  const onFailure = o.onFailure ?? (() => undefined);
  const pq = o.parallelQueues === undefined ? PARALLEL_QUEUES : o.parallelQueues;

  const t0 = Date.now();
  const dev = await (o.open ?? defaultOpen)();
  const results: BenchResult[] = [];
  const speed: SimCounters = { cycles: 0, simNs: 0, waitNs: 0 };
  let pqUsed = 0;
  let dmaViolations = 0;
  try {
    // the host-memory latency is a parameter of every number: set it, do not rely on defaults
    dev.console.latency(lat.rd, lat.wr);
    await dev.stats(); // raises an `err` of the posted `lat`
    const allQueues = Array.from({ length: dev.numDataQueues }, (_, i) => i);
    if (allQueues.length === 0) throw new Error('bench: the device has no data queue');
    const latDev = new LatencyDevice(latencyTargetOf(dev), BENCH_TIMEOUT_CYCLES);

    const fail = (r: BenchResult, msgs: string[]): void => {
      r.failed += msgs.length;
      for (const m of msgs) onFailure(m);
    };

    for (const [k, spec] of specs.entries()) {
      const wStart = Date.now();
      const w = await prepareWorkload(dev, spec, seed);
      for (const bytes of sizes) {
        for (const depth of depths) {
          const n = reqs(bytes, depth);
          const queues = depth <= 1 ? [0] : allQueues;
          const b = await runBatch(dev, w.jobs(bytes, n), depth, queues);
          if (bytes === SPEED_SIZE) addCounters(speed, b.counters);
          const r = result(spec, 'matrix', bytes, depth, queues.length, n, b.cycles);
          r.checked = n;
          fail(r, b.failures);
          if (depth <= 1) {
            const job = w.jobs(bytes, 1)[0]!;
            const err = await job.run(latDev, 0);
            r.checked++;
            if (err) fail(r, [`latency request: ${err}`]);
            r.latencyCycles = latDev.last ?? null;
          }
          results.push(r);
        }
      }
      await w.close();
      log(`[${k + 1}/${specs.length}] ${spec.label}: ${((Date.now() - wStart) / 1000).toFixed(1)} s`);
    }

    if (pq) {
      const spec = algoById('aes-cbc-enc-128');
      pqUsed = Math.min(pq.queues, dev.numDataQueues);
      const queues = allQueues.slice(0, pqUsed);
      const w = await prepareWorkload(dev, spec, `${seed}/parallel`);
      const n = quick ? pq.depth : 2 * pq.depth;
      const b = await runBatch(dev, w.jobs(pq.bytes, n), pq.depth, queues);
      const r = result(spec, 'parallel-queues', pq.bytes, pq.depth, pqUsed, n, b.cycles);
      r.checked = n;
      fail(r, b.failures);
      results.push(r);
      await w.close();
      log(`parallel queues: ${spec.label} ${pq.bytes} B on ${pqUsed} queue(s) (${pq.queues} asked), depth ${pq.depth}`);
    }
    dmaViolations = await dev.dmaViolations();
  } finally {
    await dev.close();
  }

  const checked = results.reduce((s, r) => s + r.checked, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  const report: BenchReport = {
    results,
    simCyclesPerSecond: speed.simNs > 0 ? (speed.cycles / speed.simNs) * 1e9 : 0,
    hostWaitShare: speed.simNs + speed.waitNs > 0 ? speed.waitNs / (speed.simNs + speed.waitNs) : 0,
    simCounters4k: speed,
    targets: [],
    params: {
      dataWidth: dev.banner.dataWidth,
      memReadLatency: lat.rd,
      memWriteLatency: lat.wr,
      dataQueues: dev.numDataQueues,
      lanes: o.lanes ?? 1,
      sharedAes: o.sharedAes ?? false,
      queueSize: dev.queues[0]?.size ?? 0,
      negotiatedFeatures: `0x${dev.negotiatedFeatures.toString(16)}`,
      mode: 'session',
      sizes,
      depths,
      quick,
      queuePolicy: 'depth 1: queue 0; depth d > 1: a sliding window of d requests, request i on data queue i mod dataQueues',
      requestsRule: o.requests ? 'custom' : REQUESTS_RULE,
      aeadAadBytes: BENCH_REQ.AEAD_AAD_BYTES,
      aeadTagBytes: BENCH_REQ.AEAD_TAG_BYTES,
      gcmIvBytes: BENCH_REQ.GCM_IV_BYTES,
      ccmNonceBytes: BENCH_REQ.CCM_NONCE_BYTES,
      hmacKeyBytes: BENCH_REQ.HMAC_KEY_BYTES,
      chain: 'AES-CBC encrypt then HMAC-SHA256 (hash_mode AUTH) over the whole request, no AAD, 32-byte hash_result',
      parallelQueues: pq ? { requested: pq.queues, used: pqUsed, depth: pq.depth, bytes: pq.bytes } : { requested: 0, used: 0, depth: 0, bytes: 0 },
      seed,
    },
    checked,
    failed,
    dmaViolations,
    wallSeconds: (Date.now() - t0) / 1000,
  };
  report.targets = computeTargets(report);
  return report;
}
