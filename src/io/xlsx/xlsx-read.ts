/**
 * .xlsx → PlanTables, safety first: the file is inspected (xlsx-safety.ts) before ExcelJS loads the checked parts,
 * then each table's sheet is read through the same grid reader as CSV. Never throws for bad input.
 */
import ExcelJS from 'exceljs';
import { err, ok, type Result } from '../../domain/result.ts';
import {
  emptyTables,
  type PlanTables,
  type Row,
  TABLES,
  type TableDef,
} from '../../domain/tables/definitions.ts';
import { columnLetter, type FileIssue, IssueList } from '../csv/file-issue.ts';
import { readVersionGrid, type TableFile, VERSIONS_TITLE } from '../csv/row-versions-grid.ts';
import { fileColumns, headerKey } from '../csv/table-columns.ts';
import { type GridCell, readGrid } from '../csv/table-grid.ts';
import type { ZipEntry } from '../zip/zip-read.ts';
import { writeZip } from '../zip/zip-write.ts';
import { gridCell } from './xlsx-cells.ts';
import { DESCRIPTION_SHEET, INTRODUCTION_SHEET, sheetName } from './xlsx-names.ts';
import { inspectXlsx, XLSX_WHAT } from './xlsx-safety.ts';

/** Reads the tables from a workbook written by writeTablesXlsx (or edited by staff); `file` names it in issues. */
export async function readTablesXlsx(
  buffer: Buffer,
  file = 'ブック.xlsx',
): Promise<Result<PlanTables, FileIssue[]>> {
  const read = await readWorkbookFile(buffer, file);
  return read.ok ? ok(read.value.tables) : read;
}

/** Reads the tables and, from an export of the database, the row versions of its 版 sheet. */
export async function readWorkbookFile(
  buffer: Buffer,
  file = 'ブック.xlsx',
): Promise<Result<TableFile, FileIssue[]>> {
  const inspected = await inspectXlsx(buffer, file);
  if (!inspected.ok) return inspected;
  const workbook = await loadWorkbook(inspected.value);
  if (workbook === undefined) {
    return err([
      { file, message: `${XLSX_WHAT}の内容を読み取れません。ブックが壊れているか、対応していない形式です。` },
    ]);
  }
  const issues = new IssueList();
  const tables = emptyTables();
  const sheets = new Map(workbook.worksheets.map((sheet) => [sheet.name.normalize('NFC'), sheet]));
  for (const def of TABLES) {
    if (issues.full) break;
    const name = sheetName(def);
    const sheet = sheets.get(name);
    sheets.delete(name);
    if (sheet === undefined)
      issues.add({ file, message: `表「${def.title}」のシート「${name}」がありません。` });
    else tables[def.name] = readSheet(def, sheet, issues);
  }
  sheets.delete(DESCRIPTION_SHEET);
  sheets.delete(INTRODUCTION_SHEET);
  const versionSheet = sheets.get(VERSIONS_TITLE);
  sheets.delete(VERSIONS_TITLE);
  const rowVersions = versionSheet && readVersionGrid(VERSIONS_TITLE, ...sheetGrid(versionSheet), issues);
  for (const name of sheets.keys()) {
    issues.add({
      file: name,
      message: `不明なシートです。表のシート名: ${TABLES.map(sheetName).join('、')}`,
    });
  }
  return issues.empty ? ok({ tables, rowVersions }) : err(issues.list());
}

/** A plain sheet's header and rows as grid cells (the 版 sheet). */
function sheetGrid(sheet: ExcelJS.Worksheet): [GridCell[], { row: number; cells: GridCell[] }[]] {
  const cellsOf = (row: ExcelJS.Row) => range(sheet.columnCount).map((c) => gridCell(row.getCell(c), false));
  const rows: { row: number; cells: GridCell[] }[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.findRow(r);
    if (row !== undefined) rows.push({ row: r, cells: cellsOf(row) });
  }
  return [cellsOf(sheet.getRow(1)), rows];
}

/** Loads the inspected parts, re-zipped so that ExcelJS sees exactly what was checked. */
export async function loadWorkbook(parts: readonly ZipEntry[]): Promise<ExcelJS.Workbook | undefined> {
  try {
    const zip = await writeZip(
      parts.map((p) => [p.name, p.data] as const),
      { compress: false },
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(zip as unknown as ExcelJS.Buffer);
    return workbook;
  } catch {
    return undefined;
  }
}

function readSheet(def: TableDef, sheet: ExcelJS.Worksheet, issues: IssueList): Row[] {
  // hasMerges first: the model getter serialises the whole sheet.
  const merges = sheet.hasMerges ? sheet.model.merges : [];
  for (const range of merges) {
    const topLeft = /^([A-Z]+)(\d+)/.exec(range);
    issues.add({
      file: sheet.name,
      row: Number(topLeft?.[2] ?? 1),
      column: `${topLeft?.[1] ?? 'A'}列`,
      message: `セルが結合されています（${range}）。結合を解除し、1つのセルに1つの値を入力してください。`,
    });
  }
  if (merges.length > 0) return [];
  const width = sheet.columnCount;
  const headerRow = sheet.getRow(1);
  const header = range(width).map((c) => gridCell(headerRow.getCell(c), false));
  const decimalAt = decimalColumns(def, header);
  const rows: { row: number; cells: GridCell[] }[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.findRow(r);
    if (row !== undefined)
      rows.push({ row: r, cells: range(width).map((c) => gridCell(row.getCell(c), decimalAt.has(c))) });
  }
  const columnLabel = (index: number, name: string): string => `${name}（${columnLetter(index + 1)}列）`;
  return readGrid(def, { file: sheet.name, header, rows, columnLabel }, issues);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** The 1-based columns whose header names a decimal column (their number formats carry the scale). */
function decimalColumns(def: TableDef, header: readonly GridCell[]): Set<number> {
  const decimals = new Set(
    fileColumns(def).flatMap((fc) =>
      fc.kind === 'data' && fc.column.type === 'decimal' ? [headerKey(fc.header)] : [],
    ),
  );
  const at = new Set<number>();
  header.forEach((cell, index) => {
    if (typeof cell === 'string' && decimals.has(headerKey(cell))) at.add(index + 1);
  });
  return at;
}
