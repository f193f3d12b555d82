import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { openDatabase } from '../../src/db/connect.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Compiles the application to dist/ when it is missing or older than the sources (tests that run `shinchoku` as a
 * process of its own run the compiled CLI, as users do). Without the type check: that is its own step
 * (scripts/test.sh), and a file being edited must not stop the other tests. The tests then run that build even if a
 * source is saved meanwhile (SHINCHOKU_BUILD_CHECK=skip, inherited by the processes the tests start).
 */
function buildOnce(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--no-check'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.env.SHINCHOKU_BUILD_CHECK = 'skip';
}

/**
 * Builds the application, and one embedded database, migrated and seeded, before the test files run; each file then works on its own
 * copy (test/support/setup-file.ts), so files never share the single-process PGlite directory.
 */
export default async function setup(project: TestProject) {
  buildOnce();
  const root = mkdtempSync(join(tmpdir(), 'shinchoku-test-'));
  const dataDir = join(root, 'template');
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  await prepareDatabase(handle.db);
  await handle.close();
  project.provide('templateDataDir', dataDir);
  return () => rmSync(root, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDataDir: string;
  }
}
