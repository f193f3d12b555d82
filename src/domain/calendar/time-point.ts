import { ok, type Result } from '../result.ts';
import {
  calendarIssue,
  checkWesternYear,
  ERA_SOURCE,
  ERA_YEAR_SOURCE,
  eraOfToken,
  eraYearNumber,
  prepareInput,
  westernYearOfEraYear,
} from './calendar-text.ts';
import {
  type FiscalYear,
  fiscalYearOf,
  fiscalYearRange,
  formatFiscalYear,
  matchFiscalYear,
} from './fiscal-year.ts';
import {
  type CivilDate,
  compareCivilDates,
  daysInMonth,
  type Era,
  eraYearOfDate,
  formatEraYear,
} from './japanese-era.ts';

/**
 * 時点: what a figure is "as of" — a fiscal year (R6年度), a month (R3.3; `position: 'end'` for 令和7年2月末, the
 * month's last day) or a date (R6.6.14). `fiscalYear` is always the fiscal year the point falls in.
 */
export type TimePoint =
  | { kind: 'fiscal-year'; fiscalYear: FiscalYear }
  | { kind: 'month'; year: number; month: number; fiscalYear: FiscalYear; position?: 'end' }
  | { kind: 'date'; year: number; month: number; day: number; fiscalYear: FiscalYear };

/** `western` is the form for data files and databases: 2019年度, 2021-03, 2025-02末, 2024-06-14. */
export type TimePointStyle = 'long' | 'short' | 'western';

const TIME_POINT_EXAMPLES = 'R6年度、R3.3、令和7年2月末、2024/6/14';

const ERA = `(?<era>${ERA_SOURCE})\\s*(?<year>${ERA_YEAR_SOURCE})`;
const YEAR = '(?<year>\\d+)';
const YEAR_SEP = '\\s*(?:[./-]|年)\\s*';
const MONTH = '(?<month>\\d+)';
const MONTH_SEP = '\\s*(?:[./-]|月)\\s*';
const DAY = '(?<day>\\d+)\\s*日?$';
const MONTH_END = '\\s*月?\\s*(?<end>末日?)?$';

// R6.6.14, 令和6年6月14日 / R3.3, R7.2月, 令和7年2月末 / 2024/6/14, 2024-06-14 / 2024年6月, 2024-06, 2024/6.
const PATTERNS: readonly RegExp[] = [
  new RegExp(`^${ERA}${YEAR_SEP}${MONTH}${MONTH_SEP}${DAY}`, 'i'),
  new RegExp(`^${ERA}${YEAR_SEP}${MONTH}${MONTH_END}`, 'i'),
  new RegExp(`^${YEAR}${YEAR_SEP}${MONTH}${MONTH_SEP}${DAY}`),
  new RegExp(`^${YEAR}${YEAR_SEP}${MONTH}${MONTH_END}`),
];

interface Fields {
  era: Era | undefined;
  year: Result<number>;
  month: number;
  day: number | undefined;
  end: boolean;
}

/**
 * Parses a time point: any fiscal year parseFiscalYear accepts, a month (R3.3, R7.2月末, 令和7年2月, 2024年6月,
 * 2024-06) or a date (R6.6.14, 令和6年6月14日, 2024/6/14), in full or half width; never throws.
 * An era month or date must not end before its era began (R1.4 is rejected: 令和 began on 2019-05-01); one past the
 * era's end is accepted as an alias of old documents (H31.5 = R元.5, H32.1 = R2.1).
 */
export function parseTimePoint(text: string): Result<TimePoint> {
  const prepared = prepareInput(text, '時点', TIME_POINT_EXAMPLES);
  if (!prepared.ok) return prepared;
  const normalized = prepared.value;
  const fiscalYear = matchFiscalYear(normalized, text);
  if (fiscalYear !== undefined) {
    return fiscalYear.ok ? ok({ kind: 'fiscal-year', fiscalYear: fiscalYear.value }) : fiscalYear;
  }
  const fields = matchFields(normalized, text);
  if (fields === undefined) {
    return calendarIssue(
      'calendar.unreadable',
      `「${text}」は時点として読み取れません。例: ${TIME_POINT_EXAMPLES}`,
      text,
    );
  }
  return buildTimePoint(fields, text);
}

function matchFields(normalized: string, input: string): Fields | undefined {
  for (const pattern of PATTERNS) {
    const groups = pattern.exec(normalized)?.groups;
    if (groups === undefined) continue;
    const era = groups.era === undefined ? undefined : eraOfToken(groups.era);
    const yearText = groups.year ?? '';
    return {
      era,
      year:
        era === undefined
          ? checkWesternYear(Number(yearText), input)
          : westernYearOfEraYear(era, eraYearNumber(yearText), input),
      month: Number(groups.month),
      day: groups.day === undefined ? undefined : Number(groups.day),
      end: groups.end !== undefined,
    };
  }
  return undefined;
}

