export { SimConsole, type SimConsoleOptions, type Addr, type MmioSize, type GrantKind, type StallChannel, type StallTarget, type FaultResp, type FaultStats, type RandomFaults } from './sim-console.ts';
export { HostMemory, BufferMemory, MemoryBase, type MemoryPort } from './host-memory.ts';
export { RangeAllocator } from './allocator.ts';
export { ensureSimulator, makeUnderLock, repoRoot, simulatorPath, variantSimulator, type SimVariant } from './ensure-sim.ts';
export { parseBanner, type SimBanner } from './banner.ts';
export { SimulatorError, SimCommandError, SimProtocolError } from './errors.ts';
export { resolveTransportKind, spawnTransport, type Transport, type TransportKind, type ExitInfo, type SpawnSpec } from './transport.ts';
export type { WaitResult, WaitEvent, IrqLog, MsiMessage, Violations, DmaViolation, SimStats } from './replies.ts';
