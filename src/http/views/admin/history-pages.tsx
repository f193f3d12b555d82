// The history's pages: 50 changes a page between two pagers (「全423件中 51〜100件目」, 前へ / 次へ), and what a page
// past the end shows.
import type { HistoryRow } from '../../../db/repositories/history.repository.ts';
import type { PlanNames } from '../../../domain/tables/labels.ts';
import { HistoryTable } from './history-view.tsx';

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
