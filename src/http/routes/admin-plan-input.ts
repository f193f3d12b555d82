// What the plan editor's routes read from a request: the table (one of those an admin builds here), the row's key
// from `?key=`, a form's cells parsed as the columns' types, and the core's problems as staff read them.
import type { Context } from 'hono';
import { type Cell, type Row, type TableDef, tableDef } from '../../domain/tables/definitions.ts';
import { columnLabel, tableTitle } from '../../domain/tables/labels.ts';
import { readCell } from '../../io/csv/table-cells.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';

type Ctx = Context<AppEnv>;

/** The tables an admin builds and edits here, in the order of the plan. */
export const EDITABLE_PLAN_TABLES = [
  'goals',
  'guidelines',
  'departments',
  'measures',
  'measure_goals',
  'kpis',
  'measure_kpis',
  'kpi_values',
  'project_totals',
  'rules',
] as const;

type EditableTable = (typeof EDITABLE_PLAN_TABLES)[number];

const isEditable = (name: string): name is EditableTable =>
  (EDITABLE_PLAN_TABLES as readonly string[]).includes(name);

export function tableOf(c: Ctx): TableDef {
  const name = c.req.param('table') ?? '';
  if (!isEditable(name)) throw new AppError('not_found', `表「${name}」は編集できません。`);
  return tableDef(name);
}

const cellText = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? ''
    : typeof cell === 'boolean'
      ? cell
        ? 'はい'
        : 'いいえ'
      : String(cell);

/** A row as the texts of its form fields. */
export const formValues = (def: TableDef, row: Row): Record<string, string> =>
  Object.fromEntries(
    def.columns.map((c) => [c.key, c.type === 'boolean' ? String(row[c.key] ?? '') : cellText(row[c.key])]),
  );

export function keyFromQuery(c: Ctx, def: TableDef): Record<string, Cell> {
  const raw = c.req.query('key') ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', '行の指定（key）を読み取れません。');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new AppError('bad_request', '行の指定（key）が不正です。');
  const key: Record<string, Cell> = {};
  for (const k of def.key) {
    const value = (parsed as Record<string, unknown>)[k];
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
      throw new AppError('bad_request', `行の指定（key）の「${columnLabel(def.name, k)}」が不正です。`);
    key[k] = (value ?? null) as Cell;
  }
  return key;
}

/** The `_version` field of a form. */
export function versionOf(body: Record<string, unknown>): number {
  const version = Number(typeof body._version === 'string' ? body._version : Number.NaN);
  if (!Number.isInteger(version)) throw new AppError('bad_request', '版（_version）が指定されていません。');
  return version;
}

/** A form's columns read as their types: the texts as typed, the cells, and a message per column that failed. */
export interface ReadForm {
  readonly values: Record<string, string>;
  readonly cells: Record<string, Cell>;
  readonly errors: Record<string, string>;
}

/**
 * Reads `columns` of a posted form with the same rules as a file's cells (types, required, allowed values); the
 * fields are named `prefix` + the column's key (values and errors keep the field names, cells the columns' keys).
 */
export function readForm(
  body: Record<string, unknown>,
  def: TableDef,
  columns: readonly string[],
  prefix = '',
): ReadForm {
  const form: ReadForm = { values: {}, cells: {}, errors: {} };
  for (const column of def.columns) {
    if (!columns.includes(column.key)) continue;
    const name = `${prefix}${column.key}`;
    const raw = typeof body[name] === 'string' ? (body[name] as string) : '';
    form.values[name] = raw;
    const read = readCell(raw.replace(/\r\n?/g, '\n'), column, false);
    if (read.ok) form.cells[column.key] = read.value;
    else form.errors[name] = `＊${read.error}`;
  }
  return form;
}

/**
 * A problem found by the core: a table cell (`kpi_values[3].value`) named by its table, row and header; a path into
 * the dataset is left out (the message names the measure, KPI or year itself).
 */
export function issueText(issue: { path: string; message: string }): string {
  const cell = /^([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?$/.exec(issue.path);
  if (cell === null) return issue.message;
  const [, table = '', row = '0', column] = cell;
  const where = `${tableTitle(table)}の${Number(row) + 1}行目${column === undefined ? '' : `・${columnLabel(table, column)}`}`;
  return `${where}: ${issue.message}`;
}
