// `vcrypto regress` engine: one device per profile, each running its plan (generator.ts) step by
// step — every step's requests submitted at once over the data queues and the control queue —
// and every answer checked against the reference model (execute.ts). Profiles run `jobs` at a
// time. Hangs (request timeouts), dead simulators and DMA violations are failures.

import { ALG_CHAIN_ORDER, STATUS, SYM_HASH_MODE, statusName } from '../constants/crypto.ts';
import { cyclesOf, type FullDevice } from '../crypto/device.ts';
import { Coverage, type CoverageReport } from './coverage.ts';
import { PlanGenerator } from './generator.ts';
import { runCreate, runData, runDestroy, type Outcome } from './execute.ts';
import { PROFILES, kindLabel, type Profile, type ProfileName } from './profiles.ts';
import type { DataItem, Item, SessionSpec, Step, Svc } from './types.ts';

export interface RegressOpenOptions {
  features: bigint;
  dataQueues?: number;
  queueSize?: number;
  trace?: string;
  timeoutCycles?: number;
}
export type RegressOpenDevice = (o: RegressOpenOptions) => Promise<FullDevice>;

export interface RegressOptions {
  seed: number | string;
  /** data requests over all profiles (the split does not depend on `profiles`) */
  count: number;
  /** data queues per device (default: all the device has) */
  queues?: number;
  /** run only these profiles (default all; the others' requests are skipped, not moved) */
  profiles?: ProfileName[];
  /** waveform file; with several profiles `.<profile>` is inserted before the extension */
  trace?: string;
  /** profiles run in parallel (default 2) */
  jobs?: number;
  timeoutCycles?: number;
  /** transport features added to every profile's set (driver profiles: packed ring, …) */
  extraFeatures?: bigint;
  /** queue size per profile (default QUEUE_SIZES) */
  queueSizes?: Partial<Record<ProfileName, number>>;
  openDevice: RegressOpenDevice;
  /** the command line to re-run this regression (for the failure hints) */
  rerun?: string;
  log?: (line: string) => void;
  progress?: (line: string) => void;
  /** progress line interval (ms, default 2000) */
  progressMs?: number;
  /** failures printed in full (default 20) */
  maxPrinted?: number;
}

export interface FailureRecord {
  profile: string;
  step: number;
  seq: number;
  what: string;
  problems: string[];
  detail: string[];
}

export interface ProfileResult {
  name: ProfileName;
  features: string;
  planned: number;
  requests: number;
  dataRequests: number;
  controlRequests: number;
  passed: number;
  failed: number;
  hangs: number;
  dmaViolations: number;
  cycles: number;
  seconds: number;
  /** requests (data and the sessions' control requests) per service */
  bySvc: Partial<Record<Svc, { passed: number; failed: number }>>;
  aborted?: string;
}

export interface RegressReport {
  seed: string;
  count: number;
  queues: number | 'all';
  requests: number;
  dataRequests: number;
  controlRequests: number;
  passed: number;
  failed: number;
  hangs: number;
  dmaViolations: number;
  seconds: number;
  profiles: ProfileResult[];
  coverage: CoverageReport;
  failures: FailureRecord[];
}

/** Queue size of each profile's device: big and small rings (a full ring makes requests wait). */
export const QUEUE_SIZES: Record<ProfileName, number> = { legacy: 256, rev1: 64, stateless: 128, mixed: 64 };
const MAX_FAILURE_RECORDS = 200;

/** Split `count` data requests over all profiles in proportion to their deck sizes. */
export function quotas(count: number, seed: number | string = 0): Map<ProfileName, number> {
  const w = PROFILES.map((p) => new PlanGenerator({ seed, profile: p, count: 0, queues: 1 }).deckRound().length);
  const total = w.reduce((a, b) => a + b, 0);
  const q = w.map((x) => Math.floor((count * x) / total));
  let rest = count - q.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % q.length, rest--) q[i]!++;
  return new Map(PROFILES.map((p, i) => [p.name, q[i]!]));
}

export function traceFileFor(trace: string, profile: string, several: boolean): string {
  if (!several) return trace;
  const dot = trace.lastIndexOf('.');
  const slash = trace.lastIndexOf('/');
  return dot > slash + 0 && dot > 0 ? `${trace.slice(0, dot)}.${profile}${trace.slice(dot)}` : `${trace}.${profile}`;
}

