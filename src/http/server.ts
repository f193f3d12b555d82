import { type ServerType, serve } from '@hono/node-server';
import type { Plan } from '../domain/plan/model.ts';
import { type App, createApp } from './app.tsx';
import { SiteData } from './site-data.ts';

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves an app on a port; resolves once it listens, with a function that stops it. */
export function serveApp(
  app: Pick<App, 'fetch'>,
  port: number,
  hostname = '127.0.0.1',
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname }, (info) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold the close open until they time out.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}

/** Starts the public site on a plan (no staff side): data files, tests of the public pages. */
export function startServer(plan: Plan, port: number, hostname = '127.0.0.1'): Promise<RunningServer> {
  return serveApp(createApp(new SiteData(plan)), port, hostname);
}
