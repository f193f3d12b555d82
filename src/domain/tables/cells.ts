// Cell conventions shared by planToTables and tablesToDocument: how a quantity, a time point or an optional text
// becomes cells, and how cells become the raw text a dataset file would hold.
import { formatTimePoint, type TimePoint } from '../calendar/time-point.ts';
import { type Decimal, decimalToString } from '../values/decimal.ts';
import type { MissingReason, Quantity } from '../values/quantity.ts';
import { type Cell, type Row, type TableName, tableDef } from './definitions.ts';

/** The marker written for a missing value when the table does not say how it was printed. */
export const CANONICAL_MISSING_MARKERS: Readonly<Record<MissingReason, string>> = {
  'no-value': '—',
  'not-measured': '未計測',
  'not-yet-known': '…',
};

/** Exact decimal text with the written scale and an ASCII minus, no grouping: `87.59`, `99.50`, `-2.7`. */
export const decimalCell = (d: Decimal): string => decimalToString(d);

/** The decimal text of a present value; null for a missing or absent one (published figures keep no reason). */
export const quantityDecimalCell = (q: Quantity | undefined): string | null =>
  q?.kind === 'value' ? decimalCell(q.value) : null;

/** 時点 in the Western form of data files: 2019年度, 2021-03, 2025-02末, 2024-06-14. */
export const timePointCell = (tp: TimePoint | undefined): string | null =>
  tp === undefined ? null : formatTimePoint(tp, 'western');

/** Optional free text: absent and empty are both a blank cell (the `text` column type: empty = null). */
export const textCell = (text: string | undefined): string | null =>
  text === undefined || text === '' ? null : text;

/** The cells of a quantity in `kpi_values`: value, missing reason and marker, and the % / 約 marks. */
export function quantityCells(q: Quantity): Record<string, Cell> {
  return q.kind === 'value'
    ? {
        value: decimalCell(q.value),
        missing: null,
        marker: null,
        percent: q.percent,
        approximate: q.approximate,
      }
    : { value: null, missing: q.reason, marker: q.marker, percent: false, approximate: false };
}

/**
 * The raw text of a present value as a dataset file writes it: `87.59`, `93.56%`, `約18%`. The decimal cell is
 * passed through as text (a number cell becomes its shortest text) so the written scale survives.
 */
export const valueText = (value: Cell, marks: { percent?: boolean; approximate?: boolean } = {}): string =>
  `${marks.approximate === true ? '約' : ''}${String(value)}${marks.percent === true ? '%' : ''}`;

/**
 * Builds a row of `table` with every column, in column order; a key the table does not define is a programming
 * error (a typo in a converter), not bad data.
 */
export function makeRow(table: TableName, cells: Readonly<Record<string, Cell | undefined>>): Row {
  const { columns } = tableDef(table);
  for (const key of Object.keys(cells)) {
    if (!columns.some((column) => column.key === key))
      throw new Error(`invariant: table ${table} has no column ${key}`);
  }
  return Object.fromEntries(columns.map((column) => [column.key, cells[column.key] ?? null]));
}