// ------------------------------------------------------------------ failure details

const HEX_MAX = 256;

export function hexField(b: Uint8Array, max = HEX_MAX): string {
  const h = Buffer.from(b.subarray(0, max)).toString('hex');
  return b.length > max ? `${h}…(${b.length} bytes)` : b.length === 0 ? '(empty)' : h;
}

function hexWindow(a: Uint8Array, at: number, span = 32): string {
  const s = Math.max(0, at - 8);
  return `@${s}: ${Buffer.from(a.subarray(s, Math.min(a.length, s + span))).toString('hex')}`;
}

function sessionText(s: SessionSpec, id: bigint | undefined): string {
  const idText = id === undefined ? 'no id' : `id 0x${id.toString(16)}`;
  switch (s.params.svc) {
    case 'cipher':
      return `handle ${s.handle} ${idText}: algo ${s.params.p.algo} op ${s.params.p.op} key ${hexField(s.params.p.key)}`;
    case 'hash':
      return `handle ${s.handle} ${idText}: algo ${s.params.p.algo} hash_result_len ${s.params.p.hashResultLen}`;
    case 'mac':
      return `handle ${s.handle} ${idText}: algo ${s.params.p.algo} hash_result_len ${s.params.p.hashResultLen} key ${hexField(s.params.p.key)}`;
    case 'aead':
      return `handle ${s.handle} ${idText}: algo ${s.params.p.algo} op ${s.params.p.op} tag_len ${s.params.p.tagLen} aad_len(create) ${s.params.p.aadLen} key ${hexField(s.params.p.key)}`;
    case 'chain': {
      const p = s.params.p;
      return (
        `handle ${s.handle} ${idText}: ${p.order === ALG_CHAIN_ORDER.CIPHER_THEN_HASH ? 'CIPHER_THEN_HASH' : 'HASH_THEN_CIPHER'} ` +
        `hash_mode ${p.hashMode} cipher_algo ${p.cipherAlgo} op ${p.cipherOp} hash_algo ${p.hashAlgo} hash_result_len ${p.hashResultLen} ` +
        `cipher_key ${hexField(p.cipherKey)} auth_key ${hexField(p.authKey)}`
      );
    }
  }
}

export function describeItem(it: Item): string {
  if (it.type === 'data')
    return `data ${kindLabel(it.kind)} ${it.ml} queue ${it.framing.queue} depth ${it.depth}${it.fault ? ` fault ${it.fault}` : ''}${it.variant ? ` variant ${it.variant}` : ''}`;
  if (it.type === 'create') return `create ${kindLabel(it.session.kind)} (${it.layout})${it.fault ? ` fault ${it.fault}` : ''}`;
  return `destroy ${kindLabel(it.session.kind)} (${it.layout}) ${it.live ? 'live' : 'destroyed'} session`;
}

function paramLines(it: DataItem): string[] {
  const p = it.p;
  const l: string[] = [];
  const fields: string[] = [`op ${p.op}`, `algo ${p.algo}`];
  if (it.kind.svc !== 'hash' && it.kind.svc !== 'mac') fields.push(`dst_data_len ${p.dstLen}`);
  if (it.kind.svc === 'hash' || it.kind.svc === 'mac' || it.kind.svc === 'chain') fields.push(`hash_result_len ${p.hashResultLen}`);
  if (it.kind.svc === 'aead') fields.push(`tag_len ${p.tagLen}`);
  if (it.kind.svc === 'chain')
    fields.push(
      `order ${p.order === ALG_CHAIN_ORDER.CIPHER_THEN_HASH ? 'CIPHER_THEN_HASH' : 'HASH_THEN_CIPHER'}`,
      `hash_mode ${p.hashMode === SYM_HASH_MODE.AUTH ? 'AUTH' : p.hashMode === SYM_HASH_MODE.PLAIN ? 'PLAIN' : p.hashMode}`,
      `hash_algo ${p.hashAlgo}`,
      `cipher [${p.cipherStart}, +${p.lenToCipher})`,
      `hash [${p.hashStart}, +${p.lenToHash})`,
    );
  if (p.opcode !== undefined) fields.push(`opcode 0x${p.opcode.toString(16)}`);
  if (p.flag !== undefined) fields.push(`flag ${p.flag}`);
  if (p.hashResultLenField !== undefined) fields.push(`hash_result_len field ${p.hashResultLenField}`);
  if (p.tagLenField !== undefined) fields.push(`tag_len field ${p.tagLenField}`);
  if (p.sessParaGarbage) fields.push('garbage sess_para');
  l.push(`params: ${fields.join(', ')}`);
  if (it.mode === 'stateless' && p.key.length + p.authKey.length > 0) l.push(`key: ${hexField(p.key)}${it.kind.svc === 'chain' ? `  auth_key: ${hexField(p.authKey)}` : ''}`);
  if (it.kind.svc === 'cipher' || it.kind.svc === 'aead' || it.kind.svc === 'chain') l.push(`iv (${p.iv.length}): ${hexField(p.iv)}`);
  if (it.kind.svc === 'aead' || it.kind.svc === 'chain') l.push(`aad (${p.aad.length}): ${hexField(p.aad)}`);
  l.push(`src (${p.src.length}): ${hexField(p.src)}`);
  return l;
}

