/**
 * ReportModel → .xlsx (docs/domain.md §9): formatted 帳票 sheets laid out like the seed report (a summary sheet and
 * one sheet per KPI table, A4 landscape, fitted to the page width, header rows repeated on every printed page),
 * followed by plain data sheets under the open-data rules (header on row 1, one datum per cell, numbers numeric, no
 * merged cells). Everything comes from the report model; every text cell is neutralised so it never runs as a formula
 * (docs/domain.md §10).
 */
import ExcelJS from 'exceljs';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from '../../domain/evaluation/measure-status.ts';
import type { FiguresOutput } from '../../domain/output/summary-output.ts';
import type { KpiRowModel, KpiTable, ReportModel } from '../../domain/report/report-model.ts';
import { neutraliseText } from '../csv/csv-cells.ts';
import { displayWidth, MAX_SHEET_NAME } from '../xlsx/xlsx-names.ts';

// Fixed workbook dates so that the same model gives the same sheets (ExcelJS still stamps the zip).
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

export const AMOUNT_FORMAT = '#,##0;"△"#,##0';
export const DIFFERENCE_FORMAT = '+#,##0;"△"#,##0;"±0"';
const OKU_FORMAT = (digits: number) => (digits === 0 ? '0' : `0.${'0'.repeat(digits)}`);
const OKU_DIFFERENCE_FORMAT = (digits: number) => {
  const f = OKU_FORMAT(digits);
  return `+${f};"△"${f};"±0"`;
};

export const KPI_DATA_SHEET = 'データ_KPI表';
export const FIGURES_DATA_SHEET = 'データ_事業数決算額';
export const SUMMARY_SHEET = '帳票_概要';

const KPI_HEADERS = [
  '施策名',
  '担当所属',
  '項目（単位）',
  '基準値（時点）',
  '目標値',
  '実績値',
  '進捗状況に係る要因分析等',
];
const KPI_WIDTHS = [26, 18, 30, 18, 16, 16, 64];

const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const FONT = '游ゴシック';

/** Text as written to a cell: always a string, neutralised when a spreadsheet would run it. */
const text = (value: string): string => neutraliseText(value);

/** Sets a cell's value: numbers stay numbers, text is neutralised, null stays blank (blank ≠ 0). */
function put(cell: ExcelJS.Cell, value: string | number | null | undefined): void {
  if (value === null || value === undefined) return;
  cell.value = typeof value === 'number' ? value : text(value);
}

/** A sheet name Excel accepts: forbidden characters replaced, at most 31 characters, unique in the workbook. */
function uniqueSheetName(workbook: ExcelJS.Workbook, wanted: string): string {
  const clean = wanted.replace(/[\\/*?:[\]]/g, '_').replace(/^'+|'+$/g, '');
  const chars = Array.from(clean);
  let base = chars.slice(0, MAX_SHEET_NAME).join('');
  // Too long: cut at the last space that fits (「表1 D for Citizen 最適化…」 → 「表1 D for Citizen」).
  if (chars.length > MAX_SHEET_NAME && base.lastIndexOf(' ') > 0) base = base.slice(0, base.lastIndexOf(' '));
  base ||= 'Sheet';
  const taken = new Set(workbook.worksheets.map((w) => w.name.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = `(${n})`;
    const name =
      Array.from(base)
        .slice(0, MAX_SHEET_NAME - suffix.length)
        .join('') + suffix;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** 「70.5億円」「+8.2億円」「△1.9億円」「±0億円」 → the number and its decimal places (as displayed). */
export function okuYenNumber(display: string | null): { value: number; digits: number } | null {
  if (display === null) return null;
  const match = /^([+△±-]?)([\d,]+(?:\.(\d+))?)億円$/.exec(display.trim());
  if (match === null) return null;
  const magnitude = Number((match[2] ?? '').replace(/,/g, ''));
  const sign = match[1] === '△' || match[1] === '-' ? -1 : 1;
  return { value: magnitude === 0 ? 0 : sign * magnitude, digits: match[3]?.length ?? 0 };
}

function a4Landscape(
  sheet: ExcelJS.Worksheet,
  lastRow: number,
  lastColumn: number,
  titleRows?: string,
): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printArea: `A1:${columnLetter(lastColumn)}${lastRow}`,
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
  sheet.headerFooter = { oddFooter: '&C&P / &N' };
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A bold, filled, boxed header row of a 帳票 sheet. */
function writeHeaderRow(row: ExcelJS.Row, headers: readonly string[]): void {
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1);
    put(cell, h);
    cell.font = { name: FONT, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  row.height = 36;
}

/** A title row merged across the table (帳票 sheets only). */
function titleRow(
  sheet: ExcelJS.Worksheet,
  row: number,
  columns: number,
  value: string,
  font: Partial<ExcelJS.Font>,
): void {
  const cell = sheet.getCell(row, 1);
  put(cell, value);
  cell.font = { name: FONT, ...font };
  cell.alignment = { vertical: 'middle', wrapText: true };
  if (columns > 1) sheet.mergeCells(row, 1, row, columns);
}

/** Row height for wrapped text: the most wrapped lines of any cell in the row. */
function fitHeight(row: ExcelJS.Row, widths: readonly number[], lineHeight = 15): void {
  let lines = 1;
  widths.forEach((width, i) => {
    const value = row.getCell(i + 1).value;
    if (typeof value !== 'string') return;
    const wrapped = value
      .split('\n')
      .reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width - 1))), 0);
    lines = Math.max(lines, wrapped);
  });
  row.height = lines * lineHeight + 4;
}

