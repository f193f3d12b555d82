// Signing in safely: throttled failures that always end, one answer for unknown logins and wrong passwords, the
// second factor (enrolment, replay, a new session id), admins made to enrol, and CSRF: the Origin check, the
// per-session token, and GET requests that never change stored data.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentStep, totpAt } from '../../src/auth/totp.ts';
import type { Database } from '../../src/db/database.ts';
import { ACCESS_RULES } from '../../src/http/staff/access.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { ACCOUNTS, Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FORM = '/admin/measures/ict-company-location/years/2024';
const INVALID = 'ログインIDまたはパスワードが正しくありません。';

/** The error paragraph of the login page. */
const loginError = async (res: Response) =>
  /<p class="error-summary" role="alert" id="login-error">([^<]*)<\/p>/.exec(await res.text())?.[1];

/** The TOTP secret shown on the enrolment page (「キー: ABCD EFGH …」). */
const secretOf = (html: string) =>
  /キー:\s*<span class="secret">([A-Z2-7 ]+)<\/span>/.exec(html)?.[1]?.replace(/ /g, '');

const codeNow = (h: StaffHarness, secret: string) => totpAt(secret, currentStep(h.clock.now.getTime()));

/** Starts and confirms the enrolment of a second factor for a signed-in browser; returns the secret. */
async function enrol(
  h: StaffHarness,
  browser: Browser,
): Promise<{ secret: string; code: string; res: Response }> {
  const start = await browser.post('/admin/account/mfa', { intent: 'start' });
  expect(start.status).toBe(200);
  const shown = secretOf(await start.text());
  // The page can be reloaded: a GET shows the same pending secret, and changes nothing.
  const secret = secretOf(await (await browser.get('/admin/account/mfa')).text());
  expect(secret).toBeDefined();
  expect(secret).toBe(shown);
  const code = codeNow(h, secret ?? '');
  const res = await browser.post('/admin/account/mfa', { code });
  return { secret: secret ?? '', code, res };
}

/** Where GET /admin sends this browser: null when it is signed in (200). */
async function adminRedirect(browser: Browser): Promise<string | null> {
  const res = await browser.get('/admin');
  return res.status === 200 ? null : res.headers.get('location');
}

const rowText = (row: unknown) =>
  JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Every table but sessions (looked up and touched by every request) and login_throttle. */
async function snapshot(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const result: Record<string, string[]> = {};
  for (const { name } of tables) {
    if (name === 'sessions' || name === 'login_throttle') continue;
    const { rows } = await sql`select * from ${sql.table(name)}`.execute(db);
    result[name] = rows.map(rowText).sort();
  }
  return result;
}

/** Every staff GET of the access table with its parameters filled, plus the query strings pages use. */
function staffGetUrls(): string[] {
  const targetKey = encodeURIComponent(
    JSON.stringify({ kpi: 'ict-company-locations', kind: 'target', fiscal_year: 2024 }),
  );
  const urls = ACCESS_RULES.filter((r) => r.method === 'GET').flatMap((rule) => {
    const variants: Record<string, readonly string[]> = {
      measure: ['ict-company-location', 'open-data-miyagi'],
      kpi: ['ict-company-locations', 'open-data-datasets'],
      fy: ['2024'],
      table: ['kpi_values', 'measures'],
      department: ['kikaku-sangyo-digital', 'kikaku-digital'],
      // accounts by id, in the order the harness creates them (admin1 first, editor-a third)
      id: ['1', '3'],
      // an invitation link nobody was given
      token: ['x'.repeat(43)],
    };
    let paths = [rule.path];
    for (const [, name = ''] of rule.path.matchAll(/:(\w+)/g)) {
      const values = variants[name];
      if (values === undefined) throw new Error(`no value for :${name} in ${rule.path}`);
      paths = paths.flatMap((p) => values.map((v) => p.replace(`:${name}`, v)));
    }
    return paths.map((p) => (p.endsWith('/row') ? `${p}?key=${targetKey}` : p));
  });
  return [
    ...urls,
    '/admin?changed=password',
    '/admin?department=kikaku-digital',
    `${FORM}?saved=1`,
    '/admin/history?actor=editor-a&from=2024-04-01&to=2030-03-31&table=kpi_values',
    '/admin/history.csv?actor=editor-a',
    '/admin/plan/kpi_values?saved=1',
  ];
}

