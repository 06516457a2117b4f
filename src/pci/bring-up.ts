// Enumerate the single PCI function: identity, capabilities, BAR0 size and address, command register.
import { BAR0_ASSIGN_ADDR } from '../constants/virtio.ts';
import type { SimConsole } from '../bridge/sim-console.ts';
import { ConfigSpace } from './config-space.ts';
import {
  assignBar0,
  enableDevice,
  readBar0,
  readIdentity,
  sizeBar0,
  walkCapabilities,
  type Bar0Info,
  type CapabilityList,
  type PciIdentity,
} from './enumerate.ts';

export interface PciFunction {
  cfg: ConfigSpace;
  identity: PciIdentity;
  caps: CapabilityList;
  bar0: Bar0Info;
  /** Address BAR0 was assigned. */
  bar0Addr: bigint;
  /** Command register after enabling memory + bus master. */
  command: number;
}

export async function bringUpPci(sim: SimConsole, bar0Addr: bigint = BAR0_ASSIGN_ADDR): Promise<PciFunction> {
  const cfg = new ConfigSpace(sim);
  const identity = await readIdentity(cfg);
  if (identity.vendorId === 0xffff) throw new Error('no device answers config reads (vendor id 0xffff)');
  const caps = await walkCapabilities(cfg);
  const bar0 = await sizeBar0(cfg);
  if (bar0.size === 0n) throw new Error('BAR0 is not implemented (size 0)');
  if (bar0Addr % bar0.size !== 0n) throw new Error(`BAR0 address 0x${bar0Addr.toString(16)} is not aligned to its size`);
  assignBar0(cfg, bar0Addr, bar0.is64);
  const readBack = await readBar0(cfg);
  if (readBack !== bar0Addr) throw new Error(`BAR0 reads 0x${readBack.toString(16)} after assigning 0x${bar0Addr.toString(16)}`);
  const command = await enableDevice(cfg);
  return { cfg, identity, caps, bar0, bar0Addr, command };
}
