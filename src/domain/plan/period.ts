import { type FiscalYear, formatFiscalYear, formatFiscalYearBoth } from '../calendar/fiscal-year.ts';
import type { PlanIssue } from './issues.ts';
import type { PlanOutline } from './outline.ts';

/** 計画期間: the plan's first and last fiscal year. */
export interface PlanPeriod {
  readonly from: FiscalYear;
  readonly to: FiscalYear;
}

/**
 * What a year in the plan's data stands for; each role has its own range around the plan's period (decided once
 * here, documented in docs/data-format.md, "Years belong to the plan"):
 * - `report`: 報告年度, the year of a published summary page, a collection cycle — inside the period only.
 * - `record`: a yearly figure (目標値, 実績値, 要因分析 and its published labels, 関連事業, a card's target, the year an
 *   answer form or the write API edits) — the period, and the year before its first year: the 前年度 that the first
 *   report year is compared with (前年度比 of 関連事業, 前年度越え targets). The seed's R5 figures in the FY2024 report
 *   fall inside its R3–R6 period anyway.
 * - `as-of`: 基準値の時点 and the time points a headline card printed — baselines are measured before a plan starts
 *   (the seed has R元年度 and R2.12 for an R3–R6 plan), so up to BASELINE_LOOKBACK_YEARS before the first year, and no
 *   later than the last year.
 * - `event`: 主要取組の日付 — the year before the period to the year after it (an action announced for the next
 *   spring, 「R7.4月運用開始」, in the last report).
 * No separate history range is declared by the plan: values older than the year before the period are baselines.
 */
export type YearRole = 'report' | 'record' | 'as-of' | 'event';

/**
 * How far before the first plan year a baseline may be measured: two five-yearly census rounds (国勢調査). An older
 * time point is almost always a typo of the era (H2 written for R2).
 */
export const BASELINE_LOOKBACK_YEARS = 10;

/** The fiscal years a role allows, e.g. period R3–R6 (2021–2024): record 2020–2024, as-of 2011–2024. */
export function allowedYears(period: PlanPeriod, role: YearRole): PlanPeriod {
  switch (role) {
    case 'report':
      return period;
    case 'record':
      return { from: period.from - 1, to: period.to };
    case 'as-of':
      return { from: period.from - BASELINE_LOOKBACK_YEARS, to: period.to };
    case 'event':
      return { from: period.from - 1, to: period.to + 1 };
  }
}

const ROLE_LABELS: Readonly<Record<YearRole, string>> = {
  report: '報告年度',
  record: '年度ごとの値（目標・実績・要因分析・関連事業）の年度',
  'as-of': '基準値や掲載値の時点',
  event: '主要取組の日付',
};

/**
 * Why a year is not allowed for its role, in Japanese, or undefined when it is, e.g. 2117 as a record of an R3–R6
 * plan → 「令和99年度（2117年度）は計画期間（令和3年度〜令和6年度）の外です。…」.
 */
export function yearOutsidePlan(period: PlanPeriod, role: YearRole, year: FiscalYear): string | undefined {
  const allowed = allowedYears(period, role);
  if (year >= allowed.from && year <= allowed.to) return undefined;
  const range = (p: PlanPeriod) => `${formatFiscalYear(p.from)}〜${formatFiscalYear(p.to)}`;
  return `${formatFiscalYearBoth(year)}は計画期間（${range(period)}）の外です。${ROLE_LABELS[role]}は${range(allowed)}で入力してください`;
}

/** Every year of the dataset outside what its role allows, at its path; a reversed period is one problem. */
export function yearIssues(outline: PlanOutline): PlanIssue[] {
  const { period } = outline;
  if (period === undefined) return [];
  if (period.from > period.to)
    return [{ path: 'plan.period', message: '計画期間の開始年度が終了年度より後になっています' }];
  return outline.years.flatMap(({ path, year, role }) => {
    const message = yearOutsidePlan(period, role, year);
    return message === undefined ? [] : [{ path, message }];
  });
}
