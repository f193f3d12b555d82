/**
 * Turns a grid of raw cells (a CSV file or a worksheet) into the rows of one table: header matching, then every
 * cell validated by readCell. Shared by the CSV and xlsx readers so both accept and refuse the same things.
 */
import type { Cell, ColumnDef, Row, TableDef } from '../../domain/tables/definitions.ts';
import { quote } from '../../domain/values/numeric-text.ts';
import type { IssueList } from './file-issue.ts';
import { isoDate, numberText, type RawCell, readCell } from './table-cells.ts';
import { type FileColumn, fileColumns, headerKey } from './table-columns.ts';

/** A cell the file reader already refused (a formula, an error value), with the reason. */
export interface InvalidCell {
  readonly invalid: string;
}

export type GridCell = RawCell | InvalidCell;

export interface GridRow {
  /** 1-based, as a spreadsheet shows it (header = 1). */
  readonly row: number;
  readonly cells: readonly GridCell[];
}

export interface Grid {
  /** The file or sheet name used in issues. */
  readonly file: string;
  readonly header: readonly GridCell[];
  readonly rows: Iterable<GridRow>;
  /** How a column is named in issues: 「年度」 for CSV, 「年度（C列）」 for xlsx; `index` is 0-based. */
  readonly columnLabel: (index: number, header: string) => string;
}

// What a file column holds: a table column, a column to skip (derived 和暦, or a header already reported), or
// nothing (no header: any value in it is an error).
type Slot = ColumnDef | 'skip' | 'blank';

const isInvalid = (cell: GridCell): cell is InvalidCell =>
  typeof cell === 'object' && cell !== null && !(cell instanceof Date);

const isBlank = (cell: GridCell): boolean =>
  cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

const headerText = (raw: RawCell): string => {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return isoDate(raw);
  if (typeof raw === 'number') return numberText(raw);
  return String(raw);
};

/** Reads a table's rows from a grid; problems go to `issues` (the returned rows are then incomplete). */
export function readGrid(def: TableDef, grid: Grid, issues: IssueList): Row[] {
  const slots = matchHeader(def, grid, issues);
  if (slots === undefined) return [];
  const rows: Row[] = [];
  for (const { row, cells } of grid.rows) {
    if (issues.full) break;
    if (cells.every(isBlank)) continue; // an empty line or a formatted but empty spreadsheet row
    const entries: [string, Cell][] = [];
    for (let index = 0; index < Math.max(cells.length, slots.length); index += 1) {
      const slot = slots[index] ?? 'blank';
      const raw = cells[index];
      if (slot === 'skip') continue;
      if (slot === 'blank') {
        if (!isBlank(raw)) {
          const column = grid.columnLabel(index, '見出しなし');
          issues.add({ file: grid.file, row, column, message: '見出しのない列に値があります。' });
        }
        continue;
      }
      const cell = isInvalid(raw) ? { ok: false as const, error: raw.invalid } : readCell(raw, slot, true);
      if (cell.ok) entries.push([slot.key, cell.value]);
      else
        issues.add({
          file: grid.file,
          row,
          column: grid.columnLabel(index, slot.header),
          message: cell.error,
        });
    }
    // Keys come from the table definition only, so a hostile header can never name a property.
    const values = new Map(entries);
    rows.push(Object.fromEntries(def.columns.map((c) => [c.key, values.get(c.key) ?? null])));
  }
  return rows;
}

/** Maps each file column to a table column; undefined when a table column is missing (rows are then not read). */
function matchHeader(def: TableDef, grid: Grid, issues: IssueList): Slot[] | undefined {
  const known = new Map<string, FileColumn>(fileColumns(def).map((fc) => [headerKey(fc.header), fc]));
  const found = new Set<string>();
  const slots = grid.header.map((raw, index): Slot => {
    if (isInvalid(raw)) {
      issues.add({
        file: grid.file,
        row: 1,
        column: grid.columnLabel(index, '見出し'),
        message: raw.invalid,
      });
      return 'skip';
    }
    const text = headerText(raw);
    if (text.trim() === '') return 'blank';
    const column = grid.columnLabel(index, text);
    const fileColumn = known.get(headerKey(text));
    if (fileColumn === undefined) {
      const expected = def.columns.map((c) => c.header).join('、');
      const message = `不明な列見出し${quote(text)}があります。この表の列: ${expected}`;
      issues.add({ file: grid.file, row: 1, column, message });
      return 'skip';
    }
    if (found.has(fileColumn.header)) {
      issues.add({ file: grid.file, row: 1, column, message: `列見出し${quote(text)}が重複しています。` });
      return 'skip';
    }
    found.add(fileColumn.header);
    return fileColumn.kind === 'data' ? fileColumn.column : 'skip';
  });
  const missing = def.columns.filter((c) => !found.has(c.header));
  for (const c of missing) {
    issues.add({
      file: grid.file,
      row: 1,
      message: `列${quote(c.header)}がありません（1行目の見出しに必要です）。`,
    });
  }
  return missing.length === 0 ? slots : undefined;
}
