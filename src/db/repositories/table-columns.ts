import { type Cell, type ColumnType, TABLES, type TableDef } from '../../domain/tables/definitions.ts';

/** The plan tables stored generically (all but `plan`, which maps to organisations + plans). */
export const STORED_TABLES: readonly TableDef[] = TABLES.filter((t) => t.name !== 'plan');

// `id` is the surrogate key of every table; a natural `id` column is stored under a longer name.
const RENAMED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  measures: { id: 'measure_id' },
  kpis: { id: 'kpi_id' },
};

/** The database column of a table column. */
export const dbColumn = (table: string, column: string): string => RENAMED[table]?.[column] ?? column;

/** Converts a database value to a table cell: bigint and numeric arrive as strings from node-postgres. */
export function cellFromDb(type: ColumnType, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
    case 'fiscal-year':
      return Number(value);
    case 'decimal':
      return String(value);
    case 'boolean':
      return Boolean(value);
    default:
      return String(value);
  }
}

/** The natural key of a row, as a stable JSON text (for history and for matching rows). */
export const rowKey = (def: TableDef, row: Readonly<Record<string, Cell>>): string =>
  JSON.stringify(Object.fromEntries(def.key.map((k) => [k, row[k] ?? null])));
