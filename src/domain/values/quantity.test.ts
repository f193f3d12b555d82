import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from './decimal.ts';
import {
  formatQuantity,
  MISSING_REASON_LABELS,
  type MissingReason,
  parseNumberCell,
  parseQuantity,
  type Quantity,
} from './quantity.ts';

const value = (
  units: bigint,
  scale: number,
  marks: { percent?: boolean; approximate?: boolean } = {},
): Quantity => ({
  kind: 'value',
  value: { units, scale },
  percent: marks.percent ?? false,
  approximate: marks.approximate ?? false,
});

describe('parseQuantity', () => {
  it.each<[string, Quantity]>([
    ['1,527', value(1527n, 0)],
    ['１，５２７', value(1527n, 0)],
    ['1527', value(1527n, 0)],
    ['1,234,567.89', value(123456789n, 2)],
    ['93.56%', value(9356n, 2, { percent: true })],
    ['93.56％', value(9356n, 2, { percent: true })],
    ['９３．５６　％', value(9356n, 2, { percent: true })],
    ['74.7', value(747n, 1)],
    ['99.50', value(9950n, 2)],
    ['△2.7', value(-27n, 1)],
    ['▲2.7', value(-27n, 1)],
    ['-2.7', value(-27n, 1)],
    ['−2.7', value(-27n, 1)], // U+2212 minus sign
    ['－2.7', value(-27n, 1)], // U+FF0D full-width hyphen-minus
    ['‐2.7', value(-27n, 1)], // U+2010 hyphen
    ['+3', value(3n, 0)],
    ['＋３', value(3n, 0)],
    ['約18%', value(18n, 0, { percent: true, approximate: true })],
    ['約 18', value(18n, 0, { approximate: true })],
    ['約△2.7', value(-27n, 1, { approximate: true })],
    ['  12  ', value(12n, 0)],
    ['\u300012\u3000', value(12n, 0)],
    ['±0', value(0n, 0)],
  ])('%j', (text, expected) => {
    expect(parseQuantity(text)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, MissingReason]>([
    ['—', 'no-value'], // U+2014 em dash
    ['―', 'no-value'], // U+2015 horizontal bar
    ['－', 'no-value'], // U+FF0D
    ['-', 'no-value'],
    ['ー', 'no-value'], // U+30FC katakana prolonged sound mark
    ['ｰ', 'no-value'], // U+FF70 half-width
    ['‐', 'no-value'], // U+2010
    ['−', 'no-value'], // U+2212
    ['未計測', 'not-measured'],
    ['…', 'not-yet-known'],
    ['...', 'not-yet-known'],
    ['‥', 'not-yet-known'],
    ['未確定', 'not-yet-known'],
    ['集計中', 'not-yet-known'],
  ])('missing marker %j → %s', (text, reason) => {
    expect(parseQuantity(` ${text} `)).toEqual({
      ok: true,
      value: { kind: 'missing', reason, marker: text },
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['12,34', 'invalid-grouping'],
    ['1,2345', 'invalid-grouping'],
    ['１２，３４', 'invalid-grouping'],
    [',123', 'invalid-grouping'],
    ['12,3x', 'invalid-number'],
    ['1.234,5', 'invalid-number'],
    ['.5', 'invalid-number'],
    ['1 527', 'invalid-number'],
    ['約', 'invalid-number'],
    ['%', 'invalid-number'],
    ['△', 'invalid-number'],
    ['ー2.7', 'invalid-number'],
    ['2.7△', 'invalid-number'],
    ['±3', 'invalid-sign'],
    ['1e3', 'invalid-number'],
  ])('rejects %j with %s', (text, code) => {
    expect(parseQuantity(text)).toMatchObject({ ok: false, error: { code, input: text } });
  });

  it('stays fast on long junk (no regex backtracking blow-up)', () => {
    for (const junk of ['1,'.repeat(50_000), `${'1'.repeat(100_000)}x`, `△${' '.repeat(100_000)}x`]) {
      expect(parseQuantity(junk).ok).toBe(false);
    }
  });

  it('writes messages in Japanese quoting the input', () => {
    expect(parseQuantity('12,3x')).toMatchObject({
      error: { message: '「12,3x」は数値として読み取れません' },
    });
    expect(parseQuantity('12,34')).toMatchObject({
      error: { message: expect.stringContaining('「12,34」') },
    });
    const long = `${'9'.repeat(100)}x`;
    expect(parseQuantity(long)).toMatchObject({ error: { message: expect.stringContaining('…」') } });
  });
});

describe('parseNumberCell', () => {
  it('reads finite numbers through their shortest string', () => {
    expect(parseNumberCell(87.59)).toEqual({ ok: true, value: value(8759n, 2) });
    expect(parseNumberCell(-3)).toEqual({ ok: true, value: value(-3n, 0) });
  });
  it('reads strings as quantities', () => {
    expect(parseNumberCell('未計測')).toMatchObject({
      ok: true,
      value: { kind: 'missing', reason: 'not-measured' },
    });
  });
  it.each<[unknown, string]>([
    [Number.NaN, 'not-finite'],
    [Number.POSITIVE_INFINITY, 'not-finite'],
    [null, 'empty'],
    [undefined, 'empty'],
    [true, 'unsupported-type'],
    [12n, 'unsupported-type'],
    [{}, 'unsupported-type'],
    [Object.create(null), 'unsupported-type'],
    [Symbol('x'), 'unsupported-type'],
  ])('rejects %s with %s', (cell, code) => {
    expect(parseNumberCell(cell)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('formatQuantity', () => {
  it.each<[string, Quantity]>([
    ['1,527', value(1527n, 0)],
    ['93.56%', value(9356n, 2, { percent: true })],
    ['△2.7', value(-27n, 1)],
    ['約18%', value(18n, 0, { percent: true, approximate: true })],
    ['99.50', value(9950n, 2)],
    ['—', { kind: 'missing', reason: 'no-value', marker: '—' }],
    ['…', { kind: 'missing', reason: 'not-yet-known', marker: '…' }],
  ])('→ %s', (expected, q) => {
    expect(formatQuantity(q)).toBe(expected);
  });

  it('can drop grouping and the percent sign', () => {
    expect(
      formatQuantity(value(152793n, 2, { percent: true }), { grouping: false, percentSign: false }),
    ).toBe('1527.93');
  });

  it('labels missing reasons in Japanese', () => {
    expect(MISSING_REASON_LABELS).toEqual({
      'no-value': '値なし',
      'not-measured': '未計測',
      'not-yet-known': '未確定',
    });
  });
});

describe('properties', () => {
  const quantity = fc.record({
    kind: fc.constant('value' as const),
    value: fc
      .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }))
      .map(([units, scale]) => decimal(units, scale)),
    percent: fc.boolean(),
    approximate: fc.boolean(),
  });

  it('formatQuantity → parseQuantity keeps value, scale and marks', () => {
    fc.assert(
      fc.property(quantity, fc.boolean(), (q, grouping) => {
        expect(parseQuantity(formatQuantity(q, { grouping }))).toEqual({ ok: true, value: q });
      }),
    );
  });

  it('never throws on arbitrary strings or cells', () => {
    const numericish = fc.string({
      unit: fc.constantFrom('1', '0', ',', '.', '-', '△', '%', '約', ' ', '±', '９', '，', '…', '—', '＋'),
    });
    for (const text of [fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), numericish]) {
      fc.assert(
        fc.property(text, (s) => {
          expect(typeof parseQuantity(s).ok).toBe('boolean');
        }),
      );
    }
    fc.assert(
      fc.property(fc.anything(), (cell) => {
        expect(typeof parseNumberCell(cell).ok).toBe('boolean');
      }),
    );
  });
});
