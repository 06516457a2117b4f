// Device: a simulator with the virtio-crypto function enumerated, initialised and its queues live.
import { DEVICE_STATUS, DRIVER_DEFAULTS, FEATURE_BIT, FEATURE_WORD_BITS, FEATURE_WORDS, OPT_IN_FEATURES, QUEUE_RESET_DEFAULTS } from '../constants/virtio.ts';
import type { HostMemory } from '../bridge/host-memory.ts';
import type { SimBanner } from '../bridge/banner.ts';
import type { MsiMessage, SimStats } from '../bridge/replies.ts';
import type { SimConsole } from '../bridge/sim-console.ts';
import type { TransportKind } from '../bridge/transport.ts';
import { bringUpPci, type PciFunction } from '../pci/bring-up.ts';
import { Msix } from '../pci/msix.ts';
import { CompletionEngine, type PumpSlice, type SubmitOptions, type SubmitResult } from './completion.ts';
import { DeviceNeedsResetError, DeviceResetError, QueueResetTimeoutError } from './errors.ts';
import { readCryptoConfig, type CryptoConfig } from './device-config.ts';
import {
  hasFeature,
  negotiateFeatures,
  programQueue,
  resetAndWait,
  ringAreaBytes,
  setDriverOk,
  setupConfigVector,
  setupQueue,
  type QueueInfo,
} from './init.ts';
import { locateRegions, VirtioRegs } from './regs.ts';
import { openSimulator, type SimulatorHandle } from './simulator.ts';
import { SplitVirtqueue } from './virtqueue.ts';
import { PackedVirtqueue } from './packed-virtqueue.ts';
import type { Virtqueue } from './virtqueue-types.ts';

export interface OpenDeviceOptions {
  /**
   * Features to accept, intersected with the offer (default: everything offered except
   * OPT_IN_FEATURES: RING_PACKED, IN_ORDER, NOTIFICATION_DATA, RING_RESET).
   */
  features?: bigint;
  /** Data queues to set up (default: max_dataqueues). */
  dataQueues?: number;
  /** Shrink every queue to this size (split: a power of two; packed ring: any 1..32768). */
  queueSize?: number;
  /** Waveform file (FST). */
  trace?: string;
  transport?: TransportKind;
  /** Host memory in MiB. */
  memMb?: number;
  /** Extra simulator arguments. */
  extraArgs?: string[];
  /**
   * Simulator binary to run (e.g. a variant from variantSimulator()); default: the default
   * build, made by ensureSimulator().
   */
  simulator?: string;
  /** Simulated cycles after which a request is a timeout error. */
  timeoutCycles?: number;
  /** Cycles per `wait any` slice of the completion pump. */
  sliceCycles?: number;
}

export interface ProbeInfo {
  pci: {
    vendorId: number;
    deviceId: number;
    revision: number;
    classCode: number;
    subsystemVendorId: number;
    subsystemId: number;
  };
  capabilities: { cfgType: number; bar: number; offset: number; length: number }[];
  msix: { tableSize: number };
  /** Offered features as "0x…". */
  deviceFeatures: string;
  /** Names of the offered feature bits (FEATURE_BIT), lowest bit first. */
  deviceFeatureNames: string[];
  /** Features this driver negotiated, as "0x…", and their names. */
  negotiatedFeatures: string;
  negotiatedFeatureNames: string[];
  numQueues: number;
  config: {
    status: number;
    maxDataqueues: number;
    cryptoServices: number;
    cipherAlgoL: number;
    cipherAlgoH: number;
    hashAlgo: number;
    macAlgoL: number;
    macAlgoH: number;
    aeadAlgo: number;
    maxCipherKeyLen: number;
    maxAuthKeyLen: number;
    maxSize: number;
  };
}

