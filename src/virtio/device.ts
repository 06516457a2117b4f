// Device: a simulator with the virtio-crypto function enumerated, initialised and its queues live.
import { FEATURE_BIT } from '../constants/virtio.ts';
import type { HostMemory } from '../bridge/host-memory.ts';
import type { SimBanner } from '../bridge/banner.ts';
import type { SimStats } from '../bridge/replies.ts';
import type { SimConsole } from '../bridge/sim-console.ts';
import type { TransportKind } from '../bridge/transport.ts';
import { bringUpPci, type PciFunction } from '../pci/bring-up.ts';
import { Msix } from '../pci/msix.ts';
import { CompletionEngine, type SubmitOptions, type SubmitResult } from './completion.ts';
import { readCryptoConfig, type CryptoConfig } from './device-config.ts';
import {
  hasFeature,
  negotiateFeatures,
  resetAndWait,
  setDriverOk,
  setupConfigVector,
  setupQueue,
  type QueueInfo,
} from './init.ts';
import { locateRegions, VirtioRegs } from './regs.ts';
import { openSimulator, type SimulatorHandle } from './simulator.ts';
import { SplitVirtqueue } from './virtqueue.ts';
import { availRingBytes, descTableBytes, usedRingBytes } from './ring-layout.ts';

export interface OpenDeviceOptions {
  /** Features to accept, intersected with the offer (default: everything offered). */
  features?: bigint;
  /** Data queues to set up (default: max_dataqueues). */
  dataQueues?: number;
  /** Shrink every queue to this size (power of two). */
  queueSize?: number;
  /** Waveform file (FST). */
  trace?: string;
  transport?: TransportKind;
  /** Host memory in MiB. */
  memMb?: number;
  /** Extra simulator arguments. */
  extraArgs?: string[];
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

/** MSI-X vector of the configuration-change interrupt. */
const CONFIG_VECTOR = 0;

/** Queue q uses vector 1 + q (wrapping when the table is small); the config interrupt uses 0. */
function queueVector(queue: number, tableSize: number): number {
  return tableSize > 1 ? 1 + (queue % (tableSize - 1)) : CONFIG_VECTOR;
}

export class Device {
  private readonly engine: CompletionEngine;
  private wasReset = false;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly sim: SimulatorHandle,
    readonly pci: PciFunction,
    readonly msix: Msix,
    readonly regs: VirtioRegs,
    readonly offeredFeatures: bigint,
    readonly negotiatedFeatures: bigint,
    readonly numDataQueues: number,
    readonly controlQueue: number,
    readonly queues: QueueInfo[],
    readonly virtqueues: Map<number, SplitVirtqueue>,
    opts: OpenDeviceOptions,
  ) {
    const notifyAddrs = new Map(queues.map((q) => [q.index, regs.notifyAddr(q.notifyOff)]));
    this.engine = new CompletionEngine(
      sim.console,
      sim.memory,
      virtqueues,
      (q) => regs.notify(notifyAddrs.get(q)!, q),
      {
        ...(opts.timeoutCycles !== undefined ? { timeoutCycles: opts.timeoutCycles } : {}),
        ...(opts.sliceCycles !== undefined ? { sliceCycles: opts.sliceCycles } : {}),
      },
    );
  }

  /** Open the simulator, enumerate, initialise the device (see docs/api.md). */
  static async open(opts: OpenDeviceOptions = {}): Promise<Device> {
    const sim = await openSimulator({
      ...(opts.trace !== undefined ? { trace: opts.trace } : {}),
      ...(opts.transport ? { transport: opts.transport } : {}),
      ...(opts.memMb !== undefined ? { memMb: opts.memMb } : {}),
      ...(opts.extraArgs ? { extraArgs: opts.extraArgs } : {}),
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
    const { banner, memory } = sim;
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

    const { offered, accepted } = await negotiateFeatures(regs, opts.features);
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
        ...(opts.queueSize !== undefined ? { queueSize: opts.queueSize } : {}),
      });
      if (!info) throw new Error(`queue ${q} does not exist (queue_size 0)`);
      queues.push(info);
    }
    await con.idle();
    const eventIdx = hasFeature(accepted, FEATURE_BIT.EVENT_IDX);
    const virtqueues = new Map<number, SplitVirtqueue>();
    for (const info of queues) {
      virtqueues.set(info.index, new SplitVirtqueue(memory, info.index, info.size, info.rings, eventIdx));
      await Promise.all([
        con.grant('r', info.rings.desc, descTableBytes(info.size)),
        con.grant('r', info.rings.avail, availRingBytes(info.size)),
        con.grant('w', info.rings.used, usedRingBytes(info.size)),
      ]);
    }
    await setDriverOk(regs);
    return new Device(sim, pci, msix, regs, offered, accepted, dataQueues, controlQueue, queues, virtqueues, opts);
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

  /** MSI messages the completion pump collected. */
  get msiLog(): readonly { addr: bigint; data: number; cycle: number }[] {
    return this.engine.msiLog;
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
    if (this.wasReset) return Promise.reject(new Error('the device was reset; open a new device'));
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

  /** Write device_status = 0 and wait for 0. Outstanding requests are rejected; the queues are gone. */
  async resetDevice(): Promise<void> {
    this.wasReset = true;
    this.engine.stop(new Error('device reset while the request was outstanding'));
    await this.engine.drained();
    await resetAndWait(this.regs);
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
