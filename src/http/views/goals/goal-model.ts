import type { MeasureOutput } from '../../../domain/output/evaluation-output.ts';
import type { Goal } from '../../../domain/plan/schema.ts';
import type { SiteData } from '../../site-data.ts';
import { goalName, subtreeCodes } from '../goal-names.ts';
import { kpiHistory } from '../kpi-history.ts';
import type { PageYear } from '../links.ts';
import type { GoalPageProps, GoalSectionView, HeadlineCardView } from './goal-page.tsx';

/** Whether a measure is shown under any of the goals (its primary goal or a goal it is also shown under). */
export const measureUnder = (m: MeasureOutput, codes: ReadonlySet<string>): boolean =>
  codes.has(m.goal) || m.alsoUnder.some((code) => codes.has(code));

/** Everything the goal page shows, from the site data; undefined when the plan has no such goal. */
export function goalPageProps(site: SiteData, code: string, year: PageYear): GoalPageProps | undefined {
  const node = site.plan.goals.get(code);
  if (node === undefined) return undefined;
  const { goal, ancestors } = node;
  const { document, reportYear } = site.plan;
  const evaluation = site.evaluation(year.fy);
  const output = site.evaluationOutput(year.fy);
  const provisional = document.report.actualsProvisional;

  // evaluationOutput.headlineKpis is evaluation.headlineKpis mapped one to one: same order.
  const cardsOf = (sectionIndex: number): HeadlineCardView[] =>
    evaluation.headlineKpis.flatMap((h, i) => {
      const card = output.headlineKpis[i];
      if (h.goal.goal.code !== code || h.sectionIndex !== sectionIndex || card === undefined) return [];
      const kpi = h.evaluation.kpi;
      return [
        {
          card,
          history: kpiHistory(kpi, { reportYear, actualsProvisional: provisional, display: card.display }),
          note: kpi.note,
        },
      ];
    });
  const sections: GoalSectionView[] = goal.sections.map((section, i) => ({
    guidelines: section.guidelines,
    cards: cardsOf(i),
    initiatives: section.initiatives,
  }));

  const codes = subtreeCodes(goal);
  const summary = site.summary(year.fy);
  const goalNames = new Map<string, string>();
  const collect = (g: Goal) => {
    goalNames.set(g.code, goalName(g));
    g.children.forEach(collect);
  };
  collect(goal);
  const projects = summary.goals.filter((g) => codes.has(g.code));
  const counted = [...ancestors].reverse().find((a) => summary.goals.some((g) => g.code === a.code));
  return {
    year,
    goal,
    ancestors,
    sections,
    projects,
    projectsCountedAt: projects.length === 0 && counted ? counted : undefined,
    rounding: summary.rounding,
    measures: output.measures.filter((m) => measureUnder(m, codes)),
    goalNames,
    provisional: provisional && year.fy === reportYear,
    reportYear,
  };
}
