// The first admin of an organisation by invitation: the operator creates a one-time link (app/invitations.ts, the
// operator as the inviter) and hands it over; the person chooses their own login and password on the page it opens.
// No password passes through the operator's hands, unlike --admin-login's one-time password.
import { INVITATION_DAYS, inviteStaff } from '../../app/invitations.ts';
import type { OrganisationWorkspace } from '../../app/organisations.ts';
import type { ServiceOrganisation } from '../../db/repositories/organisation.repository.ts';
import { japanMinute } from '../../db/stale-rows.ts';
import type { Actor } from '../../domain/staff/actor.ts';
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

/** Creates the invitation of the organisation's first admin; the lines to print, with the link path. */
export async function inviteFirstAdmin(
  ws: OrganisationWorkspace,
  actor: Actor,
  organisation: ServiceOrganisation,
  days: number | undefined,
): Promise<string[]> {
  const { token, invitation } = await inviteStaff(
    { db: ws.forOrganisation(organisation.id), now: () => new Date() },
    actor,
    { role: 'admin', departments: [], note: '最初の管理者（運用者が招待）', days },
  );
  return [
    `${organisation.name}の管理者を招待するリンクを作成しました（有効期限: ${japanMinute(invitation.expiresAt)}）。`,
    `  /${organisation.code}/admin/invitation/${token}`,
    'サービスのアドレス（例: https://shinchoku.example.jp）の後ろに付けて、管理者になる人に渡してください。',
    'リンクは一度だけ使えます。開いた人がログインIDとパスワードを決めて管理者アカウントを作成し、最初の計画を作ります。',
  ];
}
