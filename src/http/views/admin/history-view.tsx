import type { HistoryRow } from '../../../db/repositories/history.repository.ts';
import { formatFiscalYear } from '../../../domain/calendar/fiscal-year.ts';
import type { Plan } from '../../../domain/plan/model.ts';
import { TABLES } from '../../../domain/tables/definitions.ts';
import { toCsv } from '../../../io/csv/csv-cells.ts';

const KIND_LABELS: Readonly<Record<string, string>> = {
  baseline: '基準値',
  target: '目標値',
  actual: '実績値',
};

const COLUMN_LABELS: Readonly<Record<string, string>> = {
  value: '値',
  missing: '値がない理由',
  marker: '表記',
  percent: '％表示',
  approximate: '「約」',
  provisional: '見込み',
  note: '備考',
  text: '本文',
  name: '名称',
  unit: '単位',
  title: '見出し',
  password: 'パスワード',
  totp: '二要素認証',
  disabled: '無効',
  role: '役割',
  overwrote_newer_version: '新しい版の上書き',
};

const OPERATION_LABELS: Readonly<Record<HistoryRow['operation'], string>> = {
  insert: '追加',
  update: '変更',
  delete: '削除',
};

/** 2026-11-25 16:03:12 in Japan time (history is stored in UTC). */
export const japanTime = (at: Date): string =>
  new Date(at.getTime() + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

const yearText = (fy: unknown): string => (typeof fy === 'number' ? formatFiscalYear(fy) : '');

/** What a history row is about, in words: 「オープンデータ数 実績値 令和6年度」. */
export function describeEntity(row: HistoryRow, plan: Plan): string {
  const key = row.key;
  if (row.table === 'kpi_values') {
    const kpi = plan.kpis.get(String(key.kpi));
    return [kpi?.name ?? String(key.kpi), KIND_LABELS[String(key.kind)] ?? '', yearText(key.fiscal_year)]
      .filter((s) => s !== '')
      .join(' ');
  }
  if (row.table === 'analyses') {
    const measure = plan.measures.get(String(key.measure));
    return `${measure?.name ?? String(key.measure)} 要因分析 ${yearText(key.fiscal_year)}`;
  }
  if (row.table === 'users') return `アカウント ${String(key.login)}`;
  const title = TABLES.find((t) => t.name === row.table)?.title ?? row.table;
  return `${title} ${JSON.stringify(key)}`;
}

const BOOLEAN_COLUMNS = new Set([
  'percent',
  'approximate',
  'provisional',
  'cumulative',
  'is_new',
  'has_published',
]);

const shown = (value: string | null, column: string | null) =>
  value === null
    ? '（なし）'
    : column !== null && BOOLEAN_COLUMNS.has(column) && (value === 'true' || value === 'false')
      ? value === 'true'
        ? 'はい'
        : 'いいえ'
      : value;

export function HistoryTable({
  rows,
  plan,
  caption,
}: {
  rows: readonly HistoryRow[];
  plan: Plan;
  caption: string;
}) {
  if (rows.length === 0) return <p>記録された変更はありません。</p>;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page
    <div class="table-scroll" role="region" aria-label="変更履歴の表" tabindex={0}>
      <table class="data-table history-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">日時（日本時間）</th>
            <th scope="col">変更した人</th>
            <th scope="col">対象</th>
            <th scope="col">項目</th>
            <th scope="col">変更前</th>
            <th scope="col">変更後</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td>
                <time datetime={row.changedAt.toISOString()}>{japanTime(row.changedAt)}</time>
              </td>
              <td>{row.actor}</td>
              <td>{describeEntity(row, plan)}</td>
              <td>
                {row.column === null ? '' : (COLUMN_LABELS[row.column] ?? row.column)}（
                {OPERATION_LABELS[row.operation]}）
              </td>
              <td class="history-old">{shown(row.oldValue, row.column)}</td>
              <td class="history-new">{shown(row.newValue, row.column)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface HistoryFilterValues {
  readonly actor: string;
  readonly from: string;
  readonly to: string;
  readonly table: string;
}

/** The global log's filters as a GET form (the result is a URL; the CSV link keeps the same query). */
export function HistoryFilterForm({
  actors,
  values,
  errors,
}: {
  actors: readonly string[];
  values: HistoryFilterValues;
  errors: readonly string[];
}) {
  return (
    <form method="get" action="/admin/history" class="filter-form" aria-label="変更履歴の絞り込み">
      {errors.length > 0 && (
        <div class="error-summary" role="alert">
          {errors.map((e) => (
            <p class="field-error">{e}</p>
          ))}
        </div>
      )}
      <div class="field">
        <label for="actor">変更した人</label>
        <select id="actor" name="actor">
          <option value="">すべて</option>
          {actors.map((a) => (
            <option value={a} selected={a === values.actor}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="table">対象の表</label>
        <select id="table" name="table">
          <option value="">すべて</option>
          {TABLES.map((t) => (
            <option value={t.name} selected={t.name === values.table}>
              {t.title}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="from">開始日</label>
        <input type="date" id="from" name="from" value={values.from} />
      </div>
      <div class="field">
        <label for="to">終了日</label>
        <input type="date" id="to" name="to" value={values.to} />
      </div>
      <div class="filter-form__actions">
        <button type="submit" class="button">
          絞り込む
        </button>
      </div>
    </form>
  );
}

/** The log as CSV (UTF-8 with BOM for Excel): UTC time, who, what, old → new, request id; formulas neutralised. */
export function historyCsv(rows: readonly HistoryRow[]): string {
  return `\uFEFF${toCsv(
    [
      'changed_at_utc',
      'actor',
      'table',
      'row_key',
      'operation',
      'column',
      'old_value',
      'new_value',
      'request_id',
    ],
    rows.map((r) => [
      r.changedAt.toISOString(),
      r.actor,
      r.table,
      JSON.stringify(r.key),
      r.operation,
      r.column,
      r.oldValue,
      r.newValue,
      r.requestId,
    ]),
  )}`;
}
