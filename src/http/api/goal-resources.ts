/**
 * The goal tree as the API shows it: each 重点目標 / 基盤取組 / 分野 with its 行動指針, 関連KPI cards, 主要取組, the
 * measures shown under it, and its 関連事業 figures per fiscal year as stored (never summed or filled with 0).
 */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { formatTimePoint } from '../../domain/calendar/time-point.ts';
import { kpiOfCard } from '../../domain/evaluation/plan-evaluation.ts';
import { type GoalNode, goalLabel, type Plan } from '../../domain/plan/model.ts';
import type { Goal, Initiative, Section } from '../../domain/plan/schema.ts';
import { decimalToNumber } from '../../domain/values/decimal.ts';
import { formatQuantity } from '../../domain/values/quantity.ts';

export const GOAL_KIND_LABELS = { priority: '重点目標', foundation: '基盤取組', area: '分野' } as const;

export interface InitiativeOutput {
  text: string;
  emphasis: string | null;
  date: string | null;
  until: string | null;
  isNew: boolean;
  details: string[];
  figures: { label: string; value: number | null; text: string; unit: string }[];
}

export interface SectionOutput {
  guidelines: string[];
  headlineKpis: {
    kpi: string;
    name: string;
    linked: boolean;
    display: { unit: string; divisor: number; digits: number } | null;
  }[];
  initiatives: InitiativeOutput[];
}

export interface GoalOutput {
  code: string;
  kind: Goal['kind'];
  kindLabel: string;
  number: number | null;
  marker: string | null;
  label: string | null;
  title: string;
  displayTitle: string;
  parent: string | null;
  path: string;
  sections: SectionOutput[];
  measures: { id: string; name: string; primary: boolean }[];
  projectFigures: {
    fiscalYear: number;
    fiscalYearLabel: string;
    projects: number;
    amountThousandYen: number;
  }[];
  children: GoalOutput[];
}

const initiativeOutput = (i: Initiative): InitiativeOutput => ({
  text: i.text,
  emphasis: i.emphasis ?? null,
  date: i.date ? formatTimePoint(i.date) : null,
  until: i.until ? formatTimePoint(i.until) : null,
  isNew: i.isNew,
  details: [...i.details],
  figures: i.figures.map((f) => ({
    label: f.label,
    value: f.value.kind === 'value' ? decimalToNumber(f.value.value) : null,
    text: formatQuantity(f.value),
    unit: f.unit,
  })),
});

const sectionOutput = (plan: Plan, s: Section): SectionOutput => ({
  guidelines: [...s.guidelines],
  headlineKpis: s.headlineKpis.map((card) => {
    const kpi = kpiOfCard(plan, card);
    return {
      kpi: kpi.id,
      name: kpi.name,
      linked: typeof card.kpi === 'string',
      display: card.display ?? null,
    };
  }),
  initiatives: s.initiatives.map(initiativeOutput),
});

/** One goal with its subtree. */
export function goalOutput(plan: Plan, node: GoalNode): GoalOutput {
  const { goal } = node;
  const children = [...plan.goals.values()].filter((n) => n.ancestors.at(-1)?.code === goal.code);
  return {
    code: goal.code,
    kind: goal.kind,
    kindLabel: GOAL_KIND_LABELS[goal.kind],
    number: goal.number ?? null,
    marker: goal.marker ?? null,
    label: goal.label ?? null,
    title: goal.title,
    displayTitle: goalLabel(goal),
    parent: node.ancestors.at(-1)?.code ?? null,
    path: node.path,
    sections: goal.sections.map((s) => sectionOutput(plan, s)),
    measures: plan.document.measures
      .filter((m) => m.goal === goal.code || m.alsoUnder.includes(goal.code))
      .map((m) => ({ id: m.id, name: m.name, primary: m.goal === goal.code })),
    projectFigures: plan.document.projects
      .filter((p) => p.goal === goal.code)
      .sort((a, b) => a.fiscalYear - b.fiscalYear)
      .map((p) => ({
        fiscalYear: p.fiscalYear,
        fiscalYearLabel: formatFiscalYear(p.fiscalYear),
        projects: p.count,
        amountThousandYen: p.amountThousandYen,
      })),
    children: children.map((child) => goalOutput(plan, child)),
  };
}

export interface GoalTreeOutput {
  plan: { id: string; name: string; basicGoal: string };
  years: number[];
  goals: GoalOutput[];
}

/** The whole tree from the top-level goals down. */
export const goalTreeOutput = (plan: Plan, years: number[]): GoalTreeOutput => ({
  plan: {
    id: plan.document.plan.id,
    name: plan.document.plan.name,
    basicGoal: plan.document.plan.basicGoal,
  },
  years,
  goals: [...plan.goals.values()].filter((n) => n.ancestors.length === 0).map((n) => goalOutput(plan, n)),
});
