import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import { formatTimePoint } from '../calendar/time-point.ts';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from '../evaluation/measure-status.ts';
import type { PlanEvaluation } from '../evaluation/plan-evaluation.ts';
import { departmentLabel, goalLabel, type Plan } from '../plan/model.ts';
import { decimalToNumber } from '../values/decimal.ts';
import { type KpiOutput, kpiOutput } from './kpi-output.ts';

export interface MeasureOutput {
  id: string;
  name: string;
  jointMeasures: { name: string; department: string }[];
  department: string;
  departmentCode: string;
  /** The primary goal: the one the measure is grouped under. */
  goal: string;
  goalTitle: string;
  /** Further goals the measure is also shown under (codes, in the dataset's order). */
  alsoUnder: string[];
  status: MeasureStatus;
  statusLabel: string;
  publishedLabels: string[];
  analysis: string | null;
  /** KPIs left out of the judgement (no value), by id. */
  excludedKpis: string[];
  kpis: KpiOutput[];
}

export interface HeadlineKpiOutput {
  goal: string;
  goalTitle: string;
  guidelines: string[];
  /** True when the card shows a KPI of a measure table; false when the KPI exists only on the card. */
  linked: boolean;
  display: { unit: string; divisor: number; digits: number } | null;
  published: {
    values: { at: string; value: number | null }[];
    target: { at: string; value: number | null } | null;
    achievementRate: number | null;
  } | null;
  kpi: KpiOutput;
}

/** The `evaluate` JSON contract (also served by the web API). */
export interface EvaluationOutput {
  fiscalYear: number;
  fiscalYearLabel: string;
  counts: Record<MeasureStatus, number>;
  measures: MeasureOutput[];
  headlineKpis: HeadlineKpiOutput[];
}

const numberOf = (
  q: { kind: 'value'; value: Parameters<typeof decimalToNumber>[0] } | { kind: 'missing' },
) => (q.kind === 'value' ? decimalToNumber(q.value) : null);

/** Builds the `evaluate` output: every measure with its KPIs, computed statuses and rates, and the headline KPIs. */
export function evaluationOutput(plan: Plan, evaluation: PlanEvaluation): EvaluationOutput {
  const { rules } = plan.document.plan;
  const provisional = plan.document.report.actualsProvisional;
  const department = (code: string) => {
    const d = plan.departments.get(code);
    return d ? departmentLabel(d) : code;
  };
  return {
    fiscalYear: evaluation.fiscalYear,
    fiscalYearLabel: formatFiscalYear(evaluation.fiscalYear),
    counts: { ...evaluation.counts },
    measures: evaluation.measures.map(({ measure, status, kpis, excluded }) => {
      const analysis = measure.analyses.find((a) => a.fiscalYear === evaluation.fiscalYear);
      const goal = plan.goals.get(measure.goal)?.goal;
      return {
        id: measure.id,
        name: measure.name,
        jointMeasures: measure.jointMeasures.map((j) => ({
          name: j.name,
          department: department(j.department),
        })),
        department: department(measure.department),
        departmentCode: measure.department,
        goal: measure.goal,
        goalTitle: goal ? goalLabel(goal) : measure.goal,
        alsoUnder: [...measure.alsoUnder],
        status,
        statusLabel: MEASURE_STATUS_LABELS[status],
        publishedLabels: [...(analysis?.publishedLabels ?? [])],
        analysis: analysis?.text || null,
        excludedKpis: excluded.map((k) => k.kpi.id),
        kpis: kpis.map((k) => kpiOutput(k, rules, provisional, plan.reportYear)),
      };
    }),
    headlineKpis: evaluation.headlineKpis.map((h) => {
      const section = h.goal.goal.sections[h.sectionIndex];
      const published = h.card.published;
      return {
        goal: h.goal.goal.code,
        goalTitle: goalLabel(h.goal.goal),
        guidelines: [...(section?.guidelines ?? [])],
        linked: h.linked,
        display: h.card.display ?? null,
        published: published
          ? {
              values: published.values.map((v) => ({ at: formatTimePoint(v.at), value: numberOf(v.value) })),
              target: published.target
                ? { at: formatTimePoint(published.target.at), value: numberOf(published.target.value) }
                : null,
              achievementRate: published.achievementRate ? numberOf(published.achievementRate) : null,
            }
          : null,
        kpi: kpiOutput(h.evaluation, rules, provisional, plan.reportYear),
      };
    }),
  };
}