// ---- 帳票: summary -------------------------------------------------------------------------------------------

const SUMMARY_HEADERS = [
  '区分',
  '事業数（件）',
  '決算額（千円）',
  '決算額（億円）',
  '前年度事業数（件）',
  '前年度決算額（千円）',
  '前年度との差 事業数（件）',
  '前年度との差 決算額（千円）',
  '前年度との差 決算額（億円）',
];
const SUMMARY_WIDTHS = [46, 13, 16, 15, 19, 21, 17, 19, 17];

function writeSummarySheet(workbook: ExcelJS.Workbook, model: ReportModel): void {
  const { summary } = model;
  const columns = SUMMARY_HEADERS.length;
  const sheet = workbook.addWorksheet(uniqueSheetName(workbook, SUMMARY_SHEET));
  SUMMARY_WIDTHS.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  let r = 1;
  titleRow(sheet, r++, columns, model.title, { size: 16, bold: true });
  titleRow(
    sheet,
    r++,
    columns,
    `${model.organisation}　${model.fiscalYearLabel}関連事業【実績${model.provisional ? '（見込み）' : ''}】`,
    {
      size: 12,
      bold: true,
    },
  );
  titleRow(sheet, r++, columns, `基本目標　${summary.basicGoal}`, { size: 11 });
  if (summary.slogan) titleRow(sheet, r++, columns, summary.slogan, { size: 11 });
  if (summary.subtitle) titleRow(sheet, r++, columns, `～${summary.subtitle}～`, { size: 11 });
  r++;
  const headerRow = r;
  writeHeaderRow(sheet.getRow(r++), SUMMARY_HEADERS);

  const digits = okuYenNumber(summary.total.display.amountOkuYen)?.digits ?? 1;
  const figuresRow = (label: string, f: FiguresOutput, bold: boolean) => {
    const row = sheet.getRow(r++);
    const oku = okuYenNumber(f.display.amountOkuYen);
    const okuDiff = okuYenNumber(f.display.differenceOkuYen);
    const values: (string | number | null)[] = [
      label,
      f.projects,
      f.amountThousandYen,
      oku?.value ?? f.display.amountOkuYen,
      f.previous?.projects ?? null,
      f.previous?.amountThousandYen ?? null,
      f.difference?.projects ?? null,
      f.difference?.amountThousandYen ?? null,
      okuDiff?.value ?? f.display.differenceOkuYen,
    ];
    const formats = [
      undefined,
      AMOUNT_FORMAT,
      AMOUNT_FORMAT,
      OKU_FORMAT(oku?.digits ?? digits),
      AMOUNT_FORMAT,
      AMOUNT_FORMAT,
      DIFFERENCE_FORMAT,
      DIFFERENCE_FORMAT,
      OKU_DIFFERENCE_FORMAT(okuDiff?.digits ?? digits),
    ];
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      put(cell, v);
      const format = formats[i];
      if (format !== undefined && typeof v === 'number') cell.numFmt = format;
      cell.border = BOX;
      cell.font = { name: FONT, bold };
      cell.alignment = i === 0 ? { vertical: 'middle', wrapText: true } : { vertical: 'middle' };
    });
  };
  for (const box of summary.boxes) figuresRow(box.label, box, false);
  figuresRow('合計', summary.total, true);
  const notes = [
    `前年度は${summary.previousYearLabel}。決算額（億円）は千円単位の決算額を丸めた値。`,
    ...(summary.roundingNote ? [`※${summary.roundingNote}`] : []),
    ...(model.provisional ? [`※${model.fiscalYearLabel}の実績は見込みです。`] : []),
  ];
  for (const note of notes) titleRow(sheet, r++, columns, note, { size: 9 });

  r++;
  const countHeader = sheet.getRow(r++);
  ['進捗状況', '施策数'].forEach((h, i) => {
    const cell = countHeader.getCell(i + 1);
    put(cell, h);
    cell.font = { name: FONT, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
  });
  for (const [status, count] of Object.entries(summary.counts) as [MeasureStatus, number][]) {
    const row = sheet.getRow(r++);
    put(row.getCell(1), MEASURE_STATUS_LABELS[status]);
    put(row.getCell(2), count);
    row.getCell(1).border = BOX;
    row.getCell(2).border = BOX;
    row.getCell(2).numFmt = AMOUNT_FORMAT;
  }
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  a4Landscape(sheet, r - 1, columns, `${headerRow}:${headerRow}`);
}

