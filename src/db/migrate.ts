import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Splits a SQL file into statements at semicolons outside quotes, comments and dollar-quoted bodies
 * (PGlite's extended-protocol queries take one statement at a time).
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const end = text.indexOf(dollar[0], i + dollar[0].length);
      const stop = end < 0 ? text.length : end + dollar[0].length;
      current += text.slice(i, stop);
      i = stop;
    } else if (rest.startsWith('--')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (rest[0] === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end + 1;
      current += text.slice(i, stop);
      i = stop;
    } else if (rest[0] === ';') {
      if (current.trim() !== '') statements.push(current.trim());
      current = '';
      i += 1;
    } else {
      current += rest[0];
      i += 1;
    }
  }
  if (current.trim() !== '') statements.push(current.trim());
  return statements;
}

/** Migrations are plain SQL files, one per change, applied in name order (0001_…, 0002_…). */
export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly directory = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.directory)).filter((f) => f.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(`${this.directory}${file}`, 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db: Kysely<unknown>) => {
          for (const statement of splitSqlStatements(text)) await sql.raw(statement).execute(db);
        },
      };
    }
    return migrations;
  }
}

/** A migrator keeping its bookkeeping tables in the connection's current schema (public, or a test's own). */
async function migratorFor<DB>(db: Kysely<DB>): Promise<Migrator> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: new SqlFileMigrationProvider(),
    migrationTableSchema: rows[0]?.schema ?? 'public',
  });
}

/** Applies every pending migration; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = await migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(不明)';
    throw new Error(
      `マイグレーション ${failed} に失敗しました: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The name of the latest migration applied, or undefined on an empty database. */
export async function currentSchemaVersion<DB>(db: Kysely<DB>): Promise<string | undefined> {
  const migrator = await migratorFor(db);
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined);
  return applied.at(-1)?.name;
}
