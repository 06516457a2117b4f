// Types shared by the vector parsers and the runner.
//
// VectorCase and ExecuteCase mirror src/crypto/vector-case.ts and src/crypto/execute.ts
// (another engineer's files). They are re-exported from there when those files exist.

export type { VectorCase, VectorService, VectorAlgo, ExecuteOptions, ExecuteResult, ExecuteCase } from './case-types.ts';
import type { VectorCase } from './case-types.ts';

/** Input formats recognised from the file content. */
export type VectorFormat = 'cavp' | 'wycheproof' | 'jsonl';

/**
 * One test case from a file: either a VectorCase to run, or a reason why the file's case
 * cannot be expressed as a device request (it is then counted as unsupported, never dropped).
 */
export interface LoadedCase {
  /** identifies the case inside its file (e.g. `line 12 COUNT=3 ENCRYPT`, `tcId 7 dec`, `line 4`) */
  id: string;
  case?: VectorCase;
  /** set when the case cannot be expressed as a device request */
  unsupported?: string;
  /** set when the record is malformed (counted as a failure) */
  error?: string;
}

export interface LoadedFile {
  file: string;
  format: VectorFormat;
  /** what the parser recognised (e.g. `cavp aes-cbc`, `wycheproof AES-GCM`) */
  kind: string;
  cases: LoadedCase[];
}
