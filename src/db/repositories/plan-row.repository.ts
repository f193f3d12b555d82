import { type Kysely, sql, type Transaction } from 'kysely';
import type { PlanIssue } from '../../domain/plan/load.ts';
import { loadPlan } from '../../domain/plan/load.ts';
import type { Cell, Row, TableDef } from '../../domain/tables/definitions.ts';
import { tablesToDocument } from '../../domain/tables/from-tables.ts';
import type { Database } from '../database.ts';
import { VersionConflictError } from './kpi-value.repository.ts';
import {
  appendHistory,
  deleteRow,
  type HistoryEntry,
  insertRows,
  readPlanTables,
  updateRow,
} from './plan-tables.repository.ts';
import { cellFromDb, dbColumn, rowKey } from './table-columns.ts';

/** A row of a plan table with its version, for the admin's plan editor. */
export interface VersionedRow {
  readonly row: Row;
  readonly version: number;
}

/** Every row of one plan table with versions, in stored order. */
export async function listVersionedRows(
  db: Kysely<Database> | Transaction<Database>,
  planId: number,
  def: TableDef,
): Promise<VersionedRow[]> {
  const columns = def.columns.map((c) => sql`${sql.ref(dbColumn(def.name, c.key))} as ${sql.ref(c.key)}`);
  const result = await sql<Record<string, unknown>>`select ${sql.join(columns)}, version
    from ${sql.table(def.name)} where plan_id = ${planId} order by id`.execute(db);
  return result.rows.map((r) => ({
    row: Object.fromEntries(def.columns.map((c) => [c.key, cellFromDb(c.type, r[c.key])])),
    version: Number(r.version),
  }));
}

/** The row whose natural key matches `key`, if any. */
export async function findVersionedRow(
  db: Kysely<Database> | Transaction<Database>,
  planId: number,
  def: TableDef,
  key: Readonly<Record<string, Cell>>,
): Promise<VersionedRow | undefined> {
  const wanted = rowKey(def, key);
  return (await listVersionedRows(db, planId, def)).find((r) => rowKey(def, r.row) === wanted);
}

/** The plan would no longer be valid with the change: nothing was written. */
export class PlanRuleError extends Error {
  override name = 'PlanRuleError';
  constructor(readonly issues: readonly PlanIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  }
}

/**
 * Changes non-key columns of one plan row if it is still at `expectedVersion`; then reads the whole plan back and
 * validates it with the core (references, rules, KPI values) inside the same transaction, so a change that would
 * break the plan is rolled back with the reasons. History is written in the same transaction.
 */
export async function updatePlanRow(
  db: Kysely<Database>,
  planId: number,
  def: TableDef,
  next: Row,
  expectedVersion: number,
  actor: string,
  requestId: string | null,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const current = await findVersionedRow(trx, planId, def, next);
    if (current === undefined || current.version !== expectedVersion) {
      throw new VersionConflictError(def.title, rowKey(def, next), expectedVersion, current?.version);
    }
    const changed = def.columns
      .map((c) => c.key)
      .filter((k) => !def.key.includes(k) && (current.row[k] ?? null) !== (next[k] ?? null));
    if (changed.length === 0) return [];
    const updated = await updateRow(trx, planId, def, next, changed, expectedVersion);
    if (!updated) throw new VersionConflictError(def.title, rowKey(def, next), expectedVersion, undefined);
    await validateStoredPlan(trx, planId);
    await appendHistory(
      trx,
      planId,
      changed.map((column) => ({
        table: def.name,
        key: rowKey(def, next),
        operation: 'update',
        column,
        oldValue: current.row[column] ?? null,
        newValue: next[column] ?? null,
      })),
      actor,
      requestId,
    );
    return changed;
  });
}

/** Another organisation's key or a stored row the plan still references, caught by the deferred foreign keys. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Reads the whole plan back inside the transaction and validates it with the core (references, rules, KPI values);
 * then checks the deferred foreign keys at once, so that a broken reference is a located refusal and not a failed
 * commit. Throws PlanRuleError with every problem.
 */
