import { describe, expect, it } from 'vitest';
import { planFrom, seedDocument, seedPlan } from '../../../test/support/plans.ts';
import { evaluatePlan } from '../evaluation/plan-evaluation.ts';
import { evaluationOutput } from './evaluation-output.ts';

describe('evaluationOutput', () => {
  it('gives every measure its further goals (alsoUnder), empty when it has none', () => {
    const plan = seedPlan();
    const output = evaluationOutput(plan, evaluatePlan(plan, plan.reportYear));
    expect(output.measures.every((m) => Array.isArray(m.alsoUnder) && m.alsoUnder.length === 0)).toBe(true);
  });

  it('keeps the primary goal as `goal` and lists the further goals in order', () => {
    const doc = seedDocument();
    doc.measures[3].alsoUnder = ['prefecture-talent', 'business'];
    const plan = planFrom(doc);
    const measure = evaluationOutput(plan, evaluatePlan(plan, plan.reportYear)).measures[3];
    expect(measure).toMatchObject({ goal: 'citizen', alsoUnder: ['prefecture-talent', 'business'] });
  });

  it('marks as 見込み only the report year’s actuals, whichever year is evaluated', () => {
    const plan = seedPlan();
    const kpi = (fy: number, id: string) =>
      evaluationOutput(plan, evaluatePlan(plan, fy))
        .measures.flatMap((m) => m.kpis)
        .find((k) => k.id === id);
    // FY2023's 74.7 is a final figure even when FY2023 is the year being evaluated.
    expect(kpi(2023, 'ict-teaching-ability')?.actual).toMatchObject({ fiscalYear: 2023, provisional: false });
    expect(kpi(2024, 'open-data-datasets')?.actual).toMatchObject({ fiscalYear: 2024, provisional: true });
  });
});
