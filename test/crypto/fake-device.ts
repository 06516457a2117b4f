// Test doubles for the crypto layer:
// - RecordingDevice: records every submitRaw call and answers with a caller-supplied function.
// - ModelDevice: a software device that parses the control and data requests of every service
//   (cipher, chain, hash, mac, aead) in all three layouts (legacy, REVISION_1, stateless;
//   D1/D2/D3/D4) and answers from the reference model. It checks the
//   helpers and the regression engine end to end without the RTL; it is NOT an independent
//   check of the reference model.
import * as C from '../../src/constants/crypto.ts';
import type { FullDevice, OpenDeviceOptions, SubmitOptions, SubmitResult } from '../../src/crypto/device.ts';
import { concatBytes, decodeStruct, selectCtrlLayout, selectDataLayout } from '../../src/crypto/structs.ts';
import { expectAead, expectCipher, expectChain, expectCreateSession, expectHash, expectMac, type ChainSessionModel, type Expected } from '../../src/ref/index.ts';

export interface Submission {
  queue: number;
  readable: Uint8Array[];
  writableLengths: number[];
  opts: SubmitOptions | undefined;
}

type Responder = (s: Submission) => Uint8Array; // returns the whole writable area

function splitArea(area: Uint8Array, lengths: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  for (const n of lengths) {
    out.push(area.slice(o, o + n));
    o += n;
  }
  return out;
}

export class RecordingDevice implements FullDevice {
  submissions: Submission[] = [];
  numDataQueues = 2;
  controlQueue = 2;
  offeredFeatures = C.FEATURE_PROFILE.all;
  cycles = 0n;
  constructor(
    public negotiatedFeatures: bigint,
    protected responder: Responder = (s) => new Uint8Array(s.writableLengths.reduce((a, b) => a + b, 0)),
  ) {}
  async submitRaw(queue: number, readable: Uint8Array[], writableLengths: number[], opts?: SubmitOptions): Promise<SubmitResult> {
    const s = { queue, readable: readable.map((b) => b.slice()), writableLengths: [...writableLengths], opts };
    this.submissions.push(s);
    this.cycles += 100n;
    const area = this.responder(s);
    return { usedLen: area.length, written: splitArea(area, writableLengths) };
  }
  async dmaViolations() { return 0; }
  async readConfig() { return {}; }
  async probe() { return { features: this.negotiatedFeatures, numDataQueues: this.numDataQueues }; }
  async stats() { return { cycles: this.cycles }; }
  async close() {}
}

const u32 = (b: Uint8Array, off: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, true);

type Sess =
  | { kind: 'cipher'; algo: number; key: Uint8Array; op: number }
  | { kind: 'chain'; chain: ChainSessionModel }
  | { kind: 'hash'; algo: number; hashResultLen: number }
  | { kind: 'mac'; algo: number; key: Uint8Array; hashResultLen: number }
  | { kind: 'aead'; algo: number; key: Uint8Array; tagLen: number; op: number };

/** Everything the design table advertises (config masks: bit = algorithm number). */
export function fullConfig() {
  const mask = (xs: Iterable<number>, hi = false) => {
    let m = 0;
    for (const a of xs) if (hi ? a >= 32 : a < 32) m |= 2 ** (hi ? a - 32 : a);
    return m >>> 0;
  };
  return {
    status: 1,
    maxDataqueues: 2,
    cryptoServices: (1 << C.SERVICE.CIPHER) | (1 << C.SERVICE.HASH) | (1 << C.SERVICE.MAC) | (1 << C.SERVICE.AEAD),
    cipherAlgoL: mask(C.DEVICE_SUPPORTED.cipher),
    cipherAlgoH: mask(C.DEVICE_SUPPORTED.cipher, true),
    hashAlgo: mask(C.DEVICE_SUPPORTED.hash),
    macAlgoL: mask(C.DEVICE_SUPPORTED.mac),
    macAlgoH: mask(C.DEVICE_SUPPORTED.mac, true),
    aeadAlgo: mask(C.DEVICE_SUPPORTED.aead),
    maxCipherKeyLen: C.DEVICE_LIMITS.MAX_CIPHER_KEY_LEN,
    maxAuthKeyLen: C.DEVICE_LIMITS.MAX_AUTH_KEY_LEN,
    akcipherAlgo: 0,
    maxSize: 2 ** 32,
  };
}

class Reader {
  constructor(private readonly b: Uint8Array, public off: number) {}
  take(n: number): Uint8Array | undefined {
    if (this.off + n > this.b.length) return undefined;
    const r = this.b.slice(this.off, this.off + n);
    this.off += n;
    return r;
  }
}

/** Software device answering every service from the reference model. */
export class ModelDevice extends RecordingDevice {
  private sessions = new Map<bigint, Sess>();
  private nextId = 1n;
  closed = false;
  config: ReturnType<typeof fullConfig> = fullConfig();