async function validateStoredPlan(trx: Transaction<Database>, planId: number): Promise<void> {
  const document = tablesToDocument(await readPlanTables(trx, planId));
  if (!document.ok) {
    throw new PlanRuleError(
      document.error.map((i) => ({
        path: `${i.table}[${i.row}]${i.column ? `.${i.column}` : ''}`,
        message: i.message,
      })),
    );
  }
  const loaded = loadPlan(document.value);
  if (!loaded.ok) throw new PlanRuleError(loaded.error);
  try {
    await sql`set constraints all immediate`.execute(trx);
  } catch (e) {
    if ((e as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION) throw e;
    throw new PlanRuleError([
      { path: '', message: '参照先のない行、または他の行から参照されている行があるため、保存できません。' },
    ]);
  }
}

/** A row with the same natural key is already stored: nothing was written. */
export class DuplicatePlanRowError extends Error {
  override name = 'DuplicatePlanRowError';
  constructor(
    readonly table: TableDef,
    readonly key: Row,
  ) {
    super(`${table.name}: ${rowKey(table, key)} already exists`);
  }
}

/** A row of some plan table. */
export interface TableRow {
  readonly def: TableDef;
  readonly row: Row;
}

/**
 * Inserts plan rows that only make sense together (a measure with its first KPI), validates the whole plan with the
 * core and records each insert in history, in one transaction. organisation_id is left to the database: the
 * transaction's organisation.
 */
export async function insertPlanRows(
  db: Kysely<Database>,
  planId: number,
  rows: readonly TableRow[],
  actor: string,
  requestId: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { def, row } of rows) {
      if ((await findVersionedRow(trx, planId, def, row)) !== undefined)
        throw new DuplicatePlanRowError(def, row);
      await insertRows(trx, planId, def, [row]);
    }
    await validateStoredPlan(trx, planId);
    const history = rows.map(
      ({ def, row }): HistoryEntry => ({
        table: def.name,
        key: rowKey(def, row),
        operation: 'insert',
        column: null,
        oldValue: null,
        newValue: row,
      }),
    );
    await appendHistory(trx, planId, history, actor, requestId);
  });
}

/** A stored row with the version it was read at. */
export interface VersionedTableRow extends TableRow {
  readonly version: number;
}

/**
 * Deletes plan rows (a row and the rows that go with it), each only if still at its version; checks the deferred
 * foreign keys and validates the whole plan with the core, and records each deleted row in history, in one
 * transaction. A row that something still references fails the foreign-key check (PlanRuleError).
 */
export async function deletePlanRows(
  db: Kysely<Database>,
  planId: number,
  rows: readonly VersionedTableRow[],
  actor: string,
  requestId: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const { def, row, version } of rows) {
      if (!(await deleteRow(trx, planId, def, row, version))) {
        const current = await findVersionedRow(trx, planId, def, row);
        throw new VersionConflictError(def.title, rowKey(def, row), version, current?.version);
      }
    }
    await validateStoredPlan(trx, planId);
    const history = rows.map(
      ({ def, row }): HistoryEntry => ({
        table: def.name,
        key: rowKey(def, row),
        operation: 'delete',
        column: null,
        oldValue: row,
        newValue: null,
      }),
    );
    await appendHistory(trx, planId, history, actor, requestId);
  });
}

/**
 * Exchanges `columns` between two rows of one table (their order: the position, or for a table whose position is
 * part of the key, everything else), each only if still at its version; validates the whole plan and records both
 * updates in history, in one transaction.
 */
export async function swapPlanRows(
  db: Kysely<Database>,
  planId: number,
  def: TableDef,
  first: VersionedRow,
  second: VersionedRow,
  columns: readonly string[],
  actor: string,
  requestId: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const exchanged = (row: Row, other: Row): Row => ({
      ...row,
      ...Object.fromEntries(columns.map((c) => [c, other[c] ?? null])),
    });
    const history: HistoryEntry[] = [];
    for (const [one, other] of [
      [first, second],
      [second, first],
    ] as const) {
      const next = exchanged(one.row, other.row);
      if (!(await updateRow(trx, planId, def, next, columns, one.version)))
        throw new VersionConflictError(def.title, rowKey(def, one.row), one.version, undefined);
      for (const column of columns) {
        if ((one.row[column] ?? null) === (next[column] ?? null)) continue;
        history.push({
          table: def.name,
          key: rowKey(def, one.row),
          operation: 'update',
          column,
          oldValue: one.row[column] ?? null,
          newValue: next[column] ?? null,
        });
      }
    }
    await validateStoredPlan(trx, planId);
    await appendHistory(trx, planId, history, actor, requestId);
  });
}
