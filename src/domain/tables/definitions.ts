/**
 * The plan as tables: the one tabular model shared by the database, the workbook (a sheet per table) and the CSV
 * files (a file per table). Long format, one datum per cell, numbers as numbers, fiscal years as Western years
 * (docs/domain.md §9). Column keys are the database column names; headers are the Japanese sheet/CSV headers.
 */
import { PUBLISHED_STATUS_LABELS } from '../evaluation/measure-status.ts';
export type ColumnType =
  | 'text' // free text; empty = null
  | 'code' // an identifier or a reference (lowercase ASCII, digits, hyphens)
  | 'integer'
  | 'decimal' // exact decimal, carried as its text ("87.59", "99.50") and written as a number
  | 'boolean'
  | 'fiscal-year' // Western start year (2024); 和暦 is written beside it in files
  | 'time-point'; // 時点 in Western form: 2019年度, 2021-03, 2025-02末, 2024-06-14

export interface ColumnDef {
  readonly key: string;
  readonly header: string;
  readonly type: ColumnType;
  readonly required?: boolean;
  /** Allowed values for enumerations (checked on import). */
  readonly values?: readonly string[];
}

export interface TableDef {
  readonly name: TableName;
  /** Sheet name / CSV file stem (Japanese), e.g. 「KPI値」 → KPI値.csv. */
  readonly title: string;
  readonly description: string;
  readonly columns: readonly ColumnDef[];
  /** The natural key: the columns that identify a row within a plan. */
  readonly key: readonly string[];
}

export type Cell = string | number | boolean | null;
export type Row = Readonly<Record<string, Cell>>;

export const TABLE_NAMES = [
  'plan',
  'rules',
  'departments',
  'goals',
  'guidelines',
  'headline_kpis',
  'headline_published_values',
  'initiatives',
  'initiative_details',
  'initiative_figures',
  'measures',
  'joint_measures',
  'measure_goals',
  'kpis',
  'measure_kpis',
  'kpi_values',
  'analyses',
  'published_labels',
  'project_totals',
  'published_summaries',
  'transcription_notes',
] as const;

export type TableName = (typeof TABLE_NAMES)[number];

/** One plan as rows per table. */
export type PlanTables = Record<TableName, Row[]>;

const c = (key: string, header: string, type: ColumnType, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  key,
  header,
  type,
  ...extra,
});
const required = { required: true } as const;

const goalSection = [c('goal', '目標コード', 'code', required), c('section', '枠番号', 'integer', required)];

