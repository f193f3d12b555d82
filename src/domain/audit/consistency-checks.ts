import type { PlanEvaluation } from '../evaluation/plan-evaluation.ts';
import type { Plan } from '../plan/model.ts';
import type { Finding } from './finding.ts';
import { checkHeadlines } from './headline-checks.ts';
import { checkKpis } from './kpi-checks.ts';
import { checkMeasures } from './measure-checks.ts';
import { checkPublishedSummaries } from './summary-checks.ts';

/** Runs every consistency check (整合性チェック) for the evaluated fiscal year, in report order. */
export function checkConsistency(plan: Plan, evaluation: PlanEvaluation): Finding[] {
  return [
    ...checkPublishedSummaries(plan, evaluation.fiscalYear),
    // Cards and what they printed belong to the report year's pages.
    ...(evaluation.fiscalYear === plan.reportYear ? checkHeadlines(plan, evaluation) : []),
    ...checkMeasures(plan, evaluation),
    ...checkKpis(plan, evaluation),
  ];
}
