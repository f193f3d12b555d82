/**
 * The 「はじめに」 sheet of the starter workbook: what each sheet holds, the order to fill them in, the conventions
 * (codes, units, direction, 累計, baseline and its 時点, one target per year, relative targets, 和暦), how the file is
 * imported, and a worked example written as text on this sheet only (the reader skips it, so nothing of it is imported).
 */
import type ExcelJS from 'exceljs';
import { type Cell, type TableName, tableDef } from '../../domain/tables/definitions.ts';
import { fileColumns, warekiOf } from '../csv/table-columns.ts';
import { INTRODUCTION_SHEET, sheetName } from './xlsx-names.ts';

export const STARTER_TITLE = 'Shinchoku 計画の入力用ひな形';

/** The sheets to fill in, in order, with what goes in them; the other sheets may stay empty. */
const FILL_ORDER: readonly { table: TableName; what: string }[] = [
  { table: 'plan', what: '団体と計画を1行で。計画期間と報告年度（いま報告する年度）も入力します。' },
  {
    table: 'goals',
    what: '重点目標などの目標（1つ以上必要）。1行に1つ。小区分は「上位の目標コード」に親のコードを入力します。',
  },
  { table: 'departments', what: '施策を担当する所属（部局・課室）。' },
  { table: 'measures', what: 'KPIを設定する施策。「目標コード」と「所属コード」は一覧から選べます。' },
  { table: 'kpis', what: 'KPIの項目・単位・方向・累計。' },
  { table: 'measure_kpis', what: 'どの施策のKPIか（施策ID と KPI ID の組）。' },
  { table: 'kpi_values', what: 'KPIの基準値・目標値・実績値。1つの値が1行です。' },
  { table: 'project_totals', what: '（任意）目標ごと・年度ごとの関連事業の事業数と決算額（千円）。' },
];

const CONVENTIONS: readonly string[] = [
  'コード: 目標コード・所属コード・施策ID・KPI ID は、半角の英小文字・数字・ハイフンで付けます（例: citizen、somu-joho、e-shinsei）。同じ表の中で重複できません。他のシートからはこのコードで参照します。',
  '単位: KPIの「単位」は値に付ける単位です（件、手続、%、人 など）。値の列には数値だけを入力します。',
  '方向: increase は値が増えるほど良いKPI、decrease は減るほど良いKPI（例: 待ち時間）です。',
  '累計: はい は計画期間の累計で数えるKPI、いいえ は各年度の値で数えるKPIです。',
  '基準値: 「KPI値」に区分 baseline で1行。「時点」にいつの値かを入力します（例: 2024年度、2025-03、R6.3末）。',
  '目標値: 区分 target で年度ごとに1行（目標を置く年度の数だけ行を作ります）。実績値も同じく区分 actual で年度ごとに1行です。',
  '「KPI値」の「%表記」と「概数」は必須です。ふつうは いいえ、公表資料で値を 93.5% や 約18 と書く場合だけ はい にします。',
  '順序: 「順序」の列には、同じ表（または同じ施策・目標）の中での並び順を 1, 2, 3 … と入力します。',
  '相対目標: 数値でなく「前年度を上回る」目標は、値を空欄にして「相対目標」に exceed-previous-year を選びます。',
  '和暦: 年度の列には 2025 のほか R7・令和7年度・令和7 と入力できます（西暦に直して取り込みます）。「（和暦）」の列は表示用で、空欄のままで構いません。',
  '金額は千円単位の整数です。はい／いいえ の列は TRUE／FALSE でも構いません。',
  '一覧から選ぶ列（▼）はセルを選ぶと入力のヒントが出ます。コードの一覧は参照先のシートの2～500行目から作られます。',
];

const IMPORT_STEPS: readonly string[] = [
  '1. 「計画」から順にシートを埋めます（使わないシートは見出しだけのまま残してください。シートの削除・名前の変更・列の並べ替えはしないでください）。',
  '2. 保存したファイルを職員用画面の「計画の取込」でアップロードします（コマンドでは shinchoku import ファイル名 --dry-run）。',
  '3. 保存する前に取り込み内容のプレビューと、問題があればシート・行・列つきの一覧が表示されます。直して再度アップロードしてください。問題がある間は何も保存されません。',
];

