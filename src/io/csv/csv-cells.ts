import { stringify } from 'csv-stringify/sync';

/** A CSV cell: numbers stay numeric, blanks stay blank (blank ≠ 0). */
export type Cell = string | number | boolean | null | undefined;

/**
 * Neutralises text a spreadsheet would run as a formula (starting with = + - @, tab, CR or LF) by prefixing
 * an apostrophe; numbers are written as numbers and never touched.
 */
export function safeCell(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

/** Writes a header and rows as RFC 4180 CSV with CRLF line ends. */
export const toCsv = (header: readonly string[], rows: readonly (readonly Cell[])[]): string =>
  stringify([header.map(safeCell), ...rows.map((r) => r.map(safeCell))], { record_delimiter: 'windows' });
