// Functional coverage of the regression: named crosses of request attributes. Only legal bins are
// defined (combinations the device and the generator can produce with the profiles that run);
// a sample outside them is counted under `illegal` (a generator bug, reported by the tests).
//
// Crosses (bin name = the parts joined with '|'):
//   kind     service × algorithm × key size × mode/layout
//   len      service × algorithm (AEAD: + direction; chain: cipher + PLAIN/HMAC) × length bucket, OK answers
//   status   service × mode/layout × status
//   shape    service × mode/layout × chain shape (direct/indirect × readable single/multi × writable single/multi)
//   edge     service × exact edge length (0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129)
//   fault    service × injected fault;  variant  service × variant
//   ctrl     create: service × control layout × status (+ the D17 table-full create); destroy: layout × status
//   cshape   create/destroy × chain shape
//   queue    data queue × depth (requests on that queue in one batch)

import { STATUS, SYM_HASH_MODE, statusName } from '../constants/crypto.ts';
import { DEPTH_BUCKETS, EDGE_LENGTHS, LEN_BUCKETS, depthBucket, lenBucket } from './lengths.ts';
import { KINDS, SVCS, ctrlLayoutOf, dataLayoutOf, mlOf, modesOf, type Profile } from './profiles.ts';
import type { CreateItem, DataItem, DestroyItem, Fault, Framing, Kind, ML, Svc, Variant } from './types.ts';

export interface CoverageReport {
  /** every legal bin → hits */
  bins: Record<string, number>;
  hit: number;
  total: number;
  /** legal bins never hit */
  empty: string[];
  /** samples that fell outside the legal bins (should stay empty) */
  illegal: Record<string, number>;
}

const SHAPES = ['direct', 'indirect'].flatMap((d) => ['r-single', 'r-multi'].flatMap((r) => ['w-single', 'w-multi'].map((w) => `${d}/${r}/${w}`)));

export function shapeOf(f: Framing): string {
  return `${f.indirect ? 'indirect' : 'direct'}/${f.readableSingle ? 'r-single' : 'r-multi'}/${f.writable.length === 1 ? 'w-single' : 'w-multi'}`;
}

/** Algorithm family of the `len` cross. */
export function lenAlgo(it: Pick<DataItem, 'kind' | 'p' | 'session' | 'mode'>): string {
  const k = it.kind;
  if (k.svc === 'aead') {
    const op = it.mode === 'session' && it.session?.params.svc === 'aead' ? it.session.params.p.op : it.p.op;
    return `${k.algo} ${op}`;
  }
  return kindFamily(k);
}

/** Algorithm family of a kind (chain: cipher + plain/hmac; AEAD without the direction). */
export function kindFamily(k: Kind): string {
  if (k.svc === 'chain') return `${k.algo.split('+')[0]}+${k.hashMode === SYM_HASH_MODE.AUTH ? 'hmac' : 'plain'}`;
  return k.algo;
}

/** Message length of the `len` / `edge` crosses: src; AEAD: the plaintext (decrypt: src − tag). */
export function messageLen(it: DataItem): number {
  if (it.kind.svc !== 'aead') return it.p.src.length;
  const sp = it.mode === 'session' && it.session?.params.svc === 'aead' ? it.session.params.p : undefined;
  const op = sp ? sp.op : it.p.op;
  const tag = sp ? sp.tagLen : it.p.tagLen;
  return op === 'encrypt' ? it.p.src.length : Math.max(0, it.p.src.length - tag);
}