function buildTimePoint(fields: Fields, input: string): Result<TimePoint> {
  if (!fields.year.ok) return fields.year;
  const year = fields.year.value;
  const { month, day, era } = fields;
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    return calendarIssue(
      'calendar.month-out-of-range',
      `「${input}」: 月は1から12までで指定してください。`,
      input,
    );
  }
  const lastDay = daysInMonth(year, month);
  if (day !== undefined && (day < 1 || day > lastDay)) {
    return calendarIssue(
      'calendar.day-out-of-range',
      `「${input}」: ${year}年${month}月は1日から${lastDay}日までです。`,
      input,
    );
  }
  // An era month must overlap the era: 令和元年5月 is fine, 令和元年4月 (still 平成31年) is not.
  const latest: CivilDate = { year, month, day: day ?? lastDay };
  if (era !== undefined && compareCivilDates(latest, era.start) < 0) {
    const { start } = era;
    const correct = formatTimePoint(
      day === undefined ? monthPoint(year, month, false) : datePoint(latest),
      'long',
    );
    return calendarIssue(
      'calendar.before-era-start',
      `「${input}」は${era.name}が始まる前です（${era.name}は${start.year}年${start.month}月${start.day}日から）。` +
        `${correct}と書いてください。`,
      input,
    );
  }
  return ok(day === undefined ? monthPoint(year, month, fields.end) : datePoint(latest));
}

function monthPoint(year: number, month: number, end: boolean): TimePoint {
  const fiscalYear = fiscalYearOf({ year, month, day: 1 });
  return end
    ? { kind: 'month', year, month, fiscalYear, position: 'end' }
    : { kind: 'month', year, month, fiscalYear };
}

function datePoint(date: CivilDate): TimePoint {
  const { year, month, day } = date;
  return { kind: 'date', year, month, day, fiscalYear: fiscalYearOf(date) };
}

/**
 * Formats a time point: fiscal year R6年度 / 令和6年度, month R3.3 / 令和3年3月 (R7.2末 / 令和7年2月末 at the end),
 * date R6.6.14 / 令和6年6月14日; era year 1 prints 元 (R元.5, 令和元年5月). A month is named in the era in effect
 * on its last day (2019-04 → H31.4, 2019-05 → R元.5); points before 明治 are written 1868年1月5日 in both styles.
 */
export function formatTimePoint(tp: TimePoint, style: TimePointStyle = 'short'): string {
  if (style === 'western') return formatWestern(tp);
  switch (tp.kind) {
    case 'fiscal-year':
      return formatFiscalYear(tp.fiscalYear, style);
    case 'month': {
      const end = tp.position === 'end' ? '末' : '';
      const named = eraYearOfDate({ year: tp.year, month: tp.month, day: daysInMonth(tp.year, tp.month) });
      if (named === undefined) return `${tp.year}年${tp.month}月${end}`;
      const eraYear = formatEraYear(named.year);
      return style === 'short'
        ? `${named.era.letter}${eraYear}.${tp.month}${end}`
        : `${named.era.name}${eraYear}年${tp.month}月${end}`;
    }
    case 'date': {
      const named = eraYearOfDate(tp);
      if (named === undefined) return `${tp.year}年${tp.month}月${tp.day}日`;
      const eraYear = formatEraYear(named.year);
      return style === 'short'
        ? `${named.era.letter}${eraYear}.${tp.month}.${tp.day}`
        : `${named.era.name}${eraYear}年${tp.month}月${tp.day}日`;
    }
  }
}

const two = (n: number) => String(n).padStart(2, '0');

function formatWestern(tp: TimePoint): string {
  switch (tp.kind) {
    case 'fiscal-year':
      return formatFiscalYear(tp.fiscalYear, 'western');
    case 'month':
      return `${tp.year}-${two(tp.month)}${tp.position === 'end' ? '末' : ''}`;
    case 'date':
      return `${tp.year}-${two(tp.month)}-${two(tp.day)}`;
  }
}

/** The fiscal year a time point falls in, e.g. R3.3 → 2020. */
export function fiscalYearOfTimePoint(tp: TimePoint): FiscalYear {
  return tp.fiscalYear;
}

/**
 * Orders time points by the earliest day each denotes (a fiscal year starts on 1 April; 月末 is the month's last
 * day), then by the latest, so a date sorts before its month and a month before its fiscal year.
 */
export function compareTimePoints(a: TimePoint, b: TimePoint): number {
  const spanA = spanOf(a);
  const spanB = spanOf(b);
  return compareCivilDates(spanA.start, spanB.start) || compareCivilDates(spanA.end, spanB.end);
}

function spanOf(tp: TimePoint): { start: CivilDate; end: CivilDate } {
  switch (tp.kind) {
    case 'fiscal-year':
      return fiscalYearRange(tp.fiscalYear);
    case 'month': {
      const last: CivilDate = { year: tp.year, month: tp.month, day: daysInMonth(tp.year, tp.month) };
      return { start: tp.position === 'end' ? last : { year: tp.year, month: tp.month, day: 1 }, end: last };
    }
    case 'date':
      return { start: tp, end: tp };
  }
}
