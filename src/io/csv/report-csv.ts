import type { EvaluationOutput } from '../../domain/output/evaluation-output.ts';
import type { FindingsOutput } from '../../domain/output/findings-output.ts';
import type { FiguresOutput, SummaryOutput } from '../../domain/output/summary-output.ts';
import { type Cell, toCsv } from './csv-cells.ts';

const figureCells = (f: FiguresOutput): Cell[] => [
  f.projects,
  f.amountThousandYen,
  f.previous?.fiscalYear,
  f.previous?.projects,
  f.previous?.amountThousandYen,
  f.difference?.projects,
  f.difference?.amountThousandYen,
];

/** `summary` as CSV: one row per goal and a total row; amounts in integer 千円. */
export function summaryCsv(s: SummaryOutput): string {
  const header = [
    '年度',
    '目標コード',
    '目標',
    '事業数',
    '決算額(千円)',
    '前年度',
    '前年度事業数',
    '前年度決算額(千円)',
    '事業数の差',
    '決算額の差(千円)',
  ];
  const rows = [
    ...s.goals.map((g) => [s.fiscalYear, g.code, g.label, ...figureCells(g)]),
    [s.fiscalYear, 'total', '合計', ...figureCells(s.total)],
  ];
  return toCsv(header, rows);
}

/** `evaluate` as CSV in long form: one row per measure × KPI, then one per headline KPI card. */
export function evaluationCsv(e: EvaluationOutput): string {
  const header = [
    '年度',
    '区分',
    '目標コード',
    '施策ID',
    '施策名',
    '担当所属',
    '施策の判定',
    '公表された判定',
    'KPI ID',
    '項目',
    '単位',
    '方向',
    '基準値',
    '基準値の時点',
    '目標値',
    '目標年度',
    '実績値',
    '実績年度',
    '見込み',
    'KPIの判定',
    '達成率(%)',
    '進捗率(%)',
  ];
  const kpiCells = (k: EvaluationOutput['measures'][number]['kpis'][number]): Cell[] => [
    k.id,
    k.name,
    k.unit,
    k.direction,
    k.baseline?.exact ?? k.baseline?.text,
    k.baseline?.asOf,
    k.target?.exact ?? k.target?.text,
    k.target?.fiscalYear,
    k.actual?.exact ?? k.actual?.text,
    k.actual?.fiscalYear,
    k.actual?.provisional,
    k.status,
    k.achievementRate,
    k.progressRate,
  ];
  const rows: Cell[][] = [];
  for (const m of e.measures) {
    for (const k of m.kpis) {
      rows.push([
        e.fiscalYear,
        '施策',
        m.goal,
        m.id,
        m.name,
        m.department,
        m.status,
        m.publishedLabels.join(' '),
        ...kpiCells(k),
      ]);
    }
  }
  for (const h of e.headlineKpis)
    rows.push([e.fiscalYear, '関連KPI', h.goal, '', '', '', '', '', ...kpiCells(h.kpi)]);
  return toCsv(header, rows);
}

/** `check` as CSV: one row per finding. */
export function findingsCsv(f: FindingsOutput): string {
  const header = [
    '年度',
    '重要度',
    'コード',
    '場所',
    'データ上の位置',
    '目標コード',
    '施策ID',
    'KPI ID',
    '内容',
  ];
  return toCsv(
    header,
    f.findings.map((x) => [
      f.fiscalYear,
      x.severity,
      x.code,
      x.where.label,
      x.where.path,
      x.where.goal,
      x.where.measure,
      x.where.kpi,
      x.message,
    ]),
  );
}
