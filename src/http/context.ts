import type { SiteData } from './site-data.ts';
import type { SiteSource } from './site-source.ts';
import type { NoSession, SignedIn } from './staff/sessions.ts';
import type { Staff } from './staff/staff-options.ts';

/** Hono's typed context: every request sees the site data, its request id and, with the staff side, who asks. */
export interface AppEnv {
  Variables: {
    site: SiteData;
    source: SiteSource;
    requestId: string;
    /** Set when the app runs on a database with the staff side. */
    staff: Staff | undefined;
    signedIn: SignedIn | undefined;
    sessionEnded: NoSession | undefined;
  };
}
