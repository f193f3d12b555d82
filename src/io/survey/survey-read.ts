/**
 * 調査票 .xlsx → SurveyUpload. The file is untrusted (docs/domain.md §10): inspected (xlsx-safety.ts) before ExcelJS
 * parses it, then checked against its own `_meta` sheet (template version; plan, year and department against what the
 * uploader may send; rows where they were written; protected cells unchanged), and every answer is validated.
 * All issues are collected (up to MAX_ISSUES), each naming the sheet and the cell. Never throws for bad input.
 * `_meta` guards against slips, not tampering (anyone can edit it): the caller still checks that the department
 * and the KPIs returned are the user's.
 */
import ExcelJS from 'exceljs';
import { formatFiscalYearBoth } from '../../domain/calendar/fiscal-year.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import {
  decimal,
  decimalFromNumber,
  decimalToString,
  multiplyDecimal,
  normalizeDecimal,
} from '../../domain/values/decimal.ts';
import { parseQuantity } from '../../domain/values/quantity.ts';
import { restoreText } from '../csv/csv-cells.ts';
import { columnLetter, type FileIssue, IssueList } from '../csv/file-issue.ts';
import { isoDate, numberText } from '../csv/table-cells.ts';
import { loadWorkbook } from '../xlsx/xlsx-read.ts';
import { inspectXlsx, XLSX_WHAT } from '../xlsx/xlsx-safety.ts';
import {
  COL,
  FINAL_LABEL,
  FIRST_DATA_ROW,
  HEADER_ROW,
  MAX_ANALYSIS_LENGTH,
  MAX_NOTE_LENGTH,
  META_KEY,
  META_SHEET,
  PROVISIONAL_LABEL,
  SURVEY_SHEET,
  SURVEY_TEMPLATE_VERSION,
  type SurveyExpectation,
  type SurveyUpload,
  surveyHeaders,
  TITLE_ROWS,
} from './survey-model.ts';

const NOT_A_SURVEY = 'この調査票の様式ではありません';
const DOWNLOAD_AGAIN = '最新の調査票をダウンロードして入力し直してください。';
const FORMULA = '数式は使えません。値を直接入力してください';
// Bounds on work an upload can cause: rows `_meta` may map (a plan has tens of KPIs per department), and how far
// a moved row is looked for (farther moves are reported as missing rows, still refused).
const MAX_MAPPED_ROWS = 5000;
const MAX_SHIFT = 200;

/** What `_meta` says about the workbook it was written with. */
interface SurveyMeta {
  readonly planCode: string;
  readonly fiscalYear: number;
  readonly departmentCode: string;
  readonly kpiRows: readonly { row: number; measureId: string; kpiId: string; version: number | undefined }[];
  readonly analysisRows: readonly { row: number; measureId: string; version: number | undefined }[];
  /** Protected cells of 調査票 that carry data: address → text as written. */
  readonly locked: ReadonlyMap<string, string>;
}

/**
 * Reads a returned 調査票; `file` names the upload in issues about the whole file. Refuses a file of another
 * template version, plan, year or department, one with edited protected cells or added/removed rows, and answers
 * that are formulas, unreadable values, or too long.
 */
export async function readSurveyWorkbook(
  buffer: Buffer,
  expected: SurveyExpectation,
  file = '調査票.xlsx',
): Promise<Result<SurveyUpload, FileIssue[]>> {
  const inspected = await inspectXlsx(buffer, file);
  if (!inspected.ok) return inspected;
  const workbook = await loadWorkbook(inspected.value);
  if (workbook === undefined) {
    return err([
      { file, message: `${XLSX_WHAT}の内容を読み取れません。ブックが壊れているか、対応していない形式です。` },
    ]);
  }
  const sheets = new Map(workbook.worksheets.map((sheet) => [sheet.name.normalize('NFC'), sheet]));
  const survey = sheets.get(SURVEY_SHEET);
  const metaSheet = sheets.get(META_SHEET);
  if (survey === undefined || metaSheet === undefined) {
    const missing = survey === undefined ? SURVEY_SHEET : META_SHEET;
    return err([{ file, message: `${NOT_A_SURVEY}（シート「${missing}」がありません）。${DOWNLOAD_AGAIN}` }]);
  }
  const meta = readMeta(metaSheet);
  if (!meta.ok) return meta;
  const issues = new IssueList();
  checkIdentity(meta.value, expected, issues);
  const grid = new SurveyGrid(survey, meta.value);
  // Rows out of place make every cell check misleading: then the rows are reported alone.
  if (!checkRows(grid, issues)) return err(issues.list());
  checkProtectedCells(grid, issues);
  const upload = readAnswers(grid, issues);
  return issues.empty ? ok(upload) : err(issues.list());
}

