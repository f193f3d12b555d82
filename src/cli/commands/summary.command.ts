import type { Command } from 'commander';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { evaluatePlan } from '../../domain/evaluation/plan-evaluation.ts';
import { summaryOutput } from '../../domain/output/summary-output.ts';
import { projectYears, rollUpProjects } from '../../domain/rollup/goal-rollup.ts';
import { summaryCsv } from '../../io/csv/report-csv.ts';
import { CliError } from '../errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { resolveCommonOptions } from '../options.ts';
import { summaryText } from '../render/summary-text.ts';
import { withDataOptions } from './common.ts';

/** `shinchoku summary`: 関連事業 counts and 決算額 per goal and in total, with 前年度比. */
export const registerSummary = (program: Command, io: CliIo): void => {
  withDataOptions(
    program.command('summary').description('関連事業の事業数・決算額（目標別・合計）と前年度比を表示する'),
  ).action(async (raw: unknown) => {
    const { plan, fiscalYear, format } = await resolveCommonOptions(raw);
    const rollup = rollUpProjects(plan, fiscalYear);
    if (rollup.goals.length === 0) {
      const years = projectYears(plan).map((y) => formatFiscalYear(y, 'short'));
      throw new CliError(
        `${formatFiscalYear(fiscalYear)}の関連事業（事業数・決算額）のデータはありません。データのある年度: ${years.join('、') || 'なし'}`,
      );
    }
    const output = summaryOutput(plan, rollup, evaluatePlan(plan, fiscalYear).counts);
    io.out(format === 'json' ? toJson(output) : format === 'csv' ? summaryCsv(output) : summaryText(output));
  });
};
