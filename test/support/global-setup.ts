import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { openDatabase } from '../../src/db/connect.ts';

/**
 * Builds one embedded database, migrated and seeded, before the test files run; each file then works on its own
 * copy (test/support/setup-file.ts), so files never share the single-process PGlite directory.
 */
export default async function setup(project: TestProject) {
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