/** Reads `_meta`: the version first (an older layout may keep anything else elsewhere), then the rest. */
function readMeta(sheet: ExcelJS.Worksheet): Result<SurveyMeta, FileIssue[]> {
  const rows: { row: number; key: string; values: string[] }[] = [];
  sheet.eachRow((row, number) => {
    const values = [2, 3, 4, 5].map((column) => cellText(row.getCell(column)));
    rows.push({ row: number, key: cellText(row.getCell(1)), values });
  });
  const single = (key: string) => rows.find((r) => r.key === key);
  const refuse = (detail: string, row?: number): Result<never, FileIssue[]> =>
    err([
      {
        file: META_SHEET,
        ...(row === undefined ? {} : { row }),
        message: `${NOT_A_SURVEY}（${detail}）。${DOWNLOAD_AGAIN}`,
      },
    ]);

  const versionRow = single(META_KEY.version);
  if (versionRow === undefined) return refuse('様式の版がありません');
  const version = Number(versionRow.values[0]);
  if (versionRow.values[0] === '' || !Number.isInteger(version)) return refuse('様式の版を読み取れません');
  if (version !== SURVEY_TEMPLATE_VERSION) {
    const shown = versionRow.values[0];
    const message =
      version < SURVEY_TEMPLATE_VERSION
        ? `古い様式（版${shown}）の調査票です。${DOWNLOAD_AGAIN}`
        : `この調査票の様式（版${shown}）は読み込めません（読み込める版: ${SURVEY_TEMPLATE_VERSION}）。${DOWNLOAD_AGAIN}`;
    return err([{ file: META_SHEET, row: versionRow.row, column: 'B列', message }]);
  }
  const planCode = single(META_KEY.plan)?.values[0] ?? '';
  const fiscalYear = Number(single(META_KEY.fiscalYear)?.values[0]);
  const departmentCode = single(META_KEY.department)?.values[0] ?? '';
  if (planCode === '' || !Number.isInteger(fiscalYear) || departmentCode === '')
    return refuse('計画・年度・所属の記録がありません');

  const kpiRows: { row: number; measureId: string; kpiId: string; version: number | undefined }[] = [];
  const analysisRows: { row: number; measureId: string; version: number | undefined }[] = [];
  const locked = new Map<string, string>();
  const mapped = new Set<number>();
  for (const { row, key, values } of rows) {
    const [first = '', second = '', third = '', fourth = ''] = values;
    const at = Number(first);
    const validRow = Number.isInteger(at) && at >= FIRST_DATA_ROW && at <= 100_000 && !mapped.has(at);
    if (key === META_KEY.kpiRow || key === META_KEY.analysisRow) mapped.add(at);
    if (mapped.size > MAX_MAPPED_ROWS) return refuse('行の記録が多すぎます', row);
    if (key === META_KEY.kpiRow) {
      if (!validRow || second === '' || third === '') return refuse('KPI の行の記録が不正です', row);
      const version = rowVersion(fourth);
      if (version === null) return refuse('KPI の行の版の記録が不正です', row);
      kpiRows.push({ row: at, measureId: second, kpiId: third, version });
    } else if (key === META_KEY.analysisRow) {
      if (!validRow || second === '') return refuse('要因分析の行の記録が不正です', row);
      const version = rowVersion(third);
      if (version === null) return refuse('要因分析の行の版の記録が不正です', row);
      analysisRows.push({ row: at, measureId: second, version });
    } else if (key === META_KEY.locked) {
      if (!/^[A-Z]{1,3}[1-9]\d{0,5}$/.test(first)) return refuse('保護セルの記録が不正です', row);
      locked.set(first, second);
    }
  }
  return ok({ planCode, fiscalYear, departmentCode, kpiRows, analysisRows, locked });
}

