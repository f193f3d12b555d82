// 全国地方公共団体コード: 2-digit prefecture (JIS X 0401) + 3-digit municipality (JIS X 0402) + 1 check digit.
// The check digit (総務省「全国地方公共団体コード」): multiply the five digits by 6, 5, 4, 3, 2, add them up, take the
// remainder r of dividing by 11; the check digit is 11 − r, except that r = 1 gives 0 (11 − 1 = 10) and r = 0 gives
// 1 (11 − 0 = 11): i.e. (11 − r) mod 10. Real codes: 04100 → 041009 仙台市 (r = 2), 01213 → 012131 苫小牧市 (r = 0),
// 01205 → 012050 室蘭市 (r = 1).

const WEIGHTS = [6, 5, 4, 3, 2] as const;

/**
 * The check digit of a 5-digit 団体コード (without its check digit).
 * @example checkDigit('04100') // → 9 (仙台市 041009)
 * @throws RangeError when the argument is not exactly five ASCII digits (a caller's bug, not user input)
 */
export function checkDigit(fiveDigits: string): number {
  if (!/^[0-9]{5}$/.test(fiveDigits)) throw new RangeError(`not a 5-digit code: ${fiveDigits}`);
  let sum = 0;
  for (const [i, weight] of WEIGHTS.entries()) sum += weight * Number(fiveDigits[i]);
  return (11 - (sum % 11)) % 10;
}

/** Whether `code` is six ASCII digits whose last digit is the check digit of the first five (`'040002'` → true). */
export function isValidOrganisationCode(code: string): boolean {
  return /^[0-9]{6}$/.test(code) && Number(code[5]) === checkDigit(code.slice(0, 5));
}

/**
 * The 6-digit form of a 団体コード given with or without its check digit: `'04100'` → `'041009'`, `'041009'` →
 * `'041009'`; undefined for anything else, including a 6-digit code whose check digit is wrong.
 */
export function normaliseOrganisationCode(code: string): string | undefined {
  if (/^[0-9]{5}$/.test(code)) return `${code}${checkDigit(code)}`;
  return isValidOrganisationCode(code) ? code : undefined;
}
