// Unit test of rtl/crypto/ccm (vcrypto_ccm_engine on two vcrypto_aes_core) through the Verilator
// bench in tb/unit/ccm. Expected values come only from published vectors (RFC 3610 section 8,
// NIST SP 800-38C appendix C) and from node:crypto (OpenSSL AES-CCM), never from the design.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createCipheriv, randomBytes, type CipherCCMTypes } from 'node:crypto';
import { BenchProcess, buildBench, field, hex, unhex } from './bench-process.ts';

interface Result {
  out: string;
  tag: string;
  cycles: number;
}

interface Case {
  decrypt: boolean;
  key: Uint8Array;
  nonce: Uint8Array;
  tagLen: number;
  aad: Uint8Array;
  data: Uint8Array;
}

class Bench extends BenchProcess {
  constructor(env: Record<string, string> = {}) {
    super('ccm', env);
  }

  async run(c: Case): Promise<Result> {
    const [out, tag, cycles] = await this.askFields(
      `${c.decrypt ? 1 : 0} ${hex(c.key)} ${hex(c.nonce)} ${c.tagLen} ${field(c.aad)} ${field(c.data)}`,
    );
    return { out: out === '-' ? '' : out, tag, cycles: Number(cycles) };
  }
}

/** Reference model: node:crypto AES-CCM encryption. */
function ccmEncrypt(key: Uint8Array, nonce: Uint8Array, tagLen: number, aad: Uint8Array, pt: Uint8Array) {
  const algo = `aes-${key.length * 8}-ccm` as CipherCCMTypes;
  const c = createCipheriv(algo, key, nonce, { authTagLength: tagLen });
  c.setAAD(aad, { plaintextLength: pt.length });
  // OpenSSL 3 reports "tag not set" when an empty plaintext comes as randomBytes(0) (Node passes
  // no update to OpenSSL then); a fresh Buffer.alloc(0) takes the path that works.
  const ct = Buffer.concat([c.update(pt.length ? pt : Buffer.alloc(0)), c.final()]);
  return { ct: hex(ct), tag: hex(c.getAuthTag()) };
}

/**
 * What the engine must produce for a case: the output stream and the tag it computes. For
 * decryption the input is a ciphertext and the tag is the one of the recovered plaintext, which
 * is the sender's tag: the test makes the ciphertext from a plaintext with the reference.
 */
function expected(c: Case, pt: Uint8Array): { input: Uint8Array; out: string; tag: string } {
  const e = ccmEncrypt(c.key, c.nonce, c.tagLen, c.aad, pt);
  return c.decrypt
    ? { input: unhex(e.ct), out: hex(pt), tag: e.tag }
    : { input: pt, out: e.ct, tag: e.tag };
}

async function check(b: Bench, c: Omit<Case, 'data'>, pt: Uint8Array): Promise<Result> {
  const want = expected({ ...c, data: pt }, pt);
  const r = await b.run({ ...c, data: want.input });
  expect(r.out).toBe(want.out);
  expect(r.tag).toBe(want.tag);
  return r;
}

// ---------------------------------------------------------------- published vectors
interface Vector {
  name: string;
  key: string;
  nonce: string;
  aad: string;
  pt: string;
  ct: string; // ciphertext followed by the tag
  tagLen: number;
}

const K1 = 'C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF';
const K2 = 'D7828D13B2B0BDC325A76236DF93CC6B';
const A8 = '0001020304050607';
const A12 = '000102030405060708090A0B';
const P19 = '0C0D0E0F101112131415161718191A1B1C1D1E';
const P20 = '0C0D0E0F101112131415161718191A1B1C1D1E1F';
const P21 = '0C0D0E0F101112131415161718191A1B1C1D1E1F20';
const P23 = '08090A0B0C0D0E0F101112131415161718191A1B1C1D1E';
const P24 = '08090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
const P25 = '08090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20';

