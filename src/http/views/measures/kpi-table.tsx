import type { MeasureOutput } from '../../../domain/output/evaluation-output.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { NoValue, ValueText } from '../components/value-text.tsx';
import { yearText } from '../links.ts';

const NUMBERED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩'];

/** The measure's KPIs as the report's table: 項目(単位), 基準値(時点), 目標値, 実績値, 判定, 達成率, 進捗率. */
export function KpiTable({ measure, fy }: { measure: MeasureOutput; fy: number }) {
  const numbered = measure.kpis.length > 1;
  return (
    <ScrollTable id="kpi-table" caption={`KPIの目標と実績（${yearText(fy)}）`}>
      <thead>
        <tr>
          <th scope="col">項目（単位）</th>
          <th scope="col">基準値（時点）</th>
          <th scope="col">目標値</th>
          <th scope="col">実績値</th>
          <th scope="col">判定</th>
          <th scope="col">達成率</th>
          <th scope="col">進捗率</th>
        </tr>
      </thead>
      <tbody>
        {measure.kpis.map((kpi, i) => (
          <tr>
            <th scope="row">
              {numbered ? `${NUMBERED[i] ?? `(${i + 1})`} ` : ''}
              {kpi.name}（{kpi.unit}）
              <span class="cell-note">
                {kpi.direction === 'increase' ? '増加が良い指標' : '減少が良い指標'}
                {kpi.cumulative ? '・累計' : ''}
              </span>
            </th>
            <td class="num">
              <ValueText value={kpi.baseline} kind="baseline" fy={fy} unit={kpi.unit} />
            </td>
            <td class="num">
              <ValueText value={kpi.target} kind="target" fy={fy} unit={kpi.unit} />
            </td>
            <td class="num">
              <ValueText value={kpi.actual} kind="actual" fy={fy} unit={kpi.unit} />
            </td>
            <td>
              <StatusBadge status={kpi.status} />
              {kpi.notEvaluableReason ? (
                <span class="cell-note">{kpi.notEvaluableReason}（判定から除外）</span>
              ) : null}
            </td>
            <td class="num">{kpi.display.achievementRate ?? <NoValue />}</td>
            <td class="num">{kpi.display.progressRate ?? <NoValue />}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
