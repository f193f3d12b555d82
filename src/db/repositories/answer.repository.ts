import type { Kysely, Transaction } from 'kysely';
import type { ActualCells, StoredAnswerRows } from '../../domain/editing/stored-answer.ts';
import type { Database } from '../database.ts';
import { VersionConflictError } from './kpi-value.repository.ts';
import { appendHistory, type HistoryEntry } from './plan-tables.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type { ActualCells, AnswerVersions } from '../../domain/editing/stored-answer.ts';

const ACTUAL_COLUMNS = [
  'value',
  'missing',
  'marker',
  'percent',
  'approximate',
  'provisional',
  'note',
] as const satisfies readonly (keyof ActualCells)[];

/**
 * One row to write if it is still at `expectedVersion` (0 = the row must not exist yet); `next` null removes an
 * actual (an analysis is never removed, its text becomes empty instead).
 */
export interface RowChange<T> {
  readonly expectedVersion: number;
  readonly next: T | null;
}

export interface AnswerChanges {
  readonly actuals: ReadonlyMap<string, RowChange<ActualCells>>;
  readonly analysis?: RowChange<string>;
}

export const actualKey = (kpi: string, fiscalYear: number): string =>
  JSON.stringify({ kpi, kind: 'actual', fiscal_year: fiscalYear });
export const analysisKey = (measure: string, fiscalYear: number): string =>
  JSON.stringify({ measure, fiscal_year: fiscalYear });

/**
 * The stored rows of one measure's answer for a year: each KPI's actual and the analysis, every value read in the
 * same statement as its version (what a form shows and the version it sends back must belong together).
 */
export async function readAnswerRows(
  db: Db,
  planId: number,
  measure: string,
  kpis: readonly string[],
  fiscalYear: number,
): Promise<StoredAnswerRows> {
  const rows =
    kpis.length === 0
      ? []
      : await db
          .selectFrom('kpi_values')
          .select(['kpi', 'version', ...ACTUAL_COLUMNS])
          .where('plan_id', '=', planId)
          .where('kind', '=', 'actual')
          .where('fiscal_year', '=', fiscalYear)
          .where('kpi', 'in', kpis)
          .execute();
  const analysis = await db
    .selectFrom('analyses')
    .select(['text', 'version'])
    .where('plan_id', '=', planId)
    .where('measure', '=', measure)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  return { actuals: new Map(rows.map((r) => [r.kpi, r])), analysis };
}

async function findActual(db: Db, planId: number, kpi: string, fiscalYear: number) {
  return db
    .selectFrom('kpi_values')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('kpi', '=', kpi)
    .where('kind', '=', 'actual')
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
}

const UNIQUE_VIOLATION = '23505';

/**
 * Writes a measure's answer in one transaction: every row only if it is still at the version the form was built
 * from, each changed column recorded in history (same transaction). The first stale row throws
 * VersionConflictError and nothing is written.
 */
export async function saveAnswer(
  db: Kysely<Database>,
  planId: number,
  measure: string,
  fiscalYear: number,
  changes: AnswerChanges,
  actor: string,
  requestId: string | null,
  beforeWrite?: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  await saveAnswers(db, planId, fiscalYear, [{ measure, changes }], actor, requestId, beforeWrite);
}

/** Writes the answers of several measures (a whole 調査票) in one transaction, with the same guarantees. */
export async function saveAnswers(
  db: Kysely<Database>,
  planId: number,
  fiscalYear: number,
  answers: readonly { readonly measure: string; readonly changes: AnswerChanges }[],
  actor: string,
  requestId: string | null,
  beforeWrite?: (trx: Transaction<Database>) => Promise<void>,
  /** 代理入力: the departments acted for (domain/staff/actor.ts `onBehalfText`), null when none */
  onBehalfOf: string | null = null,
): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      // Campaign rules (may the figures be changed now?) are checked in the same transaction as the write.
      if (beforeWrite !== undefined) await beforeWrite(trx);
      const history: HistoryEntry[] = [];
      for (const { measure, changes } of answers) {
        for (const [kpi, change] of changes.actuals) {
          history.push(...(await writeActual(trx, planId, kpi, fiscalYear, change)));
        }
        if (changes.analysis !== undefined) {
          history.push(...(await writeAnalysis(trx, planId, measure, fiscalYear, changes.analysis)));
        }
      }
      await appendHistory(trx, planId, history, actor, requestId, onBehalfOf);
    });
  } catch (e) {
    // Two first entries of the same value at once: the second insert meets the first's row.
    if ((e as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new VersionConflictError('入力値', answers.map((a) => a.measure).join(','), 0, 1);
    }
    throw e;
  }
}

