// Several organisations on one server. Each organisation has its own app (createApp: its plan, its staff side, its
// database handle under row-level security), reached under /{団体コード}/ or its readable slug (/miyagi/), and its API
// also under /api/v1/organisations/{団体コード}/. The default organisation (the first created on this service) keeps
// every path it had before, so links and bookmarks from the one-organisation days still work; `/` lists the
// organisations once there is more than one.
//
// An organisation's app is written with root-relative links (/measures/…, /admin): under a prefix, its HTML pages,
// redirects and cookies are given the prefix on the way out (prefixResponse), so that no link leads from one
// organisation's pages into another's.

import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { App } from './app.tsx';
import { DocumentHead, SkipLink } from './views/components/page-shell.tsx';

/** An organisation served here, with the app that serves it. */
export interface ServedOrganisation {
  /** 6-digit 団体コード */
  readonly code: string;
  readonly name: string;
  /** A readable URL (e.g. miyagi-sendai-shi), when the registry gives one. */
  readonly slug?: string | undefined;
  /** The plan its pages show. */
  readonly planName: string;
  readonly app: App;
}

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

/** Paths of an organisation's own app that a prefix must never shadow. */
const RESERVED = new Set([
  'admin',
  'api',
  'assets',
  'checks',
  'data',
  'goals',
  'healthz',
  'kpis',
  'measures',
]);

/** The server for every organisation on this service; `organisations[0]` is the default one. */
export function createServiceApp(organisations: readonly ServedOrganisation[]): Hono {
  const [fallback] = organisations;
  if (fallback === undefined) throw new Error('invariant: a service serves at least one organisation');
  const service = new Hono();

  const forward =
    (organisation: ServedOrganisation, prefix: string) => async (request: Request, env: unknown) => {
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
      return prefixResponse(await organisation.app.fetch(inner, env), prefix);
    };

  for (const organisation of organisations) {
    const prefixes = [
      organisation.code,
      ...(organisation.slug && !RESERVED.has(organisation.slug) ? [organisation.slug] : []),
    ];
    for (const name of prefixes) {
      const prefix = `/${name}`;
      const handler = forward(organisation, prefix);
      service.get(prefix, (c) => c.redirect(`${prefix}/`, 301));
      service.all(`${prefix}/*`, (c) => handler(c.req.raw, c.env));
    }
    // The API by organisation: /api/v1/organisations/{団体コード}/summary is that organisation's /api/v1/summary.
    const apiPrefix = `/api/v1/organisations/${organisation.code}`;
    service.all(`${apiPrefix}/*`, async (c) => {
      const url = new URL(c.req.url);
      url.pathname = `/api/v1${url.pathname.slice(apiPrefix.length)}`;
      return organisation.app.fetch(new Request(url, c.req.raw), c.env);
    });
  }

  service.get('/api/v1/organisations', (c) =>
    c.json({
      organisations: organisations.map((o, i) => ({
        code: o.code,
        name: o.name,
        slug: o.slug ?? null,
        plan: o.planName,
        default: i === 0,
        site: `/${o.code}/`,
        api: `/api/v1/organisations/${o.code}/`,
      })),
    }),
  );

  if (organisations.length > 1) {
    service.get('/', (c) => c.html(<OrganisationList organisations={organisations} />));
  }
  // Everything else is the default organisation's, at the paths it has always had.
  service.all('*', (c) => {
    // A prefix is the service's to say: one sent by a client is dropped.
    if (c.req.header('x-shinchoku-base') === undefined) return fallback.app.fetch(c.req.raw, c.env);
    const headers = new Headers(c.req.raw.headers);
    headers.delete('x-shinchoku-base');
    return fallback.app.fetch(new Request(c.req.raw, { headers }), c.env);
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
