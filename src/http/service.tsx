// Several organisations on one server. Each organisation has its own app (createApp: its plan, its staff side, its
// database handle under row-level security), reached under /{団体コード}/ or its readable slug (/miyagi/), and its API
// also under /api/v1/organisations/{団体コード}/. The default organisation (the first created on this service) keeps
// every path it had before, so links and bookmarks from the one-organisation days still work; `/` and
// /api/v1/organisations list the organisations that have a plan, `/` once there is more than one. An organisation
// without a plan yet is served too (its staff side makes the first plan: onboarding-app.tsx) but not listed: it has
// nothing to show the public.
//
// An organisation's app is written with root-relative links (/measures/…, /admin): under a prefix, its HTML pages,
// redirects and cookies are given the prefix on the way out (prefixResponse), so that no link leads from one
// organisation's pages into another's.

import { Hono } from 'hono';
import { raw } from 'hono/html';
import {
  type OrganisationApp,
  OrganisationDirectory,
  type ServedOrganisation,
} from './organisation-directory.ts';
import { DocumentHead, SkipLink } from './views/components/page-shell.tsx';

export type { ServedOrganisation } from './organisation-directory.ts';

/** Attributes whose root-relative URLs move under the prefix. Shared assets (fonts, CSS) stay where they are. */
const LINK_ATTRIBUTE = /(\s(?:href|action|src|formaction)=")\/(?!\/|assets\/)/g;

/** Rewrites a response of an organisation's app for its place under `prefix` (e.g. "/049999"). */
export async function prefixResponse(response: Response, prefix: string): Promise<Response> {
  const headers = new Headers(response.headers);
  const location = headers.get('location');
  if (location?.startsWith('/') && !location.startsWith('//'))
    headers.set('location', `${prefix}${location}`);
  const type = headers.get('content-type') ?? '';
  const download = (headers.get('content-disposition') ?? '').startsWith('attachment');
  if (!type.startsWith('text/html') || download || response.body === null) {
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  const html = (await response.text()).replace(LINK_ATTRIBUTE, `$1${prefix}/`);
  headers.delete('content-length');
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

/** Asks an organisation's app, under `prefix`, for the request with the prefix taken off its path. */
async function forward(app: OrganisationApp, prefix: string, request: Request, env: unknown) {
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(prefix.length) || '/';
  // The organisation's app learns where it is reached (for links it shows as text, such as an invitation).
  const headers = new Headers(request.headers);
  headers.set('x-shinchoku-base', prefix);
  const inner = new Request(url, {
    method: request.method,
    headers,
    body: request.body,
    signal: request.signal,
    // Node's fetch needs `duplex` to forward a streamed body.
    duplex: 'half',
  });
  return prefixResponse(await app.fetch(inner, env), prefix);
}

/**
 * The server for every organisation on this service (the default one first). Given a directory, organisations are
 * looked up on each request, so an app put in place of another (a first plan) or an organisation added while the
 * server runs is served from the next request; a list is served as it is.
 */
export function createServiceApp(
  organisations: readonly ServedOrganisation[] | OrganisationDirectory,
  options: { readonly operator?: Pick<Hono, 'fetch'> | undefined } = {},
): Hono {
  const directory =
    organisations instanceof OrganisationDirectory ? organisations : new OrganisationDirectory(organisations);
  if (directory.all.length === 0) throw new Error('invariant: a service serves at least one organisation');
  const service = new Hono();
  /** Organisations whose plan the public can read: the list pages name only these. */
  const published = () => directory.all.filter((o) => o.planName !== undefined);
  // The operator console (http/operator/operator-app.tsx) answers every path under /service.
  const { operator } = options;
  if (operator !== undefined) {
    service.all('/service', (c) => c.redirect('/service/', 301));
    service.all('/service/*', (c) => operator.fetch(c.req.raw, c.env));
  }

  service.get('/api/v1/organisations', (c) =>
    c.json({
      organisations: published().map((o) => ({
        code: o.code,
        name: o.name,
        slug: o.slug ?? null,
        plan: o.planName,
        default: o === directory.fallback,
        site: `/${o.code}/`,
        api: `/api/v1/organisations/${o.code}/`,
      })),
    }),
  );
  // The API by organisation: /api/v1/organisations/{団体コード}/summary is that organisation's /api/v1/summary.
  service.all('/api/v1/organisations/:code/*', async (c, next) => {
    const organisation = await directory.find(c.req.param('code'));
    if (organisation === undefined || organisation.code !== c.req.param('code')) return next();
    const apiPrefix = `/api/v1/organisations/${organisation.code}`;
    const url = new URL(c.req.url);
    url.pathname = `/api/v1${url.pathname.slice(apiPrefix.length)}`;
    return organisation.app.fetch(new Request(url, c.req.raw), c.env);
  });
  service.get('/', async (c, next) => {
    const listed = published();
    return listed.length > 1 ? c.html(<OrganisationList organisations={listed} />) : next();
  });
  service.get('/:name', async (c, next) => {
    const name = c.req.param('name');
    return (await directory.find(name)) === undefined ? next() : c.redirect(`/${name}/`, 301);
  });
  service.all('/:name/*', async (c, next) => {
    const name = c.req.param('name');
    const organisation = await directory.find(name);
    return organisation === undefined ? next() : forward(organisation.app, `/${name}`, c.req.raw, c.env);
  });
  // Everything else is the default organisation's, at the paths it has always had.
  service.all('*', (c) => {
    const { app } = directory.fallback;
    // A prefix is the service's to say: one sent by a client is dropped.
    if (c.req.header('x-shinchoku-base') === undefined) return app.fetch(c.req.raw, c.env);
    const headers = new Headers(c.req.raw.headers);
    headers.delete('x-shinchoku-base');
    return app.fetch(new Request(c.req.raw, { headers }), c.env);
  });
  return service;
}

function OrganisationList({ organisations }: { organisations: readonly ServedOrganisation[] }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <DocumentHead title="団体の一覧 | Shinchoku 進捗" />
        <body>
          <SkipLink />
          <header class="site-header">
            <div class="site-header__inner">
              <p class="site-header__name">
                <a href="/">Shinchoku 進捗</a>
              </p>
            </div>
          </header>
          <main id="main" class="site-main">
            <h1>団体の一覧</h1>
            <p>このサービスで計画の進捗を公開している団体です（{organisations.length}団体）。</p>
            <table class="data-table">
              <caption>団体と計画</caption>
              <thead>
                <tr>
                  <th scope="col">団体コード</th>
                  <th scope="col">団体</th>
                  <th scope="col">計画</th>
                </tr>
              </thead>
              <tbody>
                {organisations.map((o) => (
                  <tr>
                    <td>{o.code}</td>
                    <th scope="row">
                      <a href={`/${o.code}/`}>{o.name}</a>
                    </th>
                    <td>{o.planName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </main>
        </body>
      </html>
    </>
  );
}
