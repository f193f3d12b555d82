// What every organisation's app does around its routes, whether it has a plan (app.tsx) or not yet
// (onboarding-app.tsx): the request id, security headers, body limits, the CSRF origin check, the staff guard, no
// caching of staff pages, and one way of answering errors. One home for each, so the two apps cannot drift apart.
import { randomUUID } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Served } from './context.ts';
import { AppError, toErrorResponse } from './errors.ts';
import { limitBodies } from './limits.ts';
import { isGuardedPath } from './staff/access.ts';
import { requestOrigin } from './staff/client-address.ts';
import { staffGuard } from './staff/guard.ts';
import { staffErrorPage } from './staff/staff-context.tsx';
import type { Staff } from './staff/staff-options.ts';

// A request id from a proxy is kept only when it cannot smuggle anything into the logs.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * An app with the common middleware in place; `enter` sets what the organisation's routes read (site data, `served`)
 * before anything else runs.
 */
export function baseApp(staff: Staff | undefined, enter: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('staff', staff);
    const sent = c.req.header('x-request-id');
    c.set('requestId', sent !== undefined && REQUEST_ID.test(sent) ? sent : randomUUID());
    await next();
  });
  app.use('*', enter);
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
  return app;
}

/** A public page for an error status, in the organisation's site shell. */
export type PublicErrorPage = (
  c: Context<AppEnv>,
  status: number,
  message: string,
) => Response | Promise<Response>;

/**
 * Answers errors in one way: staff pages inside the staff shell with a way back, /api in JSON (errors.ts), public
 * pages through `publicPage`; `names` are the app's when a request failed before `served` was set.
 */
export function answerErrors(
  app: Hono<AppEnv>,
  staff: Staff | undefined,
  names: Pick<Served, 'siteName' | 'organisation'>,
  publicPage: PublicErrorPage,
  notFoundMessage = 'ページが見つかりません。',
): void {
  const render = (c: Context<AppEnv>) => (status: number, message: string) =>
    staff !== undefined && isGuardedPath(c.req.path)
      ? staffErrorPage(c, status, message, names)
      : publicPage(c, status, message);
  app.notFound((c) => toErrorResponse(new AppError('not_found', notFoundMessage), c, render(c)));
  app.onError((error, c) => toErrorResponse(error, c, render(c)));
}
