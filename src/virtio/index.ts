export { Device, openDevice, type OpenDeviceOptions, type ProbeInfo } from './device.ts';
export { openSimulator, type OpenSimulatorOptions, type SimulatorHandle } from './simulator.ts';
export {
  CompletionEngine,
  RequestTimeoutError,
  type PumpConsole,
  type SubmitOptions,
  type SubmitResult,
  type CompletionOptions,
  type PlacedRequest,
  type PumpSlice,
} from './completion.ts';
export { DeviceResetError, DeviceNeedsResetError, QueueResetError, QueueResetTimeoutError } from './errors.ts';
export { SplitVirtqueue, type SplitVirtqueueOptions } from './virtqueue.ts';
export { PackedVirtqueue, type PackedVirtqueueOptions, type EventSuppression } from './packed-virtqueue.ts';
export type { Virtqueue, Segment, UsedElem, CollectedElem, RingKind } from './virtqueue-types.ts';
export { VirtioRegs, locateRegions, type RegionAddresses } from './regs.ts';
export { readCryptoConfig, type CryptoConfig } from './device-config.ts';
export {
  FeaturesRefusedError,
  negotiateFeatures,
  resetAndWait,
  setupQueue,
  programQueue,
  allocRings,
  ringAreaBytes,
  setupConfigVector,
  setDriverOk,
  hasFeature,
  type Negotiated,
  type QueueInfo,
  type QueueSetupOptions,
} from './init.ts';
export * as ringLayout from './ring-layout.ts';
