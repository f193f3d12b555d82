import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { staticAssets } from './assets/static-assets.ts';
import type { AppEnv } from './context.ts';
import { AppError, toErrorResponse } from './errors.ts';
import { limitBodies } from './limits.ts';
import { responseCache } from './response-cache.ts';
import { adminAccountRoutes } from './routes/admin-account.tsx';
import { adminAnswerActionRoutes } from './routes/admin-answer-actions.tsx';
import { adminAnswerRoutes } from './routes/admin-answers.tsx';
import { adminApiRoutes } from './routes/admin-api.ts';
import { adminCycleRoutes } from './routes/admin-cycles.tsx';
import { adminHistoryRoutes } from './routes/admin-history.tsx';
import { adminInvitationRoutes, invitationAcceptRoutes } from './routes/admin-invitations.tsx';
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
import { requestOrigin } from './staff/client-address.ts';
import { staffGuard } from './staff/guard.ts';
import { staffErrorPage } from './staff/staff-context.tsx';
import { resolveStaff, type StaffOptions } from './staff/staff-options.ts';
import { ErrorPage } from './views/layout.tsx';

export interface AppOptions {
  /** The staff side (/admin, /api/v1/admin) on a database; without it the site is public and read-only. */
  readonly staff?: StaffOptions;
}

// A request id from a proxy is kept only when it cannot smuggle anything into the logs.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the web app around loaded site data; no server, so tests call `app.request()` directly. */
export function createApp(data: SiteData | SiteSource, options: AppOptions = {}) {
  const source = data instanceof SiteData ? new SiteSource(data) : data;
  const staff = options.staff === undefined ? undefined : resolveStaff(options.staff);
  const first = source.current;
  const siteName = `${first.plan.document.plan.name} 進捗`;
  const organisation = first.plan.document.organisation.name;
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('source', source);
    // Staff pages work on the stored data; public pages show what was published.
    c.set('site', isGuardedPath(c.req.path) ? await source.fresh() : await source.public());
    c.set('staff', staff);
    const sent = c.req.header('x-request-id');
    c.set('requestId', sent !== undefined && REQUEST_ID.test(sent) ? sent : randomUUID());
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // ECharts' server-rendered SVG carries presentation in style attributes; no inline <style> or script.
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      xContentTypeOptions: 'nosniff',
      xFrameOptions: 'DENY',
      crossOriginEmbedderPolicy: false,
    }),
  );

  // Every body is limited while it streams in, before anything reads it (limits.ts).
  app.use('*', limitBodies());

  // Staff pages: the Origin check of every form post, then the access table, before any handler. Behind trusted
  // proxies the browser's origin is the forwarded scheme and host, not the internal URL the app is reached at.
  const sameOrigin = csrf({
    origin: (origin, c) => origin === requestOrigin(c, { trustedProxies: staff?.trustedProxies ?? 0 }),
  });
  app.use('/admin/*', sameOrigin);
  app.use('/api/v1/admin/*', sameOrigin);
  app.use('*', staffGuard());
  app.use('*', async (c, next) => {
    await next();
    if (isGuardedPath(c.req.path)) c.header('Cache-Control', 'no-store');
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
  app.route('/admin/plan/import', adminPlanImportRoutes);
  app.route('/admin/plan', adminPlanRoutes);
  app.route('/admin/users/invitations', adminInvitationRoutes);
  app.route('/admin/users', adminUserRoutes);
  app.route('/admin/invitation', invitationAcceptRoutes);
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

  // Staff pages answer errors inside the staff shell with a way back; /api keeps its JSON (errors.ts).
  const renderError =
    (c: Parameters<Parameters<typeof app.onError>[0]>[1]) => (status: number, message: string) =>
      staff !== undefined && isGuardedPath(c.req.path)
        ? staffErrorPage(c, status, message, { siteName, organisation })
        : c.html(
            <ErrorPage
              status={status}
              message={message}
              siteName={siteName}
              organisation={organisation}
              path={c.req.path}
            />,
            status as 400,
          );
  app.notFound((c) =>
    toErrorResponse(new AppError('not_found', 'ページが見つかりません。'), c, renderError(c)),
  );
  app.onError((error, c) => toErrorResponse(error, c, renderError(c)));
  return app;
}

export type App = ReturnType<typeof createApp>;
