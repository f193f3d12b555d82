import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CivilDate,
  daysInMonth,
  ERAS,
  type EraCode,
  eraOfDate,
  eraOfYear,
  eraYearOfDate,
  formatEraYear,
  westernYearOf,
} from './japanese-era.ts';

const date = (iso: string): CivilDate => {
  const [year, month, day] = iso.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
};

describe('eraYearOfDate at era boundaries', () => {
  it.each([
    ['1868-10-22', undefined, undefined],
    ['1868-10-23', 'meiji', 1],
    ['1912-07-29', 'meiji', 45],
    ['1912-07-30', 'taisho', 1],
    ['1926-12-24', 'taisho', 15],
    ['1926-12-25', 'showa', 1],
    ['1989-01-07', 'showa', 64],
    ['1989-01-08', 'heisei', 1],
    ['2019-04-30', 'heisei', 31],
    ['2019-05-01', 'reiwa', 1],
    ['2024-06-14', 'reiwa', 6],
  ])('%s → %s %s', (iso, code, year) => {
    const found = eraYearOfDate(date(iso));
    expect(found?.era.code).toBe(code);
    expect(found?.year).toBe(year);
    expect(eraOfDate(date(iso))?.code).toBe(code);
  });
});

describe('eraOfYear (the era on 31 December names the year)', () => {
  it.each([
    [1867, undefined, undefined],
    [1868, '明治', 1],
    [1912, '大正', 1],
    [1926, '昭和', 1], // FY1926 therefore reads 昭和元年度
    [1988, '昭和', 63],
    [1989, '平成', 1],
    [2018, '平成', 30],
    [2019, '令和', 1],
    [2024, '令和', 6],
  ])('%i → %s %s', (westernYear, name, year) => {
    const found = eraOfYear(westernYear);
    expect(found?.era.name).toBe(name);
    expect(found?.year).toBe(year);
  });
});

describe('westernYearOf', () => {
  it.each<[EraCode, number, number]>([
    ['reiwa', 1, 2019],
    ['reiwa', 6, 2024],
    ['heisei', 31, 2019],
    ['heisei', 32, 2020],
    ['showa', 64, 1989],
    ['taisho', 1, 1912],
    ['meiji', 1, 1868],
  ])('%s %i → %i', (code, eraYear, western) => {
    expect(westernYearOf(code, eraYear)).toBe(western);
  });
});

describe('formatEraYear', () => {
  it.each([
    [1, '元'],
    [2, '2'],
    [31, '31'],
  ])('%i → %s', (eraYear, text) => {
    expect(formatEraYear(eraYear)).toBe(text);
  });
});

describe('ERAS table', () => {
  it('lists the five eras oldest first with their letters', () => {
    expect(ERAS.map((e) => `${e.letter}${e.name}`)).toEqual(['M明治', 'T大正', 'S昭和', 'H平成', 'R令和']);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ERAS)).toBe(true);
    expect(Object.isFrozen(ERAS[0])).toBe(true);
  });
});

describe('daysInMonth', () => {
  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [2000, 2, 29],
    [1900, 2, 28],
    [2024, 4, 30],
    [2024, 12, 31],
  ])('%i-%i → %i', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe('eraYearOfDate agrees with ICU (test oracle only)', () => {
  const oracle = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    timeZone: 'UTC',
    era: 'long',
    year: 'numeric',
  });
  const dayMs = 86_400_000;

  it('for random dates 1873–2100', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1873, 0, 1) / dayMs, max: Date.UTC(2100, 11, 31) / dayMs }),
        (dayNumber) => {
          const instant = new Date(dayNumber * dayMs);
          const parts = oracle.formatToParts(instant);
          const eraName = parts.find((p) => p.type === 'era')?.value;
          const yearText = parts.find((p) => p.type === 'year')?.value;
          // Some ICU versions print the first year as "元".
          const expectedYear = yearText === '元' ? 1 : Number(yearText);
          const ours = eraYearOfDate({
            year: instant.getUTCFullYear(),
            month: instant.getUTCMonth() + 1,
            day: instant.getUTCDate(),
          });
          expect(ours?.era.name).toBe(eraName);
          expect(ours?.year).toBe(expectedYear);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
