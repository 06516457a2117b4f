// The fuzz run: opens a device (a feature profile per device), creates sessions, then sends
// batches — fuzz cases (mutated and valid) on one data queue, valid requests on the other data
// queues — and compares every answer with the prediction. Ring corruption cases run alone and
// are followed by a fresh device. See docs/fuzz.md.

import { DEVICE_STATUS } from '../constants/virtio.ts';
import { FEATURE_PROFILE, SERVICE, STATUS, statusName } from '../constants/crypto.ts';
import { Rng } from '../crypto/rng.ts';
import type { DeviceLike } from '../crypto/device.ts';
import { createAeadSession, createChainSession, createCipherSession, createHashSession, createMacSession, destroySession } from '../crypto/session.ts';
import { selectDataLayout } from '../crypto/structs.ts';
import type { Device, OpenDeviceOptions } from '../virtio/device.ts';
import { buildChain, walkChain, type ChainSpec } from './chain.ts';
import { FuzzDriver, type Completed, type Placed } from './driver.ts';
import { generateCase, KINDS, randomCreate, sessionFromCreate, type CreateSpec, type FuzzCase, type FuzzContext } from './gen.ts';
import type { ServiceKind, SessionInfo } from './request.ts';

export interface FuzzReport {
  seed: string;
  requests: number;
  asExpected: number;
  unexpected: number;
  hangs: number;
  dmaViolations: number;
  needsReset: number;
  collateral: number;
  /** fuzz cases run (mutated + valid on the fuzz queue + ring corruptions) */
  cases: number;
  devices: number;
  /** per mutation category (numbers stripped): cases and how many came back as predicted */
  byMutation: Record<string, { cases: number; asExpected: number }>;
  failures: FuzzFailure[];
}

