/**
 * The starter workbook (計画の入力用ひな形): a blank plan workbook for a government setting up its plan in Excel. The
 * first sheet 「はじめに」 explains how to fill it in, with a worked example as text; then 「説明」 and every table's
 * sheet exactly as writeTablesXlsx writes them (same names, same headers, same column order), empty except the
 * 計画 row, with drop-downs on enumerated, boolean and reference columns. Filled in, it is read by readTablesXlsx
 * like any plan workbook.
 */
import ExcelJS from 'exceljs';
import { type Cell, emptyTables, type Row, TABLES, tableDef } from '../../domain/tables/definitions.ts';
import { neutraliseText } from '../csv/csv-cells.ts';
import { fileColumns, warekiOf } from '../csv/table-columns.ts';
import { writeStarterGuide } from './starter-guide.ts';
import { starterValidations } from './starter-validations.ts';
import { writeDescriptionSheet } from './xlsx-description.ts';
import { displayWidth, sheetName } from './xlsx-names.ts';

export interface StarterOptions {
  readonly organisationCode?: string | undefined;
  readonly organisationName?: string | undefined;
  readonly planName?: string | undefined;
  /** Western start years of the plan period (2025). */
  readonly periodFrom?: number | undefined;
  readonly periodTo?: number | undefined;
}

// As in xlsx-write.ts: fixed workbook dates, so the same options give the same sheets.
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const MIN_WIDTH = 10;
const MAX_WIDTH = 40;

/** Writes the starter workbook; the 計画 row holds whatever the options give (no row when they give nothing). */
export async function writeStarterWorkbook(options: StarterOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shinchoku';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const tables = emptyTables();
  const planRow = starterPlanRow(options);
  if (planRow !== undefined) tables.plan = [planRow];
  writeStarterGuide(workbook);
  writeDescriptionSheet(workbook, tables);
  for (const def of TABLES) {
    const columns = fileColumns(def);
    const sheet = workbook.addWorksheet(sheetName(def), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(columns.map((fc) => fc.header)).font = { bold: true };
    for (const row of tables[def.name]) {
      sheet.addRow(
        columns.map(
          (fc) => (fc.kind === 'data' ? row[fc.column.key] : warekiOf(row[fc.source.key] ?? null)) ?? null,
        ),
      );
    }
    columns.forEach((fc, index) => {
      sheet.getColumn(index + 1).width = Math.min(
        MAX_WIDTH,
        Math.max(MIN_WIDTH, displayWidth(fc.header) + 4),
      );
    });
    for (const { range, validation } of starterValidations(def))
      rangeValidations(sheet).add(range, validation);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The 計画 row from the options, or undefined when none is given (a row of blanks would be read as a row). */
export function starterPlanRow(options: StarterOptions): Row | undefined {
  // Text is neutralised as the export does it (a name typed as 「=…」 must not become a formula); the reader undoes it.
  const text = (value: string | undefined): Cell => (value === undefined ? null : neutraliseText(value));
  const cells: Record<string, Cell> = {
    organisation_code: text(options.organisationCode),
    organisation_name: text(options.organisationName),
    name: text(options.planName),
    period_from: options.periodFrom ?? null,
    period_to: options.periodTo ?? null,
  };
  if (Object.values(cells).every((c) => c === null)) return undefined;
  return Object.fromEntries(tableDef('plan').columns.map((c) => [c.key, cells[c.key] ?? null]));
}

// ExcelJS 4.4 applies a validation to a whole range (written as one sqref) but leaves `dataValidations` out of its
// type declarations.
const rangeValidations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
