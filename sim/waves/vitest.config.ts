// Vitest configuration of `make waves`: the project's configuration plus the tracing setup file.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default mergeConfig(
  base,
  defineConfig({
    root,
    test: { setupFiles: ['sim/waves/trace-setup.ts'] },
  }),
);
