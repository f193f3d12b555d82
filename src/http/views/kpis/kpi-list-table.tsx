import { ScrollTable } from '../components/scroll-table.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { NoValue, ValueText } from '../components/value-text.tsx';
import { fyParam, goalHref, href, measureHref, type PageYear, yearText } from '../links.ts';
import { defaultOrder, type KpiFilter, type KpiRow, type SortKey, type SortOrder } from './kpi-rows.ts';

export interface KpiListTableProps {
  readonly rows: readonly KpiRow[];
  readonly year: PageYear;
  readonly filter: KpiFilter;
  readonly sort?: { key: SortKey; order: SortOrder } | undefined;
}

const ORDER_TEXT = { asc: '昇順', desc: '降順' } as const;

/** A column header that sorts by its column: a link, so the order is part of the URL. */
function SortHeader(props: KpiListTableProps & { column: SortKey; label: string }) {
  const { column, label, sort, filter, year } = props;
  const active = sort?.key === column;
  const next: SortOrder = active ? (sort.order === 'asc' ? 'desc' : 'asc') : defaultOrder(column);
  const link = href('/kpis', { ...filter, fy: fyParam(year), sort: column, order: next });
  return (
    <th scope="col" aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a class="sort-link" href={link}>
        {label}
        {active ? (
          <span class="sort-link__direction">
            {sort.order === 'asc' ? '▲' : '▼'}
            {ORDER_TEXT[sort.order]}
          </span>
        ) : null}
        <span class="visually-hidden">（{ORDER_TEXT[next]}で並べ替える）</span>
      </a>
    </th>
  );
}

/** The KPI list: each KPI with its measure, goal, department, values, status and rates. */
export function KpiListTable(props: KpiListTableProps) {
  const { rows, year } = props;
  const fy = year.fy;
  return (
    <ScrollTable id="kpi-list" caption={`KPI一覧（${yearText(fy)}、${rows.length}件）`}>
      <thead>
        <tr>
          <SortHeader {...props} column="name" label="指標（単位）" />
          <th scope="col">施策</th>
          <SortHeader {...props} column="goal" label="目標" />
          <SortHeader {...props} column="department" label="担当所属" />
          <th scope="col">目標値</th>
          <th scope="col">実績値</th>
          <th scope="col">KPIの判定</th>
          <SortHeader {...props} column="achievement" label="達成率" />
          <SortHeader {...props} column="progress" label="進捗率" />
          <SortHeader {...props} column="status" label="施策の判定" />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">
              {r.kpi.name}（{r.kpi.unit}）
              {r.onCards.length > 0 ? <span class="cell-note">関連KPI: {r.onCards.join('、')}</span> : null}
            </th>
            <td>
              {r.source.kind === 'measure' ? (
                <a href={measureHref(r.source.id, year)}>{r.source.name}</a>
              ) : (
                <span class="mark">施策なし（関連KPIのみ）</span>
              )}
            </td>
            <td>
              <a href={goalHref(r.goal, year)}>{r.goalTitle}</a>
            </td>
            <td>{r.department ?? <NoValue />}</td>
            <td class="num">
              <ValueText value={r.kpi.target} kind="target" fy={fy} unit={r.kpi.unit} />
            </td>
            <td class="num">
              <ValueText value={r.kpi.actual} kind="actual" fy={fy} unit={r.kpi.unit} />
            </td>
            <td>
              <StatusBadge status={r.kpi.status} />
            </td>
            <td class="num">{r.kpi.display.achievementRate ?? <NoValue />}</td>
            <td class="num">{r.kpi.display.progressRate ?? <NoValue />}</td>
            <td>{r.source.kind === 'measure' ? <StatusBadge status={r.status} /> : <NoValue />}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
