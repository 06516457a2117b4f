// Types of `vcrypto bench` (docs/bench.md): the algorithm rows, the measured results and the
// report written as JSON.

export type BenchService = 'cipher' | 'hash' | 'mac' | 'aead' | 'chain';

/** One algorithm row of the matrix (a session of this kind is created once per row). */
export interface AlgoSpec {
  /** unique id, e.g. `aes-cbc-enc-128` */
  id: string;
  service: BenchService;
  /** `aes-ecb`, `aes-cbc-enc`, `aes-cbc-dec`, `aes-ctr`, `aes-xts`, `aes-gcm`, `aes-ccm`, `sha1`, `sha256`, `sha512`, `hmac-sha256`, `cmac-aes`, `aes-cbc+hmac-sha256` */
  algo: string;
  /** AES key size in bits (XTS: each of key1 and key2; CMAC: the AES key); 0 for hashes and HMAC */
  keyBits: number;
  /** direction of cipher / AEAD / chain rows */
  op: 'encrypt' | 'decrypt' | 'none';
  /** short human label, e.g. `AES-128-CBC-enc` */
  label: string;
}

/** Which measurement a result belongs to. */
export type Scenario = 'matrix' | 'parallel-queues';

export interface BenchResult {
  scenario: Scenario;
  service: BenchService;
  algo: string;
  keyBits: number;
  op: 'encrypt' | 'decrypt' | 'none';
  label: string;
  /** request size: payload (src) bytes per request */
  bytes: number;
  /** requests kept in flight (sliding window) */
  depth: number;
  /** data queues the requests were spread over (round robin) */
  queues: number;
  /** requests in the batch */
  requests: number;
  /** simulated cycles from before the first notify to the last completion */
  batchCycles: number;
  /** requests × bytes / batchCycles */
  bytesPerCycle: number;
  /** batchCycles / requests */
  cyclesPerRequest: number;
  /** depth 1 only: cycles from the notify MMIO write to the used.idx update (one extra request); null otherwise */
  latencyCycles: number | null;
  /** requests compared with the reference model (all of the batch plus the latency request) */
  checked: number;
  /** of those, how many differed */
  failed: number;
}

/** Simulator counters (deltas) of `stats`. */
export interface SimCounters {
  cycles: number;
  simNs: number;
  waitNs: number;
}

export interface TargetResult {
  name: string;
  /** comparison: measured must be >= (min) or <= (max) the goal */
  kind: 'min' | 'max';
  goal: number;
  unit: string;
  measured: number | null;
  met: boolean | null;
  note?: string;
}

export interface BenchParams {
  dataWidth: number;
  memReadLatency: number;
  memWriteLatency: number;
  dataQueues: number;
  /** processing lanes of the build (top parameter NUM_LANES; queue q on lane q mod lanes) */
  lanes: number;
  /** the lanes' cipher and CMAC engines share one AES datapath (top parameter SHARED_AES) */
  sharedAes: boolean;
  queueSize: number;
  negotiatedFeatures: string;
  mode: 'session';
  sizes: number[];
  depths: number[];
  quick: boolean;
  /** how depth-d requests are spread over queues */
  queuePolicy: string;
  /** requests per batch, by depth and size */
  requestsRule: string;
  aeadAadBytes: number;
  aeadTagBytes: number;
  gcmIvBytes: number;
  ccmNonceBytes: number;
  hmacKeyBytes: number;
  chain: string;
  /** the parallel-queues configuration: queues asked for / used, depth, size */
  parallelQueues: { requested: number; used: number; depth: number; bytes: number };
  seed: string;
}

export interface BenchReport {
  results: BenchResult[];
  /** simulated cycles per wall second while simulating (stats: cycles / sim_ns), over the 4 KiB batches */
  simCyclesPerSecond: number;
  /** wait_ns / (sim_ns + wait_ns) over the 4 KiB batches: share of wall time the simulator waits for the host */
  hostWaitShare: number;
  /** the raw stats deltas behind the two numbers above */
  simCounters4k: SimCounters;
  targets: TargetResult[];
  params: BenchParams;
  checked: number;
  failed: number;
  dmaViolations: number;
  /** wall-clock seconds of the whole run (device open to close) */
  wallSeconds: number;
}
