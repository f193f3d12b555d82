import { describe, expect, it } from 'vitest';
import { seedPlan } from '../../../test/support/plans.ts';
import { evaluatePlan } from '../evaluation/plan-evaluation.ts';
import { buildReport } from './report-model.ts';

const plan = seedPlan();
const report = buildReport(plan, evaluatePlan(plan, 2024));

describe('buildReport on the FY2024 data', () => {
  it('has the seed’s pages in order: summary, three priority goals, the foundation, five KPI tables', () => {
    expect(report.title).toBe('みやぎ情報化推進ポリシー 令和6年度 進捗報告資料');
    expect(report.summary.total.display).toMatchObject({
      projects: '184件',
      amountOkuYen: '70.5億円',
      differenceOkuYen: '+8.2億円',
    });
    expect(report.goalPages.map((g) => g.code)).toEqual(['citizen', 'local', 'business']);
    expect(report.foundation?.areas.map((a) => a.title)).toEqual([
      '市町村の情報化への支援',
      '県行政の情報化の基盤整備',
    ]);
    expect(report.kpiTables.map((t) => t.goal.code)).toEqual([
      'citizen',
      'local',
      'business',
      'municipal',
      'prefecture',
    ]);
    expect(report.kpiTables.flatMap((t) => t.groups.flatMap((g) => g.rows))).toHaveLength(27);
  });

  it('computes the card of デジタル身分証アプリ登録者数 in 万人 with 502%', () => {
    const card = report.goalPages[0]?.sections[2]?.cards[0];
    expect(card).toMatchObject({
      values: [
        { label: 'R5', text: '12.9万人' },
        { label: 'R6', text: '65.9万人' },
      ],
      target: { label: '目標（R6）', text: '13.1万人' },
      achievementRate: '502%',
    });
  });

  it('starts each analysis with the computed label, not the published one (【未達成】【達成】 → 【達成】)', () => {
    const rows = report.kpiTables[1]?.groups[0]?.rows ?? [];
    expect(rows[2]?.analysis).toMatch(/^【一部達成】①/);
    expect(rows[3]?.analysis).toMatch(/^【達成】サイトの再構築/);
  });

  it('marks provisional actuals and values of other years as the seed prints them', () => {
    const rows = report.kpiTables[1]?.groups[0]?.rows ?? [];
    expect(rows[0]?.targets).toEqual(['2 (R4目標値)']);
    expect(rows[0]?.actuals).toEqual(['2 (R4実績値)']);
    expect(rows[1]?.actuals).toEqual(['53※']);
    expect(report.kpiTables[4]?.projectLines).toEqual([
      'R5年度 31事業実施 決算額2,228,604千円',
      'R6年度 30事業実施 決算額1,953,251千円',
    ]);
  });

  it('prints initiative dates as the report does (R7.2月)', () => {
    expect(report.goalPages[0]?.sections[0]?.initiatives[0]).toMatchObject({
      text: 'みやぎ電子申請サービス リニューアル',
      date: 'R7.2月',
    });
  });
});
