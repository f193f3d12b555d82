import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { MEASURE_STATUS_LABELS } from '../../domain/evaluation/measure-status.ts';
import type { EvaluationOutput } from '../../domain/output/evaluation-output.ts';
import type { KpiOutput, ValueOutput } from '../../domain/output/kpi-output.ts';
import { renderTable } from './table.ts';

const value = (v: ValueOutput | null, reportYear: number): string => {
  if (v === null) return '—';
  const when =
    v.asOf !== null
      ? ` (${v.asOf})`
      : v.fiscalYear !== null && v.fiscalYear !== reportYear
        ? ` (${formatFiscalYear(v.fiscalYear, 'short')})`
        : '';
  return `${v.text}${when}${v.provisional ? ' 見込' : ''}`;
};

const kpiRow = (k: KpiOutput, reportYear: number, name = k.name): string[] => [
  `${name}（${k.unit}）`,
  value(k.baseline, reportYear),
  value(k.target, reportYear),
  value(k.actual, reportYear),
  k.statusLabel,
  k.display.achievementRate ?? '—',
  k.display.progressRate ?? '—',
];

const COLUMNS = [
  { header: '項目（単位）' },
  { header: '基準値（時点）', align: 'right' as const },
  { header: '目標値', align: 'right' as const },
  { header: '実績値', align: 'right' as const },
  { header: '判定' },
  { header: '達成率', align: 'right' as const },
  { header: '進捗率', align: 'right' as const },
];

/** `evaluate` for a terminal: measures grouped by goal, each with its KPI table, then the headline KPIs. */
export function evaluationText(e: EvaluationOutput): string {
  const lines: string[] = [`KPI設定施策の評価 ${e.fiscalYearLabel}（${e.fiscalYear}年度）`, ''];
  let goal = '';
  for (const m of e.measures) {
    if (m.goal !== goal) {
      goal = m.goal;
      lines.push(`■ ${m.goalTitle}`, '');
    }
    const joint = m.jointMeasures.map((j) => ` ／ ${j.name}（${j.department}）`).join('');
    lines.push(`【${m.statusLabel}】 ${m.name}（${m.department}）${joint}`);
    const published = m.publishedLabels.map((l) => `【${l}】`).join('');
    if (published !== `【${m.statusLabel}】`) lines.push(`  公表された判定: ${published || 'なし'}`);
    const numbered = m.kpis.length > 1;
    const rows = m.kpis.map((k, i) =>
      kpiRow(k, e.fiscalYear, numbered ? `${'①②③④⑤⑥⑦⑧⑨'[i] ?? ''}${k.name}` : k.name),
    );
    lines.push(renderTable(COLUMNS, rows, '  '));
    for (const k of m.kpis.filter((k) => k.notEvaluableReason !== null)) {
      lines.push(`  ※「${k.name}」は${k.notEvaluableReason}。施策の判定から除外。`);
    }
    lines.push('');
  }
  if (e.headlineKpis.length > 0) {
    const rows = e.headlineKpis.map((h) => kpiRow(h.kpi, e.fiscalYear));
    lines.push('■ 関連KPI（各目標ページのカード）', '', renderTable(COLUMNS, rows, '  '));
  }
  const counts = (Object.keys(MEASURE_STATUS_LABELS) as (keyof typeof MEASURE_STATUS_LABELS)[])
    .map((k) => `${MEASURE_STATUS_LABELS[k]} ${e.counts[k]}`)
    .join(' / ');
  lines.push(
    '',
    `施策 ${e.measures.length}件: ${counts}`,
    '達成率・進捗率は小数点以下切り捨て（計画の設定）。判定は丸める前の値で行う。',
  );
  return lines.join('\n');
}
