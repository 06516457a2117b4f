// One real-device fuzz run (docs/fuzz.md): 300 seeded cases, mutated and valid, with valid
// traffic on the other data queues; every answer must be the predicted one, nothing may hang,
// no DMA access may leave the grants and no valid request may come back wrong. (Seeds
// device-test and device-test-2..5 hit the two device bugs reported with the fuzzer: unknown
// op_type with a chaining session → INVSESS, stateless chain alg_chain_order not checked.)
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../src/fuzz/index.ts';
import { openDevice } from '../../src/index.ts';
import { formatFailure } from '../../src/cli/fuzz.ts';

describe('vcrypto fuzz on the device', () => {
  it('300 cases: as predicted, no hang, no DMA violation, no collateral', async () => {
    const t0 = Date.now();
    const r = await runFuzz({ seed: 'device-test', count: 300, openDevice });
    const text = r.failures.slice(0, 5).map(formatFailure).join('\n');
    expect(r.cases).toBe(300);
    expect(r.unexpected, text).toBe(0);
    expect(r.hangs, text).toBe(0);
    expect(r.dmaViolations, text).toBe(0);
    expect(r.collateral, text).toBe(0);
    expect(r.asExpected).toBe(r.requests);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });
});
