import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import type { MeasureStatus } from '../evaluation/measure-status.ts';
import { goalLabel, type Plan } from '../plan/model.ts';
import {
  type ProjectRollup,
  ROUNDING_NOTE,
  type Rollup,
  roundedPartsAgainstTotal,
} from '../rollup/goal-rollup.ts';
import { ROUNDING_MODE_LABELS, type RoundingMode } from '../values/decimal.ts';
import {
  formatCount,
  formatOkuYen,
  formatSignedCount,
  formatSignedOkuYen,
  formatThousandYen,
} from '../values/money.ts';

export interface FiguresOutput {
  projects: number;
  amountThousandYen: number;
  previous: { fiscalYear: number; projects: number; amountThousandYen: number } | null;
  /** 前年度比 as a difference (this year − previous year). */
  difference: { projects: number; amountThousandYen: number } | null;
  display: {
    projects: string;
    amountThousandYen: string;
    amountOkuYen: string;
    differenceProjects: string | null;
    differenceOkuYen: string | null;
  };
}

/** The `summary` JSON contract (also served by the web API). */
export interface SummaryOutput {
  fiscalYear: number;
  fiscalYearLabel: string;
  plan: { id: string; name: string; basicGoal: string };
  total: FiguresOutput;
  goals: (FiguresOutput & { code: string; title: string; label: string })[];
  measureCounts: Record<MeasureStatus, number>;
  rounding: { okuYenDigits: number; mode: RoundingMode; modeLabel: string; note: string | null };
}

function figures(r: Rollup, digits: number, mode: RoundingMode): FiguresOutput {
  const { current, previous, difference } = r;
  return {
    projects: current.projects,
    amountThousandYen: current.amountThousandYen,
    previous: previous ?? null,
    difference: difference ?? null,
    display: {
      projects: formatCount(current.projects),
      amountThousandYen: formatThousandYen(current.amountThousandYen),
      amountOkuYen: formatOkuYen(current.amountThousandYen, { digits, mode }),
      differenceProjects: difference ? formatSignedCount(difference.projects) : null,
      differenceOkuYen: difference
        ? formatSignedOkuYen(difference.amountThousandYen, { digits, mode })
        : null,
    },
  };
}

/** Builds the `summary` output: totals and per-goal counts, amounts and differences, with display strings. */
export function summaryOutput(
  plan: Plan,
  rollup: ProjectRollup,
  measureCounts: Record<MeasureStatus, number>,
): SummaryOutput {
  const { digits, mode } = plan.document.plan.rules.summary.okuYen;
  const needsNote = !roundedPartsAgainstTotal(rollup, digits, mode).matches;
  return {
    fiscalYear: rollup.fiscalYear,
    fiscalYearLabel: formatFiscalYear(rollup.fiscalYear),
    plan: {
      id: plan.document.plan.id,
      name: plan.document.plan.name,
      basicGoal: plan.document.plan.basicGoal,
    },
    total: figures(rollup.total, digits, mode),
    goals: rollup.goals.map((g) => ({
      code: g.goal.code,
      title: g.goal.title,
      label: goalLabel(g.goal),
      ...figures(g, digits, mode),
    })),
    measureCounts: { ...measureCounts },
    rounding: {
      okuYenDigits: digits,
      mode,
      modeLabel: ROUNDING_MODE_LABELS[mode],
      note: needsNote ? ROUNDING_NOTE : null,
    },
  };
}