function failureDetail(it: Item, o: Outcome | undefined, id: bigint | undefined, hint: string): string[] {
  const d: string[] = [];
  const f = it.framing;
  const split = Array.isArray(f.split) ? `[${f.split.join(',')}]` : String(f.split);
  const sub = o?.submitted ? ` (submitted ${o.submitted.readable} readable + ${o.submitted.writable} writable descriptors)` : '';
  d.push(`framing: split ${split}, ${f.indirect ? 'indirect' : 'direct'}, writable [${f.writable.join(',')}], fill 0x${f.fill.toString(16)}${sub}`);
  if (it.type === 'data') {
    if (it.session) d.push(`session: ${sessionText(it.session, id)}`);
    d.push(...paramLines(it));
  } else d.push(`session: ${sessionText(it.session, id)}`);
  if (o) {
    d.push(`status: device ${o.status < 0 ? 'none' : statusName(o.status)}, model ${statusName(o.expectedStatus)} (${o.rule})`);
    if (o.usedLen !== undefined && o.area) d.push(`used.len ${o.usedLen}, writable area ${o.area.length}`);
    if (o.area && o.expectedArea) {
      let at = -1;
      for (let i = 0; i < Math.max(o.area.length, o.expectedArea.length); i++)
        if (o.area[i] !== o.expectedArea[i]) {
          at = i;
          break;
        }
      if (at >= 0) {
        d.push(`expected area ${hexWindow(o.expectedArea, at)}`);
        d.push(`actual   area ${hexWindow(o.area, at)}`);
        if (o.area.length <= 2 * HEX_MAX) {
          d.push(`expected (${o.expectedArea.length}): ${hexField(o.expectedArea, 2 * HEX_MAX)}`);
          d.push(`actual   (${o.area.length}): ${hexField(o.area, 2 * HEX_MAX)}`);
        }
      }
    }
  }
  d.push(`waveform: ${hint}`);
  return d;
}

// ------------------------------------------------------------------ the run

interface Shared {
  o: RegressOptions;
  coverage: Coverage;
  failures: FailureRecord[];
  printed: number;
  done: number;
  total: number;
  failed: number;
  hangs: number;
  started: number;
  lastProgress: number;
}

function progressLine(sh: Shared): string {
  const s = (Date.now() - sh.started) / 1000;
  return `progress ${sh.done}/${sh.total} data requests (${((100 * sh.done) / Math.max(1, sh.total)).toFixed(0)}%), failed ${sh.failed}, hangs ${sh.hangs}, ${s.toFixed(1)} s`;
}

function tick(sh: Shared, force = false): void {
  const now = Date.now();
  if (!force && now - sh.lastProgress < (sh.o.progressMs ?? 2000)) return;
  sh.lastProgress = now;
  sh.o.progress?.(progressLine(sh));
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && e.name === 'RequestTimeoutError';
}

function isFatal(e: unknown): boolean {
  // the simulator died, or the device stopped serving its queues (DEVICE_NEEDS_RESET / reset)
  return e instanceof Error && ['SimulatorError', 'DeviceNeedsResetError', 'DeviceResetError'].includes(e.name);
}