/** Faults the generator can apply to a service in a mode/layout (generator.applicableFaults, without the length conditions). */
export function faultsFor(svc: Svc, ml: ML): Fault[] {
  const sl = ml === 'stateless';
  const f: Fault[] = ['opcode'];
  if (ml === 'session-rev1') f.push('flag0');
  if (!sl) f.push('stale');
  if (sl) f.push('algo');
  if (sl && svc !== 'hash') f.push('key-len');
  switch (svc) {
    case 'cipher':
      f.push('len-block', 'xts-short', 'iv-len', 'short-dst', 'small-area');
      if (sl) f.push('xts-key-eq');
      break;
    case 'hash':
    case 'mac':
      f.push('small-area');
      if (sl) f.push('result-len');
      break;
    case 'aead':
      f.push('iv-len', 'short-dst', 'small-area', 'bad-tag', 'src-lt-tag');
      if (sl) f.push('tag-len');
      break;
    case 'chain':
      f.push('len-block', 'xts-short', 'iv-len', 'range', 'small-area', 'short-dst');
      if (sl) f.push('xts-key-eq', 'result-len');
      break;
  }
  return f;
}

export function variantsFor(svc: Svc, ml: ML): Variant[] {
  if (ml === 'stateless') return [];
  const v: Variant[] = [];
  if (svc === 'cipher' || svc === 'aead' || svc === 'chain') v.push('dir-swap');
  if (svc === 'hash' || svc === 'mac' || svc === 'aead') v.push('field-ignored');
  if (svc === 'cipher' && ml === 'session-stateless') v.push('sess-para');
  if (ml === 'session-legacy') v.push('legacy-flag');
  return v;
}

/** Length buckets an OK answer can have for an algorithm family (D11/D12: ECB/CBC/XTS never 1..15). */
function okBuckets(family: string): readonly string[] {
  if (family === 'aes-ecb' || family === 'aes-cbc' || family === 'aes-xts') return LEN_BUCKETS.filter((b) => b !== '1-15');
  return LEN_BUCKETS;
}

export class Coverage {
  private readonly bins = new Map<string, number>();
  private readonly illegal = new Map<string, number>();

  constructor(profiles: readonly Profile[], queues = 0) {
    const def = (...parts: string[]) => this.bins.set(parts.join('|'), 0);
    const mls = new Map<Svc, Set<ML>>();
    for (const svc of SVCS) mls.set(svc, new Set());
    for (const pr of profiles)
      for (const svc of SVCS) for (const mode of modesOf(pr.features, svc)) mls.get(svc)!.add(mlOf(mode, dataLayoutOf(pr.features, svc)));
    const families = new Map<Svc, Set<string>>();
    for (const svc of SVCS) families.set(svc, new Set());
    for (const k of KINDS) {
      for (const ml of mls.get(k.svc)!) def('kind', k.svc, k.algo, k.key, ml);
      const fams = k.svc === 'aead' ? [`${k.algo} encrypt`, `${k.algo} decrypt`] : [kindFamily(k)];
      for (const f of fams) families.get(k.svc)!.add(f);
    }
    for (const svc of SVCS) {
      for (const fam of families.get(svc)!) for (const b of okBuckets(fam)) def('len', svc, fam, b);
      for (const ml of mls.get(svc)!) {
        const st = ['OK', 'ERR', 'NOTSUPP'];
        if (svc === 'aead') st.push('BADMSG');
        if (ml !== 'stateless') st.push('INVSESS');
        for (const s of st) def('status', svc, ml, s);
        for (const sh of SHAPES) def('shape', svc, ml, sh);
      }
      for (const e of EDGE_LENGTHS) def('edge', svc, String(e));
      const faults = new Set<string>();
      const variants = new Set<string>();
      for (const ml of mls.get(svc)!) {
        for (const f of faultsFor(svc, ml)) faults.add(f);
        for (const v of variantsFor(svc, ml)) variants.add(v);
      }
      for (const f of faults) def('fault', svc, f);
      for (const v of variants) def('variant', svc, v);
    }
    const layouts = new Set(profiles.map((p) => ctrlLayoutOf(p.features)));
    for (const l of layouts) {
      for (const svc of SVCS) for (const s of ['OK', 'ERR', 'NOTSUPP']) def('ctrl', 'create', svc, l, s);
      def('ctrl', 'create-full', l, l === 'rev1' ? 'NOSPC' : 'ERR');
      for (const s of ['OK', 'ERR']) def('ctrl', 'destroy', l, s);
    }
    for (const op of ['create', 'destroy']) for (const sh of SHAPES) def('cshape', op, sh);
    this.ensureQueues(queues);
  }

