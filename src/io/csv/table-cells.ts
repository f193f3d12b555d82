/**
 * Cell conversion by column type, shared by the CSV and xlsx readers and writers: one function decides what a
 * valid cell is, so whatever a writer accepts, a reader reads back the same.
 */
import { parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { formatTimePoint, parseTimePoint } from '../../domain/calendar/time-point.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { Cell, ColumnDef } from '../../domain/tables/definitions.ts';
import { decimalFromNumber, decimalToString } from '../../domain/values/decimal.ts';
import { normalizeNumericText, parseSignedNumber, quote } from '../../domain/values/numeric-text.ts';
import { restoreText } from './csv-cells.ts';

/** A cell as a file gives it: CSV gives text; ExcelJS also numbers, booleans and dates. */
export type RawCell = string | number | boolean | Date | null | undefined;

/** Excel's own limit on the characters in a cell. */
export const MAX_TEXT_LENGTH = 32_767;
const MAX_CODE_LENGTH = 100;
const CODE = /^[a-z0-9][a-z0-9-]*$/;

const TRUE_WORDS = new Set(['true', '1', 'はい']);
const FALSE_WORDS = new Set(['false', '0', 'いいえ']);

/**
 * Reads one cell for a column: validates it by type, `required` and `values`, and returns the canonical cell
 * (integers and fiscal years as numbers, decimals as their exact text, time points in Western form, line breaks in
 * text as LF) or a Japanese message. `fromFile` undoes the export's formula neutralisation on text columns (「'=SUM(1)」 → 「=SUM(1)」).
 */
export function readCell(raw: RawCell, column: ColumnDef, fromFile: boolean): Result<Cell, string> {
  const converted = convert(raw, column, fromFile);
  if (!converted.ok) return converted;
  const value = converted.value;
  if (value === null) return column.required ? err('必須の列です。値を入力してください。') : ok(null);
  if (column.values !== undefined && !column.values.includes(String(value))) {
    return err(`${quote(String(value))}は使えません。使える値: ${column.values.join('、')}`);
  }
  return ok(value);
}

function convert(raw: RawCell, column: ColumnDef, fromFile: boolean): Result<Cell, string> {
  if (raw === null || raw === undefined) return ok(null);
  if (typeof raw === 'string' && raw.trim() === '') return ok(null);
  if (typeof raw === 'number' && !Number.isFinite(raw))
    return err(`${quote(String(raw))}は有限の数値ではありません。`);
  const kind = typeof raw;
  if (kind !== 'string' && kind !== 'number' && kind !== 'boolean' && !(raw instanceof Date)) {
    return err('値の形式が不正です（文字列・数値・真偽値のいずれかにしてください）。');
  }
  switch (column.type) {
    case 'text':
      return readText(raw, fromFile);
    case 'code':
      return readCode(raw);
    case 'integer':
      return readInteger(raw);
    case 'decimal':
      return readDecimal(raw);
    case 'boolean':
      return readBoolean(raw);
    case 'fiscal-year':
      return readFiscalYear(raw);
    case 'time-point':
      return readTimePoint(raw);
  }
}

/** A date cell as 2024-06-14 (ExcelJS gives dates at UTC midnight). */
export function isoDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

/** The shortest text that reads back as the same double, without exponent: 1e21 → 1000000000000000000000. */
export function numberText(n: number): string {
  return decimalToString(decimalFromNumber(n));
}

function readText(raw: Exclude<RawCell, null | undefined>, fromFile: boolean): Result<Cell, string> {
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(numberText(raw)) : err('数値が不正です。');
  if (typeof raw === 'boolean') return ok(raw ? 'TRUE' : 'FALSE');
  if (raw instanceof Date) return ok(isoDate(raw));
  // Line breaks are stored as LF, Excel's own convention (an xlsx cannot keep CR: XML parsers drop it).
  const text = (fromFile ? restoreText(raw) : raw).replace(/\r\n?/g, '\n');
  if (text.length > MAX_TEXT_LENGTH) return err(`文字数が多すぎます（上限${MAX_TEXT_LENGTH}文字）。`);
  return ok(text);
}

function readCode(raw: Exclude<RawCell, null | undefined>): Result<Cell, string> {
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
  if (typeof text !== 'string') return err('コードは文字で入力してください。');
  const code = normalizeNumericText(text);
  if (code.length > MAX_CODE_LENGTH || !CODE.test(code)) {
    return err(
      `${quote(text)}はコードとして使えません。半角の英小文字・数字・ハイフン（先頭は英数字）で入力してください。`,
    );
  }
  return ok(code);
}

function readInteger(raw: Exclude<RawCell, null | undefined>): Result<Cell, string> {
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw) ? ok(raw) : err(`${quote(numberText(raw))}は整数ではありません。`);
  }
  if (typeof raw !== 'string') return err('整数を入力してください。');
  const parsed = parseSignedNumber(normalizeNumericText(raw), raw);
  if (!parsed.ok || parsed.value.scale !== 0) return err(`${quote(raw)}は整数として読み取れません。`);
  const value = Number(parsed.value.units);
  return Number.isSafeInteger(value) ? ok(value) : err(`${quote(raw)}は大きすぎます。`);
}

function readDecimal(raw: Exclude<RawCell, null | undefined>): Result<Cell, string> {
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(numberText(raw)) : err('数値が不正です。');
  if (typeof raw !== 'string') return err('数値を入力してください。');
  const parsed = parseSignedNumber(normalizeNumericText(raw), raw);
  // Kept as written (scale included: 99.50 stays 99.50); 1,527 → 1527, △2.7 → -2.7.
  return parsed.ok ? ok(decimalToString(parsed.value)) : err(`${quote(raw)}は数値として読み取れません。`);
}

function readBoolean(raw: Exclude<RawCell, null | undefined>): Result<Cell, string> {
  if (typeof raw === 'boolean') return ok(raw);
  if (typeof raw === 'number' && (raw === 0 || raw === 1)) return ok(raw === 1);
  if (typeof raw === 'string') {
    const word = raw.normalize('NFKC').trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
  }
  const shown = raw instanceof Date ? isoDate(raw) : String(raw);
  return err(
    `${quote(shown)}は真偽値として読み取れません。TRUE または FALSE（はい／いいえ、1／0）で入力してください。`,
  );
}

function readFiscalYear(raw: Exclude<RawCell, null | undefined>): Result<Cell, string> {
  if (typeof raw === 'boolean' || raw instanceof Date)
    return err('年度は 2024 や R6、令和6年度 のように入力してください。');
  if (typeof raw === 'number' && !Number.isSafeInteger(raw))
    return err(`${quote(numberText(raw))}は年度ではありません。`);
  const parsed = parseFiscalYear(String(raw));
  return parsed.ok ? ok(parsed.value) : err(parsed.error.message);
}

function readTimePoint(raw: Exclude<RawCell, null | undefined>): Result<Cell, string> {
  if (typeof raw === 'boolean') return err('時点は 2019年度、2021-03、R3.3 のように入力してください。');
  const text = raw instanceof Date ? isoDate(raw) : typeof raw === 'number' ? numberText(raw) : raw;
  const parsed = parseTimePoint(text);
  return parsed.ok ? ok(formatTimePoint(parsed.value, 'western')) : err(parsed.error.message);
}
