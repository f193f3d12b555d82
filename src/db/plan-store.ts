import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { loadPlan, type PlanIssue } from '../domain/plan/load.ts';
import type { Plan } from '../domain/plan/model.ts';
import { err, type Result } from '../domain/result.ts';
import { type PlanTables, type Row, TABLES, type TableName } from '../domain/tables/definitions.ts';
import { diffTables, type TableDiff } from '../domain/tables/diff.ts';
import { tablesToDocument } from '../domain/tables/from-tables.ts';
import { planToTables } from '../domain/tables/to-tables.ts';
import type { Database } from './database.ts';
import {
  appendHistory,
  applyTableDiffs,
  type HistoryEntry,
  readPlanTables,
} from './repositories/plan-tables.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A plan stored in the database. */
export interface StoredPlan {
  readonly id: number;
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly code: string;
  readonly name: string;
  readonly reportFiscalYear: number;
}

/** What an import did (or would do) per table. */
export interface ImportReport {
  readonly plan: { readonly organisationCode: string; readonly code: string; readonly created: boolean };
  readonly tables: readonly {
    readonly table: TableName;
    readonly title: string;
    readonly added: number;
    readonly changed: number;
    readonly removed: number;
    readonly unchanged: number;
  }[];
  readonly dryRun: boolean;
}

export interface WriteOptions {
  readonly actor: string;
  readonly requestId?: string;
  readonly dryRun?: boolean;
}

/** Every stored plan, most recently updated first. */
export async function listPlans(db: Db): Promise<StoredPlan[]> {
  const rows = await db
    .selectFrom('plans')
    .innerJoin('organisations', 'organisations.id', 'plans.organisation_id')
    .select([
      'plans.id',
      'organisations.code as organisationCode',
      'organisations.name as organisationName',
      'plans.code',
      'plans.name',
      'plans.report_fiscal_year as reportFiscalYear',
    ])
    .orderBy('plans.updated_at', 'desc')
    .orderBy('plans.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Reads a stored plan back as a validated Plan (the same object a dataset file gives). */
export async function loadStoredPlan(db: Db, stored: StoredPlan): Promise<Result<Plan, PlanIssue[]>> {
  const tables = await readPlanTables(db, stored.id);
  const document = tablesToDocument(tables);
  if (!document.ok) {
    return err(
      document.error.map((i) => ({
        path: `${i.table}[${i.row}]${i.column ? `.${i.column}` : ''}`,
        message: i.message,
      })),
    );
  }
  return loadPlan(document.value);
}

/** Signals the end of a dry run: everything done in the transaction is rolled back. */
class DryRunRollback extends Error {}

/**
 * Writes a validated plan: creates or updates its organisation and plan, then adds, changes and removes rows so the
 * stored tables equal the plan's, recording every change in history — all in one transaction. Importing the same
 * plan twice changes nothing the second time. With `dryRun` the same work is done and rolled back.
 */
export async function savePlan(
  db: Kysely<Database>,
  plan: Plan,
  options: WriteOptions,
): Promise<ImportReport> {
  const incoming = planToTables(plan.document);
  let report: ImportReport | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      report = await writeTables(trx, incoming, options);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  if (report === undefined) throw new Error('invariant: no import report');
  return report;
}

async function writeTables(
  trx: Transaction<Database>,
  incoming: PlanTables,
  options: WriteOptions,
): Promise<ImportReport> {
  const requestId = options.requestId ?? randomUUID();
  const planRow = incoming.plan[0];
  if (planRow === undefined) throw new Error('invariant: a plan has one plan row');
  const { planId, created, current } = await upsertPlan(trx, planRow, options.actor, requestId);
  const diffs = diffTables(current, incoming).filter((d) => d.table !== 'plan');
  await applyTableDiffs(trx, planId, diffs, options.actor, requestId);
  const planDiff: TableDiff = {
    table: 'plan',
    added: created ? [planRow] : [],
    removed: [],
    changed: [],
    unchanged: created ? 0 : 1,
  };
  return {
    plan: { organisationCode: String(planRow.organisation_code), code: String(planRow.plan_id), created },
    tables: [planDiff, ...diffs].map((d) => ({
      table: d.table,
      title: TABLES.find((t) => t.name === d.table)?.title ?? d.table,
      added: d.added.length,
      changed: d.changed.length,
      removed: d.removed.length,
      unchanged: d.unchanged,
    })),
    dryRun: options.dryRun ?? false,
  };
}

/** The plan row's columns stored in plans under the same names. */
const PLAN_COLUMNS = [
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

/** Finds or creates the organisation and the plan (locking the plan row), updating changed fields with history. */
async function upsertPlan(
  trx: Transaction<Database>,
  row: Row,
  actor: string,
  requestId: string,
): Promise<{ planId: number; created: boolean; current: PlanTables }> {
  const organisationCode = String(row.organisation_code);
  const organisationName = String(row.organisation_name);
  let organisation = await trx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('code', '=', organisationCode)
    .forUpdate()
    .executeTakeFirst();
  if (organisation === undefined) {
    organisation = await trx
      .insertInto('organisations')
      .values({ code: organisationCode, name: organisationName })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  } else if (organisation.name !== organisationName) {
    await trx
      .updateTable('organisations')
      .set((eb) => ({ name: organisationName, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', organisation.id)
      .execute();
  }
  const values = Object.fromEntries(PLAN_COLUMNS.map((column) => [column, row[column] ?? null])) as Record<
    (typeof PLAN_COLUMNS)[number],
    never
  >;
  const existing = await trx
    .selectFrom('plans')
    .select('id')
    .where('organisation_id', '=', organisation.id)
    .where('code', '=', String(row.plan_id))
    .forUpdate()
    .executeTakeFirst();
  if (existing === undefined) {
    const inserted = await trx
      .insertInto('plans')
      .values({ ...values, organisation_id: Number(organisation.id), code: String(row.plan_id) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = Number(inserted.id);
    const key = JSON.stringify({ plan_id: row.plan_id });
    await appendHistory(
      trx,
      planId,
      [{ table: 'plans', key, operation: 'insert', column: null, oldValue: null, newValue: row }],
      actor,
      requestId,
    );
    const empty = await readPlanTables(trx, planId);
    return { planId, created: true, current: empty };
  }
  const planId = Number(existing.id);
  const current = await readPlanTables(trx, planId);
  const before = current.plan[0] ?? {};
  const changed = [...PLAN_COLUMNS, 'organisation_name'].filter(
    (k) => (before[k] ?? null) !== (row[k] ?? null),
  );
  if (changed.length > 0) {
    await trx
      .updateTable('plans')
      .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', planId)
      .execute();
    const key = JSON.stringify({ plan_id: row.plan_id });
    const entries: HistoryEntry[] = changed.map((column) => ({
      table: 'plans',
      key,
      operation: 'update',
      column,
      oldValue: before[column] ?? null,
      newValue: row[column] ?? null,
    }));
    await appendHistory(trx, planId, entries, actor, requestId);
  }
  return { planId, created: false, current };
}
