import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../plan/rules.ts';
import { kpiSchema } from '../plan/schema.ts';
import { ratioToNumber } from '../values/decimal.ts';
import { formatRatioPercent } from '../values/format-ja.ts';
import { evaluateKpi, toPercent } from './kpi-evaluation.ts';

const kpi = (input: Record<string, unknown>) =>
  kpiSchema.parse({ id: 'k', name: 'KPI', unit: '件', direction: 'increase', ...input });

const evaluate = (input: Record<string, unknown>, year = 2024) =>
  evaluateKpi(kpi(input), year, DEFAULT_RULES);

const pct = (e: ReturnType<typeof evaluate>, which: 'achievementRate' | 'progressRate') => {
  const r = e[which];
  return r === undefined ? undefined : formatRatioPercent(r);
};

describe('evaluateKpi — the seed’s own numbers', () => {
  it('デジタル身分証アプリ登録者数: 658,815 ÷ 131,000 = 502.9…% is printed 502% (truncated, never rounded up)', () => {
    const e = evaluate({
      unit: '人',
      targets: [{ fiscalYear: 2024, value: 131000 }],
      actuals: [{ fiscalYear: 2024, value: 658815 }],
    });
    expect(e.status).toBe('achieved');
    expect(pct(e, 'achievementRate')).toBe('502%');
    if (e.achievementRate === undefined) throw new Error('expected a rate');
    expect(ratioToNumber(toPercent(e.achievementRate))).toBeCloseTo(502.912, 3);
  });

  it('モバイルワーク: 301 ÷ 300 is printed 100%', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2024, value: 300 }],
      actuals: [{ fiscalYear: 2024, value: 301 }],
    });
    expect(pct(e, 'achievementRate')).toBe('100%');
    expect(e.status).toBe('achieved');
  });

  it('アグリテック導入法人数: actual equal to the target (65 = 65) is achieved', () => {
    expect(
      evaluate({ targets: [{ fiscalYear: 2024, value: 65 }], actuals: [{ fiscalYear: 2024, value: 65 }] })
        .status,
    ).toBe('achieved');
  });

  it('紙削減率 (R3比) is a decrease KPI: 99.8 against a target of 99.5 is not achieved; 達成率 = target ÷ actual', () => {
    const e = evaluate({
      unit: '%',
      direction: 'decrease',
      baseline: { value: 100, asOf: 'R3年度' },
      targets: [{ fiscalYear: 2024, value: 99.5 }],
      actuals: [{ fiscalYear: 2024, value: 99.8 }],
    });
    expect(e.status).toBe('not_achieved');
    expect(pct(e, 'achievementRate')).toBe('99%');
    // 進捗率 (99.8 − 100) ÷ (99.5 − 100) = 40%
    expect(pct(e, 'progressRate')).toBe('40%');
  });

  it('セルフチェック実施率 is higher-is-better although its target (95) is below its baseline (96.97)', () => {
    const e = evaluate({
      unit: '%',
      baseline: { value: 96.97, asOf: '令和3年度' },
      targets: [{ fiscalYear: 2024, value: 95 }],
      actuals: [{ fiscalYear: 2024, value: '93.56%' }],
    });
    expect(e.status).toBe('not_achieved');
    expect(pct(e, 'achievementRate')).toBe('98%');
    // a target below the baseline of an increase KPI is a floor to keep: no 進捗率
    expect(e.progressRate).toBeUndefined();
  });

  it('研修受講者数: baseline 42, target 40, actual 64 is achieved (160%) with no 進捗率', () => {
    const e = evaluate({
      unit: '人',
      baseline: { value: 42, asOf: 'R元年度' },
      targets: [{ fiscalYear: 2024, value: 40 }],
      actuals: [{ fiscalYear: 2024, value: 64 }],
    });
    expect(e.status).toBe('achieved');
    expect(pct(e, 'achievementRate')).toBe('160%');
    expect(e.progressRate).toBeUndefined();
  });

  it('再発件数: 0 incidents against a target of 0 is achieved, with no 達成率 (decrease KPI, zero)', () => {
    const e = evaluate({
      direction: 'decrease',
      baseline: { value: 0, asOf: 'R2年度' },
      targets: [{ fiscalYear: 2024, value: 0 }],
      actuals: [{ fiscalYear: 2024, value: 0 }],
    });
    expect(e.status).toBe('achieved');
    expect(e.achievementRate).toBeUndefined();
    // target = baseline: no 進捗率
    expect(e.progressRate).toBeUndefined();
  });

  it('a decrease KPI above a target of 0 is not achieved and still has no 達成率', () => {
    const e = evaluate({
      direction: 'decrease',
      targets: [{ fiscalYear: 2024, value: 0 }],
      actuals: [{ fiscalYear: 2024, value: 2 }],
    });
    expect(e.status).toBe('not_achieved');
    expect(e.achievementRate).toBeUndefined();
  });

  it('在宅勤務用PC稼働率 「—」: a missing actual makes the KPI not evaluable, never 0', () => {
    const e = evaluate({
      unit: '%',
      targets: [{ fiscalYear: 2024, value: 30 }],
      actuals: [{ fiscalYear: 2024, value: '—' }],
    });
    expect(e.status).toBe('not_evaluable');
    expect(e.notEvaluable).toEqual({ kind: 'actual-missing', reason: 'no-value' });
  });

  it('no actual at all, or no target, is not evaluable', () => {
    expect(evaluate({ targets: [{ fiscalYear: 2024, value: 1 }] }).notEvaluable).toEqual({
      kind: 'no-actual',
    });
    expect(evaluate({ actuals: [{ fiscalYear: 2024, value: 1 }] }).notEvaluable).toEqual({
      kind: 'no-target',
    });
  });

  it('「74.7 (R5年度数値)」: an actual of an earlier year is used and flagged', () => {
    const e = evaluate({
      unit: '%',
      targets: [{ fiscalYear: 2024, value: 72.5 }],
      actuals: [{ fiscalYear: 2023, value: 74.7 }],
    });
    expect(e.status).toBe('achieved');
    expect(e.actualFromOtherYear).toBe(true);
    expect(e.targetFromOtherYear).toBe(false);
  });

  it('「2 (R4目標値)」: a measure that ended keeps its last target and actual', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2022, value: 2 }],
      actuals: [{ fiscalYear: 2022, value: 2 }],
    });
    expect(e.status).toBe('achieved');
    expect(e.target?.fiscalYear).toBe(2022);
    expect(e.targetFromOtherYear).toBe(true);
  });

  it('values of later years are never used for an earlier report year', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2024, value: 10 }],
      actuals: [{ fiscalYear: 2025, value: 12 }],
    });
    expect(e.notEvaluable).toEqual({ kind: 'no-actual' });
  });

  it('前年度越え: achieved only when the actual exceeds last year’s actual; no rates', () => {
    const base = { unit: '%', targets: [{ fiscalYear: 2024, relative: 'exceed-previous-year' }] };
    const up = evaluate({
      ...base,
      actuals: [
        { fiscalYear: 2023, value: 80 },
        { fiscalYear: 2024, value: 80.1 },
      ],
    });
    expect(up.status).toBe('achieved');
    expect(up.achievementRate).toBeUndefined();
    const same = evaluate({
      ...base,
      actuals: [
        { fiscalYear: 2023, value: 80 },
        { fiscalYear: 2024, value: 80 },
      ],
    });
    expect(same.status).toBe('not_achieved');
    const noPrevious = evaluate({ ...base, actuals: [{ fiscalYear: 2024, value: 80 }] });
    expect(noPrevious.notEvaluable).toEqual({ kind: 'no-previous-actual', previousYear: 2023 });
  });

  it('回/年 baseline against 人/年 target and actual: judged, but no 進捗率', () => {
    const e = evaluate({
      unit: '回/年',
      baseline: { value: 280, asOf: 'R3年度' },
      targets: [{ fiscalYear: 2024, value: 300, unit: '人/年' }],
      actuals: [{ fiscalYear: 2024, value: 301, unit: '人/年' }],
    });
    expect(e.status).toBe('achieved');
    expect(e.progressRate).toBeUndefined();
  });

  it('a target and an actual in different units cannot be compared', () => {
    const e = evaluate({
      targets: [{ fiscalYear: 2024, value: 300, unit: '人' }],
      actuals: [{ fiscalYear: 2024, value: 301, unit: '回' }],
    });
    expect(e.notEvaluable).toEqual({ kind: 'unit-mismatch', targetUnit: '人', actualUnit: '回' });
  });

  it('進捗率 = (actual − baseline) ÷ (target − baseline): オープンデータ公開数 335 → 347 of 500 is 7%', () => {
    const e = evaluate({
      baseline: { value: 335, asOf: 'R3.3' },
      targets: [{ fiscalYear: 2024, value: 500 }],
      actuals: [{ fiscalYear: 2024, value: 347 }],
    });
    expect(pct(e, 'progressRate')).toBe('7%');
    expect(pct(e, 'achievementRate')).toBe('69%');
  });

  it('decides on exact values: 72.49999 is below 72.5 although both print 72%', () => {
    const e = evaluate({
      unit: '%',
      targets: [{ fiscalYear: 2024, value: 72.5 }],
      actuals: [{ fiscalYear: 2024, value: 72.49999 }],
    });
    expect(e.status).toBe('not_achieved');
    expect(pct(e, 'achievementRate')).toBe('99%');
  });

  it('the decrease formula is a rule of the plan: "none" gives no 達成率', () => {
    const rules = {
      ...DEFAULT_RULES,
      achievementRate: { ...DEFAULT_RULES.achievementRate, decreaseFormula: 'none' as const },
    };
    const e = evaluateKpi(
      kpi({
        direction: 'decrease',
        targets: [{ fiscalYear: 2024, value: 5 }],
        actuals: [{ fiscalYear: 2024, value: 4 }],
      }),
      2024,
      rules,
    );
    expect(e.status).toBe('achieved');
    expect(e.achievementRate).toBeUndefined();
  });
});
