// What a signed-in person does to their own account: change their password, end every session, enrol a second
// factor. (Checking a password or a code at sign-in is authentication, done at the edge by
// http/staff/login-service.ts with its throttling; what changes the account afterwards is here.) Each owns its
// transaction and records history as the CLI and the admin's account pages do.
import { hashPassword, verifyPassword } from '../auth/password-hash.ts';
import { passwordProblems } from '../auth/password-policy.ts';
import { generateTotpSecret } from '../auth/totp.ts';
import { deleteUserSessions } from '../db/repositories/session.repository.ts';
import {
  auditAccount,
  findCredentials,
  findTotp,
  findUserByLogin,
  type StaffUser,
  setPassword,
  setPendingTotp,
} from '../db/repositories/user.repository.ts';
import type { Actor } from '../domain/staff/actor.ts';
import { Refusal, type Workspace } from './workspace.ts';

type AccountWorkspace = Pick<Workspace, 'db' | 'logger'>;

async function ownAccount(ws: AccountWorkspace, actor: Actor): Promise<StaffUser> {
  const user = await findUserByLogin(ws.db, actor.login);
  if (user === undefined || user.disabled) throw new Refusal('forbidden', 'このアカウントは使えません。');
  return user;
}

export interface PasswordChange {
  readonly current: string;
  readonly next: string;
  readonly confirm: string;
  /** The session the change is made in: it continues, every other session of the account ends. */
  readonly keepSessionHash: string;
}

/**
 * Changes the person's own password. Refuses with `invalid` and every problem by field (`current`, `new`,
 * `confirm`): a wrong current password, one the policy refuses (ASVS: length, common passwords, the login or
 * name), a confirmation that differs, or the same password again.
 */
export async function changeOwnPassword(
  ws: AccountWorkspace,
  actor: Actor,
  change: PasswordChange,
): Promise<void> {
  const user = await ownAccount(ws, actor);
  const problems: { path: string; message: string }[] = [];
  const credentials = await findCredentials(ws.db, user.login);
  if (credentials === undefined || !(await verifyPassword(credentials.passwordHash, change.current))) {
    problems.push({ path: 'current', message: '現在のパスワードが正しくありません。' });
  }
  const policy = passwordProblems(change.next, { login: user.login, name: user.name });
  if (policy.length > 0) problems.push({ path: 'new', message: policy.join('') });
  else if (change.next !== change.confirm)
    problems.push({ path: 'confirm', message: '確認用のパスワードが一致しません。' });
  else if (change.next === change.current)
    problems.push({ path: 'new', message: '現在と異なるパスワードにしてください。' });
  if (problems.length > 0) throw new Refusal('invalid', 'パスワードを変更できませんでした。', problems);
  await setPassword(ws.db, user.id, await hashPassword(change.next), false, change.keepSessionHash, {
    actor: actor.login,
    requestId: actor.requestId,
  });
  ws.logger.info({ event: 'password_changed', login: user.login }, 'password changed');
}

/** Ends every session of the person's account (signed out everywhere, this device included). */
export async function endOwnSessions(ws: AccountWorkspace, actor: Actor): Promise<void> {
  const user = await ownAccount(ws, actor);
  await deleteUserSessions(ws.db, user.id);
  ws.logger.info({ event: 'logout_everywhere', login: user.login }, 'all sessions ended');
}

/** The secret being enrolled: the pending one, or (with `restart`, or none pending) a new one. */
export async function startMfaEnrolment(
  ws: AccountWorkspace,
  actor: Actor,
  restart: boolean,
): Promise<{ readonly secret: string }> {
  const user = await ownAccount(ws, actor);
  if (user.mfaEnabled) throw new Refusal('conflict', '二要素認証は登録済みです。');
  const pending = (await findTotp(ws.db, user.id))?.pendingSecret ?? null;
  if (pending !== null && !restart) return { secret: pending };
  const secret = generateTotpSecret();
  await setPendingTotp(ws.db, user.id, secret);
  return { secret };
}

/**
 * Records in history that the person enrolled their second factor, once the edge has verified the first code
 * against the pending secret (http/staff/login-service.ts `attemptTotp`, which also activates it).
 */
export async function recordMfaEnrolled(ws: AccountWorkspace, actor: Actor): Promise<void> {
  ws.logger.info({ event: 'mfa_enrolled', login: actor.login }, 'second factor enrolled');
  await auditAccount(ws.db, actor.login, 'totp', '未登録', '登録済み', {
    actor: actor.login,
    requestId: actor.requestId,
  });
}