/** Names of the bits set in `mask` (FEATURE_BIT; unknown bits as `bit<n>`), lowest first. */
export function featureNames(mask: bigint): string[] {
  const out: string[] = [];
  for (let b = 0; b < FEATURE_WORDS * Number(FEATURE_WORD_BITS); b++) {
    if (((mask >> BigInt(b)) & 1n) === 0n) continue;
    const name = Object.entries(FEATURE_BIT).find(([, v]) => v === b)?.[0];
    out.push(name ?? `bit${b}`);
  }
  return out;
}

/** MSI-X vector of the configuration-change interrupt. */
const CONFIG_VECTOR = 0;

/** Queue q uses vector 1 + q (wrapping when the table is small); the config interrupt uses 0. */
function queueVector(queue: number, tableSize: number): number {
  return tableSize > 1 ? 1 + (queue % (tableSize - 1)) : CONFIG_VECTOR;
}

/** What the virtio part of the init sequence set up (replaced by reinit()). */
interface VirtioSetup {
  offered: bigint;
  accepted: bigint;
  dataQueues: number;
  controlQueue: number;
  queues: QueueInfo[];
  virtqueues: Map<number, Virtqueue>;
  /** Grant ids of the ring areas (split: desc/avail r, used w; packed: desc rw, driver event r, device event w). */
  ringGrants: number[];
  /** VIRTIO_F_NOTIFICATION_DATA accepted: notifications are 32-bit writes of notifyValue(). */
  notificationData: boolean;
}

export class Device {
  private engine: CompletionEngine;
  private setup: VirtioSetup;
  private wasReset = false;
  private closed: Promise<void> | undefined;
  private readonly allMsis: MsiMessage[] = [];
  private needsResetErr: DeviceNeedsResetError | undefined;
  /** Config-vector MSI address (msibase + 4·CONFIG_VECTOR). */
  private readonly configMsiAddr: bigint;

  private constructor(
    private readonly sim: SimulatorHandle,
    readonly pci: PciFunction,
    readonly msix: Msix,
    readonly regs: VirtioRegs,
    setup: VirtioSetup,
    private readonly opts: OpenDeviceOptions,
  ) {
    this.setup = setup;
    this.configMsiAddr = Msix.messageAddr(sim.banner.msiBase, CONFIG_VECTOR);
    this.engine = this.makeEngine();
  }

  private makeEngine(): CompletionEngine {
    const { queues, virtqueues } = this.setup;
    const notifyAddrs = new Map(queues.map((q) => [q.index, this.regs.notifyAddr(q.notifyOff)]));
    return new CompletionEngine(
      this.sim.console,
      this.sim.memory,
      virtqueues,
      this.setup.notificationData
        ? (q) => this.regs.notifyData(notifyAddrs.get(q)!, virtqueues.get(q)!.notifyValue())
        : (q) => this.regs.notify(notifyAddrs.get(q)!, q),
      {
        ...(this.opts.timeoutCycles !== undefined ? { timeoutCycles: this.opts.timeoutCycles } : {}),
        ...(this.opts.sliceCycles !== undefined ? { sliceCycles: this.opts.sliceCycles } : {}),
        msiLog: this.allMsis,
        healthCheck: (slice) => this.healthCheck(slice),
      },
    );
  }

  /**
   * After a pump slice: on a configuration-change interrupt, or when a slice passed without any
   * interrupt or used-ring progress, read device_status; DEVICE_NEEDS_RESET fails every
   * outstanding request with DeviceNeedsResetError (and later submissions too, until reinit()).
   */
  private async healthCheck(slice: PumpSlice): Promise<Error | undefined> {
    const configIrq = slice.messages.some((m) => this.isConfigMsi(m));
    if (!configIrq && slice.event !== 'timeout') return undefined;
    const status = await this.regs.status();
    if ((status & DEVICE_STATUS.NEEDS_RESET) === 0) return undefined;
    this.needsResetErr ??= new DeviceNeedsResetError(status, this.sim.console.cycle, this.configInterrupts.length > 0);
    return this.needsResetErr;
  }

