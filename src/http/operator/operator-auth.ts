// Signing in to the operator console: the password and the second factor checked with the staff's building blocks
// (argon2id, TOTP with replay protection, the same throttling policy and table, keyed apart from staff logins), and
// the console's own session cookie and table (operator_sessions), with the staff's idle and absolute lifetimes.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { ACCOUNT_POLICY, ADDRESS_POLICY } from '../../auth/login-throttle.ts';
import { verifyAgainstNothing, verifyPassword } from '../../auth/password-hash.ts';
import { hashToken, newCsrfToken, newSessionToken } from '../../auth/tokens.ts';
import { verifyTotp } from '../../auth/totp.ts';
import type { Database } from '../../db/database.ts';
import {
  deleteOperatorSession,
  findOperatorById,
  findOperatorByLogin,
  findOperatorPasswordHash,
  findOperatorSession,
  findOperatorTotp,
  insertOperatorSession,
  type Operator,
  type OperatorSession,
  touchOperatorSession,
  useOperatorTotpStep,
} from '../../db/repositories/operator-account.repository.ts';
import { clearThrottle } from '../../db/repositories/session.repository.ts';
import { requestScheme } from '../staff/client-address.ts';
import { addressKey, pausedMinutes, recordFailure } from '../staff/login-service.ts';
import type { NoSession } from '../staff/sessions.ts';
import type { SessionLifetimes } from '../staff/staff-options.ts';

/** What the console needs to authenticate: the owner's database, a clock, a logger and the staff's settings. */
export interface OperatorAuth {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly lifetimes: SessionLifetimes;
  readonly trustedProxies: number;
}

export interface OperatorSignedIn {
  readonly operator: Operator;
  readonly session: OperatorSession;
}

export type Attempt<T> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly waitMinutes: number };

// An operator's failures are counted apart from any organisation's account of the same login.
const accountKey = (login: string) => `operator:${login.toLowerCase()}`;

async function recordFailures(auth: OperatorAuth, login: string, address: string): Promise<void> {
  await recordFailure(auth, accountKey(login), ACCOUNT_POLICY);
  await recordFailure(auth, addressKey(address), ADDRESS_POLICY);
}

/**
 * Checks a login and password as the staff login does: throttled per account and address, the same answer and the
 * same hashing time whether or not the login exists (or is disabled).
 */
export async function attemptOperatorLogin(
  auth: OperatorAuth,
  login: string,
  password: string,
  address: string,
): Promise<Attempt<{ operator: Operator }>> {
  const paused = await pausedMinutes(auth, [accountKey(login), addressKey(address)]);
  if (paused !== undefined) return { ok: false, reason: 'throttled', waitMinutes: paused };
  const operator = await findOperatorByLogin(auth.db, login);
  const hash =
    operator === undefined || operator.disabled
      ? undefined
      : await findOperatorPasswordHash(auth.db, operator.id);
  const valid =
    hash === undefined ? await verifyAgainstNothing(password) : await verifyPassword(hash, password);
  if (!valid || operator === undefined) {
    await recordFailures(auth, login, address);
    auth.logger.warn({ event: 'operator_login_failed', login, address }, 'operator login failed');
    return { ok: false, reason: 'invalid' };
  }
  await clearThrottle(auth.db, accountKey(login));
  auth.logger.info({ event: 'operator_login', login, address }, 'operator password accepted');
  return { ok: true, operator };
}

