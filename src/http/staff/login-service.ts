import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  carriedFailures,
  pauseAfter,
  type ThrottlePolicy,
  waitMinutes,
} from '../../auth/login-throttle.ts';
import { verifyAgainstNothing, verifyPassword } from '../../auth/password-hash.ts';
import { verifyTotp } from '../../auth/totp.ts';
import type { SessionStage } from '../../db/database.ts';
import { clearThrottle, findThrottle, saveThrottle } from '../../db/repositories/session.repository.ts';
import {
  findCredentials,
  findTotp,
  findUserById,
  useTotpStep,
} from '../../db/repositories/user.repository.ts';
import type { Staff } from './staff-options.ts';

export type LoginOutcome =
  | { readonly ok: true; readonly userId: number; readonly stage: SessionStage }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly waitMinutes: number };

// Failed logins are counted per account of an organisation (the same login in another organisation is another
// account: its failures never pause this one) and per address across the whole service.
const accountKey = (staff: Staff, login: string) =>
  `login:${staff.sessionScope === '' ? '' : `${staff.sessionScope}:`}${login.toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

/** What the throttle needs: the database holding `login_throttle` and a clock (staff and the operator console). */
export type ThrottleStore = Pick<Staff, 'db' | 'now'>;

/** Refuses at once while either key is paused; the password is not even checked then. */
export async function pausedMinutes(
  staff: ThrottleStore,
  keys: readonly string[],
): Promise<number | undefined> {
  const now = staff.now();
  for (const key of keys) {
    const state = await findThrottle(staff.db, key);
    if (state?.blockedUntil != null && state.blockedUntil > now) return waitMinutes(state.blockedUntil, now);
  }
  return undefined;
}

export async function recordFailure(
  staff: ThrottleStore,
  key: string,
  policy: ThrottlePolicy,
): Promise<void> {
  const now = staff.now();
  const failures = carriedFailures(await findThrottle(staff.db, key), now, policy) + 1;
  await saveThrottle(staff.db, key, failures, now, pauseAfter(failures, now, policy));
}

async function recordFailures(staff: Staff, login: string, address: string): Promise<void> {
  await recordFailure(staff, accountKey(staff, login), ACCOUNT_POLICY);
  await recordFailure(staff, addressKey(address), ADDRESS_POLICY);
}

/** The stage a session starts in after the password: the second factor, its enrolment, or full access. */
async function stageAfterPassword(staff: Staff, userId: number): Promise<SessionStage> {
  const user = await findUserById(staff.db, userId);
  if (user?.mfaEnabled) return 'mfa';
  if (user?.role === 'admin' && staff.requireMfaForAdmins) return 'enrol';
  return 'full';
}

/**
 * Checks a login and password, throttled per account and per client address. The answer never says whether the
 * login exists, and an unknown login costs the same hashing time as a known one.
 */
export async function attemptLogin(
  staff: Staff,
  login: string,
  password: string,
  address: string,
): Promise<LoginOutcome> {
  const paused = await pausedMinutes(staff, [accountKey(staff, login), addressKey(address)]);
  if (paused !== undefined) {
    staff.logger.warn({ event: 'login_throttled', login, address }, 'login refused while throttled');
    return { ok: false, reason: 'throttled', waitMinutes: paused };
  }
  const credentials = await findCredentials(staff.db, login);
  const valid =
    credentials === undefined || credentials.disabled
      ? await verifyAgainstNothing(password)
      : await verifyPassword(credentials.passwordHash, password);
  if (!valid || credentials === undefined) {
    await recordFailures(staff, login, address);
    staff.logger.warn({ event: 'login_failed', login, address }, 'login failed');
    return { ok: false, reason: 'invalid' };
  }
  await clearThrottle(staff.db, accountKey(staff, login));
  staff.logger.info({ event: 'login', login, address }, 'password accepted');
  return { ok: true, userId: credentials.id, stage: await stageAfterPassword(staff, credentials.id) };
}

/**
 * Checks a TOTP code for a signed-in account: against the active secret (login) or the pending one (enrolment).
 * A code's time step is used once; failures count towards the account's throttling like wrong passwords.
 */
export async function attemptTotp(
  staff: Staff,
  user: { id: number; login: string },
  code: string,
  address: string,
  purpose: 'login' | 'enrol',
): Promise<
  { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; waitMinutes: number }
> {
  const paused = await pausedMinutes(staff, [accountKey(staff, user.login), addressKey(address)]);
  if (paused !== undefined) return { ok: false, reason: 'throttled', waitMinutes: paused };
  const totp = await findTotp(staff.db, user.id);
  const secret = purpose === 'login' ? totp?.secret : totp?.pendingSecret;
  const checked =
    secret == null
      ? ({ ok: false } as const)
      : verifyTotp(secret, code, staff.now().getTime(), totp?.lastStep ?? null);
  if (checked.ok && (await useTotpStep(staff.db, user.id, checked.step, purpose === 'enrol'))) {
    await clearThrottle(staff.db, accountKey(staff, user.login));
    staff.logger.info({ event: `totp_${purpose}`, login: user.login }, 'second factor accepted');
    return { ok: true };
  }
  await recordFailures(staff, user.login, address);
  staff.logger.warn({ event: 'totp_failed', login: user.login, address }, 'second factor refused');
  return { ok: false, reason: 'invalid' };
}
