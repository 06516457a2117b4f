// The executeCase the CLI uses by default (src/crypto/execute.ts), loaded when `vectors` runs so
// the other commands do not depend on it.
import type { ExecuteCase } from './types.ts';

export async function loadExecuteCase(): Promise<ExecuteCase> {
  const { executeCase } = await import('../crypto/execute.ts');
  return executeCase;
}
