// The figures a new revision of a publication changes, for the public notice of 第2版 …: every measure status, KPI
// actual and project total of the year that differs between the two published plans. Pure.
import type { FiscalYear } from '../calendar/fiscal-year.ts';
import { evaluatePlan } from '../evaluation/plan-evaluation.ts';
import { evaluationOutput } from '../output/evaluation-output.ts';
import { summaryOutput } from '../output/summary-output.ts';
import type { Plan } from '../plan/model.ts';
import { rollUpProjects } from '../rollup/goal-rollup.ts';

export interface ChangedFigure {
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

/** Every printed figure of the year, by a stable label. */
function figures(plan: Plan, fiscalYear: FiscalYear): Map<string, string> {
  const evaluation = evaluatePlan(plan, fiscalYear);
  const out = new Map<string, string>();
  const summary = summaryOutput(plan, rollUpProjects(plan, fiscalYear), evaluation.counts);
  out.set('関連事業 合計 事業数', summary.total.display.projects);
  out.set('関連事業 合計 決算額', summary.total.display.amountOkuYen);
  for (const goal of summary.goals) {
    out.set(`関連事業 ${goal.label} 事業数`, goal.display.projects);
    out.set(`関連事業 ${goal.label} 決算額`, goal.display.amountOkuYen);
  }
  for (const measure of evaluationOutput(plan, evaluation).measures) {
    out.set(`${measure.name} 判定`, measure.statusLabel);
    for (const kpi of measure.kpis) {
      const actual = kpi.actual;
      out.set(
        `${measure.name} ${kpi.name} 実績値`,
        actual === null ? '—' : `${actual.text}${actual.provisional ? '（見込み）' : ''}`,
      );
    }
  }
  return out;
}

/** What changed between two published plans for a fiscal year (all figures when there is no previous one). */
export function changedFigures(
  before: Plan | undefined,
  after: Plan,
  fiscalYear: FiscalYear,
): ChangedFigure[] {
  const next = figures(after, fiscalYear);
  if (before === undefined) return [];
  const previous = figures(before, fiscalYear);
  const changes: ChangedFigure[] = [];
  for (const [label, value] of next) {
    const old = previous.get(label) ?? '（なし）';
    if (old !== value) changes.push({ label, before: old, after: value });
  }
  for (const [label, value] of previous) {
    if (!next.has(label)) changes.push({ label, before: value, after: '（なし）' });
  }
  return changes;
}