async function writeActual(
  trx: Transaction<Database>,
  planId: number,
  kpi: string,
  fiscalYear: number,
  change: RowChange<ActualCells>,
): Promise<HistoryEntry[]> {
  const key = actualKey(kpi, fiscalYear);
  const before = await findActual(trx, planId, kpi, fiscalYear);
  const conflict = () => new VersionConflictError('KPI実績値', key, change.expectedVersion, before?.version);
  if ((before?.version ?? 0) !== change.expectedVersion) throw conflict();
  const next = change.next;
  if (before === undefined) {
    if (next === null) return [];
    await trx
      .insertInto('kpi_values')
      .values({
        plan_id: planId,
        kpi,
        kind: 'actual',
        fiscal_year: fiscalYear,
        as_of: null,
        unit: null,
        relative: null,
        ...next,
      })
      .execute();
    return ACTUAL_COLUMNS.filter((c) => next[c] !== null && next[c] !== false).map((column) => ({
      table: 'kpi_values',
      key,
      operation: 'insert',
      column,
      oldValue: null,
      newValue: next[column],
    }));
  }
  const where = trx
    .updateTable('kpi_values')
    .where('id', '=', before.id)
    .where('version', '=', change.expectedVersion);
  if (next === null) {
    const deleted = await trx
      .deleteFrom('kpi_values')
      .where('id', '=', before.id)
      .where('version', '=', change.expectedVersion)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw conflict();
    return ACTUAL_COLUMNS.filter((c) => before[c] !== null && before[c] !== false).map((column) => ({
      table: 'kpi_values',
      key,
      operation: 'delete',
      column,
      oldValue: before[column],
      newValue: null,
    }));
  }
  // The version check is in the UPDATE itself: of two writers on the same version, one updates nothing.
  const updated = await where
    .set((eb) => ({ ...next, version: eb('version', '+', 1), updated_at: new Date() }))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict();
  return ACTUAL_COLUMNS.filter((c) => (before[c] ?? null) !== (next[c] ?? null)).map((column) => ({
    table: 'kpi_values',
    key,
    operation: 'update',
    column,
    oldValue: before[column] ?? null,
    newValue: next[column] ?? null,
  }));
}

async function writeAnalysis(
  trx: Transaction<Database>,
  planId: number,
  measure: string,
  fiscalYear: number,
  change: RowChange<string>,
): Promise<HistoryEntry[]> {
  const key = analysisKey(measure, fiscalYear);
  const before = await trx
    .selectFrom('analyses')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('measure', '=', measure)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  if ((before?.version ?? 0) !== change.expectedVersion)
    throw new VersionConflictError('要因分析', key, change.expectedVersion, before?.version);
  const text = change.next;
  if (before === undefined) {
    if (text === null) return [];
    await trx
      .insertInto('analyses')
      .values({ plan_id: planId, measure, fiscal_year: fiscalYear, text })
      .execute();
    return [{ table: 'analyses', key, operation: 'insert', column: 'text', oldValue: null, newValue: text }];
  }
  const updated = await trx
    .updateTable('analyses')
    .set((eb) => ({ text, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', before.id)
    .where('version', '=', change.expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw new VersionConflictError('要因分析', key, change.expectedVersion, before.version);
  return (before.text ?? null) === text
    ? []
    : [
        {
          table: 'analyses',
          key,
          operation: 'update',
          column: 'text',
          oldValue: before.text,
          newValue: text,
        },
      ];
}
