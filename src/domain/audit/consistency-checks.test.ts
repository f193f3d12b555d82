import { describe, expect, it } from 'vitest';
import { planFrom, seedDocument } from '../../../test/support/plans.ts';
import { evaluatePlan } from '../evaluation/plan-evaluation.ts';
import { checkConsistency } from './consistency-checks.ts';
import type { Finding } from './finding.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests edit the raw YAML document
const findingsOf = (doc: any): Finding[] => {
  const plan = planFrom(doc);
  return checkConsistency(plan, evaluatePlan(plan, 2024));
};

const measureIndex = (doc: { measures: { id: string }[] }, id: string) =>
  doc.measures.findIndex((m) => m.id === id);

describe('checkConsistency on the published FY2024 report', () => {
  const findings = findingsOf(seedDocument());
  const codes = (code: string) => findings.filter((f) => f.code === code);

  it('flags the row with two labels 【未達成】【達成】 as an error', () => {
    const [f] = codes('published-label-multiple');
    expect(f?.where.measure).toBe('local-products-digital-marketing');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('【未達成】【達成】');
    expect(f?.message).toContain('【達成】です');
  });

  it('flags the unit that changes from 回/年 to 人/年 (judgeable, so a warning)', () => {
    const f = codes('kpi-unit-mismatch').find((x) => x.where.kpi === 'telework-mobile-work');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('人/年');
  });

  it('flags the cumulative Free Wi-Fi count whose actual (491) is below its baseline (915)', () => {
    expect(codes('cumulative-below-baseline').map((f) => f.where.kpi)).toEqual(['free-wifi-sites']);
  });

  it('flags the KPI printed under two goals, and the card that dates its value R2 instead of R元年度', () => {
    expect(codes('kpi-shown-twice').map((f) => f.where.kpi)).toEqual(['ict-teaching-ability']);
    const [card] = codes('headline-time-point-mismatch');
    expect(card?.where.kpi).toBe('ict-teaching-ability');
    expect(card?.message).toContain('R元年度');
  });

  it('flags values from another fiscal year than the report’s (R5年度数値, R4目標値, R5目標値)', () => {
    expect(codes('value-from-other-year').map((f) => f.where.kpi)).toEqual([
      'ict-teaching-ability',
      'local-5g-projects',
      'rural-dx-plans',
    ]);
  });

  it('flags a percentage above 100 (テレビ会議対応端末数 101.2%)', () => {
    expect(codes('percentage-above-100').map((f) => f.where.kpi)).toEqual(['video-conference-terminals']);
  });

  it('flags every summary box that does not follow from the detail under 四捨五入, naming the convention that would', () => {
    const mismatches = codes('summary-figure-mismatch');
    expect(mismatches.map((f) => f.where.goal)).toEqual(['local', 'business', 'municipal', 'prefecture']);
    expect(mismatches[0]?.message).toMatch(/29\.0億円.*28\.9億円.*切り上げなら一致/);
    expect(mismatches[3]?.message).toMatch(/△2\.7億円.*△2\.8億円.*切り捨てなら一致/);
    expect(codes('summary-rounding-inconsistent')).toHaveLength(1);
  });

  it('flags the three boxes labelled R5関連事業 that carry R6 figures', () => {
    expect(codes('summary-label-year').map((f) => f.where.goal)).toEqual(['citizen', 'local', 'business']);
  });

  it('flags per-goal differences (+8.4億円) that do not add up to the total difference (+8.2億円)', () => {
    const [f] = codes('summary-differences-sum');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('+8.4億円');
    expect(f?.message).toContain('+8.2億円');
  });

  it('notes the missing 端数処理 note and the card rate (309%) that cannot be recomputed', () => {
    expect(codes('rounding-note-missing')).toHaveLength(1);
    expect(codes('headline-rate-unverifiable').map((f) => f.where.kpi)).toEqual(['minutes-hours-saved']);
  });

  it('does not flag what is consistent: the 502% card, 27 labels but one, every analysis text', () => {
    expect(codes('headline-rate-mismatch')).toEqual([]);
    expect(codes('published-label-mismatch')).toEqual([]);
    expect(codes('analysis-missing')).toEqual([]);
  });

  it('every finding has a location and a Japanese message', () => {
    for (const f of findings) {
      expect(f.where.path).not.toBe('');
      expect(f.where.label).not.toBe('');
      expect(f.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
  });
});

describe('checkConsistency on edited data', () => {
  it('a single label that disagrees with the computed judgement is an error', () => {
    const doc = seedDocument();
    doc.measures[measureIndex(doc, 'open-data-miyagi')].analyses[0].publishedLabels = ['達成'];
    const f = findingsOf(doc).find((x) => x.code === 'published-label-mismatch');
    expect(f?.where.measure).toBe('open-data-miyagi');
    expect(f?.message).toContain('【未達成】');
  });

  it('a not-achieved measure without analysis text is an error; an achieved one is not', () => {
    const doc = seedDocument();
    doc.measures[measureIndex(doc, 'open-data-miyagi')].analyses[0].text = '';
    doc.measures[measureIndex(doc, 'web-meetings')].analyses[0].text = '';
    const missing = findingsOf(doc).filter((x) => x.code === 'analysis-missing');
    expect(missing.map((f) => f.where.measure)).toEqual(['open-data-miyagi']);
  });

  it('a target and an actual in different units make an error', () => {
    const doc = seedDocument();
    doc.measures[measureIndex(doc, 'telework')].kpis[0].actuals[0].unit = '回/年';
    const f = findingsOf(doc).find(
      (x) => x.code === 'kpi-unit-mismatch' && x.where.kpi === 'telework-mobile-work',
    );
    expect(f?.severity).toBe('error');
  });

  it('a card rate that differs from the recomputed one is an error', () => {
    const doc = seedDocument();
    doc.goals[0].sections[2].headlineKpis[0].published.achievementRate = '503%';
    const f = findingsOf(doc).find((x) => x.code === 'headline-rate-mismatch');
    expect(f?.message).toContain('502%');
  });

  it('a summary page printed from the data with 四捨五入 and the note raises no summary finding', () => {
    const doc = seedDocument();
    const summary = doc.publishedSummaries[0];
    summary.roundingNote = true;
    summary.total.difference.amount = '+8.2億円';
    const boxes: Record<string, [string, string]> = {
      citizen: ['18.3億円', '△1.9億円'],
      local: ['28.9億円', '+13.0億円'],
      business: ['2.8億円', '△0.1億円'],
      municipal: ['0.9億円', '△0.1億円'],
      prefecture: ['19.5億円', '△2.8億円'],
    };
    for (const box of summary.goals) {
      box.label = 'R6関連事業';
      [box.amount, box.difference.amount] = boxes[box.goal] ?? [];
    }
    const summaryFindings = findingsOf(doc).filter(
      (f) => f.code.startsWith('summary-') || f.code === 'rounding-note-missing',
    );
    // The parts still do not add up (70.4 against 70.5, +8.1 against +8.2), but the printed note covers it.
    expect(summaryFindings).toEqual([]);
  });
});
