import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../database.ts';

/** One recorded change as the history pages show it. */
export interface HistoryRow {
  readonly id: number;
  readonly changedAt: Date;
  readonly actor: string;
  /** 代理入力: the departments the actor acted for (所属コード), empty when none */
  readonly onBehalfOf: readonly string[];
  readonly table: string;
  readonly key: Record<string, unknown>;
  readonly operation: 'insert' | 'update' | 'delete';
  readonly column: string | null;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly requestId: string | null;
}

export interface HistoryFilter {
  readonly actor?: string | undefined;
  /** Inclusive lower bound (UTC). */
  readonly from?: Date | undefined;
  /** Exclusive upper bound (UTC). */
  readonly to?: Date | undefined;
  /** The stored table names to show (the plan row is recorded as `plans` or `plan`). */
  readonly tables?: readonly string[] | undefined;
  /** Only the rows of one measure: its analyses and the actuals, targets and baseline of these KPIs. */
  readonly measure?: { readonly id: string; readonly kpis: readonly string[] } | undefined;
}

/** One page of a filtered history: `offset` rows skipped, at most `limit` returned. */
export interface HistoryPage {
  readonly limit: number;
  readonly offset?: number | undefined;
}

function filteredHistory(db: Kysely<Database>, planId: number, filter: HistoryFilter) {
  // Account changes belong to no plan: they appear in the plan's global log too.
  let query = db
    .selectFrom('history')
    .where((eb) => eb.or([eb('plan_id', '=', planId), eb('plan_id', 'is', null)]));
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.from) query = query.where('changed_at', '>=', filter.from);
  if (filter.to) query = query.where('changed_at', '<', filter.to);
  if (filter.tables !== undefined && filter.tables.length > 0)
    query = query.where('table_name', 'in', [...filter.tables]);
  const measure = filter.measure;
  if (measure !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb.and([
          eb('table_name', 'in', [
            'analyses',
            'published_labels',
            'measure_kpis',
            'joint_measures',
            'measure_goals',
          ]),
          eb(sql`row_key->>'measure'`, '=', measure.id),
        ]),
        eb.and([eb('table_name', '=', 'measures'), eb(sql`row_key->>'id'`, '=', measure.id)]),
        ...(measure.kpis.length === 0
          ? []
          : [
              eb.and([
                eb('table_name', '=', 'kpi_values'),
                eb(sql`row_key->>'kpi'`, 'in', [...measure.kpis]),
              ]),
              eb.and([eb('table_name', '=', 'kpis'), eb(sql`row_key->>'id'`, 'in', [...measure.kpis])]),
            ]),
      ]),
    );
  }
  return query;
}

/** Recorded changes of a plan, newest first, one page of them. */
export async function listHistory(
  db: Kysely<Database>,
  planId: number,
  filter: HistoryFilter,
  page: HistoryPage,
): Promise<HistoryRow[]> {
  const rows = await filteredHistory(db, planId, filter)
    .selectAll()
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    changedAt: new Date(r.changed_at),
    actor: r.actor,
    onBehalfOf: r.on_behalf_of === null ? [] : r.on_behalf_of.split(' '),
    table: r.table_name,
    key: (typeof r.row_key === 'string' ? JSON.parse(r.row_key) : r.row_key) as Record<string, unknown>,
    operation: r.operation,
    column: r.column_name,
    oldValue: r.old_value,
    newValue: r.new_value,
    requestId: r.request_id,
  }));
}

/** How many recorded changes the filter matches (for the page count). */
export async function countHistory(
  db: Kysely<Database>,
  planId: number,
  filter: HistoryFilter,
): Promise<number> {
  const row = await filteredHistory(db, planId, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Accounts that appear in the history, for the filter list. */
export async function historyActors(db: Kysely<Database>, planId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('history')
    .select('actor')
    .distinct()
    .where((eb) => eb.or([eb('plan_id', '=', planId), eb('plan_id', 'is', null)]))
    .orderBy('actor')
    .execute();
  return rows.map((r) => r.actor);
}

/** Who last changed a row, and when. */
export interface LastChange {
  readonly actor: string;
  readonly changedAt: Date;
}

/**
 * The last recorded change of each given row (history table name and natural key), in the order given; undefined
 * for a row without history (e.g. restored from a backup of another database).
 */
export async function lastChanges(
  db: Kysely<Database> | Transaction<Database>,
  planId: number,
  rows: readonly { readonly table: string; readonly key: Readonly<Record<string, unknown>> }[],
): Promise<(LastChange | undefined)[]> {
  if (rows.length === 0) return [];
  const wanted = rows.map((r, n) => sql`(${n}::int, ${r.table}::text, ${JSON.stringify(r.key)}::jsonb)`);
  const { rows: found } = await sql<{ n: number; actor: string; changed_at: Date | string }>`
    select distinct on (q.n) q.n, h.actor, h.changed_at
    from (values ${sql.join(wanted)}) as q(n, table_name, row_key)
    join history h on h.plan_id = ${planId} and h.table_name = q.table_name and h.row_key = q.row_key
    order by q.n, h.changed_at desc, h.id desc`.execute(db);
  const byIndex = new Map(found.map((f) => [Number(f.n), f]));
  return rows.map((_, n) => {
    const f = byIndex.get(n);
    return f === undefined ? undefined : { actor: f.actor, changedAt: new Date(f.changed_at) };
  });
}
