import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database.ts';

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
