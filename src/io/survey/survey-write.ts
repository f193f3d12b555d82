/**
 * SurveySheet → 調査票 .xlsx: a 「説明」 sheet, the 「調査票」 sheet (title block, header, one row per KPI grouped by
 * measure, a 要因分析 row after each measure; only the white input cells unlocked; the sheet protected) and a very
 * hidden `_meta` sheet with what the reader needs to check the returned file: the template version, the plan,
 * year and department, the row → KPI mapping and a copy of every protected cell that carries data.
 */
import ExcelJS from 'exceljs';
import { formatFiscalYear, formatFiscalYearBoth } from '../../domain/calendar/fiscal-year.ts';
import { formatTimePoint, parseTimePoint } from '../../domain/calendar/time-point.ts';
import { neutraliseText } from '../csv/csv-cells.ts';
import { columnLetter } from '../csv/file-issue.ts';
import {
  ANALYSIS_LABEL,
  COL,
  FINAL_LABEL,
  GUIDE_SHEET,
  HEADER_ROW,
  LAST_COLUMN,
  layoutMeasures,
  MAX_ANALYSIS_LENGTH,
  MAX_NOTE_LENGTH,
  META_KEY,
  META_SHEET,
  type MeasureRows,
  PROVISIONAL_LABEL,
  SURVEY_SHEET,
  SURVEY_TEMPLATE_VERSION,
  type SurveySheet,
  surveyHeaders,
  TITLE_ROWS,
} from './survey-model.ts';

