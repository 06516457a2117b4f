// `vcrypto bench [--json FILE] [--svg FILE] [--quick] [--lat RD,WR] [--filter TEXT] [--seed S] [--lanes N [--private-aes]]`
import { writeFileSync } from 'node:fs';
import { formatReport, renderSvg, toBenchJson } from '../bench/format.ts';
import { DEFAULT_MEM_LATENCY, defaultOpen, runBench, type BenchOptions } from '../bench/run.ts';
import { QUICK_ALGO_IDS, allAlgos } from '../bench/algos.ts';
import { variantSimulator, type SimVariant } from '../bridge/ensure-sim.ts';

/** Data queues of the default build (top parameter NUM_DATAQ). */
const DEFAULT_DATA_QUEUES = 4;

/**
 * The bench device on the NUM_LANES = n build (sim/build/lanes<n>, made when stale; with
 * privateAes, SHARED_AES = 0 in sim/build/lanes<n>p); more lanes than the default data queues
 * come with as many data queues (a lane serves whole queues).
 */
async function openLanes(n: number, privateAes: boolean): ReturnType<typeof defaultOpen> {
  const params: SimVariant = n > DEFAULT_DATA_QUEUES ? { NUM_LANES: n, NUM_DATAQ: n } : { NUM_LANES: n };
  if (privateAes) params.SHARED_AES = 0;
  return defaultOpen(await variantSimulator(`lanes${n}${privateAes ? 'p' : ''}`, params));
}

export const BENCH_USAGE = `  vcrypto bench [--json FILE] [--svg FILE] [--quick] [--lat RD,WR] [--filter TEXT] [--seed S] [--lanes N [--private-aes]]
      measure bytes/cycle, cycles/request and notify→used.idx latency in simulated cycles for
      every algorithm × request size (16 B..64 KiB) × queue depth (1, 32); every request is
      checked against the reference model; prints a table and the issue's targets (met/missed),
      writes a JSON report / an SVG chart; --quick: a reduced matrix (< 1 min); --lat sets the
      host memory latency (default ${DEFAULT_MEM_LATENCY.rd},${DEFAULT_MEM_LATENCY.wr}); --filter keeps algorithm rows whose
      id contains the text; --lanes N measures the device built with NUM_LANES = N (N processing
      lanes, queue q on lane q mod N; built into sim/build/lanesN when stale; default: the
      default build, 1 lane); the lanes share one AES datapath for CBC encryption and CMAC
      unless --private-aes (SHARED_AES = 0: one per lane, sim/build/lanesNp); exit status 1
      on any wrong answer or DMA violation`;

export interface BenchArgs {
  json?: string;
  svg?: string;
  quick: boolean;
  lat?: { rd: number; wr: number };
  filter?: string;
  seed?: string;
  lanes?: number;
  /** with --lanes: every lane keeps its own AES datapath (SHARED_AES = 0) */
  privateAes?: boolean;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const a: BenchArgs = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--json') a.json = value();
    else if (name === '--svg') a.svg = value();
    else if (name === '--quick') a.quick = true;
    else if (name === '--private-aes') a.privateAes = true;
    else if (name === '--filter') a.filter = value();
    else if (name === '--seed') a.seed = value();
    else if (name === '--lanes') {
      const v = value();
      if (!/^[1-9]\d*$/.test(v)) throw new Error(`--lanes needs a lane count >= 1 (got ${v})`);
      a.lanes = Number(v);
    }
    else if (name === '--lat') {
      const v = value();
      const m = /^(\d+),(\d+)$/.exec(v);
      if (!m) throw new Error(`--lat needs RD,WR in decimal cycles (got ${v})`);
      a.lat = { rd: Number(m[1]), wr: Number(m[2]) };
    } else throw new Error(`unknown option ${name}`);
  }
  if (a.privateAes && a.lanes === undefined) throw new Error('--private-aes needs --lanes N');
  return a;
}

export interface BenchIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** for tests: replaces runBench's device opener */
  open?: BenchOptions['open'];
  /** for tests: further runBench options */
  extra?: Partial<BenchOptions>;
}

export async function benchCommand(argv: readonly string[], io: BenchIo): Promise<number> {
  let a: BenchArgs;
  try {
    a = parseBenchArgs(argv);
  } catch (e) {
    io.err(`vcrypto bench: ${(e as Error).message}`);
    io.err(BENCH_USAGE);
    return 2;
  }
  let algos: string[] | undefined;
  if (a.filter !== undefined) {
    const pool = a.quick ? [...QUICK_ALGO_IDS] : allAlgos().map((x) => x.id);
    algos = pool.filter((id) => id.includes(a.filter!));
    if (algos.length === 0) {
      io.err(`vcrypto bench: --filter ${a.filter} matches no algorithm row (${pool.join(', ')})`);
      return 2;
    }
  }
  const report = await runBench({
    quick: a.quick,
    ...(algos ? { algos } : {}),
    ...(a.lat ? { memLatency: a.lat } : {}),
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    ...(a.lanes !== undefined ? { lanes: a.lanes, sharedAes: a.lanes > 1 && !a.privateAes } : {}),
    log: io.err,
    onFailure: (m) => io.err(`FAIL ${m}`),
    ...(io.open ? { open: io.open } : a.lanes !== undefined ? { open: () => openLanes(a.lanes!, a.privateAes === true) } : {}),
    ...io.extra,
  });
  io.out(formatReport(report));
  if (a.json !== undefined) writeFileSync(a.json, JSON.stringify(toBenchJson(report), null, 2) + '\n');
  if (a.svg !== undefined) writeFileSync(a.svg, renderSvg(report));
  return report.failed > 0 || report.dmaViolations > 0 ? 1 : 0;
}