/** Checks a TOTP code against the active secret (sign-in) or the pending one (enrolment); a time step is used once. */
export async function attemptOperatorTotp(
  auth: OperatorAuth,
  operator: Operator,
  code: string,
  address: string,
  purpose: 'login' | 'enrol',
): Promise<Attempt<object>> {
  const paused = await pausedMinutes(auth, [accountKey(operator.login), addressKey(address)]);
  if (paused !== undefined) return { ok: false, reason: 'throttled', waitMinutes: paused };
  const totp = await findOperatorTotp(auth.db, operator.id);
  const secret = purpose === 'login' ? totp?.secret : totp?.pendingSecret;
  const checked =
    secret == null
      ? ({ ok: false } as const)
      : verifyTotp(secret, code, auth.now().getTime(), totp?.lastStep ?? null);
  if (checked.ok && (await useOperatorTotpStep(auth.db, operator.id, checked.step, purpose === 'enrol'))) {
    await clearThrottle(auth.db, accountKey(operator.login));
    return { ok: true };
  }
  await recordFailures(auth, operator.login, address);
  auth.logger.warn(
    { event: 'operator_totp_failed', login: operator.login, address },
    'second factor refused',
  );
  return { ok: false, reason: 'invalid' };
}

/** The console's cookie: never the staff's name, so neither session opens the other's pages. */
export const operatorCookieName = (secure: boolean): string =>
  secure ? '__Host-shinchoku-operator' : 'shinchoku-operator';

const isSecure = (c: Context, auth: OperatorAuth) => requestScheme(c, auth) === 'https';

const readCookie = (c: Context, auth: OperatorAuth) => getCookie(c, operatorCookieName(isSecure(c, auth)));

/** Starts a session with a fresh id (never the one the browser sent), stored by its hash. */
export async function startOperatorSession(
  c: Context,
  auth: OperatorAuth,
  operatorId: number,
  stage: 'mfa' | 'full',
): Promise<void> {
  const previous = readCookie(c, auth);
  if (previous !== undefined) await deleteOperatorSession(auth.db, hashToken(previous));
  const token = newSessionToken();
  const now = auth.now();
  await insertOperatorSession(auth.db, {
    idHash: hashToken(token),
    operatorId,
    csrfToken: newCsrfToken(),
    stage,
    createdAt: now,
    lastSeenAt: now,
  });
  const secure = isSecure(c, auth);
  setCookie(c, operatorCookieName(secure), token, { path: '/', httpOnly: true, secure, sameSite: 'Lax' });
}

export async function endOperatorSession(c: Context, auth: OperatorAuth): Promise<void> {
  const token = readCookie(c, auth);
  if (token !== undefined) await deleteOperatorSession(auth.db, hashToken(token));
  const secure = isSecure(c, auth);
  deleteCookie(c, operatorCookieName(secure), { path: '/', secure });
}

/** The request's session, checked against both lifetimes and the account's state; a valid one is touched. */
export async function currentOperatorSession(
  c: Context,
  auth: OperatorAuth,
): Promise<{ ok: true; value: OperatorSignedIn } | { ok: false; reason: NoSession }> {
  const token = readCookie(c, auth);
  if (token === undefined || token.length > 100) return { ok: false, reason: 'none' };
  const idHash = hashToken(token);
  const session = await findOperatorSession(auth.db, idHash);
  if (session === undefined) return { ok: false, reason: 'revoked' };
  const now = auth.now().getTime();
  const ended: NoSession | undefined =
    now - session.createdAt.getTime() >= auth.lifetimes.absoluteMs
      ? 'absolute'
      : now - session.lastSeenAt.getTime() >= auth.lifetimes.idleMs
        ? 'idle'
        : undefined;
  const operator = ended === undefined ? await findOperatorById(auth.db, session.operatorId) : undefined;
  if (operator === undefined || operator.disabled) {
    await deleteOperatorSession(auth.db, idHash);
    return { ok: false, reason: ended ?? 'revoked' };
  }
  await touchOperatorSession(auth.db, idHash, auth.now());
  return { ok: true, value: { operator, session } };
}

/** The one page a session must see next: the second factor, the password change, the enrolment, or none. */
export function requiredStep(
  signedIn: OperatorSignedIn,
): '/service/login/mfa' | '/service/account/password' | '/service/account/mfa' | undefined {
  if (signedIn.session.stage === 'mfa') return '/service/login/mfa';
  if (signedIn.operator.mustChangePassword) return '/service/account/password';
  if (!signedIn.operator.mfaEnabled) return '/service/account/mfa';
  return undefined;
}
