import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  compareRatio,
  decimal,
  decimalFromNumber,
  decimalToNumber,
  decimalToString,
  divideDecimal,
  equalsDecimal,
  isZero,
  multiplyDecimal,
  multiplyRatio,
  negateDecimal,
  normalizeDecimal,
  parseDecimal,
  type Ratio,
  ROUNDING_MODE_LABELS,
  ROUNDING_MODES,
  type RoundingMode,
  ratio,
  ratioFromDecimal,
  ratioToNumber,
  roundDecimal,
  roundRatio,
  sign,
  subtractDecimal,
} from './decimal.ts';

const d = (text: string) => {
  const result = parseDecimal(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('parseDecimal', () => {
  it.each([
    ['-12.34', -1234n, 2],
    ['0.5', 5n, 1],
    ['12', 12n, 0],
    ['99.50', 9950n, 2],
    ['-0', 0n, 0],
  ])('%s → %d at scale %d', (text, units, scale) => {
    expect(parseDecimal(text)).toEqual({ ok: true, value: { units, scale } });
  });

  it.each(['', '1,527', '+3', '.5', '5.', '1e3', '１２', ' 12', '△2'])('rejects %j', (text) => {
    const result = parseDecimal(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'invalid-number', input: text });
  });

  it('quotes the input in the Japanese message', () => {
    expect(parseDecimal('12,3x')).toMatchObject({
      error: { message: '「12,3x」は数値として読み取れません' },
    });
  });
});

describe('decimalFromNumber', () => {
  it.each([
    [87.59, 8759n, 2],
    [0.1, 1n, 1],
    [-2.7, -27n, 1],
    [1527, 1527n, 0],
    [1e21, 10n ** 21n, 0],
    [1.5e-7, 15n, 8],
    [-0, 0n, 0],
  ])('%d → %d at scale %d', (n, units, scale) => {
    expect(decimalFromNumber(n)).toEqual({ units, scale });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'throws RangeError on %d',
    (n) => {
      expect(() => decimalFromNumber(n)).toThrow(RangeError);
    },
  );

  it('round-trips every finite double through decimalToNumber', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(decimalToNumber(decimalFromNumber(n)) === n).toBe(true);
      }),
    );
  });
});

describe('decimal arithmetic', () => {
  it('keeps the written scale and prints it', () => {
    expect(decimalToString(d('99.50'))).toBe('99.50');
    expect(decimalToString(decimal(-1230, 2))).toBe('-12.30');
    expect(decimalToString(decimal(5, 3))).toBe('0.005');
    expect(decimalToString(decimal(-5, 3))).toBe('-0.005');
  });

  it('normalises for equality', () => {
    expect(normalizeDecimal(d('99.50'))).toEqual({ units: 995n, scale: 1 });
    expect(normalizeDecimal(d('0.000'))).toEqual({ units: 0n, scale: 0 });
    expect(equalsDecimal(d('99.50'), d('99.5'))).toBe(true);
    expect(compareDecimal(d('-2.8'), d('-2.75'))).toBe(-1);
    expect(compareDecimal(d('1.10'), d('1.1'))).toBe(0);
  });

  it('adds, subtracts, multiplies and negates exactly', () => {
    expect(addDecimal(d('0.1'), d('0.2'))).toEqual(d('0.3'));
    expect(subtractDecimal(d('1'), d('0.75'))).toEqual(d('0.25'));
    expect(multiplyDecimal(d('1.5'), d('-0.2'))).toEqual(d('-0.30'));
    expect(negateDecimal(d('2.70'))).toEqual(d('-2.70'));
    expect([isZero(d('0.00')), sign(d('-0.1')), sign(d('0')), sign(d('3'))]).toEqual([true, -1, 0, 1]);
  });

  it('rejects non-integer units and negative scales as programming errors', () => {
    expect(() => decimal(1.5)).toThrow(RangeError);
    expect(() => decimal(1, -1)).toThrow(RangeError);
  });
});

describe('ratios', () => {
  it('divides exactly and refuses a zero divisor', () => {
    expect(divideDecimal(d('658815'), d('131000'))).toEqual(ratio(658815n, 131000n));
    expect(divideDecimal(d('1.5'), d('-0.5'))).toEqual({ numerator: -3n, denominator: 1n });
    expect(divideDecimal(d('1'), d('0.00'))).toBeUndefined();
    expect(ratioFromDecimal(d('2.50'))).toEqual({ numerator: 5n, denominator: 2n });
    expect(multiplyRatio(ratio(2n, 3n), 100)).toEqual({ numerator: 200n, denominator: 3n });
    expect(() => ratio(1n, 0n)).toThrow(RangeError);
  });

  it('compares by cross-multiplication', () => {
    expect(compareRatio(ratio(1n, 3n), ratio(333n, 1000n))).toBe(1);
    expect(compareRatio(ratio(-2n, 4n), ratio(1n, -2n))).toBe(0);
  });

  it('gives the closest double', () => {
    expect(ratioToNumber(ratio(2n, 3n))).toBe(2 / 3);
    expect(ratioToNumber(ratio(-1n, 10n))).toBe(-0.1);
    expect(ratioToNumber(ratio(10n ** 400n + 1n, 10n ** 399n))).toBe(10);
    expect(ratioToNumber(ratio(1n, 10n ** 400n))).toBe(0);
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n, m) => {
        expect(ratioToNumber(ratio(BigInt(n), BigInt(m)))).toBe(n / m);
      }),
    );
  });
});

