import { describe, expect, it } from 'vitest';
import { seedDocument } from '../../../test/support/plans.ts';
import { loadPlan } from './load.ts';
import { allowedYears, type YearRole, yearOutsidePlan } from './period.ts';

// The seed's period: R3–R6 = FY2021–FY2024.
const PERIOD = { from: 2021, to: 2024 };

const issuesOf = (doc: unknown) => {
  const result = loadPlan(doc);
  if (result.ok) throw new Error('expected the dataset to be refused');
  return result.error;
};
const accepted = (doc: unknown) => {
  const result = loadPlan(doc);
  if (!result.ok) throw new Error(result.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.value;
};

describe('allowedYears / yearOutsidePlan', () => {
  it.each<[YearRole, number, number]>([
    ['report', 2021, 2024],
    ['record', 2020, 2024], // the year before the first plan year: 前年度 of the first report
    ['as-of', 2011, 2024], // baselines up to 10 years before the first year
    ['event', 2020, 2025], // an initiative may be announced for the spring after the last year
  ])('%s: %i to %i, and not one year beyond either end', (role, first, last) => {
    expect(allowedYears(PERIOD, role)).toEqual({ from: first, to: last });
    expect(yearOutsidePlan(PERIOD, role, first)).toBeUndefined();
    expect(yearOutsidePlan(PERIOD, role, last)).toBeUndefined();
    expect(yearOutsidePlan(PERIOD, role, first - 1)).toContain('計画期間（令和3年度〜令和6年度）の外です');
    expect(yearOutsidePlan(PERIOD, role, last + 1)).toContain('計画期間（令和3年度〜令和6年度）の外です');
  });

  it('names the year in both calendars and the range allowed', () => {
    expect(yearOutsidePlan(PERIOD, 'record', 2117)).toBe(
      '令和99年度（2117年度）は計画期間（令和3年度〜令和6年度）の外です。' +
        '年度ごとの値（目標・実績・要因分析・関連事業）の年度は令和2年度〜令和6年度で入力してください',
    );
  });
});

describe('loadPlan: years belong to the plan', () => {
  it('refuses an actual of R99 (FY2117) at its path, and nothing else', () => {
    const doc = seedDocument();
    doc.measures[0].kpis[0].actuals[0].fiscalYear = 'R99';
    const issues = issuesOf(doc);
    expect(issues.map((i) => i.path)).toEqual(['measures[0].kpis[0].actuals[0].fiscalYear']);
    expect(issues[0]?.message).toContain('令和99年度（2117年度）は計画期間（令和3年度〜令和6年度）の外です');
  });

  it('accepts the year before the period for yearly figures (前年度 of the first report year)', () => {
    const doc = seedDocument();
    doc.measures[0].kpis[0].actuals.unshift({ fiscalYear: 'R2', value: 300 });
    doc.projects.push({ goal: 'citizen', fiscalYear: 'R2', count: 50, amountThousandYen: 1000 });
    const plan = accepted(doc);
    expect(plan.kpis.get('open-data-datasets')?.actuals.map((a) => a.fiscalYear)).toEqual([2020, 2024]);
  });

  it('refuses yearly figures two years before the period, and targets and analyses after it', () => {
    const doc = seedDocument();
    doc.measures[0].kpis[0].actuals.unshift({ fiscalYear: 'R元', value: 300 });
    doc.measures[0].kpis[0].targets.push({ fiscalYear: 'R7', value: 600 });
    doc.measures[0].analyses[0].fiscalYear = '2025';
    doc.projects[0].fiscalYear = 'H31年度';
    expect(issuesOf(doc).map((i) => [i.path, i.message.split('は計画期間')[0]])).toEqual([
      ['measures[0].kpis[0].targets[1].fiscalYear', '令和7年度（2025年度）'],
      ['measures[0].kpis[0].actuals[0].fiscalYear', '令和元年度（2019年度）'],
      ['measures[0].analyses[0].fiscalYear', '令和7年度（2025年度）'],
      ['projects[0].fiscalYear', '令和元年度（2019年度）'],
    ]);
  });

  it('accepts baselines before the period (the seed has R元年度 and R2.12) but not a typo of the era', () => {
    const doc = seedDocument();
    doc.measures[0].kpis[0].baseline.asOf = 'H23年度'; // FY2011: ten years before R3
    accepted(doc);
    doc.measures[0].kpis[0].baseline.asOf = 'H2.12'; // FY1990, for R2.12
    doc.measures[2].kpis[0].baseline.asOf = 'R7.3'; // FY2024: still the last year
    doc.measures[10].kpis[0].baseline.asOf = 'R7.4'; // FY2025: after the plan
    expect(issuesOf(doc).map((i) => i.path)).toEqual([
      'measures[0].kpis[0].baseline.asOf',
      'measures[10].kpis[0].baseline.asOf',
    ]);
  });

  it('keeps report years inside the period: report, published summaries', () => {
    const doc = seedDocument();
    doc.report.fiscalYear = 'R2';
    doc.publishedSummaries[0].fiscalYear = 'R99';
    const issues = issuesOf(doc);
    expect(issues.map((i) => i.path)).toEqual(['report.fiscalYear', 'publishedSummaries[0].fiscalYear']);
    expect(issues[0]?.message).toContain('報告年度は令和3年度〜令和6年度');
  });

  it('allows an initiative in the spring after the last year, not later', () => {
    const doc = seedDocument();
    doc.goals[0].sections[0].initiatives[0].date = 'R8.3月'; // FY2025
    accepted(doc);
    doc.goals[0].sections[0].initiatives[0].date = 'R8.4月'; // FY2026
    expect(issuesOf(doc).map((i) => i.path)).toEqual(['goals[0].sections[0].initiatives[0].date']);
  });

  it('a reversed period is one problem, not one per year', () => {
    const doc = seedDocument();
    doc.plan.period = { from: 'R6', to: 'R3' };
    expect(issuesOf(doc)).toEqual([
      { path: 'plan.period', message: '計画期間の開始年度が終了年度より後になっています' },
    ]);
  });

  it('moving the period moves what is allowed: a plan to R99 takes an R99 actual', () => {
    const doc = seedDocument();
    doc.plan.period.to = 'R99';
    doc.measures[0].kpis[0].actuals[0].fiscalYear = 'R99';
    expect(accepted(doc).kpis.get('open-data-datasets')?.actuals[0]?.fiscalYear).toBe(2117);
  });
});