export const TABLES: readonly TableDef[] = [
  {
    name: 'plan',
    title: '計画',
    description: '団体と計画、報告年度（1行）',
    key: ['plan_id'],
    columns: [
      c('organisation_code', '地方公共団体コード', 'text', required),
      c('organisation_name', '団体名', 'text', required),
      c('plan_id', '計画ID', 'code', required),
      c('name', '計画名', 'text', required),
      c('period_from', '計画開始年度', 'fiscal-year', required),
      c('period_to', '計画終了年度', 'fiscal-year', required),
      c('basic_goal', '基本目標', 'text', required),
      c('slogan', 'スローガン', 'text'),
      c('subtitle', '副題', 'text'),
      c('report_fiscal_year', '報告年度', 'fiscal-year', required),
      c('report_title', '報告書名', 'text', required),
      c('actuals_provisional', '報告年度の実績は見込み', 'boolean', required),
    ],
  },
  {
    name: 'rules',
    title: '評価ルール',
    description: '達成率・進捗率・億円表示の丸めと施策の判定方法',
    key: ['rule'],
    columns: [c('rule', 'ルール', 'text', required), c('value', '値', 'text', required)],
  },
  {
    name: 'departments',
    title: '所属',
    description: '担当所属（部局・課室）',
    key: ['code'],
    columns: [
      c('code', '所属コード', 'code', required),
      c('bureau', '部局', 'text', required),
      c('division', '課室', 'text', required),
    ],
  },
  {
    name: 'goals',
    title: '目標',
    description: '重点目標・基盤取組とその小区分（木構造）',
    key: ['code'],
    columns: [
      c('code', '目標コード', 'code', required),
      c('parent', '上位の目標コード', 'code'),
      c('position', '順序', 'integer', required),
      c('kind', '種別', 'text', { required: true, values: ['priority', 'foundation', 'area'] }),
      c('number', '番号', 'integer'),
      c('marker', '記号', 'text'),
      c('label', 'ラベル', 'text'),
      c('title', '目標名', 'text', required),
    ],
  },
  {
    name: 'guidelines',
    title: '行動指針',
    description: 'ポリシー行動指針（目標ページの枠ごと）',
    key: ['goal', 'section', 'position'],
    columns: [
      ...goalSection,
      c('position', '順序', 'integer', required),
      c('text', '行動指針', 'text', required),
    ],
  },
  {
    name: 'headline_kpis',
    title: '関連KPI',
    description: '目標ページの関連KPIカードと、カードに印刷された目標・達成率',
    key: ['goal', 'section', 'position'],
    columns: [
      ...goalSection,
      c('position', '順序', 'integer', required),
      c('kpi', 'KPI ID', 'code', required),
      c('display_unit', '表示単位', 'text'),
      c('display_divisor', '表示除数', 'integer'),
      c('display_digits', '表示桁数', 'integer'),
      c('published_target_at', '公表目標の時点', 'time-point'),
      c('published_target', '公表目標値', 'decimal'),
      c('published_achievement_rate', '公表達成率（%）', 'decimal'),
      c('published_note', '公表注記', 'text'),
      c('has_published', '公表値あり', 'boolean', required),
    ],
  },
  {
    name: 'headline_published_values',
    title: '関連KPI公表値',
    description: '関連KPIカードに印刷された値（表示単位）',
    key: ['goal', 'section', 'card', 'position'],
    columns: [
      ...goalSection,
      c('card', 'カード順', 'integer', required),
      c('position', '順序', 'integer', required),
      c('at', '時点', 'time-point', required),
      c('value', '値（表示単位）', 'decimal', required),
    ],
  },
  {
    name: 'initiatives',
    title: '主要取組',
    description: 'その年度の主要取組',
    key: ['goal', 'section', 'position'],
    columns: [
      ...goalSection,
      c('position', '順序', 'integer', required),
      c('text', '取組', 'text', required),
      c('emphasis', '強調部分', 'text'),
      c('date', '時期', 'time-point'),
      c('until', '時期（終了）', 'time-point'),
      c('is_new', '新規', 'boolean', required),
    ],
  },
  {
    name: 'initiative_details',
    title: '主要取組の詳細',
    description: '主要取組の▶の行',
    key: ['goal', 'section', 'initiative', 'position'],
    columns: [
      ...goalSection,
      c('initiative', '取組順', 'integer', required),
      c('position', '順序', 'integer', required),
      c('text', '詳細', 'text', required),
    ],
  },
  {
    name: 'initiative_figures',
    title: '主要取組の数値',
    description: '主要取組の本文にある数値',
    key: ['goal', 'section', 'initiative', 'position'],
    columns: [
      ...goalSection,
      c('initiative', '取組順', 'integer', required),
      c('position', '順序', 'integer', required),
      c('label', '項目', 'text', required),
      c('value', '値', 'decimal', required),
      c('approximate', '概数', 'boolean', required),
      c('unit', '単位', 'text', required),
    ],
  },
  {
    name: 'measures',
    title: '施策',
    description: 'KPI設定施策（KPI表の行）',
    key: ['id'],
    columns: [
      c('id', '施策ID', 'code', required),
      c('position', '順序', 'integer', required),
      c('goal', '目標コード', 'code', required),
      c('name', '施策名', 'text', required),
      c('department', '所属コード', 'code', required),
      c('note', '備考', 'text'),
    ],
  },
  {
    name: 'joint_measures',
    title: '共同施策',
    description: '同じ行に並ぶ別の施策',
    key: ['measure', 'position'],
    columns: [
      c('measure', '施策ID', 'code', required),
      c('position', '順序', 'integer', required),
      c('name', '施策名', 'text', required),
      c('department', '所属コード', 'code', required),
    ],
  },
  {
    name: 'measure_goals',
    title: '施策の掲載目標',
    description: '施策を主たる目標以外にも掲載する場合の目標',
    key: ['measure', 'position'],
    columns: [
      c('measure', '施策ID', 'code', required),
      c('position', '順序', 'integer', required),
      c('goal', '目標コード', 'code', required),
    ],
  },
  {
    name: 'kpis',
    title: 'KPI',
    description: 'KPI（項目・単位・方向）',
    key: ['id'],
    columns: [
      c('id', 'KPI ID', 'code', required),
      c('name', '項目', 'text', required),
      c('unit', '単位', 'text', required),
      c('direction', '方向', 'text', { required: true, values: ['increase', 'decrease'] }),
      c('cumulative', '累計', 'boolean', required),
      c('note', '備考', 'text'),
    ],
  },
  {
    name: 'measure_kpis',
    title: '施策KPI',
    description: '施策とKPIの対応（表の①②の順）',
    key: ['measure', 'position'],
    columns: [
      c('measure', '施策ID', 'code', required),
      c('position', '順序', 'integer', required),
      c('kpi', 'KPI ID', 'code', required),
    ],
  },
  {
    name: 'kpi_values',
    title: 'KPI値',
    description: 'KPIの基準値・目標値・実績値（KPI × 年度 × 区分で1行）',
    key: ['kpi', 'kind', 'fiscal_year'],
    columns: [
      c('kpi', 'KPI ID', 'code', required),
      c('kind', '区分', 'text', { required: true, values: ['baseline', 'target', 'actual'] }),
      c('fiscal_year', '年度', 'fiscal-year'),
      c('as_of', '時点', 'time-point'),
      c('value', '値', 'decimal'),
      c('missing', '欠測理由', 'text', { values: ['no-value', 'not-measured', 'not-yet-known'] }),
      c('marker', '欠測の表記', 'text'),
      c('percent', '%表記', 'boolean', required),
      c('approximate', '概数', 'boolean', required),
      c('unit', '単位（KPIと異なる場合）', 'text'),
      c('relative', '相対目標', 'text', { values: ['exceed-previous-year'] }),
      c('provisional', '見込み', 'boolean'),
      c('note', '備考', 'text'),
    ],
  },
  {
    name: 'analyses',
    title: '要因分析',
    description: '施策ごと・年度ごとの要因分析',
    key: ['measure', 'fiscal_year'],
    columns: [
      c('measure', '施策ID', 'code', required),
      c('fiscal_year', '年度', 'fiscal-year', required),
      c('text', '要因分析', 'text'),
    ],
  },
  {
    name: 'published_labels',
    title: '公表判定',
    description: '公表資料に印刷された判定（【達成】など、印刷どおり）',
    key: ['measure', 'fiscal_year', 'position'],
    columns: [
      c('measure', '施策ID', 'code', required),
      c('fiscal_year', '年度', 'fiscal-year', required),
      c('position', '順序', 'integer', required),
      c('label', '判定', 'text', { required: true, values: PUBLISHED_STATUS_LABELS }),
    ],
  },
  {
    name: 'project_totals',
    title: '関連事業',
    description: '目標ごと・年度ごとの関連事業の事業数と決算額（千円）',
    key: ['goal', 'fiscal_year'],
    columns: [
      c('goal', '目標コード', 'code', required),
      c('fiscal_year', '年度', 'fiscal-year', required),
      c('count', '事業数', 'integer', required),
      c('amount_thousand_yen', '決算額（千円）', 'integer', required),
    ],
  },
  {
    name: 'published_summaries',
    title: '公表概要',
    description: '概要ページに印刷された事業数・決算額（億円）・前年度比（合計は目標コード空欄）',
    key: ['fiscal_year', 'position'],
    columns: [
      c('fiscal_year', '年度', 'fiscal-year', required),
      c('position', '順序', 'integer', required),
      c('goal', '目標コード', 'code'),
      c('label', 'ラベル', 'text'),
      c('projects', '事業数', 'integer', required),
      c('amount_oku_yen', '決算額（億円）', 'decimal', required),
      c('difference_projects', '前年度比（事業数）', 'integer'),
      c('difference_oku_yen', '前年度比（億円）', 'decimal'),
      c('rounding_note', '端数処理の注記あり', 'boolean'),
    ],
  },
  {
    name: 'transcription_notes',
    title: '転記メモ',
    description: '公表資料をデータにしたときの注記',
    key: ['position'],
    columns: [c('position', '順序', 'integer', required), c('text', 'メモ', 'text', required)],
  },
];

export const tableDef = (name: TableName): TableDef => {
  const def = TABLES.find((t) => t.name === name);
  if (def === undefined) throw new Error(`invariant: unknown table ${name}`);
  return def;
};

/** An empty set of tables. */
export const emptyTables = (): PlanTables =>
  Object.fromEntries(TABLE_NAMES.map((name) => [name, []])) as unknown as PlanTables;
