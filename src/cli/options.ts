import { z } from 'zod';
import { formatFiscalYear, parseFiscalYear } from '../domain/calendar/fiscal-year.ts';
import type { Plan } from '../domain/plan/model.ts';
import { CliError } from './errors.ts';
import { readPlan } from './plan-source.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Options every data command takes, as commander hands them over (unvalidated strings). */
export const commonOptionsSchema = z.object({
  data: z.string().min(1).optional(),
  plan: z.string().min(1).optional(),
  fy: z.string().optional(),
  format: z.string().default('table'),
});

export interface CommonOptions {
  readonly plan: Plan;
  readonly fiscalYear: number;
  readonly format: OutputFormat;
}

/** The latest fiscal year with data: the report year, or a later year with actuals or project figures. */
export function latestFiscalYear(plan: Plan): number {
  const years = [
    plan.reportYear,
    ...plan.document.projects.map((p) => p.fiscalYear),
    ...[...plan.kpis.values()].flatMap((k) => k.actuals.map((a) => a.fiscalYear)),
  ];
  return Math.max(...years);
}

/** Validates --format, loads the plan (--data file, or the database) and resolves --fy against it. */
export async function resolveCommonOptions(raw: unknown): Promise<CommonOptions> {
  const options = commonOptionsSchema.parse(raw);
  const format = parseFormat(options.format);
  const plan = await readPlan(options);
  const latest = latestFiscalYear(plan);
  let fiscalYear = latest;
  if (options.fy !== undefined) {
    const parsed = parseFiscalYear(options.fy);
    if (!parsed.ok) throw new CliError(`--fy: ${parsed.error.message}`);
    fiscalYear = parsed.value;
  }
  const first = plan.document.plan.period.from;
  if (fiscalYear < first || fiscalYear > latest) {
    throw new CliError(
      `--fy: ${formatFiscalYear(fiscalYear)}のデータはありません。${formatFiscalYear(first)}から${formatFiscalYear(latest)}までを指定してください。`,
    );
  }
  return { plan, fiscalYear, format };
}

/** Validates --format against the formats a command offers. */
export function parseFormat(value: string, allowed: readonly OutputFormat[] = OUTPUT_FORMATS): OutputFormat {
  const format = allowed.find((f) => f === value);
  if (format === undefined) {
    throw new CliError(
      `--format: 「${value}」は使えません。${allowed.join(' / ')} のいずれかを指定してください。`,
    );
  }
  return format;
}
