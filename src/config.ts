import { resolve } from 'node:path';
import { z } from 'zod';
import { type MailSender, readMailSender } from './mail/address.ts';

const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      error: 'DATABASE_URL は postgres:// で始まる接続文字列で指定してください',
    })
    .optional(),
  SHINCHOKU_DATA_DIR: z.string().min(1).optional(),
});

/** Where the data lives: a PostgreSQL server, or the embedded PGlite database in a data directory. */
export type DatabaseConfig =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string };

export interface Config {
  readonly database: DatabaseConfig;
}

/** Reads the environment once; a bad value is a clear Japanese error, thrown before anything starts. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = environmentSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL || undefined,
    SHINCHOKU_DATA_DIR: env.SHINCHOKU_DATA_DIR || undefined,
  });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const { DATABASE_URL, SHINCHOKU_DATA_DIR } = parsed.data;
  const database: DatabaseConfig =
    DATABASE_URL !== undefined
      ? { kind: 'postgres', url: DATABASE_URL }
      : { kind: 'pglite', dataDir: resolve(cwd, SHINCHOKU_DATA_DIR ?? '.shinchoku/data') };
  return Object.freeze({ database: Object.freeze(database) });
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Sending invitations by e-mail. The SMTP URL carries the password: it is kept here and handed to the mail
 * transport only; messages and logs name the server by `server` (scheme, host and port).
 */
export interface MailConfig {
  readonly smtpUrl: string;
  /** smtp://mail.example.lg.jp:587 — the server without user or password, for messages and logs. */
  readonly server: string;
  /** The password in the URL (empty when none), so that an error text echoing it can be cut out before logging. */
  readonly secret: string;
  readonly from: MailSender;
  /** Where staff open the service, without a trailing slash: https://shinchoku.example.lg.jp. */
  readonly publicUrl: string;
  /** Milliseconds a dead or silent server may take before the send fails (connect, greeting, each reply). */
  readonly timeouts: {
    readonly connectionMs: number;
    readonly greetingMs: number;
    readonly socketMs: number;
  };
}

export const MAIL_TIMEOUTS: MailConfig['timeouts'] = Object.freeze({
  connectionMs: 5_000,
  greetingMs: 5_000,
  socketMs: 10_000,
});

const SMTP_URL_MESSAGE =
  'SHINCHOKU_SMTP_URL は smtp://ユーザー:パスワード@ホスト名:587 または smtps://ユーザー:パスワード@ホスト名:465 の形で指定してください（パスワードの記号は %xx で書きます）';

/** The URL of the SMTP server, checked without ever putting its text (and so its password) in a message. */
const smtpUrl = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: SMTP_URL_MESSAGE });
    return z.NEVER;
  }
  const pathless = url.pathname === '' || url.pathname === '/';
  if (!['smtp:', 'smtps:'].includes(url.protocol) || url.hostname === '' || !pathless || url.hash !== '') {
    ctx.addIssue({ code: 'custom', message: SMTP_URL_MESSAGE });
    return z.NEVER;
  }
  return url;
});

const publicUrl = z.string().transform((text, ctx) => {
  const message =
    'SHINCHOKU_PUBLIC_URL は職員がブラウザで開くサービスのアドレスを http:// か https:// で指定してください（例: https://shinchoku.example.lg.jp）';
  try {
    const url = new URL(text);
    if (
      ['http:', 'https:'].includes(url.protocol) &&
      url.search === '' &&
      url.hash === '' &&
      url.username === ''
    )
      return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {}
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
});

const mailEnvironment = z.object({
  SHINCHOKU_SMTP_URL: smtpUrl.optional(),
  SHINCHOKU_MAIL_FROM: z
    .string()
    .transform((text, ctx) => {
      const sender = readMailSender(text);
      if (sender !== undefined) return sender;
      ctx.addIssue({
        code: 'custom',
        message:
          'SHINCHOKU_MAIL_FROM は送信元を「進捗管理 <noreply@example.lg.jp>」か「noreply@example.lg.jp」の形で指定してください',
      });
      return z.NEVER;
    })
    .optional(),
  SHINCHOKU_PUBLIC_URL: publicUrl.optional(),
});

/**
 * The e-mail settings, or undefined when SHINCHOKU_SMTP_URL is not set (invitations are then only shown to copy).
 * With it, SHINCHOKU_MAIL_FROM and SHINCHOKU_PUBLIC_URL are required; a bad value throws a ConfigError naming the
 * variable, before the server starts.
 */
export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig | undefined {
  const parsed = mailEnvironment.safeParse(
    Object.fromEntries(Object.keys(mailEnvironment.shape).map((k) => [k, env[k] || undefined])),
  );
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message).join('\n'));
  const { SHINCHOKU_SMTP_URL: url, SHINCHOKU_MAIL_FROM: from, SHINCHOKU_PUBLIC_URL: base } = parsed.data;
  if (url === undefined) return undefined;
  const missing = [
    from === undefined && 'SHINCHOKU_MAIL_FROM（送信元、例: 進捗管理 <noreply@example.lg.jp>）',
    base === undefined &&
      'SHINCHOKU_PUBLIC_URL（メールに書くリンクのアドレス、例: https://shinchoku.example.lg.jp）',
  ].filter((m) => m !== false);
  if (from === undefined || base === undefined) {
    throw new ConfigError(`SHINCHOKU_SMTP_URL を設定したときは、次も設定してください: ${missing.join('、')}`);
  }
  return Object.freeze({
    smtpUrl: url.href,
    server: `${url.protocol}//${url.host}`,
    secret: passwordOf(url),
    from: Object.freeze(from),
    publicUrl: base,
    timeouts: MAIL_TIMEOUTS,
  });
}

/** The URL's password as the server receives it ('' when none; as written when its %-escapes are broken). */
function passwordOf(url: URL): string {
  try {
    return decodeURIComponent(url.password);
  } catch {
    return url.password;
  }
}
