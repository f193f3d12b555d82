import { describe, expect, it } from 'vitest';
import { planFrom, seedDocument, seedPlan } from '../../../test/support/plans.ts';
import { formatOkuYen, formatSignedCount, formatSignedOkuYen } from '../values/money.ts';
import { rollUpProjects, roundedPartsAgainstTotal } from './goal-rollup.ts';

describe('rollUpProjects with the seed', () => {
  const rollup = rollUpProjects(seedPlan(), 2024);

  it('totals FY2024: 184件, 7,049,270千円 = 70.5億円, +8件, +8.2億円 against FY2023', () => {
    expect(rollup.total.current).toEqual({ fiscalYear: 2024, projects: 184, amountThousandYen: 7049270 });
    expect(rollup.total.previous).toEqual({ fiscalYear: 2023, projects: 176, amountThousandYen: 6232252 });
    expect(rollup.total.difference).toEqual({ projects: 8, amountThousandYen: 817018 });
    expect(formatOkuYen(rollup.total.current.amountThousandYen)).toBe('70.5億円');
    expect(formatSignedOkuYen(817018)).toBe('+8.2億円');
  });

  it.each([
    ['citizen', 61, 1828557, '+1件', '△1.9億円'],
    ['local', 68, 2893353, '+6件', '+13.0億円'],
    ['business', 17, 281144, '+1件', '△0.1億円'],
    ['municipal', 8, 92965, '+1件', '△0.1億円'],
    ['prefecture', 30, 1953251, '△1件', '△2.8億円'],
  ])('%s: %i件 %i千円, %s %s', (code, projects, amount, dProjects, dAmount) => {
    const goal = rollup.goals.find((g) => g.goal.code === code);
    expect(goal?.current).toEqual({ fiscalYear: 2024, projects, amountThousandYen: amount });
    expect(formatSignedCount(goal?.difference?.projects ?? Number.NaN)).toBe(dProjects);
    expect(formatSignedOkuYen(goal?.difference?.amountThousandYen ?? Number.NaN)).toBe(dAmount);
  });

  it('the rounded parts (70.4億円) do not add up to the rounded total (70.5億円): the note is needed', () => {
    const gap = roundedPartsAgainstTotal(rollup, 1, 'half-up');
    expect(gap.matches).toBe(false);
    expect(gap.parts).toMatchObject({ units: 704n });
  });

  it('FY2023 has no previous year in the data: no difference rather than a difference from zero', () => {
    const r = rollUpProjects(seedPlan(), 2023);
    expect(r.total.current.projects).toBe(176);
    expect(r.previousComplete).toBe(false);
    expect(r.total.difference).toBeUndefined();
  });

  it('a goal without figures for the year is left out, not counted as 0件', () => {
    const doc = seedDocument();
    doc.projects = doc.projects.filter(
      (p: { goal: string; fiscalYear: string }) => !(p.goal === 'business' && p.fiscalYear === 'R6'),
    );
    const r = rollUpProjects(planFrom(doc), 2024);
    expect(r.goals.map((g) => g.goal.code)).not.toContain('business');
    expect(r.total.current.projects).toBe(184 - 17);
  });
});
