import { describe, expect, it } from 'vitest';
import { decimal, type Ratio, type RoundingMode, ratio } from './decimal.ts';
import { formatDecimal, formatRatioPercent, formatSignedDecimal } from './format-ja.ts';

describe('formatDecimal', () => {
  it.each([
    { d: decimal(1527), options: {}, expected: '1,527' },
    { d: decimal(1527), options: { grouping: false }, expected: '1527' },
    { d: decimal(-27, 1), options: {}, expected: '△2.7' },
    { d: decimal(-27, 1), options: { minus: 'ascii' as const }, expected: '-2.7' },
    { d: decimal(9950, 2), options: {}, expected: '99.50' },
    { d: decimal(123456789, 2), options: {}, expected: '1,234,567.89' },
    { d: decimal(100000), options: {}, expected: '100,000' },
    { d: decimal(-5, 3), options: {}, expected: '△0.005' },
    { d: decimal(0, 2), options: {}, expected: '0.00' },
  ])('→ $expected', ({ d, options, expected }) => {
    expect(formatDecimal(d, options)).toBe(expected);
  });
});

describe('formatSignedDecimal', () => {
  it.each([
    { d: decimal(82, 1), expected: '+8.2' },
    { d: decimal(-19, 1), expected: '△1.9' },
    { d: decimal(0, 1), expected: '±0' },
    { d: decimal(1527), expected: '+1,527' },
  ])('→ $expected', ({ d, expected }) => {
    expect(formatSignedDecimal(d)).toBe(expected);
  });
});

describe('formatRatioPercent', () => {
  it.each<[string, Ratio, { digits?: number; mode?: RoundingMode }, string]>([
    ['658,815 ÷ 131,000 (seed 502.9%)', ratio(658815n, 131000n), {}, '502%'],
    ['301 ÷ 300 (100.33%)', ratio(301n, 300n), {}, '100%'],
    ['2 ÷ 3, 1 digit half-up', ratio(2n, 3n), { digits: 1, mode: 'half-up' }, '66.7%'],
    ['2 ÷ 3, 1 digit truncate', ratio(2n, 3n), { digits: 1 }, '66.6%'],
    ['exactly 100%', ratio(131000n, 131000n), {}, '100%'],
    ['0%', ratio(0n, 5n), { digits: 1 }, '0.0%'],
    ['negative (decrease beyond target)', ratio(-1n, 8n), { digits: 1, mode: 'half-up' }, '△12.5%'],
    ['large ratio is grouped', ratio(12345n, 1n), {}, '1,234,500%'],
  ])('%s → %s', (_label, r, options, expected) => {
    expect(formatRatioPercent(r, options)).toBe(expected);
  });
});
