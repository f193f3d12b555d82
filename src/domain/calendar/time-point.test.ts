import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalYearOf } from './fiscal-year.ts';
import { daysInMonth } from './japanese-era.ts';
import {
  compareTimePoints,
  fiscalYearOfTimePoint,
  formatTimePoint,
  parseTimePoint,
  type TimePoint,
  type TimePointStyle,
} from './time-point.ts';

const fy = (fiscalYear: number): TimePoint => ({ kind: 'fiscal-year', fiscalYear });
const month = (year: number, m: number, end = false): TimePoint => {
  const fiscalYear = fiscalYearOf({ year, month: m, day: 1 });
  return end
    ? { kind: 'month', year, month: m, fiscalYear, position: 'end' }
    : { kind: 'month', year, month: m, fiscalYear };
};
const date = (year: number, m: number, day: number): TimePoint => ({
  kind: 'date',
  year,
  month: m,
  day,
  fiscalYear: fiscalYearOf({ year, month: m, day }),
});

describe('parseTimePoint accepts', () => {
  it.each<[string, TimePoint]>([
    ['R6', fy(2024)],
    ['R6年度', fy(2024)],
    ['令和元年度', fy(2019)],
    ['H31年度', fy(2019)],
    ['平成32年度', fy(2020)],
    ['2024', fy(2024)],
    ['FY2024', fy(2024)],
    ['Ｒ６年度', fy(2024)],
    ['R3.3', month(2021, 3)], // March 2021 belongs to FY2020
    ['R2.12', month(2020, 12)],
    ['R7.2月', month(2025, 2)],
    ['R7.2月末', month(2025, 2, true)],
    ['R7.2末', month(2025, 2, true)],
    ['令和7年2月', month(2025, 2)],
    ['令和7年2月末', month(2025, 2, true)],
    ['令和元年5月', month(2019, 5)],
    ['R元.5', month(2019, 5)],
    ['2024年6月', month(2024, 6)],
    ['2024年6月末', month(2024, 6, true)],
    ['2024-06', month(2024, 6)],
    ['2024/6', month(2024, 6)],
    ['Ｒ７．２月', month(2025, 2)],
    ['Ｒ３．３', month(2021, 3)],
    ['H31.4', month(2019, 4)], // April 2019: still 平成
    ['H31.5', month(2019, 5)], // alias of R元.5 (old documents)
    ['H32.1', month(2020, 1)],
    ['H1.1', month(1989, 1)], // 平成 began on 8 January
    ['S1.12', month(1926, 12)],
    ['2024/6/14', date(2024, 6, 14)],
    ['2024-06-14', date(2024, 6, 14)],
    ['2024\u221206\u221214', date(2024, 6, 14)],
    ['2024\u201506\u201514', date(2024, 6, 14)],
    ['２０２４－０６－１４', date(2024, 6, 14)],
    ['令和6年6月14日', date(2024, 6, 14)],
    ['R6.6.14', date(2024, 6, 14)],
    ['r6.6.14', date(2024, 6, 14)],
    ['R元.5.1', date(2019, 5, 1)],
    ['H31.4.30', date(2019, 4, 30)],
    ['S64.1.7', date(1989, 1, 7)],
    ['2024/2/29', date(2024, 2, 29)],
    ['2000-02-29', date(2000, 2, 29)],
    ['1868/1/5', date(1868, 1, 5)],
    [' 2025-03-31 ', date(2025, 3, 31)],
  ])('%s', (text, expected) => {
    expect(parseTimePoint(text)).toStrictEqual({ ok: true, value: expected });
  });
});

describe('parseTimePoint rejects', () => {
  it.each([
    ['', 'calendar.empty', '時点が空です。例: R6年度、R3.3、令和7年2月末、2024/6/14'],
    [
      'R6年',
      'calendar.unreadable',
      '「R6年」は時点として読み取れません。例: R6年度、R3.3、令和7年2月末、2024/6/14',
    ],
    [
      'R3.3.3.3',
      'calendar.unreadable',
      '「R3.3.3.3」は時点として読み取れません。例: R6年度、R3.3、令和7年2月末、2024/6/14',
    ],
    [
      'R1.4',
      'calendar.before-era-start',
      '「R1.4」は令和が始まる前です（令和は2019年5月1日から）。平成31年4月と書いてください。',
    ],
    [
      'R1.4.30',
      'calendar.before-era-start',
      '「R1.4.30」は令和が始まる前です（令和は2019年5月1日から）。平成31年4月30日と書いてください。',
    ],
    [
      'H1.1.7',
      'calendar.before-era-start',
      '「H1.1.7」は平成が始まる前です（平成は1989年1月8日から）。昭和64年1月7日と書いてください。',
    ],
    [
      'S1.12.24',
      'calendar.before-era-start',
      '「S1.12.24」は昭和が始まる前です（昭和は1926年12月25日から）。大正15年12月24日と書いてください。',
    ],
    ['R0.5', 'calendar.era-year-out-of-range', '「R0.5」: 令和は元年（1年）から数えます。0年はありません。'],
    [
      'H33.1',
      'calendar.era-year-out-of-range',
      '「H33.1」: 平成は31年（2019年）までです（旧表記の平成32年までは令和として読み替えます）。',
    ],
    ['R3.13', 'calendar.month-out-of-range', '「R3.13」: 月は1から12までで指定してください。'],
    ['2024-00', 'calendar.month-out-of-range', '「2024-00」: 月は1から12までで指定してください。'],
    ['2023/2/29', 'calendar.day-out-of-range', '「2023/2/29」: 2023年2月は1日から28日までです。'],
    ['1900/2/29', 'calendar.day-out-of-range', '「1900/2/29」: 1900年2月は1日から28日までです。'],
    ['R6.4.31', 'calendar.day-out-of-range', '「R6.4.31」: 2024年4月は1日から30日までです。'],
    ['R6.4.0', 'calendar.day-out-of-range', '「R6.4.0」: 2024年4月は1日から30日までです。'],
    [
      '1867/12/31',
      'calendar.year-out-of-range',
      '「1867/12/31」: 年は西暦1868年から2200年までで指定してください。',
    ],
  ])('%j (%s)', (text, code, message) => {
    expect(parseTimePoint(text)).toEqual({ ok: false, error: { code, message, input: text } });
  });
});

