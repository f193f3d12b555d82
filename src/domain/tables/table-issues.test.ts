import { describe, expect, it } from 'vitest';
import { seedPlan } from '../../../test/support/plans.ts';
import type { PlanTables, Row, TableName } from './definitions.ts';
import { tablesToDocument } from './from-tables.ts';
import type { TableIssue } from './issues.ts';
import { planToTables } from './to-tables.ts';

const seedTables = (): PlanTables => planToTables(seedPlan().document);

function issuesOf(tables: PlanTables): TableIssue[] {
  const result = tablesToDocument(tables);
  if (result.ok) throw new Error('expected the tables to be rejected');
  return result.error;
}

/** Replaces cells of the first row of `table` matching `match`; returns that row's index. */
function edit(tables: PlanTables, table: TableName, match: Row, cells: Row): number {
  const index = tables[table].findIndex((row) => Object.entries(match).every(([k, v]) => row[k] === v));
  if (index < 0) throw new Error(`no ${table} row ${JSON.stringify(match)}`);
  tables[table][index] = { ...(tables[table][index] as Row), ...cells };
  return index;
}

describe('tablesToDocument reports structural problems where they are', () => {
  it('a guideline for a goal that has no goal row', () => {
    const tables = seedTables();
    tables.guidelines.push({ goal: 'nowhere', section: 0, position: 0, text: '行動指針' });
    expect(issuesOf(tables)).toEqual([
      {
        table: 'guidelines',
        row: tables.guidelines.length - 1,
        column: 'goal',
        message: '目標コード「nowhere」は「目標」の表にありません',
      },
    ]);
  });

  it('rows repeating a natural key', () => {
    const tables = seedTables();
    tables.guidelines.push({ ...(tables.guidelines[1] as Row), text: '別の文' });
    tables.departments.push({ ...(tables.departments[0] as Row) });
    expect(issuesOf(tables)).toEqual([
      {
        table: 'departments',
        row: 9,
        column: 'code',
        message: '「所属コード」kikaku-digital の行が重複しています',
      },
      {
        table: 'guidelines',
        row: tables.guidelines.length - 1,
        column: 'position',
        message: '「目標コード」citizen・「枠番号」0・「順序」1 の行が重複しています',
      },
    ]);
  });

  it('a dangling parent and a cycle in the goal tree', () => {
    const tables = seedTables();
    const talent = edit(tables, 'goals', { code: 'prefecture-talent' }, { parent: 'no-such-goal' });
    const foundation = edit(tables, 'goals', { code: 'foundation' }, { parent: 'prefecture' });
    expect(issuesOf(tables)).toEqual([
      {
        table: 'goals',
        row: foundation,
        column: 'parent',
        message: '目標「foundation」は上位の目標をたどると自分自身に戻ります（循環）',
      },
      {
        table: 'goals',
        row: 5,
        column: 'parent',
        message: '目標「prefecture」は上位の目標をたどると自分自身に戻ります（循環）',
      },
      {
        table: 'goals',
        row: talent,
        column: 'parent',
        message: '上位の目標コード「no-such-goal」は「目標」の表にありません',
      },
    ]);
  });

  it('a card in a section without guidelines, and a printed value of a card that does not exist', () => {
    const tables = seedTables();
    const card = edit(tables, 'headline_kpis', { kpi: 'e-approval-rate' }, { section: 7 });
    const value = edit(tables, 'headline_published_values', { goal: 'citizen', position: 1 }, { card: 3 });
    const issues = issuesOf(tables);
    expect(issues).toContainEqual({
      table: 'headline_kpis',
      row: card,
      column: 'section',
      message: '目標「business」の枠 7 は「行動指針」の表にありません',
    });
    expect(issues).toContainEqual({
      table: 'headline_published_values',
      row: value,
      column: 'card',
      message: '関連KPIカード（目標「citizen」・枠 2・カード順 3）は「関連KPI」の表にありません',
    });
  });

  it('a KPI id that is not in the KPI table, and a KPI row nothing shows', () => {
    const tables = seedTables();
    const entry = edit(tables, 'measure_kpis', { kpi: 'free-wifi-sites' }, { kpi: 'free-wifi-spots' });
    expect(issuesOf(tables)).toEqual([
      {
        table: 'kpis',
        row: tables.kpis.findIndex((k) => k.id === 'free-wifi-sites'),
        column: 'id',
        message: 'KPI「free-wifi-sites」はどの施策にも関連KPIにも使われていません',
      },
      {
        table: 'measure_kpis',
        row: entry,
        column: 'kpi',
        message: 'KPI「free-wifi-spots」は「KPI」の表にありません',
      },
    ]);
  });

  it('references to measures, goals and departments that do not exist', () => {
    const tables = seedTables();
    tables.analyses.push({ measure: 'ghost', fiscal_year: 2024, text: null });
    const measure = edit(
      tables,
      'measures',
      { id: 'free-wifi' },
      { goal: 'nowhere', department: 'ghost-ka' },
    );
    const project = edit(
      tables,
      'project_totals',
      { goal: 'citizen', fiscal_year: 2023 },
      { goal: 'citizens' },
    );
    const issues = issuesOf(tables);
    expect(issues).toContainEqual({
      table: 'analyses',
      row: tables.analyses.length - 1,
      column: 'measure',
      message: '施策ID「ghost」は「施策」の表にありません',
    });
    expect(issues).toContainEqual({
      table: 'measures',
      row: measure,
      column: 'goal',
      message: '目標コード「nowhere」は「目標」の表にありません',
    });
    expect(issues).toContainEqual({
      table: 'measures',
      row: measure,
      column: 'department',
      message: '所属コード「ghost-ka」は「所属」の表にありません',
    });
    expect(issues).toContainEqual({
      table: 'project_totals',
      row: project,
      column: 'goal',
      message: '目標コード「citizens」は「目標」の表にありません',
    });
  });

  it('a further goal of a measure that does not exist, or for a goal that does not exist', () => {
    const tables = seedTables();
    tables.measure_goals.push(
      { measure: 'ghost', position: 0, goal: 'citizen' },
      { measure: 'free-wifi', position: 0, goal: 'nowhere' },
      { measure: 'free-wifi', position: 1, goal: null },
    );
    expect(issuesOf(tables)).toEqual([
      {
        table: 'measure_goals',
        row: 0,
        column: 'measure',
        message: '施策ID「ghost」は「施策」の表にありません',
      },
      {
        table: 'measure_goals',
        row: 1,
        column: 'goal',
        message: '目標コード「nowhere」は「目標」の表にありません',
      },
      { table: 'measure_goals', row: 2, column: 'goal', message: '「目標コード」が空欄です' },
    ]);
  });

  it('blank or non-integer positions, a missing plan row, a summary without its total', () => {
    const tables = seedTables();
    edit(tables, 'measures', { id: 'agritech' }, { position: '3' });
    edit(tables, 'initiatives', { goal: 'local', section: 0, position: 0 }, { position: null });
    edit(tables, 'published_summaries', { position: 0 }, { goal: 'citizen' });
    tables.plan = [];
    const issues = issuesOf(tables);
    expect(issues).toContainEqual({
      table: 'plan',
      row: 0,
      message: '「計画」の表に行がありません（1行必要です）',
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        table: 'measures',
        column: 'position',
        message: '「順序」は0以上の整数で入力してください（「3」）',
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ table: 'initiatives', column: 'position', message: '「順序」が空欄です' }),
    );
    expect(issues).toContainEqual({
      table: 'published_summaries',
      row: 0,
      column: 'goal',
      message: '年度 2024 の合計（目標コード空欄）の行がありません',
    });
  });

  it('KPI values that cannot be written back as they are', () => {
    const tables = seedTables();
    const both = edit(
      tables,
      'kpi_values',
      { kpi: 'open-data-datasets', kind: 'actual' },
      { missing: 'no-value' },
    );
    const none = edit(tables, 'kpi_values', { kpi: 'free-wifi-sites', kind: 'actual' }, { value: null });
    const marker = edit(
      tables,
      'kpi_values',
      { kpi: 'seminar-satisfaction', kind: 'baseline' },
      { marker: '—' },
    );
    const asOf = edit(
      tables,
      'kpi_values',
      { kpi: 'free-wifi-sites', kind: 'target' },
      { as_of: '2024年度' },
    );
    const year = edit(
      tables,
      'kpi_values',
      { kpi: 'my-number-card-rate', kind: 'baseline' },
      { fiscal_year: 2019 },
    );
    expect(issuesOf(tables)).toEqual(
      [
        { row: both, column: 'missing', message: '値と欠測理由は同時に入力できません' },
        {
          row: asOf,
          column: 'as_of',
          message: '時点は基準値にだけ入力できます（目標値・実績値は年度で表します）',
        },
        { row: none, column: 'value', message: '値か欠測理由のどちらかを入力してください' },
        {
          row: year,
          column: 'fiscal_year',
          message: '年度 2019 が時点「2020-12」の年度（2020）と一致しません',
        },
        {
          row: marker,
          column: 'marker',
          message: '欠測の表記「—」は欠測理由 not-measured の表記ではありません（例: 未計測）',
        },
      ]
        .map((i) => ({ table: 'kpi_values', ...i }))
        .sort((a, b) => a.row - b.row),
    );
  });
});