// RFC 3610 section 8: the first 8 or 12 bytes of each packet are the AAD.
const RFC3610: Vector[] = [
  { name: '#1', key: K1, nonce: '00000003020100A0A1A2A3A4A5', aad: A8, pt: P23, tagLen: 8,
    ct: '588C979A61C663D2F066D0C2C0F989806D5F6B61DAC384 17E8D12CFDF926E0' },
  { name: '#2', key: K1, nonce: '00000004030201A0A1A2A3A4A5', aad: A8, pt: P24, tagLen: 8,
    ct: '72C91A36E135F8CF291CA894085C87E3CC15C439C9E43A3B A091D56E10400916' },
  { name: '#3', key: K1, nonce: '00000005040302A0A1A2A3A4A5', aad: A8, pt: P25, tagLen: 8,
    ct: '51B1E5F44A197D1DA46B0F8E2D282AE871E838BB64DA859657 4ADAA76FBD9FB0C5' },
  { name: '#4', key: K1, nonce: '00000006050403A0A1A2A3A4A5', aad: A12, pt: P19, tagLen: 8,
    ct: 'A28C6865939A9A79FAAA5C4C2A9D4A91CDAC8C 96C861B9C9E61EF1' },
  { name: '#5', key: K1, nonce: '00000007060504A0A1A2A3A4A5', aad: A12, pt: P20, tagLen: 8,
    ct: 'DCF1FB7B5D9E23FB9D4E131253658AD86EBDCA3E 51E83F077D9C2D93' },
  { name: '#6', key: K1, nonce: '00000008070605A0A1A2A3A4A5', aad: A12, pt: P21, tagLen: 8,
    ct: '6FC1B011F006568B5171A42D953D469B2570A4BD87 405A0443AC91CB94' },
  { name: '#7', key: K1, nonce: '00000009080706A0A1A2A3A4A5', aad: A8, pt: P23, tagLen: 10,
    ct: '0135D1B2C95F41D5D1D4FEC185D166B8094E999DFED96C 048C56602C97ACBB7490' },
  { name: '#8', key: K1, nonce: '0000000A090807A0A1A2A3A4A5', aad: A8, pt: P24, tagLen: 10,
    ct: '7B75399AC0831DD2F0BBD75879A2FD8F6CAE6B6CD9B7DB24 C17B4433F434963F34B4' },
  { name: '#9', key: K1, nonce: '0000000B0A0908A0A1A2A3A4A5', aad: A8, pt: P25, tagLen: 10,
    ct: '82531A60CC24945A4B8279181AB5C84DF21CE7F9B73F42E197 EA9C07E56B5EB17E5F4E' },
  { name: '#10', key: K1, nonce: '0000000C0B0A09A0A1A2A3A4A5', aad: A12, pt: P19, tagLen: 10,
    ct: '07342594157785152B074098330ABB141B947B 566AA9406B4D999988DD' },
  { name: '#11', key: K1, nonce: '0000000D0C0B0AA0A1A2A3A4A5', aad: A12, pt: P20, tagLen: 10,
    ct: '676BB20380B0E301E8AB79590A396DA78B834934 F53AA2E9107A8B6C022C' },
  { name: '#12', key: K1, nonce: '0000000E0D0C0BA0A1A2A3A4A5', aad: A12, pt: P21, tagLen: 10,
    ct: 'C0FFA0D6F05BDB67F24D43A4338D2AA4BED7B20E43 CD1AA31662E7AD65D6DB' },
  { name: '#13', key: K2, nonce: '00412B4EA9CDBE3C9696766CFA', aad: '0BE1A88BACE018B1', tagLen: 8,
    pt: '08E8CF97D820EA258460E96AD9CF5289054D895CEAC47C',
    ct: '4CB97F86A2A4689A877947AB8091EF5386A6FFBDD080F8 E78CF7CB0CDDD7B3' },
  { name: '#14', key: K2, nonce: '0033568EF7B2633C9696766CFA', aad: '63018F76DC8A1BCB', tagLen: 8,
    pt: '9020EA6F91BDD85AFA0039BA4BAFF9BFB79C7028949CD0EC',
    ct: '4CCB1E7CA981BEFAA0726C55D378061298C85C92814ABC33 C52EE81D7D77C08A' },
  { name: '#15', key: K2, nonce: '00103FE41336713C9696766CFA', aad: 'AA6CFA36CAE86B40', tagLen: 8,
    pt: 'B916E0EACC1C00D7DCEC68EC0B3BBB1A02DE8A2D1AA346132E',
    ct: 'B1D23A2220DDC0AC900D9AA03C61FCF4A559A4417767089708 A776796EDB723506' },
  { name: '#16', key: K2, nonce: '00764C63B8058E3C9696766CFA', aad: 'D0D0735C531E1BECF049C244', tagLen: 8,
    pt: '12DAAC5630EFA5396F770CE1A66B21F7B2101C',
    ct: '14D253C3967B70609B7CBB7C499160283245269A6F49975BCADEAF' },
  { name: '#17', key: K2, nonce: '00F8B678094E3B3C9696766CFA', aad: '77B60F011C03E1525899BCAE', tagLen: 8,
    pt: 'E88B6A46C78D63E52EB8C546EFB5DE6F75E9CC0D',
    ct: '5545FF1A085EE2EFBF52B2E04BEE1E2336C73E3F 762C0C7744FE7E3C' },
  { name: '#18', key: K2, nonce: '00D560912D3F703C9696766CFA', aad: 'CD9044D2B71FDB8120EA60C0', tagLen: 8,
    pt: '6435ACBAFB11A82E2F071D7CA4A5EBD93A803BA87F',
    ct: '009769ECABDF48625594C59251E6035722675E04C8 47099E5AE0704551' },
  { name: '#19', key: K2, nonce: '0042FFF8F1951C3C9696766CFA', aad: 'D85BC7E69F944FB8', tagLen: 10,
    pt: '8A19B950BCF71A018E5E6701C91787659809D67DBEDD18',
    ct: 'BC218DAA947427B6DB386A99AC1AEF23ADE0B52939CB6A 637CF9BEC2408897C6BA' },
  { name: '#20', key: K2, nonce: '00920F40E56CDC3C9696766CFA', aad: '74A0EBC9069F5B37', tagLen: 10,
    pt: '1761433C37C5A35FC1F39F406302EB907C6163BE38C98437',
    ct: '5810E6FD25874022E80361A478E3E9CF484AB04F447EFFF6 F0A477CC2FC9BF548944' },
  { name: '#21', key: K2, nonce: '0027CA0C7120BC3C9696766CFA', aad: '44A3AA3AAE6475CA', tagLen: 10,
    pt: 'A434A8E58500C6E41530538862D686EA9E81301B5AE4226BFA',
    ct: 'F2BEED7BC5098E83FEB5B31608F8E29C38819A89C8E776F154 4D4151A4ED3A8B87B9CE' },
  { name: '#22', key: K2, nonce: '005B8CCBCD9AF83C9696766CFA', aad: 'EC46BB63B02520C33C49FD70', tagLen: 10,
    pt: 'B96B49E21D621741632875DB7F6C9243D2D7C2',
    ct: '31D750A09DA3ED7FDDD49A2032AABF17EC8EBF 7D22C8088C666BE5C197' },
  { name: '#23', key: K2, nonce: '003EBE94044B9A3C9696766CFA', aad: '47A65AC78B3D594227E85E71', tagLen: 10,
    pt: 'E2FCFBB880442C731BF95167C8FFD7895E337076',
    ct: 'E882F1DBD38CE3EDA7C23F04DD65071EB41342AC DF7E00DCCEC7AE52987D' },
  { name: '#24', key: K2, nonce: '008D493B30AE8B3C9696766CFA', aad: '6E37A6EF546D955D34AB6059', tagLen: 10,
    pt: 'ABF21C0B02FEB88F856DF4A37381BCE3CC128517D4',
    ct: 'F32905B88A641B04B9C9FFB58CC390900F3DA12AB1 6DCE9E82EFA16DA62059' },
];

