/** A plain calendar date (proleptic Gregorian, no time zone): 2024-06-14 is `{ year: 2024, month: 6, day: 14 }`. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export type EraCode = 'meiji' | 'taisho' | 'showa' | 'heisei' | 'reiwa';

/** 元号 (Japanese era): its code, its name (令和), its one-letter abbreviation (R) and its first day. */
export interface Era {
  readonly code: EraCode;
  readonly name: string;
  readonly letter: string;
  readonly start: CivilDate;
}

const era = (code: EraCode, name: string, letter: string, year: number, month: number, day: number): Era =>
  Object.freeze({ code, name, letter, start: Object.freeze({ year, month, day }) });

/**
 * The eras since the Gregorian calendar, oldest first. Our own table (the runtime's ICU data is only a test oracle).
 * 明治 starts on 1868-10-23 (明治改元の詔), the conventional start also used by ICU; dates before that have no era here.
 */
export const ERAS: readonly Era[] = Object.freeze([
  era('meiji', '明治', 'M', 1868, 10, 23),
  era('taisho', '大正', 'T', 1912, 7, 30),
  era('showa', '昭和', 'S', 1926, 12, 25),
  era('heisei', '平成', 'H', 1989, 1, 8),
  era('reiwa', '令和', 'R', 2019, 5, 1),
]);

/** Compares two civil dates: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareCivilDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The number of days in a month of the Gregorian calendar, e.g. `daysInMonth(2024, 2)` → 29. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The era with the given code, e.g. `eraByCode('reiwa').name` → '令和'. */
export function eraByCode(code: EraCode): Era {
  const found = ERAS.find((e) => e.code === code);
  if (found === undefined) throw new Error(`unknown era code: ${code}`); // unreachable for a valid EraCode
  return found;
}

/** The era that follows `era`, or undefined for the current era. */
export function nextEra(current: Era): Era | undefined {
  return ERAS[ERAS.indexOf(current) + 1];
}

/** The era in effect on a date, e.g. 2019-04-30 → 平成, 2019-05-01 → 令和; undefined before 明治. */
export function eraOfDate(date: CivilDate): Era | undefined {
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const candidate = ERAS[i];
    if (candidate !== undefined && compareCivilDates(candidate.start, date) <= 0) return candidate;
  }
  return undefined;
}

/** The era and era year of a date, e.g. 2019-04-30 → 平成31, 2019-05-01 → 令和1; undefined before 明治. */
export function eraYearOfDate(date: CivilDate): { era: Era; year: number } | undefined {
  const found = eraOfDate(date);
  return found === undefined ? undefined : { era: found, year: date.year - found.start.year + 1 };
}

/**
 * The era used to name a whole calendar year, or the fiscal year starting in it: the era in effect on 31 December.
 * So 2019 → 令和1, 1989 → 平成1, 1988 → 昭和63, and FY1926 reads 昭和元年度 (昭和 began on 1926-12-25, although
 * most of that fiscal year fell in 大正). Undefined before 1868.
 */
export function eraOfYear(westernYear: number): { era: Era; year: number } | undefined {
  return eraYearOfDate({ year: westernYear, month: 12, day: 31 });
}

/** The Western calendar year of an era year, e.g. `westernYearOf('reiwa', 1)` → 2019 (no range check). */
export function westernYearOf(code: EraCode, eraYear: number): number {
  return eraByCode(code).start.year + eraYear - 1;
}

/** An era year as printed: '元' for the first year (元年), otherwise the number, e.g. 1 → '元', 6 → '6'. */
export function formatEraYear(eraYear: number): string {
  return eraYear === 1 ? '元' : String(eraYear);
}
