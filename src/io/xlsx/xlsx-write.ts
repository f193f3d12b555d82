/**
 * PlanTables → .xlsx: a first sheet 「説明」, then one plain data sheet per table named after its title
 * (docs/domain.md §9), and last, in exports from the database, the 「版」 sheet (row versions; open data has none):
 * Japanese header on row 1 (bold, frozen, filter), one datum per cell, numbers as numbers, TRUE/FALSE as booleans,
 * 和暦 beside each fiscal year, no merged cells.
 */
import ExcelJS from 'exceljs';
import { err, ok, type Result } from '../../domain/result.ts';
import {
  type Cell,
  type ColumnDef,
  type PlanTables,
  type Row,
  TABLES,
} from '../../domain/tables/definitions.ts';
import type { RowVersion } from '../../domain/tables/row-versions.ts';
import { neutraliseText } from '../csv/csv-cells.ts';
import { columnLetter, type FileIssue, IssueList } from '../csv/file-issue.ts';
import { numberText } from '../csv/table-cells.ts';
import { fileColumns, warekiOf } from '../csv/table-columns.ts';
import { exportRows } from '../csv/table-export.ts';
import { writeDescriptionSheet, writeVersionSheet } from './xlsx-description.ts';
import { displayWidth, sheetName } from './xlsx-names.ts';

// Workbook properties are fixed so that the same tables give the same sheets (ExcelJS still stamps the zip).
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/**
 * Writes the tables as a workbook. Refuses, with issues located by sheet, row and column, cells that do not fit
 * their column type, so that the workbook can always be read back.
 */
export async function writeTablesXlsx(
  tables: PlanTables,
  rowVersions?: readonly RowVersion[],
): Promise<Result<Buffer, FileIssue[]>> {
  const issues = new IssueList();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shinchoku';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  writeDescriptionSheet(workbook, tables, rowVersions !== undefined);
  for (const def of TABLES) {
    const name = sheetName(def);
    const columns = fileColumns(def);
    const letterOf = (column: ColumnDef): string =>
      columnLetter(columns.findIndex((fc) => fc.kind === 'data' && fc.column === column) + 1);
    const rows = exportRows(def, tables[def.name], name, issues, (c) => `${c.header}（${letterOf(c)}列）`);
    if (!issues.empty) continue;
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(columns.map((fc) => fc.header)).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    for (const row of rows) writeRow(sheet, columns, row);
    sheet.columns.forEach((column, index) => {
      const header = columns[index]?.header ?? '';
      const widest = Math.max(
        displayWidth(header),
        ...rows.map((r) => displayWidth(textOf(r, columns[index]))),
      );
      column.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
    });
  }
  if (!issues.empty) return err(issues.list());
  if (rowVersions !== undefined) writeVersionSheet(workbook, rowVersions);
  return ok(Buffer.from(await workbook.xlsx.writeBuffer()));
}

type FileColumns = ReturnType<typeof fileColumns>;

function writeRow(sheet: ExcelJS.Worksheet, columns: FileColumns, row: Row): void {
  const added = sheet.addRow(columns.map(() => null));
  columns.forEach((fc, index) => {
    const cell = added.getCell(index + 1);
    if (fc.kind === 'wareki') {
      cell.value = warekiOf(row[fc.source.key] ?? null);
      return;
    }
    const value = row[fc.column.key] ?? null;
    const written = xlsxValue(value, fc.column);
    cell.value = written.value;
    if (written.numFmt !== undefined) cell.numFmt = written.numFmt;
    if (typeof written.value === 'string' && /[\r\n]/.test(written.value))
      cell.alignment = { wrapText: true };
  });
}

/**
 * A canonical cell as an xlsx value. A decimal is a number when the double is exact (its scale kept by the number
 * format: 99.50 → 99.5 shown 0.00), else its text. Text is neutralised like CSV, so that a user's "save as CSV"
 * from Excel cannot produce a formula (docs/domain.md §10); the reader undoes it.
 */
function xlsxValue(
  cell: Cell,
  column: ColumnDef,
): { value: string | number | boolean | null; numFmt?: string } {
  if (cell === null || typeof cell === 'number' || typeof cell === 'boolean') return { value: cell };
  if (column.type === 'decimal') {
    const number = Number(cell);
    const scale = cell.split('.')[1]?.length ?? 0;
    if (numberText(number) !== withoutTrailingZeros(cell)) return { value: cell };
    return scale === 0 ? { value: number } : { value: number, numFmt: `0.${'0'.repeat(scale)}` };
  }
  return { value: column.type === 'text' ? neutraliseText(cell) : cell };
}

const withoutTrailingZeros = (text: string): string =>
  text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;

function textOf(row: Row, fc: FileColumns[number] | undefined): string {
  if (fc === undefined) return '';
  const value = fc.kind === 'data' ? row[fc.column.key] : warekiOf(row[fc.source.key] ?? null);
  return value === null || value === undefined ? '' : String(value);
}
