/**
 * Checks a table's rows before writing them: every cell through readCell (the reader's own rules), so that an
 * export can always be imported again. Used by the CSV and xlsx writers.
 */
import type { ColumnDef, Row, TableDef } from '../../domain/tables/definitions.ts';
import { quote } from '../../domain/values/numeric-text.ts';
import type { IssueList } from './file-issue.ts';
import { readCell } from './table-cells.ts';

/**
 * The rows in canonical form (decimals as exact text, time points in Western form), or problems in `issues`
 * located by `file`, row (header = 1) and column header.
 */
export function exportRows(
  def: TableDef,
  rows: readonly Row[] | undefined,
  file: string,
  issues: IssueList,
  columnLabel: (column: ColumnDef) => string = (column) => column.header,
): Row[] {
  if (!Array.isArray(rows)) {
    issues.add({ file, message: `表「${def.title}」のデータがありません。` });
    return [];
  }
  const known = new Set(def.columns.map((c) => c.key));
  return rows.map((source, index) => {
    const row = index + 2;
    for (const key of Object.keys(source)) {
      if (!known.has(key)) issues.add({ file, row, message: `列定義にないキー${quote(key)}があります。` });
    }
    const entries = def.columns.map((column) => {
      const value = Object.hasOwn(source, column.key) ? source[column.key] : null;
      const cell = readCell(value, column, false);
      if (!cell.ok) issues.add({ file, row, column: columnLabel(column), message: cell.error });
      return [column.key, cell.ok ? cell.value : null] as const;
    });
    return Object.fromEntries(entries);
  });
}