// Fixed workbook dates so that the same sheet gives the same workbook (ExcelJS still stamps the zip).
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const WIDTHS = [24, 30, 8, 14, 14, 14, 16, 13, 32];
// The report workbook's font (xlsx-report); where it is missing, Excel and LibreOffice substitute a Japanese font.
const FONT = '游ゴシック';
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const GREY = fill('FFE7E6E6');
const HEADER_GREY = fill('FFD0CECE');
const WHITE = fill('FFFFFFFF');
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Writes one department's 調査票. */
export async function writeSurveyWorkbook(sheet: SurveySheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shinchoku';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  await writeGuideSheet(workbook, sheet);
  const survey = workbook.addWorksheet(SURVEY_SHEET, {
    views: [
      { state: 'frozen', ySplit: HEADER_ROW, activeCell: `${columnLetter(COL.value)}${HEADER_ROW + 1}` },
    ],
  });
  const locked = new Map<string, string>();
  const layout = layoutMeasures(sheet.measures);
  writeTitleBlock(survey, sheet, locked);
  writeHeader(survey, sheet.fiscalYear, locked);
  for (const rows of layout) writeMeasure(survey, rows, locked);
  const lastRow = layout.at(-1)?.analysisRow ?? HEADER_ROW;
  WIDTHS.forEach((width, index) => {
    survey.getColumn(index + 1).width = width;
  });
  setUpPrinting(survey, `A1:${columnLetter(LAST_COLUMN)}${lastRow}`, `${HEADER_ROW}:${HEADER_ROW}`);
  await protectSheet(survey);
  await writeMeta(workbook, sheet, layout, locked);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A protected cell: grey, locked, its text neutralised and recorded for the reader. */
function putLocked(cell: ExcelJS.Cell, text: string, locked: Map<string, string>, bold = false): void {
  const written = neutraliseText(text);
  if (written !== '') {
    cell.value = written;
    locked.set(cell.address, written);
  }
  cell.font = { name: FONT, size: 10, bold };
  cell.fill = GREY;
  cell.border = BORDER;
  cell.alignment = { vertical: 'top', wrapText: true };
}

/** An input cell: white, bordered, unlocked, text format (so that 1,527 or 93.56% stay as typed). */
function putInput(cell: ExcelJS.Cell, text: string): void {
  const written = neutraliseText(text);
  if (written !== '') cell.value = written;
  cell.numFmt = '@';
  cell.font = { name: FONT, size: 10 };
  cell.fill = WHITE;
  cell.border = BORDER;
  cell.alignment = { vertical: 'top', wrapText: true };
  cell.protection = { locked: false };
}

function writeTitleBlock(ws: ExcelJS.Worksheet, sheet: SurveySheet, locked: Map<string, string>): void {
  const year = formatFiscalYearBoth(sheet.fiscalYear);
  const title = ws.getCell(TITLE_ROWS.title, 1);
  ws.mergeCells(TITLE_ROWS.title, 1, TITLE_ROWS.title, LAST_COLUMN);
  putLocked(title, `${sheet.planName} ${year}実績 調査票`, locked, true);
  title.font = { name: FONT, size: 14, bold: true };
  ws.getRow(TITLE_ROWS.title).height = 24;
  const lines: [number, string, string][] = [
    [TITLE_ROWS.organisation, '団体', sheet.organisationName],
    [TITLE_ROWS.plan, '計画', `${sheet.planName}（計画コード: ${sheet.planCode}）`],
    [TITLE_ROWS.year, '年度', year],
    [TITLE_ROWS.department, '所属', `${sheet.departmentName}（所属コード: ${sheet.departmentCode}）`],
    [TITLE_ROWS.due, '提出期限', dueDateText(sheet.dueDate) ?? '（指定なし）'],
  ];
  for (const [row, label, value] of lines) {
    putLocked(ws.getCell(row, 1), label, locked, true);
    ws.mergeCells(row, 2, row, 4);
    putLocked(ws.getCell(row, 2), value, locked);
  }
  ws.mergeCells(TITLE_ROWS.organisation, 5, TITLE_ROWS.due, LAST_COLUMN);
  putLocked(
    ws.getCell(TITLE_ROWS.organisation, 5),
    '白いセル（実績・見込み／確定・備考・要因分析）だけを入力してください。灰色のセルは変更できません。' +
      '書き方は「説明」シートをご覧ください。',
    locked,
  );
}

function writeHeader(ws: ExcelJS.Worksheet, fiscalYear: number, locked: Map<string, string>): void {
  const row = ws.getRow(HEADER_ROW);
  surveyHeaders(fiscalYear).forEach((header, index) => {
    const cell = row.getCell(index + 1);
    putLocked(cell, header, locked, true);
    cell.fill = HEADER_GREY;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  row.height = 32;
}

function writeMeasure(ws: ExcelJS.Worksheet, rows: MeasureRows, locked: Map<string, string>): void {
  for (const { row, kpi } of rows.kpiRows) {
    const texts: [number, string][] = [
      [COL.measure, rows.measure.measureName],
      [COL.kpi, kpi.kpiName],
      [COL.unit, kpi.unit],
      [COL.baseline, kpi.baselineText],
      [COL.target, kpi.targetNote === undefined ? kpi.targetText : `${kpi.targetText}\n${kpi.targetNote}`],
      [COL.lastYear, kpi.lastYearText],
    ];
    for (const [column, text] of texts) putLocked(ws.getCell(row, column), text, locked);
    const value = ws.getCell(row, COL.value);
    putInput(value, kpi.valueText);
    value.dataValidation = VALUE_VALIDATION;
    const provisional = ws.getCell(row, COL.provisional);
    putInput(provisional, kpi.provisional ? PROVISIONAL_LABEL : FINAL_LABEL);
    provisional.dataValidation = PROVISIONAL_VALIDATION;
    const note = ws.getCell(row, COL.note);
    putInput(note, kpi.note);
    note.dataValidation = textLengthValidation('備考', MAX_NOTE_LENGTH, '補足があれば入力してください。');
  }
  const row = rows.analysisRow;
  putLocked(ws.getCell(row, COL.measure), ANALYSIS_LABEL, locked, true);
  ws.mergeCells(row, COL.kpi, row, LAST_COLUMN);
  const analysis = ws.getCell(row, COL.kpi);
  putInput(analysis, rows.measure.analysis);
  analysis.dataValidation = textLengthValidation(
    '要因分析',
    MAX_ANALYSIS_LENGTH,
    '目標に達しなかった KPI があるときは必ず、その要因と今後の対応を入力してください。',
  );
  ws.getRow(row).height = 90;
}

// 'any' (Excel's 「すべての値」) shows the prompt without restricting the value: missing markers are text, so a
// numeric validation would refuse 「—」「未計測」「集計中」. ExcelJS writes and reads 'any' but its type omits it.
const VALUE_VALIDATION: ExcelJS.DataValidation = {
  type: 'any' as ExcelJS.DataValidation['type'],
  formulae: [],
  showInputMessage: true,
  promptTitle: '実績値の入力',
  prompt:
    '数値で入力（例: 1,527 / 93.56% / 約18% / △2.7。単位は不要）。' +
    '値がないときは「—」、計測していないときは「未計測」、集計が終わっていないときは「集計中」。',
};

const PROVISIONAL_VALIDATION: ExcelJS.DataValidation = {
  type: 'list',
  allowBlank: true,
  formulae: [`"${PROVISIONAL_LABEL},${FINAL_LABEL}"`],
  showInputMessage: true,
  promptTitle: '見込み／確定',
  prompt: '実績値が見込み（推計など）なら「見込み」、確定値なら「確定」を選んでください。',
  showErrorMessage: true,
  errorTitle: '選べない値です',
  error: '「見込み」か「確定」を選んでください。',
};

function textLengthValidation(what: string, max: number, prompt: string): ExcelJS.DataValidation {
  return {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    allowBlank: true,
    formulae: [max],
    showInputMessage: true,
    promptTitle: what,
    prompt: `${prompt}（${max}文字以内）`,
    showErrorMessage: true,
    errorTitle: '文字数が多すぎます',
    error: `${what}は${max}文字以内で入力してください。`,
  };
}

/** A4 landscape, fitted to the page width; `titleRows` repeat on every printed page. */
function setUpPrinting(ws: ExcelJS.Worksheet, printArea: string, titleRows?: string): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printArea,
    ...(titleRows === undefined ? {} : { printTitlesRow: titleRows }),
  };
  ws.headerFooter = { oddFooter: '&C&P / &N' };
}

/** The `_meta` sheet: very hidden (not even listed under Unhide in Excel) and protected. */
async function writeMeta(
  workbook: ExcelJS.Workbook,
  sheet: SurveySheet,
  layout: readonly MeasureRows[],
  locked: ReadonlyMap<string, string>,
): Promise<void> {
  const meta = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRow([META_KEY.version, SURVEY_TEMPLATE_VERSION]);
  meta.addRow([META_KEY.plan, sheet.planCode]);
  meta.addRow([META_KEY.fiscalYear, sheet.fiscalYear]);
  meta.addRow([META_KEY.department, sheet.departmentCode]);
  for (const rows of layout) {
    // The versions the pre-filled answers were read with: an upload changing a row changed since is refused.
    for (const { row, kpi } of rows.kpiRows)
      meta.addRow([META_KEY.kpiRow, row, kpi.measureId, kpi.kpiId, kpi.version]);
    meta.addRow([
      META_KEY.analysisRow,
      rows.analysisRow,
      rows.measure.measureId,
      rows.measure.analysisVersion,
    ]);
  }
  for (const [address, text] of locked) meta.addRow([META_KEY.locked, address, text]);
  await protectSheet(meta);
}

/**
 * Protects a sheet without a password. Protection here prevents slips (typing over a target, inserting a row), not
 * tampering: anyone can lift it, password or not, so the reader checks every protected cell against `_meta`.
 * Column widths and row heights stay adjustable so that long answers can be read.
 */
async function protectSheet(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: false,
    formatColumns: true,
    formatRows: true,
    insertColumns: false,
    insertRows: false,
    insertHyperlinks: false,
    deleteColumns: false,
    deleteRows: false,
    sort: false,
    autoFilter: false,
    pivotTables: false,
  });
}

