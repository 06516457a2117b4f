// Every failing test says how to reproduce it with waveforms (robustness issue: "every failing
// test prints how to reproduce it"). `make waves` re-runs one test with FST tracing on and prints
// the waveform paths (docs/debug.md); regress / fuzz failures print their seed and command.
import { beforeEach } from 'vitest';

beforeEach((ctx) => {
  ctx.onTestFailed(() => {
    const file = ctx.task.file?.name ?? '';
    const name = ctx.task.name.replace(/'/g, "'\\''");
    process.stderr.write(
      `\nreproduce with waveforms: make waves TEST='${file}' WAVES_ARGS="-t '${name}'"\n` +
        `  (FST files are written under sim/build/waves/; see docs/debug.md)\n`,
    );
  });
});
