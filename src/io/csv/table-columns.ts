/**
 * The columns of a table as written in a file: every column of the table, and after each fiscal-year column a
 * derived 和暦 column (「年度（和暦）」 = 令和6年度) for people; readers ignore the derived ones (docs/domain.md §9).
 */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { Cell, ColumnDef, ColumnType, TableDef } from '../../domain/tables/definitions.ts';

export type FileColumn =
  | { readonly kind: 'data'; readonly header: string; readonly column: ColumnDef }
  | { readonly kind: 'wareki'; readonly header: string; readonly source: ColumnDef };

export const warekiHeader = (header: string): string => `${header}（和暦）`;

/** The columns of a table in file order, e.g. 年度, 年度（和暦）, 時点, …. */
export function fileColumns(def: TableDef): FileColumn[] {
  return def.columns.flatMap((column): FileColumn[] =>
    column.type === 'fiscal-year'
      ? [
          { kind: 'data', header: column.header, column },
          { kind: 'wareki', header: warekiHeader(column.header), source: column },
        ]
      : [{ kind: 'data', header: column.header, column }],
  );
}

/** The 和暦 of a fiscal-year cell, e.g. 2024 → 令和6年度; blank stays blank. */
export function warekiOf(cell: Cell): string | null {
  return typeof cell === 'number' ? formatFiscalYear(cell, 'long') : null;
}

/** Header text compared leniently: NFKC (full-width 「（％）」 = 「(%)」) and surrounding spaces ignored. */
export const headerKey = (header: string): string => header.normalize('NFKC').trim();

/** Japanese names of the column types, for README, metadata and the 説明 sheet. */
export const COLUMN_TYPE_LABELS: Readonly<Record<ColumnType, string>> = {
  text: '文字列',
  code: 'コード（半角英小文字・数字・ハイフン）',
  integer: '整数',
  decimal: '数値（小数可、書かれた桁数のまま）',
  boolean: '真偽値（TRUE／FALSE）',
  'fiscal-year': '年度（西暦の開始年、例: 2024）',
  'time-point': '時点（例: 2019年度、2021-03、2025-02末、2024-06-14）',
};

/** Licence of published data (docs/domain.md §9). */
export const DATA_LICENCE = {
  name: 'CC BY 4.0（クリエイティブ・コモンズ 表示 4.0 国際）',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
} as const;
