import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BackupError, backupDatabase, restoreDatabase } from '../../db/backup.ts';
import { seedBundledDataset } from '../../db/bootstrap.ts';
import { GrantError, grantApplicationRole } from '../../db/grants.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { StaleRowsError } from '../../db/stale-rows.ts';
import { CliError, EXIT } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { withDatabase } from '../plan-source.ts';
import { importReportText } from '../render/import-report-text.ts';
import { staleRowLines } from '../render/stale-rows-text.ts';

/** `shinchoku db migrate|seed|backup|restore|grant`: set up, load and save the database (embedded or a server). */
export const registerDb = (program: Command, io: CliIo): void => {
  const db = program.command('db').description('データベースの作成・初期データ・バックアップと復元');

  db.command('migrate')
    .description('データベースを最新のスキーマにする')
    .action(async () => {
      await withDatabase(async ({ db: handle, location }) => {
        const applied = await migrateToLatest(handle);
        io.out(
          applied.length === 0
            ? `${location}: スキーマは最新です。`
            : `${location}: ${applied.join(', ')} を適用しました。`,
        );
      });
    });

  db.command('seed')
    .description('同梱の宮城県 令和6年度データを登録する（登録済みなら変更なし）')
    .action(async () => {
      await withDatabase(async ({ db: handle, location }) => {
        await migrateToLatest(handle);
        const report = await seedBundledDataset(handle).catch((e: unknown) => {
          // The bundled file has no versions: it never silently undoes what staff saved since it was loaded.
          if (!(e instanceof StaleRowsError)) throw e;
          throw new CliError(
            `登録済みの計画は同梱データから変更されているため、同梱データを登録し直しません（何も書き込んでいません）。`,
            EXIT.unusable,
            [
              ...staleRowLines(e.rows),
              '同梱データの値に戻す場合は shinchoku import data/miyagi-fy2024.yaml --overwrite-newer を使ってください。',
            ],
          );
        });
        io.out(`${location}: 同梱データを登録しました。\n${importReportText(report)}`);
      });
    });

  db.command('backup')
    .description('データベース全体（全計画・履歴）をファイルに保存する')
    .argument('<file>', '保存先（例: shinchoku-backup.json.gz）')
    .action(async (file: string) => {
      await withDatabase(async ({ db: handle, location }) => {
        await migrateToLatest(handle);
        const buffer = await backupDatabase(handle);
        await writeFile(file, buffer);
        io.out(`${location} を ${file} に保存しました（${buffer.length.toLocaleString('ja-JP')} バイト）。`);
      });
    });

  db.command('restore')
    .description('バックアップファイルからデータベース全体を復元する')
    .argument('<file>', 'shinchoku db backup で作成したファイル')
    .option('--replace', '現在のデータを置き換える（空でないデータベースへの復元に必要）', false)
    .action(async (file: string, options: { replace: boolean }) => {
      let buffer: Buffer;
      try {
        buffer = await readFile(file);
      } catch {
        throw new CliError(`${file} を読み込めません。`);
      }
      await withDatabase(async ({ db: handle, location }) => {
        await migrateToLatest(handle);
        try {
          const rows = await restoreDatabase(handle, buffer, { replace: options.replace });
          io.out(`${file} を ${location} に復元しました（${rows.toLocaleString('ja-JP')} 行）。`);
        } catch (e) {
          if (e instanceof BackupError) throw new CliError(e.message);
          throw e;
        }
      });
    });

  db.command('grant')
    .description('PostgreSQLサーバーで、アプリケーション用のロールに権限を付与する（履歴は参照と追記のみ）')
    .argument('<role>', 'アプリケーションが接続に使うロール（例: shinchoku_app）')
    .action(async (role: string) => {
      await withDatabase(async ({ db: handle, kind, location }) => {
        if (kind === 'pglite') {
          throw new CliError('組み込みデータベースではロールに権限を付与できません。', 2, [
            '  組み込みデータベース（PGlite）は1つのプロセスだけが使う単一ユーザーのデータベースで、ロールの区別がありません。',
            '  組み込みデータベースでは、履歴（history）の更新・削除はトリガーによってのみ防いでいます。',
            '  PostgreSQLサーバーを使う場合は、DATABASE_URL に表の所有者で接続して実行してください。',
          ]);
        }
        await migrateToLatest(handle);
        try {
          await grantApplicationRole(handle, role);
        } catch (e) {
          if (e instanceof GrantError) throw new CliError(e.message);
          throw e;
        }
        io.out(
          `${location}: ロール「${role}」に表の参照・追加・更新・削除を許可しました（履歴は参照と追記のみ）。` +
            '\nマイグレーションで表が増えたら、もう一度実行してください。',
        );
      });
    });
};
