import {
  staleCellText as cellText,
  type DescribedStaleRow,
  japanMinute,
  staleColumnHeader,
  staleRowName,
} from '../../db/stale-rows.ts';

/** More rows than this are counted, not listed (a file without versions may touch every row). */
const MAX_LISTED = 100;

/**
 * The rows an import would overwrite, for staff: table, key, each value in the file and now, who changed the row
 * last and when. 「KPI値 KPI ID open-data-datasets・区分 actual・年度 2024」「値: ファイル 347／現在 350」.
 */
export function staleRowLines(rows: readonly DescribedStaleRow[]): string[] {
  const lines: string[] = [];
  for (const row of rows.slice(0, MAX_LISTED)) {
    const header = (column: string) => staleColumnHeader(row, column);
    lines.push(`  ${staleRowName(row)}`);
    if (row.inFile === null) lines.push('    ファイル: この行はありません（取り込むと削除されます）');
    if (row.now === null) lines.push('    現在: この行はありません（ファイルの書き出し後に削除されました）');
    for (const column of row.columns) {
      const values = [
        row.inFile === null ? '' : `ファイル ${cellText(row.inFile[column])}`,
        row.now === null ? '' : `現在 ${cellText(row.now[column])}`,
      ];
      lines.push(`    ${header(column)}: ${values.filter((v) => v !== '').join('／')}`);
    }
    const change = row.lastChange;
    lines.push(
      change === undefined
        ? `    変更: 履歴なし（版${row.stored?.version ?? '—'}）`
        : `    変更: ${change.actor}（${japanMinute(change.changedAt)}、版${row.stored?.version ?? '—'}）`,
    );
  }
  if (rows.length > MAX_LISTED) lines.push(`  ほか ${rows.length - MAX_LISTED} 行`);
  return lines;
}
