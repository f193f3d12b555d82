// Inviting staff: an admin creates a one-time link carrying the role and departments the new account will have; the
// person opens it, chooses their own login, name and password, and signs in. No password travels through anyone
// else's hands and no e-mail server is needed: the admin copies the link into whatever channel the office uses.
// When the service has an SMTP server, the link can also be e-mailed: the invitation is stored first, then the
// message is sent, so a mail server that refuses or does not answer leaves a valid link to copy.
import { hashPassword } from '../auth/password-hash.ts';
import { hashToken, newSessionToken } from '../auth/tokens.ts';
import {
  findInvitation,
  insertInvitation,
  listOpenInvitations,
  markInvitationAccepted,
  markInvitationMailed,
  type StoredInvitation,
} from '../db/repositories/invitation.repository.ts';
import { findUserByLogin, insertUser, type StaffUser } from '../db/repositories/user.repository.ts';
import type { Actor } from '../domain/staff/actor.ts';
import { ROLE_LABELS } from '../domain/staff/role.ts';
import { readEmailAddress } from '../mail/address.ts';
import { invitationMail } from '../mail/invitation-mail.ts';
import { type Mailer, MailNotSent, summariseSendError } from '../mail/mailer.ts';
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
  /** Whom to e-mail the link to (only when the edge has a mailer); empty or absent: shown to copy only. */
  readonly email?: string | undefined;
}

/** What an edge with an SMTP server gives to e-mail invitations. */
export interface InvitationMailing {
  readonly mailer: Mailer;
  /** The organisation's name, for the subject and body. */
  readonly organisation: string;
  /** Who invites, as the invited person knows them. */
  readonly inviter: string;
  /** The absolute link of a token (the service's public address). */
  readonly link: (token: string) => string;
  /** A department's name by its 所属コード. */
  readonly departmentName: (code: string) => string;
}

/** What became of the e-mail: the server accepted it, or it could not be sent (the link still works). */
export type InvitationMailOutcome =
  | { readonly kind: 'sent'; readonly to: string }
  | { readonly kind: 'failed'; readonly to: string; readonly failure: MailNotSent };

/** The message when an address is given on an edge that cannot send mail. */
export const NO_MAIL_SERVER =
  'メールを送る設定がありません。サーバーに SHINCHOKU_SMTP_URL・SHINCHOKU_MAIL_FROM・SHINCHOKU_PUBLIC_URL を設定してください。';

/** Creates an invitation; the token is returned once, to be shown as a link, and stored only as its hash. */
export async function inviteStaff(
  ws: InvitationWorkspace,
  actor: Actor,
  input: InvitationInput,
  mailing?: InvitationMailing,
): Promise<{ token: string; invitation: StoredInvitation; mail?: InvitationMailOutcome | undefined }> {
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
  const email = readInvitationEmail(input.email, mailing !== undefined);
  if (email.problem !== undefined) problems.push({ path: 'email', message: email.problem });
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
      mailTo: email.address ?? null,
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
  if (email.address === undefined || mailing === undefined) return { token, invitation };
  return { token, ...(await mailInvitation(ws, { token, invitation, to: email.address }, mailing)) };
}

/** The address field: none, an address, or the problem with it. */
function readInvitationEmail(
  text: string | undefined,
  canSend: boolean,
): { address?: string | undefined; problem?: string | undefined } {
  if (text === undefined || text.trim() === '') return {};
  if (!canSend) return { problem: NO_MAIL_SERVER };
  const address = readEmailAddress(text);
  return address === undefined
    ? {
        problem:
          'メールアドレスの形式ではありません。「tanaka@example.lg.jp」のように1件だけ入力してください。',
      }
    : { address };
}

/** Sends the stored invitation; records when the server accepted it. Never throws for the mail server's refusal. */
async function mailInvitation(
  ws: InvitationWorkspace,
  sent: { token: string; invitation: StoredInvitation; to: string },
  mailing: InvitationMailing,
): Promise<{ invitation: StoredInvitation; mail: InvitationMailOutcome }> {
  const { invitation, to } = sent;
  const message = invitationMail({
    to,
    organisation: mailing.organisation,
    inviter: mailing.inviter,
    role: ROLE_LABELS[invitation.role],
    departments: invitation.departments.map(mailing.departmentName),
    link: mailing.link(sent.token),
    expiresAt: invitation.expiresAt,
  });
  try {
    await mailing.mailer.send(message);
  } catch (e) {
    const failure = e instanceof MailNotSent ? e : summariseSendError(e, { server: '', secret: '' });
    return { invitation, mail: { kind: 'failed', to, failure } };
  }
  await markInvitationMailed(ws.db, invitation.id, ws.now());
  return { invitation: { ...invitation, mail: { to, sent: true } }, mail: { kind: 'sent', to } };
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
