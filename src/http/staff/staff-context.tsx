// What every staff route reads from its request: the staff side, the signed-in person, form text and the year's
// campaign, and how it renders a page in the admin shell. One place, so the routes do not each repeat it.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { type Cycle, findCycle } from '../../db/repositories/campaign.repository.ts';
import type { Actor } from '../../domain/staff/actor.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { AdminLayout } from '../views/admin/admin-layout.tsx';
import { StaffErrorPage, staffErrorHeading } from '../views/admin/staff-error-page.tsx';
import { decide, findRule } from './access.ts';
import type { SignedIn } from './sessions.ts';
import type { Staff } from './staff-options.ts';

type Ctx = Context<AppEnv>;

/** The staff side of a staff route (the guard has already refused requests without one). */
export function staffOf(c: Ctx): Staff {
  if (c.var.staff === undefined) throw new Error('invariant: staff route without the staff side');
  return c.var.staff;
}

/** The session of a route the access table opens only to signed-in people. */
export function signedInOf(c: Ctx): SignedIn {
  if (c.var.signedIn === undefined) throw new Error('invariant: a signed-in route without a session');
  return c.var.signedIn;
}

/** The signed-in person as the use cases (src/app/) take them. */
export function actorOf(c: Ctx): Actor {
  const { user } = signedInOf(c);
  return { login: user.login, role: user.role, departments: user.departments, requestId: c.var.requestId };
}

/** A form field's text as sent ('' when absent or a file). */
export const formText = (body: Record<string, unknown>, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

/** The campaign of the route's `:fy`, or 404. */
export async function cycleOf(c: Ctx): Promise<Cycle> {
  const staff = staffOf(c);
  const fy = Number(c.req.param('fy'));
  const cycle = Number.isInteger(fy) ? await findCycle(staff.db, staff.planId, fy) : undefined;
  if (cycle === undefined)
    throw new AppError('not_found', `年度「${c.req.param('fy')}」の照会はありません。`);
  return cycle;
}

/** The plan's names in the page shell. */
interface ShellNames {
  readonly siteName: string;
  readonly organisation: string;
}

const namesOf = (c: Ctx): ShellNames => c.var.served;

/**
 * Whether the signed-in person has finished signing in — second factor given or enrolled as required, own password
 * chosen — so that the staff top page would open: the access table decides, as for any request.
 */
const signInComplete = (signedIn: SignedIn): boolean =>
  decide(
    findRule('GET', '/admin')?.rule,
    { user: signedIn.user, stage: signedIn.session.stage },
    undefined,
  ) === 'allow';

/**
 * Renders a staff page in the admin shell, with the plan's names and the signed-in person; until sign-in is
 * complete the shell offers only ログアウト, not a menu of pages that would send the person back.
 */
export function staffPage(c: Ctx, title: string, body: Child, status = 200, names: ShellNames = namesOf(c)) {
  const signedIn = c.var.signedIn;
  return c.html(
    <AdminLayout
      title={title}
      siteName={names.siteName}
      organisation={names.organisation}
      path={c.req.path}
      user={signedIn?.user}
      csrf={signedIn?.session.csrfToken}
      withPlan={c.var.served.plan !== undefined}
      menu={signedIn !== undefined && signInComplete(signedIn)}
    >
      {body}
    </AdminLayout>,
    status as 200,
  );
}

/**
 * Where an error page's 「戻る」 leads: the staff page named by the Referer (its path and query only, so the link
 * never leaves the site), unless that is the page that failed; otherwise the staff top page.
 */
export function backLink(c: Ctx): string {
  const referer = c.req.header('referer');
  if (referer === undefined) return '/admin';
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return '/admin';
  }
  const staffPath = url.pathname === '/admin' || url.pathname.startsWith('/admin/');
  const failedPage = c.req.method === 'GET' && url.pathname === c.req.path;
  return staffPath && !failedPage ? `${url.pathname}${url.search}` : '/admin';
}

/**
 * An error on the staff side, inside the admin shell (with the navigation when someone is fully signed in) and a
 * way back; `names` are the app's when the request failed before the site data was read.
 */
export function staffErrorPage(c: Ctx, status: number, message: string, names?: ShellNames) {
  const signedIn = c.var.signedIn;
  const full = signedIn?.session.stage === 'full' ? signedIn : undefined;
  const shell = names ?? namesOf(c);
  return c.html(
    <AdminLayout
      title={`${staffErrorHeading(status)}（${status}）`}
      siteName={shell.siteName}
      organisation={shell.organisation}
      path={c.req.path}
      user={full?.user}
      csrf={full?.session.csrfToken}
      withPlan={c.var.served?.plan !== undefined}
    >
      <StaffErrorPage status={status} message={message} back={backLink(c)} />
    </AdminLayout>,
    status as 200,
  );
}