/** Mutation category: the name without the layout part and without numbers. */
export function mutationCategory(m: string): string {
  return m.replace(/ \[.*$/, '').replace(/0x[0-9a-f]+|\d+/g, 'N').replace(/N( → N)?/g, 'N');
}

export interface FuzzFailure {
  kind: 'unexpected' | 'collateral' | 'hang' | 'dma' | 'needsReset';
  case: number;
  queue: number;
  mutation: string;
  request: string;
  requestLen: number;
  chain: string;
  expected: string;
  actual: string;
}

export interface FuzzOptions {
  seed: string;
  count: number;
  openDevice: (o: OpenDeviceOptions) => Promise<Device>;
  log?: (s: string) => void;
  onFailure?: (f: FuzzFailure) => void;
  /** fuzz queue (default 1) */
  fuzzQueue?: number;
  queueSize?: number;
  /** cycles a batch may take before its requests count as hangs */
  hangCycles?: number;
}

const PROFILES: { name: string; features: bigint }[] = [
  { name: 'legacy', features: FEATURE_PROFILE.legacy },
  { name: 'rev1', features: FEATURE_PROFILE.rev1 },
  { name: 'stateless', features: FEATURE_PROFILE.all },
];

const SERVICE_OF: Record<ServiceKind, number> = { cipher: SERVICE.CIPHER, chain: SERVICE.CIPHER, hash: SERVICE.HASH, mac: SERVICE.MAC, aead: SERVICE.AEAD };
const MAX_FAILURES = 200;

const hex = (b: Uint8Array, max = 256) => (b.length > max ? `${Buffer.from(b.subarray(0, max)).toString('hex')}…` : Buffer.from(b).toString('hex'));

export function describeChain(spec: ChainSpec): string {
  const d = (x: ChainSpec['ring'][number]) =>
    x.table !== undefined
      ? `I(t${x.table},len=${x.tableLen ?? 16 * spec.tables[x.table]!.length}${x.flags & 1 ? `,NEXT→${x.next}` : ''})`
      : `${spec.bufs[x.buf!]!.writable ? 'W' : 'R'}${spec.bufs[x.buf!]!.len}${x.flags & 1 ? `→${x.nextRaw ? '#' : ''}${x.next}` : ''}`;
  return `ring[${spec.ring.map(d).join(' ')}]${spec.tables.map((t, i) => ` t${i}[${t.map(d).join(' ')}]`).join('')}`;
}

/** Compare a completion with its expectation; undefined when it matches. */
export function checkCompletion(c: Completed, fc: { spec: ChainSpec; expect: FuzzCase['expect']; queueSize: number }): { expected: string; actual: string } | undefined {
  const { spec, expect } = fc;
  const walk = walkChain(spec, fc.queueSize);
  const actualArea = Buffer.concat(walk.writable.map((i) => c.after[i]!));
  const expArea = Buffer.concat(walk.writable.map((i) => expect.bufs[i]!));
  const problems: string[] = [];
  if (c.usedLen !== expect.usedLen) problems.push(`used.len ${c.usedLen} ≠ ${expect.usedLen}`);
  spec.bufs.forEach((b, i) => {
    if (b.len === 0) return;
    const exp = b.writable ? expect.bufs[i]! : b.data!;
    if (!Buffer.from(c.after[i]!).equals(Buffer.from(exp))) problems.push(`${b.writable ? 'writable' : 'readable (§6.20: never written)'} buffer ${i} differs`);
  });
  if (problems.length === 0) return undefined;
  const st = (a: Uint8Array) => (a.length > 0 ? statusName(a[a.length - 1]!) : 'none');
  return {
    expected: `used.len ${expect.usedLen}, status ${expect.status === undefined ? 'none' : statusName(expect.status)} (${expect.rule}), area ${hex(expArea, 96)}`,
    actual: `used.len ${c.usedLen}, status ${st(actualArea)}, area ${hex(actualArea, 96)}; ${problems.join('; ')}`,
  };
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const log = o.log ?? (() => {});
  const rng = new Rng(`vcrypto fuzz ${o.seed}`);
  const FQ = o.fuzzQueue ?? 1;
  const QS = o.queueSize ?? 16;
  const hangCycles = o.hangCycles ?? 3_000_000;
  const rep: FuzzReport = { seed: o.seed, requests: 0, asExpected: 0, unexpected: 0, hangs: 0, dmaViolations: 0, needsReset: 0, collateral: 0, cases: 0, devices: 0, byMutation: {}, failures: [] };
  const tallyMut = (m: string, ok: boolean) => {
    const c = (rep.byMutation[mutationCategory(m)] ??= { cases: 0, asExpected: 0 });
    c.cases++;
    if (ok) c.asExpected++;
  };
  const fail = (f: FuzzFailure) => {
    if (rep.failures.length < MAX_FAILURES) rep.failures.push(f);
    o.onFailure?.(f);
  };
  let lastProgress = 0;
  const progress = () => {
    if (rep.cases - lastProgress >= 100 || rep.cases >= o.count) {
      lastProgress = rep.cases;
      log(`[${rep.cases}/${o.count}] requests ${rep.requests}, as expected ${rep.asExpected}, unexpected ${rep.unexpected}, collateral ${rep.collateral}, hangs ${rep.hangs}, needs-reset ${rep.needsReset}, DMA violations ${rep.dmaViolations}`);
    }
  };

  const firstProfile = rng.int(PROFILES.length);
  while (rep.cases < o.count) {
    // the profiles take turns (legacy, REVISION_1, stateless), starting at a seeded one
    const profile = PROFILES[(firstProfile + rep.devices) % PROFILES.length]!;
    const dev = await o.openDevice({ features: profile.features, queueSize: QS });
    rep.devices++;
    log(`device ${rep.devices}: profile ${profile.name} (features 0x${dev.negotiatedFeatures.toString(16)}), queue size ${QS}, fuzz queue ${FQ}`);
    const drv = new FuzzDriver(dev);
    let violations = 0;
    const sessions = new Map<bigint, SessionInfo>();
    const stale: bigint[] = [];
    const devLike: DeviceLike = {
      negotiatedFeatures: dev.negotiatedFeatures,
      controlQueue: dev.controlQueue,
      numDataQueues: dev.numDataQueues,
      async submitRaw(queue, readable, wl, opts) {
        const spec = buildChain(readable, wl, opts?.indirect ? { kind: 'indirect' } : { kind: 'direct' });
        const c = await drv.submitWait(queue, spec);
        return { usedLen: c.usedLen, written: spec.bufs.map((b, i) => (b.writable ? c.after[i]! : undefined)).filter((x): x is Uint8Array => x !== undefined) };
      },
    };
    const create = async (c: CreateSpec): Promise<void> => {
      rep.requests++;
      let r;
      switch (c.kind) {
        case 'cipher':
          r = await createCipherSession(devLike, { algo: c.algo, key: c.key, op: c.op });
          break;
        case 'hash':
          r = await createHashSession(devLike, { algo: c.algo, hashResultLen: c.resultLen });
          break;
        case 'mac':
          r = await createMacSession(devLike, { algo: c.algo, authKey: c.key, hashResultLen: c.resultLen });
          break;
        case 'aead':
          r = await createAeadSession(devLike, { algo: c.algo, key: c.key, tagLen: c.tagLen, aadLen: 0, op: c.op });
          break;
        case 'chain':
          r = await createChainSession(devLike, { algChainOrder: c.order, hashMode: c.hashMode, cipherAlgo: c.algo, cipherOp: c.op, cipherKey: c.key, hashAlgo: c.hashAlgo, hashResultLen: c.resultLen, authKey: c.authKey });
          break;
      }
      if (r.status === STATUS.OK) {
        rep.asExpected++;
        sessions.set(r.sessionId, sessionFromCreate(r.sessionId, c));
      } else {
        rep.collateral++;
        fail({ kind: 'collateral', case: rep.cases, queue: dev.controlQueue, mutation: `valid ${c.kind} create`, request: JSON.stringify(c, (_k, v) => (v instanceof Uint8Array ? hex(v) : typeof v === 'bigint' ? v.toString() : v)), requestLen: 0, chain: '', expected: 'OK', actual: `status ${r.status}` });
      }
    };
    const destroy = async (s: SessionInfo): Promise<void> => {
      rep.requests++;
      const st = await destroySession(devLike, SERVICE_OF[s.kind], s.id);
      sessions.delete(s.id);
      stale.push(s.id);
      if (st === STATUS.OK) rep.asExpected++;
      else {
        rep.collateral++;
        fail({ kind: 'collateral', case: rep.cases, queue: dev.controlQueue, mutation: `valid destroy of ${s.kind} session ${s.id}`, request: '', requestLen: 0, chain: '', expected: 'OK', actual: `status ${st}` });
      }
    };
    let reopen = false;
    try {
      for (const k of KINDS) for (let i = 0; i < 2; i++) await create(randomCreate(rng, k));
      // two destroyed sessions: stale ids (D17)
      for (let i = 0; i < 2; i++) {
        const k = KINDS[rng.int(KINDS.length)]!;
        await create(randomCreate(rng, k));
        const last = [...sessions.values()].pop();
        if (last) await destroy(last);
      }
      const ctx: FuzzContext = {
        layoutOf: (k) => selectDataLayout(dev.negotiatedFeatures, SERVICE_OF[k]),
        sessions,
        stale,
        queueSize: QS,
      };
      let sinceChurn = 0;
      while (rep.cases < o.count && !reopen) {
        // session churn between batches: a new session, an old one destroyed (→ stale)
        if (sinceChurn >= 40) {
          sinceChurn = 0;
          await create(randomCreate(rng, KINDS[rng.int(KINDS.length)]!));
          const all = [...sessions.values()];
          const victim = all[rng.int(all.length)]!;
          if (all.filter((s) => s.kind === victim.kind).length > 1) await destroy(victim);
        }
        // ring corruption: alone, then a fresh device
        if (rep.cases > 0 && rng.int(1000) < 8) {
          rep.cases++;
          rep.requests++;
          rep.needsReset++;
          const how = rng.int(2) === 0 ? 'head' : 'idx';
          const value = how === 'head' ? QS + rng.int(0x10000 - QS) : QS + 1 + rng.int(0x8000 - QS - 1);
          await drv.takeMsis();
          await dev.console.idle();
          drv.corrupt(FQ, how, value);
          await drv.settle(20_000);
          const status = await dev.regs.status();
          const msis = await drv.takeMsis();
          const cfgMsi = msis.some((m) => m.data === 0 && m.addr === dev.banner.msiBase);
          const mutation = how === 'head' ? `ring: avail head ${value} ≥ queue size ${QS}` : `ring: avail.idx ${value} ahead of the last seen index (queue size ${QS})`;
          tallyMut(mutation, (status & DEVICE_STATUS.NEEDS_RESET) !== 0 && cfgMsi);
          if ((status & DEVICE_STATUS.NEEDS_RESET) !== 0 && cfgMsi) rep.asExpected++;
          else {
            rep.unexpected++;
            fail({ kind: 'needsReset', case: rep.cases, queue: FQ, mutation, request: '', requestLen: 0, chain: '', expected: 'DEVICE_NEEDS_RESET + config interrupt (D18)', actual: `device_status 0x${status.toString(16)}, config MSI ${cfgMsi ? 'yes' : 'no'}` });
          }
          progress();
          reopen = true;
          break;
        }
        // one batch
        type Entry = { fc: FuzzCase; placed: Placed; caseNo: number; fuzz: boolean };
        const batch: Entry[] = [];
        await dev.console.idle();
        const want = 1 + rng.int(4);
        for (let i = 0; i < want && rep.cases < o.count; i++) {
          const room = drv.freeDescs(FQ);
          if (room < 6) break;
          const fc = generateCase(rng, ctx, room, 0.25);
          const placed = drv.place(FQ, fc.spec, fc.fill);
          if (!placed) continue;
          rep.cases++;
          sinceChurn++;
          batch.push({ fc, placed, caseNo: rep.cases, fuzz: true });
        }
        for (let q = 0; q < dev.numDataQueues; q++) {
          if (q === FQ) continue;
          const n = rng.int(3);
          for (let i = 0; i < n; i++) {
            const room = drv.freeDescs(q);
            if (room < 6) break;
            const fc = generateCase(rng, ctx, room, 1, true);
            const placed = drv.place(q, fc.spec, fc.fill);
            if (placed) batch.push({ fc, placed, caseNo: rep.cases, fuzz: false });
          }
        }
        rep.requests += batch.length;
        await drv.publish(batch.map((b) => b.placed));
        const r = await drv.run(hangCycles);
        const byPlaced = new Map(r.done.map((c) => [c.placed, c]));
        for (const e of batch) {
          const c = byPlaced.get(e.placed);
          const base = {
            case: e.caseNo,
            queue: e.placed.queue,
            mutation: e.fc.mutation,
            request: hex(e.fc.stream),
            requestLen: e.fc.stream.length,
            chain: describeChain(e.fc.spec),
          };
          if (!c) {
            rep.hangs++;
            fail({ kind: 'hang', ...base, expected: `completion (${e.fc.expect.rule})`, actual: `not completed after ${hangCycles} cycles` });
            reopen = true;
            continue;
          }
          const bad = checkCompletion(c, { spec: e.fc.spec, expect: e.fc.expect, queueSize: QS });
          if (e.fuzz) tallyMut(e.fc.mutation, !bad);
          if (!bad) rep.asExpected++;
          else if (e.fc.valid) {
            rep.collateral++;
            fail({ kind: 'collateral', ...base, ...bad });
          } else {
            rep.unexpected++;
            fail({ kind: 'unexpected', ...base, ...bad });
          }
        }
        for (const u of r.unknown) {
          rep.unexpected++;
          fail({ kind: 'unexpected', case: rep.cases, queue: -1, mutation: 'used ring', request: '', requestLen: 0, chain: '', expected: 'used ids of chains in flight', actual: u });
        }
        // DMA grants (every access outside a grant is a violation)
        const v = await dev.dmaViolations();
        if (v > violations) {
          const list = (await dev.console.violations()).list.slice(0, 4).map((x) => `${x.kind}:0x${x.addr.toString(16)}+${x.len}`).join(' ');
          fail({ kind: 'dma', case: rep.cases, queue: -1, mutation: batch.map((b) => `#${b.caseNo} q${b.placed.queue} ${b.fc.mutation}`).join(' | '), request: '', requestLen: 0, chain: batch.map((b) => describeChain(b.fc.spec)).join(' | '), expected: 'no DMA access outside the grants', actual: `${v - violations} new violations: ${list}` });
          rep.dmaViolations += v - violations;
          violations = v;
        }
        // an unexpected DEVICE_NEEDS_RESET
        const msis = await drv.takeMsis();
        if (msis.some((m) => m.data === 0 && m.addr === dev.banner.msiBase)) {
          const status = await dev.regs.status();
          if ((status & DEVICE_STATUS.NEEDS_RESET) !== 0) {
            rep.unexpected++;
            fail({ kind: 'needsReset', case: rep.cases, queue: FQ, mutation: batch.map((b) => `#${b.caseNo} ${b.fc.mutation}`).join(' | '), request: '', requestLen: 0, chain: batch.map((b) => describeChain(b.fc.spec)).join(' | '), expected: 'no DEVICE_NEEDS_RESET', actual: `device_status 0x${status.toString(16)}` });
            reopen = true;
          }
        }
        progress();
      }
    } finally {
      try {
        const v = await dev.dmaViolations();
        if (v > violations) rep.dmaViolations += v - violations;
      } catch {
        // simulator gone
      }
      await dev.close().catch(() => undefined);
    }
  }
  return rep;
}
