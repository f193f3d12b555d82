// Invitations: the admin's page (create a one-time link, see the open ones) and the page the link opens, where the
// invited person creates their own account. Each post calls one use case of app/invitations.ts. With an SMTP server
// configured (staff.mail), the form also takes an address and the link is e-mailed as well as shown.
import { type Context, Hono } from 'hono';
import {
  acceptInvitation,
  INVITATION_DAYS,
  type InvitationMailing,
  inviteStaff,
  openInvitation,
  openInvitations,
  type StoredInvitation,
} from '../../app/invitations.ts';
import { Refusal } from '../../app/workspace.ts';
import { departmentLabel } from '../../domain/plan/model.ts';
import { smtpMailer } from '../../mail/mailer.ts';
import type { AppEnv } from '../context.ts';
import { requestOrigin } from '../staff/client-address.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import {
  AcceptInvitationPage,
  InvitationsPage,
  InvitationUnusable,
  type InviteValues,
  type MailResult,
} from '../views/admin/invitation-pages.tsx';
import { choicesOf, errorsOf, isFormRefusal } from './admin-users.tsx';

type Ctx = Context<AppEnv>;

/**
 * Where this organisation's pages are, as a browser reaches them: the origin, and the organisation's prefix on a
 * service serving several (the service sets it on the way in; service.tsx).
 */
const siteBase = (c: Ctx): string =>
  `${requestOrigin(c, { trustedProxies: staffOf(c).trustedProxies })}${c.req.header('x-shinchoku-base') ?? ''}`;

/**
 * The same, for a link that leaves the browser: with e-mail configured, the service's public address
 * (SHINCHOKU_PUBLIC_URL), so a message never carries whatever Host the request came with.
 */
const linkBase = (c: Ctx): string => {
  const mail = staffOf(c).mail;
  return mail === undefined ? siteBase(c) : `${mail.publicUrl}${c.req.header('x-shinchoku-base') ?? ''}`;
};

/** How this organisation's invitations are e-mailed, when the server has an SMTP server. */
async function mailingOf(c: Ctx): Promise<InvitationMailing | undefined> {
  const mail = staffOf(c).mail;
  if (mail === undefined) return undefined;
  const user = signedInOf(c).user;
  const names = new Map((await choicesOf(c)).map((d) => [d.code, d.name]));
  return {
    mailer: smtpMailer(mail),
    organisation: c.var.served.organisation,
    inviter: `${user.name}さん（ログインID: ${user.login}）`,
    link: (token) => `${linkBase(c)}/admin/invitation/${token}`,
    departmentName: (code) => names.get(code) ?? code,
  };
}

const EMPTY: InviteValues = {
  role: 'editor',
  departments: [],
  note: '',
  days: String(INVITATION_DAYS.default),
  email: '',
};

async function invitationsPage(
  c: Ctx,
  extra: {
    values?: InviteValues;
    refusal?: Refusal;
    created?: { link: string; invitation: StoredInvitation; mail?: MailResult | undefined };
  } = {},
  status = 200,
) {
  const staff = staffOf(c);
  return staffPage(
    c,
    '職員の招待',
    <InvitationsPage
      values={extra.values ?? EMPTY}
      errors={extra.refusal === undefined ? {} : errorsOf(extra.refusal)}
      headline={extra.refusal?.message}
      choices={await choicesOf(c)}
      open={await openInvitations(staff, actorOf(c))}
      now={staff.now()}
      csrf={signedInOf(c).session.csrfToken}
      created={extra.created}
      canMail={staff.mail !== undefined}
    />,
    status,
  );
}

