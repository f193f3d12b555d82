import { describe, expect, it } from 'vitest';
import { decimal } from './decimal.ts';
import { inDisplayUnit } from './display-unit.ts';
import { formatDecimal } from './format-ja.ts';

const MAN_NIN = { unit: '万人', divisor: 10_000, digits: 1 };

describe('inDisplayUnit', () => {
  it.each([
    // value, display, printed
    [decimal(658_815), MAN_NIN, '65.9'], // 65.8815 → 65.9
    [decimal(650_500), MAN_NIN, '65.1'], // 65.05 → half-up 65.1
    [decimal(649_999), MAN_NIN, '65.0'], // 64.9999 → 65.0, the scale kept
    [decimal(1_234_567), { unit: '百万円', divisor: 1_000_000, digits: 0 }, '1'],
    [decimal(9_995, 2), { unit: '百', divisor: 100, digits: 2 }, '1.00'], // 99.95 ÷ 100 = 0.9995 → 1.00
  ])('%o in %o → %s', (value, display, printed) => {
    expect(formatDecimal(inDisplayUnit(value, display))).toBe(printed);
  });

  it('without a display unit the value is returned as written (99.50 keeps its scale)', () => {
    expect(formatDecimal(inDisplayUnit(decimal(9950, 2), undefined))).toBe('99.50');
    expect(formatDecimal(inDisplayUnit(decimal(9950, 2), null))).toBe('99.50');
  });

  it('a zero divisor (refused by the schema) leaves the value as it is instead of failing', () => {
    expect(formatDecimal(inDisplayUnit(decimal(12), { unit: 'x', divisor: 0, digits: 1 }))).toBe('12');
  });
});