  /** Open the simulator, enumerate, initialise the device (see docs/api.md). */
  static async open(opts: OpenDeviceOptions = {}): Promise<Device> {
    const sim = await openSimulator({
      ...(opts.trace !== undefined ? { trace: opts.trace } : {}),
      ...(opts.transport ? { transport: opts.transport } : {}),
      ...(opts.memMb !== undefined ? { memMb: opts.memMb } : {}),
      ...(opts.extraArgs ? { extraArgs: opts.extraArgs } : {}),
      ...(opts.simulator !== undefined ? { command: opts.simulator } : {}),
    });
    try {
      return await Device.init(sim, opts);
    } catch (e) {
      await sim.close().catch(() => undefined);
      throw e;
    }
  }

  private static async init(sim: SimulatorHandle, opts: OpenDeviceOptions): Promise<Device> {
    const con = sim.console;
    const { banner } = sim;
    const pci = await bringUpPci(con);
    const barAddr = (bar: number): bigint => {
      if (bar !== 0) throw new Error(`capability points at BAR${bar}; only BAR0 is assigned`);
      return pci.bar0Addr;
    };
    const regs = new VirtioRegs(con, locateRegions(pci.caps.virtio, barAddr));
    if (!pci.caps.msix) throw new Error('device has no MSI-X capability');
    const msix = new Msix(con, pci.cfg, pci.caps.msix, barAddr(pci.caps.msix.tableBir));
    await msix.enable();
    await con.grant('w', banner.msiBase, banner.msiSize);
    const setup = await Device.setupVirtio(sim, msix, regs, opts);
    return new Device(sim, pci, msix, regs, setup, opts);
  }

  /**
   * The virtio part of the init sequence (steps 1-8 of §8.7): reset and wait for 0, features,
   * config vector, queues (rings allocated, zeroed and granted), DRIVER_OK.
   */
  private static async setupVirtio(sim: SimulatorHandle, msix: Msix, regs: VirtioRegs, opts: OpenDeviceOptions): Promise<VirtioSetup> {
    const con = sim.console;
    const { banner, memory } = sim;
    const { offered, accepted } = await negotiateFeatures(regs, opts.features, OPT_IN_FEATURES);
    const packed = hasFeature(accepted, FEATURE_BIT.RING_PACKED);
    const inOrder = hasFeature(accepted, FEATURE_BIT.IN_ORDER);
    const devCfg = await readCryptoConfig(regs);
    const controlQueue = devCfg.maxDataqueues;
    const dataQueues = opts.dataQueues ?? controlQueue;
    if (!Number.isInteger(dataQueues) || dataQueues < 0 || dataQueues > controlQueue) {
      throw new RangeError(`dataQueues ${dataQueues} outside 0..${controlQueue}`);
    }

    const programmed = new Set<number>();
    const program = (vector: number) => {
      if (programmed.has(vector)) return;
      programmed.add(vector);
      msix.program(vector, Msix.messageAddr(banner.msiBase, vector), vector);
    };
    program(CONFIG_VECTOR);
    await setupConfigVector(regs, CONFIG_VECTOR);

    const queueIndices = [...Array.from({ length: dataQueues }, (_, i) => i), controlQueue];
    const queues: QueueInfo[] = [];
    for (const q of queueIndices) {
      const vector = queueVector(q, msix.tableSize);
      program(vector);
      const info = await setupQueue(regs, memory, q, {
        msixVector: vector,
        packed,
        ...(opts.queueSize !== undefined ? { queueSize: opts.queueSize } : {}),
      });
      if (!info) throw new Error(`queue ${q} does not exist (queue_size 0)`);
      queues.push(info);
    }
    await con.idle();
    const eventIdx = hasFeature(accepted, FEATURE_BIT.EVENT_IDX);
    const virtqueues = new Map<number, Virtqueue>();
    const ringGrants: number[] = [];
    for (const info of queues) {
      virtqueues.set(
        info.index,
        packed
          ? new PackedVirtqueue(memory, info.index, info.size, info.rings, { eventIdx, inOrder })
          : new SplitVirtqueue(memory, info.index, info.size, info.rings, eventIdx, { inOrder }),
      );
      const bytes = ringAreaBytes(info.size, packed);
      ringGrants.push(
        ...(await Promise.all([
          // A packed device writes used descriptors into the descriptor ring.
          con.grant(packed ? 'rw' : 'r', info.rings.desc, bytes.desc),
          con.grant('r', info.rings.avail, bytes.avail),
          con.grant('w', info.rings.used, bytes.used),
        ])),
      );
    }
    await setDriverOk(regs);
    const notificationData = hasFeature(accepted, FEATURE_BIT.NOTIFICATION_DATA);
    return { offered, accepted, dataQueues, controlQueue, queues, virtqueues, ringGrants, notificationData };
  }

