import { MEASURE_STATUS_LABELS } from '../../../domain/evaluation/measure-status.ts';
import { type PageYear, yearText } from '../links.ts';
import { KpiFilterForm, type KpiFilterFormProps } from './kpi-filter-form.tsx';
import { KpiListTable } from './kpi-list-table.tsx';
import type { KpiRow } from './kpi-rows.ts';

export interface KpiListPageProps extends KpiFilterFormProps {
  readonly year: PageYear;
  readonly rows: readonly KpiRow[];
  /** How many KPIs there are before filtering. */
  readonly total: number;
}

/** KPI一覧: every KPI with filters (a GET form) and sortable columns (links). */
export function KpiListPage(props: KpiListPageProps) {
  const { year, rows, total, filter } = props;
  const conditions = [
    filter.goal ? `目標「${props.goals.find((g) => g.code === filter.goal)?.name ?? filter.goal}」` : null,
    filter.department
      ? `担当所属「${props.departments.find((d) => d.code === filter.department)?.label ?? filter.department}」`
      : null,
    filter.status ? `判定「${MEASURE_STATUS_LABELS[filter.status]}」` : null,
  ].filter((c): c is string => c !== null);
  return (
    <>
      <h1>KPI一覧</h1>
      <p class="lead">
        {yearText(year.fy)}
        の実績で評価した、KPI設定施策のKPIと関連KPIの一覧です。目標・担当所属・判定・年度で絞り込み、列の見出しで並べ替えられます。
      </p>
      <KpiFilterForm {...props} />
      <p class="result-count">
        {conditions.length > 0 ? `${conditions.join('、')}に該当するKPI: ` : 'すべてのKPI: '}
        <span class="num">{rows.length}</span>件（全{total}件）
      </p>
      {rows.length > 0 ? (
        <KpiListTable rows={rows} year={year} filter={filter} sort={props.sort} />
      ) : (
        <p>条件に該当するKPIはありません。条件を変えてください。</p>
      )}
    </>
  );
}
