import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate.ts';
import { savePlan } from '../../db/plan-store.ts';
import { RowChangedDuringImportError } from '../../db/repositories/plan-tables.repository.ts';
import { StaleRowsError } from '../../db/stale-rows.ts';
import { IMPORT_FORMAT_LABELS, readPlanFile } from '../../io/interchange/read-plan-file.ts';
import { CliError, EXIT } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { withDatabase } from '../plan-source.ts';
import { importReportText } from '../render/import-report-text.ts';
import { staleRowLines } from '../render/stale-rows-text.ts';

const defaultActor = (): string => {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
};

/** A refused write as a CLI refusal: the rows that changed after the export, or a save that came in between. */
const refuseStale =
  (file: string) =>
  (e: unknown): never => {
    if (e instanceof StaleRowsError) {
      const advice = e.fileHasVersions
        ? '内容を確認し、それでもファイルの値にする場合は --overwrite-newer を付けて取り込んでください。'
        : '手で作成したファイルや公開データには版がありません。データベースの値を置き換えてよい場合は --overwrite-newer を付けて取り込んでください。';
      throw new CliError(`${file} を取り込めません。${e.message}`, EXIT.unusable, [
        ...staleRowLines(e.rows),
        advice,
      ]);
    }
    if (e instanceof RowChangedDuringImportError) throw new CliError(e.message);
    throw e;
  };

/** `shinchoku import <file>`: validates a whole file, then writes it in one transaction (or only reports, --dry-run). */
export const registerImport = (program: Command, io: CliIo): void => {
  program
    .command('import')
    .description(
      '計画データを取り込む（xlsx・CSVのフォルダかzip・JSON・YAML）。全体を検証してから1つのトランザクションで書き込む',
    )
    .argument('<file>', '取り込むファイルまたはCSVのフォルダ')
    .option('--dry-run', '何が変わるかを表示するだけで、書き込まない', false)
    .option('--actor <name>', '履歴に記録する実行者', defaultActor())
    .option(
      '--overwrite-newer',
      'ファイルの書き出し後にデータベースで変更された行も上書きする（履歴に上書きしたことを記録）',
      false,
    )
    .action(async (file: string, options: { dryRun: boolean; actor: string; overwriteNewer: boolean }) => {
      const read = await readPlanFile(file);
      if (!read.ok) {
        throw new CliError(
          `${file} を取り込めません（${read.error.length}件の問題）。データベースは変更していません。`,
          2,
          read.error.map((line) => `  ${line}`),
        );
      }
      await withDatabase(async ({ db, location }) => {
        await migrateToLatest(db);
        const report = await savePlan(db, read.value.plan, {
          actor: options.actor,
          dryRun: options.dryRun,
          overwriteNewer: options.overwriteNewer,
        }).catch(refuseStale(file));
        io.out(
          `${IMPORT_FORMAT_LABELS[read.value.format]} ${file} → ${location}\n${importReportText(report)}`,
        );
      });
    });
};
