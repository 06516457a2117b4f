// vcrypto command line: `vcrypto probe [--json]`, `vcrypto run [--json FILE] [...]`.
import { writeFileSync } from 'node:fs';
import { loadOpenDevice, type OpenDevice } from '../crypto/device.ts';
import { formatRowProgress, formatSummary, formatTable, toJson } from './format.ts';
import { runRegression, type RunReport } from './regress.ts';
import { defaultRows } from './rows.ts';
import { VECTORS_USAGE, vectorsCommand } from './vectors.ts';
import { REGRESS_USAGE, regressCommand } from './regress-cmd.ts';
import { FUZZ_USAGE, fuzzCommand } from './fuzz.ts';
import { BENCH_USAGE, benchCommand } from './bench.ts';
import { REGRESSION } from '../constants/crypto.ts';
import { DRIVER_PROFILE_NAMES, MATRIX_SECTION, type DriverProfileName } from '../constants/profiles.ts';
import { driverProfileByName, runDriverProfiles, type ProfileOpenDevice } from '../profiles/index.ts';

const USAGE = `usage:
  vcrypto probe [--json]
      open the device, print what probe() reports (JSON with --json), close it
  vcrypto run [--json FILE] [--cases N] [--seed S] [--trace FILE] [--filter TEXT]
              [--profile matrix|linux|dpdk|rev1|packed[,…]]
      run the regression against the reference model: the service × algorithm × key × mode ×
      layout matrix, then one table section per driver profile (default: all of them; --profile
      picks sections, --filter narrows the matrix); writes a JSON report to FILE;
      exit status 1 on any failure or DMA violation
${VECTORS_USAGE}
${REGRESS_USAGE}
${FUZZ_USAGE}
${BENCH_USAGE}
`;

interface Args {
  cmd: string | undefined;
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['--cases', '--seed', '--trace', '--filter', '--profile']);

export function parseArgs(argv: readonly string[]): Args {
  const flags = new Map<string, string | true>();
  let cmd: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(0, eq), a.slice(eq + 1));
      else if (VALUE_FLAGS.has(a) || (a === '--json' && cmd === 'run')) {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
        flags.set(a, v);
        i++;
      } else flags.set(a, true);
    } else if (cmd === undefined) cmd = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return { cmd, flags };
}

export async function probeCommand(openDevice: OpenDevice, json: boolean, out: (s: string) => void): Promise<number> {
  const dev = await openDevice();
  try {
    const info = await dev.probe();
    out(json ? toJson(info) : formatSummary(info));
  } finally {
    await dev.close();
  }
  return 0;
}

/** Sections `--profile` asks for (default: the matrix and every driver profile). */
export function selectedSections(value: string | true | undefined): { matrix: boolean; profiles: DriverProfileName[] } {
  if (typeof value !== 'string') return { matrix: true, profiles: [...DRIVER_PROFILE_NAMES] };
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (n !== MATRIX_SECTION) driverProfileByName(n);
  return { matrix: names.includes(MATRIX_SECTION), profiles: DRIVER_PROFILE_NAMES.filter((n) => names.includes(n)) };
}

export async function runCommand(openDevice: OpenDevice, a: Args, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let sections: ReturnType<typeof selectedSections>;
  try {
    sections = selectedSections(a.flags.get('--profile'));
  } catch (e) {
    err(`vcrypto run: ${(e as Error).message}`);
    return 2;
  }
  const seed = a.flags.get('--seed');
  const trace = a.flags.get('--trace');
  const cases = a.flags.get('--cases');
  let matrix: RunReport | undefined;
  if (sections.matrix) {
    const filter = a.flags.get('--filter');
    let rows = defaultRows();
    if (typeof filter === 'string') rows = rows.filter((r) => `${r.service} ${r.algo} ${r.keyBits} ${r.mode} ${r.layout}`.includes(filter));
    matrix = await runRegression({
      openDevice,
      rows,
      ...(typeof cases === 'string' ? { cases: Number(cases) } : {}),
      ...(typeof seed === 'string' ? { seed } : {}),
      ...(typeof trace === 'string' ? { trace } : {}),
      log: err,
      onRow: (i, n, r) => out(formatRowProgress(i, n, r)),
    });
    out('');
    out(`== ${MATRIX_SECTION}: service × algorithm × key size × mode × layout`);
    out(formatTable(matrix.rows));
    out(`${MATRIX_SECTION}: passed ${matrix.passed}, failed ${matrix.failed}, DMA violations ${matrix.dmaViolations}`);
  }
  const profiles = await runDriverProfiles(openDevice as ProfileOpenDevice, sections.profiles, {
    seed: typeof seed === 'string' ? seed : String(REGRESSION.SEED),
    scale: 1,
    ...(typeof trace === 'string' ? { trace } : {}),
    log: err,
    onSection: (s) => {
      out('');
      out(`== driver profile ${s.profile}: ${s.what}`);
      out(`   negotiated features ${s.negotiated}`);
      out(formatTable(s.rows));
      out(`profile ${s.profile}: passed ${s.passed}, failed ${s.failed}, DMA violations ${s.dmaViolations}${s.cycles !== undefined ? `, ${s.cycles} cycles in all` : ''}`);
    },
  });
  const all = [
    ...(matrix ? [{ passed: matrix.passed, failed: matrix.failed, dmaViolations: matrix.dmaViolations }] : []),
    ...profiles,
  ];
  const passed = all.reduce((x, s) => x + s.passed, 0);
  const failed = all.reduce((x, s) => x + s.failed, 0);
  const violations = all.reduce((x, s) => x + s.dmaViolations, 0);
  out('');
  out(`passed ${passed}, failed ${failed}, DMA violations ${violations}`);
  const jsonFile = a.flags.get('--json');
  if (typeof jsonFile === 'string') writeFileSync(jsonFile, toJson({ ...(matrix ?? {}), passed, failed, dmaViolations: violations, profiles }) + '\n');
  return failed > 0 || violations > 0 || passed === 0 ? 1 : 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  if (argv[0] === 'vectors') return vectorsCommand(argv.slice(1), { out, err });
  if (argv[0] === 'regress') return regressCommand(argv.slice(1), { out, err });
  if (argv[0] === 'fuzz') return fuzzCommand(argv.slice(1), { out, err });
  if (argv[0] === 'bench') return benchCommand(argv.slice(1), { out, err });
  let a: Args;
  try {
    a = parseArgs(argv);
  } catch (e) {
    err(`vcrypto: ${(e as Error).message}`);
    err(USAGE);
    return 2;
  }
  if (a.cmd === undefined || a.flags.has('--help') || a.cmd === 'help') {
    out(USAGE);
    return a.flags.has('--help') || a.cmd === 'help' ? 0 : 2;
  }
  if (a.cmd !== 'probe' && a.cmd !== 'run') {
    err(`vcrypto: unknown command ${a.cmd}`);
    err(USAGE);
    return 2;
  }
  const openDevice = await loadOpenDevice();
  if (a.cmd === 'probe') return probeCommand(openDevice, a.flags.get('--json') === true, out);
  return runCommand(openDevice, a, out, err);
}
