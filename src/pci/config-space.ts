// Byte/word/dword access to PCI configuration space over dword cfgrd/cfgwr.
import type { SimConsole } from '../bridge/sim-console.ts';

const BYTE_BITS = 8;
const DWORD_MASK = ~3;
const BYTE_MASK = 0xff;
const WORD_MASK = 0xffff;
const BE_BYTE = 0b0001;
const BE_WORD = 0b0011;
const BE_DWORD = 0b1111;

export class ConfigSpace {
  constructor(private readonly sim: SimConsole) {}

  read32(addr: number): Promise<number> {
    return this.sim.cfgRead(addr & DWORD_MASK);
  }

  async read16(addr: number): Promise<number> {
    const d = await this.read32(addr);
    return (d >>> ((addr & 3) * BYTE_BITS)) & WORD_MASK;
  }

  async read8(addr: number): Promise<number> {
    const d = await this.read32(addr);
    return (d >>> ((addr & 3) * BYTE_BITS)) & BYTE_MASK;
  }

  /** Posted (the error, if any, shows on the next awaited call). */
  write32(addr: number, value: number): void {
    this.sim.cfgWrite(addr & DWORD_MASK, value >>> 0, BE_DWORD);
  }

  write16(addr: number, value: number): void {
    const shift = (addr & 3) * BYTE_BITS;
    this.sim.cfgWrite(addr & DWORD_MASK, ((value & WORD_MASK) << shift) >>> 0, BE_WORD << (addr & 3));
  }

  write8(addr: number, value: number): void {
    const shift = (addr & 3) * BYTE_BITS;
    this.sim.cfgWrite(addr & DWORD_MASK, ((value & BYTE_MASK) << shift) >>> 0, BE_BYTE << (addr & 3));
  }
}
