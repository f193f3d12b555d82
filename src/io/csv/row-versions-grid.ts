/**
 * The 版 sheet of a workbook and 版.csv of a CSV export: one line per exported row with its table, natural key,
 * version and update time in the database. Written only by exports from the database (never in open data); read
 * back on import so that rows changed after the export are not overwritten unseen.
 */
import { type PlanTables, TABLES } from '../../domain/tables/definitions.ts';
import { type RowVersion, rowVersionSchema } from '../../domain/tables/row-versions.ts';
import type { IssueList } from './file-issue.ts';
import { numberText } from './table-cells.ts';
import type { GridCell, GridRow } from './table-grid.ts';

/** A table file as read: the tables and, from an export of the database, its 版 entries (unvalidated plain data). */
export interface TableFile {
  readonly tables: PlanTables;
  readonly rowVersions: unknown[] | undefined;
}

/** The sheet name and CSV file stem. */
export const VERSIONS_TITLE = '版';
export const VERSIONS_FILE = `${VERSIONS_TITLE}.csv`;

const COLUMNS = [
  { key: 'table', header: '表' },
  { key: 'key', header: 'キー' },
  { key: 'version', header: '版' },
  { key: 'updatedAt', header: '更新日時' },
] as const;

export const VERSION_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

/** What the 版 sheet / 版.csv is, for the 説明 sheet and the README. */
export const VERSIONS_DESCRIPTION =
  'データベースから書き出した時点の各行の版と更新日時。取り込むとき、書き出し後に他の人が変更した行を上書きしないために使います（編集しないでください。消すと「版の情報のないファイル」として扱います）。';

/** The lines of the sheet/file after the header: 表 (Japanese title), キー (JSON), 版, 更新日時 (ISO 8601). */
export const versionGridRows = (versions: readonly RowVersion[]): [string, string, number, string][] =>
  versions.map((v) => [titleOf(v.table), JSON.stringify(v.key), v.version, v.updatedAt]);

/** 版.csv: header and lines (CRLF), fields quoted when RFC 4180 needs it. */
export function versionCsv(versions: readonly RowVersion[]): string {
  const field = (v: string | number) => {
    const t = String(v);
    return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  return [VERSION_HEADERS, ...versionGridRows(versions)].map((r) => `${r.map(field).join(',')}\r\n`).join('');
}

const titleOf = (table: string): string => TABLES.find((t) => t.name === table)?.title ?? table;

const text = (cell: GridCell): string | undefined => {
  if (cell === null || cell === undefined) return undefined;
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'string') return cell.trim();
  return undefined;
};

/**
 * Reads the 版 lines back into rowVersions entries (as a plan document carries them), each checked with the
 * document's own schema; problems are located by file, row and column header.
 */
export function readVersionGrid(
  file: string,
  header: readonly GridCell[],
  rows: Iterable<GridRow>,
  issues: IssueList,
): unknown[] {
  const given = header.map(text);
  if (VERSION_HEADERS.some((h, i) => given[i] !== h)) {
    issues.add({ file, row: 1, message: `見出しは ${VERSION_HEADERS.join('、')} の順にしてください。` });
    return [];
  }
  const entries: unknown[] = [];
  for (const { row, cells } of rows) {
    if (issues.full) break;
    const [title, key, version, updatedAt] = cells.slice(0, 4).map(text);
    if ([title, key, version, updatedAt].every((c) => c === undefined || c === '')) continue;
    const table = TABLES.find((t) => t.title === title)?.name ?? title;
    let parsedKey: unknown = key;
    try {
      parsedKey = JSON.parse(key ?? '');
    } catch {
      issues.add({
        file,
        row,
        column: 'キー',
        message: 'キーを読み取れません（書き出したときの値のままにしてください）。',
      });
      continue;
    }
    const entry = { table, key: parsedKey, version: Number(version), updatedAt };
    const checked = rowVersionSchema.safeParse(entry);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const column = COLUMNS.find((c) => c.key === issue.path[0])?.header;
        issues.add({ file, row, ...(column === undefined ? {} : { column }), message: issue.message });
      }
      continue;
    }
    entries.push(entry);
  }
  return entries;
}
