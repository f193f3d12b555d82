/**
 * 版: what an exported file was based on. Every stored row has a version and an update time; an export carries
 * them, and an import refuses to change a row whose stamp in the database differs from the file's (someone saved
 * it after the export), unless told to overwrite. A file without versions is based on nothing: it may add rows,
 * but every change to a stored row counts as overwriting a newer version.
 */
import { z } from 'zod';
import { type Cell, type Row, TABLE_NAMES, type TableName, tableDef } from './definitions.ts';
import type { TableDiff } from './diff.ts';

/** When a row was last written: its version and update time (ISO 8601, UTC) in the database. */
export interface RowStamp {
  readonly version: number;
  readonly updatedAt: string;
}

/** One row's stamp as files carry it: the table, the row's natural key, version and update time. */
export interface RowVersion extends RowStamp {
  readonly table: TableName;
  readonly key: Readonly<Record<string, Cell>>;
}

const keyCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One entry of `rowVersions` (JSON/YAML) or one row of the 版 sheet / 版.csv. */
export const rowVersionSchema = z
  .strictObject({
    table: z.enum(TABLE_NAMES, { error: '表の名前が正しくありません' }),
    key: z.record(z.string(), keyCell, { error: 'キーは列名と値の組で指定してください' }),
    version: z
      .number({ error: '版は1以上の整数で指定してください' })
      .int({ error: '版は1以上の整数で指定してください' })
      .positive({ error: '版は1以上の整数で指定してください' }),
    updatedAt: z.iso.datetime({
      error: '更新日時はISO 8601形式（例 2025-06-30T01:02:03.456Z）で指定してください',
    }),
  })
  .superRefine((entry, ctx) => {
    const expected = tableDef(entry.table).key;
    const given = Object.keys(entry.key);
    if (given.length !== expected.length || !expected.every((k) => Object.hasOwn(entry.key, k))) {
      ctx.addIssue({
        code: 'custom',
        path: ['key'],
        message: `キーの列は ${expected.join(', ')} です（${given.join(', ') || 'なし'} が指定されています）`,
      });
    }
  });

/** `rowVersions` of a plan document: each stamped row at most once. */
export const rowVersionsSchema = z.array(rowVersionSchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const id = stampId(entry.table, entry.key);
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: '同じ行の版が2回あります' });
    seen.add(id);
  });
});

/** The identity of a row across files and the database: table and natural key in the table's key order. */
export const stampId = (table: TableName, row: Readonly<Record<string, Cell>>): string =>
  JSON.stringify([table, ...tableDef(table).key.map((k) => row[k] ?? null)]);

/** The natural key of a row, in key order (as history records it). */
export const keyOf = (table: TableName, row: Readonly<Record<string, Cell>>): Record<string, Cell> =>
  Object.fromEntries(tableDef(table).key.map((k) => [k, row[k] ?? null]));

/** Stamps by row identity. */
export type StampIndex = ReadonlyMap<string, RowStamp>;

export const indexStamps = (versions: readonly RowVersion[]): StampIndex =>
  new Map(versions.map((v) => [stampId(v.table, v.key), { version: v.version, updatedAt: v.updatedAt }]));

const sameStamp = (a: RowStamp | undefined, b: RowStamp | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.version === b.version && a.updatedAt === b.updatedAt;

/** A row the import would change although it changed in the database after the file's export. */
export interface StaleRow {
  readonly table: TableName;
  readonly key: Readonly<Record<string, Cell>>;
  /** The row as the file has it; null when the import would remove it. */
  readonly inFile: Row | null;
  /** The row as stored now; null when it was removed after the export. */
  readonly now: Row | null;
  /** The columns whose value the import would change. */
  readonly columns: readonly string[];
  readonly stored: RowStamp | undefined;
  readonly base: RowStamp | undefined;
}

/**
 * The rows an import would add, change or remove whose stamp in the database differs from the stamp the file
 * was exported with: changed or removed since the export, or created since (a row the file never saw). Rows the
 * import leaves as they are never conflict, whatever their stamps.
 */
export function findStaleRows(diffs: readonly TableDiff[], stored: StampIndex, base: StampIndex): StaleRow[] {
  const stale: StaleRow[] = [];
  const check = (table: TableName, row: Row, inFile: Row | null, now: Row | null, columns: string[]) => {
    const id = stampId(table, row);
    const s = stored.get(id);
    const b = base.get(id);
    if (!sameStamp(s, b))
      stale.push({ table, key: keyOf(table, row), inFile, now, columns, stored: s, base: b });
  };
  const filled = (table: TableName, row: Row) =>
    tableDef(table)
      .columns.map((c) => c.key)
      .filter((k) => (row[k] ?? null) !== null);
  for (const diff of diffs) {
    for (const change of diff.changed) {
      check(diff.table, change.after, change.after, change.before, [...change.columns]);
    }
    for (const row of diff.added) check(diff.table, row, row, null, filled(diff.table, row));
    for (const row of diff.removed) check(diff.table, row, null, row, filled(diff.table, row));
  }
  return stale;
}

/** The stamps of the given rows, in their order (rows without a stamp are left out). */
export function versionsOf(
  tables: Readonly<Record<TableName, readonly Row[]>>,
  stamps: readonly RowVersion[],
): RowVersion[] {
  const index = indexStamps(stamps);
  return TABLE_NAMES.flatMap((table) =>
    tables[table].flatMap((row) => {
      const stamp = index.get(stampId(table, row));
      return stamp === undefined ? [] : [{ table, key: keyOf(table, row), ...stamp }];
    }),
  );
}