async function runProfile(sh: Shared, profile: Profile, planned: number, several: boolean): Promise<ProfileResult> {
  const o = sh.o;
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const res: ProfileResult = {
    name: profile.name,
    features: `0x${profile.features.toString(16)}`,
    planned,
    requests: 0,
    dataRequests: 0,
    controlRequests: 0,
    passed: 0,
    failed: 0,
    hangs: 0,
    dmaViolations: 0,
    cycles: 0,
    seconds: 0,
    bySvc: {},
  };
  const features = profile.features | (o.extraFeatures ?? 0n);
  const svcTally = (it: Item | undefined, ok: boolean) => {
    if (!it) return;
    const svc = it.type === 'data' ? it.kind.svc : it.session.kind.svc;
    const s = (res.bySvc[svc] ??= { passed: 0, failed: 0 });
    if (ok) s.passed++;
    else s.failed++;
  };
  const trace = o.trace ? traceFileFor(o.trace, profile.name, several) : undefined;
  const rerun = `${o.rerun ?? `vcrypto regress --seed ${o.seed} --count ${o.count}${o.queues ? ` --queues ${o.queues}` : ''}`} --profile ${profile.name}`;
  const hint = trace ? `${trace} (this run)` : `re-run with a waveform: ${rerun} --trace regress-${profile.name}.fst`;
  const fail = (step: Step, it: Item | undefined, what: string, problems: string[], detail: string[]) => {
    res.failed++;
    svcTally(it, false);
    sh.failed++;
    const rec: FailureRecord = { profile: profile.name, step: step.index, seq: it?.seq ?? -1, what, problems, detail };
    if (sh.failures.length < MAX_FAILURE_RECORDS) sh.failures.push(rec);
    if (sh.printed < (o.maxPrinted ?? 20)) {
      sh.printed++;
      log(`FAIL [${profile.name} step ${step.index} #${rec.seq}] ${what}: ${problems.join('; ')}`);
      for (const l of detail) log(`    ${l}`);
    }
  };
  let dev: FullDevice;
  try {
    dev = await o.openDevice({
      features,
      ...(o.queues !== undefined ? { dataQueues: o.queues } : {}),
      queueSize: o.queueSizes?.[profile.name] ?? QUEUE_SIZES[profile.name],
      ...(trace ? { trace } : {}),
      ...(o.timeoutCycles !== undefined ? { timeoutCycles: o.timeoutCycles } : {}),
    });
  } catch (e) {
    res.failed++;
    sh.failed++;
    res.aborted = `open failed: ${(e as Error).message}`;
    log(`FAIL [${profile.name}] device open: ${(e as Error).message}`);
    return res;
  }
  const missing = features & ~dev.negotiatedFeatures;
  const ids = new Map<number, bigint>();
  let violations = 0;
  let aborted: string | undefined;
  try {
    if (missing !== 0n) throw new Error(`features 0x${missing.toString(16)} not negotiated`);
    sh.coverage.ensureQueues(dev.numDataQueues);
    const gen = new PlanGenerator({ seed: o.seed, profile, count: planned, queues: dev.numDataQueues });
    for (const step of gen.steps()) {
      const outs = await Promise.all(
        step.items.map(async (it): Promise<{ it: Item; out?: Outcome & { sessionId?: bigint }; err?: unknown; id?: bigint }> => {
          try {
            if (it.type === 'data') {
              const id = it.session ? ids.get(it.session.handle) : undefined;
              if (it.session && id === undefined) return { it, err: new Error(`session handle ${it.session.handle} has no id (its create failed)`) };
              return { it, out: await runData(dev, it, id), ...(id !== undefined ? { id } : {}) };
            }
            if (it.type === 'create') return { it, out: await runCreate(dev, it) };
            const id = ids.get(it.session.handle);
            if (id === undefined) return { it, err: new Error(`session handle ${it.session.handle} has no id (its create failed)`) };
            return { it, out: await runDestroy(dev, it, id), id };
          } catch (e) {
            return { it, err: e };
          }
        }),
      );
      for (const { it, out, err, id } of outs) {
        res.requests++;
        if (it.type === 'data') {
          res.dataRequests++;
          sh.done++;
        } else res.controlRequests++;
        if (err !== undefined) {
          if (isTimeout(err)) {
            res.hangs++;
            sh.hangs++;
            aborted ??= `hang in step ${step.index}`;
          } else if (isFatal(err)) aborted ??= `simulator: ${(err as Error).message}`;
          fail(step, it, describeItem(it), [isTimeout(err) ? `hang: ${(err as Error).message}` : `error: ${(err as Error).message}`], failureDetail(it, undefined, id, hint));
          continue;
        }
        const r = out!;
        if (it.type === 'create') {
          if (r.sessionId !== undefined) {
            ids.set(it.session.handle, r.sessionId);
            // a create that should have failed: take the session away again so the plan's table stays right
            if (it.expectStatus !== STATUS.OK || r.expectedStatus !== STATUS.OK) {
              await runDestroy(dev, { type: 'destroy', seq: -1, session: it.session, live: true, layout: it.layout, framing: { ...it.framing, writable: [1], fill: 0 } }, r.sessionId).catch(() => undefined);
            }
          }
          sh.coverage.sampleCreate(it, r.expectedStatus);
        } else if (it.type === 'destroy') sh.coverage.sampleDestroy(it, r.expectedStatus);
        else sh.coverage.sampleData(it, r.expectedStatus);
        if (r.ok) {
          res.passed++;
          svcTally(it, true);
        } else fail(step, it, describeItem(it), r.problems, failureDetail(it, r, id, hint));
      }
      const v = await dev.dmaViolations();
      if (v > violations) {
        let list = '';
        const con = (dev as unknown as { console?: { violations?: () => Promise<{ list: { kind: string; addr: bigint; len: number; cycle: number }[] }> } }).console;
        if (con?.violations) {
          const vv = await con.violations().catch(() => undefined);
          if (vv) list = vv.list.slice(-6).map((x) => `${x.kind}:0x${x.addr.toString(16)}+${x.len}@${x.cycle}`).join(' ');
        }
        fail(step, undefined, `DMA violation`, [`${v - violations} DMA access(es) outside the grants during step ${step.index}`], [
          `last violations: ${list || '(no list)'}`,
          `requests of the step: ${step.items.map((i) => `#${i.seq} ${describeItem(i)}`).join(' | ')}`,
          `waveform: ${hint}`,
        ]);
        res.dmaViolations += v - violations;
        violations = v;
      }
      tick(sh);
      if (aborted) break;
    }
    res.cycles = Number(cyclesOf(await dev.stats()));
  } catch (e) {
    aborted ??= (e as Error).message;
    res.failed++;
    sh.failed++;
    log(`FAIL [${profile.name}] ${(e as Error).message}`);
  } finally {
    await dev.close().catch(() => undefined);
  }
  if (aborted) {
    res.aborted = aborted;
    const notRun = planned - res.dataRequests;
    if (notRun > 0) {
      sh.done += notRun;
      log(`[${profile.name}] aborted (${aborted}); ${notRun} planned data requests not run`);
    }
  }
  res.seconds = (Date.now() - t0) / 1000;
  return res;
}

