/**
 * A KPI's values over the years (基準値, 目標値 and 実績値 per 年度) in the contract's Value shape: the `evaluate`
 * output shows only the values used for one year; the API's KPI and measure resources show every stored one.
 */
import {
  actualOutput,
  baselineOutput,
  isProvisional,
  targetOutput,
  type ValueOutput,
} from '../../domain/output/kpi-output.ts';
import type { Plan } from '../../domain/plan/model.ts';
import type { Kpi } from '../../domain/plan/schema.ts';

export interface KpiValuesOutput {
  id: string;
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  cumulative: boolean;
  baseline: ValueOutput | null;
  /** Every 目標値, by fiscal year ascending. */
  targets: ValueOutput[];
  /** Every 実績値, by fiscal year ascending. */
  actuals: ValueOutput[];
}

const byYear = <T extends { fiscalYear: number }>(entries: readonly T[]): T[] =>
  [...entries].sort((a, b) => a.fiscalYear - b.fiscalYear);

/** Every stored value of a KPI, with 見込み marked as the evaluation marks it. */
export function kpiValuesOutput(plan: Plan, kpi: Kpi): KpiValuesOutput {
  const { reportYear } = plan;
  const { actualsProvisional } = plan.document.report;
  const { baseline } = kpi;
  return {
    id: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    direction: kpi.direction,
    cumulative: kpi.cumulative,
    baseline: baseline ? baselineOutput(kpi, baseline) : null,
    targets: byYear(kpi.targets).map((t) => targetOutput(kpi, t)),
    actuals: byYear(kpi.actuals).map((a) =>
      actualOutput(kpi, a, isProvisional(a, reportYear, actualsProvisional)),
    ),
  };
}
