import { type GoalNode, goalLabel, type Plan } from '../plan/model.ts';
import type { Measure } from '../plan/schema.ts';
import type { FindingLocation } from './finding.ts';

/** 「D for Local › 県産品デジタルマーケティング展開支援事業」: a goal's path of labels. */
export const goalTrail = (node: GoalNode): string =>
  [...node.ancestors.filter((g) => g.kind !== 'foundation'), node.goal].map(goalLabel).join(' › ');

/** The location of a measure (and optionally one of its KPIs) for findings. */
export function measureLocation(plan: Plan, measure: Measure, kpiId?: string): FindingLocation {
  const index = plan.document.measures.indexOf(measure);
  const goal = plan.goals.get(measure.goal);
  const kpiIndex =
    kpiId === undefined ? -1 : measure.kpis.findIndex((k) => ('ref' in k ? k.ref : k.id) === kpiId);
  const path = `measures[${index}]${kpiIndex >= 0 ? `.kpis[${kpiIndex}]` : ''}`;
  const trail = goal === undefined ? measure.name : `${goalTrail(goal)} › ${measure.name}`;
  return {
    path,
    label: trail,
    goal: measure.goal,
    measure: measure.id,
    ...(kpiId === undefined ? {} : { kpi: kpiId }),
  };
}
