import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FiscalYearStyle,
  fiscalYearOf,
  fiscalYearRange,
  formatFiscalYear,
  formatFiscalYearBoth,
  parseFiscalYear,
} from './fiscal-year.ts';

describe('fiscalYearOf at the 31 March / 1 April boundary', () => {
  it.each([
    [2025, 3, 31, 2024],
    [2025, 4, 1, 2025],
    [2025, 1, 1, 2024],
    [2024, 12, 31, 2024],
    [2019, 4, 30, 2019],
  ])('%i-%i-%i → %i', (year, month, day, fy) => {
    expect(fiscalYearOf({ year, month, day })).toBe(fy);
  });
});

describe('fiscalYearRange', () => {
  it('2024 runs from 2024-04-01 to 2025-03-31', () => {
    expect(fiscalYearRange(2024)).toEqual({
      start: { year: 2024, month: 4, day: 1 },
      end: { year: 2025, month: 3, day: 31 },
    });
  });
});

describe('formatFiscalYear', () => {
  it.each<[number, FiscalYearStyle, string]>([
    [2024, 'long', '令和6年度'],
    [2024, 'short', 'R6年度'],
    [2024, 'western', '2024年度'],
    [2019, 'long', '令和元年度'],
    [2019, 'short', 'R元年度'],
    [2018, 'long', '平成30年度'],
    [1989, 'long', '平成元年度'],
    [1988, 'short', 'S63年度'],
    [1926, 'long', '昭和元年度'],
    [1912, 'short', 'T元年度'],
    [1868, 'long', '明治元年度'],
    [1867, 'long', '1867年度'],
  ])('%i %s → %s', (fy, style, text) => {
    expect(formatFiscalYear(fy, style)).toBe(text);
  });

  it('defaults to the long style and never prints 令和1年度', () => {
    expect(formatFiscalYear(2019)).toBe('令和元年度');
  });

  it('formats both calendars', () => {
    expect(formatFiscalYearBoth(2024)).toBe('令和6年度（2024年度）');
    expect(formatFiscalYearBoth(2019)).toBe('令和元年度（2019年度）');
  });
});

describe('parseFiscalYear accepts', () => {
  it.each([
    ['R6', 2024],
    ['R6年度', 2024],
    ['令和6年度', 2024],
    ['R元年度', 2019],
    ['R1年度', 2019],
    ['令和元年度', 2019],
    ['H31年度', 2019], // alias of 令和元年度
    ['平成31年度', 2019],
    ['平成32年度', 2020], // old documents continued 平成 numbering
    ['H30', 2018],
    ['S64年度', 1989],
    ['S65年度', 1990],
    ['大正元年度', 1912],
    ['M1', 1868],
    ['2024年度', 2024],
    ['2024', 2024],
    ['FY2024', 2024],
    ['fy 2024', 2024],
    ['Ｒ６年度', 2024],
    ['２０２４', 2024],
    ['ＦＹ２０２４', 2024],
    ['Ｒ元年度', 2019],
    ['  R6年度\u3000', 2024],
    ['r6', 2024],
    ['h31', 2019],
    ['令和 6 年度', 2024],
    ['㋿6年度', 2024],
    ['1868', 1868],
    ['2200年度', 2200],
  ])('%s → %i', (text, fy) => {
    expect(parseFiscalYear(text)).toEqual({ ok: true, value: fy });
  });
});

describe('parseFiscalYear rejects', () => {
  it.each([
    ['', 'calendar.empty', '年度が空です。例: R6、令和6年度、2024年度'],
    ['   ', 'calendar.empty', '年度が空です。例: R6、令和6年度、2024年度'],
    [
      'R６年度x',
      'calendar.unreadable',
      '「R６年度x」は年度として読み取れません。例: R6、令和6年度、2024年度',
    ],
    ['令和', 'calendar.unreadable', '「令和」は年度として読み取れません。例: R6、令和6年度、2024年度'],
    ['X6', 'calendar.unreadable', '「X6」は年度として読み取れません。例: R6、令和6年度、2024年度'],
    ['R0', 'calendar.era-year-out-of-range', '「R0」: 令和は元年（1年）から数えます。0年はありません。'],
    [
      'H33年度',
      'calendar.era-year-out-of-range',
      '「H33年度」: 平成は31年（2019年）までです（旧表記の平成32年までは令和として読み替えます）。',
    ],
    [
      'S70',
      'calendar.era-year-out-of-range',
      '「S70」: 昭和は64年（1989年）までです（旧表記の昭和65年までは平成として読み替えます）。',
    ],
    [
      '1867年度',
      'calendar.year-out-of-range',
      '「1867年度」: 年は西暦1868年から2200年までで指定してください。',
    ],
    ['2201', 'calendar.year-out-of-range', '「2201」: 年は西暦1868年から2200年までで指定してください。'],
    ['R183', 'calendar.year-out-of-range', '「R183」: 年は西暦1868年から2200年までで指定してください。'],
    ['24年度', 'calendar.year-out-of-range', '「24年度」: 年は西暦1868年から2200年までで指定してください。'],
  ])('%j (%s)', (text, code, message) => {
    expect(parseFiscalYear(text)).toEqual({ ok: false, error: { code, message, input: text } });
  });

  it('rejects a value that is not a string at run time without throwing', () => {
    const result = parseFiscalYear(2024 as unknown as string);
    expect(result.ok).toBe(false);
  });
});

describe('parseFiscalYear properties', () => {
  it('reads back every formatted fiscal year 1868–2200 in all three styles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1868, max: 2200 }),
        fc.constantFrom<FiscalYearStyle>('long', 'short', 'western'),
        (fy, style) => {
          expect(parseFiscalYear(formatFiscalYear(fy, style))).toEqual({ ok: true, value: fy });
        },
      ),
    );
  });

  it.each([
    ['grapheme strings', fc.string({ unit: 'grapheme' })],
    ['binary strings (lone surrogates included)', fc.string({ unit: 'binary' })],
    [
      'calendar-like token soup',
      fc
        .array(
          fc.constantFrom(
            'R',
            'ｈ',
            '令和',
            '元',
            '年',
            '度',
            'FY',
            '0',
            '1',
            '3',
            '9',
            '２',
            '.',
            ' ',
            '\u3000',
          ),
        )
        .map((tokens) => tokens.join('')),
    ],
  ])('never throws and always returns a Result on %s', (_name, strings) => {
    fc.assert(
      fc.property(strings, (text) => {
        const result = parseFiscalYear(text);
        if (result.ok) {
          expect(Number.isInteger(result.value)).toBe(true);
        } else {
          expect(result.error.code).toMatch(/^calendar\./);
          expect(result.error.message.length).toBeGreaterThan(0);
          expect(result.error.input).toBe(text);
        }
      }),
      { numRuns: 500 },
    );
  });
});
