import type { SiteData } from './site-data.ts';

/** Hono's typed context: every request sees the loaded site data and its request id. */
export interface AppEnv {
  Variables: {
    site: SiteData;
    requestId: string;
  };
}
