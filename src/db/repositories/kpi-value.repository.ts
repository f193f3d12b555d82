import type { Kysely, Transaction } from 'kysely';
import type { Database, KpiValueTable } from '../database.ts';
import { appendHistory, type HistoryEntry } from './plan-tables.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Thrown when a row changed since it was read (optimistic locking): the caller must re-read and re-apply. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  constructor(
    readonly table: string,
    readonly key: string,
    readonly expectedVersion: number,
    readonly currentVersion: number | undefined,
  ) {
    super(
      currentVersion === undefined
        ? `${table} の ${key} は削除されています。`
        : `${table} の ${key} は他の人が更新しました（読み込んだ版 ${expectedVersion}、現在の版 ${currentVersion}）。最新の値を確認してから保存し直してください。`,
    );
  }
}

/** Identifies one KPI value: a KPI, a kind and a fiscal year (null for a baseline without one). */
export interface KpiValueKey {
  readonly planId: number;
  readonly kpi: string;
  readonly kind: 'baseline' | 'target' | 'actual';
  readonly fiscalYear: number | null;
}

export type KpiValuePatch = Partial<
  Pick<
    KpiValueTable,
    'value' | 'missing' | 'marker' | 'percent' | 'approximate' | 'provisional' | 'note' | 'as_of'
  >
>;

/** Reads one KPI value with its version. */
export async function findKpiValue(db: Db, key: KpiValueKey) {
  return db
    .selectFrom('kpi_values')
    .selectAll()
    .where('plan_id', '=', key.planId)
    .where('kpi', '=', key.kpi)
    .where('kind', '=', key.kind)
    .where((eb) =>
      key.fiscalYear === null ? eb('fiscal_year', 'is', null) : eb('fiscal_year', '=', key.fiscalYear),
    )
    .executeTakeFirst();
}

/**
 * Changes one KPI value if it is still at `expectedVersion`, recording each changed column in history in the same
 * transaction; otherwise throws VersionConflictError and writes nothing. Returns the new version.
 */
export async function updateKpiValue(
  db: Kysely<Database>,
  key: KpiValueKey,
  patch: KpiValuePatch,
  expectedVersion: number,
  actor: string,
  requestId: string | null = null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await findKpiValue(trx, key);
    const rowKey = JSON.stringify({ kpi: key.kpi, kind: key.kind, fiscal_year: key.fiscalYear });
    // The version check is in the UPDATE itself, so two writers cannot both pass it.
    const updated = await trx
      .updateTable('kpi_values')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('plan_id', '=', key.planId)
      .where('kpi', '=', key.kpi)
      .where('kind', '=', key.kind)
      .where((eb) =>
        key.fiscalYear === null ? eb('fiscal_year', 'is', null) : eb('fiscal_year', '=', key.fiscalYear),
      )
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst();
    if (updated === undefined || before === undefined) {
      const current = await findKpiValue(trx, key);
      throw new VersionConflictError('KPI値', rowKey, expectedVersion, current?.version);
    }
    const entries: HistoryEntry[] = (Object.keys(patch) as (keyof KpiValuePatch)[])
      .filter((column) => (before[column] ?? null) !== (patch[column] ?? null))
      .map((column) => ({
        table: 'kpi_values',
        key: rowKey,
        operation: 'update',
        column,
        oldValue: before[column] ?? null,
        newValue: patch[column] ?? null,
      }));
    await appendHistory(trx, key.planId, entries, actor, requestId);
    return updated.version;
  });
}
