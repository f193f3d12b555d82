import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { evaluatePlan } from '../../domain/evaluation/plan-evaluation.ts';
import { buildReport, type ReportModel } from '../../domain/report/report-model.ts';
import { renderReportPptx } from '../../io/pptx/report-pptx.ts';
import { renderReportHtmlDocument } from '../../io/report-html/index.ts';
import { ChromiumMissingError, renderReportPdf } from '../../io/report-pdf/index.ts';
import { renderReportXlsx } from '../../io/xlsx-report/report-xlsx.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { latestFiscalYear } from '../options.ts';
import { readPlan } from '../plan-source.ts';

export const REPORT_FORMATS = ['html', 'pdf', 'pptx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders the report model to the bytes of one file. */
export type ReportRenderer = (model: ReportModel) => Promise<Buffer>;

/**
 * The renderer of each report format. A format without one answers 「この形式はまだ使えません」.
 */
export const REPORT_RENDERERS: Partial<Record<ReportFormat, ReportRenderer>> = {
  html: async (model) => Buffer.from(renderReportHtmlDocument(model), 'utf8'),
  pdf: (model) => renderReportPdf(renderReportHtmlDocument(model)),
  pptx: renderReportPptx,
  xlsx: renderReportXlsx,
};

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
    .action(async (options: { format: string; out: string; fy?: string; data?: string; plan?: string }) => {
      const format = REPORT_FORMATS.find((f) => f === options.format);
      if (format === undefined) {
        throw new CliError(
          `--format: 「${options.format}」は使えません。${REPORT_FORMATS.join(' / ')} のいずれかを指定してください。`,
        );
      }
      const render = REPORT_RENDERERS[format];
      if (render === undefined) throw new CliError(`--format ${format}: この形式はまだ使えません。`);
      const plan = await readPlan(options);
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
    });
};
