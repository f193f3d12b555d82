import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { isGuardedPath } from './staff/access.ts';

interface Cached {
  readonly body: ArrayBuffer;
  readonly status: number;
  readonly headers: [string, string][];
}

/**
 * Caches successful public GET responses by URL. A page rendered once — charts included — is the same for every
 * later request until the stored data changes: `generation` moves on with every saved change and empties the
 * cache. Staff pages are never cached. Least recently used entries go first when `capacity` is reached.
 */
export function responseCache(generation: () => number = () => 0, capacity = 500): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, Cached>();
  let cachedGeneration = generation();
  return async (c, next) => {
    if (c.req.method !== 'GET' || isGuardedPath(c.req.path)) return next();
    if (generation() !== cachedGeneration) {
      cache.clear();
      cachedGeneration = generation();
    }
    const key = c.req.url;
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return new Response(hit.body, { status: hit.status, headers: hit.headers });
    }
    const started = cachedGeneration;
    await next();
    // A change saved while this page was rendered: the page may show the old data, so it is not kept.
    if (c.res.status !== 200 || generation() !== started) return;
    const body = await c.res.clone().arrayBuffer();
    cache.set(key, { body, status: c.res.status, headers: [...c.res.headers.entries()] });
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
  };
}
