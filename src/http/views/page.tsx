import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.ts';
import { Layout } from './layout.tsx';

/** Renders a page body in the site's shell with the plan's names. */
export function renderPage(c: Context<AppEnv>, title: string, body: Child) {
  const site = c.get('site');
  const { document } = site.plan;
  return c.html(
    <Layout
      title={title}
      siteName={`${document.plan.name} 進捗`}
      organisation={document.organisation.name}
      path={c.req.path}
      publication={site.publication}
    >
      {body}
    </Layout>,
  );
}
