// Throttling of failed logins (ASVS 6.3): a pause that grows with repeated failures, per account and per client
// address, and always ends — an attacker cannot lock a colleague out for good.

export interface ThrottlePolicy {
  /** Failures allowed before the first pause. */
  readonly freeFailures: number;
  /** The first pause; each further failure doubles it. */
  readonly firstPauseMs: number;
  readonly maxPauseMs: number;
  /** A quiet period after which the count starts again. */
  readonly forgetAfterMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  firstPauseMs: 30_000,
  maxPauseMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  firstPauseMs: 30_000,
  maxPauseMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

/**
 * When the key may try again after its `failures`-th failure at `at`; null = at once. The pause starts with the
 * `freeFailures`-th failure (5 wrong passwords: the 6th attempt waits) and doubles with each further one.
 */
export function pauseAfter(failures: number, at: Date, policy: ThrottlePolicy): Date | null {
  const over = failures - policy.freeFailures;
  if (over < 0) return null;
  const pause = Math.min(policy.firstPauseMs * 2 ** Math.min(over, 30), policy.maxPauseMs);
  return new Date(at.getTime() + pause);
}

/** The failure count to continue from: zero once the key has been quiet long enough. */
export const carriedFailures = (
  previous: { failures: number; lastFailureAt: Date } | undefined,
  at: Date,
  policy: ThrottlePolicy,
): number =>
  previous === undefined || at.getTime() - previous.lastFailureAt.getTime() >= policy.forgetAfterMs
    ? 0
    : previous.failures;

/** 「あと3分」 style wait for messages, rounded up to whole minutes (at least 1). */
export const waitMinutes = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
