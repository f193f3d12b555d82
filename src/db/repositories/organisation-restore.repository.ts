// The SQL of restoring an organisation from its export (app/organisation-restore.ts), in the caller's transaction:
// rows go in with the ids they had (OVERRIDING SYSTEM VALUE), plan rows get back their version and update time, and
// the shared identity sequences are moved past the ids restored.
import { sql, type Transaction } from 'kysely';
import type { Row, TableDef } from '../../domain/tables/definitions.ts';
import { type RowStamp, type StampIndex, stampId } from '../../domain/tables/row-versions.ts';
import type { Database } from '../database.ts';
import { APPLICATION_ROLE } from '../organisation-scope.ts';
import { PLAN_COLUMNS } from '../plan-row-write.ts';
import { dbColumn } from './table-columns.ts';

type Trx = Transaction<Database>;

/** Rows per multi-row INSERT (as plan-tables.repository.ts): within the parameter limit of PostgreSQL. */
const INSERT_BATCH = 500;

/**
 * Makes the rest of the transaction the organisation's, as its scoped handle's transactions are
 * (db/organisation-scope.ts): the application role, bound by row-level security, acting for this organisation.
 */
export async function actAsOrganisation(trx: Trx, organisationId: number): Promise<void> {
  await sql`select set_config('role', ${APPLICATION_ROLE}, true),
    set_config('shinchoku.organisation_id', ${String(organisationId)}, true)`.execute(trx);
}

/** Back to the owner for the rest of the transaction (the sequences are the owner's to move). */
export async function stopActingAsOrganisation(trx: Trx): Promise<void> {
  await sql`reset role`.execute(trx);
}

/** Inserts rows with the columns they carry, ids included, into a table of the acting organisation. */
export async function insertRecords(
  trx: Trx,
  table: string,
  rows: readonly Readonly<Record<string, unknown>>[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const values = rows
      .slice(i, i + INSERT_BATCH)
      .map((row) => sql`(${sql.join(columns.map((c) => row[c] ?? null))})`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      overriding system value values ${sql.join(values)}`.execute(trx);
  }
}

/** Inserts a plan's row (in plans) with its former id when known, version and update time; returns its id. */
export async function insertPlanRow(
  trx: Trx,
  id: number | undefined,
  row: Row,
  stamp: RowStamp | undefined,
): Promise<number> {
  const values: Record<string, unknown> = {
    ...(id === undefined ? {} : { id }),
    organisation_id: sql`shinchoku_organisation()`,
    code: String(row.plan_id),
    ...Object.fromEntries(PLAN_COLUMNS.map((c) => [c, row[c] ?? null])),
    ...(stamp === undefined ? {} : { version: stamp.version, updated_at: new Date(stamp.updatedAt) }),
  };
  const columns = Object.keys(values);
  const { rows } = await sql<{ id: string | number }>`insert into plans
    (${sql.join(columns.map((c) => sql.ref(c)))}) overriding system value
    values (${sql.join(columns.map((c) => values[c]))}) returning id`.execute(trx);
  return Number(rows[0]?.id);
}

/** Gives each restored row of a plan table the version and update time its export carried. */
export async function stampPlanRows(
  trx: Trx,
  planId: number,
  def: TableDef,
  rows: readonly Row[],
  stamps: StampIndex,
): Promise<void> {
  for (const row of rows) {
    const stamp = stamps.get(stampId(def.name, row));
    if (stamp === undefined) continue;
    const key = sql.join(
      def.key.map((k) => sql`${sql.ref(dbColumn(def.name, k))} is not distinct from ${row[k] ?? null}`),
      sql` and `,
    );
    await sql`update ${sql.table(def.name)} set version = ${stamp.version},
      updated_at = ${new Date(stamp.updatedAt)} where plan_id = ${planId} and ${key}`.execute(trx);
  }
}

/** The tables whose ids a restore keeps. */
export const RESTORED_ID_TABLES = [
  'plans',
  'users',
  'reporting_cycles',
  'department_answers',
  'publications',
  'history',
] as const;
export type RestoredIdTable = (typeof RESTORED_ID_TABLES)[number];

/** Moves a table's identity sequence past `maxId`, never back (another organisation may have used it since). */
export async function movePastRestoredIds(trx: Trx, table: RestoredIdTable, maxId: number): Promise<void> {
  if (maxId <= 0) return;
  await sql`select setval(s.seq, ${maxId}::bigint)
    from (select pg_get_serial_sequence(${table}, 'id')::regclass as seq) s
    where coalesce(pg_sequence_last_value(s.seq), 0) < ${maxId}::bigint`.execute(trx);
}

/**
 * Whether any of these ids is already used in the table by any organisation. Run as the owner acting for none, who
 * sees every organisation's rows (a superuser, or migration 0011's policy for an ordinary owner).
 */
export async function anyIdTaken(trx: Trx, table: RestoredIdTable, ids: readonly number[]): Promise<boolean> {
  if (ids.length === 0) return false;
  // One text parameter, whatever the number of ids (history may hold hundreds of thousands).
  const { rows } = await sql<{ found: number }>`select 1 as found from ${sql.table(table)}
    where id = any(string_to_array(${ids.join(',')}, ',')::bigint[]) limit 1`.execute(trx);
  return rows.length > 0;
}

/** Takes `count` new ids from the table's identity sequence, ascending. */
export async function takeNewIds(trx: Trx, table: RestoredIdTable, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await sql<{
    id: string | number;
  }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id
    from generate_series(1, ${count}::int) order by 1`.execute(trx);
  return rows.map((r) => Number(r.id));
}
