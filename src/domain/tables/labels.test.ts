import { describe, expect, it } from 'vitest';
import { columnLabel, HISTORY_TABLES, type PlanNames, tableTitle, valueLabel } from './labels.ts';
import { describeKey, describeRow } from './row-labels.ts';

const NAMES: PlanNames = {
  kpi: (id) => (id === 'open-data-datasets' ? 'オープンデータみやぎ公開数' : undefined),
  measure: (id) => (id === 'open-data-miyagi' ? 'オープンデータみやぎ推進事業' : undefined),
  department: (code) => (code === 'kikaku-digital' ? '企画部 デジタルみやぎ推進課' : undefined),
  goal: (code) => (code === 'citizen' ? 'D for Citizen 最適化による県民サービスの向上' : undefined),
  planName: 'みやぎ情報化推進ポリシー',
};

describe('the label map', () => {
  it.each([
    ['kpi_values', 'KPI値'],
    ['plans', '計画'],
    ['plan', '計画'],
    ['reporting_cycles', '照会'],
    ['department_answers', '所属の回答'],
    ['users', 'アカウント'],
    ['publications', '公表'],
  ])('table %s is 「%s」', (table, title) => {
    expect(tableTitle(table)).toBe(title);
  });

  it.each([
    ['kpi_values', 'missing', '欠測理由'],
    ['reporting_cycles', 'state', '状態'],
    ['department_answers', 'comment', '差戻しの理由'],
    ['users', 'password', 'パスワード'],
    ['kpis', 'overwrote_newer_version', '新しい版の上書き'],
    ['plans', 'report_fiscal_year', '報告年度'],
  ])('column %s.%s is 「%s」', (table, column, label) => {
    expect(columnLabel(table, column)).toBe(label);
  });

  it.each([
    ['reporting_cycles', 'state', 'reviewing', '確認中'],
    ['reporting_cycles', 'state', 'correcting', '訂正中'],
    ['department_answers', 'state', 'returned', '差戻し'],
    ['kpi_values', 'kind', 'baseline', '基準値'],
    ['kpi_values', 'missing', 'not-yet-known', '未確定'],
    ['kpi_values', 'provisional', 'true', 'はい'],
    ['kpi_values', 'percent', false, 'いいえ'],
    ['kpis', 'direction', 'decrease', '減少が良い'],
    ['goals', 'kind', 'foundation', '基盤取組'],
    ['plans', 'report_fiscal_year', '2019', '令和元年度'],
    ['rules', 'value', 'half-up', '四捨五入'],
    ['users', 'disabled', 'true', 'はい'],
    ['users', 'role', 'editor kikaku-digital', '入力担当（所属）：企画部 デジタルみやぎ推進課'],
    ['users', 'role', 'admin', '管理者（政策担当課）'],
    ['measures', 'department', 'kikaku-digital', '企画部 デジタルみやぎ推進課'],
    ['kpi_values', 'value', '12.50', '12.50'],
    ['kpi_values', 'note', null, '（なし）'],
  ])('%s.%s %s reads 「%s」', (table, column, value, label) => {
    expect(valueLabel(table, column, value, NAMES)).toBe(label);
  });

  it('an unknown code keeps the code, an unknown table its name (nothing is hidden)', () => {
    expect(valueLabel('measure_kpis', 'kpi', 'no-such-kpi', NAMES)).toBe('no-such-kpi');
    expect(tableTitle('some_new_table')).toBe('some_new_table');
  });

  it('the history filter covers the plan row under both names it is recorded by', () => {
    expect(HISTORY_TABLES.find((t) => t.value === 'plan')).toEqual({
      value: 'plan',
      title: '計画',
      stored: ['plan', 'plans'],
    });
  });
});

describe('rows in words', () => {
  it.each([
    [
      'kpi_values',
      { kpi: 'open-data-datasets', kind: 'actual', fiscal_year: 2024 },
      'KPI オープンデータみやぎ公開数・実績値・令和6年度',
    ],
    [
      'kpi_values',
      { kpi: 'open-data-datasets', kind: 'baseline', fiscal_year: null },
      'KPI オープンデータみやぎ公開数・基準値',
    ],
    [
      'analyses',
      { measure: 'open-data-miyagi', fiscal_year: 2024 },
      '施策 オープンデータみやぎ推進事業・令和6年度',
    ],
    ['reporting_cycles', { fiscal_year: 2024 }, '令和6年度'],
    [
      'department_answers',
      { fiscal_year: 2024, department: 'kikaku-digital' },
      '企画部 デジタルみやぎ推進課・令和6年度',
    ],
    ['users', { login: 'editor-b' }, 'アカウント editor-b'],
    ['publications', { fiscal_year: 2024, revision: 2 }, '令和6年度・第2版'],
    ['plans', { plan_id: 'miyagi-2021' }, '計画 みやぎ情報化推進ポリシー'],
    [
      'guidelines',
      { goal: 'citizen', section: 1, position: 2 },
      '目標 D for Citizen 最適化による県民サービスの向上・枠1・順序2',
    ],
    ['kpis', { id: 'open-data-datasets' }, 'KPI オープンデータみやぎ公開数'],
    ['departments', { code: 'kikaku-digital' }, '所属 企画部 デジタルみやぎ推進課'],
    ['rules', { rule: 'summary.okuYen.mode' }, '億円表示の端数処理'],
    ['kpi_values', { kpi: 'gone-kpi', kind: 'target', fiscal_year: 2025 }, 'KPI gone-kpi・目標値・令和7年度'],
  ])('%s %j is 「%s」', (table, key, phrase) => {
    expect(describeKey(table, key, NAMES)).toBe(phrase);
  });

  it('a whole row lists its filled cells with their headers, names for codes', () => {
    expect(
      describeRow(
        'kpi_values',
        {
          kpi: 'open-data-datasets',
          kind: 'target',
          fiscal_year: 2024,
          value: '500',
          missing: null,
          percent: false,
        },
        NAMES,
      ),
    ).toBe('KPI: オープンデータみやぎ公開数、区分: 目標値、年度: 令和6年度、値: 500、%表記: いいえ');
  });
});