  /** Define the queue × depth bins of data queues 0..n−1 (devices tell their count when opened). */
  ensureQueues(n: number): void {
    for (let q = 0; q < n; q++)
      for (const d of DEPTH_BUCKETS) {
        const k = ['queue', String(q), d].join('|');
        if (!this.bins.has(k)) this.bins.set(k, this.illegal.get(k) ?? 0);
        this.illegal.delete(k);
      }
  }

  private hit(...parts: string[]): void {
    const k = parts.join('|');
    const v = this.bins.get(k);
    if (v === undefined) this.illegal.set(k, (this.illegal.get(k) ?? 0) + 1);
    else this.bins.set(k, v + 1);
  }

  /** A data request that ran, with the model's status. */
  sampleData(it: DataItem, status: number): void {
    const svc = it.kind.svc;
    const st = statusName(status);
    this.hit('kind', svc, it.kind.algo, it.kind.key, it.ml);
    const n = messageLen(it);
    if (status === STATUS.OK) this.hit('len', svc, lenAlgo(it), lenBucket(n));
    this.hit('status', svc, it.ml, st);
    this.hit('shape', svc, it.ml, shapeOf(it.framing));
    if (EDGE_LENGTHS.includes(n)) this.hit('edge', svc, String(n));
    if (it.fault) this.hit('fault', svc, it.fault);
    if (it.variant) this.hit('variant', svc, it.variant);
    this.hit('queue', String(it.framing.queue), depthBucket(it.depth));
  }

  sampleCreate(it: CreateItem, status: number): void {
    if (it.fault?.startsWith('D17 table full')) this.hit('ctrl', 'create-full', it.layout, statusName(status));
    else this.hit('ctrl', 'create', it.session.params.svc, it.layout, statusName(status));
    this.hit('cshape', 'create', shapeOf(it.framing));
  }

  sampleDestroy(it: DestroyItem, status: number): void {
    this.hit('ctrl', 'destroy', it.layout, statusName(status));
    this.hit('cshape', 'destroy', shapeOf(it.framing));
  }

  /** Add another coverage object's hits (same bins). */
  merge(o: Coverage): void {
    for (const [k, v] of o.bins) if (v > 0) this.bins.set(k, (this.bins.get(k) ?? 0) + v);
    for (const [k, v] of o.illegal) this.illegal.set(k, (this.illegal.get(k) ?? 0) + v);
  }

  report(): CoverageReport {
    const bins: Record<string, number> = {};
    const empty: string[] = [];
    let hit = 0;
    for (const [k, v] of this.bins) {
      bins[k] = v;
      if (v > 0) hit++;
      else empty.push(k);
    }
    return { bins, hit, total: this.bins.size, empty, illegal: Object.fromEntries(this.illegal) };
  }
}

/** Per-cross summary lines: `kind 612/620`, … */
export function coverageSummary(r: CoverageReport): string[] {
  const per = new Map<string, { hit: number; total: number }>();
  for (const [k, v] of Object.entries(r.bins)) {
    const c = k.split('|')[0]!;
    const e = per.get(c) ?? { hit: 0, total: 0 };
    e.total++;
    if (v > 0) e.hit++;
    per.set(c, e);
  }
  const lines = [...per].map(([c, e]) => `  ${c.padEnd(8)} ${String(e.hit).padStart(5)}/${String(e.total).padEnd(5)} ${((100 * e.hit) / e.total).toFixed(1)}%`);
  lines.push(`  ${'total'.padEnd(8)} ${String(r.hit).padStart(5)}/${String(r.total).padEnd(5)} ${((100 * r.hit) / Math.max(1, r.total)).toFixed(1)}%`);
  return lines;
}
