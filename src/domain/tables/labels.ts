// The one label map for what staff read in history and the plan editor: every table, column and stored value in
// Japanese. Plan tables take their titles and headers from definitions.ts; the tables of accounts, the campaign and
// publications, and the enumerations stored as English words, are named here.
import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import { ANSWER_STATE_LABELS, CYCLE_STATE_LABELS } from '../campaign/campaign.ts';
import { DIRECTION_LABELS } from '../output/labels.ts';
import { ROLE_LABELS } from '../staff/role.ts';
import { MISSING_REASON_LABELS } from '../values/quantity.ts';
import { type Cell, TABLES, type TableDef } from './definitions.ts';

/** The tables history records besides the plan tables (history calls the plan row `plans`, or `plan`). */
const OTHER_TABLES: Readonly<Record<string, { title: string; columns: Readonly<Record<string, string>> }>> = {
  users: {
    title: 'アカウント',
    columns: {
      role: '役割と所属',
      password: 'パスワード',
      totp: '二要素認証',
      disabled: '無効',
      name: '氏名',
    },
  },
  reporting_cycles: { title: '照会', columns: { state: '状態', due_date: '提出期限' } },
  department_answers: {
    title: '所属の回答',
    columns: { state: '状態', due_date: '提出期限', comment: '差戻しの理由' },
  },
  publications: {
    title: '公表',
    columns: { revision: '版', reason: '訂正の理由', acknowledged_errors: '確認のうえ公表したエラーの件数' },
  },
  // 運営者への閲覧許可 and the times the organisation's data was taken out (app/operator-access.ts).
  operator_access: { title: '運営者への閲覧許可', columns: { granted_until: '許可の期限', reason: '理由' } },
  organisation_exports: { title: '団体のデータの書き出し', columns: { exported_by: '書き出した人' } },
};

/** The column an import writes when it overwrites a row saved after the file's export (--overwrite-newer). */
const COMMON_COLUMNS: Readonly<Record<string, string>> = { overwrote_newer_version: '新しい版の上書き' };

const planDef = (table: string): TableDef | undefined =>
  TABLES.find((t) => t.name === (table === 'plans' ? 'plan' : table));

/** 「KPI値」, 「照会」, 「アカウント」; an unknown table keeps its stored name rather than hiding it. */
export const tableTitle = (table: string): string =>
  planDef(table)?.title ?? OTHER_TABLES[table]?.title ?? table;

/** 「年度」, 「状態」, 「欠測理由」. */
export const columnLabel = (table: string, column: string): string =>
  planDef(table)?.columns.find((c) => c.key === column)?.header ??
  OTHER_TABLES[table]?.columns[column] ??
  COMMON_COLUMNS[column] ??
  column;

/** The tables the history filter offers, each with the stored table names it covers. */
export const HISTORY_TABLES: readonly {
  readonly value: string;
  readonly title: string;
  readonly stored: string[];
}[] = [
  ...TABLES.map((t) => ({
    value: t.name as string,
    title: t.title,
    stored: t.name === 'plan' ? ['plan', 'plans'] : [t.name as string],
  })),
  ...Object.entries(OTHER_TABLES).map(([name, t]) => ({ value: name, title: t.title, stored: [name] })),
];

export const KPI_VALUE_KIND_LABELS: Readonly<Record<string, string>> = {
  baseline: '基準値',
  target: '目標値',
  actual: '実績値',
};

export const GOAL_KIND_LABELS: Readonly<Record<string, string>> = {
  priority: '重点目標',
  foundation: '基盤取組',
  area: '分野',
};

const ROUNDING_LABELS: Readonly<Record<string, string>> = {
  'half-up': '四捨五入',
  'half-even': '偶数丸め',
  truncate: '切り捨て',
  'away-from-zero': '切り上げ',
  floor: '負の方向へ丸め',
  ceiling: '正の方向へ丸め',
  'target-over-actual': '目標値 ÷ 実績値',
  none: '計算しない',
  'all-some-none': 'すべて達成で達成、一部で一部達成、なしで未達成',
};

/** 評価ルール by their dotted path (rule-rows.ts). */
export const RULE_LABELS: Readonly<Record<string, string>> = {
  'achievementRate.decreaseFormula': '達成率・減少が良いKPIの計算式',
  'achievementRate.display.digits': '達成率・表示の小数桁数',
  'achievementRate.display.mode': '達成率・表示の端数処理',
  'progressRate.display.digits': '進捗率・表示の小数桁数',
  'progressRate.display.mode': '進捗率・表示の端数処理',
  'measureStatus.kind': '施策の判定方法',
  'summary.okuYen.digits': '億円表示の小数桁数',
  'summary.okuYen.mode': '億円表示の端数処理',
};

