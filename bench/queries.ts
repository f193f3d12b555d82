// The whole-nation roll-up of 関連事業 and a timing helper.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.ts';

export interface YearTotal {
  readonly fiscal_year: number;
  readonly projects: number;
  readonly amount: number;
}

const FROM = sql`from project_totals pt
  join plans p on p.id = pt.plan_id
  join organisations o on o.id = p.organisation_id`;

/** Total projects and 決算額 (千円) per fiscal year, nationwide. */
export async function nationalTotals(db: Kysely<Database>): Promise<YearTotal[]> {
  const { rows } = await sql<YearTotal>`select pt.fiscal_year,
      sum(pt.count)::bigint as projects, sum(pt.amount_thousand_yen)::bigint as amount
    ${FROM} group by pt.fiscal_year order by pt.fiscal_year`.execute(db);
  return rows;
}

/** The same per prefecture: the first two digits of the 地方公共団体コード. */
export async function prefectureTotals(
  db: Kysely<Database>,
): Promise<(YearTotal & { prefecture: string })[]> {
  const { rows } = await sql<YearTotal & { prefecture: string }>`select substr(o.code, 1, 2) as prefecture,
      pt.fiscal_year, sum(pt.count)::bigint as projects, sum(pt.amount_thousand_yen)::bigint as amount
    ${FROM} group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/** Median milliseconds of `runs` calls after one warm-up call; also returns the last result. */
export async function medianOf<T>(runs: number, f: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await f();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? Number.NaN, result };
}
