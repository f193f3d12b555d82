import { formatTimePoint } from '../calendar/time-point.ts';
import { type KpiEvaluation, type KpiStatus, toPercent } from '../evaluation/kpi-evaluation.ts';
import type { RuleSet } from '../plan/rules.ts';
import type { Kpi, KpiActual, KpiBaseline, KpiTarget } from '../plan/schema.ts';
import { decimalToNumber, ratioToNumber, roundRatio } from '../values/decimal.ts';
import { formatDecimal } from '../values/format-ja.ts';
import { formatQuantity, type Quantity } from '../values/quantity.ts';
import { KPI_STATUS_LABELS, notEvaluableText } from './labels.ts';

/** One value of a KPI in the JSON contract: raw number, printed text, and when it belongs. */
export interface ValueOutput {
  value: number | null;
  /** Exact decimal as written, e.g. "87.59" (null when missing). */
  exact: string | null;
  text: string;
  missing: 'no-value' | 'not-measured' | 'not-yet-known' | null;
  approximate: boolean;
  unit: string;
  fiscalYear: number | null;
  asOf: string | null;
  provisional: boolean;
  relative: 'exceed-previous-year' | null;
  note: string | null;
}

export interface KpiOutput {
  id: string;
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  cumulative: boolean;
  baseline: ValueOutput | null;
  target: ValueOutput | null;
  actual: ValueOutput | null;
  status: KpiStatus;
  statusLabel: string;
  notEvaluableReason: string | null;
  /** 達成率 in percent, unrounded (502.91… for 658,815 ÷ 131,000); null when undefined. */
  achievementRate: number | null;
  /** 進捗率 in percent, unrounded; null when undefined. */
  progressRate: number | null;
  display: { achievementRate: string | null; progressRate: string | null };
}

const quantityFields = (q: Quantity) =>
  q.kind === 'value'
    ? {
        value: decimalToNumber(q.value),
        exact: formatDecimal(q.value, { grouping: false, minus: 'ascii' }),
        missing: null,
        approximate: q.approximate,
      }
    : { value: null, exact: null, missing: q.reason, approximate: false };

/** 基準値 in the contract's value shape. */
export const baselineOutput = (kpi: Kpi, b: KpiBaseline): ValueOutput => ({
  ...quantityFields(b.value),
  text: formatQuantity(b.value),
  unit: b.unit ?? kpi.unit,
  fiscalYear: null,
  asOf: b.asOf ? formatTimePoint(b.asOf) : null,
  provisional: false,
  relative: null,
  note: b.note ?? null,
});

/** 目標値 (or 前年度越え) in the contract's value shape. */
export const targetOutput = (kpi: Kpi, t: KpiTarget): ValueOutput =>
  'relative' in t
    ? {
        value: null,
        exact: null,
        text: '前年度越え',
        missing: null,
        approximate: false,
        unit: kpi.unit,
        fiscalYear: t.fiscalYear,
        asOf: null,
        provisional: false,
        relative: t.relative,
        note: t.note ?? null,
      }
    : {
        ...quantityFields(t.value),
        text: formatQuantity(t.value),
        unit: t.unit ?? kpi.unit,
        fiscalYear: t.fiscalYear,
        asOf: null,
        provisional: false,
        relative: null,
        note: t.note ?? null,
      };

/** 実績値 in the contract's value shape, with its 見込み flag decided by the caller. */
export const actualOutput = (kpi: Kpi, a: KpiActual, provisional: boolean): ValueOutput => ({
  ...quantityFields(a.value),
  text: formatQuantity(a.value),
  unit: a.unit ?? kpi.unit,
  fiscalYear: a.fiscalYear,
  asOf: null,
  provisional,
  relative: null,
  note: a.note ?? null,
});

/** Whether an actual is 見込み: its own flag, else the report's declaration for the report year. */
export const isProvisional = (actual: KpiActual, reportYear: number, actualsProvisional: boolean): boolean =>
  actual.value.kind === 'value' &&
  (actual.provisional ?? (actualsProvisional && actual.fiscalYear === reportYear));

/**
 * Builds the JSON contract of one KPI evaluation. `reportYear` is the plan's report year: report.actualsProvisional
 * marks that year's actuals as 見込み, whichever year is being evaluated.
 */
export function kpiOutput(
  e: KpiEvaluation,
  rules: RuleSet,
  actualsProvisional: boolean,
  reportYear: number,
): KpiOutput {
  const { kpi } = e;
  const percent = (r: KpiEvaluation['achievementRate'], display: RuleSet['progressRate']['display']) =>
    r === undefined ? null : `${formatDecimal(roundRatio(toPercent(r), display.digits, display.mode))}%`;
  return {
    id: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    direction: kpi.direction,
    cumulative: kpi.cumulative,
    baseline: e.baseline ? baselineOutput(kpi, e.baseline) : null,
    target: e.target ? targetOutput(kpi, e.target) : null,
    actual: e.actual
      ? actualOutput(kpi, e.actual, isProvisional(e.actual, reportYear, actualsProvisional))
      : null,
    status: e.status,
    statusLabel: KPI_STATUS_LABELS[e.status],
    notEvaluableReason: e.notEvaluable ? notEvaluableText(e.notEvaluable) : null,
    achievementRate: e.achievementRate ? ratioToNumber(toPercent(e.achievementRate)) : null,
    progressRate: e.progressRate ? ratioToNumber(toPercent(e.progressRate)) : null,
    display: {
      achievementRate: percent(e.achievementRate, rules.achievementRate.display),
      progressRate: percent(e.progressRate, rules.progressRate.display),
    },
  };
}
