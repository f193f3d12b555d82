// Staff accounts (職員アカウント): one use case per admin action, called by the web pages (/admin/users) and by
// `shinchoku user`, so both edges apply the same rules and write the same history. Each owns its transaction;
// refusals are `Refusal`s with Japanese messages naming the field. Account changes are recorded in history under
// the table `users` (role and departments as one value 「役割と所属」, passwords and second factors only as events).
import type { Transaction } from 'kysely';
import { generateInitialPassword, hashPassword } from '../auth/password-hash.ts';
import type { Database } from '../db/database.ts';
import {
  type AccountAudit,
  auditAccount,
  clearTotp,
  findUserById,
  findUserByLogin,
  insertUser,
  type KnownDepartment,
  knownDepartments,
  listUsers,
  lockActiveAdmins,
  type StaffUser,
  sessionCounts,
  setDisabled,
  setPassword,
  setRoleAndDepartments,
} from '../db/repositories/user.repository.ts';
import { leavesNoActiveAdmin } from '../domain/staff/account-rules.ts';
import type { Actor } from '../domain/staff/actor.ts';
import {
  type FieldProblem,
  type NewAccountInput,
  passwordFieldProblems,
  readNewAccount,
  readRoleAndDepartments,
} from './accounts-input.ts';
import { Refusal, requireAdmin, type Workspace } from './workspace.ts';

/** Accounts are not per plan: the use cases need only the database. */
export type AccountWorkspace = Pick<Workspace, 'db'>;

/** An account as the pages and the CLI list it. */
export interface AccountSummary extends StaffUser {
  /** Sessions signed in now (ended by disabling, a password reset or a second-factor reset). */
  readonly liveSessions: number;
}

/** Which account: by login (the CLI, history) or by id (the web pages' addresses). */
export type AccountKey = { readonly login: string } | { readonly id: number };

type Trx = Transaction<Database>;

const auditOf = (actor: Actor): AccountAudit => ({ actor: actor.login, requestId: actor.requestId });

/** Only admins (the policy office) manage accounts; the CLI acts as one. */
const requireAccountAdmin = (actor: Actor): void => requireAdmin(actor, 'アカウントの管理');

async function target(db: AccountWorkspace['db'] | Trx, key: AccountKey): Promise<StaffUser> {
  const found = 'login' in key ? await findUserByLogin(db, key.login) : await findUserById(db, key.id);
  if (found !== undefined) return found;
  throw new Refusal(
    'not_found',
    'login' in key
      ? `ログインID「${key.login}」のアカウントはありません。`
      : '指定のアカウントはありません。',
  );
}

/** Refuses an action an admin may not take on their own account (they would lock themselves out). */
function refuseSelf(actor: Actor, account: StaffUser, what: string, instead = ''): void {
  if (account.login === actor.login)
    throw new Refusal('conflict', `自分のアカウントの${what}はできません。${instead}`);
}

async function refuseLastAdmin(trx: Trx, account: StaffUser, what: string): Promise<void> {
  if (leavesNoActiveAdmin(await lockActiveAdmins(trx), account.login)) {
    throw new Refusal(
      'conflict',
      `有効な管理者がほかにいないため、アカウント「${account.login}」の${what}はできません。先にほかの管理者アカウントを作成するか有効にしてください。`,
    );
  }
}

const reread = async (db: AccountWorkspace['db'] | Trx, account: StaffUser): Promise<StaffUser> =>
  target(db, { id: account.id });

/** Every account with its live sessions, and the department codes accounts may be given. */
export async function listAccounts(
  ws: AccountWorkspace,
  actor: Actor,
): Promise<{ accounts: AccountSummary[]; departments: KnownDepartment[] }> {
  requireAccountAdmin(actor);
  const [users, sessions, departments] = await Promise.all([
    listUsers(ws.db),
    sessionCounts(ws.db),
    knownDepartments(ws.db),
  ]);
  return { accounts: users.map((u) => ({ ...u, liveSessions: sessions.get(u.id) ?? 0 })), departments };
}

/** One account, for its page. */
export async function showAccount(
  ws: AccountWorkspace,
  actor: Actor,
  key: AccountKey,
): Promise<AccountSummary> {
  requireAccountAdmin(actor);
  const account = await target(ws.db, key);
  return { ...account, liveSessions: (await sessionCounts(ws.db)).get(account.id) ?? 0 };
}

/** The department codes of the stored plans (the choices for an editor's departments). */
export async function departmentChoices(ws: AccountWorkspace, actor: Actor): Promise<KnownDepartment[]> {
  requireAccountAdmin(actor);
  return knownDepartments(ws.db);
}

export async function refuseUnknownDepartments(
  trx: Trx,
  codes: readonly string[],
  headline: string,
): Promise<void> {
  if (codes.length === 0) return;
  const known = new Set((await knownDepartments(trx)).map((d) => d.code));
  const unknown = codes.filter((code) => !known.has(code));
  if (unknown.length === 0) return;
  const problem: FieldProblem = {
    path: 'departments',
    message: `担当課コード${unknown.map((c) => `「${c}」`).join('')}はどの計画にもありません。`,
  };
  throw new Refusal('invalid', headline, [problem]);
}

/**
 * Creates an account that must change its password at first sign-in. The initial password is the one given
 * (checked by the password policy) or a generated one-time password, returned to be shown once.
 */
