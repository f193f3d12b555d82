import type { SummaryOutput } from '../../../domain/output/summary-output.ts';
import {
  formatCount,
  formatOkuYen,
  formatSignedCount,
  formatThousandYen,
} from '../../../domain/values/money.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { yearText } from '../links.ts';
import { formatSignedThousandYen } from '../numbers.ts';

type GoalFigures = SummaryOutput['goals'][number];

export interface GoalProjectsProps {
  readonly rows: readonly GoalFigures[];
  readonly fy: number;
  /** The plan's 億円 rounding rule (summary.rounding). */
  readonly rounding: SummaryOutput['rounding'];
}

/** 関連事業 of a goal (or of its sub-areas): 事業数 and 決算額 in 千円 for the year and the year before. */
export function GoalProjects({ rows, fy, rounding }: GoalProjectsProps) {
  if (rows.length === 0) return <p>{yearText(fy)}の関連事業の数値はありません。</p>;
  const sum = (pick: (g: GoalFigures) => number | undefined) =>
    rows.every((g) => pick(g) !== undefined) ? rows.reduce((n, g) => n + (pick(g) ?? 0), 0) : undefined;
  const total =
    rows.length > 1
      ? {
          previousProjects: sum((g) => g.previous?.projects),
          previousAmount: sum((g) => g.previous?.amountThousandYen),
          projects: sum((g) => g.projects) ?? 0,
          amount: sum((g) => g.amountThousandYen) ?? 0,
        }
      : undefined;
  const previous = yearText(fy - 1);
  const current = yearText(fy);
  const dash = '—';
  return (
    <ScrollTable id="projects" caption={`関連事業の事業数と決算額（${previous}・${current}、決算額は千円）`}>
      <thead>
        <tr>
          <th scope="col">区分</th>
          <th scope="col">{previous} 事業数</th>
          <th scope="col">{previous} 決算額</th>
          <th scope="col">{current} 事業数</th>
          <th scope="col">{current} 決算額</th>
          <th scope="col">前年度との差（事業数）</th>
          <th scope="col">前年度との差（決算額）</th>
          <th scope="col">{current} 決算額（億円）</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g) => (
          <tr>
            <th scope="row">{g.label}</th>
            <td class="num">{g.previous ? formatCount(g.previous.projects) : dash}</td>
            <td class="num">{g.previous ? formatThousandYen(g.previous.amountThousandYen) : dash}</td>
            <td class="num">{g.display.projects}</td>
            <td class="num">{g.display.amountThousandYen}</td>
            <td class="num">{g.display.differenceProjects ?? dash}</td>
            <td class="num">
              {g.difference ? formatSignedThousandYen(g.difference.amountThousandYen) : dash}
            </td>
            <td class="num">{g.display.amountOkuYen}</td>
          </tr>
        ))}
      </tbody>
      {total ? (
        <tfoot>
          <tr>
            <th scope="row">計</th>
            <td class="num">
              {total.previousProjects === undefined ? dash : formatCount(total.previousProjects)}
            </td>
            <td class="num">
              {total.previousAmount === undefined ? dash : formatThousandYen(total.previousAmount)}
            </td>
            <td class="num">{formatCount(total.projects)}</td>
            <td class="num">{formatThousandYen(total.amount)}</td>
            <td class="num">
              {total.previousProjects === undefined
                ? dash
                : formatSignedCount(total.projects - total.previousProjects)}
            </td>
            <td class="num">
              {total.previousAmount === undefined
                ? dash
                : formatSignedThousandYen(total.amount - total.previousAmount)}
            </td>
            <td class="num">
              {formatOkuYen(total.amount, { digits: rounding.okuYenDigits, mode: rounding.mode })}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </ScrollTable>
  );
}