// NIST SP 800-38C appendix C (AES-128). Example 4 has 65536 bytes of AAD: 0x00..0xff repeated.
const SPKEY = '404142434445464748494a4b4c4d4e4f';
const C4_AAD = hex(Uint8Array.from({ length: 65536 }, (_, i) => i & 0xff));
const SP800_38C: Vector[] = [
  { name: 'C.1', key: SPKEY, nonce: '10111213141516', aad: '0001020304050607', tagLen: 4,
    pt: '20212223', ct: '7162015b 4dac255d' },
  { name: 'C.2', key: SPKEY, nonce: '1011121314151617', aad: '000102030405060708090a0b0c0d0e0f', tagLen: 6,
    pt: '202122232425262728292a2b2c2d2e2f', ct: 'd2a1f0e051ea5f62081a7792073d593d 1fc64fbfaccd' },
  { name: 'C.3', key: SPKEY, nonce: '101112131415161718191a1b', tagLen: 8,
    aad: '000102030405060708090a0b0c0d0e0f10111213',
    pt: '202122232425262728292a2b2c2d2e2f3031323334353637',
    ct: 'e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5 484392fbc1b09951' },
  { name: 'C.4', key: SPKEY, nonce: '101112131415161718191a1b1c', tagLen: 14, aad: C4_AAD,
    pt: '202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f',
    ct: '69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72 b4ac6bec93e8598e7f0dadbcea5b' },
];

