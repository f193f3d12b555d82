import { type Kysely, sql, type Transaction } from 'kysely';
import type { Cell, PlanTables, Row, TableDef, TableName } from '../../domain/tables/definitions.ts';
import { emptyTables } from '../../domain/tables/definitions.ts';
import type { TableDiff } from '../../domain/tables/diff.ts';
import { keyOf, type RowStamp, type RowVersion } from '../../domain/tables/row-versions.ts';
import type { Database } from '../database.ts';
import { cellFromDb, dbColumn, rowKey, STORED_TABLES } from './table-columns.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row INSERT: large imports go in batches, within the parameter limit of PostgreSQL. */
const INSERT_BATCH = 500;

/** Reads every plan table of one plan, rows in insertion order. The `plan` table row comes from plans. */
export async function readPlanTables(db: Db, planId: number): Promise<PlanTables> {
  return (await readStampedPlanTables(db, planId)).tables;
}

/**
 * Reads every plan table of one plan with each row's version and update time, read in the same statement as the
 * row's values (so that a file exported from them never pairs an old value with a newer version).
 */
export async function readStampedPlanTables(
  db: Db,
  planId: number,
): Promise<{ tables: PlanTables; stamps: RowVersion[] }> {
  const tables = emptyTables();
  const stamps: RowVersion[] = [];
  const stamp = (table: TableName, row: Row, r: { version: unknown; updated_at: unknown }) => {
    stamps.push({ table, key: keyOf(table, row), ...stampOf(r) });
  };
  const plan = await db
    .selectFrom('plans')
    .innerJoin('organisations', 'organisations.id', 'plans.organisation_id')
    .select([
      'organisations.code as organisation_code',
      'organisations.name as organisation_name',
      'plans.code as plan_id',
      'plans.name',
      'plans.period_from',
      'plans.period_to',
      'plans.basic_goal',
      'plans.slogan',
      'plans.subtitle',
      'plans.report_fiscal_year',
      'plans.report_title',
      'plans.actuals_provisional',
      'plans.version',
      'plans.updated_at',
    ])
    .where('plans.id', '=', planId)
    .executeTakeFirst();
  if (plan !== undefined) {
    const { version, updated_at, ...row } = plan;
    tables.plan.push(row);
    stamp('plan', row, { version, updated_at });
  }
  for (const def of STORED_TABLES) {
    const columns = def.columns.map((c) => sql`${sql.ref(dbColumn(def.name, c.key))} as ${sql.ref(c.key)}`);
    const result = await sql<Record<string, unknown>>`select ${sql.join(columns)}, version, updated_at
      from ${sql.table(def.name)} where plan_id = ${planId} order by id`.execute(db);
    tables[def.name] = result.rows.map((r) => {
      const row = Object.fromEntries(def.columns.map((c) => [c.key, cellFromDb(c.type, r[c.key])]));
      stamp(def.name, row, { version: r.version, updated_at: r.updated_at });
      return row;
    });
  }
  return { tables, stamps };
}

/** A database version and update time as a stamp (timestamps arrive as Date, or as text from some drivers). */
const stampOf = (r: { version: unknown; updated_at: unknown }): RowStamp => ({
  version: Number(r.version),
  updatedAt: new Date(r.updated_at as string | Date).toISOString(),
});

/** Inserts rows of one table in batches. */
export async function insertRows(db: Db, planId: number, def: TableDef, rows: readonly Row[]): Promise<void> {
  const columns = def.columns.map((c) => dbColumn(def.name, c.key));
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH);
    const values = batch.map(
      (row) => sql`(${sql.join([planId, ...def.columns.map((c) => row[c.key] ?? null)])})`,
    );
    await sql`insert into ${sql.table(def.name)} (plan_id, ${sql.join(columns.map((c) => sql.ref(c)))})
      values ${sql.join(values)}`.execute(db);
  }
}

const keyCondition = (def: TableDef, row: Row) =>
  sql.join(
    def.key.map((k) => sql`${sql.ref(dbColumn(def.name, k))} is not distinct from ${row[k] ?? null}`),
    sql` and `,
  );