describe('roundRatio', () => {
  const r = (n: bigint, m: bigint) => ratio(n, m);
  it.each<[string, Ratio, number, RoundingMode, string]>([
    ['達成率 658,815 ÷ 131,000', multiplyRatio(r(658815n, 131000n), 100), 0, 'truncate', '502'],
    ['達成率 301 ÷ 300', multiplyRatio(r(301n, 300n), 100), 0, 'truncate', '100'],
    ['−275,353千円 half-up', r(-275353n, 100000n), 1, 'half-up', '-2.8'],
    ['−275,353千円 truncate', r(-275353n, 100000n), 1, 'truncate', '-2.7'],
    ['−275,353千円 floor', r(-275353n, 100000n), 1, 'floor', '-2.8'],
    ['−275,353千円 ceiling', r(-275353n, 100000n), 1, 'ceiling', '-2.7'],
    ['−275,353千円 away-from-zero', r(-275353n, 100000n), 1, 'away-from-zero', '-2.8'],
    ['−275,353千円 half-even', r(-275353n, 100000n), 1, 'half-even', '-2.8'],
    ['2/3 half-up', r(2n, 3n), 3, 'half-up', '0.667'],
    ['exact value is padded', r(5n, 2n), 2, 'floor', '2.50'],
  ])('%s → %s', (_label, value, digits, mode, expected) => {
    expect(decimalToString(roundRatio(value, digits, mode))).toBe(expected);
  });

  // Exact halves: 2.5, 3.5, −2.5, −3.5 and 0.25 at 1 digit.
  const halves: Record<RoundingMode, string[]> = {
    'half-up': ['3', '4', '-3', '-4', '0.3'],
    'half-even': ['2', '4', '-2', '-4', '0.2'],
    truncate: ['2', '3', '-2', '-3', '0.2'],
    'away-from-zero': ['3', '4', '-3', '-4', '0.3'],
    floor: ['2', '3', '-3', '-4', '0.2'],
    ceiling: ['3', '4', '-2', '-3', '0.3'],
  };
  it.each(ROUNDING_MODES)('%s at exact halves', (mode) => {
    const inputs: [string, number][] = [
      ['2.5', 0],
      ['3.5', 0],
      ['-2.5', 0],
      ['-3.5', 0],
      ['0.25', 1],
    ];
    expect(inputs.map(([text, digits]) => decimalToString(roundDecimal(d(text), digits, mode)))).toEqual(
      halves[mode],
    );
  });

  it('labels every mode in Japanese', () => {
    expect(ROUNDING_MODE_LABELS['half-up']).toBe('四捨五入');
    expect(ROUNDING_MODE_LABELS.truncate).toBe('切り捨て');
    expect(ROUNDING_MODE_LABELS['away-from-zero']).toBe('切り上げ');
    expect(Object.keys(ROUNDING_MODE_LABELS).sort()).toEqual([...ROUNDING_MODES].sort());
  });

  it('rejects negative digits as a programming error', () => {
    expect(() => roundRatio(r(1n, 3n), -1, 'half-up')).toThrow(RangeError);
  });

  // Independent reference: bracket x between floor and floor + 1 and choose by comparing 2x with their sum.
  function referenceRound(n: bigint, m: bigint, digits: number, mode: RoundingMode): bigint {
    const scaled = n * 10n ** BigInt(digits);
    const low = scaled / m - (scaled % m !== 0n && scaled < 0n ? 1n : 0n);
    if (low * m === scaled) return low;
    const high = low + 1n;
    const position = 2n * scaled - (low + high) * m; // < 0: nearer low, > 0: nearer high, 0: half
    const positive = scaled > 0n;
    switch (mode) {
      case 'floor':
        return low;
      case 'ceiling':
        return high;
      case 'truncate':
        return positive ? low : high;
      case 'away-from-zero':
        return positive ? high : low;
      case 'half-up':
        return position < 0n ? low : position > 0n ? high : positive ? high : low;
      case 'half-even':
        return position < 0n ? low : position > 0n ? high : low % 2n === 0n ? low : high;
    }
  }

  it('agrees with a BigInt reference', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 7n }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(...ROUNDING_MODES),
        (n, m, digits, mode) => {
          const rounded = roundRatio(ratio(n, m), digits, mode);
          expect(rounded).toEqual({ units: referenceRound(n, m, digits, mode), scale: digits });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
