// Test doubles for the crypto layer:
// - RecordingDevice: records every submitRaw call and answers with a caller-supplied function.
// - ModelDevice: a software device that parses cipher control/data requests in all three layouts
//   (legacy, REVISION_1, stateless; D1/D2/D3) and answers from the reference model. It checks the
//   helpers and the regression engine end to end without the RTL; it is NOT an independent
//   check of the reference model.
import * as C from '../../src/constants/crypto.ts';
import type { FullDevice, OpenDeviceOptions, SubmitOptions, SubmitResult } from '../../src/crypto/device.ts';
import { concatBytes, decodeStruct, selectCtrlLayout, selectDataLayout } from '../../src/crypto/structs.ts';
import { expectCipher, expectCreateSession } from '../../src/ref/index.ts';

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

interface Sess {
  algo: number;
  key: Uint8Array;
  op: number;
}

/** Software device answering cipher requests from the reference model. */
export class ModelDevice extends RecordingDevice {
  private sessions = new Map<bigint, Sess>();
  private nextId = 1n;
  closed = false;

  constructor(features: bigint) {
    super(features);
    this.responder = (s) => this.answer(s);
  }

  override async close() {
    this.closed = true;
  }

  private answer(s: Submission): Uint8Array {
    const total = s.writableLengths.reduce((a, b) => a + b, 0);
    const area = new Uint8Array(total);
    const out = concatBytes(s.readable);
    if (s.queue === this.controlQueue) this.control(out, area);
    else this.data(out, area);
    return area;
  }

  private control(out: Uint8Array, area: Uint8Array): void {
    const layout = selectCtrlLayout(this.negotiatedFeatures);
    const hdr = decodeStruct(C.CTRL_HEADER, out);
    const flfOff = C.CTRL_HEADER.size;
    const opcode = hdr.opcode as number;
    const writeInput = (status: number, id = 0n) => {
      if (area.length < C.SESSION_INPUT.size) return;
      const dv = new DataView(area.buffer);
      dv.setBigUint64(0, id, true);
      dv.setUint32(C.SESSION_INPUT.fields.status.off, status, true);
    };
    if (opcode === C.OPCODE.CIPHER_CREATE_SESSION) {
      const flf = decodeStruct(C.CIPHER_CREATE_FLF, out.subarray(flfOff));
      const keyOff = flfOff + (layout === 'legacy' ? C.LEGACY.CTRL_FLF_SIZE : C.CIPHER_CREATE_FLF.size);
      const keyLen = flf.keyLen as number;
      if (out.length < keyOff + keyLen) return writeInput(C.STATUS.ERR); // D18
      const e = expectCreateSession({ service: C.SERVICE.CIPHER, algo: flf.algo as number, keyLen, op: flf.op as number, opType: flf.opType as number });
      if (e.status !== C.STATUS.OK) return writeInput(e.status);
      const id = this.nextId++;
      this.sessions.set(id, { algo: flf.algo as number, key: out.slice(keyOff, keyOff + keyLen), op: flf.op as number });
      return writeInput(C.STATUS.OK, id);
    }
    if (opcode === C.OPCODE.CIPHER_DESTROY_SESSION) {
      const id = decodeStruct(C.DESTROY_FLF, out.subarray(flfOff)).sessionId as bigint;
      const ok = this.sessions.delete(id); // D17: ids are never reused here
      if (area.length > 0) area[area.length - 1] = ok ? C.STATUS.OK : C.STATUS.ERR;
      return;
    }
    // D19: unknown / unimplemented opcode
    if (area.length >= C.SESSION_INPUT.size) writeInput(C.STATUS.NOTSUPP);
    else if (area.length > 0) area[area.length - 1] = C.STATUS.NOTSUPP;
  }

  private data(out: Uint8Array, area: Uint8Array): void {
    const setStatus = (st: number) => {
      if (area.length > 0) area[area.length - 1] = st; // D3
    };
    const hdr = decodeStruct(C.DATA_HEADER, out);
    const opcode = hdr.opcode as number;
    if (C.opcodeService(opcode) !== C.SERVICE.CIPHER) return setStatus(C.STATUS.NOTSUPP);
    const layout = selectDataLayout(this.negotiatedFeatures, C.SERVICE.CIPHER);
    const flfBytes = out.subarray(C.DATA_HEADER.size);
    let ivLen: number, srcLen: number, dstLen: number, opType: number, flfSize: number;
    let sess: Sess | undefined;
    let keyLen = 0;
    const sessionMode = layout !== 'stateless' || hdr.flag === C.FLAG.SESSION_MODE;
    if (layout === 'rev1' && hdr.flag !== C.FLAG.SESSION_MODE) return setStatus(C.STATUS.NOTSUPP); // §6 item 10
    if (layout === 'stateless') {
      const f = decodeStruct(C.CIPHER_DATA_FLF_STATELESS, flfBytes);
      [ivLen, srcLen, dstLen, opType] = [f.ivLen, f.srcDataLen, f.dstDataLen, f.opType] as number[] as [number, number, number, number];
      flfSize = C.CIPHER_DATA_FLF_STATELESS.size;
      if (!sessionMode) {
        keyLen = f.keyLen as number;
        sess = { algo: f.algo as number, op: f.op as number, key: new Uint8Array(0) };
      }
    } else {
      const f = decodeStruct(C.CIPHER_DATA_FLF, flfBytes);
      [ivLen, srcLen, dstLen, opType] = [f.ivLen, f.srcDataLen, f.dstDataLen, f.opType] as number[] as [number, number, number, number];
      flfSize = layout === 'legacy' ? C.LEGACY.DATA_FLF_SIZE : C.CIPHER_DATA_FLF.size;
    }
    if (opType !== C.SYM_OP.CIPHER) return setStatus(C.STATUS.NOTSUPP);
    if (sessionMode) {
      sess = this.sessions.get(hdr.sessionId as bigint);
      if (!sess) return setStatus(C.STATUS.INVSESS); // D17
    }
    let o = C.DATA_HEADER.size + flfSize;
    if (out.length < o + keyLen + ivLen + srcLen) return setStatus(C.STATUS.ERR); // D18
    const key = sessionMode ? sess!.key : out.slice(o, o + keyLen);
    o += keyLen;
    const iv = out.slice(o, o + ivLen);
    o += ivLen;
    const src = out.slice(o, o + srcLen);
    const e = expectCipher({ algo: sess!.algo, op: sess!.op, key, iv, src, dstLen, writableLen: area.length });
    if (e.status === C.STATUS.OK) area.set(e.dst.subarray(0, Math.min(e.resultLen, area.length - 1)));
    setStatus(e.status);
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
