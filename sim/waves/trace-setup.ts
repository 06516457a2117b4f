// Vitest setup file of `make waves` (sim/waves.mk, config sim/waves/vitest.config.ts): with
// $VCRYPTO_TRACE=<dir>, every simulator the tests start records an FST waveform into <dir>:
//   <file>--<describe>_--_<test>.fst   one per test and simulator alive during it (names reduced
//                                      to [A-Za-z0-9._+=-]); a device opened in beforeAll is
//                                      switched to a new file at each test with the console
//                                      `trace` command, and stopped after it
//   <file>--setup.fst                  what a simulator did before the first test (beforeAll)
// A second simulator in the same test gets a `-2` suffix, and so on. Nothing in src/ changes:
// SimConsole.start is wrapped here, in the test process only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { SimConsole, type SimConsoleOptions } from '../../src/bridge/sim-console.ts';

const dir = process.env['VCRYPTO_TRACE'];

interface TaskLike {
  name: string;
  suite?: TaskLike | undefined;
}

const slug = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9._+=-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 150);

if (dir) {
  const outDir = path.resolve(dir);
  fs.mkdirSync(outDir, { recursive: true });
  const live = new Set<SimConsole>();
  const used = new Map<string, number>();
  let current: string | undefined;

  const fileStem = (): string => {
    const p = expect.getState().testPath ?? 'test';
    return slug(path.relative(process.cwd(), p).replace(/^test\//, '').replace(/\.test\.ts$/, ''));
  };
  const nextFile = (base: string): string => {
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return path.join(outDir, `${base}${n === 1 ? '' : `-${n}`}.fst`);
  };
  const isSimulator = (cmd: string): boolean => path.basename(cmd).startsWith('vcrypto-sim');

  const start = SimConsole.start.bind(SimConsole);
  (SimConsole as { start: typeof SimConsole.start }).start = async (opts: SimConsoleOptions) => {
    if (opts.trace !== undefined || !isSimulator(opts.command)) return start(opts);
    const c = await start({ ...opts, trace: nextFile(current ?? `${fileStem()}--setup`) });
    live.add(c);
    const close = c.close.bind(c);
    c.close = async (...a: Parameters<typeof c.close>) => {
      live.delete(c);
      return close(...a);
    };
    return c;
  };

  beforeEach(async (ctx) => {
    const names: string[] = [];
    for (let t: TaskLike | undefined = ctx.task as TaskLike; t; t = t.suite) if (t.name) names.unshift(t.name);
    current = `${fileStem()}--${slug(names.join(' -- '))}`;
    for (const c of live) await c.traceTo(nextFile(current)).catch(() => undefined);
  });

  afterEach(async () => {
    current = undefined;
    for (const c of live) await c.traceTo(null).catch(() => undefined);
  });
}
