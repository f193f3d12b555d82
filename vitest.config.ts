import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'test/**/*.test.ts',
      'test/**/*.test.tsx',
      'e2e/**/*.test.ts',
    ],
    environment: 'node',
    // Vitest's default leaves a core to its main process: one worker on a 2-core machine. Most of the suite's time is
    // spent waiting on Chromium, LibreOffice, CLI processes and the database server, so test files run two at a time
    // (or one per core on a larger machine).
    maxWorkers: Math.max(2, availableParallelism()),
    // A worker keeps the modules it has loaded from one test file to the next instead of importing the application
    // again for each file (measured: 139 s → 95 s for the unit and HTTP tests). Files therefore must not rely on
    // module state being fresh: each opens its own databases and servers, and restores what it mocks.
    isolate: false,
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-file.ts'],
    // Database tests open PGlite (WebAssembly) instances: give them time on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
