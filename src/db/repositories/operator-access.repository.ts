// 運営者への閲覧許可 (migration 0009: one row per organisation at most) and the history rows that say when the
// organisation's data was granted, withdrawn or taken out. SQL only; the caller's scoped handle or transaction
// decides the organisation (row-level security), the use case (app/operator-access.ts) the rules.
import { type Generated, type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { HistoryRow } from './history.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The table of migration 0009, known here only. */
interface OperatorAccessTable {
  organisation_id: Generated<string | number>;
  granted_until: Date;
  granted_by: string;
  granted_at: Date;
  reason: string | null;
}

const withAccessTable = (db: Db) =>
  db.withTables<{ operator_access: OperatorAccessTable }>() as Kysely<
    Database & { operator_access: OperatorAccessTable }
  >;

/** The stored grant (in force or not). */
export interface StoredOperatorAccess {
  readonly grantedUntil: Date;
  readonly grantedBy: string;
  readonly grantedAt: Date;
  readonly reason: string | null;
}

const fromRow = (r: Omit<OperatorAccessTable, 'organisation_id'>): StoredOperatorAccess => ({
  grantedUntil: new Date(r.granted_until),
  grantedBy: r.granted_by,
  grantedAt: new Date(r.granted_at),
  reason: r.reason,
});

/** The organisation's grant, if one is stored; `forUpdate` locks it (or waits for a concurrent grant). */
export async function findOperatorAccess(
  db: Db,
  options: { forUpdate?: boolean } = {},
): Promise<StoredOperatorAccess | undefined> {
  let query = withAccessTable(db)
    .selectFrom('operator_access')
    .select(['granted_until', 'granted_by', 'granted_at', 'reason']);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** Stores the grant in place of any earlier one. */
export async function putOperatorAccess(
  trx: Transaction<Database>,
  access: StoredOperatorAccess,
): Promise<void> {
  const values = {
    granted_until: access.grantedUntil,
    granted_by: access.grantedBy,
    granted_at: access.grantedAt,
    reason: access.reason,
  };
  await withAccessTable(trx)
    .insertInto('operator_access')
    .values(values)
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute();
}

/** Removes the grant; true when there was one. */
export async function deleteOperatorAccess(trx: Transaction<Database>): Promise<boolean> {
  const result = await withAccessTable(trx).deleteFrom('operator_access').executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The history tables of this page: the grant itself, and each time the data was taken out. */
export const ACCESS_HISTORY_TABLES = ['operator_access', 'organisation_exports'] as const;

/** Appends one row to the organisation's history (its organisation_id comes from the transaction). */
export async function appendAccessHistory(
  trx: Transaction<Database>,
  row: {
    readonly table: (typeof ACCESS_HISTORY_TABLES)[number];
    readonly operation: 'insert' | 'update' | 'delete';
    readonly oldValue: string | null;
    readonly newValue: string | null;
    readonly actor: string;
    readonly requestId: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('history')
    .values({
      plan_id: null,
      table_name: row.table,
      row_key: '{}',
      operation: row.operation,
      column_name: null,
      old_value: row.oldValue,
      new_value: row.newValue,
      actor: row.actor,
      request_id: row.requestId,
    })
    .execute();
}

/** The latest grants, withdrawals and exports, newest first. */
export async function listAccessHistory(db: Db, limit: number): Promise<HistoryRow[]> {
  const rows = await db
    .selectFrom('history')
    .selectAll()
    .where('table_name', 'in', [...ACCESS_HISTORY_TABLES])
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    changedAt: new Date(r.changed_at),
    actor: r.actor,
    onBehalfOf: [],
    table: r.table_name,
    key: {},
    operation: r.operation,
    column: r.column_name,
    oldValue: r.old_value,
    newValue: r.new_value,
    requestId: r.request_id,
  }));
}

/** The organisation the handle acts for (its scope; the default one on an unscoped handle). */
export async function servedOrganisationId(db: Db): Promise<number> {
  const { rows } = await sql<{ id: string | number }>`select shinchoku_write_organisation() as id`.execute(
    db,
  );
  return Number(rows[0]?.id);
}
