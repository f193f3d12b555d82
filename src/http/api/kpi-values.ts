/**
 * A KPI's values over the years (基準値, 目標値 and 実績値 per 年度) in the contract's Value shape: the `evaluate`
 * output shows only the values used for one year; the API's KPI and measure resources show every stored one.
 */
import { formatTimePoint } from '../../domain/calendar/time-point.ts';
import { isProvisional, type ValueOutput } from '../../domain/output/kpi-output.ts';
import type { Plan } from '../../domain/plan/model.ts';
import type { Kpi } from '../../domain/plan/schema.ts';
import { decimalToNumber } from '../../domain/values/decimal.ts';
import { formatDecimal } from '../../domain/values/format-ja.ts';
import { formatQuantity, type Quantity } from '../../domain/values/quantity.ts';

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

// The same fields as kpiOutput's values (src/domain/output/kpi-output.ts), so that both resources read alike.
const quantityFields = (q: Quantity) =>
  q.kind === 'value'
    ? {
        value: decimalToNumber(q.value),
        exact: formatDecimal(q.value, { grouping: false, minus: 'ascii' }),
        text: formatQuantity(q),
        missing: null,
        approximate: q.approximate,
      }
    : { value: null, exact: null, text: formatQuantity(q), missing: q.reason, approximate: false };

const plain = { fiscalYear: null, asOf: null, provisional: false, relative: null } as const;

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
    baseline: baseline
      ? {
          ...quantityFields(baseline.value),
          ...plain,
          unit: baseline.unit ?? kpi.unit,
          asOf: baseline.asOf ? formatTimePoint(baseline.asOf) : null,
          note: baseline.note ?? null,
        }
      : null,
    targets: byYear(kpi.targets).map((t) =>
      'relative' in t
        ? {
            ...plain,
            value: null,
            exact: null,
            text: '前年度越え',
            missing: null,
            approximate: false,
            unit: kpi.unit,
            fiscalYear: t.fiscalYear,
            relative: t.relative,
            note: t.note ?? null,
          }
        : {
            ...quantityFields(t.value),
            ...plain,
            unit: t.unit ?? kpi.unit,
            fiscalYear: t.fiscalYear,
            note: t.note ?? null,
          },
    ),
    actuals: byYear(kpi.actuals).map((a) => ({
      ...quantityFields(a.value),
      ...plain,
      unit: a.unit ?? kpi.unit,
      fiscalYear: a.fiscalYear,
      provisional: isProvisional(a, reportYear, actualsProvisional),
      note: a.note ?? null,
    })),
  };
}
