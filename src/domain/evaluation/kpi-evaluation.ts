import type { FiscalYear } from '../calendar/fiscal-year.ts';
import type { RuleSet } from '../plan/rules.ts';
import type { Kpi, KpiActual, KpiBaseline, KpiTarget } from '../plan/schema.ts';
import {
  compareDecimal,
  type Decimal,
  divideDecimal,
  isZero,
  multiplyRatio,
  type Ratio,
  sign,
  subtractDecimal,
} from '../values/decimal.ts';
import type { MissingReason } from '../values/quantity.ts';

/** 判定 of one KPI (a measure's judgement adds 一部達成: measure-status.ts). */
export const KPI_STATUSES = ['achieved', 'not_achieved', 'not_evaluable'] as const;

export type KpiStatus = (typeof KPI_STATUSES)[number];

/** Why a KPI cannot be judged (判定不能). */
export type NotEvaluableReason =
  | { kind: 'no-actual' }
  | { kind: 'actual-missing'; reason: MissingReason }
  | { kind: 'no-target' }
  | { kind: 'target-missing'; reason: MissingReason }
  | { kind: 'no-previous-actual'; previousYear: FiscalYear }
  | { kind: 'unit-mismatch'; targetUnit: string; actualUnit: string };

/** The target a KPI is judged against: a number, or 前年度越え resolved to last year's actual. */
export type EffectiveTarget =
  | { kind: 'value'; entry: KpiTarget; value: Decimal; unit: string }
  | { kind: 'exceed-previous-year'; entry: KpiTarget; previous: Decimal; unit: string };

/** The evaluation of one KPI for one report year; rates are exact ratios (×100 gives percent). */
export interface KpiEvaluation {
  readonly kpi: Kpi;
  readonly reportYear: FiscalYear;
  readonly baseline: KpiBaseline | undefined;
  readonly target: KpiTarget | undefined;
  readonly actual: KpiActual | undefined;
  readonly status: KpiStatus;
  readonly notEvaluable?: NotEvaluableReason;
  /** 達成率 as actual ÷ target (increase) or target ÷ actual (decrease); undefined when not defined. */
  readonly achievementRate: Ratio | undefined;
  /** 進捗率 as (actual − baseline) ÷ (target − baseline); undefined when the target is not an improvement on the baseline. */
  readonly progressRate: Ratio | undefined;
  /** Whether the shown actual / target belong to an earlier fiscal year than the report's. */
  readonly actualFromOtherYear: boolean;
  readonly targetFromOtherYear: boolean;
  /**
   * The target the actual is (or, once there is an actual, would be) compared with: its entry says which year's target
   * it is, and for 前年度越え which year's actual it resolved to. Undefined when there is no usable target.
   */
  readonly effectiveTarget: EffectiveTarget | undefined;
}

/** The entry for the report year, or else the latest earlier one (a measure that ended keeps its last figures). */
export function entryForYear<T extends { fiscalYear: FiscalYear }>(
  entries: readonly T[],
  year: FiscalYear,
): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (entry.fiscalYear <= year && (best === undefined || entry.fiscalYear > best.fiscalYear)) best = entry;
  }
  return best;
}

const unitOf = (kpi: Kpi, entry: { unit?: string | undefined } | undefined): string =>
  entry?.unit ?? kpi.unit;

