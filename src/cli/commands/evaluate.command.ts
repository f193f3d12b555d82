import type { Command } from 'commander';
import { evaluatePlan } from '../../domain/evaluation/plan-evaluation.ts';
import { evaluationOutput } from '../../domain/output/evaluation-output.ts';
import { evaluationCsv } from '../../io/csv/report-csv.ts';
import { type CliIo, toJson } from '../io.ts';
import { resolveCommonOptions } from '../options.ts';
import { evaluationText } from '../render/evaluation-text.ts';
import { withDataOptions } from './common.ts';

/** `shinchoku evaluate`: every measure with its KPIs, computed statuses and rates, and the headline KPIs. */
export const registerEvaluate = (program: Command, io: CliIo): void => {
  withDataOptions(
    program.command('evaluate').description('KPI設定施策とKPIの判定・達成率・進捗率、関連KPIを表示する'),
  ).action(async (raw: unknown) => {
    const { plan, fiscalYear, format } = await resolveCommonOptions(raw);
    const output = evaluationOutput(plan, evaluatePlan(plan, fiscalYear));
    io.out(
      format === 'json' ? toJson(output) : format === 'csv' ? evaluationCsv(output) : evaluationText(output),
    );
  });
};
