import { type KpiChartSize, kpiHistoryChart } from '../../charts/kpi-history-chart.ts';
import { historyChartData, historySummary, type KpiHistory } from '../kpi-history.ts';
import { yearText } from '../links.ts';
import { ChartFigure } from './chart-figure.tsx';
import { ScrollTable } from './scroll-table.tsx';

/** A KPI's values by fiscal year as a table (the chart's text alternative). */
export function KpiHistoryTable({
  id,
  caption,
  history,
}: {
  id: string;
  caption: string;
  history: KpiHistory;
}) {
  return (
    <ScrollTable id={id} caption={`${caption}（単位: ${history.unit}）`}>
      <thead>
        <tr>
          <th scope="col">年度</th>
          <th scope="col">基準値</th>
          <th scope="col">目標値</th>
          <th scope="col">実績値</th>
        </tr>
      </thead>
      <tbody>
        {history.rows.map((r) => (
          <tr>
            <th scope="row">{yearText(r.fiscalYear)}</th>
            <td class="num">{r.baseline ? `${r.baseline.text}（${r.baseline.asOf}時点）` : ''}</td>
            <td class="num">{r.target?.text ?? ''}</td>
            <td class="num">
              {r.actual?.text ?? ''}
              {r.actual?.provisional ? <span class="mark">（見込み）</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

export interface KpiHistoryFigureProps {
  readonly id: string;
  readonly name: string;
  readonly history: KpiHistory;
  readonly size: KpiChartSize;
  /** Why there are no values, when known (e.g. the dataset's note). */
  readonly missingNote?: string | undefined;
}

/** A KPI's chart with its data table; a KPI without any value says so instead (never drawn as 0). */
export function KpiHistoryFigure({ id, name, history, size, missingNote }: KpiHistoryFigureProps) {
  if (!history.hasValues) {
    return (
      <p class="no-values">
        数値がないため、グラフはありません。
        {missingNote ? <span class="no-values__note">{missingNote}</span> : null}
      </p>
    );
  }
  return (
    <ChartFigure
      id={id}
      class={size === 'card' ? 'chart--card' : undefined}
      caption={`${name}の推移（${history.unit}）`}
      label={historySummary(name, history)}
      svg={kpiHistoryChart(historyChartData(history), size)}
      table={<KpiHistoryTable id={`${id}-table`} caption={`${name}の推移`} history={history} />}
    />
  );
}
