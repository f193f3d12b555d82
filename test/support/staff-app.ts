// An app with the staff side on a seeded database of its own, accounts with known passwords, a clock the test
// moves, and a logger whose lines the test can read. `Browser` keeps cookies like a browser does.
import { Writable } from 'node:stream';
import pino from 'pino';
import { hashPassword } from '../../src/auth/password-hash.ts';
import type { MailConfig } from '../../src/config.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listPlans, loadStoredPlan } from '../../src/db/plan-store.ts';
import { insertUser } from '../../src/db/repositories/user.repository.ts';
import type { Role } from '../../src/domain/staff/role.ts';
import { type App, createApp } from '../../src/http/app.tsx';
import { SiteData } from '../../src/http/site-data.ts';
import { SiteSource } from '../../src/http/site-source.ts';
import type { SessionLifetimes } from '../../src/http/staff/staff-options.ts';
import type { DatabaseTarget } from './databases.ts';

export const PASSWORD = 'correct horse battery staple';

/** The accounts of the access matrix: department A answers ict-company-location, department B open-data-miyagi. */
export const ACCOUNTS = {
  admin: { login: 'admin1', role: 'admin', departments: [] },
  viewer: { login: 'viewer1', role: 'viewer', departments: [] },
  editorA: { login: 'editor-a', role: 'editor', departments: ['kikaku-sangyo-digital'] },
  editorB: { login: 'editor-b', role: 'editor', departments: ['kikaku-digital'] },
} as const satisfies Record<string, { login: string; role: Role; departments: readonly string[] }>;

export type AccountName = keyof typeof ACCOUNTS;

export interface StaffHarness {
  readonly app: App;
  readonly handle: DatabaseHandle;
  readonly planId: number;
  readonly source: SiteSource;
  readonly clock: { now: Date; advance(ms: number): void };
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Opens a database of the target, seeds Miyagi, creates the accounts (password already changed) and the app. */
export async function openStaffApp(
  target: DatabaseTarget,
  options: {
    lifetimes?: SessionLifetimes;
    requireMfaForAdmins?: boolean;
    mustChange?: boolean;
    trustedProxies?: number;
    /** The accounts to create (default: all of ACCOUNTS). */
    accounts?: readonly AccountName[];
    /** Invitation e-mail settings (config.ts loadMailConfig). */
    mail?: MailConfig;
  } = {},
): Promise<StaffHarness> {
  const handle = await target.open();
  await seedBundledDataset(handle.db);
  const stored = (await listPlans(handle.db))[0];
  if (stored === undefined) throw new Error('no plan after seeding');
  const loaded = await loadStoredPlan(handle.db, stored);
  if (!loaded.ok) throw new Error('seeded plan does not load');
  const hash = await hashPassword(PASSWORD);
  const names = options.accounts ?? (Object.keys(ACCOUNTS) as AccountName[]);
  for (const account of names.map((name) => ACCOUNTS[name])) {
    await insertUser(handle.db, {
      login: account.login,
      name: `${account.login} 氏名`,
      role: account.role,
      departments: account.departments,
      passwordHash: hash,
    });
  }
  if (options.mustChange !== true) {
    await handle.db.updateTable('users').set({ must_change_password: false }).execute();
  }
  const clock = {
    now: new Date('2026-06-01T00:00:00Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') logs.push(JSON.parse(line));
      done();
    },
  });
  // The app works as the server does: under the organisation's row-level security.
  const db = handle.forOrganisation(stored.organisationId);
  const source = new SiteSource(new SiteData(loaded.value), { db, plan: stored });
  const app = createApp(source, {
    staff: {
      db,
      planId: stored.id,
      now: () => clock.now,
      logger: pino({ level: 'info' }, sink),
      ...(options.lifetimes ? { lifetimes: options.lifetimes } : {}),
      ...(options.requireMfaForAdmins ? { requireMfaForAdmins: true } : {}),
      ...(options.trustedProxies === undefined ? {} : { trustedProxies: options.trustedProxies }),
      ...(options.mail === undefined ? {} : { mail: options.mail }),
    },
  });
  return { app, handle, planId: stored.id, source, clock, logs, close: () => handle.close() };
}

export const ORIGIN = 'http://localhost';

/** A cookie-keeping client on `app.request`, sending the same-origin headers a browser sends with a form. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    private readonly app: { request(input: string, init?: RequestInit): Response | Promise<Response> },
    readonly address = '192.0.2.10',
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    if (!headers.has('origin') && (init.method ?? 'GET') !== 'GET') headers.set('origin', ORIGIN);
    headers.set('x-forwarded-for', this.address);
    const response = await this.app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** Posts a form; the session's CSRF token is added unless the fields carry one (or `csrf: false`). */
  post(path: string, fields: Record<string, string>, options: { csrf?: boolean; origin?: string } = {}) {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false && !body.has('_csrf') && this.csrf !== undefined) body.set('_csrf', this.csrf);
    return this.request(path, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.origin ? { origin: options.origin } : {}),
      },
    });
  }

  /** Signs in with a password; reads the CSRF token from the next page. */
  async login(login: string, password = PASSWORD): Promise<Response> {
    const response = await this.post('/admin/login', { login, password, next: '/admin' }, { csrf: false });
    if (response.status === 303) await this.refreshCsrf();
    return response;
  }

  /** Reads the session's CSRF token from a staff page. */
  async refreshCsrf(path = '/admin/account/password'): Promise<void> {
    const html = await (await this.get(path)).text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  }

  get sessionCookie(): string | undefined {
    return this.cookies.get('shinchoku-session');
  }
}

/** Signs an account of the matrix in. */
export async function signedIn(app: App, account: AccountName): Promise<Browser> {
  const browser = new Browser(app);
  const response = await browser.login(ACCOUNTS[account].login);
  if (response.status !== 303) throw new Error(`login of ${account} failed: ${response.status}`);
  return browser;
}
