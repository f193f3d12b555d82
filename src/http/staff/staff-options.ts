import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import type { MailConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';

/** Session lifetimes: idle (since the last request) and absolute (since login). */
export interface SessionLifetimes {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export const DEFAULT_LIFETIMES: SessionLifetimes = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** What the staff side needs: the database, the plan it edits, a clock, a logger and its settings. */
export interface StaffOptions {
  readonly db: Kysely<Database>;
  readonly planId: number;
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly lifetimes?: SessionLifetimes;
  /** SHINCHOKU_REQUIRE_MFA=1: admins must have a second factor. */
  readonly requireMfaForAdmins?: boolean;
  /** How many reverse proxies stand in front (SHINCHOKU_TRUSTED_PROXIES); their X-Forwarded-* are believed. */
  readonly trustedProxies?: number;
  /**
   * An organisation served beside others (its 団体コード; empty for the default one): names its session cookie and
   * keeps its accounts' failed-login counts apart from the same logins elsewhere.
   */
  readonly sessionScope?: string;
  /** SHINCHOKU_SMTP_URL and the rest (config.ts loadMailConfig): invitations can be e-mailed. */
  readonly mail?: MailConfig | undefined;
}

/** Resolved options, every default applied. */
export interface Staff {
  readonly db: Kysely<Database>;
  readonly planId: number;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly lifetimes: SessionLifetimes;
  readonly requireMfaForAdmins: boolean;
  readonly trustedProxies: number;
  readonly sessionScope: string;
  readonly mail: MailConfig | undefined;
}

export const resolveStaff = (options: StaffOptions): Staff => ({
  db: options.db,
  planId: options.planId,
  now: options.now ?? (() => new Date()),
  logger: options.logger ?? pino({ name: 'shinchoku', level: process.env.LOG_LEVEL ?? 'info' }),
  lifetimes: options.lifetimes ?? DEFAULT_LIFETIMES,
  requireMfaForAdmins: options.requireMfaForAdmins ?? false,
  trustedProxies: options.trustedProxies ?? 0,
  sessionScope: options.sessionScope ?? '',
  mail: options.mail,
});

const minutes = z.coerce
  .number({ error: '分数を整数で指定してください' })
  .int({ error: '分数を整数で指定してください' })
  .min(1, { error: '1分以上にしてください' })
  .max(7 * 24 * 60, { error: '7日（10080分）以下にしてください' });

const staffEnvironment = z.object({
  SHINCHOKU_SESSION_IDLE_MINUTES: minutes.default(30),
  SHINCHOKU_SESSION_ABSOLUTE_MINUTES: minutes.default(12 * 60),
  SHINCHOKU_REQUIRE_MFA: z.enum(['0', '1'], { error: '0 か 1 で指定してください' }).default('0'),
  SHINCHOKU_TRUSTED_PROXIES: z.coerce
    .number({ error: 'プロキシの段数を 0 以上の整数で指定してください' })
    .int({ error: 'プロキシの段数を 0 以上の整数で指定してください' })
    .min(0, { error: 'プロキシの段数を 0 以上の整数で指定してください' })
    .max(10, { error: 'プロキシの段数は 10 以下にしてください' })
    .optional(),
  // The former switch, read as one proxy hop; see trustedProxiesOf.
  SHINCHOKU_TRUST_PROXY: z.enum(['0', '1'], { error: '0 か 1 で指定してください' }).optional(),
});

const DEPRECATED_TRUST_PROXY =
  'SHINCHOKU_TRUST_PROXY は廃止予定です。SHINCHOKU_TRUSTED_PROXIES=<プロキシの段数>（nginx 1段なら 1）に置き換えてください。';

/** The number of trusted proxy hops; the former SHINCHOKU_TRUST_PROXY=1 counts as one, with a warning. */
function trustedProxiesOf(
  v: z.infer<typeof staffEnvironment>,
): { ok: true; value: number; warnings: string[] } | { ok: false; error: string } {
  if (v.SHINCHOKU_TRUST_PROXY === undefined) {
    return { ok: true, value: v.SHINCHOKU_TRUSTED_PROXIES ?? 0, warnings: [] };
  }
  if (v.SHINCHOKU_TRUSTED_PROXIES !== undefined) {
    return {
      ok: false,
      error:
        'SHINCHOKU_TRUST_PROXY と SHINCHOKU_TRUSTED_PROXIES が両方指定されています。SHINCHOKU_TRUSTED_PROXIES だけを指定してください',
    };
  }
  return { ok: true, value: v.SHINCHOKU_TRUST_PROXY === '1' ? 1 : 0, warnings: [DEPRECATED_TRUST_PROXY] };
}

/** Staff settings from the environment; a bad value is a Japanese message naming the variable. */
export function staffSettingsFromEnv(env: NodeJS.ProcessEnv = process.env):
  | {
      ok: true;
      value: Pick<Staff, 'lifetimes' | 'requireMfaForAdmins' | 'trustedProxies'>;
      /** Settings that still work but should be changed (printed at start-up). */
      warnings: string[];
    }
  | { ok: false; error: string } {
  const parsed = staffEnvironment.safeParse(
    Object.fromEntries(Object.keys(staffEnvironment.shape).map((k) => [k, env[k] || undefined])),
  );
  if (!parsed.success)
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'),
    };
  const v = parsed.data;
  if (v.SHINCHOKU_SESSION_IDLE_MINUTES > v.SHINCHOKU_SESSION_ABSOLUTE_MINUTES)
    return {
      ok: false,
      error: 'SHINCHOKU_SESSION_IDLE_MINUTES は SHINCHOKU_SESSION_ABSOLUTE_MINUTES 以下にしてください',
    };
  const proxies = trustedProxiesOf(v);
  if (!proxies.ok) return proxies;
  return {
    ok: true,
    value: {
      lifetimes: {
        idleMs: v.SHINCHOKU_SESSION_IDLE_MINUTES * 60_000,
        absoluteMs: v.SHINCHOKU_SESSION_ABSOLUTE_MINUTES * 60_000,
      },
      requireMfaForAdmins: v.SHINCHOKU_REQUIRE_MFA === '1',
      trustedProxies: proxies.value,
    },
    warnings: proxies.warnings,
  };
}
