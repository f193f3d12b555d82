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
});
