import type { ImportReport } from '../../db/plan-store.ts';
import { renderTable } from './table.ts';

/** What an import did (or would do) per table, for a terminal. */
export function importReportText(report: ImportReport): string {
  const rows = report.tables.map((t) => [
    t.title,
    String(t.added),
    String(t.changed),
    String(t.removed),
    String(t.unchanged),
  ]);
  const total = (key: 'added' | 'changed' | 'removed') => report.tables.reduce((n, t) => n + t[key], 0);
  const head = report.dryRun ? '（試行: 何も書き込んでいません）' : '';
  const summary =
    total('added') + total('changed') + total('removed') === 0
      ? '変更はありません。'
      : `追加 ${total('added')} 行・変更 ${total('changed')} 行・削除 ${total('removed')} 行`;
  const notes = [
    report.overwritten > 0
      ? `ファイルの書き出し後にデータベースで変更された ${report.overwritten} 行を上書き${report.dryRun ? 'します' : 'しました'}（履歴に記録）。`
      : '',
    report.fileHasVersions
      ? ''
      : 'このファイルには版の情報がありません（データベースから書き出したファイルではありません）。',
  ].filter((n) => n !== '');
  return [
    `計画 ${report.plan.code}（団体 ${report.plan.organisationCode}）${report.plan.created ? ' を新規登録' : ''}${head}`,
    renderTable(
      [
        { header: '表' },
        { header: '追加', align: 'right' },
        { header: '変更', align: 'right' },
        { header: '削除', align: 'right' },
        { header: '変更なし', align: 'right' },
      ],
      rows,
    ),
    summary,
    ...notes,
  ].join('\n');
}
