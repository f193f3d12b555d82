import type { FiscalYear } from '../calendar/fiscal-year.ts';
import { type GoalNode, kpisOfMeasure, type Plan } from '../plan/model.ts';
import type { HeadlineKpi, Kpi } from '../plan/schema.ts';
import { evaluateKpi, type KpiEvaluation } from './kpi-evaluation.ts';
import {
  judgeMeasure,
  MEASURE_STATUSES,
  type MeasureEvaluation,
  type MeasureStatus,
} from './measure-status.ts';

/** A 関連KPI card with the evaluation of the KPI it shows. */
export interface HeadlineEvaluation {
  readonly goal: GoalNode;
  readonly sectionIndex: number;
  readonly cardIndex: number;
  readonly card: HeadlineKpi;
  readonly evaluation: KpiEvaluation;
  /** Whether the card shows a KPI of a measure table (as opposed to one defined on the card). */
  readonly linked: boolean;
}

export interface PlanEvaluation {
  readonly fiscalYear: FiscalYear;
  readonly measures: readonly MeasureEvaluation[];
  readonly headlineKpis: readonly HeadlineEvaluation[];
  readonly counts: Readonly<Record<MeasureStatus, number>>;
}

/** Resolves a card's KPI: a reference to a measure's KPI or a KPI defined on the card. */
export const kpiOfCard = (plan: Plan, card: HeadlineKpi): Kpi => {
  if (typeof card.kpi !== 'string') return card.kpi;
  const kpi = plan.kpis.get(card.kpi);
  if (kpi === undefined) throw new Error(`invariant: unresolved KPI reference ${card.kpi}`);
  return kpi;
};

/** Evaluates every measure and headline KPI of the plan for one fiscal year. */
export function evaluatePlan(plan: Plan, fiscalYear: FiscalYear): PlanEvaluation {
  const rules = plan.document.plan.rules;
  const measures = plan.document.measures.map((measure) =>
    judgeMeasure(
      measure,
      kpisOfMeasure(plan, measure).map((kpi) => evaluateKpi(kpi, fiscalYear, rules)),
    ),
  );
  const headlineKpis: HeadlineEvaluation[] = [];
  for (const goal of plan.goals.values()) {
    for (const [sectionIndex, section] of goal.goal.sections.entries()) {
      for (const [cardIndex, card] of section.headlineKpis.entries()) {
        const evaluation = evaluateKpi(kpiOfCard(plan, card), fiscalYear, rules);
        headlineKpis.push({
          goal,
          sectionIndex,
          cardIndex,
          card,
          evaluation,
          linked: typeof card.kpi === 'string',
        });
      }
    }
  }
  const counts = Object.fromEntries(MEASURE_STATUSES.map((s) => [s, 0])) as Record<MeasureStatus, number>;
  for (const m of measures) counts[m.status] += 1;
  return { fiscalYear, measures, headlineKpis, counts };
}
