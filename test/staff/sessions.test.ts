// Staff sessions: a new id at every login (no fixation), idle and absolute timeouts on the test's clock, logout,
// disabling and password changes ending sessions at once, the cookie's attributes, and the one-time password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { passwordProblems } from '../../src/auth/password-policy.ts';
import { hashToken } from '../../src/auth/tokens.ts';
import { findUserByLogin, setDisabled, setPassword } from '../../src/db/repositories/user.repository.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import {
  ACCOUNTS,
  type AccountName,
  Browser,
  openStaffApp,
  PASSWORD,
  type StaffHarness,
  signedIn,
} from '../support/staff-app.ts';

const MINUTE = 60_000;
const NEW_PASSWORD = '春の小川はさらさら行くよ';
const IDLE_MESSAGE = '一定時間操作がなかった';
const ABSOLUTE_MESSAGE = 'ログインしてから長時間が経過した';

/** Where GET /admin sends this browser: null when it is signed in (200). */
async function adminRedirect(browser: Browser): Promise<string | null> {
  const res = await browser.get('/admin');
  if (res.status === 200) return null;
  expect(res.status).toBe(303);
  return res.headers.get('location');
}

const browserWithCookie = (h: StaffHarness, value: string) => {
  const browser = new Browser(h.app);
  browser.cookies.set('shinchoku-session', value);
  return browser;
};

async function userId(h: StaffHarness, account: AccountName): Promise<number> {
  const user = await findUserByLogin(h.handle.db, ACCOUNTS[account].login);
  if (user === undefined) throw new Error(`no account ${account}`);
  return user.id;
}

const sessionCount = async (h: StaffHarness, id: number) =>
  (await h.handle.db.selectFrom('sessions').select('id_hash').where('user_id', '=', id).execute()).length;

