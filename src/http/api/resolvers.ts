/**
 * What each /api/v1 route answers, given validated parameters: the route handlers and the /api page's examples
 * both call these, so an example on the page is exactly what the route returns.
 */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { SummaryOutput } from '../../domain/output/summary-output.ts';
import { projectYears } from '../../domain/rollup/goal-rollup.ts';
import type { SiteData } from '../site-data.ts';
import { type GoalOutput, type GoalTreeOutput, goalOutput, goalTreeOutput } from './goal-resources.ts';
import {
  type KpiDetailOutput,
  kpiDetailOutput,
  type MeasureDetailOutput,
  measureDetailOutput,
} from './kpi-resources.ts';
import { notFound } from './params.ts';

/** The summary of a year; a year without 関連事業 figures is a 404 (no data is not 0件, as the CLI says too). */
export function summaryFor(site: SiteData, fiscalYear: number): SummaryOutput {
  const summary = site.summary(fiscalYear);
  if (summary.goals.length > 0) return summary;
  const years = projectYears(site.plan).map((y) => `${y}（${formatFiscalYear(y)}）`);
  throw notFound(
    'query',
    'fy',
    `${formatFiscalYear(fiscalYear)}の関連事業（事業数・決算額）のデータはありません。データのある年度: ${years.join('、') || 'なし'}`,
  );
}

export const goalTreeFor = (site: SiteData): GoalTreeOutput => goalTreeOutput(site.plan, site.years);

export function goalFor(site: SiteData, code: string): GoalOutput {
  const node = site.plan.goals.get(code);
  if (node === undefined) throw notFound('param', 'code', `目標コード「${code}」の目標はありません。`);
  return goalOutput(site.plan, node);
}

export function measureFor(site: SiteData, id: string, fiscalYear: number): MeasureDetailOutput {
  const detail = measureDetailOutput(site, id, fiscalYear);
  if (detail === undefined) throw notFound('param', 'id', `施策ID「${id}」の施策はありません。`);
  return detail;
}

export function kpiFor(site: SiteData, id: string, fiscalYear: number): KpiDetailOutput {
  const detail = kpiDetailOutput(site, id, fiscalYear);
  if (detail === undefined) throw notFound('param', 'id', `KPI「${id}」はありません。`);
  return detail;
}
