// Shared reading of numeric cell text for quantity.ts and money.ts (internal: not re-exported from index.ts).
import { ok, parseIssue, type Result } from '../result.ts';
import type { Decimal } from './decimal.ts';

// U+2010 hyphen, U+2012–U+2015 figure dash to horizontal bar, U+2212 minus, U+FF0D full-width hyphen-minus.
const DASHES = /[\u2010\u2012-\u2015\u2212\uFF0D]/g;
// Groups of exactly three after the first, or no grouping at all; the fraction is never grouped.
const SIGNED_NUMBER = /^([-+△▲±]?)\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
const LOOSELY_GROUPED = /^[-+△▲±]?\s*[\d,]+(?:\.\d+)?$/;
const QUOTE_LIMIT = 40;

/** Applies NFKC (full-width digits, ％, ，), maps dash look-alikes to `-` and trims surrounding whitespace. */
export function normalizeNumericText(text: string): string {
  return text.normalize('NFKC').replace(DASHES, '-').trim();
}

/** Quotes the input for a Japanese message, shortening very long inputs. */
export function quote(input: string): string {
  const chars = Array.from(input);
  const shown = chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT).join('')}…` : input;
  return `「${shown}」`;
}

/** Reports an empty cell. */
export function emptyIssue(input: string): Result<never> {
  return parseIssue('empty', '値が入力されていません', input);
}

/**
 * Reads normalised text such as `1,527`, `△2.7`, `+3` or `±0` (`±` only before zero), keeping the written scale;
 * `input` is the original text, quoted in the message.
 */
export function parseSignedNumber(text: string, input: string): Result<Decimal> {
  const match = SIGNED_NUMBER.exec(text);
  if (!match) {
    if (text.includes(',') && /\d/.test(text) && LOOSELY_GROUPED.test(text)) {
      return parseIssue('invalid-grouping', `${quote(input)}の桁区切り「,」が3桁ごとになっていません`, input);
    }
    return parseIssue('invalid-number', `${quote(input)}は数値として読み取れません`, input);
  }
  const [, signMark = '', integer = '', fraction = ''] = match;
  const magnitude = BigInt(integer.replaceAll(',', '') + fraction);
  if (signMark === '±' && magnitude !== 0n) {
    return parseIssue('invalid-sign', `${quote(input)}：「±」は0にだけ使えます`, input);
  }
  const negative = signMark === '-' || signMark === '△' || signMark === '▲';
  return ok({ units: negative ? -magnitude : magnitude, scale: fraction.length });
}
