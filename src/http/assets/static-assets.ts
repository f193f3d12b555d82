import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Where each asset family comes from: the app's own CSS, the Digital Agency tokens and Noto Sans JP, all local. */
const ROOTS: Readonly<Record<string, string>> = {
  app: fileURLToPath(new URL('./public/', import.meta.url)),
  tokens: join(packageDir('@digital-go-jp/design-tokens'), 'dist'),
  'noto-sans-jp': packageDir('@fontsource/noto-sans-jp'),
};

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves the assets under /assets/<family>/<file>: no CDN, so the site works on closed government networks. */
export const staticAssets = new Hono<AppEnv>().get('/:family/:path{.+}', async (c) => {
  const root = ROOTS[c.req.param('family')];
  const extension = /\.[a-z0-9]+$/.exec(c.req.param('path'))?.[0] ?? '';
  const type = TYPES[extension];
  if (root === undefined || type === undefined) return c.notFound();
  const file = normalize(join(root, c.req.param('path')));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return c.notFound();
  try {
    const body = await readFile(file);
    return c.body(body, 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=86400',
    });
  } catch {
    return c.notFound();
  }
});
