import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hashToken, newCsrfToken, newSessionToken } from '../../auth/tokens.ts';
import type { SessionStage } from '../../db/database.ts';
import {
  deleteSession,
  findSession,
  insertSession,
  type StoredSession,
  touchSession,
} from '../../db/repositories/session.repository.ts';
import { findUserById, type StaffUser } from '../../db/repositories/user.repository.ts';
import { requestScheme } from './client-address.ts';
import type { Staff } from './staff-options.ts';

/** A signed-in request: the account and its session (the raw id only ever lives in the cookie). */
export interface SignedIn {
  readonly user: StaffUser;
  readonly session: StoredSession;
}

/** Why there is no session: none sent, or one that ended (shown on the login page). */
export type NoSession = 'none' | 'idle' | 'absolute' | 'revoked';

/** Served over HTTPS (directly, or behind a proxy that says so when trusted). */
export const isSecureRequest = (c: Context, staff: Staff): boolean => requestScheme(c, staff) === 'https';

/**
 * `__Host-` needs Secure, which browsers refuse on plain HTTP: the prefix is used whenever HTTPS is. `__Host-` also
 * fixes the path at /, so each organisation on a service has a cookie of its own name (its 団体コード appended;
 * the default organisation keeps the plain name): signing in to one never signs anyone out of another.
 */
export const sessionCookieName = (secure: boolean, scope = ''): string =>
  `${secure ? '__Host-shinchoku-session' : 'shinchoku-session'}${scope === '' ? '' : `-${scope}`}`;

/** Starts a session: a fresh random id every time (never the one the browser sent), stored by its hash. */
export async function startSession(
  c: Context,
  staff: Staff,
  userId: number,
  stage: SessionStage,
): Promise<void> {
  const previous = readCookie(c, staff);
  if (previous !== undefined) await deleteSession(staff.db, hashToken(previous));
  const token = newSessionToken();
  const now = staff.now();
  await insertSession(staff.db, {
    idHash: hashToken(token),
    userId,
    csrfToken: newCsrfToken(),
    stage,
    createdAt: now,
    lastSeenAt: now,
  });
  const secure = isSecureRequest(c, staff);
  setCookie(c, sessionCookieName(secure, staff.sessionScope), token, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax',
  });
}

function readCookie(c: Context, staff: Staff): string | undefined {
  return getCookie(c, sessionCookieName(isSecureRequest(c, staff), staff.sessionScope));
}

/** Ends the request's session (logout) and clears the cookie. */
export async function endSession(c: Context, staff: Staff): Promise<void> {
  const token = readCookie(c, staff);
  if (token !== undefined) await deleteSession(staff.db, hashToken(token));
  const secure = isSecureRequest(c, staff);
  deleteCookie(c, sessionCookieName(secure, staff.sessionScope), { path: '/', secure });
}

/**
 * The request's session, checked against both timeouts and the account's state; an ended session is deleted.
 * A valid one is touched (its idle timer restarts).
 */
export async function currentSession(
  c: Context,
  staff: Staff,
): Promise<{ ok: true; value: SignedIn } | { ok: false; reason: NoSession }> {
  const token = readCookie(c, staff);
  if (token === undefined || token.length > 100) return { ok: false, reason: 'none' };
  const idHash = hashToken(token);
  const session = await findSession(staff.db, idHash);
  if (session === undefined) return { ok: false, reason: 'revoked' };
  const now = staff.now().getTime();
  const ended: NoSession | undefined =
    now - session.createdAt.getTime() >= staff.lifetimes.absoluteMs
      ? 'absolute'
      : now - session.lastSeenAt.getTime() >= staff.lifetimes.idleMs
        ? 'idle'
        : undefined;
  if (ended !== undefined) {
    await deleteSession(staff.db, idHash);
    return { ok: false, reason: ended };
  }
  const user = await findUserById(staff.db, session.userId);
  if (user === undefined || user.disabled) {
    await deleteSession(staff.db, idHash);
    return { ok: false, reason: 'revoked' };
  }
  await touchSession(staff.db, idHash, staff.now());
  return { ok: true, value: { user, session } };
}