  // ---------------------------------------------------------------- what init set up

  get offeredFeatures(): bigint {
    return this.setup.offered;
  }

  get negotiatedFeatures(): bigint {
    return this.setup.accepted;
  }

  get numDataQueues(): number {
    return this.setup.dataQueues;
  }

  get controlQueue(): number {
    return this.setup.controlQueue;
  }

  /** The queues of the current initialisation (new addresses after reinit()). */
  get queues(): QueueInfo[] {
    return this.setup.queues;
  }

  get virtqueues(): Map<number, Virtqueue> {
    return this.setup.virtqueues;
  }

  /** VIRTIO_F_RING_PACKED was accepted: every queue is a PackedVirtqueue. */
  get packedRing(): boolean {
    return hasFeature(this.setup.accepted, FEATURE_BIT.RING_PACKED);
  }

  // ---------------------------------------------------------------- access

  get console(): SimConsole {
    return this.sim.console;
  }

  get memory(): HostMemory {
    return this.sim.memory;
  }

  get banner(): SimBanner {
    return this.sim.banner;
  }

  /** MSI messages collected so far (by the completion pump and pollInterrupts()), over every init. */
  get msiLog(): readonly MsiMessage[] {
    return this.allMsis;
  }

  /** MSI-X vector of the configuration-change interrupt. */
  get configVector(): number {
    return CONFIG_VECTOR;
  }

  /** Whether an MSI message is the configuration-change interrupt (address and data of vector 0). */
  isConfigMsi(m: MsiMessage): boolean {
    return m.addr === this.configMsiAddr && m.data === CONFIG_VECTOR;
  }

  /** Configuration-change interrupts in msiLog (collected so far; see pollInterrupts()). */
  get configInterrupts(): MsiMessage[] {
    return this.allMsis.filter((m) => this.isConfigMsi(m));
  }

  /** Set when the completion pump saw DEVICE_NEEDS_RESET (cleared by reinit()). */
  get needsResetError(): DeviceNeedsResetError | undefined {
    return this.needsResetErr;
  }

  /** Requests submitted and not completed. */
  get outstanding(): number {
    return this.engine.outstanding;
  }

  // ---------------------------------------------------------------- requests

  /**
   * Submit one chain: `readable` buffers (device-readable, in order) then writable buffers of the
   * given lengths. Resolves when the device returns the chain in the used ring.
   */
  submitRaw(queue: number, readable: Uint8Array[], writableLengths: number[], opts: SubmitOptions = {}): Promise<SubmitResult> {
    if (this.wasReset) return Promise.reject(new Error('the device was reset; call reinit() or open a new device'));
    if (this.closed) return Promise.reject(new Error('the device is closed'));
    return this.engine.submit(queue, readable, writableLengths, opts);
  }

  /** Number of DMA accesses outside every grant since the simulator started. */
  async dmaViolations(): Promise<number> {
    return (await this.sim.console.violations()).count;
  }

  readConfig(): Promise<CryptoConfig> {
    return readCryptoConfig(this.regs);
  }

