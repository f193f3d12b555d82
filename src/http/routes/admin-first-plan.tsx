// 最初の計画を作る: the staff landing of an organisation without a plan (the form for an admin, a notice for the others)
// and the post that calls createFirstPlan. Served by the onboarding app; the full app answers the post too, so a form
// sent again after the plan exists is refused with a way to the plan editor rather than a bare 404.
import { type Context, Hono } from 'hono';
import { createFirstPlan, type FirstPlanInput } from '../../app/first-plan.ts';
import { Refusal } from '../../app/workspace.ts';
import type { AppEnv } from '../context.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { EMPTY_FIRST_PLAN, FirstPlanForm, NoPlanYet } from '../views/admin/first-plan-form.tsx';
import { errorsOf } from './admin-users.tsx';

type Ctx = Context<AppEnv>;

const formPage = (
  c: Ctx,
  values: FirstPlanInput,
  problems?: { headline: string; errors: Record<string, string> },
) =>
  staffPage(
    c,
    '最初の計画を作る',
    <FirstPlanForm
      organisation={c.var.served.organisation}
      values={values}
      errors={problems?.errors ?? {}}
      headline={problems?.headline}
      csrf={signedInOf(c).session.csrfToken}
    />,
    problems === undefined ? 200 : 400,
  );

/** The onboarding app's /admin: the form for an admin, a notice for an editor or a viewer. */
export const firstPlanLanding = new Hono<AppEnv>().get('/', (c) =>
  signedInOf(c).user.role === 'admin'
    ? formPage(c, EMPTY_FIRST_PLAN)
    : staffPage(c, '計画はまだありません', <NoPlanYet organisation={c.var.served.organisation} />),
);

/**
 * POST /admin/first-plan; `planStored` (the service's swap to the full app, service-setup.ts) runs before the
 * redirect, so the plan editor the admin lands on is already the organisation's full app.
 */
export const firstPlanRoutes = new Hono<AppEnv>().post('/', async (c) => {
  const body = await c.req.parseBody();
  const values = Object.fromEntries(
    Object.keys(EMPTY_FIRST_PLAN).map((name) => [name, formText(body, name)]),
  ) as unknown as FirstPlanInput;
  try {
    const plan = await createFirstPlan(staffOf(c), actorOf(c), values);
    staffOf(c).logger.info(
      { event: 'first_plan_created', plan: plan.code, login: actorOf(c).login, requestId: c.var.requestId },
      'first plan created',
    );
    await c.var.served.planStored();
    return c.redirect('/admin/plan', 303);
  } catch (e) {
    // A refused input shows the form again; the plan already there (409) and the rest go to the error page.
    if (!(e instanceof Refusal) || e.kind !== 'invalid') throw e;
    return formPage(c, values, { headline: e.message, errors: errorsOf(e) });
  }
});
