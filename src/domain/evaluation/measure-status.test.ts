import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../plan/rules.ts';
import { kpiSchema, measureSchema } from '../plan/schema.ts';
import { evaluateKpi } from './kpi-evaluation.ts';
import { judgeMeasure, statusOfLabel } from './measure-status.ts';

const measure = measureSchema.parse({
  id: 'm',
  goal: 'g',
  name: '施策',
  department: 'd',
  kpis: [{ ref: 'k' }],
});

/** A KPI with target 10 and the given actual (a number, or a missing marker). */
const kpiWith = (actual: number | string, index: number) =>
  evaluateKpi(
    kpiSchema.parse({
      id: `k${index}`,
      name: 'KPI',
      unit: '件',
      direction: 'increase',
      targets: [{ fiscalYear: 2024, value: 10 }],
      actuals: [{ fiscalYear: 2024, value: actual }],
    }),
    2024,
    DEFAULT_RULES,
  );

describe('judgeMeasure', () => {
  it.each([
    ['all achieved → 達成', [12, 10], 'achieved'],
    ['none achieved → 未達成', [3, 9], 'not_achieved'],
    ['先進モデル ① 13/17 and ② 95.8/80: one of two → 一部達成', [9, 11], 'partially_achieved'],
    ['テレワーク: ① achieved and ② 「—」 left out → 達成', [11, '—'], 'achieved'],
    ['only unmeasured KPIs → 判定不能', ['未計測', '—'], 'not_evaluable'],
    ['one not achieved and one unknown → 未達成', [4, '…'], 'not_achieved'],
  ] as const)('%s', (_name, actuals, expected) => {
    const result = judgeMeasure(measure, actuals.map(kpiWith));
    expect(result.status).toBe(expected);
    expect(result.excluded).toHaveLength(actuals.filter((a) => typeof a === 'string').length);
  });

  it('reads published labels back to statuses', () => {
    expect(statusOfLabel('一部達成')).toBe('partially_achieved');
    expect(statusOfLabel('達成')).toBe('achieved');
    expect(statusOfLabel('概ね順調')).toBeUndefined();
  });
});
