import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, pgliteHandle, postgresHandle } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The PostgreSQL server for tests: set by scripts/test.sh when a server answers (CI always has one). */
export const TEST_DATABASE_URL = process.env.SHINCHOKU_TEST_DATABASE_URL ?? process.env.DATABASE_URL;

export interface DatabaseTarget {
  readonly name: 'pglite' | 'postgres';
  /** A migrated, empty database of its own. */
  open(): Promise<DatabaseHandle>;
}

let template: Promise<Blob> | undefined;

/**
 * A migrated empty PGlite data directory: the dump made once before the test files run (global-setup.ts; its path is
 * in SHINCHOKU_TEST_MIGRATED_DUMP, also for a server process a test starts), else one migrated here (≈5 s).
 */
const migratedTemplate = (): Promise<Blob> => {
  template ??= (async () => {
    const made = process.env.SHINCHOKU_TEST_MIGRATED_DUMP;
    if (made !== undefined && made !== '') return new Blob([readFileSync(made)]);
    const pglite = await PGlite.create();
    const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
    await migrateToLatest(db);
    const dump = await pglite.dumpDataDir('none');
    await db.destroy();
    return dump;
  })();
  return template;
};

const pglite: DatabaseTarget = {
  name: 'pglite',
  async open() {
    const instance = await PGlite.create({ loadDataDir: await migratedTemplate() });
    return pgliteHandle(instance, ':memory:');
  },
};

/** A schema of its own on the server for each database, dropped on close, so test files never meet. */
const postgres = (url: string): DatabaseTarget => ({
  name: 'postgres',
  async open() {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = postgresHandle(url, {
      searchPath: schema,
      max: 4,
      location: schema,
      beforeClose: async (db) => {
        await sql.raw(`drop schema ${schema} cascade`).execute(db);
      },
    });
    await migrateToLatest(handle.db);
    return handle;
  },
});

/** Where repository tests run: always PGlite, and the PostgreSQL server when one is configured. */
export const DATABASE_TARGETS: readonly DatabaseTarget[] = [
  pglite,
  ...(TEST_DATABASE_URL === undefined ? [] : [postgres(TEST_DATABASE_URL)]),
];