  constructor(features: bigint) {
    super(features);
    this.responder = (s) => this.answer(s);
  }

  override async close() {
    this.closed = true;
  }
  override async readConfig() {
    return this.config;
  }

  private answer(s: Submission): Uint8Array {
    const total = s.writableLengths.reduce((a, b) => a + b, 0);
    const area = new Uint8Array(total);
    const out = concatBytes(s.readable);
    if (s.queue === this.controlQueue) this.control(out, area);
    else this.data(out, area);
    return area;
  }

  // ---------------------------------------------------------------- control queue
  private control(out: Uint8Array, area: Uint8Array): void {
    const layout = selectCtrlLayout(this.negotiatedFeatures);
    const hdr = decodeStruct(C.CTRL_HEADER, out);
    const flfOff = C.CTRL_HEADER.size;
    const flfSize = (l: C.StructLayout) => (layout === 'legacy' ? C.LEGACY.CTRL_FLF_SIZE : l.size);
    const opcode = hdr.opcode as number;
    const one = (st: number) => {
      if (area.length > 0) area[area.length - 1] = st;
    };
    const writeInput = (status: number, id = 0n) => {
      // design.md: session_input when the area holds 16 bytes, else the 1-byte status at the end
      if (area.length < C.SESSION_INPUT.size) return one(status);
      const dv = new DataView(area.buffer);
      if (status === C.STATUS.OK) dv.setBigUint64(0, id, true);
      dv.setUint32(C.SESSION_INPUT.fields.status.off, status, true);
    };
    const store = (sess: Sess) => {
      const id = this.nextId++;
      this.sessions.set(id, sess);
      writeInput(C.STATUS.OK, id);
    };
    const svc = C.opcodeService(opcode);
    if (opcode === C.DESTROY_SESSION_OPCODE[svc] && svc !== C.SERVICE.AKCIPHER) {
      const id = decodeStruct(C.DESTROY_FLF, out.subarray(flfOff)).sessionId as bigint;
      return one(this.sessions.delete(id) ? C.STATUS.OK : C.STATUS.ERR); // D17: ids never reused here
    }
    if (opcode === C.OPCODE.CIPHER_CREATE_SESSION) {
      const opType = u32(out, flfOff + C.CIPHER_CREATE_FLF.fields.opType.off);
      const r = new Reader(out, flfOff + flfSize(C.CIPHER_CREATE_FLF));
      if (opType === C.SYM_OP.ALGORITHM_CHAINING) {
        const f = decodeStruct(C.CHAIN_CREATE_FLF, out.subarray(flfOff)) as Record<string, number>;
        const cipherKey = r.take(f.cipherKeyLen!);
        const authKey = f.hashMode === C.SYM_HASH_MODE.AUTH ? r.take(f.authKeyLen!) : new Uint8Array(0);
        if (!cipherKey || !authKey) return writeInput(C.STATUS.ERR); // D18
        const chain: ChainSessionModel = { order: f.algChainOrder!, hashMode: f.hashMode!, cipherAlgo: f.cipherAlgo!, cipherOp: f.cipherOp!, cipherKey, hashAlgo: f.hashAlgo!, authKey, hashResultLen: f.hashResultLen! };
        const e = expectCreateSession({ service: C.SERVICE.CIPHER, algo: f.cipherAlgo!, keyLen: cipherKey.length, op: f.cipherOp!, opType, chain });
        return e.status === C.STATUS.OK ? store({ kind: 'chain', chain }) : writeInput(e.status);
      }
      const f = decodeStruct(C.CIPHER_CREATE_FLF, out.subarray(flfOff)) as Record<string, number>;
      const key = r.take(f.keyLen!);
      if (!key) return writeInput(C.STATUS.ERR); // D18
      const e = expectCreateSession({ service: C.SERVICE.CIPHER, algo: f.algo!, keyLen: key.length, key, op: f.op!, opType });
      return e.status === C.STATUS.OK ? store({ kind: 'cipher', algo: f.algo!, key, op: f.op! }) : writeInput(e.status);
    }
    if (opcode === C.OPCODE.HASH_CREATE_SESSION) {
      const f = decodeStruct(C.HASH_CREATE_FLF, out.subarray(flfOff)) as Record<string, number>;
      const e = expectCreateSession({ service: C.SERVICE.HASH, algo: f.algo!, keyLen: 0, op: 0, hashResultLen: f.hashResultLen! });
      return e.status === C.STATUS.OK ? store({ kind: 'hash', algo: f.algo!, hashResultLen: f.hashResultLen! }) : writeInput(e.status);
    }
    if (opcode === C.OPCODE.MAC_CREATE_SESSION) {
      const f = decodeStruct(C.MAC_CREATE_FLF, out.subarray(flfOff)) as Record<string, number>;
      const key = new Reader(out, flfOff + flfSize(C.MAC_CREATE_FLF)).take(f.authKeyLen!);
      if (!key) return writeInput(C.STATUS.ERR);
      const e = expectCreateSession({ service: C.SERVICE.MAC, algo: f.algo!, keyLen: key.length, op: 0, hashResultLen: f.hashResultLen! });
      return e.status === C.STATUS.OK ? store({ kind: 'mac', algo: f.algo!, key, hashResultLen: f.hashResultLen! }) : writeInput(e.status);
    }
    if (opcode === C.OPCODE.AEAD_CREATE_SESSION) {
      const f = decodeStruct(C.AEAD_CREATE_FLF, out.subarray(flfOff)) as Record<string, number>;
      const key = new Reader(out, flfOff + flfSize(C.AEAD_CREATE_FLF)).take(f.keyLen!);
      if (!key) return writeInput(C.STATUS.ERR);
      const e = expectCreateSession({ service: C.SERVICE.AEAD, algo: f.algo!, keyLen: key.length, op: f.op!, tagLen: f.tagLen! });
      return e.status === C.STATUS.OK ? store({ kind: 'aead', algo: f.algo!, key, tagLen: f.tagLen!, op: f.op! }) : writeInput(e.status);
    }
    // D19: unknown / unimplemented opcode
    writeInput(C.STATUS.NOTSUPP);
  }