/** The worked example: a town with one goal, one department, one measure and one KPI (text on this sheet only). */
export const STARTER_EXAMPLE: Readonly<Partial<Record<TableName, readonly Record<string, Cell>[]>>> = {
  plan: [
    {
      organisation_code: '999999',
      organisation_name: '架空町',
      plan_id: 'kakuu-dx',
      name: '架空町DX推進計画',
      period_from: 2025,
      period_to: 2027,
      basic_goal: 'デジタルで暮らしやすい町',
      report_fiscal_year: 2025,
      report_title: '架空町DX推進計画 令和7年度 進捗報告',
      actuals_provisional: 'いいえ',
    },
  ],
  goals: [{ code: 'citizen', position: 1, kind: 'priority', number: 1, title: '町民サービスの向上' }],
  departments: [{ code: 'somu-joho', bureau: '総務課', division: '情報係' }],
  measures: [
    { id: 'e-shinsei', position: 1, goal: 'citizen', name: '電子申請の推進', department: 'somu-joho' },
  ],
  kpis: [
    {
      id: 'e-shinsei-count',
      name: '電子申請できる手続数',
      unit: '手続',
      direction: 'increase',
      cumulative: 'いいえ',
    },
  ],
  measure_kpis: [{ measure: 'e-shinsei', position: 1, kpi: 'e-shinsei-count' }],
  kpi_values: (
    [
      { kpi: 'e-shinsei-count', kind: 'baseline', as_of: '2024年度', value: 20 },
      { kpi: 'e-shinsei-count', kind: 'target', fiscal_year: 2025, value: 30 },
      { kpi: 'e-shinsei-count', kind: 'target', fiscal_year: 2026, relative: 'exceed-previous-year' },
      { kpi: 'e-shinsei-count', kind: 'actual', fiscal_year: 2025, value: 35 },
    ] as Record<string, Cell>[]
  ).map((row) => ({ percent: 'いいえ', approximate: 'いいえ', ...row })),
};

/** Adds 「はじめに」 as the workbook's first sheet. */
export function writeStarterGuide(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet(INTRODUCTION_SHEET);
  const bold = (row: ExcelJS.Row): void => {
    row.font = { bold: true };
  };
  bold(sheet.addRow([STARTER_TITLE]));
  sheet.addRow(['このブックに計画を入力して取り込むと、Shinchoku に計画が登録されます。']);
  sheet.addRow([]);
  bold(sheet.addRow(['取り込みまでの流れ']));
  for (const step of IMPORT_STEPS) sheet.addRow([step]);
  sheet.addRow([]);
  bold(sheet.addRow(['入力の順', 'シート名', '入力する内容']));
  FILL_ORDER.forEach(({ table, what }, index) => {
    sheet.addRow([index + 1, sheetName(tableDef(table)), what]);
  });
  sheet.addRow([
    '',
    'その他',
    '行動指針・関連KPI・主要取組・公表判定などは、公表資料を作るときに使います（空のままで取り込めます）。各列の説明は「説明」シートにあります。',
  ]);
  sheet.addRow([]);
  bold(sheet.addRow(['入力のきまり']));
  for (const convention of CONVENTIONS) sheet.addRow([convention]);
  sheet.addRow([]);
  bold(sheet.addRow(['記入例（このシートの例は取り込まれません。各シートの2行目からこのように入力します）']));
  for (const [table, rows] of Object.entries(STARTER_EXAMPLE) as [TableName, Record<string, Cell>[]][]) {
    const columns = fileColumns(tableDef(table));
    bold(sheet.addRow([`「${sheetName(tableDef(table))}」シート`]));
    sheet.addRow(columns.map((fc) => fc.header)).font = { italic: true };
    for (const row of rows) {
      sheet.addRow(
        columns.map((fc) =>
          fc.kind === 'data' ? (row[fc.column.key] ?? null) : warekiOf(row[fc.source.key] ?? null),
        ),
      );
    }
  }
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 24;
  sheet.getColumn(3).width = 60;
}
