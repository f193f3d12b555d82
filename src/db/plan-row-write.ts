/**
 * The `plan` table row of an import: its organisation and plan are found (and locked) first, then created or
 * updated with history. The row lives in organisations + plans rather than in a generic table.
 */
import { sql, type Transaction } from 'kysely';
import type { Row, TableName } from '../domain/tables/definitions.ts';
import type { TableDiff } from '../domain/tables/diff.ts';
import type { Database } from './database.ts';
import {
  appendHistory,
  type HistoryEntry,
  RowChangedDuringImportError,
} from './repositories/plan-tables.repository.ts';

/** The plan row's columns stored in plans under the same names. */
export const PLAN_COLUMNS = [
  'name',
  'period_from',
  'period_to',
  'basic_goal',
  'slogan',
  'subtitle',
  'report_fiscal_year',
  'report_title',
  'actuals_provisional',
] as const;

/** The stored organisation and plan of an incoming plan row, if they exist (both locked until commit). */
export interface PlanTarget {
  readonly organisation: { readonly id: number; readonly name: string } | undefined;
  readonly planId: number | undefined;
}

/**
 * Sets the organisation the rest of the transaction writes for (and, for a role bound by row-level security, reads):
 * rows written without organisation_id take it.
 */
export async function actForOrganisation(trx: Transaction<Database>, organisationId: number): Promise<void> {
  await sql`select set_config('shinchoku.organisation_id', ${String(organisationId)}, true)`.execute(trx);
}

export async function lockPlan(trx: Transaction<Database>, row: Row): Promise<PlanTarget> {
  // A transaction that already acts for an organisation (the server's scoped handle) writes that organisation's plan
  // only: the application role may neither lock nor change the shared organisations row, nor switch organisation.
  const { rows } = await sql<{ id: string | null }>`select shinchoku_organisation() as id`.execute(trx);
  const acting = rows[0]?.id ?? null;
  const query = trx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('code', '=', String(row.organisation_code));
  const organisation = await (acting === null ? query.forUpdate() : query).executeTakeFirst();
  if (acting !== null && String(organisation?.id) !== String(acting)) {
    throw new Error(
      `invariant: a plan of organisation ${String(row.organisation_code)} written for another one`,
    );
  }
  if (organisation === undefined) return { organisation: undefined, planId: undefined };
  if (acting === null) await actForOrganisation(trx, Number(organisation.id));
  const plan = await trx
    .selectFrom('plans')
    .select('id')
    .where('organisation_id', '=', organisation.id)
    .where('code', '=', String(row.plan_id))
    .forUpdate()
    .executeTakeFirst();
  return {
    organisation: { id: Number(organisation.id), name: organisation.name },
    planId: plan === undefined ? undefined : Number(plan.id),
  };
}

/**
 * Creates or updates the organisation and the plan from the plan row (the update checked against the version
 * the diff was computed from), with history; returns the plan's id.
 */
export async function writePlanRow(
  trx: Transaction<Database>,
  row: Row,
  target: PlanTarget,
  diff: TableDiff | undefined,
  versionOf: (table: TableName, row: Row) => number | undefined,
  actor: string,
  requestId: string,
): Promise<number> {
  const organisationName = String(row.organisation_name);
  let organisationId = target.organisation?.id;
  if (organisationId === undefined) {
    const inserted = await trx
      .insertInto('organisations')
      .values({ code: String(row.organisation_code), name: organisationName })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationId = Number(inserted.id);
    await actForOrganisation(trx, organisationId);
  } else if (target.organisation?.name !== organisationName) {
    await trx
      .updateTable('organisations')
      .set((eb) => ({ name: organisationName, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', organisationId)
      .execute();
  }
  const values = Object.fromEntries(PLAN_COLUMNS.map((column) => [column, row[column] ?? null])) as Record<
    (typeof PLAN_COLUMNS)[number],
    never
  >;
  const key = JSON.stringify({ plan_id: row.plan_id });
  if (target.planId === undefined) {
    const inserted = await trx
      .insertInto('plans')
      .values({ ...values, organisation_id: organisationId, code: String(row.plan_id) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = Number(inserted.id);
    const entry: HistoryEntry = {
      table: 'plans',
      key,
      operation: 'insert',
      column: null,
      oldValue: null,
      newValue: row,
    };
    await appendHistory(trx, planId, [entry], actor, requestId);
    return planId;
  }
  const planId = target.planId;
  const change = diff?.changed[0];
  if (change === undefined) return planId;
  const expected = versionOf('plan', change.before);
  let query = trx
    .updateTable('plans')
    .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', planId);
  if (expected !== undefined) query = query.where('version', '=', expected);
  const updated = await query.executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new RowChangedDuringImportError('計画', key);
  const entries: HistoryEntry[] = change.columns.map((column) => ({
    table: 'plans',
    key,
    operation: 'update',
    column,
    oldValue: change.before[column] ?? null,
    newValue: row[column] ?? null,
  }));
  await appendHistory(trx, planId, entries, actor, requestId);
  return planId;
}
