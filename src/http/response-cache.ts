import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';

interface Cached {
  readonly body: ArrayBuffer;
  readonly status: number;
  readonly headers: [string, string][];
}

/**
 * Caches successful GET responses by URL. The site data of a running server never changes (a new plan means a
 * new process), so a page rendered once — charts included — is the same for every later request.
 * Least recently used entries go first when `capacity` is reached.
 */
export function responseCache(capacity = 500): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, Cached>();
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = c.req.url;
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return new Response(hit.body, { status: hit.status, headers: hit.headers });
    }
    await next();
    if (c.res.status !== 200) return;
    const body = await c.res.clone().arrayBuffer();
    cache.set(key, { body, status: c.res.status, headers: [...c.res.headers.entries()] });
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
  };
}