// ---- 帳票: KPI tables ----------------------------------------------------------------------------------------

function writeKpiSheet(workbook: ExcelJS.Workbook, model: ReportModel, table: KpiTable, index: number): void {
  const columns = KPI_HEADERS.length;
  const sheet = workbook.addWorksheet(uniqueSheetName(workbook, `表${index + 1} ${table.goal.label}`));
  KPI_WIDTHS.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  let r = 1;
  titleRow(sheet, r++, columns, `${model.title} 個別施策及びKPI設定施策の進捗状況について`, {
    size: 12,
    bold: true,
  });
  titleRow(sheet, r++, columns, table.goal.label, { size: 14, bold: true });
  for (const line of table.projectLines) titleRow(sheet, r++, columns, line, { size: 11 });
  const headerRow = r;
  const fy = formatFiscalYear(model.fiscalYear, 'short');
  writeHeaderRow(
    sheet.getRow(r++),
    KPI_HEADERS.map((h) => (h === '目標値' || h === '実績値' ? `${fy}末\n${h}` : h)),
  );
  for (const group of table.groups) {
    if (group.heading !== undefined) {
      titleRow(sheet, r, columns, group.heading, { bold: true });
      sheet.getCell(r, 1).fill = GROUP_FILL;
      sheet.getCell(r, 1).border = BOX;
      r++;
    }
    for (const kpiRow of group.rows) {
      const row = sheet.getRow(r++);
      const values = [
        kpiRow.measureNames.join('\n'),
        kpiRow.departments.join('\n'),
        kpiRow.items.join('\n'),
        kpiRow.baselines.join('\n'),
        kpiRow.targets.join('\n'),
        kpiRow.actuals.join('\n'),
        kpiRow.analysis,
      ];
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        put(cell, v);
        cell.font = { name: FONT, size: 10 };
        cell.border = BOX;
        cell.alignment = {
          vertical: 'top',
          wrapText: true,
          ...(i >= 3 && i <= 5 ? { horizontal: 'center' } : {}),
        };
      });
      fitHeight(row, KPI_WIDTHS, 14);
    }
  }
  if (model.provisional) {
    titleRow(sheet, r++, columns, `※印の実績値は見込みです（${model.fiscalYearLabel}実績（見込み））。`, {
      size: 9,
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  a4Landscape(sheet, r - 1, columns, `${headerRow}:${headerRow}`);
}

// ---- plain data sheets ---------------------------------------------------------------------------------------

function dataSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
  formats: Readonly<Record<number, string>> = {},
): void {
  const sheet = workbook.addWorksheet(uniqueSheetName(workbook, name), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const header = sheet.addRow(headers.map(text));
  header.font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  for (const values of rows) {
    const row = sheet.addRow(headers.map(() => null));
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      put(cell, v);
      const format = formats[i];
      if (format !== undefined && typeof v === 'number') cell.numFmt = format;
      if (typeof v === 'string' && /[\r\n]/.test(v)) cell.alignment = { wrapText: true };
    });
  }
  headers.forEach((h, i) => {
    const widest = Math.max(displayWidth(h), ...rows.map((row) => displayWidth(String(row[i] ?? ''))));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, widest + 2));
  });
}

