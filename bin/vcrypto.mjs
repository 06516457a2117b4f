#!/usr/bin/env node
// vcrypto CLI entry: load TypeScript sources through tsx, then run src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`vcrypto: ${e?.stack ?? String(e)}\n`);
  process.exitCode = 1;
}
