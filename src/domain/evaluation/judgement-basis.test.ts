import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../plan/rules.ts';
import { kpiSchema } from '../plan/schema.ts';
import { formatDecimal } from '../values/format-ja.ts';
import { otherYearBasisText, otherYearFigures, targetBasisText } from './judgement-basis.ts';
import { evaluateKpi } from './kpi-evaluation.ts';

const evaluate = (input: Record<string, unknown>, year = 2024) =>
  evaluateKpi(
    kpiSchema.parse({ id: 'k', name: 'KPI', unit: '件', direction: 'increase', ...input }),
    year,
    DEFAULT_RULES,
  );

describe('which target and actual a judgement used', () => {
  it('令和6年度 without its own target: 7 is judged 達成 against the 令和5年度 target 6, and says so', () => {
    const e = evaluate({
      targets: [
        { fiscalYear: 2022, value: 4 },
        { fiscalYear: 2023, value: 6 },
      ],
      actuals: [{ fiscalYear: 2024, value: 7 }],
    });
    expect(e.status).toBe('achieved');
    expect(e.effectiveTarget?.entry.fiscalYear).toBe(2023);
    const figures = otherYearFigures(e);
    expect(figures.map((f) => [f.kind, f.fiscalYear, formatDecimal(f.value)])).toEqual([
      ['target', 2023, '6'],
    ]);
    expect(otherYearBasisText(e)).toBe('令和5年度目標値 6 で判定');
  });

  it('the same year’s own target and actual: nothing to say', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2024, value: 6 }],
      actuals: [{ fiscalYear: 2024, value: 5 }],
    });
    expect(e.status).toBe('not_achieved');
    expect(otherYearBasisText(e)).toBeUndefined();
  });

  it('no actual yet: the earlier target is still named (it is the one an answer will be judged against)', () => {
    const e = evaluate({ targets: [{ fiscalYear: 2023, value: 1527 }] });
    expect(e.status).toBe('not_evaluable');
    expect(otherYearBasisText(e)).toBe('令和5年度目標値 1,527 で判定');
  });

  it('an actual of an earlier year that was judged is named beside the target', () => {
    const e = evaluate({
      unit: '%',
      targets: [{ fiscalYear: 2024, value: 72.5 }],
      actuals: [{ fiscalYear: 2023, value: 74.7 }],
    });
    expect(e.status).toBe('achieved');
    expect(otherYearBasisText(e)).toBe('令和5年度実績 74.7 で判定');
  });

  it('an earlier actual that is missing (「—」) was not judged and is not named', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2024, value: 3 }],
      actuals: [{ fiscalYear: 2023, value: '—' }],
    });
    expect(e.status).toBe('not_evaluable');
    expect(otherYearBasisText(e)).toBeUndefined();
  });

  it('前年度越え compares with the year before’s actual: 令和5年度実績 120', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2024, relative: 'exceed-previous-year' }],
      actuals: [
        { fiscalYear: 2023, value: 120 },
        { fiscalYear: 2024, value: 121 },
      ],
    });
    expect(e.status).toBe('achieved');
    expect(otherYearBasisText(e)).toBe('令和5年度実績 120（前年度越え） で判定');
  });

  it('an ended measure: the 令和4年度 target and actual both named for 令和6年度', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2022, value: 2 }],
      actuals: [{ fiscalYear: 2022, value: 2 }],
    });
    expect(otherYearBasisText(e)).toBe('令和4年度目標値 2、令和4年度実績 2 で判定');
    // A survey sent out before the answer names the target alone.
    expect(targetBasisText(e)).toBe('令和4年度目標値 2 で判定');
  });
});
