import type { Command } from 'commander';
import { prepareDatabase } from '../../db/bootstrap.ts';
import { listPlans, loadStoredPlanWithVersions } from '../../db/plan-store.ts';
import type { Plan } from '../../domain/plan/model.ts';
import type { RowVersion } from '../../domain/tables/row-versions.ts';
import type { CsvEncoding } from '../../io/csv/csv-encoding.ts';
import { EXPORT_FORMATS, type ExportFormat, writePlanFile } from '../../io/interchange/write-plan-file.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { choosePlan, readPlan, unreadableStoredPlan, withDatabase } from '../plan-source.ts';

const ENCODINGS: readonly CsvEncoding[] = ['utf8bom', 'utf8', 'sjis'];

/**
 * The plan to export: a data file as it is (no versions), or the stored plan with every row's version read with its
 * values, so that importing the export later cannot undo a change saved after it.
 */
async function readExportSource(options: {
  data?: string | undefined;
  plan?: string | undefined;
}): Promise<{ plan: Plan; versions: RowVersion[] | undefined }> {
  if (options.data !== undefined) return { plan: await readPlan(options), versions: undefined };
  return withDatabase(async ({ db, location }) => {
    await prepareDatabase(db);
    const stored = choosePlan(await listPlans(db), options.plan);
    const loaded = await loadStoredPlanWithVersions(db, stored);
    if (!loaded.ok) throw unreadableStoredPlan(location, stored, loaded.error);
    return loaded.value;
  });
}

/** `shinchoku export`: the plan as an Excel workbook, CSV files (open-data rules) or a JSON document. */
export const registerExport = (program: Command, io: CliIo): void => {
  program
    .command('export')
    .description('計画データを書き出す（xlsx・CSV・JSON）')
    .requiredOption('--format <format>', `形式: ${EXPORT_FORMATS.join(' | ')}`)
    .requiredOption('--out <path>', '書き出し先（CSVはフォルダ、.zip で終わればzip）')
    .option('--encoding <encoding>', `CSVの文字コード: ${ENCODINGS.join(' | ')}`, 'utf8bom')
    .option('--data <path>', 'データファイルから書き出す（省略時はデータベース）')
    .option('--plan <id>', 'データベースの計画ID')
    .action(
      async (options: { format: string; out: string; encoding: string; data?: string; plan?: string }) => {
        const format = EXPORT_FORMATS.find((f) => f === options.format) as ExportFormat | undefined;
        if (format === undefined) {
          throw new CliError(
            `--format: 「${options.format}」は使えません。${EXPORT_FORMATS.join(' / ')} のいずれかを指定してください。`,
          );
        }
        const encoding = ENCODINGS.find((e) => e === options.encoding);
        if (encoding === undefined) {
          throw new CliError(
            `--encoding: 「${options.encoding}」は使えません。${ENCODINGS.join(' / ')} のいずれかを指定してください。`,
          );
        }
        if (encoding !== 'utf8bom' && format !== 'csv')
          throw new CliError('--encoding はCSVの書き出しにだけ指定できます。');
        const { plan, versions } = await readExportSource(options);
        const written = await writePlanFile(plan.document, format, options.out, encoding, versions);
        if (!written.ok) {
          throw new CliError(
            `書き出せませんでした（${written.error.length}件の問題）。`,
            2,
            written.error.map((l) => `  ${l}`),
          );
        }
        io.out(
          `${options.out} に書き出しました（${written.value.files}ファイル、${written.value.bytes.toLocaleString('ja-JP')} バイト）。`,
        );
      },
    );
};
