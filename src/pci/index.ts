export { ConfigSpace } from './config-space.ts';
export {
  readIdentity,
  walkCapabilities,
  sizeBar0,
  assignBar0,
  readBar0,
  enableDevice,
  type PciIdentity,
  type RawCapability,
  type VirtioCapability,
  type MsixCapability,
  type CapabilityList,
  type Bar0Info,
} from './enumerate.ts';
export { Msix } from './msix.ts';
export { bringUpPci, type PciFunction } from './bring-up.ts';