describe.each(DATABASE_TARGETS)('login security on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());

  it('5 wrong passwords pause the account, even for the right password; the pause ends (no lock-out)', async () => {
    const browser = new Browser(h.app, '198.51.100.1');
    for (let i = 0; i < 5; i++) {
      expect((await browser.login(ACCOUNTS.editorA.login, `wrong ${i}`)).status).toBe(401);
    }
    const paused = await browser.login(ACCOUNTS.editorA.login);
    expect(paused.status).toBe(429);
    const message = (await loginError(paused)) ?? '';
    const minutes = Number(/約(\d+)分後/.exec(message)?.[1]);
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(browser.sessionCookie).toBeUndefined();
    h.clock.advance(minutes * 60_000 + 1_000);
    expect((await browser.login(ACCOUNTS.editorA.login)).status).toBe(303);
  });

  it('20 failures from one address pause that address for every login, not other addresses', async () => {
    const address = '198.51.100.2';
    const attacker = new Browser(h.app, address);
    for (let i = 1; i <= 20; i++) {
      expect((await attacker.login(`ghost-${i}`, 'guess')).status).toBe(401);
    }
    const sameAddress = await new Browser(h.app, address).login(ACCOUNTS.viewer.login);
    expect(sameAddress.status).toBe(429);
    expect(await loginError(sameAddress)).toMatch(/約\d+分後/);
    expect((await new Browser(h.app, '198.51.100.3').login(ACCOUNTS.viewer.login)).status).toBe(303);
  });

  it('an unknown login and a wrong password get the same status and message', async () => {
    const browser = new Browser(h.app, '198.51.100.4');
    const unknown = await browser.login('no-such-person', 'whatever password');
    const wrong = await browser.login(ACCOUNTS.viewer.login, 'whatever password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(unknown.status);
    expect(await loginError(unknown)).toBe(INVALID);
    expect(await loginError(wrong)).toBe(INVALID);
  });

  it('TOTP: enrolment, then the code is due after the password; a replayed code is refused; new session id', async () => {
    const owner = await signedIn(h.app, 'editorB');
    const first = await (await owner.get('/admin/account/mfa')).text();
    expect(first).toContain('登録を始める');
    const { secret, code, res } = await enrol(h, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin?changed=mfa');
    expect((await owner.post('/admin/logout', {})).status).toBe(303);

    const browser = new Browser(h.app);
    const login = await browser.login(ACCOUNTS.editorB.login);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin/login/mfa');
    const halfway = browser.sessionCookie;
    expect(await adminRedirect(browser)).toBe('/admin/login/mfa');
    expect((await browser.get('/api/v1/admin/kpis/open-data-datasets/actuals/2024')).status).toBe(403);
    await browser.refreshCsrf('/admin/login/mfa');
    expect(browser.csrf).toBeDefined();
    // Halfway, the header offers only ログアウト: every page of a menu would send the person back here.
    const mfaPage = await (await browser.get('/admin/login/mfa')).text();
    expect(mfaPage).not.toContain('aria-label="職員用メニュー"');
    expect(mfaPage).toContain('ログアウト');
    expect(
      (await browser.post('/admin/measures/open-data-miyagi/years/2024', { intent: 'preview' })).status,
    ).toBe(403);

    const replay = await browser.post('/admin/login/mfa', { code });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('既に使われたコード');
    expect(await adminRedirect(browser)).toBe('/admin/login/mfa');

    h.clock.advance(30_000);
    const next = codeNow(h, secret);
    expect(next).not.toBe(code);
    const passed = await browser.post('/admin/login/mfa', { code: next });
    expect(passed.status).toBe(303);
    expect(passed.headers.get('location')).toBe('/admin');
    expect(browser.sessionCookie).toBeDefined();
    expect(browser.sessionCookie).not.toBe(halfway);
    expect(await adminRedirect(browser)).toBeNull();
    expect(await (await browser.get('/admin')).text()).toContain('aria-label="職員用メニュー"');
    const old = new Browser(h.app);
    old.cookies.set('shinchoku-session', halfway ?? '');
    expect(await adminRedirect(old)).toMatch(/^\/admin\/login/);
  });

  it('requireMfaForAdmins: an admin is sent to enrol after the password and reaches nothing else first', async () => {
    const strict = await openStaffApp(target, { requireMfaForAdmins: true });
    try {
      const admin = new Browser(strict.app);
      const login = await admin.login(ACCOUNTS.admin.login);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/admin/account/mfa');
      expect(await adminRedirect(admin)).toBe('/admin/account/mfa');
      expect((await admin.get('/admin/history')).headers.get('location')).toBe('/admin/account/mfa');
      expect((await admin.get('/api/v1/admin/kpis/open-data-datasets/actuals/2024')).status).toBe(403);
      const page = await admin.get('/admin/account/mfa');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('管理者は二要素認証の登録が必要です');
      admin.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      const before = admin.sessionCookie;
      const { res } = await enrol(strict, admin);
      expect(res.status).toBe(303);
      expect(admin.sessionCookie).not.toBe(before);
      expect(await adminRedirect(admin)).toBeNull();

      const editor = await new Browser(strict.app).login(ACCOUNTS.editorA.login);
      expect(editor.headers.get('location')).toBe('/admin');
    } finally {
      await strict.close();
    }
  });

  it('a form post from another origin is refused with 403 and saves nothing', async () => {
    const editor = await signedIn(h.app, 'editorA');
    const before = await snapshot(h.handle.db);
    const res = await editor.post(
      FORM,
      { 'kpi.ict-company-locations.value': '99', analysis: '別サイトから', intent: 'save' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(await snapshot(h.handle.db)).toEqual(before);
  });

  it('a form post without the session token, or with a wrong one, is refused with 403 and saves nothing', async () => {
    const editor = await signedIn(h.app, 'editorA');
    const html = await (await editor.get(FORM)).text();
    const version = (name: string) => new RegExp(`name="${name}" value="(\\d+)"`).exec(html)?.[1] ?? '';
    const fields = {
      'kpi.ict-company-locations.value': '99',
      'kpi.ict-company-locations.version': version('kpi.ict-company-locations.version'),
      'analysis.version': version('analysis.version'),
      analysis: 'トークンなし',
      intent: 'save',
    };
    const before = await snapshot(h.handle.db);
    const logged = h.logs.length;
    expect((await editor.post(FORM, fields, { csrf: false })).status).toBe(403);
    expect((await editor.post(FORM, { ...fields, _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await editor.post(FORM, { ...fields, _csrf: '' })).status).toBe(403);
    expect((await editor.post('/admin/logout', {}, { csrf: false })).status).toBe(403);
    expect(await snapshot(h.handle.db)).toEqual(before);
    expect(h.logs.slice(logged).filter((l) => l.event === 'csrf_refused')).toHaveLength(4);
    expect(await adminRedirect(editor)).toBeNull();
    // The same form with the token is saved: the refusals were about the token only.
    expect((await editor.post(FORM, fields)).status).toBe(303);
  });

  it('no GET of a staff page changes stored data, whoever asks', async () => {
    const urls = staffGetUrls();
    const browsers = [
      await signedIn(h.app, 'admin'),
      await signedIn(h.app, 'editorA'),
      await signedIn(h.app, 'viewer'),
      new Browser(h.app),
    ];
    const before = await snapshot(h.handle.db);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['kpi_values', 'analyses', 'history', 'users']),
    );
    const statuses = new Set<number>();
    for (const browser of browsers) {
      for (const url of urls) statuses.add((await browser.get(url)).status);
    }
    expect(await snapshot(h.handle.db)).toEqual(before);
    // The walk reached pages (200), refusals (403) and the login redirect (303).
    expect([...statuses]).toEqual(expect.arrayContaining([200, 303, 403]));
  });
});
