// The app of an organisation on the service that has no plan yet: its staff side without a plan — sign-in and
// sign-out, one's own password and second factor, 職員アカウント and invitations (accepting one too), the starter
// workbook and 計画の取込 (which then makes the first plan) — and the admin's 「最初の計画を作る」 form as the /admin
// landing. Its public pages and API say that nothing is published yet
// (404). Once the first plan is stored, `planCreated` lets the service put the organisation's full app (app.tsx) in
// its place for the next request. The middleware and the error answers are the full app's (app-base.tsx).

import { answerErrors, baseApp } from './app-base.tsx';
import { staticAssets } from './assets/static-assets.ts';
import type { Served } from './context.ts';
import { AppError } from './errors.ts';
import { adminAccountRoutes } from './routes/admin-account.tsx';
import { firstPlanLanding, firstPlanRoutes } from './routes/admin-first-plan.tsx';
import { adminInvitationRoutes, invitationAcceptRoutes } from './routes/admin-invitations.tsx';
import { adminOrganisationDataRoutes } from './routes/admin-organisation-data.tsx';
import { adminPlanImportRoutes } from './routes/admin-plan-import.tsx';
import { adminUserRoutes } from './routes/admin-users.tsx';
import { isGuardedPath } from './staff/access.ts';
import { resolveStaff, type StaffOptions } from './staff/staff-options.ts';
import { ErrorPage } from './views/layout.tsx';
import { NotPublishedPage } from './views/not-published.tsx';

export interface OnboardingOptions {
  /** The organisation as the service registered it. */
  readonly organisation: { readonly code: string; readonly name: string };
  readonly staff: Omit<StaffOptions, 'planId'>;
  /** Runs once the first plan is stored (form or 計画の取込), before the admin is sent on. */
  readonly planCreated?: () => Promise<void>;
}

/** The site name of an organisation without a plan (a plan's site is 「<plan> 進捗」). */
const SITE_NAME = 'Shinchoku 進捗';

const NOT_PUBLISHED = 'この団体の計画はまだ公開されていません。';

/** Builds the app of an organisation without a plan; no server, so tests call `app.request()` directly. */
export function createOnboardingApp(options: OnboardingOptions) {
  // No plan row has id 0 (ids start at 1): 計画の取込 then finds no plan served and makes the first
  // (app/plan-import.ts); no other route served here reads the plan.
  const staff = resolveStaff({ ...options.staff, planId: 0 });
  const served: Served = {
    siteName: SITE_NAME,
    organisation: options.organisation.name,
    organisationCode: options.organisation.code,
    plan: undefined,
    planStored: options.planCreated ?? (async () => {}),
  };
  const app = baseApp(staff, async (c, next) => {
    c.set('served', served);
    await next();
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', plan: null, reportYear: null }));
  app.route('/assets', staticAssets);
  app.route('/admin/first-plan', firstPlanRoutes);
  app.route('/admin/plan/import', adminPlanImportRoutes);
  app.route('/admin/users/invitations', adminInvitationRoutes);
  app.route('/admin/users', adminUserRoutes);
  app.route('/admin/invitation', invitationAcceptRoutes);
  app.route('/admin/organisation', adminOrganisationDataRoutes);
  app.route('/admin', adminAccountRoutes);
  app.route('/admin', firstPlanLanding);
  // Every other page and API path: nothing is published yet (staff paths: a page this organisation does not have yet).
  app.all('*', (c) => {
    throw new AppError('not_found', isGuardedPath(c.req.path) ? 'ページが見つかりません。' : NOT_PUBLISHED);
  });

  answerErrors(app, staff, served, (c, status, message) =>
    status === 404
      ? c.html(
          <NotPublishedPage
            organisation={served.organisation}
            siteName={served.siteName}
            path={c.req.path}
          />,
          404,
        )
      : c.html(
          <ErrorPage
            status={status}
            message={message}
            siteName={served.siteName}
            organisation={served.organisation}
            path={c.req.path}
          />,
          status as 400,
        ),
  );
  return app;
}