/** Updates the changed columns of one row, bumping its version; returns whether the row was found. */
export async function updateRow(
  db: Db,
  planId: number,
  def: TableDef,
  row: Row,
  columns: readonly string[],
  expectedVersion?: number,
): Promise<boolean> {
  const sets = columns.map((c) => sql`${sql.ref(dbColumn(def.name, c))} = ${row[c] ?? null}`);
  const versionCheck = expectedVersion === undefined ? sql`` : sql` and version = ${expectedVersion}`;
  const result = await sql`update ${sql.table(def.name)}
    set ${sql.join(sets)}, version = version + 1, updated_at = now()
    where plan_id = ${planId} and ${keyCondition(def, row)}${versionCheck}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Deletes one row by its natural key (only if still at `expectedVersion` when given); returns whether it was. */
export async function deleteRow(
  db: Db,
  planId: number,
  def: TableDef,
  row: Row,
  expectedVersion?: number,
): Promise<boolean> {
  const versionCheck = expectedVersion === undefined ? sql`` : sql` and version = ${expectedVersion}`;
  const result = await sql`delete from ${sql.table(def.name)}
    where plan_id = ${planId} and ${keyCondition(def, row)}${versionCheck}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** A row changed between an import's read and its write (someone saved it meanwhile): the import is rolled back. */
export class RowChangedDuringImportError extends Error {
  override name = 'RowChangedDuringImportError';
  constructor(
    readonly table: string,
    readonly key: string,
  ) {
    super(
      `取り込みの途中で、表「${table}」の行 ${key} が他の人によって変更されました。何も書き込んでいません。もう一度取り込んでください。`,
    );
  }
}

/** One history entry per change; whole rows for inserts and deletes, one entry per column for updates. */
export interface HistoryEntry {
  readonly table: string;
  readonly key: string;
  readonly operation: 'insert' | 'update' | 'delete';
  readonly column: string | null;
  readonly oldValue: Cell | Row;
  readonly newValue: Cell | Row;
}

const historyText = (value: Cell | Row): string | null =>
  value === null ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** Appends history entries in batches, in the caller's transaction. */
export async function appendHistory(
  db: Db,
  planId: number,
  entries: readonly HistoryEntry[],
  actor: string,
  requestId: string | null,
  /** 代理入力: the departments acted for (domain/staff/actor.ts `onBehalfText`), null when none */
  onBehalfOf: string | null = null,
): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    await db
      .insertInto('history')
      .values(
        entries.slice(i, i + INSERT_BATCH).map((e) => ({
          plan_id: planId,
          table_name: e.table,
          row_key: e.key,
          operation: e.operation,
          column_name: e.column,
          old_value: historyText(e.oldValue),
          new_value: historyText(e.newValue),
          actor,
          on_behalf_of: onBehalfOf,
          request_id: requestId,
        })),
      )
      .execute();
  }
}

/**
 * Applies a diff to the stored tables with its history, in the caller's transaction. `versionOf` gives the version
 * each changed or removed row had when the diff was computed: the write checks it, so that a save committed in
 * between is never overwritten unseen (RowChangedDuringImportError).
 */
export async function applyTableDiffs(
  db: Db,
  planId: number,
  diffs: readonly TableDiff[],
  actor: string,
  requestId: string | null,
  versionOf: (table: TableName, row: Row) => number | undefined = () => undefined,
): Promise<void> {
  const history: HistoryEntry[] = [];
  for (const diff of diffs) {
    const def = STORED_TABLES.find((t) => t.name === diff.table);
    if (def === undefined) continue;
    const raced = (row: Row) => new RowChangedDuringImportError(def.title, rowKey(def, row));
    for (const row of diff.removed) {
      if (!(await deleteRow(db, planId, def, row, versionOf(def.name, row)))) throw raced(row);
      history.push({
        table: def.name,
        key: rowKey(def, row),
        operation: 'delete',
        column: null,
        oldValue: row,
        newValue: null,
      });
    }
    for (const change of diff.changed) {
      const expected = versionOf(def.name, change.before);
      if (!(await updateRow(db, planId, def, change.after, change.columns, expected)))
        throw raced(change.after);
      for (const column of change.columns) {
        history.push({
          table: def.name,
          key: rowKey(def, change.after),
          operation: 'update',
          column,
          oldValue: change.before[column] ?? null,
          newValue: change.after[column] ?? null,
        });
      }
    }
    await insertRows(db, planId, def, diff.added);
    for (const row of diff.added) {
      history.push({
        table: def.name,
        key: rowKey(def, row),
        operation: 'insert',
        column: null,
        oldValue: null,
        newValue: row,
      });
    }
  }
  await appendHistory(db, planId, history, actor, requestId);
}