export async function createAccount(
  ws: AccountWorkspace,
  actor: Actor,
  input: NewAccountInput,
): Promise<{ account: StaffUser; oneTimePassword: string | null }> {
  requireAccountAdmin(actor);
  const account = readNewAccount(input);
  const oneTimePassword = input.password === undefined ? generateInitialPassword() : null;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword ?? '');
  const taken = new Refusal('conflict', 'アカウントを作成できません。', [
    { path: 'login', message: `ログインID「${account.login}」は既に使われています。` },
  ]);
  try {
    const created = await ws.db.transaction().execute(async (trx) => {
      await refuseUnknownDepartments(trx, account.departments, 'アカウントを作成できません。');
      if ((await findUserByLogin(trx, account.login)) !== undefined) throw taken;
      return insertUser(trx, { ...account, passwordHash }, auditOf(actor));
    });
    return { account: created, oneTimePassword };
  } catch (e) {
    // Two admins creating the same login at once: the unique index refuses the second (SQLSTATE 23505).
    if (e instanceof Error && (e as Error & { code?: unknown }).code === '23505') throw taken;
    throw e;
  }
}

/** Disables an account and ends its sessions; never the admin's own, nor the last active admin. */
export async function disableAccount(
  ws: AccountWorkspace,
  actor: Actor,
  key: AccountKey,
): Promise<{ account: StaffUser; changed: boolean }> {
  requireAccountAdmin(actor);
  return ws.db.transaction().execute(async (trx) => {
    const account = await target(trx, key);
    if (account.disabled) return { account, changed: false };
    refuseSelf(actor, account, '無効化');
    await refuseLastAdmin(trx, account, '無効化');
    await setDisabled(trx, account.id, true, auditOf(actor));
    return { account: await reread(trx, account), changed: true };
  });
}

/** Enables a disabled account (its password and second factor as they were). */
export async function enableAccount(
  ws: AccountWorkspace,
  actor: Actor,
  key: AccountKey,
): Promise<{ account: StaffUser; changed: boolean }> {
  requireAccountAdmin(actor);
  return ws.db.transaction().execute(async (trx) => {
    const account = await target(trx, key);
    if (!account.disabled) return { account, changed: false };
    await setDisabled(trx, account.id, false, auditOf(actor));
    return { account: await reread(trx, account), changed: true };
  });
}

/**
 * Gives an account a new password it must change at its next sign-in — the one given, or a generated one-time
 * password returned to be shown once — and ends its sessions.
 */
export async function resetPassword(
  ws: AccountWorkspace,
  actor: Actor,
  input: AccountKey & { readonly password?: string | undefined },
): Promise<{ account: StaffUser; oneTimePassword: string | null }> {
  requireAccountAdmin(actor);
  const before = await target(ws.db, input);
  refuseSelf(actor, before, 'パスワード再設定', '「パスワード変更」から変更してください。');
  if (input.password !== undefined) {
    const problems = passwordFieldProblems(input.password, { login: before.login, name: before.name });
    if (problems.length > 0) throw new Refusal('invalid', 'このパスワードは使えません。', problems);
  }
  const oneTimePassword = input.password === undefined ? generateInitialPassword() : null;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword ?? '');
  const account = await ws.db.transaction().execute(async (trx) => {
    const account = await reread(trx, before);
    await setPassword(trx, account.id, passwordHash, true, undefined, auditOf(actor));
    return reread(trx, account);
  });
  return { account, oneTimePassword };
}

/**
 * Forgets an account's second factor (a lost phone) and ends its sessions; where a second factor is required it
 * is enrolled again at the next sign-in.
 */
export async function resetMfa(
  ws: AccountWorkspace,
  actor: Actor,
  key: AccountKey,
): Promise<{ account: StaffUser; hadMfa: boolean }> {
  requireAccountAdmin(actor);
  return ws.db.transaction().execute(async (trx) => {
    const account = await target(trx, key);
    refuseSelf(actor, account, '二要素認証の解除');
    await auditAccount(
      trx,
      account.login,
      'totp',
      account.mfaEnabled ? '登録済み' : '未登録',
      '解除',
      auditOf(actor),
    );
    await clearTotp(trx, account.id);
    return { account: await reread(trx, account), hadMfa: account.mfaEnabled };
  });
}

const roleText = (role: string, departments: readonly string[]) => [role, ...departments].join(' ');

/**
 * Changes an account's role and departments together (an editor needs at least one department, the other roles
 * none); never the admin's own role, nor the last active admin's.
 */
export async function setRole(
  ws: AccountWorkspace,
  actor: Actor,
  input: AccountKey & { readonly role: string; readonly departments: readonly string[] },
): Promise<{ account: StaffUser; changed: boolean }> {
  requireAccountAdmin(actor);
  const headline = '役割と担当課を変更できません。';
  const read = readRoleAndDepartments(input.role, input.departments);
  if (read.problems.length > 0) throw new Refusal('invalid', headline, read.problems);
  return ws.db.transaction().execute(async (trx) => {
    const account = await target(trx, input);
    const before = roleText(account.role, account.departments);
    const after = roleText(read.role, read.departments);
    if (before === after) return { account, changed: false };
    if (read.role !== account.role) {
      refuseSelf(actor, account, '役割の変更');
      if (account.role === 'admin' && !account.disabled) await refuseLastAdmin(trx, account, '役割の変更');
    }
    await refuseUnknownDepartments(trx, read.departments, headline);
    await setRoleAndDepartments(trx, account.id, read.role, read.departments);
    await auditAccount(trx, account.login, 'role', before, after, auditOf(actor));
    return { account: await reread(trx, account), changed: true };
  });
}

/** Changes an editor's departments, keeping the role. */
export async function setDepartments(
  ws: AccountWorkspace,
  actor: Actor,
  input: AccountKey & { readonly departments: readonly string[] },
): Promise<{ account: StaffUser; changed: boolean }> {
  requireAccountAdmin(actor);
  const account = await target(ws.db, input);
  return setRole(ws, actor, { id: account.id, role: account.role, departments: input.departments });
}
