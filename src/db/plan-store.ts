import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { loadPlan, type PlanIssue } from '../domain/plan/load.ts';
import type { Plan } from '../domain/plan/model.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { emptyTables, type Row, type TableName, tableDef } from '../domain/tables/definitions.ts';
import { diffTables } from '../domain/tables/diff.ts';
import { tablesToDocument } from '../domain/tables/from-tables.ts';
import {
  findStaleRows,
  indexStamps,
  type RowVersion,
  stampId,
  versionsOf,
} from '../domain/tables/row-versions.ts';
import { planToTables } from '../domain/tables/to-tables.ts';
import type { Database } from './database.ts';
import { lockPlan, writePlanRow } from './plan-row-write.ts';
import {
  appendHistory,
  applyTableDiffs,
  readStampedPlanTables,
} from './repositories/plan-tables.repository.ts';
import { describeStaleRows, overwriteEntries, StaleRowsError } from './stale-rows.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A plan stored in the database. */
export interface StoredPlan {
  readonly id: number;
  /** The organisation the plan belongs to (its rows are under that organisation's row-level security). */
  readonly organisationId: number;
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly code: string;
  readonly name: string;
  readonly reportFiscalYear: number;
}

/** What an import did (or would do) per table. */
export interface ImportReport {
  readonly plan: { readonly organisationCode: string; readonly code: string; readonly created: boolean };
  /** Whether the file carried the versions of its rows (an export from the database). */
  readonly fileHasVersions: boolean;
  /** Rows changed in the database after the export that the import overwrote (--overwrite-newer). */
  readonly overwritten: number;
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
  /**
   * Write rows that changed in the database after the file was exported (or, for a file without versions, any
   * stored row the file changes), recording in history that a newer version was overwritten. Without it such an
   * import is refused whole with StaleRowsError.
   */
  readonly overwriteNewer?: boolean;
}

/**
 * Every stored plan: the default organisation's (the first created on this service) first, then by organisation;
 * within one, the most recently updated first. Importing another organisation's plan never changes which plan
 * comes first.
 */
export async function listPlans(db: Db): Promise<StoredPlan[]> {
  const rows = await db
    .selectFrom('plans')
    .innerJoin('organisations', 'organisations.id', 'plans.organisation_id')
    .select([
      'plans.id',
      'plans.organisation_id as organisationId',
      'organisations.code as organisationCode',
      'organisations.name as organisationName',
      'plans.code',
      'plans.name',
      'plans.report_fiscal_year as reportFiscalYear',
    ])
    .orderBy('organisations.id', 'asc')
    .orderBy('plans.updated_at', 'desc')
    .orderBy('plans.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), organisationId: Number(r.organisationId) }));
}

/** Reads a stored plan back as a validated Plan (the same object a dataset file gives). */
export async function loadStoredPlan(db: Db, stored: StoredPlan): Promise<Result<Plan, PlanIssue[]>> {
  const loaded = await loadStoredPlanWithVersions(db, stored);
  return loaded.ok ? ok(loaded.value.plan) : loaded;
}

/**
 * Reads a stored plan with the version and update time of every row, each read with the row's values: what an
 * export carries so that importing it later cannot undo a change saved after the export.
 */
export async function loadStoredPlanWithVersions(
  db: Db,
  stored: StoredPlan,
): Promise<Result<{ plan: Plan; versions: RowVersion[] }, PlanIssue[]>> {
  const { tables, stamps } = await readStampedPlanTables(db, stored.id);
  const document = tablesToDocument(tables);
  if (!document.ok) {
    return err(
      document.error.map((i) => ({
        path: `${i.table}[${i.row}]${i.column ? `.${i.column}` : ''}`,
        message: i.message,
      })),
    );
  }
  const plan = loadPlan(document.value, { storedYears: true });
  return plan.ok ? ok({ plan: plan.value, versions: versionsOf(tables, stamps) }) : plan;
}

/** Signals the end of a dry run: everything done in the transaction is rolled back. */
class DryRunRollback extends Error {}

/**
 * Runs `work` in one transaction and commits it, or with `dryRun` does the same work and rolls it back, so the
 * report (or the refusal) of a dry run is exactly the real one.
 */
export async function planWriteTransaction(
  db: Kysely<Database>,
  options: Pick<WriteOptions, 'dryRun'>,
  work: (trx: Transaction<Database>) => Promise<ImportReport>,
): Promise<ImportReport> {
  let report: ImportReport | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      report = await work(trx);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  if (report === undefined) throw new Error('invariant: no import report');
  return report;
}

/**
 * Writes a validated plan: creates or updates its organisation and plan, then adds, changes and removes rows so the
 * stored tables equal the plan's, recording every change in history — all in one transaction. Importing the same
 * plan twice changes nothing the second time. With `dryRun` the same work is done and rolled back.
 *
 * Rows changed in the database after the file's export (`rowVersions`; a file without them is based on nothing)
 * are never changed silently: the whole import is refused with StaleRowsError unless `overwriteNewer`.
 */
export const savePlan = (db: Kysely<Database>, plan: Plan, options: WriteOptions): Promise<ImportReport> =>
  planWriteTransaction(db, options, (trx) => writeTables(trx, plan, options));

/**
 * savePlan's work inside the caller's transaction, for a use case that checks something and writes the plan in one
 * transaction (app/first-plan.ts: no plan yet, then the first one).
 */
export const savePlanIn = (
  trx: Transaction<Database>,
  plan: Plan,
  options: WriteOptions,
): Promise<ImportReport> => writeTables(trx, plan, options);

async function writeTables(
  trx: Transaction<Database>,
  plan: Plan,
  options: WriteOptions,
): Promise<ImportReport> {
  const incoming = planToTables(plan.document);
  const requestId = options.requestId ?? randomUUID();
  const planRow = incoming.plan[0];
  if (planRow === undefined) throw new Error('invariant: a plan has one plan row');
  const target = await lockPlan(trx, planRow);
  const { tables: current, stamps } =
    target.planId === undefined
      ? { tables: emptyTables(), stamps: [] }
      : await readStampedPlanTables(trx, target.planId);
  const diffs = diffTables(current, incoming);
  const stored = indexStamps(stamps);
  const base = plan.document.rowVersions;
  // A plan not stored yet has nothing to protect (a file moved to another database creates it whole).
  const stale =
    target.planId === undefined
      ? []
      : await describeStaleRows(trx, target.planId, findStaleRows(diffs, stored, indexStamps(base ?? [])));
  if (stale.length > 0 && !options.overwriteNewer) throw new StaleRowsError(stale, base !== undefined);
  const versionOf = (table: TableName, row: Row) => stored.get(stampId(table, row))?.version;
  const planDiff = diffs.find((d) => d.table === 'plan');
  const planId = await writePlanRow(trx, planRow, target, planDiff, versionOf, options.actor, requestId);
  await applyTableDiffs(
    trx,
    planId,
    diffs.filter((d) => d.table !== 'plan'),
    options.actor,
    requestId,
    versionOf,
  );
  await appendHistory(trx, planId, overwriteEntries(stale, base !== undefined), options.actor, requestId);
  return {
    plan: {
      organisationCode: String(planRow.organisation_code),
      code: String(planRow.plan_id),
      created: target.planId === undefined,
    },
    fileHasVersions: base !== undefined,
    overwritten: stale.length,
    tables: diffs.map((d) => ({
      table: d.table,
      title: tableDef(d.table).title,
      added: d.added.length,
      changed: d.changed.length,
      removed: d.removed.length,
      unchanged: d.unchanged,
    })),
    dryRun: options.dryRun ?? false,
  };
}