/** The version a row was pre-filled from: undefined when the workbook records none, null when it is not one. */
function rowVersion(text: string): number | undefined | null {
  if (text === '') return undefined;
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

function checkIdentity(meta: SurveyMeta, expected: SurveyExpectation, issues: IssueList): void {
  const at = (row: number) => ({ file: SURVEY_SHEET, row, column: 'B列' });
  if (meta.planCode !== expected.planCode) {
    issues.add({
      ...at(TITLE_ROWS.plan),
      message: `別の計画の調査票です（この調査票: 計画コード「${meta.planCode}」、受付中: 計画コード「${expected.planCode}」）。`,
    });
  }
  if (meta.fiscalYear !== expected.fiscalYear) {
    issues.add({
      ...at(TITLE_ROWS.year),
      message: `別の年度の調査票です（この調査票: ${formatFiscalYearBoth(meta.fiscalYear)}、受付中: ${formatFiscalYearBoth(expected.fiscalYear)}）。`,
    });
  }
  if (!expected.departmentCodes.includes(meta.departmentCode)) {
    const allowed = expected.departmentCodes.map((code) => `「${code}」`).join('、') || 'なし';
    issues.add({
      ...at(TITLE_ROWS.department),
      message: `この所属の調査票は受け付けられません（この調査票: 所属コード「${meta.departmentCode}」、アップロードできる所属: ${allowed}）。`,
    });
  }
}

/** The 調査票 sheet with what `_meta` says about it: the input cells, the protected copies and the labels. */
class SurveyGrid {
  readonly headers: readonly string[];
  readonly analysisRowSet: ReadonlySet<number>;
  /** Protected texts by row, then by column. */
  readonly lockedByRow = new Map<number, Map<number, string>>();

  constructor(
    readonly sheet: ExcelJS.Worksheet,
    readonly meta: SurveyMeta,
  ) {
    this.headers = surveyHeaders(meta.fiscalYear);
    this.analysisRowSet = new Set(meta.analysisRows.map((a) => a.row));
    for (const [address, text] of meta.locked) {
      const { row, column } = parseAddress(address);
      const cells = this.lockedByRow.get(row) ?? new Map<number, string>();
      cells.set(column, text);
      this.lockedByRow.set(row, cells);
    }
  }

  /** The input cells: value, 見込み／確定 and note on KPI rows, the merged text cell on 要因分析 rows. */
  inputAddresses(): Set<string> {
    const addresses = new Set<string>();
    for (const { row } of this.meta.kpiRows)
      for (const column of [COL.value, COL.provisional, COL.note]) addresses.add(address(row, column));
    for (const { row } of this.meta.analysisRows) addresses.add(address(row, COL.kpi));
    return addresses;
  }

  /** 「令和6年度実績（入力）（G列）」, 「要因分析（B列）」, or 「B列」 in the title block. */
  columnLabel(row: number, column: number): string {
    const letter = `${columnLetter(column)}列`;
    if (row < HEADER_ROW) return letter;
    if (this.analysisRowSet.has(row) && column >= COL.kpi) return `要因分析（${letter}）`;
    const header = this.headers[column - 1];
    return header === undefined ? letter : `${header}（${letter}）`;
  }

  issueAt(row: number, column: number, message: string): FileIssue {
    return {
      file: SURVEY_SHEET,
      row,
      column: this.columnLabel(row, column),
      message: `セル ${address(row, column)}: ${message}`,
    };
  }

  /** True when every protected text recorded for `expectedRow` is found in the sheet's row `actualRow`. */
  rowMatches(expectedRow: number, actualRow: number): boolean {
    const cells = this.lockedByRow.get(expectedRow);
    if (cells === undefined) return true;
    for (const [column, text] of cells) if (this.textAt(actualRow, column) !== text) return false;
    return true;
  }

  /** A cell's text without creating rows in the sheet (findRow, unlike getRow, adds nothing). */
  textAt(row: number, column: number): string {
    const found = this.sheet.findRow(row);
    return found === undefined ? '' : cellText(found.getCell(column));
  }

  /** Names a mapped row for staff: 「KPI「電子申請の利用件数」」 or 「施策「…」の要因分析」. */
  rowName(row: number): string {
    const kpi = this.meta.kpiRows.find((k) => k.row === row);
    if (kpi !== undefined) return `KPI「${this.lockedByRow.get(row)?.get(COL.kpi) ?? kpi.kpiId}」`;
    const measureId = this.meta.analysisRows.find((a) => a.row === row)?.measureId ?? '';
    const firstKpi = this.meta.kpiRows.find((k) => k.measureId === measureId);
    const name = firstKpi === undefined ? undefined : this.lockedByRow.get(firstKpi.row)?.get(COL.measure);
    return `施策「${name ?? measureId}」の要因分析`;
  }
}

const address = (row: number, column: number): string => `${columnLetter(column)}${row}`;

function parseAddress(text: string): { row: number; column: number } {
  const match = /^([A-Z]+)(\d+)$/.exec(text);
  const letters = match?.[1] ?? 'A';
  const column = [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(match?.[2] ?? 1), column };
}

/**
 * Each KPI and 要因分析 row must be where `_meta` put it: a row added, removed or moved shifts the others.
 * False when a row was found moved or missing.
 */
function checkRows(grid: SurveyGrid, issues: IssueList): boolean {
  let inPlace = true;
  const mapped = [...grid.meta.kpiRows.map((k) => k.row), ...grid.meta.analysisRows.map((a) => a.row)];
  const intact = new Set(mapped.filter((row) => grid.rowMatches(row, row)));
  for (const row of mapped) {
    if (intact.has(row) || issues.full) continue;
    const movedTo = findMovedRow(grid, row, intact);
    const name = grid.rowName(row);
    const rule = `行の追加・削除・移動はできません。${DOWNLOAD_AGAIN}`;
    if (movedTo !== undefined) {
      inPlace = false;
      issues.add({
        file: SURVEY_SHEET,
        row,
        message: `${name}の行が${row}行目から${movedTo}行目にずれています。${rule}`,
      });
    } else if (!anyCellMatches(grid, row)) {
      inPlace = false;
      issues.add({ file: SURVEY_SHEET, row, message: `${name}の行（${row}行目）が見つかりません。${rule}` });
    }
    // Otherwise some protected cells of the row were edited: checkProtectedCells names them.
  }
  return inPlace;
}

/**
 * The nearest row, not one in place, that holds all of `row`'s protected texts: nearest first, because 要因分析
 * rows all carry the same label.
 */
function findMovedRow(grid: SurveyGrid, row: number, intact: ReadonlySet<number>): number | undefined {
  for (let distance = 1; distance <= MAX_SHIFT; distance += 1) {
    for (const candidate of [row - distance, row + distance]) {
      if (candidate >= 1 && !intact.has(candidate) && grid.rowMatches(row, candidate)) return candidate;
    }
  }
  return undefined;
}

function anyCellMatches(grid: SurveyGrid, row: number): boolean {
  return [...(grid.lockedByRow.get(row) ?? [])].some(([column, text]) => grid.textAt(row, column) === text);
}

/** Every protected cell keeps its text; no other cell outside the input cells has any. */
function checkProtectedCells(grid: SurveyGrid, issues: IssueList): void {
  const restore = 'は変更できません。元に戻すか、最新の調査票をダウンロードして入力し直してください。';
  for (const [at, before] of grid.meta.locked) {
    const { row, column } = parseAddress(at);
    const after = cellText(grid.sheet.getCell(at));
    if (after !== before) {
      const change = `（変更前: ${quoteShort(before)} → 変更後: ${quoteShort(after)}）`;
      issues.add(
        grid.issueAt(row, column, `保護されたセルが変更されています${change}。灰色のセル${restore}`),
      );
    }
  }
  const inputs = grid.inputAddresses();
  grid.sheet.eachRow((row) => {
    row.eachCell((cell) => {
      if (
        cell.type === ExcelJS.ValueType.Merge ||
        inputs.has(cell.address) ||
        grid.meta.locked.has(cell.address)
      )
        return;
      const text = cellText(cell);
      if (text !== '') {
        const message = `入力欄ではないセルに値があります（${quoteShort(text)}）。白いセル以外${restore}`;
        issues.add(grid.issueAt(Number(cell.row), Number(cell.col), message));
      }
    });
  });
}

function readAnswers(grid: SurveyGrid, issues: IssueList): SurveyUpload {
  const { meta, sheet } = grid;
  const read = (row: number, column: number, kind: InputKind): string => {
    const result = inputText(sheet.getCell(row, column), kind);
    if (result.ok) return result.value;
    issues.add(grid.issueAt(row, column, result.error));
    return '';
  };
  const kpis = meta.kpiRows.map(({ row, measureId, kpiId, version }) => {
    const value = read(row, COL.value, 'value');
    if (value !== '') {
      const parsed = parseQuantity(value);
      if (!parsed.ok) issues.add(grid.issueAt(row, COL.value, `${parsed.error.message}。${VALUE_FORMS}`));
    }
    const provisional = read(row, COL.provisional, 'text');
    if (provisional !== '' && provisional !== PROVISIONAL_LABEL && provisional !== FINAL_LABEL) {
      const message = `${quoteShort(provisional)}は選べません。「${PROVISIONAL_LABEL}」か「${FINAL_LABEL}」を選んでください。`;
      issues.add(grid.issueAt(row, COL.provisional, message));
    }
    const note = read(row, COL.note, 'text');
    checkLength(grid, issues, row, COL.note, note, '備考', MAX_NOTE_LENGTH);
    const cell = `${SURVEY_SHEET}!${address(row, COL.value)}`;
    // A blank 見込み／確定 is read as 見込み: a figure is final only when someone says so.
    return { measureId, kpiId, value, provisional: provisional !== FINAL_LABEL, note, cell, version };
  });
  const analyses = meta.analysisRows.map(({ row, measureId, version }) => {
    const text = read(row, COL.kpi, 'text');
    checkLength(grid, issues, row, COL.kpi, text, '要因分析', MAX_ANALYSIS_LENGTH);
    return { measureId, text, cell: `${SURVEY_SHEET}!${address(row, COL.kpi)}`, version };
  });
  return {
    planCode: meta.planCode,
    fiscalYear: meta.fiscalYear,
    departmentCode: meta.departmentCode,
    kpis,
    analyses,
  };
}

const VALUE_FORMS = '数値（例: 1,527、93.56%、約18%、△2.7）か「—」「未計測」「集計中」を入力してください。';

function checkLength(
  grid: SurveyGrid,
  issues: IssueList,
  row: number,
  column: number,
  text: string,
  what: string,
  max: number,
): void {
  const length = [...text].length;
  if (length > max)
    issues.add(grid.issueAt(row, column, `${what}が${length}文字あります。${max}文字以内にしてください。`));
}

/** The text a cell shows, for comparing protected cells: a formula as 「=…」, an error as its code. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // A crafted <v>1e999</v> or <v>x</v> loads as Infinity or NaN, which numberText refuses.
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if ('formula' in value || 'sharedFormula' in value) return `=${cell.formula ?? ''}`;
  if ('error' in value) return String(value.error);
  if ('richText' in value) return richText(value);
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return text;
    if (typeof text === 'object' && text !== null && 'richText' in text)
      return richText(text as ExcelJS.CellRichTextValue);
  }
  return '';
}

const richText = (value: ExcelJS.CellRichTextValue): string =>
  Array.isArray(value.richText) ? value.richText.map((run) => String(run.text ?? '')).join('') : '';

type InputKind = 'value' | 'text';

/**
 * An answer as typed, trimmed, line breaks as LF. A number (pasted, or typed where the text format was lost) is
 * its shortest round-trip decimal, String(n) without exponent (0.1 → "0.1"; a double with float noise keeps it),
 * and ×100 with 「%」 when its format is a percentage (0.9356 shown 93.56% → "93.56%"). Refuses formulas, error
 * values, merged-over cells and, in the value column, dates (a KPI value is never a date).
 */
function inputText(cell: ExcelJS.Cell, kind: InputKind): Result<string, string> {
  const value = cell.value;
  if (cell.type === ExcelJS.ValueType.Merge)
    return err('入力欄が他のセルと結合されています。結合を解除してください。');
  if (
    cell.type === ExcelJS.ValueType.Formula ||
    (typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value))
  )
    return err(`${FORMULA}（「=${cell.formula ?? ''}」）。`);
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    kind === 'value' &&
    isPercentFormat(cell.numFmt)
  ) {
    return ok(
      `${decimalToString(normalizeDecimal(multiplyDecimal(decimalFromNumber(value), decimal(100))))}%`,
    );
  }
  if (value instanceof Date) {
    return kind === 'value'
      ? err('日付は入力できません。数値か「—」「未計測」「集計中」を入力してください。')
      : ok(isoDate(value));
  }
  if (typeof value === 'object' && value !== null && 'error' in value)
    return err(`エラー値（${String(value.error)}）は使えません。値を直接入力してください。`);
  // restoreText undoes the writer's neutralisation of pre-filled text (「'-2.7」 → 「-2.7」).
  return ok(restoreText(cellText(cell)).replace(/\r\n?/g, '\n').trim());
}

function isPercentFormat(numFmt: string | undefined): boolean {
  return /%/.test((numFmt ?? '').replace(/"[^"]*"|\\./g, ''));
}

/** 「abc」, cut to 40 characters, or （空欄）. */
function quoteShort(text: string): string {
  if (text === '') return '（空欄）';
  const chars = [...text];
  return `「${chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text}」`;
}
