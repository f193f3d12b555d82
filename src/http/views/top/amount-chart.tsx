import type { SummaryOutput } from '../../../domain/output/summary-output.ts';
import type { Goal } from '../../../domain/plan/schema.ts';
import { formatCount, formatOkuYen, formatThousandYen } from '../../../domain/values/money.ts';
import { amountBarChart } from '../../charts/amount-bar-chart.ts';
import { ChartFigure } from '../components/chart-figure.tsx';
import { ScrollTable } from '../components/scroll-table.tsx';
import { goalShortName } from '../goal-names.ts';
import { yearText } from '../links.ts';
import { formatSignedThousandYen } from '../numbers.ts';

const THOUSAND_YEN_PER_OKU_YEN = 100_000;

export interface AmountChartProps {
  readonly summary: SummaryOutput;
  readonly goalsByCode: ReadonlyMap<string, Goal>;
}

/** 決算額 per goal for the year and the year before, with the exact figures as its table. */
export function AmountChart({ summary, goalsByCode }: AmountChartProps) {
  const { goals, rounding, fiscalYear } = summary;
  const okuYen = (amount: number) =>
    formatOkuYen(amount, { digits: rounding.okuYenDigits, mode: rounding.mode });
  const name = (code: string, fallback: string) => {
    const goal = goalsByCode.get(code);
    return goal ? goalShortName(goal) : fallback;
  };
  const withPrevious = goals.some((g) => g.previous !== null);
  const series = [
    ...(withPrevious
      ? [
          {
            name: yearText(fiscalYear - 1),
            values: goals.map((g) =>
              g.previous ? g.previous.amountThousandYen / THOUSAND_YEN_PER_OKU_YEN : null,
            ),
            labels: goals.map((g) => (g.previous ? okuYen(g.previous.amountThousandYen) : '')),
          },
        ]
      : []),
    {
      name: yearText(fiscalYear),
      values: goals.map((g) => g.amountThousandYen / THOUSAND_YEN_PER_OKU_YEN),
      labels: goals.map((g) => g.display.amountOkuYen),
    },
  ];
  const svg = amountBarChart({ categories: goals.map((g) => name(g.code, g.label)), series });
  const label = `目標別の決算額（億円）: ${goals
    .map((g) =>
      [
        name(g.code, g.label),
        g.previous ? `${yearText(fiscalYear - 1)} ${okuYen(g.previous.amountThousandYen)}` : null,
        `${yearText(fiscalYear)} ${g.display.amountOkuYen}`,
      ]
        .filter(Boolean)
        .join(' '),
    )
    .join('、')}`;
  return (
    <ChartFigure
      id="amount-chart"
      caption={`目標別の関連事業の決算額（億円、${withPrevious ? `${yearText(fiscalYear - 1)}と` : ''}${yearText(fiscalYear)}）`}
      label={label}
      svg={svg}
      table={
        <ScrollTable id="amount-table" caption="目標別の関連事業（事業数・決算額）">
          <thead>
            <tr>
              <th scope="col">目標</th>
              {withPrevious ? <th scope="col">{yearText(fiscalYear - 1)} 事業数</th> : null}
              {withPrevious ? <th scope="col">{yearText(fiscalYear - 1)} 決算額</th> : null}
              <th scope="col">{yearText(fiscalYear)} 事業数</th>
              <th scope="col">{yearText(fiscalYear)} 決算額</th>
              {withPrevious ? <th scope="col">前年度との差（事業数）</th> : null}
              {withPrevious ? <th scope="col">前年度との差（決算額）</th> : null}
            </tr>
          </thead>
          <tbody>
            {goals.map((g) => (
              <tr>
                <th scope="row">{g.label}</th>
                {withPrevious ? (
                  <td class="num">{g.previous ? formatCount(g.previous.projects) : '—'}</td>
                ) : null}
                {withPrevious ? (
                  <td class="num">{g.previous ? formatThousandYen(g.previous.amountThousandYen) : '—'}</td>
                ) : null}
                <td class="num">{g.display.projects}</td>
                <td class="num">{g.display.amountThousandYen}</td>
                {withPrevious ? <td class="num">{g.display.differenceProjects ?? '—'}</td> : null}
                {withPrevious ? (
                  <td class="num">
                    {g.difference ? formatSignedThousandYen(g.difference.amountThousandYen) : '—'}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      }
    />
  );
}