const VECTORS = [
  ...RFC3610.map((v) => ({ ...v, name: `RFC 3610 packet vector ${v.name}` })),
  ...SP800_38C.map((v) => ({ ...v, name: `SP 800-38C ${v.name}` })),
];

// ---------------------------------------------------------------- tests
let bench: Bench;

beforeAll(() => {
  buildBench('ccm');
  bench = new Bench();
});

afterAll(async () => {
  await bench?.close();
});

describe('CCM reference vectors agree with node:crypto (guards against typos)', () => {
  it('RFC 3610 packet vectors 1-24 and SP 800-38C C.1-C.4', () => {
    for (const v of VECTORS) {
      const e = ccmEncrypt(unhex(v.key), unhex(v.nonce), v.tagLen, unhex(v.aad), unhex(v.pt));
      expect(e.ct + e.tag, v.name).toBe(hex(unhex(v.ct)));
    }
  });
});

describe('published vectors', () => {
  for (const v of VECTORS) {
    const all = hex(unhex(v.ct));
    const ptLen = unhex(v.pt).length;
    const ct = all.slice(0, 2 * ptLen);
    const tag = all.slice(2 * ptLen);
    const base = { key: unhex(v.key), nonce: unhex(v.nonce), tagLen: v.tagLen, aad: unhex(v.aad) };
    it(`${v.name} encrypt`, async () => {
      const r = await bench.run({ ...base, decrypt: false, data: unhex(v.pt) });
      expect(r.out).toBe(ct);
      expect(r.tag).toBe(tag);
    });
    it(`${v.name} decrypt`, async () => {
      const r = await bench.run({ ...base, decrypt: true, data: unhex(ct) });
      expect(r.out).toBe(hex(unhex(v.pt)));
      expect(r.tag).toBe(tag);
    });
  }
});

describe('formatting corners against node:crypto', () => {
  it('AAD lengths around the block and encoding boundaries, every data length 0..40', async () => {
    const key = randomBytes(16);
    for (const aadLen of [0, 1, 2, 13, 14, 15, 16, 17, 29, 30, 31, 32, 46, 47]) {
      for (const dataLen of [0, 1, 15, 16, 17, 32, 33]) {
        const nonce = randomBytes(7 + ((aadLen + dataLen) % 7));
        await check(
          bench,
          { decrypt: (aadLen + dataLen) % 2 === 1, key, nonce, tagLen: 4 + 2 * (dataLen % 7), aad: randomBytes(aadLen) },
          randomBytes(dataLen),
        );
      }
    }
    for (let dataLen = 0; dataLen <= 40; dataLen++) {
      await check(
        bench,
        { decrypt: dataLen % 2 === 0, key, nonce: randomBytes(13), tagLen: 16, aad: randomBytes(5) },
        randomBytes(dataLen),
      );
    }
  });

  it('every nonce length 7..13 and every tag length 4..16, all key sizes', async () => {
    for (const kl of [16, 24, 32]) {
      const key = randomBytes(kl);
      for (let n = 7; n <= 13; n++) {
        for (let t = 4; t <= 16; t += 2) {
          await check(
            bench,
            { decrypt: (n + t) % 2 === 0, key, nonce: randomBytes(n), tagLen: t, aad: randomBytes(n + t) },
            randomBytes(3 * t),
          );
        }
      }
    }
  });

  it('long AAD (6-byte length encoding, a >= 0xFF00) with and without a flush block', async () => {
    // 65280 = 0xFF00: first long length; (a + 6) mod 16 decides whether a last partial block is left
    for (const aadLen of [65279, 65280, 65290, 65291, 65300]) {
      const key = randomBytes(32);
      for (const decrypt of [false, true]) {
        await check(
          bench,
          { decrypt, key, nonce: randomBytes(12), tagLen: 16, aad: randomBytes(aadLen) },
          randomBytes(aadLen % 50),
        );
      }
    }
  });

  it('counter field of 8 bytes (n = 7) and 2 bytes (n = 13) across 256 blocks', async () => {
    const key = randomBytes(16);
    for (const n of [7, 13]) {
      await check(bench, { decrypt: false, key, nonce: randomBytes(n), tagLen: 8, aad: new Uint8Array(0) }, randomBytes(16 * 260 + 3));
    }
  });
});

