import type { FiscalYear } from '../calendar/fiscal-year.ts';
import type { Department, Goal, Kpi, Measure, PlanDocument } from './schema.ts';

/** A goal with its place in the tree: its ancestors' codes, from the top. */
export interface GoalNode {
  readonly goal: Goal;
  readonly ancestors: readonly Goal[];
  /** Where the goal is in the dataset, e.g. `goals[3].children[1]`. */
  readonly path: string;
}

/** A validated plan with lookup tables; built once by `loadPlan`, read everywhere else. */
export interface Plan {
  readonly document: PlanDocument;
  readonly reportYear: FiscalYear;
  readonly goals: ReadonlyMap<string, GoalNode>;
  readonly departments: ReadonlyMap<string, Department>;
  readonly measures: ReadonlyMap<string, Measure>;
  /** Every KPI by id, wherever it is defined (in a measure or on a headline card). */
  readonly kpis: ReadonlyMap<string, Kpi>;
  /** Where each KPI is shown: the measures listing it (by definition or by reference). */
  readonly kpiMeasures: ReadonlyMap<string, readonly Measure[]>;
}

/** Walks the goal tree depth-first, parents before children. */
export function* walkGoals(
  goals: readonly Goal[],
  ancestors: readonly Goal[] = [],
  parentPath = 'goals',
): Generator<GoalNode> {
  for (const [i, goal] of goals.entries()) {
    const path = `${parentPath}[${i}]`;
    yield { goal, ancestors, path };
    yield* walkGoals(goal.children, [...ancestors, goal], `${path}.children`);
  }
}

/** The KPIs of a measure in table order, references resolved. */
export function kpisOfMeasure(plan: Plan, measure: Measure): Kpi[] {
  return measure.kpis.map((entry) => {
    if ('ref' in entry) {
      const kpi = plan.kpis.get(entry.ref);
      if (kpi === undefined) throw new Error(`invariant: unresolved KPI reference ${entry.ref}`);
      return kpi;
    }
    return entry;
  });
}

/** 担当所属 as printed: 部 + 課. */
export const departmentLabel = (department: Department): string =>
  `${department.bureau} ${department.division}`;

/** The goal title with its marker or label, e.g. 「ハ 庁内の人材育成」 or 「D for Citizen 最適化による県民サービスの向上」. */
export const goalLabel = (goal: Goal): string =>
  [goal.marker ?? goal.label, goal.title].filter((part) => part !== undefined && part !== '').join(' ');
