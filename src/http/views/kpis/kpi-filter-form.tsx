import { MEASURE_STATUS_LABELS, type MeasureStatus } from '../../../domain/evaluation/measure-status.ts';
import { YearSelect } from '../components/year-form.tsx';
import type { PageYear } from '../links.ts';
import { type KpiFilter, type SortKey, type SortOrder, STATUS_ORDER } from './kpi-rows.ts';

export interface KpiFilterFormProps {
  readonly year: PageYear;
  readonly filter: KpiFilter;
  readonly sort?: { key: SortKey; order: SortOrder } | undefined;
  readonly goals: readonly { code: string; name: string; depth: number }[];
  readonly departments: readonly { code: string; label: string }[];
}

/** The filters as a plain GET form: the result is a URL that can be shared; the sort order is kept. */
export function KpiFilterForm({ year, filter, sort, goals, departments }: KpiFilterFormProps) {
  return (
    <form class="filter-form" method="get" action="/kpis" aria-label="KPIの絞り込み">
      <div class="field">
        <label for="filter-goal">目標</label>
        <select id="filter-goal" name="goal">
          <option value="">すべての目標</option>
          {goals.map((g) => (
            <option value={g.code} selected={g.code === filter.goal}>
              {'　'.repeat(g.depth)}
              {g.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-department">担当所属</label>
        <select id="filter-department" name="department">
          <option value="">すべての所属</option>
          {departments.map((d) => (
            <option value={d.code} selected={d.code === filter.department}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-status">判定</label>
        <select id="filter-status" name="status" aria-describedby="filter-status-hint">
          <option value="">すべての判定</option>
          {STATUS_ORDER.map((s: MeasureStatus) => (
            <option value={s} selected={s === filter.status}>
              {MEASURE_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <span id="filter-status-hint" class="field__hint">
          施策の判定（施策に属さない関連KPIはKPIの判定）
        </span>
      </div>
      <YearSelect year={year} id="filter-fy" />
      {sort ? (
        <>
          <input type="hidden" name="sort" value={sort.key} />
          <input type="hidden" name="order" value={sort.order} />
        </>
      ) : null}
      <div class="filter-form__actions">
        <button type="submit" class="button">
          絞り込む
        </button>
        <a href="/kpis">条件をすべて解除</a>
      </div>
    </form>
  );
}
