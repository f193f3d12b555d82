import type { FiscalYear } from '../calendar/fiscal-year.ts';
import type { Plan } from '../plan/model.ts';
import type { Goal } from '../plan/schema.ts';
import { addDecimal, compareDecimal, type Decimal, decimal, type RoundingMode } from '../values/decimal.ts';
import { toOkuYen } from '../values/money.ts';

/** 端数処理の注記 (docs/domain.md §7), printed where a total is shown beside rounded parts. */
export const ROUNDING_NOTE = '端数処理の関係で合計が一致しない場合があります';

/** 事業数 and 決算額 (integer 千円) of one fiscal year. */
export interface YearFigures {
  readonly fiscalYear: FiscalYear;
  readonly projects: number;
  readonly amountThousandYen: number;
}

/** 前年度比 as a difference (this year − last year), not a ratio. */
export interface Difference {
  readonly projects: number;
  readonly amountThousandYen: number;
}

export interface Rollup {
  readonly current: YearFigures;
  readonly previous: YearFigures | undefined;
  readonly difference: Difference | undefined;
}

export interface GoalRollup extends Rollup {
  readonly goal: Goal;
}

export interface ProjectRollup {
  readonly fiscalYear: FiscalYear;
  readonly total: Rollup;
  readonly goals: readonly GoalRollup[];
  /** False when some goal has no figures for the previous year, so the total's difference is not shown. */
  readonly previousComplete: boolean;
}

const difference = (current: YearFigures, previous: YearFigures | undefined): Difference | undefined =>
  previous === undefined
    ? undefined
    : {
        projects: current.projects - previous.projects,
        amountThousandYen: current.amountThousandYen - previous.amountThousandYen,
      };

const sum = (fiscalYear: FiscalYear, parts: readonly YearFigures[]): YearFigures => ({
  fiscalYear,
  projects: parts.reduce((n, p) => n + p.projects, 0),
  amountThousandYen: parts.reduce((n, p) => n + p.amountThousandYen, 0),
});

/**
 * Rolls up 関連事業 per goal and in total for a fiscal year, with the difference from the previous year.
 * Example (seed): FY2024 total 184件 7,049,270千円, +8件 +817,018千円 against FY2023.
 */
export function rollUpProjects(plan: Plan, fiscalYear: FiscalYear): ProjectRollup {
  const figuresOf = (goal: string, year: FiscalYear): YearFigures | undefined => {
    const entry = plan.document.projects.find((p) => p.goal === goal && p.fiscalYear === year);
    return entry && { fiscalYear: year, projects: entry.count, amountThousandYen: entry.amountThousandYen };
  };
  const goals: GoalRollup[] = [];
  for (const { goal } of plan.goals.values()) {
    const current = figuresOf(goal.code, fiscalYear);
    const previous = figuresOf(goal.code, fiscalYear - 1);
    // A goal without figures for the year is left out rather than counted as 0件 0千円.
    if (current === undefined) continue;
    goals.push({ goal, current, previous, difference: difference(current, previous) });
  }
  // No goal at all means no data, not a previous year of 0件.
  const previousComplete = goals.length > 0 && goals.every((g) => g.previous !== undefined);
  const current = sum(
    fiscalYear,
    goals.map((g) => g.current),
  );
  const previous = previousComplete
    ? sum(
        fiscalYear - 1,
        goals.map((g) => g.previous as YearFigures),
      )
    : undefined;
  return {
    fiscalYear,
    total: { current, previous, difference: difference(current, previous) },
    goals,
    previousComplete,
  };
}

/** Fiscal years that have project figures, ascending. */
export const projectYears = (plan: Plan): FiscalYear[] =>
  [...new Set(plan.document.projects.map((p) => p.fiscalYear))].sort((a, b) => a - b);

/**
 * The goals' amounts rounded to 億円 one by one, summed, against the rounded total: when they differ the
 * report must carry the 端数処理 note (seed: 18.3 + 28.9 + 2.8 + 0.9 + 19.5 = 70.4 against 70.5).
 */
export function roundedPartsAgainstTotal(
  rollup: ProjectRollup,
  digits: number,
  mode: RoundingMode,
): { parts: Decimal; total: Decimal; matches: boolean } {
  const round = (amount: number) => toOkuYen(amount, digits, mode);
  const parts = rollup.goals.reduce(
    (sum, g) => addDecimal(sum, round(g.current.amountThousandYen)),
    decimal(0),
  );
  const total = round(rollup.total.current.amountThousandYen);
  return { parts, total, matches: compareDecimal(parts, total) === 0 };
}
