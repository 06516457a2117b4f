// The vector runner, the pass/fail/unsupported rules and the `vcrypto vectors` command, on a fake
// device with a software executeCase (test/vectors/reference-exec.ts). No RTL needed.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FEATURE, FEATURE_PROFILE, STATUS } from '../../src/constants/crypto.ts';
import type { FullDevice, OpenDeviceOptions } from '../../src/crypto/device.ts';
import { main } from '../../src/cli/main.ts';
import { parseVectorsArgs, vectorsCommand } from '../../src/cli/vectors.ts';
import { COMBOS, judge, loadVectorFile, runVectors, selectCombos, STATELESS_ALL, type ExecuteCase, type VectorCase } from '../../src/vectors/index.ts';
import { referenceExecute } from './reference-exec.ts';

const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FILES = readdirSync(FIX).filter((f) => !f.endsWith('.ts')).sort().map((f) => FIX + f);
/**
 * Unsupported cases in the fixtures: three from the parsers (XTS 130-bit data unit, CBC-PKCS5 tcId 3
 * and 4) and two documented refusals the executor does not send (CMAC 8-byte key, ECB 20-byte key).
 */
const UNSUPPORTED = 5;
const TOTAL_CASES = FILES.reduce((n, f) => n + loadVectorFile(f).cases.length, 0);

interface FakeDevice extends FullDevice {
  closed: boolean;
  opts: OpenDeviceOptions | undefined;
}

function fakeOpen(devs: FakeDevice[], negotiate: (f: bigint) => bigint = (f) => f) {
  return async (opts?: OpenDeviceOptions): Promise<FullDevice> => {
    const d: FakeDevice = {
      opts,
      closed: false,
      negotiatedFeatures: negotiate(opts?.features ?? 0n),
      offeredFeatures: FEATURE_PROFILE.all,
      controlQueue: 4,
      numDataQueues: 4,
      async submitRaw() {
        throw new Error('fake device: no requests');
      },
      async dmaViolations() {
        return 0;
      },
      async readConfig() {
        return {};
      },
      async probe() {
        return {};
      },
      async stats() {
        return {};
      },
      async close() {
        d.closed = true;
      },
    };
    devs.push(d);
    return d;
  };
}

const vc = (over: Partial<VectorCase>): VectorCase => ({
  service: 'aead',
  algo: 'aes-gcm',
  op: 'decrypt',
  key: new Uint8Array(16),
  iv: new Uint8Array(12),
  aad: new Uint8Array(0),
  input: new Uint8Array(20),
  output: Uint8Array.of(1, 2, 3, 4),
  tagLen: 16,
  valid: true,
  ...over,
});
const res = (status: number, output: number[] = [], extra: object = {}) => ({ status, output: Uint8Array.from(output), ...extra });

describe('combinations and features (D1)', () => {
  it('defaults: session in legacy and rev1, stateless in rev1', () => {
    expect(selectCombos().map((c) => `${c.mode}/${c.layout}`)).toEqual(['session/legacy', 'session/rev1', 'stateless/rev1']);
    expect(selectCombos('session').length).toBe(2);
    expect(selectCombos('stateless').map((c) => c.layout)).toEqual(['rev1']);
    expect(selectCombos('both', 'rev1').map((c) => c.mode)).toEqual(['session', 'stateless']);
    expect(selectCombos('both', 'legacy').map((c) => c.mode)).toEqual(['session']);
    expect(() => selectCombos('stateless', 'legacy')).toThrow(/REVISION_1/);
  });
  it('feature masks', () => {
    const [legacy, rev1, stateless] = COMBOS;
    expect(legacy!.features).toBe(FEATURE.VERSION_1 | FEATURE.INDIRECT_DESC | FEATURE.EVENT_IDX);
    expect(rev1!.features).toBe(legacy!.features | FEATURE.REVISION_1);
    expect(stateless!.features).toBe(
      rev1!.features | FEATURE.CIPHER_STATELESS_MODE | FEATURE.HASH_STATELESS_MODE | FEATURE.MAC_STATELESS_MODE | FEATURE.AEAD_STATELESS_MODE,
    );
    expect(STATELESS_ALL & FEATURE.AKCIPHER_STATELESS_MODE).toBe(0n);
  });
});

