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
              <td>
                <time datetime={row.changedAt.toISOString()}>{japanTime(row.changedAt)}</time>
              </td>
              <td>{actorLabel(row.actor)}</td>
              <td>{tableTitle(row.table)}</td>
              <td>{describeEntity(row, names)}</td>
              <td>{describeColumn(row)}</td>
              <td class="history-old">{describeValue(row, row.oldValue, names)}</td>
              <td class="history-new">{describeValue(row, row.newValue, names)}</td>
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

/** Where a page of the log is: its number, how many pages, how many rows in all, and the link to another page. */
export interface HistoryPaging {
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly pageSize: number;
  readonly href: (page: number) => string;
}

/** 「全123件中 51〜100件目（2/3ページ）」 with 前へ/次へ links (plain links: the pages work without JavaScript). */
export function HistoryPager({ paging, label }: { paging: HistoryPaging; label: string }) {
  const { page, pages, total, pageSize } = paging;
  if (total === 0) return null;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  return (
    <nav class="pager" aria-label={label}>
      <p>
        全{total}件中 {first}〜{last}件目（{page}/{pages}ページ）
      </p>
      <ul class="pager__links">
        {page > 1 && (
          <li>
            <a href={paging.href(page - 1)} rel="prev">
              前へ
            </a>
          </li>
        )}
        {page < pages && (
          <li>
            <a href={paging.href(page + 1)} rel="next">
              次へ
            </a>
          </li>
        )}
      </ul>
    </nav>
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
      '日時（日本時間）',
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
      japanTime(r.changedAt),
      tableTitle(r.table),
      describeEntity(r, names),
      describeColumn(r),
      describeValue(r, r.oldValue, names),
      describeValue(r, r.newValue, names),
    ]),
  )}`;
}

/** One page of the log as a route reads it. */
export interface HistoryListingData {
  readonly rows: readonly HistoryRow[];
  readonly paging: HistoryPaging;
  /** A page after the last one was asked for (an old link, a typed URL). */
  readonly outOfRange: boolean;
}

/** The page's rows between two pagers; a page past the end says so and links to the last and the first page. */
export function HistoryListing({
  listing,
  names,
  caption,
}: {
  listing: HistoryListingData;
  names: PlanNames;
  caption: string;
}) {
  const { paging } = listing;
  if (listing.outOfRange) {
    return (
      <div class="notice" role="status">
        <p>
          {paging.page}ページはありません。この条件の変更は全{paging.total}件で、{paging.pages}
          ページまでです。
        </p>
        <p>
          <a href={paging.href(paging.pages)}>最後のページ（{paging.pages}ページ）へ</a>
          {' ／ '}
          <a href={paging.href(1)}>最初のページへ</a>
        </p>
      </div>
    );
  }
  return (
    <>
      <HistoryPager paging={paging} label="変更履歴のページ（表の上）" />
      <HistoryTable rows={listing.rows} names={names} caption={`${caption}、全${paging.total}件`} />
      <HistoryPager paging={paging} label="変更履歴のページ（表の下）" />
    </>
  );
}
