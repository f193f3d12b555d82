import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

/** The JSON API under /api/v1 (same contracts as the CLI's --format json). */
export const apiRoutes = new Hono<AppEnv>().get('/v1/summary', (c) => {
  const site = c.get('site');
  return c.json(site.summary(site.defaultYear));
});
