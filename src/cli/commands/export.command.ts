import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { prepareDatabase } from '../../db/bootstrap.ts';
import { listPlans, loadStoredPlanWithVersions } from '../../db/plan-store.ts';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { Plan } from '../../domain/plan/model.ts';
import type { RowVersion } from '../../domain/tables/row-versions.ts';
import type { CsvEncoding } from '../../io/csv/csv-encoding.ts';
import { EXPORT_FORMATS, type ExportFormat, writePlanFile } from '../../io/interchange/write-plan-file.ts';
import { type StarterOptions, writeStarterWorkbook } from '../../io/xlsx/starter-workbook.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { choosePlan, readPlan, unreadableStoredPlan, withDatabase } from '../plan-source.ts';

const ENCODINGS: readonly CsvEncoding[] = ['utf8bom', 'utf8', 'sjis'];

// `starter` is not a plan's export but the blank workbook to fill in (計画の入力用ひな形): it reads no plan.
const FORMATS = [...EXPORT_FORMATS, 'starter'] as const;

interface ExportOptions {
  format: string;
  out: string;
  encoding: string;
  data?: string;
  plan?: string;
  organisationCode?: string;
  organisationName?: string;
  planName?: string;
  periodFrom?: string;
  periodTo?: string;
}

const STARTER_ONLY = ['organisationCode', 'organisationName', 'planName', 'periodFrom', 'periodTo'] as const;
const optionName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `export --format starter`: the starter workbook, its 計画 row pre-filled from the options. */
async function exportStarter(options: ExportOptions, io: CliIo): Promise<void> {
  for (const key of ['data', 'plan'] as const) {
    if (options[key] !== undefined)
      throw new CliError(
        `${optionName(key)} は --format starter と一緒には指定できません（ひな形は計画を読みません）。`,
      );
  }
  const year = (key: 'periodFrom' | 'periodTo'): number | undefined => {
    const text = options[key];
    if (text === undefined) return undefined;
    const parsed = parseFiscalYear(text);
    if (!parsed.ok) throw new CliError(`${optionName(key)}: ${parsed.error.message}`);
    return parsed.value;
  };
  const starter: StarterOptions = {
    organisationCode: options.organisationCode,
    organisationName: options.organisationName,
    planName: options.planName,
    periodFrom: year('periodFrom'),
    periodTo: year('periodTo'),
  };
  const { periodFrom, periodTo } = starter;
  if (periodFrom !== undefined && periodTo !== undefined && periodFrom > periodTo) {
    throw new CliError(
      `--period-to: 計画終了年度（${formatFiscalYear(periodTo)}）が計画開始年度（${formatFiscalYear(periodFrom)}）より前です。`,
    );
  }
  const book = await writeStarterWorkbook(starter);
  await writeFile(options.out, book);
  io.out(
    `${options.out} に計画の入力用ひな形を書き出しました（${book.length.toLocaleString('ja-JP')} バイト）。最初のシート「はじめに」に入力のしかたがあります。`,
  );
}

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
    .requiredOption(
      '--format <format>',
      `形式: ${FORMATS.join(' | ')}（starter は計画の入力用ひな形（空のxlsx））`,
    )
    .requiredOption('--out <path>', '書き出し先（CSVはフォルダ、.zip で終わればzip）')
    .option('--encoding <encoding>', `CSVの文字コード: ${ENCODINGS.join(' | ')}`, 'utf8bom')
    .option('--data <path>', 'データファイルから書き出す（省略時はデータベース）')
    .option('--plan <id>', 'データベースの計画ID')
    .option('--organisation-code <code>', 'starter: 「計画」シートに入れる地方公共団体コード')
    .option('--organisation-name <name>', 'starter: 「計画」シートに入れる団体名')
    .option('--plan-name <name>', 'starter: 「計画」シートに入れる計画名')
    .option('--period-from <year>', 'starter: 計画開始年度（2025、R7、令和7年度）')
    .option('--period-to <year>', 'starter: 計画終了年度（2029、R11、令和11年度）')
    .action(async (options: ExportOptions) => {
      if (!FORMATS.some((f) => f === options.format)) {
        throw new CliError(
          `--format: 「${options.format}」は使えません。${FORMATS.join(' / ')} のいずれかを指定してください。`,
        );
      }
      if (options.format === 'starter') {
        if (options.encoding !== 'utf8bom')
          throw new CliError('--encoding はCSVの書き出しにだけ指定できます。');
        return exportStarter(options, io);
      }
      for (const key of STARTER_ONLY) {
        if (options[key] !== undefined)
          throw new CliError(`${optionName(key)} は --format starter のときだけ指定できます。`);
      }
      const format = options.format as ExportFormat;
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
    });
};
