import type { HistoryRow } from '../../../db/repositories/history.repository.ts';
import {
  columnLabel,
  HISTORY_TABLES,
  type PlanNames,
  tableTitle,
  valueLabel,
} from '../../../domain/tables/labels.ts';
import { describeKey, describeRow } from '../../../domain/tables/row-labels.ts';
import { toCsv } from '../../../io/csv/csv-cells.ts';

const OPERATION_LABELS: Readonly<Record<HistoryRow['operation'], string>> = {
  insert: '追加',
  update: '変更',
  delete: '削除',
};

/** 2026-11-25 16:03:12 in Japan time (history is stored in UTC). */
export const japanTime = (at: Date): string =>
  new Date(at.getTime() + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

/** Who made a change: an account's login, or the system itself (bootstrap.ts records `system:seed`). */
export const actorLabel = (actor: string): string =>
  actor === 'system:seed' ? 'システム（同梱データの登録）' : actor;

/**
 * 代理入力: a change an admin made on behalf of departments they do not belong to, with those departments' names
 * (「代理入力（震災復興・企画総務課）」); empty otherwise.
 */
export const onBehalfLabel = (row: HistoryRow, names: PlanNames): string =>
  row.onBehalfOf.length === 0
    ? ''
    : `代理入力（${row.onBehalfOf.map((code) => names.department(code) ?? code).join('、')}）`;

/** Who made a change, and for whom when it was 代理入力. */
const whoLabel = (row: HistoryRow, names: PlanNames): string => {
  const proxy = onBehalfLabel(row, names);
  return proxy === '' ? actorLabel(row.actor) : `${actorLabel(row.actor)}・${proxy}`;
};

/** What a history row is about, in words: 「KPI オープンデータみやぎ公開数・実績値・令和6年度」. */
export const describeEntity = (row: HistoryRow, names: PlanNames): string =>
  describeKey(row.table, row.key, names);

/** The field changed, or 「行の追加」 for a whole row. */
const describeColumn = (row: HistoryRow): string =>
  row.column === null
    ? `行の${OPERATION_LABELS[row.operation]}`
    : `${columnLabel(row.table, row.column)}（${OPERATION_LABELS[row.operation]}）`;

/** An old or new value in words; a whole row (stored as JSON) as its cells with their headers. */
export function describeValue(row: HistoryRow, value: string | null, names: PlanNames): string {
  if (value === null) return '（なし）';
  if (row.column === null && value.startsWith('{')) {
    try {
      return describeRow(row.table, JSON.parse(value) as Record<string, unknown>, names);
    } catch {
      return value;
    }
  }
  return row.column === null ? value : valueLabel(row.table, row.column, value, names);
}

export function HistoryTable({
  rows,
  names,
  caption,
}: {
  rows: readonly HistoryRow[];
  names: PlanNames;
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
            <th scope="col">表</th>
            <th scope="col">対象</th>
            <th scope="col">項目</th>
            <th scope="col">変更前</th>
            <th scope="col">変更後</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td data-label="日時">
                <time datetime={row.changedAt.toISOString()}>{japanTime(row.changedAt)}</time>
              </td>
              <td data-label="変更した人">{whoLabel(row, names)}</td>
              <td data-label="表">{tableTitle(row.table)}</td>
              <td data-label="対象">{describeEntity(row, names)}</td>
              <td data-label="項目">{describeColumn(row)}</td>
              <td class="history-old" data-label="変更前">
                {describeValue(row, row.oldValue, names)}
              </td>
              <td class="history-new" data-label="変更後">
                {describeValue(row, row.newValue, names)}
              </td>
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
              {actorLabel(a)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="table">対象の表</label>
        <select id="table" name="table">
          <option value="">すべて</option>
          {HISTORY_TABLES.map((t) => (
            <option value={t.value} selected={t.value === values.table}>
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

/**
 * The log as CSV (UTF-8 with BOM for Excel), formulas neutralised. The stored identifiers come first and unchanged
 * (UTC time, table, key as JSON, operation, column, old → new, request id): they are exact, stable for scripts and
 * for matching a change with the server log. The same change in words follows, as the history page shows it, for
 * the person who opens the file in Excel.
 */
export function historyCsv(rows: readonly HistoryRow[], names: PlanNames): string {
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
      'on_behalf_of',
      '日時（日本時間）',
      '変更した人',
      '表',
      '対象',
      '項目',
      '変更前',
      '変更後',
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
      r.onBehalfOf.join(' '),
      japanTime(r.changedAt),
      whoLabel(r, names),
      tableTitle(r.table),
      describeEntity(r, names),
      describeColumn(r),
      describeValue(r, r.oldValue, names),
      describeValue(r, r.newValue, names),
    ]),
  )}`;
}
