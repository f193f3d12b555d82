import { stringify } from 'csv-stringify/sync';

/** A CSV cell: numbers stay numeric, blanks stay blank (blank ≠ 0). */
export type Cell = string | number | boolean | null | undefined;

// Text a spreadsheet would run as a formula (docs/domain.md §10). Leading apostrophes are counted too, so that text
// that already starts with 「'=」 keeps its own apostrophe through neutraliseText → restoreText.
const FORMULA_LIKE = /^'*[=+\-@\t\r\n]/;
const NEUTRALISED = /^'+[=+\-@\t\r\n]/;

/** Prefixes an apostrophe to text a spreadsheet would run as a formula: 「=SUM(1)」 → 「'=SUM(1)」. */
export function neutraliseText(text: string): string {
  return FORMULA_LIKE.test(text) ? `'${text}` : text;
}

/** Undoes neutraliseText on imported text: 「'=SUM(1)」 → 「=SUM(1)」; other text is returned as is. */
export function restoreText(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

/**
 * Neutralises text a spreadsheet would run as a formula (starting with = + - @, tab, CR or LF) by prefixing
 * an apostrophe; numbers are written as numbers and never touched.
 */
export function safeCell(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return neutraliseText(value);
}

/** Writes a header and rows as RFC 4180 CSV with CRLF line ends. */
export const toCsv = (header: readonly string[], rows: readonly (readonly Cell[])[]): string =>
  stringify([header.map(safeCell), ...rows.map((r) => r.map(safeCell))], { record_delimiter: 'windows' });