describe('judge', () => {
  const { OK, ERR, BADMSG, NOTSUPP, INVSESS } = STATUS;
  it('valid: OK and the exact expected bytes', () => {
    expect(judge(vc({}), res(OK, [1, 2, 3, 4])).verdict).toBe('pass');
    expect(judge(vc({}), res(OK, [1, 2, 3, 5])).verdict).toBe('fail');
    expect(judge(vc({}), res(OK, [1, 2, 3])).verdict).toBe('fail');
    expect(judge(vc({}), res(ERR)).reason).toBe('status ERR, expected OK');
  });
  it('unsupported parameters (executeCase did not call the device) are unsupported, valid or not', () => {
    expect(judge(vc({}), res(NOTSUPP, [], { unsupported: 'tag length 10' }))).toEqual({ verdict: 'unsupported', reason: 'tag length 10' });
    expect(judge(vc({ valid: false }), res(ERR, [], { unsupported: 'key length 8' })).verdict).toBe('unsupported');
  });
  it('session destroy must answer OK', () => {
    expect(judge(vc({}), res(OK, [1, 2, 3, 4], { destroyStatus: ERR })).verdict).toBe('fail');
    expect(judge(vc({}), res(OK, [1, 2, 3, 4], { destroyStatus: OK })).verdict).toBe('pass');
  });
  it('invalid AEAD: BADMSG with no plaintext released (D6), or a refusal', () => {
    const bad = vc({ valid: false });
    delete bad.output;
    expect(judge(bad, res(BADMSG, [0, 0, 0, 0])).verdict).toBe('pass');
    expect(judge(bad, res(BADMSG, [0, 7, 0, 0])).reason).toMatch(/plaintext released/);
    expect(judge(bad, res(ERR)).verdict).toBe('pass');
    expect(judge(bad, res(NOTSUPP)).verdict).toBe('pass');
    expect(judge(bad, res(OK, [1, 2])).verdict).toBe('fail');
    expect(judge(bad, res(INVSESS)).verdict).toBe('fail');
  });
  it('invalid MAC: OK with a different tag, or a refusal', () => {
    const mac = vc({ service: 'mac', algo: 'cmac-aes', valid: false, outLen: 4 });
    expect(judge(mac, res(OK, [1, 2, 3, 9])).verdict).toBe('pass');
    expect(judge(mac, res(OK, [1, 2, 3, 4])).reason).toMatch(/marks as wrong/);
    expect(judge(mac, res(ERR)).verdict).toBe('pass');
  });
  it('invalid cipher: only a refusal passes', () => {
    const c = vc({ service: 'cipher', algo: 'aes-ecb', valid: false });
    expect(judge(c, res(ERR)).verdict).toBe('pass');
    expect(judge(c, res(OK, [9, 9, 9, 9])).verdict).toBe('fail');
    expect(judge(c, res(BADMSG)).verdict).toBe('fail');
  });
});

