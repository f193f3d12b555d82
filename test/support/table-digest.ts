import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/** A digest per table of the schema, computed by the database. */
export type TableDigests = Record<string, string>;

/**
 * A digest of every row of every table of the schema except `skip` (a table added later is covered without editing
 * the tests that compare digests before and after).
 */
export async function tableDigests(db: Kysely<Database>, skip: ReadonlySet<string>): Promise<TableDigests> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const parts = tables
    .filter(({ name }) => !skip.has(name))
    .map(
      ({ name }) =>
        sql`select ${name} as name, (select md5(coalesce(string_agg(t::text, '|' order by t::text), ''))
          from ${sql.table(name)} t) as digest`,
    );
  const { rows } = await sql<{ name: string; digest: string }>`${sql.join(parts, sql` union all `)}`.execute(
    db,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}