describe('formatTimePoint', () => {
  it.each<[TimePoint, TimePointStyle, string]>([
    [fy(2024), 'short', 'R6年度'],
    [fy(2024), 'long', '令和6年度'],
    [fy(2019), 'long', '令和元年度'],
    [month(2021, 3), 'short', 'R3.3'],
    [month(2021, 3), 'long', '令和3年3月'],
    [month(2025, 2, true), 'short', 'R7.2末'],
    [month(2025, 2, true), 'long', '令和7年2月末'],
    [month(2019, 5), 'short', 'R元.5'],
    [month(2019, 5), 'long', '令和元年5月'],
    [month(2019, 4), 'short', 'H31.4'], // named by the era on the month's last day
    [month(1989, 1), 'long', '平成元年1月'],
    [date(2024, 6, 14), 'short', 'R6.6.14'],
    [date(2024, 6, 14), 'long', '令和6年6月14日'],
    [date(2019, 4, 30), 'short', 'H31.4.30'],
    [date(2019, 5, 1), 'long', '令和元年5月1日'],
    [date(1868, 1, 5), 'short', '1868年1月5日'], // before 明治
    [month(1868, 9, true), 'long', '1868年9月末'],
  ])('%j %s → %s', (tp, style, text) => {
    expect(formatTimePoint(tp, style)).toBe(text);
  });

  it('defaults to the short style', () => {
    expect(formatTimePoint(month(2021, 3))).toBe('R3.3');
  });
});

describe('fiscalYearOfTimePoint', () => {
  it.each<[TimePoint, number]>([
    [fy(2024), 2024],
    [month(2021, 3), 2020],
    [month(2021, 4), 2021],
    [date(2025, 3, 31), 2024],
    [date(2025, 4, 1), 2025],
  ])('%j → %i', (tp, expected) => {
    expect(fiscalYearOfTimePoint(tp)).toBe(expected);
  });
});

describe('compareTimePoints', () => {
  it('orders by the earliest day, a fiscal year starting on 1 April', () => {
    const points = [
      fy(2024),
      date(2024, 3, 31),
      month(2024, 4, true),
      month(2024, 4),
      date(2024, 4, 1),
      fy(2023),
    ];
    const sorted = [...points].sort(compareTimePoints).map((tp) => formatTimePoint(tp));
    expect(sorted).toEqual(['R5年度', 'R6.3.31', 'R6.4.1', 'R6.4', 'R6年度', 'R6.4末']);
  });

  it('is zero for equal points', () => {
    expect(compareTimePoints(month(2024, 4), month(2024, 4))).toBe(0);
  });
});

const timePoint: fc.Arbitrary<TimePoint> = fc.oneof(
  fc.integer({ min: 1868, max: 2200 }).map(fy),
  fc
    .tuple(fc.integer({ min: 1868, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.boolean())
    .map(([y, m, e]) => month(y, m, e)),
  fc
    .tuple(
      fc.integer({ min: 1868, max: 2200 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
    )
    .map(([y, m, d]) => date(y, m, Math.min(d, daysInMonth(y, m)))),
);

describe('parseTimePoint properties', () => {
  it.each<TimePointStyle>(['short', 'long', 'western'])(
    'reads back every formatted time point (%s)',
    (style) => {
      fc.assert(
        fc.property(timePoint, (tp) => {
          expect(parseTimePoint(formatTimePoint(tp, style))).toStrictEqual({ ok: true, value: tp });
        }),
        { numRuns: 1000 },
      );
    },
  );

  it.each([
    ['grapheme strings', fc.string({ unit: 'grapheme' })],
    ['binary strings (lone surrogates included)', fc.string({ unit: 'binary' })],
    [
      'calendar-like token soup',
      fc
        .array(
          fc.constantFrom(
            'R',
            'h',
            '令和',
            '元',
            '年',
            '月',
            '日',
            '末',
            '度',
            '0',
            '1',
            '2',
            '3',
            '.',
            '/',
            '－',
            ' ',
          ),
        )
        .map((tokens) => tokens.join('')),
    ],
  ])('never throws and always returns a Result on %s', (_name, strings) => {
    fc.assert(
      fc.property(strings, (text) => {
        const result = parseTimePoint(text);
        if (result.ok) {
          expect(['fiscal-year', 'month', 'date']).toContain(result.value.kind);
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
