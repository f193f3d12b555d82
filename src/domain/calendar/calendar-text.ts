import { ok, parseIssue, type Result } from '../result.ts';
import { ERAS, type Era, nextEra } from './japanese-era.ts';

/** Stable codes of the calendar parsers' rejections. */
export type CalendarIssueCode =
  | 'calendar.empty'
  | 'calendar.unreadable'
  | 'calendar.era-year-out-of-range'
  | 'calendar.year-out-of-range'
  | 'calendar.month-out-of-range'
  | 'calendar.day-out-of-range'
  | 'calendar.before-era-start';

/** The Western years the parsers accept (明治元年 to a horizon far beyond any plan). */
export const MIN_WESTERN_YEAR = 1868;
export const MAX_WESTERN_YEAR = 2200;

// Longer inputs are never a date; the cap also bounds the regular expressions' work.
const MAX_INPUT_LENGTH = 64;

/** Builds a rejection with one of the calendar codes. */
export const calendarIssue = (code: CalendarIssueCode, message: string, input: string) =>
  parseIssue(code, message, input);

/**
 * Normalises a date-like text: NFKC (Ｒ６ → R6, ．→ ., ㋿ → 令和), dashes (U+2010, U+2012–U+2015, U+2212, U+FF0D) to
 * '-', and trimmed. Only for codes, numbers and dates: NFKC on free text would turn ① into 1.
 */
export function normalizeCalendarText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2010\u2012-\u2015\u2212\uFF0D]/g, '-')
    .trim();
}

/**
 * Normalises the input, or rejects it when it is not a string, empty or too long to be a date.
 * `what` names the expected thing in the message (年度, 時点).
 */
export function prepareInput(text: unknown, what: string, examples: string): Result<string> {
  if (typeof text !== 'string') {
    return calendarIssue(
      'calendar.unreadable',
      `${what}が文字列ではありません。例: ${examples}`,
      String(text),
    );
  }
  const normalized = normalizeCalendarText(text);
  if (normalized === '') return calendarIssue('calendar.empty', `${what}が空です。例: ${examples}`, text);
  if (normalized.length > MAX_INPUT_LENGTH) {
    return calendarIssue(
      'calendar.unreadable',
      `「${text}」は${what}として読み取れません。例: ${examples}`,
      text,
    );
  }
  return ok(normalized);
}

/** Regular-expression source of an era prefix: a name or a letter (matched case-insensitively). */
export const ERA_SOURCE = '(令和|平成|昭和|大正|明治|[RHSTM])';

/** Regular-expression source of an era year: 元 or digits. */
export const ERA_YEAR_SOURCE = '(元|\\d+)';

/** The era named by a prefix matched by ERA_SOURCE, e.g. 'r' → 令和. */
export function eraOfToken(token: string): Era | undefined {
  const upper = token.toUpperCase();
  return ERAS.find((e) => e.name === token || e.letter === upper);
}

/** The number of an era year token: 元 → 1, '06' → 6. */
export const eraYearNumber = (token: string): number => (token === '元' ? 1 : Number(token));

/**
 * Resolves an era year to its Western year, or rejects it.
 *
 * Rule: an era year runs from 1 (元年) to one year past the calendar year in which the next era began. Plans drafted
 * before an era change kept the old numbering, so 平成31年 = 2019 and the alias 平成32年 = 2020 are accepted, but
 * 平成33年 and 昭和70年 are not. The current era runs to MAX_WESTERN_YEAR.
 */
export function westernYearOfEraYear(era: Era, eraYear: number, input: string): Result<number> {
  if (eraYear < 1) {
    return calendarIssue(
      'calendar.era-year-out-of-range',
      `「${input}」: ${era.name}は元年（1年）から数えます。0年はありません。`,
      input,
    );
  }
  const next = nextEra(era);
  const lastEraYear = next === undefined ? undefined : next.start.year - era.start.year + 1;
  if (lastEraYear !== undefined && eraYear > lastEraYear + 1) {
    const lastWestern = era.start.year + lastEraYear - 1;
    return calendarIssue(
      'calendar.era-year-out-of-range',
      `「${input}」: ${era.name}は${lastEraYear}年（${lastWestern}年）までです` +
        `（旧表記の${era.name}${lastEraYear + 1}年までは${next?.name}として読み替えます）。`,
      input,
    );
  }
  return checkWesternYear(era.start.year + eraYear - 1, input);
}

/** Accepts a Western year within MIN_WESTERN_YEAR..MAX_WESTERN_YEAR, or rejects it. */
export function checkWesternYear(year: number, input: string): Result<number> {
  if (Number.isSafeInteger(year) && year >= MIN_WESTERN_YEAR && year <= MAX_WESTERN_YEAR) {
    return ok(year);
  }
  return calendarIssue(
    'calendar.year-out-of-range',
    `「${input}」: 年は西暦${MIN_WESTERN_YEAR}年から${MAX_WESTERN_YEAR}年までで指定してください。`,
    input,
  );
}
