// Inviting staff: an admin creates a one-time link carrying the role and departments the new account will have; the
// person opens it, chooses their own login, name and password, and signs in. No password travels through anyone
// else's hands and no e-mail server is needed: the admin copies the link into whatever channel the office uses.
import { hashPassword } from '../auth/password-hash.ts';
import { hashToken, newSessionToken } from '../auth/tokens.ts';
import {
  findInvitation,
  insertInvitation,
  listOpenInvitations,
  markInvitationAccepted,
  type StoredInvitation,
} from '../db/repositories/invitation.repository.ts';
import { findUserByLogin, insertUser, type StaffUser } from '../db/repositories/user.repository.ts';
import type { Actor } from '../domain/staff/actor.ts';
import { refuseUnknownDepartments } from './accounts.ts';
import { type FieldProblem, readNewAccount, readRoleAndDepartments } from './accounts-input.ts';
import { Refusal, requireAdmin, type Workspace } from './workspace.ts';

export type { StoredInvitation };

type InvitationWorkspace = Pick<Workspace, 'db' | 'now'>;

/** How long a link stays valid unless the admin says otherwise, and the longest it may. */
export const INVITATION_DAYS = { default: 7, max: 30 } as const;

export interface InvitationInput {
  readonly role: string;
  readonly departments: readonly string[];
  /** Whom it is for (shown in the list of open invitations only). */
  readonly note?: string | undefined;
  readonly days?: number | undefined;
}

/** Creates an invitation; the token is returned once, to be shown as a link, and stored only as its hash. */
export async function inviteStaff(
  ws: InvitationWorkspace,
  actor: Actor,
  input: InvitationInput,
): Promise<{ token: string; invitation: StoredInvitation }> {
  requireAdmin(actor, '職員の招待');
  const headline = '招待を作成できません。';
  const read = readRoleAndDepartments(input.role, input.departments);
  const problems: FieldProblem[] = [...read.problems];
  const note = input.note?.trim() === '' ? null : (input.note?.trim() ?? null);
  if (note !== null && note.length > 200)
    problems.push({ path: 'note', message: 'メモは200文字以内にしてください。' });
  const days = input.days ?? INVITATION_DAYS.default;
  if (!Number.isInteger(days) || days < 1 || days > INVITATION_DAYS.max) {
    problems.push({
      path: 'days',
      message: `有効期間は1〜${INVITATION_DAYS.max}日の整数で指定してください。`,
    });
  }
  if (problems.length > 0) throw new Refusal('invalid', headline, problems);
  const token = newSessionToken();
  const expiresAt = new Date(ws.now().getTime() + days * 86_400_000);
  const invitation = await ws.db.transaction().execute(async (trx) => {
    await refuseUnknownDepartments(trx, read.departments, headline);
    const id = await insertInvitation(trx, {
      tokenHash: hashToken(token),
      role: read.role,
      departments: read.departments,
      note,
      createdBy: actor.login,
      expiresAt,
    });
    await trx
      .insertInto('history')
      .values({
        plan_id: null,
        table_name: 'invitations',
        row_key: JSON.stringify({ id }),
        operation: 'insert',
        column_name: 'role',
        old_value: null,
        new_value: [read.role, ...read.departments].join(' '),
        actor: actor.login,
        request_id: actor.requestId ?? null,
      })
      .execute();
    return (await findInvitation(trx, hashToken(token))) as StoredInvitation;
  });
  return { token, invitation };
}

/** The invitations not yet accepted, for the admin's list. */
export async function openInvitations(ws: InvitationWorkspace, actor: Actor): Promise<StoredInvitation[]> {
  requireAdmin(actor, '職員の招待');
  return listOpenInvitations(ws.db);
}

/** Why a link cannot be used, in the words the person sees; undefined when it can. */
function unusable(invitation: StoredInvitation | undefined, now: Date): string | undefined {
  if (invitation === undefined)
    return 'この招待のリンクは無効です。リンクを最後まで正しくコピーしたか確かめるか、管理者に新しい招待を依頼してください。';
  if (invitation.acceptedAt !== null)
    return 'この招待はすでに使われています。ログイン画面からログインしてください。';
  if (invitation.expiresAt.getTime() <= now.getTime()) {
    return 'この招待の有効期限が過ぎています。管理者に新しい招待を依頼してください。';
  }
  return undefined;
}

/** The invitation behind a link, or a refusal saying why it cannot be used. */
export async function openInvitation(ws: InvitationWorkspace, token: string): Promise<StoredInvitation> {
  const invitation = token.length > 200 ? undefined : await findInvitation(ws.db, hashToken(token));
  const reason = unusable(invitation, ws.now());
  if (reason !== undefined) throw new Refusal(invitation === undefined ? 'not_found' : 'conflict', reason);
  return invitation as StoredInvitation;
}

export interface AcceptInput {
  readonly login: string;
  readonly name: string;
  readonly password: string;
  readonly requestId?: string | undefined;
}

/**
 * Accepts an invitation: the account is created with the invitation's role and departments and the password the
 * person chose (no change due at first sign-in), and the link is used up — in one transaction, so two tabs posting
 * the same link create one account.
 */
export async function acceptInvitation(
  ws: InvitationWorkspace,
  token: string,
  input: AcceptInput,
): Promise<StaffUser> {
  const opened = await openInvitation(ws, token);
  const headline = 'アカウントを作成できません。';
  const account = readNewAccount({
    login: input.login,
    name: input.name,
    role: opened.role,
    departments: opened.departments,
    password: input.password,
  });
  const passwordHash = await hashPassword(input.password);
  try {
    return await ws.db.transaction().execute(async (trx) => {
      const invitation = await findInvitation(trx, hashToken(token), { forUpdate: true });
      const reason = unusable(invitation, ws.now());
      if (reason !== undefined || invitation === undefined) throw new Refusal('conflict', reason ?? headline);
      if ((await findUserByLogin(trx, account.login)) !== undefined) {
        throw new Refusal('conflict', headline, [
          {
            path: 'login',
            message: `ログインID「${account.login}」は既に使われています。別のIDにしてください。`,
          },
        ]);
      }
      const created = await insertUser(
        trx,
        { ...account, role: invitation.role, departments: invitation.departments, passwordHash },
        { actor: `${account.login}（招待: ${invitation.createdBy}）`, requestId: input.requestId ?? null },
      );
      await trx
        .updateTable('users')
        .set({ must_change_password: false })
        .where('id', '=', created.id)
        .execute();
      await markInvitationAccepted(trx, invitation.id, account.login, ws.now());
      return { ...created, mustChangePassword: false };
    });
  } catch (e) {
    if (e instanceof Error && (e as Error & { code?: unknown }).code === '23505') {
      throw new Refusal('conflict', headline, [
        {
          path: 'login',
          message: `ログインID「${account.login}」は既に使われています。別のIDにしてください。`,
        },
      ]);
    }
    throw e;
  }
}
