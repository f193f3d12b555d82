import { describe, expect, it } from 'vitest';
import { planFrom, seedDocument, seedPlan } from '../../../test/support/plans.ts';
import { type PlanTables, type Row, TABLE_NAMES, tableDef } from './definitions.ts';
import { planToTables } from './to-tables.ts';

const seedTables = (): PlanTables => planToTables(seedPlan().document);

/** The single row of `table` whose cells include `match`. */
function rowOf(tables: PlanTables, table: keyof PlanTables, match: Row): Row {
  const rows = tables[table].filter((row) => Object.entries(match).every(([k, v]) => row[k] === v));
  expect(rows, `${table} ${JSON.stringify(match)}`).toHaveLength(1);
  return rows[0] as Row;
}

describe('planToTables on the bundled dataset', () => {
  const tables = seedTables();

  it('writes every column of every row, in column order, and nothing else', () => {
    for (const name of TABLE_NAMES) {
      const keys = tableDef(name).columns.map((c) => c.key);
      for (const row of tables[name]) expect(Object.keys(row)).toEqual(keys);
    }
  });

  it.each([
    ['plan', 1],
    ['rules', 8],
    ['departments', 9],
    ['goals', 9],
    ['measures', 27],
    ['measure_kpis', 30],
    ['kpis', 34],
    ['project_totals', 10],
    ['published_summaries', 6],
    ['transcription_notes', 13],
  ] as const)('%s has %i rows', (table, count) => {
    expect(tables[table]).toHaveLength(count);
  });

  it('writes the plan row and the default rules as text', () => {
    expect(tables.plan[0]).toMatchObject({
      organisation_code: '040002',
      plan_id: 'miyagi-joho-policy',
      period_from: 2021,
      period_to: 2024,
      report_fiscal_year: 2024,
      actuals_provisional: true,
    });
    expect(tables.rules).toEqual([
      { rule: 'achievementRate.decreaseFormula', value: 'target-over-actual' },
      { rule: 'achievementRate.display.digits', value: '0' },
      { rule: 'achievementRate.display.mode', value: 'truncate' },
      { rule: 'progressRate.display.digits', value: '0' },
      { rule: 'progressRate.display.mode', value: 'truncate' },
      { rule: 'measureStatus.kind', value: 'all-some-none' },
      { rule: 'summary.okuYen.digits', value: '1' },
      { rule: 'summary.okuYen.mode', value: 'half-up' },
    ]);
  });

  it('lays the goal tree out depth-first with 0-based positions among siblings', () => {
    expect(tables.goals.map((g) => [g.code, g.parent, g.position])).toEqual([
      ['citizen', null, 0],
      ['local', null, 1],
      ['business', null, 2],
      ['foundation', null, 3],
      ['municipal', 'foundation', 0],
      ['prefecture', 'foundation', 1],
      ['prefecture-systems', 'prefecture', 0],
      ['prefecture-security', 'prefecture', 1],
      ['prefecture-talent', 'prefecture', 2],
    ]);
    expect(rowOf(tables, 'goals', { code: 'prefecture-talent' })).toMatchObject({
      kind: 'area',
      marker: 'ハ',
    });
  });

  it('keeps exact decimals, % and 約 marks and typed missing values in kpi_values', () => {
    expect(
      rowOf(tables, 'kpi_values', { kpi: 'security-self-check-rate', kind: 'actual', fiscal_year: 2024 }),
    ).toMatchObject({ value: '93.56', percent: true, approximate: false, missing: null, provisional: null });
    expect(rowOf(tables, 'kpi_values', { kpi: 'seminar-satisfaction', kind: 'baseline' })).toMatchObject({
      value: null,
      missing: 'not-measured',
      marker: '未計測',
      fiscal_year: 2021,
      as_of: '2021年度',
    });
    expect(rowOf(tables, 'kpi_values', { kpi: 'telework-pc-utilisation', kind: 'baseline' })).toMatchObject({
      value: '18',
      percent: true,
      approximate: true,
    });
    expect(rowOf(tables, 'kpi_values', { kpi: 'telework-pc-utilisation', kind: 'actual' })).toMatchObject({
      value: null,
      missing: 'no-value',
      marker: '—',
    });
  });

  it('writes baselines with their time point and fiscal year, and value units only when they differ', () => {
    // 335 (R3.3): March 2021 falls in FY2020.
    expect(rowOf(tables, 'kpi_values', { kpi: 'open-data-datasets', kind: 'baseline' })).toMatchObject({
      value: '335',
      as_of: '2021-03',
      fiscal_year: 2020,
      unit: null,
    });
    expect(rowOf(tables, 'kpi_values', { kpi: 'guideline-budget-requests', kind: 'baseline' })).toMatchObject(
      {
        as_of: null,
        fiscal_year: null,
        note: '時点は公表資料に記載なし',
      },
    );
    expect(rowOf(tables, 'kpi_values', { kpi: 'telework-mobile-work', kind: 'target' }).unit).toBe('人/年');
    expect(rowOf(tables, 'kpi_values', { kpi: 'telework-mobile-work', kind: 'baseline' }).unit).toBeNull();
  });

  it('keeps the actual’s own provisional flag only, and relative targets without a value', () => {
    expect(rowOf(tables, 'kpi_values', { kpi: 'local-5g-projects', kind: 'actual' })).toMatchObject({
      fiscal_year: 2022,
      provisional: false,
    });
    expect(rowOf(tables, 'kpi_values', { kpi: 'open-data-datasets', kind: 'actual' }).provisional).toBeNull();
    expect(rowOf(tables, 'kpi_values', { kpi: 'e-approval-rate', kind: 'target' })).toMatchObject({
      fiscal_year: 2024,
      value: null,
      missing: null,
      relative: 'exceed-previous-year',
      note: '目標(R6)「前年度越え」',
    });
  });

  it('lists a shared KPI once in kpis and under both measures', () => {
    expect(tables.kpis.filter((k) => k.id === 'ict-teaching-ability')).toHaveLength(1);
    expect(tables.measure_kpis.filter((k) => k.kpi === 'ict-teaching-ability').map((k) => k.measure)).toEqual(
      ['education-informatisation', 'ict-lesson-improvement'],
    );
    expect(
      tables.measure_kpis.filter((k) => k.measure === 'telework').map((k) => [k.position, k.kpi]),
    ).toEqual([
      [0, 'telework-mobile-work'],
      [1, 'telework-pc-utilisation'],
    ]);
  });

  it('writes cards with their KPI id, display and what they printed', () => {
    // citizen's third section holds the card defining デジタル身分証アプリ登録者数.
    expect(rowOf(tables, 'headline_kpis', { kpi: 'digital-id-app-users' })).toMatchObject({
      goal: 'citizen',
      section: 2,
      position: 0,
      display_unit: '万人',
      display_divisor: 10000,
      display_digits: 1,
      published_target_at: '2024年度',
      published_target: '13.1',
      published_achievement_rate: '502',
      has_published: true,
    });
    expect(rowOf(tables, 'kpis', { id: 'digital-id-app-users' })).toMatchObject({
      unit: '人',
      cumulative: true,
    });
    expect(
      rowOf(tables, 'kpi_values', { kpi: 'digital-id-app-users', kind: 'actual', fiscal_year: 2023 }),
    ).toMatchObject({ value: '129000', approximate: true, provisional: false });
    expect(rowOf(tables, 'headline_kpis', { kpi: 'e-approval-rate' }).has_published).toBe(false);
    expect(rowOf(tables, 'headline_kpis', { kpi: 'advanced-model-cases' })).toMatchObject({
      has_published: true,
      published_target: null,
    });
    expect(
      tables.headline_published_values
        .filter((v) => v.goal === 'citizen' && v.section === 4)
        .map((v) => [v.at, v.value]),
    ).toEqual([
      ['2020年度', '66.5'],
      ['2023年度', '74.7'],
    ]);
  });

  it('writes initiatives with Western dates, ▶ lines and figures', () => {
    expect(rowOf(tables, 'initiatives', { goal: 'citizen', section: 0, position: 1 })).toMatchObject({
      text: 'キャッシュレス決済の導入拡大',
      date: '2025-02',
      until: null,
      is_new: false,
    });
    expect(rowOf(tables, 'initiative_figures', { label: '紙文書電子化数' })).toMatchObject({
      value: '75.3',
      approximate: true,
      unit: '万枚',
    });
  });

  it('writes the published summary as printed: total first, amounts with their scale', () => {
    const rows = tables.published_summaries;
    expect(rows[0]).toEqual({
      fiscal_year: 2024,
      position: 0,
      goal: null,
      label: 'R6ポリシー 関連事業【実績】',
      projects: 184,
      amount_oku_yen: '70.5',
      difference_projects: 8,
      difference_oku_yen: '8.2',
      rounding_note: false,
    });
    expect(rowOf(tables, 'published_summaries', { goal: 'local' })).toMatchObject({
      position: 2,
      amount_oku_yen: '29.0',
      difference_oku_yen: '13.0',
      rounding_note: null,
    });
    expect(rowOf(tables, 'published_summaries', { goal: 'prefecture' })).toMatchObject({
      difference_projects: -1,
      difference_oku_yen: '-2.7',
    });
  });

  it('writes a non-default rule set', () => {
    const doc = seedDocument();
    doc.plan.rules = { summary: { okuYen: { digits: 2, mode: 'truncate' } } };
    const rules = planToTables(planFrom(doc).document).rules;
    expect(rules.find((r) => r.rule === 'summary.okuYen.digits')?.value).toBe('2');
    expect(rules.find((r) => r.rule === 'summary.okuYen.mode')?.value).toBe('truncate');
  });
});
