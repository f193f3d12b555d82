import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

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
 * A migrated, empty embedded database as a data-directory dump, written to `path`: the repository tests load it for
 * every PGlite database they open (test/support/databases.ts) instead of migrating one in each test file.
 */
async function writeMigratedDump(path: string): Promise<void> {
  const pglite = await PGlite.create();
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
}

/**
 * Builds the application, one embedded database, migrated and seeded, and one migrated and empty, before the test
 * files run. Each file works on its own copy of the first (test/support/setup-file.ts), so files never share the
 * single-process PGlite directory, and loads the second for each database its repository tests open.
 */
export default async function setup(project: TestProject) {
  buildOnce();
  const root = mkdtempSync(join(tmpdir(), 'shinchoku-test-'));
  const dataDir = join(root, 'template');
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  await prepareDatabase(handle.db);
  await handle.close();
  project.provide('templateDataDir', dataDir);
  const migratedDump = join(root, 'migrated.tar');
  await writeMigratedDump(migratedDump);
  project.provide('migratedDump', migratedDump);
  return () => rmSync(root, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDataDir: string;
    /** A migrated, empty PGlite data directory as a tar dump (PGlite's `dumpDataDir`). */
    migratedDump: string;
  }
}
