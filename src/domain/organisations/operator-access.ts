// 運営者への閲覧許可: an organisation's own decision that the service operator may read its data (for
// `shinchoku organisation export`), for a limited time. The rules without storage or clock: how long a grant may
// run, what its reason may be, whether it is in force at a moment, and how it reads on the admin's page.
import { z } from 'zod';

/** How many days a grant runs: the admin chooses 1 to 30 (the form offers 7). */
export const OPERATOR_ACCESS_DAYS = { min: 1, default: 7, max: 30 } as const;

export const OPERATOR_ACCESS_REASON_MAX = 200;

/** A grant as stored: until when, by whom, when, and why. */
export interface OperatorAccess {
  readonly grantedUntil: Date;
  readonly grantedBy: string;
  readonly grantedAt: Date;
  readonly reason: string | null;
}

const DAYS_MESSAGE = `有効期間は${OPERATOR_ACCESS_DAYS.min}〜${OPERATOR_ACCESS_DAYS.max}日の整数（半角数字）で指定してください。`;

/** The grant form (有効期間・理由) as text from a form or a command; each message names its field. */
export const operatorAccessInput = z.object({
  days: z
    .string({ error: DAYS_MESSAGE })
    .trim()
    .regex(/^\d{1,3}$/, { error: DAYS_MESSAGE })
    .transform(Number)
    .pipe(
      z
        .number()
        .int({ error: DAYS_MESSAGE })
        .min(OPERATOR_ACCESS_DAYS.min, { error: DAYS_MESSAGE })
        .max(OPERATOR_ACCESS_DAYS.max, { error: DAYS_MESSAGE }),
    ),
  reason: z
    .string({ error: '理由は文字で入力してください。' })
    .trim()
    .refine((text) => [...text].length <= OPERATOR_ACCESS_REASON_MAX, {
      error: `理由は${OPERATOR_ACCESS_REASON_MAX}文字以内にしてください。`,
    })
    .transform((text) => (text === '' ? null : text)),
});

export type OperatorAccessInput = z.output<typeof operatorAccessInput>;

/** The end of a grant of `days` days given at `at`: exactly days × 24 hours later. */
export const grantedUntilOf = (at: Date, days: number): Date => new Date(at.getTime() + days * 86_400_000);

/** Whether the grant lets the operator read at `at`: it exists and its end is still ahead (the end itself is not). */
export const accessInForce = (access: OperatorAccess | undefined, at: Date): access is OperatorAccess =>
  access !== undefined && access.grantedUntil.getTime() > at.getTime();

const JAPAN_OFFSET_MS = 9 * 3_600_000;

/**
 * A moment as staff read it, in Japan time to the minute: 2026-12-13T09:30:00Z → 「12月13日18時30分」 (「18時」 on the
 * hour); the year is added when it is not the year of `now`.
 */
export function japanMoment(at: Date, now: Date): string {
  const local = new Date(at.getTime() + JAPAN_OFFSET_MS);
  const year = local.getUTCFullYear();
  const thisYear = new Date(now.getTime() + JAPAN_OFFSET_MS).getUTCFullYear();
  const minutes = local.getUTCMinutes();
  return `${year === thisYear ? '' : `${year}年`}${local.getUTCMonth() + 1}月${local.getUTCDate()}日${local.getUTCHours()}時${minutes === 0 ? '' : `${minutes}分`}`;
}

/** 「許可なし」, or 「12月13日18時まで許可（データ移行の支援のため）」 while a grant is in force. */
export function describeOperatorAccess(access: OperatorAccess | undefined, now: Date): string {
  if (!accessInForce(access, now)) return '許可なし';
  const reason = access.reason === null ? '' : `（${access.reason}）`;
  return `${japanMoment(access.grantedUntil, now)}まで許可${reason}`;
}
