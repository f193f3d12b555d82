import { type Decimal, decimal, divideDecimal, roundRatio } from './decimal.ts';

/** A 関連KPI card's display unit, e.g. 万人 = the value ÷ 10,000 shown with one decimal. */
export interface DisplayUnit {
  readonly unit: string;
  readonly divisor: number;
  readonly digits: number;
}

/**
 * A value in the card's display unit, rounded half-up as the cards print it; without a display unit the value
 * itself. Example (seed): 658,815人 in 万人 with one decimal → 65.9.
 */
export function inDisplayUnit(value: Decimal, display: DisplayUnit | null | undefined): Decimal {
  if (display === null || display === undefined) return value;
  const ratio = divideDecimal(value, decimal(display.divisor));
  // The schema only accepts a positive divisor; a zero one would leave the value as it is.
  return ratio === undefined ? value : roundRatio(ratio, display.digits, 'half-up');
}
