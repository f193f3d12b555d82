import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToString, ROUNDING_MODES, type RoundingMode } from './decimal.ts';
import {
  formatCount,
  formatOkuYen,
  formatSignedCount,
  formatSignedOkuYen,
  formatThousandYen,
  parseOkuYen,
  parseSignedCount,
  toOkuYen,
} from './money.ts';

describe('千円 and 億円 (seed figures)', () => {
  it.each([
    [7049270, '7,049,270千円'],
    [-194394, '△194,394千円'],
    [0, '0千円'],
    [999, '999千円'],
  ])('formatThousandYen(%d) → %s', (amount, expected) => {
    expect(formatThousandYen(amount)).toBe(expected);
  });

  it.each<[number, number, RoundingMode, string]>([
    [7049270, 1, 'half-up', '70.5'],
    [2893353, 1, 'half-up', '28.9'],
    [2893353, 1, 'away-from-zero', '29.0'],
    [-275353, 1, 'half-up', '-2.8'],
    [-275353, 1, 'truncate', '-2.7'],
    [-7092, 1, 'half-up', '-0.1'],
    [-7092, 1, 'truncate', '0.0'],
    [5000, 1, 'half-up', '0.1'], // exactly 0.05億円
    [5000, 1, 'half-even', '0.0'],
    [-5000, 1, 'half-up', '-0.1'],
    [7049270, 0, 'floor', '70'],
  ])('toOkuYen(%d, %d, %s) → %s', (amount, digits, mode, expected) => {
    expect(decimalToString(toOkuYen(amount, digits, mode))).toBe(expected);
  });

  it.each<[number, RoundingMode | undefined, string]>([
    [7049270, undefined, '70.5億円'],
    [90000, undefined, '0.9億円'],
    [-194394, undefined, '△1.9億円'],
    [2893353, 'away-from-zero', '29.0億円'],
    [123456789000, undefined, '1,234,567.9億円'],
  ])('formatOkuYen(%d, %s) → %s', (amount, mode, expected) => {
    expect(formatOkuYen(amount, mode ? { mode } : {})).toBe(expected);
  });

  it.each<[number, RoundingMode | undefined, string]>([
    [817018, undefined, '+8.2億円'],
    [-194394, undefined, '△1.9億円'],
    [-7092, undefined, '△0.1億円'],
    [-7092, 'truncate', '±0億円'],
    [0, undefined, '±0億円'],
    [-275353, 'half-up', '△2.8億円'],
    [-275353, 'truncate', '△2.7億円'],
    [1300000, undefined, '+13.0億円'],
  ])('formatSignedOkuYen(%d, %s) → %s', (diff, mode, expected) => {
    expect(formatSignedOkuYen(diff, mode ? { mode } : {})).toBe(expected);
  });

  it('throws RangeError on non-integer amounts (a programming error)', () => {
    expect(() => formatThousandYen(1.5)).toThrow(RangeError);
    expect(() => toOkuYen(Number.NaN)).toThrow(RangeError);
    expect(() => formatOkuYen(2 ** 53)).toThrow(RangeError);
  });
});

describe('counts', () => {
  it.each([
    [184, '184件'],
    [1527, '1,527件'],
  ])('formatCount(%d) → %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
  it.each([
    [8, '+8件'],
    [-1, '△1件'],
    [0, '±0件'],
    [1527, '+1,527件'],
  ])('formatSignedCount(%d) → %s', (n, expected) => {
    expect(formatSignedCount(n)).toBe(expected);
  });
  it('takes another unit', () => {
    expect(formatSignedCount(3, '事業')).toBe('+3事業');
    expect(formatCount(2, '人')).toBe('2人');
  });
});

describe('parseOkuYen', () => {
  it.each([
    ['70.5億円', '70.5'],
    ['△1.9億円', '-1.9'],
    ['▲1.9億円', '-1.9'],
    ['+13.0億円', '13.0'],
    ['±0億円', '0'],
    ['±0', '0'],
    ['18.3 億円', '18.3'],
    ['１８．３億円', '18.3'],
    ['＋８．２億円', '8.2'],
    ['1,234.5億円', '1234.5'],
  ])('%j → %s', (text, expected) => {
    const result = parseOkuYen(text);
    expect(result.ok && decimalToString(result.value)).toBe(expected);
  });
  it.each([
    ['', 'empty'],
    ['億円', 'invalid-number'],
    ['7,049,270千円', 'invalid-number'],
    ['±1.2億円', 'invalid-sign'],
    ['1,23億円', 'invalid-grouping'],
  ])('rejects %j with %s', (text, code) => {
    expect(parseOkuYen(text)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('parseSignedCount', () => {
  it.each([
    ['+8件', 8],
    ['△1件', -1],
    ['±0件', 0],
    ['184件', 184],
    ['8', 8],
    ['１，５２７ 件', 1527],
    ['8.0件', 8],
  ])('%j → %d', (text, expected) => {
    expect(parseSignedCount(text)).toEqual({ ok: true, value: expected });
  });
  it('reads another unit', () => {
    expect(parseSignedCount('+3事業', '事業')).toEqual({ ok: true, value: 3 });
  });
  it.each([
    ['', 'empty'],
    ['8.5件', 'not-integer'],
    ['9007199254740992件', 'out-of-range'],
    ['8億円', 'invalid-number'],
  ])('rejects %j with %s', (text, code) => {
    expect(parseSignedCount(text)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('properties', () => {
  const amount = fc.integer({ min: -(10 ** 12), max: 10 ** 12 });

  it('formatSignedOkuYen → parseOkuYen gives back the rounded figure', () => {
    fc.assert(
      fc.property(
        amount,
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(...ROUNDING_MODES),
        (diff, digits, mode) => {
          const parsed = parseOkuYen(formatSignedOkuYen(diff, { digits, mode }));
          const expected = toOkuYen(diff, digits, mode);
          // ±0 is printed without decimals, as in the seed; every other figure keeps its scale.
          expect(parsed).toEqual({
            ok: true,
            value: expected.units === 0n ? { units: 0n, scale: 0 } : expected,
          });
        },
      ),
    );
  });

  it('formatOkuYen → parseOkuYen keeps value and scale', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 3 }), (n, digits) => {
        expect(parseOkuYen(formatOkuYen(n, { digits }))).toEqual({ ok: true, value: toOkuYen(n, digits) });
      }),
    );
  });

  it('formatSignedCount → parseSignedCount is the identity', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(parseSignedCount(formatSignedCount(n))).toEqual({ ok: true, value: n === 0 ? 0 : n });
      }),
    );
  });

  it('parsers never throw on arbitrary strings', () => {
    for (const text of [fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })]) {
      fc.assert(
        fc.property(text, (s) => {
          expect(typeof parseOkuYen(s).ok).toBe('boolean');
          expect(typeof parseSignedCount(s).ok).toBe('boolean');
        }),
      );
    }
  });
});