describe('random cases against node:crypto', () => {
  it('320 random messages (key size, nonce, tag length, AAD and data lengths, direction)', async () => {
    const aadLens = [0, 1, 14, 15, 16];
    const dataLens = [0, 1, 15, 16, 17];
    const failures: string[] = [];
    for (let i = 0; i < 320; i++) {
      const key = randomBytes([16, 24, 32][i % 3]);
      const nonce = randomBytes(7 + Math.floor(Math.random() * 7));
      const tagLen = 4 + 2 * (i % 7);
      const aadLen =
        i === 7 ? 0xff00 + Math.floor(Math.random() * 64)
        : i % 2 === 0 ? aadLens[(i >> 1) % aadLens.length]
        : Math.floor(Math.random() * 301);
      const dataLen = i % 3 === 0 ? dataLens[Math.floor(i / 3) % dataLens.length] : Math.floor(Math.random() * 2001);
      const c = { decrypt: Math.random() < 0.5, key, nonce, tagLen, aad: randomBytes(aadLen) };
      const pt = randomBytes(dataLen);
      const want = expected({ ...c, data: pt }, pt);
      const r = await bench.run({ ...c, data: want.input });
      if (r.out !== want.out || r.tag !== want.tag) {
        failures.push(`${c.decrypt ? 1 : 0} ${hex(key)} ${hex(nonce)} ${tagLen} aad=${aadLen} data=${dataLen}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('same results with other backpressure seeds and no backpressure', async () => {
    for (const env of [
      { UNIT_SEED: '7', UNIT_BP: '70', UNIT_GAP: '60' },
      { UNIT_SEED: '3', UNIT_BP: '0', UNIT_GAP: '0' },
      { UNIT_SEED: '11', UNIT_BP: '95', UNIT_GAP: '0' },
    ]) {
      const b = new Bench(env);
      try {
        for (let i = 0; i < 30; i++) {
          const key = randomBytes([16, 24, 32][i % 3]);
          await check(
            b,
            { decrypt: i % 2 === 1, key, nonce: randomBytes(7 + (i % 7)), tagLen: 4 + 2 * (i % 7), aad: randomBytes((i * 13) % 70) },
            randomBytes((i * 37) % 150),
          );
        }
      } finally {
        await b.close();
      }
    }
  });
});

describe('throughput without backpressure', () => {
  it('cycles per 16-byte block are Nr+1 plus a few clocks of fill', async () => {
    const b = new Bench({ UNIT_BP: '0', UNIT_GAP: '0' });
    try {
      const blocks = 64;
      const lines: string[] = [];
      for (const [bits, nr] of [[128, 10], [192, 12], [256, 14]] as const) {
        const key = randomBytes(bits / 8);
        const nonce = randomBytes(12);
        const none = new Uint8Array(0);
        // the key is already expanded from the first message: measure the steady state
        await check(b, { decrypt: false, key, nonce, tagLen: 16, aad: none }, randomBytes(16));
        for (const decrypt of [false, true]) {
          const data = await check(b, { decrypt, key, nonce, tagLen: 16, aad: none }, randomBytes(16 * blocks));
          const aad = await check(b, { decrypt, key, nonce, tagLen: 16, aad: randomBytes(16 * blocks - 2) }, none);
          const perData = data.cycles / blocks;
          const perAad = aad.cycles / blocks;
          lines.push(`AES-${bits} ${decrypt ? 'dec' : 'enc'}: ${perData.toFixed(2)} clocks/data block, ${perAad.toFixed(2)} clocks/AAD block`);
          // B0 and the tag add about two block times to a 64-block message
          expect(perData).toBeLessThanOrEqual(nr + 1 + (3 * (nr + 1) + 8) / blocks);
          expect(perAad).toBeLessThanOrEqual(nr + 1 + (3 * (nr + 1) + 8) / blocks);
        }
      }
      console.log(lines.join('\n'));
    } finally {
      await b.close();
    }
  });
});
