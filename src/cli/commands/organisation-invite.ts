// The first admin of an organisation by invitation: the operator creates a one-time link (app/invitations.ts, the
// operator as the inviter) and hands it over; the person chooses their own login and password on the page it opens.
// No password passes through the operator's hands, unlike --admin-login's one-time password. With --email and an
// SMTP server configured (SHINCHOKU_SMTP_URL…), the link is e-mailed too, with the service's public address.
import {
  INVITATION_DAYS,
  type InvitationMailing,
  inviteStaff,
  NO_MAIL_SERVER,
} from '../../app/invitations.ts';
import type { OrganisationWorkspace } from '../../app/organisations.ts';
import { ConfigError, loadMailConfig, type MailConfig } from '../../config.ts';
import type { ServiceOrganisation } from '../../db/repositories/organisation.repository.ts';
import { japanMinute } from '../../db/stale-rows.ts';
import type { Actor } from '../../domain/staff/actor.ts';
import { readEmailAddress } from '../../mail/address.ts';
import { smtpMailer } from '../../mail/mailer.ts';
import { CliError } from '../errors.ts';

/** --days as the number of days the link stays valid (the invitation itself checks the range). */
export function parseInvitationDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const days = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(days) || days < 1 || days > INVITATION_DAYS.max) {
    throw new CliError(
      `--days: 「${text}」は使えません。1〜${INVITATION_DAYS.max}の日数を指定してください。`,
    );
  }
  return days;
}

/** Whom to e-mail the invitation to, with the mail settings; checked before anything is created. */
export interface InvitationEmail {
  readonly to: string;
  readonly mail: MailConfig;
}

/**
 * --email read before the command touches the database: refused (exit 2) when the address is not one or the server
 * has no SMTP settings, so nothing is created.
 */
export function parseInvitationEmail(
  text: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): InvitationEmail | undefined {
  if (text === undefined) return undefined;
  let mail: MailConfig | undefined;
  try {
    mail = loadMailConfig(env);
  } catch (e) {
    if (e instanceof ConfigError)
      throw new CliError(`--email: メールの設定が正しくありません。\n${e.message}`);
    throw e;
  }
  if (mail === undefined) throw new CliError(`--email: ${NO_MAIL_SERVER}`);
  const to = readEmailAddress(text);
  if (to === undefined) {
    throw new CliError(
      `--email: 「${text}」はメールアドレスの形式ではありません。「tanaka@example.lg.jp」のように1件だけ指定してください。`,
    );
  }
  return { to, mail };
}

/** Creates the invitation of the organisation's first admin; the lines to print, with the link path. */
export async function inviteFirstAdmin(
  ws: OrganisationWorkspace,
  actor: Actor,
  organisation: ServiceOrganisation,
  days: number | undefined,
  email?: InvitationEmail | undefined,
): Promise<string[]> {
  const path = (token: string) => `/${organisation.code}/admin/invitation/${token}`;
  const mailing: InvitationMailing | undefined =
    email === undefined
      ? undefined
      : {
          mailer: smtpMailer(email.mail),
          organisation: organisation.name,
          inviter: 'サービスの運営者',
          link: (token) => `${email.mail.publicUrl}${path(token)}`,
          departmentName: (code) => code,
        };
  const { token, invitation, mail } = await inviteStaff(
    { db: ws.forOrganisation(organisation.id), now: () => new Date() },
    actor,
    { role: 'admin', departments: [], note: '最初の管理者（運営者が招待）', days, email: email?.to },
    mailing,
  );
  const created = `${organisation.name}の管理者を招待するリンクを作成しました（有効期限: ${japanMinute(invitation.expiresAt)}）。`;
  const howTo =
    'リンクは一度だけ使えます。開いた人がログインIDとパスワードを決めて管理者アカウントを作成し、最初の計画を作ります。';
  if (email === undefined) {
    return [
      created,
      `  ${path(token)}`,
      'サービスのアドレス（例: https://shinchoku.example.jp）の後ろに付けて、管理者になる人に渡してください。',
      howTo,
    ];
  }
  // The operator runs the mail settings too: the failure's details (the password cut out) say what to fix.
  const outcome =
    mail?.kind === 'failed'
      ? [
          `メールを送れませんでした（${mail.failure.summary}、${email.mail.server}）。リンクをコピーしてお渡しください。`,
          `  詳細: ${[mail.failure.log.code, mail.failure.log.detail].filter((p) => p !== undefined).join(' ')}`,
        ]
      : [`${email.to}宛にメールで送りました。`];
  return [created, `  ${email.mail.publicUrl}${path(token)}`, ...outcome, howTo];
}
