import { formatFiscalYear, formatFiscalYearBoth } from '../../domain/calendar/fiscal-year.ts';

/** The fiscal year a page shows, the years it may show, and the year shown when none is asked for. */
export interface PageYear {
  readonly fy: number;
  readonly years: readonly number[];
  readonly defaultYear: number;
}

/** 令和6年度（2024年度）: the era year with the Western year beside it. */
export const yearText = (fy: number): string => formatFiscalYearBoth(fy);

/** R6年度: the short form for table cells and chart axes. */
export const shortYearText = (fy: number): string => formatFiscalYear(fy, 'short');

type QueryValue = string | number | undefined | null;

/** A path with its query; empty values are left out, so links stay short and shareable. */
export function href(path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/** The `fy` parameter of links: absent for the default year, so the plain URL stays canonical. */
export const fyParam = (year: PageYear): number | undefined =>
  year.fy === year.defaultYear ? undefined : year.fy;

export const goalHref = (code: string, year: PageYear) =>
  href(`/goals/${encodeURIComponent(code)}`, { fy: fyParam(year) });

export const measureHref = (id: string, year: PageYear) =>
  href(`/measures/${encodeURIComponent(id)}`, { fy: fyParam(year) });