export async function runRegress(o: RegressOptions): Promise<RegressReport> {
  const selected = o.profiles ? PROFILES.filter((p) => o.profiles!.includes(p.name)) : [...PROFILES];
  const q = quotas(o.count, o.seed);
  const total = selected.reduce((a, p) => a + q.get(p.name)!, 0);
  const sh: Shared = {
    o,
    coverage: new Coverage(selected, o.queues ?? 0),
    failures: [],
    printed: 0,
    done: 0,
    total,
    failed: 0,
    hangs: 0,
    started: Date.now(),
    lastProgress: Date.now(),
  };
  const results: ProfileResult[] = [];
  const jobs = Math.max(1, o.jobs ?? 2);
  // biggest plans first, so the parallel simulators finish together
  const order = [...selected].sort((a, b) => q.get(b.name)! - q.get(a.name)!);
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const p = order[next++]!;
      results.push(await runProfile(sh, p, q.get(p.name)!, selected.length > 1));
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, selected.length) }, worker));
  tick(sh, true);
  results.sort((a, b) => selected.findIndex((p) => p.name === a.name) - selected.findIndex((p) => p.name === b.name));
  const sum = (f: (r: ProfileResult) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    seed: String(o.seed),
    count: o.count,
    queues: o.queues ?? 'all',
    requests: sum((r) => r.requests),
    dataRequests: sum((r) => r.dataRequests),
    controlRequests: sum((r) => r.controlRequests),
    passed: sum((r) => r.passed),
    failed: sum((r) => r.failed),
    hangs: sum((r) => r.hangs),
    dmaViolations: sum((r) => r.dmaViolations),
    seconds: (Date.now() - sh.started) / 1000,
    profiles: results,
    coverage: sh.coverage.report(),
    failures: sh.failures,
  };
}
