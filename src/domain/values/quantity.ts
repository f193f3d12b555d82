import { ok, parseIssue, type Result } from '../result.ts';
import { type Decimal, decimalFromNumber } from './decimal.ts';
import { formatDecimal } from './format-ja.ts';
import { emptyIssue, normalizeNumericText, parseSignedNumber, quote } from './numeric-text.ts';

/** Why a published value is absent; missing is never zero (docs/domain.md §5). */
export type MissingReason = 'no-value' | 'not-measured' | 'not-yet-known';

export const MISSING_REASON_LABELS: Readonly<Record<MissingReason, string>> = {
  'no-value': '値なし',
  'not-measured': '未計測',
  'not-yet-known': '未確定',
};

/** A value as published (数値): an exact decimal with its marks, or a missing marker with its reason. */
export type Quantity =
  | {
      readonly kind: 'value';
      readonly value: Decimal;
      readonly percent: boolean;
      /** Written with 「約」 (about). */
      readonly approximate: boolean;
    }
  | { readonly kind: 'missing'; readonly reason: MissingReason; readonly marker: string };

export interface FormatQuantityOptions {
  /** Digit grouping with `,` (default true). */
  readonly grouping?: boolean;
  /** Print `%` after percentages (default true). */
  readonly percentSign?: boolean;
}

// Keys are after normalizeNumericText: —, ―, －, ‐ and U+2212 have become `-`; … is `...` and ‥ is `..` after NFKC.
const MISSING_MARKERS: ReadonlyMap<string, MissingReason> = new Map<string, MissingReason>([
  ['-', 'no-value'],
  ['ー', 'no-value'],
  ['未計測', 'not-measured'],
  ['...', 'not-yet-known'],
  ['..', 'not-yet-known'],
  ['未確定', 'not-yet-known'],
  ['集計中', 'not-yet-known'],
]);

/**
 * Reads a published figure such as `1,527`, `１，５２７`, `93.56％`, `△2.7`, `約18%` or a missing marker (`—`, `未計測`,
 * `…`); never throws.
 */
export function parseQuantity(text: string): Result<Quantity> {
  const normalized = normalizeNumericText(text);
  if (normalized === '') return emptyIssue(text);
  const reason = MISSING_MARKERS.get(normalized);
  if (reason !== undefined) return ok({ kind: 'missing', reason, marker: text.trim() });

  let body = normalized;
  const approximate = body.startsWith('約');
  if (approximate) body = body.slice(1).trimStart();
  const percent = body.endsWith('%');
  if (percent) body = body.slice(0, -1).trimEnd();
  const parsed = parseSignedNumber(body, text);
  if (!parsed.ok) return parsed;
  return ok({ kind: 'value', value: parsed.value, percent, approximate });
}

function describe(value: unknown): string {
  try {
    return typeof value === 'object' && value !== null
      ? Object.prototype.toString.call(value)
      : String(value);
  } catch {
    return typeof value;
  }
}

/** Reads a data-file cell: a finite number, or a string read by parseQuantity; anything else is an issue. */
export function parseNumberCell(value: unknown): Result<Quantity> {
  if (typeof value === 'string') return parseQuantity(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return parseIssue('not-finite', `${quote(String(value))}は有限の数値ではありません`, String(value));
    }
    return ok({ kind: 'value', value: decimalFromNumber(value), percent: false, approximate: false });
  }
  if (value === null || value === undefined) return emptyIssue('');
  const input = describe(value);
  return parseIssue('unsupported-type', `${quote(input)}は数値としても文字列としても読み取れません`, input);
}

/** Prints a quantity as published: `1,527`, `93.56%`, `△2.7`, `約18%`, `99.50`, or the missing marker as written. */
export function formatQuantity(q: Quantity, options: FormatQuantityOptions = {}): string {
  if (q.kind === 'missing') return q.marker;
  const { grouping = true, percentSign = true } = options;
  const number = formatDecimal(q.value, { grouping });
  return `${q.approximate ? '約' : ''}${number}${q.percent && percentSign ? '%' : ''}`;
}
