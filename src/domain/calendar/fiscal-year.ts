import type { Result } from '../result.ts';
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
import { type CivilDate, eraOfYear, formatEraYear } from './japanese-era.ts';

/** 年度: a fiscal year (1 April – 31 March, 地方自治法208条), stored as its Western start year: 令和6年度 = 2024. */
export type FiscalYear = number;

export type FiscalYearStyle = 'long' | 'short' | 'western';

const FISCAL_YEAR_EXAMPLES = 'R6、令和6年度、2024年度';

// R6, R6年度, 令和元年度, 平成32年度 (after normalisation).
const ERA_FISCAL_YEAR = new RegExp(`^${ERA_SOURCE}\\s*${ERA_YEAR_SOURCE}\\s*(?:年度)?$`, 'i');
// 2024, 2024年度, FY2024.
const WESTERN_FISCAL_YEAR = /^(?:FY\s*)?(\d+)\s*(?:年度)?$/i;

/** The fiscal year a date falls in, e.g. 2025-03-31 → 2024 and 2025-04-01 → 2025. */
export function fiscalYearOf(date: CivilDate): FiscalYear {
  return date.month >= 4 ? date.year : date.year - 1;
}

/** The first and last day of a fiscal year, e.g. 2024 → 2024-04-01 to 2025-03-31. */
export function fiscalYearRange(fy: FiscalYear): { start: CivilDate; end: CivilDate } {
  return { start: { year: fy, month: 4, day: 1 }, end: { year: fy + 1, month: 3, day: 31 } };
}

/**
 * Formats a fiscal year: long 令和6年度 / 令和元年度 (never 令和1年度), short R6年度 / R元年度, western 2024年度.
 * The era is the one in effect on 31 December of the start year (see eraOfYear); before 1868 all styles are western.
 */
export function formatFiscalYear(fy: FiscalYear, style: FiscalYearStyle = 'long'): string {
  const eraYear = style === 'western' ? undefined : eraOfYear(fy);
  if (eraYear === undefined) return `${fy}年度`;
  const prefix = style === 'long' ? eraYear.era.name : eraYear.era.letter;
  return `${prefix}${formatEraYear(eraYear.year)}年度`;
}

/** Formats a fiscal year in both calendars, e.g. 2024 → 令和6年度（2024年度）. */
export function formatFiscalYearBoth(fy: FiscalYear): string {
  const long = formatFiscalYear(fy, 'long');
  const western = formatFiscalYear(fy, 'western');
  return long === western ? western : `${long}（${western}）`;
}

/**
 * Parses a fiscal year written as R6, R6年度, 令和6年度, R元年度, H31年度, 平成32年度 (alias of 2020), 2024年度, 2024
 * or FY2024, in full or half width and any letter case; never throws.
 */
export function parseFiscalYear(text: string): Result<FiscalYear> {
  const prepared = prepareInput(text, '年度', FISCAL_YEAR_EXAMPLES);
  if (!prepared.ok) return prepared;
  return (
    matchFiscalYear(prepared.value, text) ??
    calendarIssue(
      'calendar.unreadable',
      `「${text}」は年度として読み取れません。例: ${FISCAL_YEAR_EXAMPLES}`,
      text,
    )
  );
}

/**
 * Reads a normalised text as a fiscal year: a Result when it has the shape of one, undefined otherwise
 * (so that parseTimePoint can go on with months and dates). `input` is quoted in messages.
 */
export function matchFiscalYear(normalized: string, input: string): Result<FiscalYear> | undefined {
  const eraMatch = ERA_FISCAL_YEAR.exec(normalized);
  if (eraMatch !== null) {
    const era = eraOfToken(eraMatch[1] ?? '');
    if (era === undefined) return undefined;
    return westernYearOfEraYear(era, eraYearNumber(eraMatch[2] ?? ''), input);
  }
  const westernMatch = WESTERN_FISCAL_YEAR.exec(normalized);
  if (westernMatch !== null) return checkWesternYear(Number(westernMatch[1]), input);
  return undefined;
}