/** 2025-05-30 → 令和7年5月30日（2025-05-30）; null when there is no due date. */
function dueDateText(dueDate: string | null): string | null {
  if (dueDate === null) return null;
  const parsed = parseTimePoint(dueDate);
  return parsed.ok ? `${formatTimePoint(parsed.value, 'long')}（${dueDate}）` : dueDate;
}

/** The 「説明」 sheet: what to fill in and how, in the order staff need it. */
async function writeGuideSheet(workbook: ExcelJS.Workbook, sheet: SurveySheet): Promise<void> {
  const ws = workbook.addWorksheet(GUIDE_SHEET);
  const year = formatFiscalYear(sheet.fiscalYear);
  const due = dueDateText(sheet.dueDate);
  const lines = [
    `${sheet.planName} ${formatFiscalYearBoth(sheet.fiscalYear)}実績 調査票の記入方法`,
    `${sheet.organisationName} ${sheet.departmentName} 御中`,
    '',
    `1. 「調査票」シートの白いセルだけに入力してください（${year}実績、見込み／確定、備考、施策ごとの要因分析）。`,
    '   灰色のセル（施策名・KPI・単位・基準値・目標・前年度実績・見出し）は変更しないでください。変更した調査票は受け付けられません。',
    `2. ${year}実績は数値で入力してください。例: 1,527　93.56%　約18%　△2.7（△はマイナス）。単位は書かずに入力します。`,
    '   値がないときは「—」、計測していないときは「未計測」、集計が終わっていないときは「集計中」と入力してください。',
    '   空欄は未回答として扱います（0 とはみなしません）。数式は使えません。値を直接入力してください。',
    '3. 見込み／確定: 実績が見込み（年度途中の推計など）なら「見込み」、確定した値なら「確定」を選んでください。空欄は「見込み」として扱います。',
    `4. 要因分析: 施策ごとに、目標に達しなかった KPI があるときは必ず、その要因と今後の対応を入力してください（${MAX_ANALYSIS_LENGTH}文字以内）。`,
    '   達成したときも、達成の要因を簡潔に入力してください。',
    `5. 備考は ${MAX_NOTE_LENGTH}文字以内で入力してください。`,
    '6. 行・列・シートの追加や削除、シート名の変更はしないでください。',
    '7. 入力が終わったら「Excel ブック（*.xlsx）」形式で保存し、進捗管理システムの /admin からアップロードしてください。',
    due === null ? '' : `提出期限: ${due}`,
  ];
  lines.forEach((line, index) => {
    const row = ws.addRow([neutraliseText(line)]);
    const heading = index === 0 || line.startsWith('提出期限');
    row.font = { name: FONT, size: index === 0 ? 14 : 11, bold: heading };
    row.alignment = { vertical: 'top', wrapText: true };
  });
  ws.getColumn(1).width = 130;
  setUpPrinting(ws, `A1:A${lines.length}`);
  await protectSheet(ws);
}
