// Invitations: the admin's page (create a one-time link, see the open ones) and the page the link opens, where the
// invited person creates their own account. Each post calls one use case of app/invitations.ts.
import { type Context, Hono } from 'hono';
import {
  acceptInvitation,
  INVITATION_DAYS,
  inviteStaff,
  openInvitation,
  openInvitations,
  type StoredInvitation,
} from '../../app/invitations.ts';
import { Refusal } from '../../app/workspace.ts';
import { departmentLabel } from '../../domain/plan/model.ts';
import type { AppEnv } from '../context.ts';
import { requestOrigin } from '../staff/client-address.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import {
  AcceptInvitationPage,
  InvitationsPage,
  InvitationUnusable,
  type InviteValues,
} from '../views/admin/invitation-pages.tsx';
import { choicesOf, errorsOf, isFormRefusal } from './admin-users.tsx';

type Ctx = Context<AppEnv>;

/**
 * Where this organisation's pages are, as a browser reaches them: the origin, and the organisation's prefix on a
 * service serving several (the service sets it on the way in; service.tsx).
 */
const siteBase = (c: Ctx): string =>
  `${requestOrigin(c, { trustedProxies: staffOf(c).trustedProxies })}${c.req.header('x-shinchoku-base') ?? ''}`;

const EMPTY: InviteValues = {
  role: 'editor',
  departments: [],
  note: '',
  days: String(INVITATION_DAYS.default),
};

async function invitationsPage(
  c: Ctx,
  extra: {
    values?: InviteValues;
    refusal?: Refusal;
    created?: { link: string; invitation: StoredInvitation };
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
    };
    const days = values.days === '' ? undefined : Number(values.days);
    try {
      const { token, invitation } = await inviteStaff(staffOf(c), actorOf(c), {
        role: values.role,
        departments: values.departments,
        note: values.note,
        days: days === undefined || Number.isNaN(days) ? (values.days === '' ? undefined : Number.NaN) : days,
      });
      staffOf(c).logger.info(
        {
          event: 'invitation_created',
          role: invitation.role,
          login: signedInOf(c).user.login,
          requestId: c.var.requestId,
        },
        'invitation created',
      );
      return invitationsPage(
        c,
        { created: { link: `${siteBase(c)}/admin/invitation/${token}`, invitation } },
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
