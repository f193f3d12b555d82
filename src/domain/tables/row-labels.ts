// Rows named in words: 「KPI オープンデータみやぎ公開数・実績値・令和6年度」 instead of their natural key as JSON, and a
// whole row (an added or removed one) as 「区分: 目標値、年度: 令和6年度、値: 12」. The words come from labels.ts.
import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import { departmentLabel, goalLabel, type Plan } from '../plan/model.ts';
import type { Cell } from './definitions.ts';
import {
  columnLabel,
  KPI_VALUE_KIND_LABELS,
  namedColumnLabel,
  type PlanNames,
  RULE_LABELS,
  valueLabel,
} from './labels.ts';

/** The names of a loaded plan. */
export function planNames(plan: Plan): PlanNames {
  return {
    kpi: (id) => plan.kpis.get(id)?.name,
    measure: (id) => plan.measures.get(id)?.name,
    department: (code) => {
      const department = plan.departments.get(code);
      return department === undefined ? undefined : departmentLabel(department);
    },
    goal: (code) => {
      const node = plan.goals.get(code);
      return node === undefined ? undefined : goalLabel(node.goal);
    },
    planName: plan.document.plan.name,
  };
}

type Key = Readonly<Record<string, unknown>>;

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** The thing a key is about, with what kind of thing it is: 「KPI …」, 「施策 …」, 「目標 …」. */
function subject(table: string, key: Key, names: PlanNames): string | undefined {
  const code = (column: string) => text(key[column]);
  if (key.kpi !== undefined) return `KPI ${names.kpi(code('kpi')) ?? code('kpi')}`;
  if (key.measure !== undefined) return `施策 ${names.measure(code('measure')) ?? code('measure')}`;
  if (key.goal !== undefined) return `目標 ${names.goal(code('goal')) ?? code('goal')}`;
  if (key.department !== undefined) return names.department(code('department')) ?? code('department');
  if (key.login !== undefined) return `アカウント ${code('login')}`;
  if (key.rule !== undefined) return RULE_LABELS[code('rule')] ?? code('rule');
  if (key.plan_id !== undefined) return `計画 ${names.planName}`;
  if (table === 'kpis') return `KPI ${names.kpi(code('id')) ?? code('id')}`;
  if (table === 'measures') return `施策 ${names.measure(code('id')) ?? code('id')}`;
  if (table === 'goals') return `目標 ${names.goal(code('code')) ?? code('code')}`;
  if (table === 'departments') return `所属 ${names.department(code('code')) ?? code('code')}`;
  return undefined;
}

const SUBJECT_COLUMNS = new Set([
  'kpi',
  'measure',
  'goal',
  'department',
  'login',
  'rule',
  'plan_id',
  'id',
  'code',
]);

/** The rest of a key in order: 区分, 年度, 枠, カード, 取組, 順序, 版. */
function detail(table: string, column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const n = text(value);
  switch (column) {
    case 'kind':
      return KPI_VALUE_KIND_LABELS[n] ?? n;
    case 'fiscal_year':
      return typeof value === 'number' || /^\d{4}$/.test(n) ? formatFiscalYear(Number(n)) : n;
    case 'section':
      return `枠${n}`;
    case 'card':
      return `カード${n}`;
    case 'initiative':
      return `取組${n}`;
    case 'position':
      return `順序${n}`;
    case 'revision':
      return `第${n}版`;
    default:
      return `${columnLabel(table, column)} ${n}`;
  }
}

/** A row's natural key in words, e.g. 「KPI オープンデータみやぎ公開数・実績値・令和6年度」. */
export function describeKey(table: string, key: Key, names: PlanNames): string {
  const parts = [
    subject(table, key, names),
    ...Object.entries(key)
      .filter(([column]) => !SUBJECT_COLUMNS.has(column))
      .map(([column, value]) => detail(table, column, value)),
  ].filter((part): part is string => part !== undefined && part !== '');
  return parts.join('・');
}

/** A whole row (an insert or a delete) in words, its empty cells left out: 「区分: 目標値、年度: 令和6年度、値: 12」. */
export function describeRow(table: string, row: Key, names: PlanNames): string {
  return Object.entries(row)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(
      ([column, value]) =>
        `${namedColumnLabel(table, column)}: ${valueLabel(table, column, value as Cell, names)}`,
    )
    .join('、');
}
