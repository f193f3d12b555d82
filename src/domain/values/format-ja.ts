import {
  type Decimal,
  decimalToString,
  multiplyRatio,
  type Ratio,
  type RoundingMode,
  roundRatio,
} from './decimal.ts';

export interface FormatDecimalOptions {
  /** Digit grouping with `,` every three digits (default true). */
  readonly grouping?: boolean;
  /** `triangle` prints minus as 「△」 as Japanese public documents do (default); `ascii` prints `-`. */
  readonly minus?: 'triangle' | 'ascii';
}

export interface FormatPercentOptions {
  readonly digits?: number;
  readonly mode?: RoundingMode;
  readonly grouping?: boolean;
}

function groupThousands(integer: string): string {
  const head = integer.length % 3 || 3;
  const groups = [integer.slice(0, head)];
  for (let i = head; i < integer.length; i += 3) groups.push(integer.slice(i, i + 3));
  return groups.join(',');
}

/** Prints a decimal for Japanese readers with its written scale, e.g. `1,527`, `99.50`, `△2.7`. */
export function formatDecimal(d: Decimal, options: FormatDecimalOptions = {}): string {
  const { grouping = true, minus = 'triangle' } = options;
  const plain = decimalToString(d);
  const negative = plain.startsWith('-');
  const [integer = '', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const body =
    (grouping ? groupThousands(integer) : integer) + (fraction === undefined ? '' : `.${fraction}`);
  return negative ? (minus === 'ascii' ? '-' : '△') + body : body;
}

/**
 * Prints a difference with an explicit sign: `+8.2`, `△1.9`, and `±0` for zero at any scale, as the seed prints
 * 「±0億円」 and 「±0件」.
 */
export function formatSignedDecimal(d: Decimal, options: { readonly grouping?: boolean } = {}): string {
  if (d.units === 0n) return '±0';
  const text = formatDecimal(d, { grouping: options.grouping ?? true });
  return d.units > 0n ? `+${text}` : text;
}

/** Prints a plain ratio (e.g. actual ÷ target) as a percentage: 658815/131000 → `502%` (truncated by default). */
export function formatRatioPercent(r: Ratio, options: FormatPercentOptions = {}): string {
  const { digits = 0, mode = 'truncate', grouping = true } = options;
  return `${formatDecimal(roundRatio(multiplyRatio(r, 100n), digits, mode), { grouping })}%`;
}