describe('runVectors on a fake device', () => {
  it('all fixtures pass with the reference executor; one device per combination, all closed', async () => {
    const devs: FakeDevice[] = [];
    const log: string[] = [];
    const files = FILES.map(loadVectorFile);
    const r = await runVectors({ files, combos: selectCombos(), openDevice: fakeOpen(devs), execute: referenceExecute, log: (s) => log.push(s) });
    expect(r.failures).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.unsupported).toBe(UNSUPPORTED * 3);
    expect(r.passed).toBe((TOTAL_CASES - UNSUPPORTED) * 3);
    expect(r.dmaViolations).toBe(0);
    expect(devs.map((d) => d.opts?.features)).toEqual(COMBOS.map((c) => c.features));
    expect(devs.every((d) => d.closed)).toBe(true);
    expect(r.files.length).toBe(FILES.length);
    for (const f of r.files) expect(f.runs.map((x) => `${x.mode}/${x.layout}`)).toEqual(['session/legacy', 'session/rev1', 'stateless/rev1']);
    // unsupported cases are listed with file, case id, reason and the runs
    expect(r.unsupportedCases.map((u) => [u.file.replace(FIX, ''), u.case, u.runs.length])).toEqual([
      ['cases.jsonl', 'line 3 ecb 20-byte key', 3],
      ['wycheproof-aes-cbc-pkcs5.json', 'tcId 3', 3],
      ['wycheproof-aes-cbc-pkcs5.json', 'tcId 4', 3],
      ['wycheproof-aes-cmac.json', 'tcId 4', 3],
      ['xts-tweak.rsp', 'line 21 Count=3 ENCRYPT', 3],
    ]);
    // progress: a line per file and combination with a running count
    expect(log.filter((l) => /^\[session\/legacy\] .*: passed \d+, failed 0, unsupported \d+ \[\d+\/\d+\]$/.test(l)).length).toBe(FILES.length);
    expect(log[log.length - 1]).toMatch(new RegExp(`\\[${TOTAL_CASES * 3}/${TOTAL_CASES * 3}\\]$`));
  });

  it('a wrong answer fails the case with the bytes in the reason', async () => {
    const liar: ExecuteCase = async (d, c, o) => {
      const r = await referenceExecute(d, c, o);
      return c.algo === 'sha1' && r.output.length ? { ...r, output: r.output.map((b, i) => (i === 0 ? b ^ 1 : b)) } : r;
    };
    const r = await runVectors({ files: [loadVectorFile(FIX + 'sha1-shortmsg.rsp')], combos: selectCombos('stateless'), openDevice: fakeOpen([]), execute: liar });
    expect(r.failed).toBe(4);
    expect(r.failures[0]).toMatchObject({ case: 'line 8 Len=0', mode: 'stateless', layout: 'rev1' });
    expect(r.failures[0]!.reason).toMatch(/^output db39a3ee.*, expected da39a3ee/);
  });

  it('features not negotiated, a device that does not open, an executor that throws: failures, never dropped', async () => {
    const files = [loadVectorFile(FIX + 'cmac-gen.rsp')];
    const r1 = await runVectors({ files, combos: selectCombos('stateless'), openDevice: fakeOpen([], (f) => f & ~FEATURE.MAC_STATELESS_MODE), execute: referenceExecute });
    expect(r1.failed).toBe(5);
    expect(r1.failures[0]!.reason).toBe('features 0x8 not negotiated');
    let opened = 0;
    const flaky = async (o?: OpenDeviceOptions) => {
      if (opened++ === 0) throw new Error('no simulator');
      return fakeOpen([])(o);
    };
    const r2 = await runVectors({ files, combos: selectCombos('session'), openDevice: flaky, execute: referenceExecute });
    expect(r2.files[0]!.runs.map((x) => [x.layout, x.passed, x.failed])).toEqual([
      ['legacy', 0, 5],
      ['rev1', 5, 0],
    ]);
    expect(r2.failures[0]!.reason).toBe('cannot open the device: no simulator');
    const boom: ExecuteCase = async () => {
      throw new Error('timeout');
    };
    const r3 = await runVectors({ files, combos: selectCombos('stateless'), openDevice: fakeOpen([]), execute: boom });
    expect(r3.failures.map((f) => f.reason)).toEqual(Array(5).fill('exception: timeout'));
  });
});