  async probe(): Promise<ProbeInfo> {
    const id = this.pci.identity;
    const [numQueues, c] = await Promise.all([this.regs.numQueues(), this.readConfig()]);
    return {
      pci: {
        vendorId: id.vendorId,
        deviceId: id.deviceId,
        revision: id.revision,
        classCode: id.classCode,
        subsystemVendorId: id.subsystemVendorId,
        subsystemId: id.subsystemId,
      },
      capabilities: this.pci.caps.virtio.map((v) => ({ cfgType: v.cfgType, bar: v.bar, offset: v.offset, length: v.length })),
      msix: { tableSize: this.msix.tableSize },
      deviceFeatures: `0x${this.offeredFeatures.toString(16)}`,
      deviceFeatureNames: featureNames(this.offeredFeatures),
      negotiatedFeatures: `0x${this.negotiatedFeatures.toString(16)}`,
      negotiatedFeatureNames: featureNames(this.negotiatedFeatures),
      numQueues,
      config: {
        status: c.status,
        maxDataqueues: c.maxDataqueues,
        cryptoServices: c.cryptoServices,
        cipherAlgoL: c.cipherAlgoL,
        cipherAlgoH: c.cipherAlgoH,
        hashAlgo: c.hashAlgo,
        macAlgoL: c.macAlgoL,
        macAlgoH: c.macAlgoH,
        aeadAlgo: c.aeadAlgo,
        maxCipherKeyLen: c.maxCipherKeyLen,
        maxAuthKeyLen: c.maxAuthKeyLen,
        maxSize: c.maxSize,
      },
    };
  }

  stats(): Promise<SimStats> {
    return this.sim.console.stats();
  }

  // ---------------------------------------------------------------- status, interrupts

  /** device_status as the device reports it now. */
  deviceStatus(): Promise<number> {
    return this.regs.status();
  }

  /** device_status has DEVICE_NEEDS_RESET (64) set. */
  async needsReset(): Promise<boolean> {
    return ((await this.regs.status()) & DEVICE_STATUS.NEEDS_RESET) !== 0;
  }

  /** Collect the simulator's MSI log now (`irqs`) into msiLog; returns the new messages. */
  async pollInterrupts(): Promise<MsiMessage[]> {
    const log = await this.sim.console.irqs();
    this.allMsis.push(...log.messages);
    return log.messages;
  }

  /**
   * Run the simulator until msiLog holds more than `after` configuration-change interrupts
   * (default: more than it holds now), at most `limit` cycles. Resolves true when one came.
   * Safe while the completion pump runs (both append to msiLog).
   */
  async waitConfigInterrupt(limit: number, after = this.configInterrupts.length): Promise<boolean> {
    const con = this.sim.console;
    await con.idle();
    const start = con.cycle;
    for (;;) {
      if (this.configInterrupts.length > after) return true;
      const spent = con.cycle - start;
      if (spent >= limit) return false;
      const before = con.cycle;
      const r = await con.waitIrq(Math.min(DRIVER_DEFAULTS.PUMP_SLICE_CYCLES, limit - spent));
      const got = await this.pollInterrupts();
      if (r.event === 'irq' && got.length === 0 && r.cycle === before) await con.run(16); // INTx level: advance anyway
    }
  }

  // ---------------------------------------------------------------- queue reset (RING_RESET)

