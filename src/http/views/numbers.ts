import { decimal } from '../../domain/values/decimal.ts';
import { formatSignedDecimal } from '../../domain/values/format-ja.ts';

/** A difference of 千円 with its sign: +817,018千円, △194,394千円, ±0千円. */
export const formatSignedThousandYen = (amount: number): string =>
  `${formatSignedDecimal(decimal(BigInt(amount)))}千円`;
