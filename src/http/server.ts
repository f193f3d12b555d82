import { type ServerType, serve } from '@hono/node-server';
import type { Plan } from '../domain/plan/model.ts';
import { createApp } from './app.tsx';
import { SiteData } from './site-data.ts';

/** Starts the web app on a port; resolves once it listens, with a function that stops it. */
export function startServer(
  plan: Plan,
  port: number,
  hostname = '127.0.0.1',
): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = createApp(new SiteData(plan));
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname }, (info) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