/** Evaluates a KPI for the report year under the plan's rules (docs/domain.md §6); never decides on a rounded value. */
export function evaluateKpi(kpi: Kpi, reportYear: FiscalYear, rules: RuleSet): KpiEvaluation {
  const target = entryForYear(kpi.targets, reportYear);
  const actual = entryForYear(kpi.actuals, reportYear);
  const effective = resolveTarget(kpi, target);
  const base = {
    kpi,
    reportYear,
    baseline: kpi.baseline,
    target,
    actual,
    actualFromOtherYear: actual !== undefined && actual.fiscalYear !== reportYear,
    targetFromOtherYear: target !== undefined && target.fiscalYear !== reportYear,
    effectiveTarget: effective.kind === 'ok' ? effective.target : undefined,
  };
  const notEvaluable = (reason: NotEvaluableReason): KpiEvaluation => ({
    ...base,
    status: 'not_evaluable',
    notEvaluable: reason,
    achievementRate: undefined,
    progressRate: undefined,
  });

  if (actual === undefined) return notEvaluable({ kind: 'no-actual' });
  if (actual.value.kind === 'missing')
    return notEvaluable({ kind: 'actual-missing', reason: actual.value.reason });
  if (effective.kind === 'unavailable') return notEvaluable(effective.reason);
  const actualUnit = unitOf(kpi, actual);
  if (effective.target.unit !== actualUnit) {
    return notEvaluable({ kind: 'unit-mismatch', targetUnit: effective.target.unit, actualUnit });
  }
  const actualValue = actual.value.value;
  const status = judge(kpi, actualValue, effective.target) ? 'achieved' : 'not_achieved';
  if (effective.target.kind === 'exceed-previous-year') {
    // A relative target has no fixed value: neither rate is defined.
    return { ...base, status, achievementRate: undefined, progressRate: undefined };
  }
  return {
    ...base,
    status,
    achievementRate: achievementRate(kpi, actualValue, effective.target.value, rules),
    progressRate: progressRate(kpi, actualValue, effective.target),
  };

  function resolveTarget(
    k: Kpi,
    entry: KpiTarget | undefined,
  ): { kind: 'ok'; target: EffectiveTarget } | { kind: 'unavailable'; reason: NotEvaluableReason } {
    if (entry === undefined) return { kind: 'unavailable', reason: { kind: 'no-target' } };
    if ('relative' in entry) {
      const previousYear = entry.fiscalYear - 1;
      const previous = k.actuals.find((a) => a.fiscalYear === previousYear);
      if (previous === undefined || previous.value.kind === 'missing') {
        return { kind: 'unavailable', reason: { kind: 'no-previous-actual', previousYear } };
      }
      return {
        kind: 'ok',
        target: {
          kind: 'exceed-previous-year',
          entry,
          previous: previous.value.value,
          unit: unitOf(k, previous),
        },
      };
    }
    if (entry.value.kind === 'missing') {
      return { kind: 'unavailable', reason: { kind: 'target-missing', reason: entry.value.reason } };
    }
    return { kind: 'ok', target: { kind: 'value', entry, value: entry.value.value, unit: unitOf(k, entry) } };
  }
}

/** Achieved when actual ≥ target (increase) or actual ≤ target (decrease); 前年度越え needs strictly more (or less). */
function judge(kpi: Kpi, actual: Decimal, target: EffectiveTarget): boolean {
  const reference = target.kind === 'value' ? target.value : target.previous;
  const order = compareDecimal(actual, reference);
  if (target.kind === 'exceed-previous-year') return kpi.direction === 'increase' ? order > 0 : order < 0;
  return kpi.direction === 'increase' ? order >= 0 : order <= 0;
}

function achievementRate(kpi: Kpi, actual: Decimal, target: Decimal, rules: RuleSet): Ratio | undefined {
  if (kpi.direction === 'increase') return divideDecimal(actual, target);
  // Decrease KPIs: target ÷ actual when both are non-zero (0 incidents against a target of 0 has no rate).
  if (rules.achievementRate.decreaseFormula === 'none' || isZero(target) || isZero(actual)) return undefined;
  return divideDecimal(target, actual);
}

function progressRate(
  kpi: Kpi,
  actual: Decimal,
  target: EffectiveTarget & { kind: 'value' },
): Ratio | undefined {
  const baseline = kpi.baseline;
  if (baseline === undefined || baseline.value.kind === 'missing') return undefined;
  // A baseline in another unit (seed: 回/年 against 人/年) cannot measure progress.
  if (unitOf(kpi, baseline) !== target.unit) return undefined;
  const span = subtractDecimal(target.value, baseline.value.value);
  // A target on the far side of the baseline is a floor to keep, not a distance to cover (seed: 研修受講者数
  // baseline 42, target 40; セルフチェック実施率 96.97 → 95): progress towards it has no meaning.
  const improving = kpi.direction === 'increase' ? sign(span) > 0 : sign(span) < 0;
  if (!improving) return undefined;
  return divideDecimal(subtractDecimal(actual, baseline.value.value), span);
}

/** A ratio as a percentage ratio (×100), for display and JSON. */
export const toPercent = (r: Ratio): Ratio => multiplyRatio(r, 100n);
