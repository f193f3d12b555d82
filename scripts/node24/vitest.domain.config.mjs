// The pure domain's unit tests for the Node 24 stage (scripts/node24-smoke.mjs). The domain does no I/O, so the
// project's set-up (a build and a seeded embedded database copied for every test file) is left out: it is the
// larger part of the time, and the main suites already run it on Node 20.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../../', import.meta.url)),
  test: {
    include: ['src/domain/**/*.test.ts', 'src/domain/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
