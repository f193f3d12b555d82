import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { MEASURE_STATUS_LABELS } from '../../domain/evaluation/measure-status.ts';
import type { SummaryOutput } from '../../domain/output/summary-output.ts';
import { renderTable } from './table.ts';

/** `summary` for a terminal: one line per goal and the total, then the measure counts. */
export function summaryText(s: SummaryOutput): string {
  const previous = s.total.previous ? formatFiscalYear(s.total.previous.fiscalYear, 'short') : '前年度';
  const columns = [
    { header: '目標' },
    { header: '事業数', align: 'right' as const },
    { header: `${previous}比`, align: 'right' as const },
    { header: '決算額(千円)', align: 'right' as const },
    { header: '決算額(億円)', align: 'right' as const },
    { header: `${previous}比`, align: 'right' as const },
  ];
  const row = (label: string, f: SummaryOutput['total']) => [
    label,
    f.display.projects,
    f.display.differenceProjects ?? '—',
    f.display.amountThousandYen.replace('千円', ''),
    f.display.amountOkuYen,
    f.display.differenceOkuYen ?? '—',
  ];
  const counts = (Object.keys(MEASURE_STATUS_LABELS) as (keyof typeof MEASURE_STATUS_LABELS)[])
    .map((k) => `${MEASURE_STATUS_LABELS[k]} ${s.measureCounts[k]}`)
    .join(' / ');
  return [
    `${s.plan.name} ${s.fiscalYearLabel}（${s.fiscalYear}年度） 関連事業`,
    '',
    renderTable(columns, [...s.goals.map((g) => row(g.label, g)), row('合計', s.total)]),
    '',
    `前年度比は${previous}との差。億円は${s.rounding.modeLabel}（小数第${s.rounding.okuYenDigits}位）。`,
    ...(s.rounding.note ? [`※${s.rounding.note}`] : []),
    `KPI設定施策の判定: ${counts}`,
  ].join('\n');
}
