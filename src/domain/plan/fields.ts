import { z } from 'zod';
import { parseFiscalYear } from '../calendar/fiscal-year.ts';
import { parseTimePoint } from '../calendar/time-point.ts';
import type { Result } from '../result.ts';
import { parseOkuYen, parseSignedCount } from '../values/money.ts';
import { parseNumberCell } from '../values/quantity.ts';

/** Turns a Result-returning parser into a zod transform that reports the parser's Japanese message at the field's path. */
const viaParser =
  <I, T>(parse: (input: I) => Result<T>) =>
  (input: I, ctx: z.RefinementCtx): T => {
    const result = parse(input);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.error.message });
    return z.NEVER;
  };

const textOrNumber = z.union([z.string(), z.number()]);

/** 年度: `2024`, `R6`, `令和6年度`, … stored as the Western start year. */
export const fiscalYearField = textOrNumber.transform(
  viaParser((v: string | number) => parseFiscalYear(String(v))),
);

/** 時点: a fiscal year (`R元年度`), a month (`R3.3`, `R7.2月`) or a date. */
export const timePointField = textOrNumber.transform(
  viaParser((v: string | number) => parseTimePoint(String(v))),
);

/** A value as published: a number, or text such as `1,527`, `93.56%`, `△2.7`, `約18%`, `—`, `未計測`. */
export const quantityField = textOrNumber.transform(viaParser(parseNumberCell));

/** A printed count such as `184件` or a difference such as `+8件`, `△1件`, `±0件`. */
export const printedCountField = textOrNumber.transform(
  viaParser((v: string | number) => parseSignedCount(String(v))),
);

/** A printed amount in 億円 such as `70.5億円`, `△1.9億円`, `±0億円`. */
export const printedOkuYenField = textOrNumber.transform(
  viaParser((v: string | number) => parseOkuYen(String(v))),
);

/** An integer amount in 千円 (settlement amounts are never fractional). */
export const thousandYenField = z
  .number({ error: '金額は千円単位の整数で入力してください' })
  .int({ error: '金額は千円単位の整数で入力してください（小数は不可）' })
  .refine(Number.isSafeInteger, { error: '金額が大きすぎます' });

/** A count of projects or the like: a non-negative integer. */
export const countField = z
  .number({ error: '件数は整数で入力してください' })
  .int({ error: '件数は整数で入力してください' })
  .nonnegative({ error: '件数は0以上で入力してください' });

/** An identifier used for references inside the dataset: lowercase ASCII, digits and hyphens. */
export const codeField = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
  error: 'コードは半角英小文字・数字・ハイフンで入力してください（例: open-data）',
});

/** Free text that must not be empty. */
export const textField = z.string().trim().min(1, { error: '空欄にはできません' });

/**
 * Chooses one of two schemas by looking at the input, so a problem is reported at its exact path
 * (a plain union would only say "matches neither" at the parent).
 */
export function dispatch<A extends z.ZodType, B extends z.ZodType>(
  pick: (input: unknown) => boolean,
  whenTrue: A,
  whenFalse: B,
) {
  return z.unknown().transform((input, ctx): z.output<A> | z.output<B> => {
    const result = (pick(input) ? whenTrue : whenFalse).safeParse(input);
    if (result.success) return result.data as z.output<A> | z.output<B>;
    // Re-raise the chosen schema's issues unchanged; zod prefixes the current path.
    for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });
}

/** Whether an input object has the given key (`{ ref: … }`, `{ relative: … }`). */
export const hasKey =
  (key: string) =>
  (input: unknown): boolean =>
    typeof input === 'object' && input !== null && key in input;