  /**
   * Reset one queue (VIRTIO_F_RING_RESET): park the completion pump, select the queue, write
   * queue_reset = 1 and poll (bounded in simulated cycles) until queue_reset and queue_enable read
   * 0. Then deliver what the device returned before the reset, reject every other request in flight
   * on the queue with QueueResetError (dropped: never delivered; grants revoked, buffers freed),
   * zero the ring in place, program size, addresses and vector again and set queue_enable = 1.
   * Requests queued meanwhile are placed afterwards; other queues resume with the pump. On a
   * timeout (QueueResetTimeoutError) the queue stays held and its requests outstanding.
   */
  async resetQueue(queue: number, opts: { limitCycles?: number; pollCycles?: number } = {}): Promise<{ dropped: number }> {
    if (this.closed) throw new Error('the device is closed');
    if (this.wasReset) throw new Error('the device was reset; call reinit() or open a new device');
    if (!hasFeature(this.setup.accepted, FEATURE_BIT.RING_RESET)) throw new Error('VIRTIO_F_RING_RESET was not negotiated');
    const at = this.setup.queues.findIndex((q) => q.index === queue);
    const vq = this.setup.virtqueues.get(queue);
    if (at < 0 || !vq) throw new Error(`queue ${queue} is not set up`);
    const limit = opts.limitCycles ?? QUEUE_RESET_DEFAULTS.LIMIT_CYCLES;
    const poll = opts.pollCycles ?? QUEUE_RESET_DEFAULTS.POLL_CYCLES;
    const con = this.sim.console;
    const engine = this.engine;
    engine.holdQueue(queue);
    await engine.pause();
    try {
      await con.idle();
      this.regs.selectQueue(queue);
      this.regs.setQueueReset(QUEUE_RESET_DEFAULTS.REQUEST);
      const start = await con.run(0);
      for (;;) {
        const [reset, enable] = await Promise.all([this.regs.queueReset(), this.regs.queueEnable()]);
        if (reset === QUEUE_RESET_DEFAULTS.DONE && enable === 0) break;
        const now = await con.run(poll);
        if (now - start > limit) throw new QueueResetTimeoutError(queue, now - start, reset, enable);
      }
      await con.idle();
      const dropped = engine.dropQueue(queue);
      vq.reset();
      this.setup.queues[at] = await programQueue(this.regs, this.setup.queues[at]!);
      await con.idle();
      engine.releaseQueue(queue);
      return { dropped };
    } finally {
      engine.resume();
    }
  }

  // ---------------------------------------------------------------- reset / re-initialisation

  /**
   * Reset the device: stop the completion pump, write device_status = 0 and poll until it reads 0;
   * then (the device has quiesced) reject every outstanding request with DeviceResetError, revoke
   * every grant of requests and rings (the MSI window grant stays) and free their memory.
   * Afterwards submitRaw() rejects until reinit(). With `{ reinit: true }` it re-initialises at once.
   */
  async resetDevice(opts: { reinit?: boolean } = {}): Promise<void> {
    if (this.closed) throw new Error('the device is closed');
    if (!this.wasReset) {
      const reason = new DeviceResetError(opts.reinit ? 'reinit' : 'reset');
      this.engine.halt(reason);
      await this.engine.drained();
      try {
        await resetAndWait(this.regs);
      } catch (e) {
        // Not quiesced: the buffers stay reserved (the device may still write them).
        this.engine.stop(e as Error);
        throw e;
      }
      this.wasReset = true;
      await this.engine.releaseAll(reason);
      await this.releaseRings();
    }
    if (opts.reinit) await this.reinit();
  }

  /**
   * Re-initialise in the same simulator: resetDevice() first unless already reset, then the whole
   * init sequence again (features, config vector, queues with fresh rings, MSI-X entries, grants,
   * DRIVER_OK) with the options the device was opened with. Clears needsResetError.
   */
  async reinit(): Promise<void> {
    if (!this.wasReset) await this.resetDevice();
    this.setup = await Device.setupVirtio(this.sim, this.msix, this.regs, this.opts);
    this.needsResetErr = undefined;
    this.engine = this.makeEngine();
    this.wasReset = false;
  }

  /** Revoke the ring grants and free the ring memory (device quiesced). */
  private async releaseRings(): Promise<void> {
    const con = this.sim.console;
    for (const id of this.setup.ringGrants.splice(0)) con.revoke(id);
    for (const q of this.setup.queues) {
      this.sim.memory.free(q.rings.desc);
      this.sim.memory.free(q.rings.avail);
      this.sim.memory.free(q.rings.used);
    }
    await con.sync();
  }

  /** Reject outstanding requests, shutdown handshake, close host memory. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.engine.stop(new Error('device closed while the request was outstanding'));
      await this.sim.close();
    })();
    return this.closed;
  }
}

export function openDevice(opts?: OpenDeviceOptions): Promise<Device> {
  return Device.open(opts);
}