/** Enumerations by table and column: the stored English word → what staff read. */
const ENUM_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'kpi_values.kind': KPI_VALUE_KIND_LABELS,
  'kpi_values.missing': MISSING_REASON_LABELS,
  'kpi_values.relative': { 'exceed-previous-year': '前年度越え' },
  'kpis.direction': DIRECTION_LABELS,
  'goals.kind': GOAL_KIND_LABELS,
  'rules.rule': RULE_LABELS,
  'rules.value': ROUNDING_LABELS,
  'reporting_cycles.state': CYCLE_STATE_LABELS,
  'department_answers.state': ANSWER_STATE_LABELS,
  'organisation_exports.exported_by': {
    operator: '運営者（shinchoku organisation export）',
    admin: '団体の管理者（「団体のデータ」からダウンロード）',
  },
};

/** Moments stored as ISO 8601 text (UTC), read in Japan time to the minute: 「2026-12-13 18:00（日本時間）」. */
const MOMENT_COLUMNS = new Set(['operator_access.granted_until']);

const japanMinute = (text: string): string | undefined => {
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return `${new Date(at + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}（日本時間）`;
};

/** Names of the plan's things by their codes, so that a row reads 「オープンデータみやぎ公開数」, not its id. */
export interface PlanNames {
  kpi(id: string): string | undefined;
  measure(id: string): string | undefined;
  department(code: string): string | undefined;
  goal(code: string): string | undefined;
  readonly planName: string;
}

/** A code column that names another thing of the plan: the lookup that gives its name. */
export function referenceName(
  table: string,
  column: string,
  code: string,
  names: PlanNames,
): string | undefined {
  if (column === 'kpi' || (table === 'kpis' && column === 'id')) return names.kpi(code);
  if (column === 'measure' || (table === 'measures' && column === 'id')) return names.measure(code);
  if (column === 'department' || (table === 'departments' && column === 'code'))
    return names.department(code);
  if (column === 'goal' || column === 'parent' || (table === 'goals' && column === 'code'))
    return names.goal(code);
  return undefined;
}

const REFERENCE_HEADERS: Readonly<Record<string, string>> = {
  kpi: 'KPI',
  measure: '施策',
  department: '所属',
  goal: '目標',
  parent: '上位の目標',
};

/**
 * The header of a column whose value is shown by name: 「KPI」 rather than 「KPI ID」 beside
 * 「オープンデータみやぎ公開数」; other columns keep their header.
 */
export const namedColumnLabel = (table: string, column: string): string =>
  REFERENCE_HEADERS[column] ?? SELF_HEADERS[`${table}.${column}`] ?? columnLabel(table, column);

/** The key column of a table of named things, shown by the thing's name. */
const SELF_HEADERS: Readonly<Record<string, string>> = {
  'kpis.id': 'KPI',
  'measures.id': '施策',
  'departments.code': '所属',
  'goals.code': '目標',
};

const isTrue = (value: Cell): boolean | undefined =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/**
 * A stored value as staff read it: booleans はい/いいえ, fiscal years in 和暦, enumerations in Japanese, codes as the
 * names they stand for; history stores every value as text ("true", "2024"), the plan tables as cells.
 */
export function valueLabel(table: string, column: string, value: Cell, names?: PlanNames): string {
  if (value === null || value === '') return '（なし）';
  const text = String(value);
  const type = planDef(table)?.columns.find((c) => c.key === column)?.type;
  const bool = isTrue(value);
  if ((type === 'boolean' || (table === 'users' && column === 'disabled')) && bool !== undefined)
    return bool ? 'はい' : 'いいえ';
  if ((type === 'fiscal-year' || column === 'fiscal_year') && /^\d{4}$/.test(text))
    return formatFiscalYear(Number(text));
  if (MOMENT_COLUMNS.has(`${table}.${column}`)) return japanMinute(text) ?? text;
  const enumLabel = ENUM_LABELS[`${table === 'plans' ? 'plan' : table}.${column}`]?.[text];
  if (enumLabel !== undefined) return enumLabel;
  if (table === 'users' && column === 'role') {
    // An account's creation records its role and departments as one text: "editor kikaku-digital".
    const [role = '', ...departments] = text.split(' ');
    const roleText = (ROLE_LABELS as Record<string, string>)[role] ?? role;
    const departmentText = departments.map((d) => names?.department(d) ?? d);
    return departmentText.length === 0 ? roleText : `${roleText}：${departmentText.join('、')}`;
  }
  return (names && referenceName(table, column, text, names)) ?? text;
}
