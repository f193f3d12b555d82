import { gunzipSync, gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { TABLES } from '../domain/tables/definitions.ts';
import type { Database } from './database.ts';
import { currentSchemaVersion } from './migrate.ts';

/** Tables in restore order: organisations and plans first (their keys are not deferred), history last. */
const BACKUP_TABLES = [
  'organisations',
  'plans',
  ...TABLES.filter((t) => t.name !== 'plan').map((t) => t.name),
  'users',
  'user_departments',
  'reporting_cycles',
  'department_answers',
  'publications',
  'history',
];

/** Tables keyed without an identity column. */
const WITHOUT_ID = new Set(['user_departments']);

/** Not backed up (sessions and login throttling are transient), but emptied by a restore. */
const TRANSIENT_TABLES = ['sessions', 'login_throttle'];

export const BACKUP_FORMAT = 'shinchoku-backup/1';

/** Thrown when a backup cannot be restored; the message is for staff. */
export class BackupError extends Error {
  override name = 'BackupError';
}

interface BackupFile {
  format: typeof BACKUP_FORMAT;
  schemaVersion: string | null;
  tables: Record<string, Record<string, unknown>[]>;
}

/**
 * A logical backup of the whole database (every organisation, plan, table, account, campaign, publication and
 * the history; not sessions) as gzip-compressed
 * JSON: the same file works for the embedded database and a PostgreSQL server, in either direction.
 */
export async function backupDatabase(db: Kysely<Database>): Promise<Buffer> {
  const tables: BackupFile['tables'] = {};
  await db.transaction().execute(async (trx) => {
    // One snapshot for all tables.
    await sql`set transaction isolation level repeatable read`.execute(trx);
    for (const name of BACKUP_TABLES) {
      const order = WITHOUT_ID.has(name) ? sql`order by 1, 2` : sql`order by id`;
      const result = await sql<Record<string, unknown>>`select * from ${sql.table(name)} ${order}`.execute(
        trx,
      );
      tables[name] = result.rows;
    }
  });
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    schemaVersion: (await currentSchemaVersion(db)) ?? null,
    tables,
  };
  return gzipSync(JSON.stringify(file));
}

function parseBackup(buffer: Buffer): BackupFile {
  let file: unknown;
  try {
    // Strict UTF-8: a damaged backup is refused, never restored with U+FFFD in place of its text.
    const bytes = gunzipSync(buffer, { maxOutputLength: 2 * 1024 * 1024 * 1024 });
    file = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BackupError(
      'バックアップファイルを読み取れません（shinchoku db backup で作成したファイルを指定してください）。',
    );
  }
  const candidate = file as Partial<BackupFile>;
  if (
    candidate?.format !== BACKUP_FORMAT ||
    typeof candidate.tables !== 'object' ||
    candidate.tables === null
  ) {
    throw new BackupError(`バックアップの形式が違います（${BACKUP_FORMAT} が必要です）。`);
  }
  return candidate as BackupFile;
}

/**
 * Restores a backup in one transaction. The database must be at the backup's schema version; unless `replace` is
 * set it must also be empty, so a restore never silently discards data.
 */
export async function restoreDatabase(
  db: Kysely<Database>,
  buffer: Buffer,
  options: { replace: boolean },
): Promise<number> {
  const backup = parseBackup(buffer);
  const schemaVersion = (await currentSchemaVersion(db)) ?? null;
  if (backup.schemaVersion !== schemaVersion) {
    throw new BackupError(
      `バックアップのスキーマ（${backup.schemaVersion ?? 'なし'}）とデータベースのスキーマ（${schemaVersion ?? 'なし'}）が違います。shinchoku db migrate を実行してから復元してください。`,
    );
  }
  let restored = 0;
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('organisations').select('id').limit(1).execute();
    if (existing.length > 0 && !options.replace) {
      throw new BackupError(
        'データベースが空ではありません。現在のデータを置き換える場合は --replace を指定してください。',
      );
    }
    // TRUNCATE does not fire the row triggers that keep history append-only: a restore replaces history as a whole.
    await sql
      .raw(
        `truncate ${[...TRANSIENT_TABLES, ...[...BACKUP_TABLES].reverse()].join(', ')} restart identity cascade`,
      )
      .execute(trx);
    for (const name of BACKUP_TABLES) {
      const rows = backup.tables[name] ?? [];
      for (let i = 0; i < rows.length; i += 500) {
        const batch = rows.slice(i, i + 500);
        const columns = Object.keys(batch[0] ?? {});
        if (columns.length === 0) continue;
        const overriding = WITHOUT_ID.has(name) ? sql`` : sql`overriding system value`;
        const values = batch.map(
          (row) =>
            sql`(${sql.join(columns.map((c) => (typeof row[c] === 'object' && row[c] !== null && !(row[c] instanceof Date) ? JSON.stringify(row[c]) : (row[c] ?? null))))})`,
        );
        await sql`insert into ${sql.table(name)} (${sql.join(columns.map((c) => sql.ref(c)))}) ${overriding}
          values ${sql.join(values)}`.execute(trx);
        restored += batch.length;
      }
      if (WITHOUT_ID.has(name)) continue;
      await sql`select setval(pg_get_serial_sequence(${name}, 'id'), coalesce((select max(id) from ${sql.table(name)}), 0) + 1, false)`.execute(
        trx,
      );
    }
  });
  return restored;
}
