import { ok, parseIssue, type Result } from '../result.ts';
import { quote } from './numeric-text.ts';
import { abs, bigintFromInteger, type Ratio, ratio } from './ratio.ts';

export { compareRatio, multiplyRatio, type Ratio, ratio, ratioToNumber } from './ratio.ts';

/** An exact decimal, `units / 10^scale`; the scale is kept as written (`99.50` has scale 2) so display keeps it. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export const ROUNDING_MODES = [
  'half-up',
  'half-even',
  'truncate',
  'away-from-zero',
  'floor',
  'ceiling',
] as const;

/** How a figure is rounded (端数処理); `half-up` is 四捨五入 and rounds halves away from zero. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const ROUNDING_MODE_LABELS: Readonly<Record<RoundingMode, string>> = {
  'half-up': '四捨五入',
  'half-even': '銀行丸め',
  truncate: '切り捨て',
  'away-from-zero': '切り上げ',
  floor: '床関数 (−∞方向)',
  ceiling: '天井関数 (+∞方向)',
};

const pow10 = (exponent: number): bigint => 10n ** BigInt(exponent);

function assertScale(scale: number, name: string): void {
  if (!Number.isSafeInteger(scale) || scale < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${scale}`);
  }
}

/** Builds a decimal from integer units and a scale, e.g. `decimal(8759, 2)` is 87.59. */
export function decimal(units: bigint | number, scale = 0): Decimal {
  assertScale(scale, 'scale');
  return { units: bigintFromInteger(units, 'units'), scale };
}

/** Parses plain ASCII decimal text such as `-12.34`, `0.5` or `12` (no grouping, no signs other than `-`). */
export function parseDecimal(text: string): Result<Decimal> {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return parseIssue('invalid-number', `${quote(text)}は数値として読み取れません`, text);
  const [, minus, integer = '', fraction = ''] = match;
  const units = BigInt(integer + fraction);
  return ok({ units: minus ? -units : units, scale: fraction.length });
}

/** Converts a finite double through its shortest round-trip string, so 87.59 becomes 8759 units at scale 2. */
export function decimalFromNumber(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError(`decimalFromNumber needs a finite number, got ${n}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!match) throw new RangeError(`unexpected number text ${String(n)}`);
  const [, minus, integer = '', fraction = '', exponent = '0'] = match;
  const units = BigInt(integer + fraction) * (minus ? -1n : 1n);
  const scale = fraction.length - Number(exponent);
  return scale >= 0 ? { units, scale } : { units: units * pow10(-scale), scale: 0 };
}

/** Returns the double closest to the decimal (for JSON and charts only, never for decisions). */
export function decimalToNumber(d: Decimal): number {
  return Number(decimalToString(d));
}

/** Prints the decimal plainly with its scale, e.g. `-12.30`. */
export function decimalToString(d: Decimal): string {
  const digits = abs(d.units)
    .toString()
    .padStart(d.scale + 1, '0');
  const cut = digits.length - d.scale;
  const body = d.scale === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return d.units < 0n ? `-${body}` : body;
}

/** Removes trailing fractional zeros, so `99.50` and `99.5` normalise to the same value. */
export function normalizeDecimal(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale: units === 0n ? 0 : scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

/** Compares two decimals by value, ignoring scale. */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Tells whether two decimals have the same value (`99.5` equals `99.50`). */
export function equalsDecimal(a: Decimal, b: Decimal): boolean {
  return compareDecimal(a, b) === 0;
}

/** Adds exactly; the result has the larger of the two scales. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x + y, scale };
}

/** Subtracts exactly; the result has the larger of the two scales. */
export function subtractDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x - y, scale };
}

/** Multiplies exactly; the scales add up. */
export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Flips the sign and keeps the scale. */
export function negateDecimal(d: Decimal): Decimal {
  return { units: -d.units, scale: d.scale };
}

/** Tells whether the decimal is zero at any scale. */
export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

/** Returns -1, 0 or 1 according to the sign of the decimal. */
export function sign(d: Decimal): -1 | 0 | 1 {
  return d.units < 0n ? -1 : d.units > 0n ? 1 : 0;
}

/** Divides exactly, e.g. actual ÷ target; returns undefined when the divisor is zero. */
export function divideDecimal(a: Decimal, b: Decimal): Ratio | undefined {
  if (b.units === 0n) return undefined;
  return ratio(a.units * pow10(b.scale), b.units * pow10(a.scale));
}

/** Turns a decimal into the equivalent ratio. */
export function ratioFromDecimal(d: Decimal): Ratio {
  return ratio(d.units, pow10(d.scale));
}

function roundsAway(
  mode: RoundingMode,
  negative: boolean,
  twiceRemainder: bigint,
  r: Ratio,
  q: bigint,
): boolean {
  switch (mode) {
    case 'truncate':
      return false;
    case 'away-from-zero':
      return true;
    case 'floor':
      return negative;
    case 'ceiling':
      return !negative;
    case 'half-up':
      return twiceRemainder >= r.denominator;
    case 'half-even':
      return twiceRemainder > r.denominator || (twiceRemainder === r.denominator && q % 2n !== 0n);
  }
}

/** Rounds a ratio exactly to `digits` decimal places, e.g. 658815/131000 × 100 truncated to 0 digits is 502. */
export function roundRatio(r: Ratio, digits: number, mode: RoundingMode): Decimal {
  assertScale(digits, 'digits');
  const scaled = r.numerator * pow10(digits);
  const quotient = scaled / r.denominator; // BigInt division truncates toward zero
  const remainder = scaled % r.denominator;
  if (remainder === 0n) return { units: quotient, scale: digits };
  const negative = scaled < 0n;
  const away = roundsAway(mode, negative, 2n * abs(remainder), r, quotient);
  return { units: away ? quotient + (negative ? -1n : 1n) : quotient, scale: digits };
}

/** Rounds a decimal exactly to `digits` places; more digits than written pads with zeros. */
export function roundDecimal(d: Decimal, digits: number, mode: RoundingMode): Decimal {
  return roundRatio(ratioFromDecimal(d), digits, mode);
}