  // ---------------------------------------------------------------- data queues
  private data(out: Uint8Array, area: Uint8Array): void {
    const setStatus = (st: number) => {
      if (area.length > 0) area[area.length - 1] = st; // D3
    };
    const apply = (e: Expected) => {
      if (area.length === 0) return;
      for (const w of e.writes) area.set(w.bytes.subarray(0, Math.max(0, Math.min(w.bytes.length, area.length - 1 - w.offset))), w.offset);
      setStatus(e.status);
    };
    const hdr = decodeStruct(C.DATA_HEADER, out);
    const opcode = hdr.opcode as number;
    const service = C.opcodeService(opcode);
    const known = [C.OPCODE.CIPHER_ENCRYPT, C.OPCODE.CIPHER_DECRYPT, C.OPCODE.HASH, C.OPCODE.MAC, C.OPCODE.AEAD_ENCRYPT, C.OPCODE.AEAD_DECRYPT] as number[];
    if (!known.includes(opcode)) return setStatus(C.STATUS.NOTSUPP); // D19
    const layout = selectDataLayout(this.negotiatedFeatures, service);
    if (layout === 'rev1' && hdr.flag !== C.FLAG.SESSION_MODE) return setStatus(C.STATUS.NOTSUPP); // §6 item 10
    const sessionMode = layout !== 'stateless' || hdr.flag === C.FLAG.SESSION_MODE; // D2
    const flfBytes = out.subarray(C.DATA_HEADER.size);
    const flfSize = (l: C.StructLayout) => (layout === 'legacy' ? C.LEGACY.DATA_FLF_SIZE : l.size);
    let sess: Sess | undefined;
    if (sessionMode) {
      sess = this.sessions.get(hdr.sessionId as bigint);
      if (!sess) return setStatus(C.STATUS.INVSESS); // D17
    }
    const dec = (l: C.StructLayout) => decodeStruct(l, flfBytes) as Record<string, number>;
    const areaLen = area.length;

    if (service === C.SERVICE.CIPHER) {
      const opType = layout === 'stateless' ? u32(flfBytes, C.CIPHER_DATA_FLF_STATELESS.fields.opType.off) : u32(flfBytes, C.CIPHER_DATA_FLF.fields.opType.off);
      if (opType === C.SYM_OP.CIPHER) {
        const fl = layout === 'stateless' ? C.CIPHER_DATA_FLF_STATELESS : C.CIPHER_DATA_FLF;
        const f = dec(fl);
        const r = new Reader(out, C.DATA_HEADER.size + flfSize(fl));
        let algo: number, op: number, key: Uint8Array | undefined;
        if (sessionMode) {
          if (sess!.kind !== 'cipher') return setStatus(C.STATUS.ERR);
          ({ algo, op, key } = sess!);
        } else {
          algo = f.algo!;
          op = f.op!;
          key = r.take(f.keyLen!);
        }
        const iv = r.take(f.ivLen!);
        const src = r.take(f.srcDataLen!);
        if (!key || !iv || !src) return setStatus(C.STATUS.ERR); // D18
        const e = expectCipher({ algo, op, key, iv, src, dstLen: f.dstDataLen!, writableLen: areaLen });
        if (e.status === C.STATUS.OK) area.set(e.dst.subarray(0, Math.min(e.resultLen, areaLen - 1)));
        return setStatus(e.status);
      }
      if (opType === C.SYM_OP.ALGORITHM_CHAINING) {
        const fl = layout === 'stateless' ? C.CHAIN_DATA_FLF_STATELESS : C.CHAIN_DATA_FLF;
        const f = dec(fl);
        const r = new Reader(out, C.DATA_HEADER.size + flfSize(fl));
        let chain: ChainSessionModel;
        if (sessionMode) {
          if (sess!.kind !== 'chain') return setStatus(C.STATUS.ERR);
          chain = sess!.chain;
        } else {
          const cipherKey = r.take(f.cipherKeyLen!);
          const authKey = r.take(f.authKeyLen!);
          if (!cipherKey || !authKey) return setStatus(C.STATUS.ERR);
          chain = { order: f.algChainOrder!, hashMode: f.hashMode!, cipherAlgo: f.cipherAlgo!, cipherOp: f.cipherOp!, cipherKey, hashAlgo: f.hashAlgo!, authKey, hashResultLen: f.hashResultLen! };
        }
        const iv = r.take(f.ivLen!);
        const aad = r.take(f.aadLen!); // D4: iv, aad, src
        const src = r.take(f.srcDataLen!);
        if (!iv || !aad || !src) return setStatus(C.STATUS.ERR);
        return apply(expectChain({ ...chain, iv, aad, src, cipherStart: f.cipherStartSrcOffset!, lenToCipher: f.lenToCipher!, hashStart: f.hashStartSrcOffset!, lenToHash: f.lenToHash!, dstLen: f.dstDataLen!, areaLen }));
      }
      return setStatus(C.STATUS.NOTSUPP); // op_type NONE / unknown
    }
    if (service === C.SERVICE.HASH) {
      const fl = layout === 'stateless' ? C.HASH_DATA_FLF_STATELESS : C.HASH_DATA_FLF;
      const f = dec(fl);
      const r = new Reader(out, C.DATA_HEADER.size + flfSize(fl));
      if (sessionMode && sess!.kind !== 'hash') return setStatus(C.STATUS.ERR);
      const algo = sessionMode ? (sess as { algo: number }).algo : f.algo!;
      const hashResultLen = sessionMode ? (sess as { hashResultLen: number }).hashResultLen : f.hashResultLen!;
      const src = r.take(f.srcDataLen!);
      if (!src) return setStatus(C.STATUS.ERR);
      return apply(expectHash({ algo, src, hashResultLen, areaLen }));
    }
    if (service === C.SERVICE.MAC) {
      const fl = layout === 'stateless' ? C.MAC_DATA_FLF_STATELESS : C.MAC_DATA_FLF;
      const f = dec(fl);
      const r = new Reader(out, C.DATA_HEADER.size + flfSize(fl));
      if (sessionMode && sess!.kind !== 'mac') return setStatus(C.STATUS.ERR);
      const m = sess as { algo: number; key: Uint8Array; hashResultLen: number } | undefined;
      const key = sessionMode ? m!.key : r.take(f.authKeyLen!);
      const src = r.take(f.srcDataLen!);
      if (!key || !src) return setStatus(C.STATUS.ERR);
      return apply(expectMac({ algo: sessionMode ? m!.algo : f.algo!, key, src, hashResultLen: sessionMode ? m!.hashResultLen : f.hashResultLen!, areaLen }));
    }
    // AEAD
    const fl = layout === 'stateless' ? C.AEAD_DATA_FLF_STATELESS : C.AEAD_DATA_FLF;
    const f = dec(fl);
    const r = new Reader(out, C.DATA_HEADER.size + flfSize(fl));
    if (sessionMode && sess!.kind !== 'aead') return setStatus(C.STATUS.ERR);
    const a = sess as { algo: number; key: Uint8Array; tagLen: number; op: number } | undefined;
    const key = sessionMode ? a!.key : r.take(f.keyLen!);
    const iv = r.take(f.ivLen!);
    const aad = r.take(f.aadLen!); // D4
    const src = r.take(f.srcDataLen!);
    if (!key || !iv || !aad || !src) return setStatus(C.STATUS.ERR);
    return apply(expectAead({ algo: sessionMode ? a!.algo : f.algo!, op: sessionMode ? a!.op : f.op!, key, iv, aad, src, tagLen: sessionMode ? a!.tagLen : f.tagLen!, dstLen: f.dstDataLen!, areaLen }));
  }
}

export function modelOpenDevice(log: ModelDevice[] = []) {
  return async (opts?: OpenDeviceOptions): Promise<FullDevice> => {
    const d = new ModelDevice(opts?.features ?? C.FEATURE_PROFILE.legacy);
    log.push(d);
    return d;
  };
}

export { u32 };
