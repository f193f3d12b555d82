// What every staff route reads from its request: the staff side, the signed-in person, form text and the year's
// campaign, and how it renders a page in the admin shell. One place, so the routes do not each repeat it.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { type Cycle, findCycle } from '../../db/repositories/campaign.repository.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { AdminLayout } from '../views/admin/admin-layout.tsx';
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

/** Renders a staff page in the admin shell, with the plan's names and the signed-in person. */
export function staffPage(c: Ctx, title: string, body: Child, status = 200) {
  const site = c.var.site;
  return c.html(
    <AdminLayout
      title={title}
      siteName={`${site.plan.document.plan.name} 進捗`}
      organisation={site.plan.document.organisation.name}
      path={c.req.path}
      user={c.var.signedIn?.user}
      csrf={c.var.signedIn?.session.csrfToken}
    >
      {body}
    </AdminLayout>,
    status as 200,
  );
}
