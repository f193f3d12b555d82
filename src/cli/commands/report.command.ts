import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { evaluatePlan } from '../../domain/evaluation/plan-evaluation.ts';
import { buildReport } from '../../domain/report/report-model.ts';
import { REPORT_FORMATS, REPORT_RENDERERS } from '../../io/report/report-renderers.ts';
import { ChromiumMissingError } from '../../io/report-pdf/index.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { latestFiscalYear } from '../options.ts';
import { readPlan } from '../plan-source.ts';

/** `shinchoku report`: the annual progress report in the seed's layout as HTML, PDF, PowerPoint or Excel. */
export const registerReport = (program: Command, io: CliIo): void => {
  program
    .command('report')
    .description('年度の進捗報告資料を作成する（HTML・PDF・PowerPoint・Excel）')
    .requiredOption('--format <format>', `形式: ${REPORT_FORMATS.join(' | ')}`)
    .requiredOption('--out <path>', '書き出し先のファイル')
    .option('--fy <year>', '対象年度（R6、2024、令和6年度など）。省略時は計画の報告年度')
    .option('--data <path>', 'データファイル（YAML/JSON）を直接読む。省略時はデータベース')
    .option('--plan <id>', 'データベースの計画ID。省略時は最後に更新された計画')
    .option(
      '--unpublished',
      '公表前の入力中のデータで作る（省略時は公表済みの版。照会を使っていない計画は保存されたデータ）',
      false,
    )
    .action(
      async (options: {
        format: string;
        out: string;
        fy?: string;
        data?: string;
        plan?: string;
        unpublished: boolean;
      }) => {
        const format = REPORT_FORMATS.find((f) => f === options.format);
        if (format === undefined) {
          throw new CliError(
            `--format: 「${options.format}」は使えません。${REPORT_FORMATS.join(' / ')} のいずれかを指定してください。`,
          );
        }
        const { render } = REPORT_RENDERERS[format];
        const plan = await readPlan(options, options.unpublished ? 'stored' : 'published');
        let fiscalYear = plan.reportYear;
        if (options.fy !== undefined) {
          const parsed = parseFiscalYear(options.fy);
          if (!parsed.ok) throw new CliError(`--fy: ${parsed.error.message}`);
          fiscalYear = parsed.value;
        }
        const first = plan.document.plan.period.from;
        const latest = latestFiscalYear(plan);
        if (fiscalYear < first || fiscalYear > latest) {
          throw new CliError(
            `--fy: ${formatFiscalYear(fiscalYear)}のデータはありません。${formatFiscalYear(first)}から${formatFiscalYear(latest)}までを指定してください。`,
          );
        }
        const model = buildReport(plan, evaluatePlan(plan, fiscalYear));
        let bytes: Buffer;
        try {
          bytes = await render(model);
        } catch (e) {
          if (e instanceof ChromiumMissingError) throw new CliError(e.message);
          throw e;
        }
        await mkdir(dirname(options.out), { recursive: true });
        await writeFile(options.out, bytes);
        io.out(
          `${options.out} に${formatFiscalYear(fiscalYear)}の進捗報告資料（${format}、${bytes.length.toLocaleString('ja-JP')} バイト）を書き出しました。`,
        );
      },
    );
};
