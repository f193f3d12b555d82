import { type Kysely, sql } from 'kysely';
import type { PlanIssue } from '../../domain/plan/load.ts';
import { loadPlan } from '../../domain/plan/load.ts';
import type { Cell, Row, TableDef } from '../../domain/tables/definitions.ts';
import { tablesToDocument } from '../../domain/tables/from-tables.ts';
import type { Database } from '../database.ts';
import { VersionConflictError } from './kpi-value.repository.ts';
import { appendHistory, readPlanTables, updateRow } from './plan-tables.repository.ts';
import { cellFromDb, dbColumn, rowKey } from './table-columns.ts';

/** A row of a plan table with its version, for the admin's plan editor. */
export interface VersionedRow {
  readonly row: Row;
  readonly version: number;
}

/** Every row of one plan table with versions, in stored order. */
export async function listVersionedRows(
  db: Kysely<Database>,
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
  db: Kysely<Database>,
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
