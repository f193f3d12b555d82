import type ExcelJS from 'exceljs';
import type { PlanTables } from '../../domain/tables/definitions.ts';
import type { RowVersion } from '../../domain/tables/row-versions.ts';
import {
  VERSION_HEADERS,
  VERSIONS_DESCRIPTION,
  VERSIONS_TITLE,
  versionGridRows,
} from '../csv/row-versions-grid.ts';
import { DATA_LICENCE } from '../csv/table-columns.ts';
import { FILE_CONVENTIONS, summariseTables } from '../csv/table-description.ts';
import { DESCRIPTION_SHEET } from './xlsx-names.ts';

/** Adds the 「説明」 sheet: licence, conventions, the table sheets with their row counts, and every column. */
export function writeDescriptionSheet(
  workbook: ExcelJS.Workbook,
  tables: PlanTables,
  versioned = false,
): void {
  const sheet = workbook.addWorksheet(DESCRIPTION_SHEET);
  const summaries = summariseTables(tables);
  const bold = (row: ExcelJS.Row): void => {
    row.font = { bold: true };
  };
  bold(sheet.addRow(['Shinchoku 計画データ（Excel）']));
  sheet.addRow(['ライセンス', DATA_LICENCE.name, DATA_LICENCE.url]);
  sheet.addRow([]);
  for (const convention of FILE_CONVENTIONS) sheet.addRow(['', convention]);
  sheet.addRow([]);
  bold(sheet.addRow(['シート名', '内容', '行数']));
  for (const t of summaries) sheet.addRow([t.title, t.description, t.rows]);
  if (versioned) sheet.addRow([VERSIONS_TITLE, VERSIONS_DESCRIPTION]);
  sheet.addRow([]);
  bold(sheet.addRow(['シート名', '列見出し', '型', '必須', '値の候補', '備考']));
  for (const t of summaries) {
    for (const c of t.columns) {
      sheet.addRow([
        t.title,
        c.header,
        c.typeLabel,
        c.required ? '必須' : '',
        c.values?.join('／') ?? '',
        c.note ?? '',
      ]);
    }
  }
  [18, 40, 40, 8, 30, 40].forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
}

/** Adds the 「版」 sheet: each exported row's table, key, version and update time (read back on import). */
export function writeVersionSheet(workbook: ExcelJS.Workbook, rowVersions: readonly RowVersion[]): void {
  const sheet = workbook.addWorksheet(VERSIONS_TITLE, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...VERSION_HEADERS]).font = { bold: true };
  for (const row of versionGridRows(rowVersions)) sheet.addRow(row);
  [16, 60, 8, 28].forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
}
