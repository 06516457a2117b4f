// MSI-X: enable the function and program table entries through BAR0.
import { MSI_ADDR_STRIDE, MSIX_CAP, MSIX_CTRL, MSIX_ENTRY } from '../constants/virtio.ts';
import type { SimConsole } from '../bridge/sim-console.ts';
import type { ConfigSpace } from './config-space.ts';
import type { MsixCapability } from './enumerate.ts';

export class Msix {
  constructor(
    private readonly sim: SimConsole,
    private readonly cfg: ConfigSpace,
    readonly cap: MsixCapability,
    /** Address of the BAR holding the table (BAR0 here). */
    private readonly tableBarAddr: bigint,
  ) {}

  get tableSize(): number {
    return this.cap.tableSize;
  }

  /** Address of a table entry. */
  entryAddr(vector: number): bigint {
    return this.tableBarAddr + BigInt(this.cap.tableOffset + vector * MSIX_ENTRY.SIZE);
  }

  /** MSI address used for `vector` (addr = msibase + 4*vector, data = vector). */
  static messageAddr(msiBase: bigint, vector: number): bigint {
    return msiBase + BigInt(MSI_ADDR_STRIDE * vector);
  }

  /** Enable MSI-X, function mask off. */
  async enable(): Promise<number> {
    const at = this.cap.at + MSIX_CAP.MESSAGE_CONTROL;
    const ctrl = await this.cfg.read16(at);
    this.cfg.write16(at, (ctrl | MSIX_CTRL.ENABLE) & ~MSIX_CTRL.FUNCTION_MASK);
    return this.cfg.read16(at);
  }

  async disable(): Promise<void> {
    const at = this.cap.at + MSIX_CAP.MESSAGE_CONTROL;
    const ctrl = await this.cfg.read16(at);
    this.cfg.write16(at, ctrl & ~MSIX_CTRL.ENABLE);
  }

  /** Program one entry (posted writes) and unmask it. */
  program(vector: number, addr: bigint, data: number, masked = false): void {
    if (vector < 0 || vector >= this.tableSize) throw new RangeError(`MSI-X vector ${vector} >= table size ${this.tableSize}`);
    const e = this.entryAddr(vector);
    this.sim.mmioWrite(e + BigInt(MSIX_ENTRY.ADDR_LO), 4, Number(addr & 0xffff_ffffn));
    this.sim.mmioWrite(e + BigInt(MSIX_ENTRY.ADDR_HI), 4, Number(addr >> 32n));
    this.sim.mmioWrite(e + BigInt(MSIX_ENTRY.DATA), 4, data >>> 0);
    this.sim.mmioWrite(e + BigInt(MSIX_ENTRY.VECTOR_CTRL), 4, masked ? MSIX_ENTRY.MASKED : 0);
  }

  /** Read an entry back. */
  async read(vector: number): Promise<{ addr: bigint; data: number; control: number }> {
    const e = this.entryAddr(vector);
    const [lo, hi, data, control] = await Promise.all([
      this.sim.mmioRead(e + BigInt(MSIX_ENTRY.ADDR_LO), 4),
      this.sim.mmioRead(e + BigInt(MSIX_ENTRY.ADDR_HI), 4),
      this.sim.mmioRead(e + BigInt(MSIX_ENTRY.DATA), 4),
      this.sim.mmioRead(e + BigInt(MSIX_ENTRY.VECTOR_CTRL), 4),
    ]);
    return { addr: (BigInt(hi) << 32n) | BigInt(lo), data, control };
  }
}
