import type { MeasureOutput } from '../../../domain/output/evaluation-output.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { measureHref, type PageYear, yearText } from '../links.ts';

export interface GoalMeasuresProps {
  readonly goalCode: string;
  readonly measures: readonly MeasureOutput[];
  /** Names of the goals under this one, by code, to say where a measure belongs. */
  readonly goalNames: ReadonlyMap<string, string>;
  readonly year: PageYear;
}

/** KPI設定施策 of a goal (with its sub-areas' measures) and their computed and published statuses. */
export function GoalMeasures({ goalCode, measures, goalNames, year }: GoalMeasuresProps) {
  if (measures.length === 0) return <p>この目標にKPI設定施策はありません。</p>;
  const withArea = measures.some((m) => m.goal !== goalCode);
  return (
    <ScrollTable id="measures" caption={`KPI設定施策の判定（${yearText(year.fy)}、${measures.length}施策）`}>
      <thead>
        <tr>
          <th scope="col">施策名</th>
          {withArea ? <th scope="col">区分</th> : null}
          <th scope="col">担当所属</th>
          <th scope="col">判定（再計算）</th>
          <th scope="col">公表資料の判定</th>
        </tr>
      </thead>
      <tbody>
        {measures.map((m) => (
          <tr>
            <th scope="row">
              <a href={measureHref(m.id, year)}>{m.name}</a>
              {m.jointMeasures.map((j) => (
                <span class="cell-note">共同施策: {j.name}</span>
              ))}
            </th>
            {withArea ? <td>{goalNames.get(m.goal) ?? m.goalTitle}</td> : null}
            <td>{m.department}</td>
            <td>
              <StatusBadge status={m.status} />
            </td>
            <td>
              {m.publishedLabels.length === 0 ? '—' : m.publishedLabels.map((l) => `【${l}】`).join(' ')}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
