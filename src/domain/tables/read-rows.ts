// Reading untrusted table rows for tablesToDocument: located issues instead of exceptions, stable ordering.
import {
  type Cell,
  type PlanTables,
  type Row,
  TABLE_NAMES,
  TABLES,
  type TableName,
  tableDef,
} from './definitions.ts';
import type { TableIssue } from './issues.ts';

/** A row with its 0-based index in its table. */
export interface Entry {
  readonly row: Row;
  readonly index: number;
}

/** Collects located issues while rows are read; never throws on bad cells. */
export class RowReader {
  readonly #tables: PlanTables;
  readonly #issues: TableIssue[] = [];

  constructor(tables: PlanTables) {
    this.#tables = tables;
  }

  entries(table: TableName): Entry[] {
    const rows: readonly Row[] = Array.isArray(this.#tables[table]) ? this.#tables[table] : [];
    return rows.map((row, index) => ({ row: row ?? {}, index }));
  }

  report(table: TableName, entry: Entry | number, column: string | undefined, message: string): void {
    const row = typeof entry === 'number' ? entry : entry.index;
    this.#issues.push(column === undefined ? { table, row, message } : { table, row, column, message });
  }

  /** Issues in table order, then row order (the order a person reads a workbook). */
  issues(): TableIssue[] {
    const order = (t: TableName) => TABLE_NAMES.indexOf(t);
    return [...this.#issues].sort((a, b) => order(a.table) - order(b.table) || a.row - b.row);
  }

  /** A required 0-based index or position (a non-negative integer). */
  index(table: TableName, entry: Entry, column: string): number | undefined {
    const value = cell(entry.row, column);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    this.report(
      table,
      entry,
      column,
      value === null
        ? `「${header(table, column)}」が空欄です`
        : `「${header(table, column)}」は0以上の整数で入力してください（「${String(value)}」）`,
    );
    return undefined;
  }

  /** A required code or reference (its format is checked by loadPlan). */
  code(table: TableName, entry: Entry, column: string): string | undefined {
    const value = cell(entry.row, column);
    if (typeof value === 'string' && value !== '') return value;
    this.report(
      table,
      entry,
      column,
      value === null || value === ''
        ? `「${header(table, column)}」が空欄です`
        : `「${header(table, column)}」はコードの文字列で入力してください（「${String(value)}」）`,
    );
    return undefined;
  }
}

/** A cell, with a missing column read as blank. */
export const cell = (row: Row, column: string): Cell => row[column] ?? null;

/** The Japanese header of a column, for messages. */
export const header = (table: TableName, column: string): string =>
  tableDef(table).columns.find((c) => c.key === column)?.header ?? column;

/** Sorts by a number (non-numbers last), keeping row order for ties. */
export const sortByNumber = <T>(items: readonly T[], key: (item: T) => Cell | undefined): T[] =>
  items
    .map((item, i) => ({ item, i, n: key(item) }))
    .sort((a, b) => numberOrLast(a.n) - numberOrLast(b.n) || a.i - b.i)
    .map(({ item }) => item);

const numberOrLast = (c: Cell | undefined): number => (typeof c === 'number' ? c : Number.POSITIVE_INFINITY);

/** Drops null and undefined members, so optional keys are omitted (the schema rejects null for `.optional()`). */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined));
}

/** An array, or undefined when empty (so a defaulted list is left out of the input). */
export const nonEmpty = <T>(items: readonly T[]): readonly T[] | undefined =>
  items.length > 0 ? items : undefined;

/** Reports every row whose natural key (TableDef.key) repeats an earlier row's. */
export function checkDuplicateKeys(reader: RowReader): void {
  for (const def of TABLES) {
    const seen = new Set<string>();
    for (const entry of reader.entries(def.name)) {
      const values = def.key.map((k) => cell(entry.row, k));
      const key = JSON.stringify(values);
      if (seen.has(key)) {
        const described = def.key
          .map((k, i) => `「${header(def.name, k)}」${values[i] === null ? '（空欄）' : String(values[i])}`)
          .join('・');
        reader.report(def.name, entry, def.key.at(-1), `${described} の行が重複しています`);
      }
      seen.add(key);
    }
  }
}
