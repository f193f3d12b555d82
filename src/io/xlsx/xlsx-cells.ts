/**
 * ExcelJS cell values → grid cells: numbers, text, booleans and dates pass; rich text and hyperlinks give their
 * text; formulas and error values are refused with a reason (a figure must be a value someone entered, not a
 * calculation the reader would have to trust).
 */
import type ExcelJS from 'exceljs';
import { isoDate, numberText } from '../csv/table-cells.ts';
import type { GridCell } from '../csv/table-grid.ts';

const FORMULA =
  '数式は使えません。値を入力してください（数式のセルはコピーして「値の貼り付け」をしてください）。';

/** The grid cell of an ExcelJS cell; `decimal` keeps the scale its number format shows (99.5 shown 0.00 → 99.50). */
export function gridCell(cell: ExcelJS.Cell, decimal: boolean): GridCell {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return decimal ? decimalText(value, cell.numFmt) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateText(value, cell.numFmt);
  if ('formula' in value || 'sharedFormula' in value)
    return constantFormula(value.formula) ?? { invalid: FORMULA };
  if ('error' in value) return { invalid: `エラー値（${String(value.error)}）は使えません。` };
  if ('richText' in value) return richText(value);
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return text;
    if (typeof text === 'object' && text !== null && 'richText' in text)
      return richText(text as ExcelJS.CellRichTextValue);
  }
  return { invalid: 'このセルの値は読み取れません。文字か数値を入力してください。' };
}

/** LibreOffice saves a boolean cell as the formula TRUE() or FALSE(): a constant, not a calculation. */
function constantFormula(formula: string | undefined): boolean | undefined {
  const match = /^\s*=?\s*(TRUE|FALSE)\s*(?:\(\s*\))?\s*$/i.exec(formula ?? '');
  return match === null ? undefined : match[1]?.toUpperCase() === 'TRUE';
}

const richText = (value: ExcelJS.CellRichTextValue): string =>
  Array.isArray(value.richText) ? value.richText.map((run) => String(run.text ?? '')).join('') : '';

// The first section of a number format with literals, escapes, padding and colours removed.
function formatSection(numFmt: string | undefined): string {
  const first = (numFmt ?? '').split(';')[0] ?? '';
  return first.replace(/"[^"]*"|\\.|_.|\*.|\[[^\]]*\]/g, '');
}

/** The number as its shortest text, padded to the decimals a fixed format shows (not for % or E formats). */
function decimalText(n: number, numFmt: string | undefined): string {
  const text = numberText(n);
  const section = formatSection(numFmt);
  const shown = /0\.(0+)(?![0#?])/.exec(section)?.[1]?.length;
  if (shown === undefined || /[%E]/i.test(section)) return text;
  const decimals = text.split('.')[1]?.length ?? 0;
  if (decimals >= shown) return text;
  return `${text}${decimals === 0 ? '.' : ''}${'0'.repeat(shown - decimals)}`;
}

/** A date as 2024-06-14, or as a month 2021-03 when its format shows no day (yyyy"年"m"月"). */
function dateText(date: Date, numFmt: string | undefined): string {
  const section = formatSection(numFmt);
  const iso = isoDate(date);
  return section !== '' && /y/i.test(section) && /m/i.test(section) && !/d/i.test(section)
    ? iso.slice(0, 7)
    : iso;
}
