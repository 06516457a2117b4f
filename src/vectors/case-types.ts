// The VectorCase / executeCase contract lives in src/crypto/vector-case.ts and src/crypto/execute.ts.
import type { DeviceLike } from '../crypto/device.ts';
import type { ExecuteOptions, ExecuteResult } from '../crypto/execute.ts';
import type { VectorCase } from '../crypto/vector-case.ts';

export type { VectorAlgo, VectorCase, VectorService } from '../crypto/vector-case.ts';
export type { ExecuteOptions, ExecuteResult } from '../crypto/execute.ts';

/** The shape of executeCase (injectable so the runner can be tested without the device). */
export type ExecuteCase = (dev: DeviceLike, c: VectorCase, opts: ExecuteOptions) => Promise<ExecuteResult>;
