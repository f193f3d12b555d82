import { ok, parseIssue, type Result } from '../result.ts';
import { type Decimal, decimal, type RoundingMode, ratio, roundRatio } from './decimal.ts';
import { formatDecimal, formatSignedDecimal } from './format-ja.ts';
import { emptyIssue, normalizeNumericText, parseSignedNumber, quote } from './numeric-text.ts';
import { bigintFromInteger } from './ratio.ts';

// Amounts and counts arrive as integer numbers; a non-integer is a bug upstream (RangeError), not bad input.

/** 1億円 = 100,000千円 (docs/domain.md §7). */
export const THOUSAND_YEN_PER_OKU_YEN = 100_000n;

export interface OkuYenOptions {
  /** Decimal places shown (default 1, as in the seed's summaries). */
  readonly digits?: number;
  /** Rounding setting of the plan (default 四捨五入). */
  readonly mode?: RoundingMode;
}

/** Prints an amount of 千円 with grouping: `7,049,270千円`, `△194,394千円`. */
export function formatThousandYen(amount: number): string {
  return `${formatDecimal(decimal(bigintFromInteger(amount, 'amount')))}千円`;
}

/** Converts 千円 to 億円 exactly and rounds: 7,049,270 → 70.5; −275,353 → −2.8 (half-up) or −2.7 (truncate). */
export function toOkuYen(amountThousandYen: number, digits = 1, mode: RoundingMode = 'half-up'): Decimal {
  const amount = bigintFromInteger(amountThousandYen, 'amountThousandYen');
  return roundRatio(ratio(amount, THOUSAND_YEN_PER_OKU_YEN), digits, mode);
}

/** Prints an amount of 千円 as 億円: `70.5億円`, `0.9億円`, `△1.9億円`. */
export function formatOkuYen(amount: number, options: OkuYenOptions = {}): string {
  const { digits = 1, mode = 'half-up' } = options;
  return `${formatDecimal(toOkuYen(amount, digits, mode))}億円`;
}

/** Prints a difference of 千円 as signed 億円: `+8.2億円`, `△1.9億円`, `±0億円` when it rounds to zero. */
export function formatSignedOkuYen(diff: number, options: OkuYenOptions = {}): string {
  const { digits = 1, mode = 'half-up' } = options;
  return `${formatSignedDecimal(toOkuYen(diff, digits, mode))}億円`;
}

/** Prints a count with grouping and a unit: `184件`, `1,527件`. */
export function formatCount(n: number, unit = '件'): string {
  return `${formatDecimal(decimal(bigintFromInteger(n, 'count')))}${unit}`;
}

/** Prints a difference of counts with an explicit sign: `+8件`, `△1件`, `±0件`. */
export function formatSignedCount(n: number, unit = '件'): string {
  return `${formatSignedDecimal(decimal(bigintFromInteger(n, 'count')))}${unit}`;
}

function stripSuffix(text: string, suffix: string): string {
  return suffix !== '' && text.endsWith(suffix) ? text.slice(0, -suffix.length).trimEnd() : text;
}

/** Reads a printed 億円 figure such as `70.5億円`, `△1.9億円`, `+13.0億円`, `±0億円` or `18.3 億円`; never throws. */
export function parseOkuYen(text: string): Result<Decimal> {
  const normalized = normalizeNumericText(text);
  if (normalized === '') return emptyIssue(text);
  return parseSignedNumber(stripSuffix(normalized, '億円'), text);
}

/** Reads a printed count or count difference such as `+8件`, `△1件`, `±0件`, `184件` or `8`; never throws. */
export function parseSignedCount(text: string, unit = '件'): Result<number> {
  const normalized = normalizeNumericText(text);
  if (normalized === '') return emptyIssue(text);
  const parsed = parseSignedNumber(stripSuffix(normalized, unit.normalize('NFKC')), text);
  if (!parsed.ok) return parsed;
  const { units, scale } = parsed.value;
  const divisor = 10n ** BigInt(scale);
  // `8.0件` is accepted as 8; `8.5件` is not a count.
  if (units % divisor !== 0n) return parseIssue('not-integer', `${quote(text)}は整数ではありません`, text);
  const count = units / divisor;
  if (count > BigInt(Number.MAX_SAFE_INTEGER) || count < BigInt(Number.MIN_SAFE_INTEGER)) {
    return parseIssue('out-of-range', `${quote(text)}は扱える範囲を超えています`, text);
  }
  return ok(Number(count));
}
