// The history pages of the staff side: every change (filtered by person, period and table, 50 a page, as CSV) and
// one measure's changes.
import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  countHistory,
  type HistoryFilter,
  historyActors,
  listHistory,
} from '../../db/repositories/history.repository.ts';
import { kpisOfMeasure } from '../../domain/plan/model.ts';
import { HISTORY_TABLES } from '../../domain/tables/labels.ts';
import { planNames } from '../../domain/tables/row-labels.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { staffOf, staffPage } from '../staff/staff-context.tsx';
import { HistoryListing, type HistoryListingData } from '../views/admin/history-pages.tsx';
import { HistoryFilterForm, historyCsv } from '../views/admin/history-view.tsx';

type Ctx = Context<AppEnv>;

export const adminHistoryRoutes = new Hono<AppEnv>()
  .get('/measures/:measure/history', async (c) => {
    const plan = c.var.site.plan;
    const measure = plan.measures.get(c.req.param('measure'));
    if (measure === undefined) throw new AppError('not_found', '施策が見つかりません。');
    const page = historyPageNumber(c);
    if (page.error !== undefined) throw new AppError('bad_request', page.error);
    const filter = { measure: { id: measure.id, kpis: kpisOfMeasure(plan, measure).map((k) => k.id) } };
    const listing = await historyListing(c, filter, page.value);
    const back = `/admin/measures/${encodeURIComponent(measure.id)}/years/${plan.reportYear}`;
    return staffPage(
      c,
      `${measure.name} の変更履歴`,
      <>
        <p>
          <a href={back}>入力画面へ戻る</a>
        </p>
        <h1>{measure.name} の変更履歴</h1>
        <HistoryListing listing={listing} names={planNames(plan)} caption="この施策の変更（新しい順）" />
      </>,
      listing.outOfRange ? 404 : 200,
    );
  })
  .get('/history', async (c) => {
    const staff = staffOf(c);
    const filter = historyFilter(c);
    const page = historyPageNumber(c);
    const errors = page.error === undefined ? filter.errors : [...filter.errors, page.error];
    const listing = await historyListing(c, filter.value, page.value);
    return staffPage(
      c,
      '変更履歴',
      <>
        <h1>変更履歴</h1>
        <HistoryFilterForm
          actors={await historyActors(staff.db, staff.planId)}
          values={filter.raw}
          errors={errors}
        />
        <p>
          <a href={`/admin/history.csv${csvQuery(c)}`}>この条件の履歴をCSVでダウンロード</a>
        </p>
        <HistoryListing listing={listing} names={planNames(c.var.site.plan)} caption="変更（新しい順）" />
      </>,
      errors.length > 0 ? 400 : listing.outOfRange ? 404 : 200,
    );
  })
  .get('/history.csv', async (c) => {
    const staff = staffOf(c);
    const filter = historyFilter(c);
    if (filter.errors.length > 0) throw new AppError('bad_request', filter.errors.join(' '));
    const rows = await listHistory(staff.db, staff.planId, filter.value, { limit: 100_000 });
    return c.body(historyCsv(rows, planNames(c.var.site.plan)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="history.csv"; filename*=UTF-8''${encodeURIComponent('変更履歴.csv')}`,
    });
  });

/** The history filters from the query string: login, period (dates, JST), table (one of the listed tables). */
function historyFilter(c: Ctx) {
  const raw = {
    actor: c.req.query('actor') ?? '',
    from: c.req.query('from') ?? '',
    to: c.req.query('to') ?? '',
    table: c.req.query('table') ?? '',
  };
  const errors: string[] = [];
  const date = (value: string, label: string, addDays: number): Date | undefined => {
    if (value === '') return undefined;
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const parsed = match ? new Date(`${value}T00:00:00+09:00`) : undefined;
    if (parsed === undefined || Number.isNaN(parsed.getTime())) {
      errors.push(`＊${label}は 2025-04-01 の形式で入力してください。`);
      return undefined;
    }
    return new Date(parsed.getTime() + addDays * 86_400_000);
  };
  const table = HISTORY_TABLES.find((t) => t.value === raw.table);
  if (raw.table !== '' && table === undefined) errors.push('＊対象の表は一覧から選んでください。');
  const value: HistoryFilter = {
    actor: raw.actor || undefined,
    from: date(raw.from, '開始日', 0),
    to: date(raw.to, '終了日', 1),
    tables: table?.stored,
  };
  return { raw, value, errors };
}

const HISTORY_PAGE_SIZE = 50;

/** The page asked for (`?page=2`): the first when absent, an error for anything but a whole number from 1. */
function historyPageNumber(c: Ctx): { value: number; error?: string } {
  const raw = c.req.query('page') ?? '';
  if (raw === '') return { value: 1 };
  if (!/^[1-9]\d{0,5}$/.test(raw)) return { value: 1, error: '＊ページは1以上の整数で指定してください。' };
  return { value: Number(raw) };
}

/** The query string of this request without its page (the CSV holds every page). */
function csvQuery(c: Ctx): string {
  const params = new URL(c.req.url).searchParams;
  params.delete('page');
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** One page of the filtered history, with the links to the pages beside it (same path, same filters). */
async function historyListing(c: Ctx, filter: HistoryFilter, page: number): Promise<HistoryListingData> {
  const staff = staffOf(c);
  const total = await countHistory(staff.db, staff.planId, filter);
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const url = new URL(c.req.url);
  const href = (n: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(n));
    return `${url.pathname}?${params.toString()}`;
  };
  const paging = { page, pages, total, pageSize: HISTORY_PAGE_SIZE, href };
  if (page > pages) return { rows: [], paging, outOfRange: true };
  const rows = await listHistory(staff.db, staff.planId, filter, {
    limit: HISTORY_PAGE_SIZE,
    offset: (page - 1) * HISTORY_PAGE_SIZE,
  });
  return { rows, paging, outOfRange: false };
}