export const adminInvitationRoutes = new Hono<AppEnv>()
  .get('/', (c) => invitationsPage(c))
  .post('/', async (c) => {
    const body = await c.req.parseBody();
    const values: InviteValues = {
      role: formText(body, 'role'),
      departments: Object.keys(body)
        .filter((k) => k.startsWith('department.') && body[k] === 'on')
        .map((k) => k.slice('department.'.length)),
      note: formText(body, 'note'),
      days: formText(body, 'days').trim(),
      email: formText(body, 'email'),
    };
    const days = values.days === '' ? undefined : Number(values.days);
    const mailing = await mailingOf(c);
    try {
      const { token, invitation, mail } = await inviteStaff(
        staffOf(c),
        actorOf(c),
        {
          role: values.role,
          departments: values.departments,
          note: values.note,
          days:
            days === undefined || Number.isNaN(days) ? (values.days === '' ? undefined : Number.NaN) : days,
          // Without a mail server the form has no address field; a posted one is not read.
          email: mailing === undefined ? undefined : values.email,
        },
        mailing,
      );
      staffOf(c).logger.info(
        {
          event: 'invitation_created',
          role: invitation.role,
          login: signedInOf(c).user.login,
          requestId: c.var.requestId,
        },
        'invitation created',
      );
      if (mail?.kind === 'failed') {
        staffOf(c).logger.warn(
          { event: 'invitation_mail_failed', ...mail.failure.log, requestId: c.var.requestId },
          'invitation e-mail not sent',
        );
      }
      const mailResult: MailResult | undefined =
        mail === undefined
          ? undefined
          : mail.kind === 'sent'
            ? { kind: 'sent', to: mail.to }
            : { kind: 'failed', to: mail.to, reason: mail.failure.summary };
      return invitationsPage(
        c,
        { created: { link: `${linkBase(c)}/admin/invitation/${token}`, invitation, mail: mailResult } },
        201,
      );
    } catch (e) {
      if (!isFormRefusal(e)) throw e;
      return invitationsPage(c, { values, refusal: e }, 400);
    }
  });

/** The page a link opens; a link that cannot be used says why (404 unknown, 410 used or expired). */
async function unusable(c: Ctx, e: Refusal) {
  return staffPage(
    c,
    '招待のリンクを使えません',
    <InvitationUnusable message={e.message} />,
    e.kind === 'not_found' ? 404 : 410,
  );
}

/** The invited person's form, with their input and the refusal's problems when there are. */
const acceptPage = async (
  c: Ctx,
  invitation: StoredInvitation,
  token: string,
  values: { login: string; name: string },
  refusal?: Refusal,
) =>
  staffPage(
    c,
    'アカウントの作成（招待）',
    <AcceptInvitationPage
      invitation={invitation}
      token={token}
      organisation={c.var.served.organisation}
      choices={await choicesForInvitation(c)}
      values={values}
      errors={refusal === undefined ? {} : errorsOf(refusal)}
      headline={refusal?.message}
    />,
    refusal === undefined ? 200 : 400,
  );

export const invitationAcceptRoutes = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const token = c.req.param('token');
    try {
      return await acceptPage(c, await openInvitation(staffOf(c), token), token, { login: '', name: '' });
    } catch (e) {
      if (e instanceof Refusal) return unusable(c, e);
      throw e;
    }
  })
  .post('/:token', async (c) => {
    const token = c.req.param('token');
    const body = await c.req.parseBody();
    const values = { login: formText(body, 'login').trim(), name: formText(body, 'name').trim() };
    try {
      const account = await acceptInvitation(staffOf(c), token, {
        ...values,
        password: formText(body, 'password'),
        requestId: c.var.requestId,
      });
      staffOf(c).logger.info(
        { event: 'invitation_accepted', account: account.login, requestId: c.var.requestId },
        'invitation accepted',
      );
      return c.redirect('/admin/login?invited=1', 303);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      if (e.details.length === 0) return unusable(c, e);
      const invitation = await openInvitation(staffOf(c), token).catch(() => undefined);
      if (invitation === undefined) return unusable(c, e);
      return acceptPage(c, invitation, token, values, e);
    }
  });

/** Department names for the invited person: from the plan, none before it has one (no account yet, so not the admin's choices). */
const choicesForInvitation = async (c: Ctx) =>
  [...(c.var.served.plan?.departments.values() ?? [])].map((d) => ({
    code: d.code,
    name: departmentLabel(d),
  }));