describe.each(DATABASE_TARGETS)('staff sessions on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());

  it('a session id chosen before login is never adopted, and every login gets a new id', async () => {
    const victim = browserWithCookie(h, 'attacker-chosen');
    expect((await victim.login(ACCOUNTS.editorA.login)).status).toBe(303);
    const first = victim.sessionCookie;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe('attacker-chosen');
    expect(await adminRedirect(browserWithCookie(h, 'attacker-chosen'))).toMatch(/^\/admin\/login/);
    const planted = await h.handle.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('id_hash', '=', hashToken('attacker-chosen'))
      .execute();
    expect(planted).toEqual([]);

    expect((await victim.login(ACCOUNTS.editorA.login)).status).toBe(303);
    expect(victim.sessionCookie).not.toBe(first);
    expect(await adminRedirect(victim)).toBeNull();
    expect(await adminRedirect(browserWithCookie(h, first ?? ''))).toMatch(/^\/admin\/login/);
  });

  it('idle timeout: still signed in after 29 minutes, signed out after 31 minutes without a request', async () => {
    const browser = await signedIn(h.app, 'editorA');
    h.clock.advance(29 * MINUTE);
    expect(await adminRedirect(browser)).toBeNull();
    h.clock.advance(31 * MINUTE);
    expect(await adminRedirect(browser)).toBe('/admin/login?next=%2Fadmin&ended=idle');
    // The next request does not revive it.
    expect(await adminRedirect(browser)).toMatch(/^\/admin\/login/);
  });

  it('absolute timeout: a request every 20 minutes keeps the session for 12 hours, not longer', async () => {
    const browser = await signedIn(h.app, 'editorA');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      h.clock.advance(20 * MINUTE);
      expect(await adminRedirect(browser), `after ${minutes} minutes`).toBeNull();
    }
    h.clock.advance(20 * MINUTE);
    expect(await adminRedirect(browser)).toBe('/admin/login?next=%2Fadmin&ended=absolute');
  });

  it('the login page a timed-out request is sent to says why the session ended', async () => {
    const idle = await signedIn(h.app, 'editorA');
    h.clock.advance(31 * MINUTE);
    const idleLocation = await adminRedirect(idle);
    expect(idleLocation).toMatch(/^\/admin\/login/);
    const idlePage = await idle.get(idleLocation ?? '');
    expect(idlePage.status).toBe(200);
    expect(await idlePage.text()).toContain(IDLE_MESSAGE);

    const long = await signedIn(h.app, 'editorA');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      h.clock.advance(20 * MINUTE);
      await long.get('/admin');
    }
    h.clock.advance(20 * MINUTE);
    const longLocation = await adminRedirect(long);
    expect(longLocation).toMatch(/^\/admin\/login/);
    expect(await (await long.get(longLocation ?? '')).text()).toContain(ABSOLUTE_MESSAGE);
  });

  it('custom lifetimes (idle 5 min, absolute 20 min) are applied', async () => {
    const custom = await openStaffApp(target, { lifetimes: { idleMs: 5 * MINUTE, absoluteMs: 20 * MINUTE } });
    try {
      const idle = await signedIn(custom.app, 'viewer');
      custom.clock.advance(4 * MINUTE);
      expect(await adminRedirect(idle)).toBeNull();
      custom.clock.advance(6 * MINUTE);
      expect(await adminRedirect(idle)).toMatch(/^\/admin\/login/);

      const active = await signedIn(custom.app, 'viewer');
      for (let minutes = 4; minutes < 20; minutes += 4) {
        custom.clock.advance(4 * MINUTE);
        expect(await adminRedirect(active), `after ${minutes} minutes`).toBeNull();
      }
      custom.clock.advance(4 * MINUTE);
      expect(await adminRedirect(active)).toMatch(/^\/admin\/login/);
    } finally {
      await custom.close();
    }
  });

  it('logout ends the session at once: the old cookie, replayed, opens nothing', async () => {
    const browser = await signedIn(h.app, 'editorA');
    const old = browser.sessionCookie ?? '';
    const res = await browser.post('/admin/logout', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login');
    expect(res.headers.getSetCookie().join('\n')).toMatch(/shinchoku-session=;.*Max-Age=0/i);
    expect(browser.sessionCookie).toBeUndefined();
    const replay = browserWithCookie(h, old);
    expect(await adminRedirect(replay)).toMatch(/^\/admin\/login/);
    expect((await replay.get('/api/v1/admin/kpis/ict-company-locations/actuals/2024')).status).toBe(401);
    const stored = await h.handle.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('id_hash', '=', hashToken(old))
      .execute();
    expect(stored).toEqual([]);
  });

  it('disabling an account ends all its sessions at once, and it cannot sign in again', async () => {
    const id = await userId(h, 'viewer');
    const first = await signedIn(h.app, 'viewer');
    const second = await signedIn(h.app, 'viewer');
    expect(await adminRedirect(first)).toBeNull();
    try {
      await setDisabled(h.handle.db, id, true);
      expect(await sessionCount(h, id)).toBe(0);
      expect(await adminRedirect(first)).toMatch(/^\/admin\/login/);
      expect(await adminRedirect(second)).toMatch(/^\/admin\/login/);
      const again = await new Browser(h.app).login(ACCOUNTS.viewer.login);
      expect(again.status).toBe(401);
      expect(await again.text()).toContain('ログインIDまたはパスワードが正しくありません。');
    } finally {
      await setDisabled(h.handle.db, id, false);
    }
  });

  it('changing the password keeps this session and ends the other ones', async () => {
    const id = await userId(h, 'editorB');
    const changer = await signedIn(h.app, 'editorB');
    const other = await signedIn(h.app, 'editorB');
    try {
      const res = await changer.post('/admin/account/password', {
        current: PASSWORD,
        new: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin?changed=password');
      expect(await adminRedirect(changer)).toBeNull();
      expect(await adminRedirect(other)).toMatch(/^\/admin\/login/);
      expect(await sessionCount(h, id)).toBe(1);
      expect((await new Browser(h.app).login(ACCOUNTS.editorB.login)).status).toBe(401);
      expect((await new Browser(h.app).login(ACCOUNTS.editorB.login, NEW_PASSWORD)).status).toBe(303);
    } finally {
      await setPassword(h.handle.db, id, await hashPassword(PASSWORD), false);
    }
  });

  it('the cookie is HttpOnly, SameSite=Lax, Path=/; over HTTPS it is __Host- prefixed and Secure', async () => {
    const plain = await new Browser(h.app).login(ACCOUNTS.viewer.login);
    const [plainCookie = ''] = plain.headers.getSetCookie();
    expect(plainCookie).toMatch(/^shinchoku-session=[A-Za-z0-9_-]{43};/);
    expect(plainCookie).toMatch(/; HttpOnly(;|$)/);
    expect(plainCookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(plainCookie).toMatch(/; Path=\/(;|$)/);
    expect(plainCookie).not.toMatch(/; Secure/i);
    expect(plainCookie).not.toMatch(/; Domain=/i);

    const origin = 'https://localhost';
    const secure = await h.app.request(`${origin}/admin/login`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: ACCOUNTS.viewer.login, password: PASSWORD, next: '/admin' }),
    });
    expect(secure.status).toBe(303);
    const [secureCookie = ''] = secure.headers.getSetCookie();
    expect(secureCookie).toMatch(/^__Host-shinchoku-session=[A-Za-z0-9_-]{43};/);
    expect(secureCookie).toMatch(/; Secure(;|$)/);
    expect(secureCookie).toMatch(/; HttpOnly(;|$)/);
    expect(secureCookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(secureCookie).toMatch(/; Path=\/(;|$)/);
    expect(secureCookie).not.toMatch(/; Domain=/i);
    const token = /^__Host-shinchoku-session=([^;]+)/.exec(secureCookie)?.[1] ?? '';
    const withPrefix = await h.app.request(`${origin}/admin`, {
      headers: { cookie: `__Host-shinchoku-session=${token}` },
    });
    expect(withPrefix.status).toBe(200);
    // Over HTTPS only the prefixed cookie counts (a plain one could have been set by a sibling host).
    const withoutPrefix = await h.app.request(`${origin}/admin`, {
      headers: { cookie: `shinchoku-session=${token}` },
    });
    expect(withoutPrefix.status).toBe(303);
  });

  it('a one-time password: only the password page is open until it is changed; a common one is refused', async () => {
    const fresh = await openStaffApp(target, { mustChange: true });
    try {
      const browser = new Browser(fresh.app);
      const login = await browser.login(ACCOUNTS.editorA.login);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/admin/account/password');
      expect(browser.csrf).toBeDefined();
      expect(await adminRedirect(browser)).toBe('/admin/account/password');
      const form = await browser.get('/admin/measures/ict-company-location/years/2024');
      expect(form.headers.get('location')).toBe('/admin/account/password');
      expect((await browser.get('/api/v1/admin/kpis/ict-company-locations/actuals/2024')).status).toBe(403);
      // No menu of pages that would all send the person back to this one: only ログアウト.
      const passwordPage = await (await browser.get('/admin/account/password')).text();
      expect(passwordPage).not.toContain('aria-label="職員用メニュー"');
      expect(passwordPage).toContain('ログアウト');

      const common = 'password123';
      const [refusal] = passwordProblems(common, { login: ACCOUNTS.editorA.login });
      expect(refusal).toBeDefined();
      const refused = await browser.post('/admin/account/password', {
        current: PASSWORD,
        new: common,
        confirm: common,
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(refusal);
      expect(await adminRedirect(browser)).toBe('/admin/account/password');

      const accepted = await browser.post('/admin/account/password', {
        current: PASSWORD,
        new: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
      });
      expect(accepted.status).toBe(303);
      expect(accepted.headers.get('location')).toBe('/admin?changed=password');
      const home = await browser.get('/admin?changed=password');
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('パスワードを変更しました');
    } finally {
      await fresh.close();
    }
  });
});
