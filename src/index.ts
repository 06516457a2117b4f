// vcrypto co-simulation testbench: public entry point.
export { openDevice, openSimulator, Device } from './virtio/index.ts';
export type {
  OpenDeviceOptions,
  OpenSimulatorOptions,
  SimulatorHandle,
  ProbeInfo,
  SubmitOptions,
  SubmitResult,
  CryptoConfig,
} from './virtio/index.ts';
export * from './virtio/index.ts';
export * from './bridge/index.ts';
export * from './pci/index.ts';
export * from './constants/index.ts';
