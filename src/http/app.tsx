import { answerErrors, baseApp } from './app-base.tsx';
import { staticAssets } from './assets/static-assets.ts';
import { responseCache } from './response-cache.ts';
import { adminAccountRoutes } from './routes/admin-account.tsx';
import { adminAnswerActionRoutes } from './routes/admin-answer-actions.tsx';
import { adminAnswerRoutes } from './routes/admin-answers.tsx';
import { adminApiRoutes } from './routes/admin-api.ts';
import { adminCycleRoutes } from './routes/admin-cycles.tsx';
import { firstPlanRoutes } from './routes/admin-first-plan.tsx';
import { adminHistoryRoutes } from './routes/admin-history.tsx';
import { adminInvitationRoutes, invitationAcceptRoutes } from './routes/admin-invitations.tsx';
import { adminOrganisationDataRoutes } from './routes/admin-organisation-data.tsx';
import { adminPlanRoutes } from './routes/admin-plan.tsx';
import { adminPlanImportRoutes } from './routes/admin-plan-import.tsx';
import { adminPublishRoutes } from './routes/admin-publish.tsx';
import { adminReminderRoutes } from './routes/admin-reminders.tsx';
import { adminSurveyRoutes } from './routes/admin-survey.tsx';
import { adminUserRoutes } from './routes/admin-users.tsx';
import { apiRoutes } from './routes/api.ts';
import { dataRoutes } from './routes/data.tsx';
import { pageRoutes } from './routes/pages.tsx';
import { SiteData } from './site-data.ts';
import { SiteSource } from './site-source.ts';
import { isGuardedPath } from './staff/access.ts';
import { resolveStaff, type StaffOptions } from './staff/staff-options.ts';
import { ErrorPage } from './views/layout.tsx';

export interface AppOptions {
  /** The staff side (/admin, /api/v1/admin) on a database; without it the site is public and read-only. */
  readonly staff?: StaffOptions;
}

/** Builds the web app around loaded site data; no server, so tests call `app.request()` directly. */
export function createApp(data: SiteData | SiteSource, options: AppOptions = {}) {
  const source = data instanceof SiteData ? new SiteSource(data) : data;
  const staff = options.staff === undefined ? undefined : resolveStaff(options.staff);
  const first = source.current;
  const siteName = `${first.plan.document.plan.name} 進捗`;
  const organisation = first.plan.document.organisation.name;
  const app = baseApp(staff, async (c, next) => {
    c.set('source', source);
    // Staff pages work on the stored data; public pages show what was published.
    const site = isGuardedPath(c.req.path) ? await source.fresh() : await source.public();
    c.set('site', site);
    c.set('served', {
      siteName: `${site.plan.document.plan.name} 進捗`,
      organisation: site.plan.document.organisation.name,
      organisationCode: site.plan.document.organisation.code,
      plan: site.plan,
      planStored: async () => source.invalidate(),
    });
    await next();
  });

  // Public pages, API answers and downloads are computed from the stored data; a saved change starts a new cache.
  app.use(
    '*',
    responseCache(() => source.generation),
  );

  app.get('/healthz', (c) =>
    c.json({ status: 'ok', plan: c.var.site.plan.document.plan.id, reportYear: c.var.site.plan.reportYear }),
  );
  app.route('/assets', staticAssets);
  app.route('/admin/first-plan', firstPlanRoutes);
  app.route('/admin/plan/import', adminPlanImportRoutes);
  app.route('/admin/plan', adminPlanRoutes);
  app.route('/admin/users/invitations', adminInvitationRoutes);
  app.route('/admin/users', adminUserRoutes);
  app.route('/admin/invitation', invitationAcceptRoutes);
  app.route('/admin/organisation', adminOrganisationDataRoutes);
  app.route('/admin/cycles', adminSurveyRoutes);
  app.route('/admin/cycles', adminCycleRoutes);
  app.route('/admin/cycles', adminAnswerActionRoutes);
  app.route('/admin/cycles', adminPublishRoutes);
  app.route('/admin/cycles', adminReminderRoutes);
  app.route('/admin', adminAccountRoutes);
  app.route('/admin', adminAnswerRoutes);
  app.route('/admin', adminHistoryRoutes);
  app.route('/api/v1/admin', adminApiRoutes);
  app.route('/api', apiRoutes);
  app.route('/data', dataRoutes);
  app.route('/', pageRoutes);

  answerErrors(app, staff, { siteName, organisation }, (c, status, message) =>
    c.html(
      <ErrorPage
        status={status}
        message={message}
        siteName={siteName}
        organisation={organisation}
        path={c.req.path}
      />,
      status as 400,
    ),
  );
  return app;
}

export type App = ReturnType<typeof createApp>;