describe('vcrypto vectors (CLI) on a fake device', () => {
  it('arguments', () => {
    expect(parseVectorsArgs(['a.rsp', 'b.json', '--mode', 'session', '--layout=rev1', '--json', 'out.json'])).toEqual({ files: ['a.rsp', 'b.json'], mode: 'session', layout: 'rev1', json: 'out.json' });
    expect(parseVectorsArgs(['--', '--odd-name.rsp'])).toEqual({ files: ['--odd-name.rsp'], mode: 'both' });
    expect(() => parseVectorsArgs([])).toThrow(/no vector files/);
    expect(() => parseVectorsArgs(['a', '--mode', 'fast'])).toThrow(/--mode must be/);
    expect(() => parseVectorsArgs(['a', '--layout'])).toThrow(/needs a value/);
    expect(() => parseVectorsArgs(['a', '--frobnicate'])).toThrow(/unknown option/);
  });

  it('registered in main: usage error without files', async () => {
    const write = process.stderr.write;
    let text = '';
    process.stderr.write = ((s: string) => ((text += s), true)) as typeof process.stderr.write;
    try {
      expect(await main(['vectors'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(text).toMatch(/no vector files/);
    expect(text).toMatch(/vcrypto vectors FILE/);
  });

  it('runs the fixtures, prints a table and the unsupported list, writes the JSON report, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
    const json = join(dir, 'report.json');
    const out: string[] = [];
    const err: string[] = [];
    const devs: FakeDevice[] = [];
    const code = await vectorsCommand([...FILES, '--json', json], { openDevice: fakeOpen(devs), execute: referenceExecute, out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(code).toBe(0);
    const rep = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(rep).slice(0, 4)).toEqual(['files', 'passed', 'failed', 'unsupported']);
    expect(Object.keys(rep.files[0]).slice(0, 4)).toEqual(['file', 'passed', 'failed', 'unsupported']);
    expect([rep.passed, rep.failed, rep.unsupported]).toEqual([(TOTAL_CASES - UNSUPPORTED) * 3, 0, UNSUPPORTED * 3]);
    expect(rep.unsupportedCases.length).toBe(UNSUPPORTED);
    const text = out.join('\n');
    expect(text).toMatch(/^file +kind +cases +passed +failed +unsupported/);
    expect(text).toMatch(/unsupported cases:/);
    expect(text).toMatch(/tcId 3 +PKCS#5 padding of a 20-byte message/);
    expect(text).toMatch(/passed \d+, failed 0, unsupported 15, DMA violations 0$/);
    expect(err.some((l) => l.startsWith('vectors: stateless/rev1: opening device'))).toBe(true);
    expect(devs.length).toBe(3);
  });

  it('a file that is not a vector file and a failing case: exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'this is not a vector file\n');
    const json = join(dir, 'r.json');
    const code = await vectorsCommand([junk, FIX + 'cmac-ver.rsp', '--mode', 'session', '--layout', 'rev1', '--json', json], { openDevice: fakeOpen([]), execute: referenceExecute, out: () => {}, err: () => {} });
    expect(code).toBe(1);
    const rep = JSON.parse(readFileSync(json, 'utf8'));
    expect(rep.files[0]).toMatchObject({ file: junk, passed: 0, failed: 1, unsupported: 0 });
    expect(rep.files[0].error).toMatch(/unrecognised vector format/);
    expect(rep.files[1]).toMatchObject({ passed: 4, failed: 0 });

    const accepting: ExecuteCase = async (d, c, o) => (c.valid ? referenceExecute(d, c, o) : { status: STATUS.OK, output: c.output ?? new Uint8Array(0) });
    const code2 = await vectorsCommand([FIX + 'cmac-ver.rsp', '--mode', 'stateless'], { openDevice: fakeOpen([]), execute: accepting, out: () => {}, err: () => {} });
    expect(code2).toBe(1);
  });

  it('bad option combination: exit 2', async () => {
    const err: string[] = [];
    expect(await vectorsCommand(['x.rsp', '--mode', 'stateless', '--layout', 'legacy'], { out: () => {}, err: (s) => err.push(s) })).toBe(2);
    expect(err[0]).toMatch(/REVISION_1/);
  });
});
