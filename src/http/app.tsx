import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { staticAssets } from './assets/static-assets.ts';
import type { AppEnv } from './context.ts';
import { AppError, toErrorResponse } from './errors.ts';
import { responseCache } from './response-cache.ts';
import { apiRoutes } from './routes/api.ts';
import { dataRoutes } from './routes/data.tsx';
import { pageRoutes } from './routes/pages.tsx';
import type { SiteData } from './site-data.ts';
import { ErrorPage } from './views/layout.tsx';

/** Builds the web app around loaded site data; no server, so tests call `app.request()` directly. */
export function createApp(site: SiteData) {
  const siteName = `${site.plan.document.plan.name} 進捗`;
  const organisation = site.plan.document.organisation.name;
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('site', site);
    c.set('requestId', c.req.header('x-request-id') ?? randomUUID());
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

  // Pages, API answers and downloads are computed from data that does not change while the server runs.
  app.use('*', responseCache());

  app.get('/healthz', (c) =>
    c.json({ status: 'ok', plan: site.plan.document.plan.id, reportYear: site.plan.reportYear }),
  );
  app.route('/assets', staticAssets);
  app.route('/api', apiRoutes);
  app.route('/data', dataRoutes);
  app.route('/', pageRoutes);

  const renderError =
    (c: Parameters<Parameters<typeof app.onError>[0]>[1]) => (status: number, message: string) =>
      c.html(
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
