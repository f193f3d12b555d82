import type { Command } from 'commander';
import { checkConsistency } from '../../domain/audit/consistency-checks.ts';
import { evaluatePlan } from '../../domain/evaluation/plan-evaluation.ts';
import { findingsOutput } from '../../domain/output/findings-output.ts';
import { findingsCsv } from '../../io/csv/report-csv.ts';
import { EXIT } from '../errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { resolveCommonOptions } from '../options.ts';
import { findingsText } from '../render/findings-text.ts';
import { withDataOptions } from './common.ts';

/** `shinchoku check`: the consistency findings; exit 1 when at least one is an error. */
export const registerCheck = (program: Command, io: CliIo, setExit: (code: number) => void): void => {
  withDataOptions(
    program.command('check').description('公表値とデータの整合性をチェックする（エラーがあれば終了コード1）'),
  ).action(async (raw: unknown) => {
    const { plan, fiscalYear, format } = await resolveCommonOptions(raw);
    const output = findingsOutput(fiscalYear, checkConsistency(plan, evaluatePlan(plan, fiscalYear)));
    io.out(
      format === 'json' ? toJson(output) : format === 'csv' ? findingsCsv(output) : findingsText(output),
    );
    setExit(output.counts.error > 0 ? EXIT.negative : EXIT.ok);
  });
};