/** 「①先進モデル創出件数（件）」 → 「先進モデル創出件数（件）」: the ①② numbering is its own column in data sheets. */
const unnumbered = (line: string): string => line.replace(/^[①-⑳]/, '');

/** The analysis without the computed 【達成】 prefix (the status has its own column). */
function analysisText(row: KpiRowModel): string {
  const prefix = `【${MEASURE_STATUS_LABELS[row.status]}】`;
  return row.analysis.startsWith(prefix) ? row.analysis.slice(prefix.length) : row.analysis;
}

function kpiDataRows(model: ReportModel): (string | number | null)[][] {
  return model.kpiTables.flatMap((table) =>
    table.groups.flatMap((group) =>
      group.rows.flatMap((row) =>
        row.items.map((item, k) => [
          model.fiscalYear,
          table.goal.code,
          table.goal.label,
          group.heading ?? null,
          row.measureNames[0] ?? '',
          row.measureNames.slice(1).join('、') || null,
          row.departments.join('、'),
          k + 1,
          unnumbered(item),
          unnumbered(row.baselines[k] ?? ''),
          unnumbered(row.targets[k] ?? ''),
          unnumbered(row.actuals[k] ?? ''),
          MEASURE_STATUS_LABELS[row.status],
          analysisText(row) || null,
        ]),
      ),
    ),
  );
}

function figuresDataRows(model: ReportModel): (string | number | null)[][] {
  const { summary } = model;
  const rows: (string | number | null)[][] = [];
  const add = (code: string, label: string, f: FiguresOutput) => {
    if (f.previous)
      rows.push([code, label, f.previous.fiscalYear, f.previous.projects, f.previous.amountThousandYen]);
    rows.push([code, label, model.fiscalYear, f.projects, f.amountThousandYen]);
  };
  for (const box of summary.boxes) add(box.code, box.label, box);
  add('total', '合計', summary.total);
  return rows;
}

/** Renders the report as an Excel workbook: 帳票 sheets (summary, one per KPI table), then plain data sheets. */
export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shinchoku';
  workbook.title = model.title;
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  writeSummarySheet(workbook, model);
  model.kpiTables.forEach((table, i) => {
    writeKpiSheet(workbook, model, table, i);
  });
  dataSheet(
    workbook,
    KPI_DATA_SHEET,
    [
      '年度',
      '目標コード',
      '目標',
      '区分',
      '施策名',
      '共同施策名',
      '担当所属',
      'KPI番号',
      '項目（単位）',
      '基準値（時点）',
      '目標値',
      '実績値',
      '進捗状況',
      '進捗状況に係る要因分析等',
    ],
    kpiDataRows(model),
  );
  dataSheet(
    workbook,
    FIGURES_DATA_SHEET,
    ['目標コード', '目標', '年度', '事業数', '決算額（千円）'],
    figuresDataRows(model),
    { 3: AMOUNT_FORMAT, 4: AMOUNT_FORMAT },
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
