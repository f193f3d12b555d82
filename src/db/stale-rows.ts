/**
 * Rows an import would change although they changed in the database after the file's export: described for the
 * refusal (who changed them, when) and recorded in history when the import overwrites them anyway.
 */

import type { Kysely, Transaction } from 'kysely';
import { type Cell, tableDef } from '../domain/tables/definitions.ts';
import type { StaleRow } from '../domain/tables/row-versions.ts';
import type { Database } from './database.ts';
import { type LastChange, lastChanges } from './repositories/history.repository.ts';
import type { HistoryEntry } from './repositories/plan-tables.repository.ts';

/** A stale row with its table's Japanese title and its last recorded change. */
export interface DescribedStaleRow extends StaleRow {
  readonly title: string;
  readonly lastChange: LastChange | undefined;
}

/** The import was refused: these rows changed after the export. Nothing was written. */
export class StaleRowsError extends Error {
  override name = 'StaleRowsError';
  constructor(
    readonly rows: readonly DescribedStaleRow[],
    /** Whether the file carried versions (false: a hand-written file or open data, based on nothing). */
    readonly fileHasVersions: boolean,
  ) {
    super(
      fileHasVersions
        ? `${rows.length}行は、ファイルを書き出した後にデータベースで変更されています。取り込むと他の人の変更を戻してしまうため、何も書き込んでいません。`
        : `このファイルには版（書き出した時点の各行の版）がありません。データベースの${rows.length}行を変更・削除することになるため、何も書き込んでいません。`,
    );
  }
}

/** History records the plan row under `plans` (it lives in organisations + plans). */
export const historyTableOf = (table: StaleRow['table']): string => (table === 'plan' ? 'plans' : table);

/** Adds each stale row's table title and last recorded change (one query). */
export async function describeStaleRows(
  db: Kysely<Database> | Transaction<Database>,
  planId: number,
  stale: readonly StaleRow[],
): Promise<DescribedStaleRow[]> {
  const changes = await lastChanges(
    db,
    planId,
    stale.map((s) => ({ table: historyTableOf(s.table), key: s.key })),
  );
  return stale.map((s, i) => ({ ...s, title: tableDef(s.table).title, lastChange: changes[i] }));
}

/** A cell of a stale row as staff read it: 「（空欄）」, はい / いいえ, or its text. */
export const staleCellText = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? '（空欄）'
    : typeof cell === 'boolean'
      ? cell
        ? 'はい'
        : 'いいえ'
      : String(cell);

/** A column of a stale row's table by its Japanese header. */
export const staleColumnHeader = (row: StaleRow, column: string): string =>
  tableDef(row.table).columns.find((c) => c.key === column)?.header ?? column;

/** 「KPI値 KPI ID open-data-datasets・区分 actual・年度 2024」: the table and the row's key, for staff. */
export const staleRowName = (row: DescribedStaleRow): string =>
  `${row.title} ${tableDef(row.table)
    .key.map((k) => `${staleColumnHeader(row, k)} ${staleCellText(row.key[k])}`)
    .join('・')}`;

/** 2026-06-30 10:02（日本時間）: history is stored in UTC, staff read Japan time. */
export const japanMinute = (at: Date): string =>
  `${new Date(at.getTime() + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16)}（日本時間）`;

/** One history entry per overwritten row: the newer version it replaced, by whom and when, and what replaced it. */
export function overwriteEntries(
  rows: readonly DescribedStaleRow[],
  fileHasVersions: boolean,
): HistoryEntry[] {
  return rows.map((row) => {
    const change = row.lastChange;
    const stored =
      row.stored === undefined
        ? '削除されていた行'
        : `版${row.stored.version}${change === undefined ? '' : `（${change.actor}、${japanMinute(change.changedAt)}に変更）`}`;
    return {
      table: historyTableOf(row.table),
      key: JSON.stringify(row.key),
      operation: 'update',
      column: OVERWRITE_COLUMN,
      oldValue: stored,
      newValue:
        row.base !== undefined
          ? `書き出した時点の版${row.base.version}のファイルで上書き`
          : fileHasVersions
            ? 'ファイルの書き出し後にできた行を上書き'
            : '版の情報のないファイルで上書き',
    };
  });
}

/** The history column that marks an import overwriting a newer version (--overwrite-newer). */
export const OVERWRITE_COLUMN = 'overwrote_newer_version';
