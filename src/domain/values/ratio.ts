/** Exact fractions (比率) on bigint; decimal.ts builds them from decimals and rounds them. */

/** An exact fraction with a positive denominator, kept in lowest terms. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Absolute value of a bigint. */
export const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** Converts an integer given as bigint or safe-integer number; anything else is a programming error. */
export function bigintFromInteger(n: bigint | number, name: string): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be a safe integer, got ${n}`);
  return BigInt(n);
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Builds a ratio in lowest terms with a positive denominator; a zero denominator is a programming error. */
export function ratio(numerator: bigint, denominator: bigint): Ratio {
  if (denominator === 0n) throw new RangeError('ratio denominator must not be zero');
  const divisor = gcd(numerator, denominator) * (denominator < 0n ? -1n : 1n);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** Multiplies a ratio by an integer, e.g. by 100 for a percentage. */
export function multiplyRatio(r: Ratio, k: bigint | number): Ratio {
  return ratio(r.numerator * bigintFromInteger(k, 'k'), r.denominator);
}

/** Compares two ratios exactly by cross-multiplication. */
export function compareRatio(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const x = a.numerator * b.denominator;
  const y = b.numerator * a.denominator;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Returns the double closest to the ratio (for JSON output only, never for decisions). */
export function ratioToNumber(r: Ratio): number {
  const { numerator, denominator } = r;
  if (numerator === 0n) return 0;
  const magnitude = abs(numerator);
  // Scale so the integer quotient has at least 65 bits; a sticky low bit then makes Number() round once, correctly.
  const shift = 65 - (magnitude.toString(2).length - denominator.toString(2).length);
  const num = shift > 0 ? magnitude << BigInt(shift) : magnitude;
  const den = shift < 0 ? denominator << BigInt(-shift) : denominator;
  const quotient = num / den;
  let result = Number(num % den === 0n ? quotient : quotient | 1n);
  // Powers of two are exact; step so that 2 ** exponent never underflows or overflows by itself.
  for (let exponent = -shift; exponent !== 0; ) {
    const step = Math.max(-1000, Math.min(1000, exponent));
    result *= 2 ** step;
    exponent -= step;
  }
  return numerator < 0n ? -result : result;
}
