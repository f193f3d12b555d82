import type { Plan } from '../domain/plan/model.ts';
import type { SiteData } from './site-data.ts';
import type { SiteSource } from './site-source.ts';
import type { NoSession, SignedIn } from './staff/sessions.ts';
import type { Staff } from './staff/staff-options.ts';

/**
 * Whose pages these are: the names the page shell shows and the organisation's plan — undefined while the
 * organisation has none yet (the onboarding app: onboarding-app.tsx), when `site` and `source` are not set either.
 */
export interface Served {
  readonly siteName: string;
  readonly organisation: string;
  /** 6-digit 団体コード */
  readonly organisationCode: string;
  readonly plan: Plan | undefined;
  /**
   * Runs after a use case stored the plan (計画の取込, 最初の計画): the full app reloads its site data on the next
   * request; the onboarding app gives way to the organisation's full app.
   */
  readonly planStored: () => Promise<void>;
}

/** Hono's typed context: every request sees the site data, its request id and, with the staff side, who asks. */
export interface AppEnv {
  Variables: {
    site: SiteData;
    source: SiteSource;
    served: Served;
    requestId: string;
    /** Set when the app runs on a database with the staff side. */
    staff: Staff | undefined;
    signedIn: SignedIn | undefined;
    sessionEnded: NoSession | undefined;
  };
}
