// 職員アカウント through the browser's requests: an admin creates an account whose one-time password (shown once,
// never in an address or the log) signs in and must be changed; disabling ends the account's sessions and refuses
// its sign-in; resetting the second factor ends its sessions; editors and viewers are refused every page and post;
// a post without the session's CSRF token is refused; a refused form keeps what was typed and names the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/app/accounts.ts';
import { currentStep, totpAt } from '../../src/auth/totp.ts';
import { findUserByLogin } from '../../src/db/repositories/user.repository.ts';
import { ACCESS_RULES } from '../../src/http/staff/access.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import {
  ACCOUNTS,
  Browser,
  openStaffApp,
  PASSWORD,
  type StaffHarness,
  signedIn,
} from '../support/staff-app.ts';

const ONE_TIME = /<p class="secret">([2-9a-z]{5}(?:-[2-9a-z]{5}){3})<\/p>/;

describe.each(DATABASE_TARGETS)('/admin/users on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  /** The one-time password of the account the create test makes. */
  let created = '';
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
  });
  afterAll(() => h.close());

  async function idOf(login: string): Promise<number> {
    const user = await findUserByLogin(h.handle.db, login);
    if (user === undefined) throw new Error(`no account ${login}`);
    return user.id;
  }

  /** Where GET /admin sends a browser: null while it is signed in. */
  async function adminRedirect(browser: Browser): Promise<string | null> {
    const res = await browser.get('/admin');
    return res.status === 200 ? null : res.headers.get('location');
  }

  it('lists the accounts with roles, departments and state in Japanese, and the nav links to it', async () => {
    const res = await admin.get('/admin/users');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<a href="/admin/users" aria-current="page">職員アカウント</a>');
    expect(html).toContain('職員アカウント（4件）');
    expect(html).toMatch(
      /editor-b 氏名（editor-b）<\/a><\/th><td>入力担当（所属）<\/td><td>企画部 デジタルみやぎ推進課<\/td><td>有効<\/td><td>未登録<\/td>/,
    );
    expect(html).not.toMatch(/>(editor|viewer|admin)</);
  });

  it('create: the one-time password is shown once, signs in, and must be changed first', async () => {
    const form = await admin.get('/admin/users/new');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<input type="checkbox" name="department.kikaku-digital" value="on"');
    const res = await admin.post('/admin/users', {
      login: 'nosei01',
      name: '農政 花子',
      role: 'editor',
      'department.kikaku-digital': 'on',
      email: '',
      password: '',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('アカウントを作成しました。');
    const password = ONE_TIME.exec(html)?.[1];
    if (password === undefined) throw new Error('no one-time password on the page');
    created = password;
    expect(JSON.stringify(h.logs)).not.toContain(password);
    expect(h.logs.some((l) => l.event === 'account_created' && l.account === 'nosei01')).toBe(true);
    // Shown once: the account's page does not show it again.
    const page = await (await admin.get(`/admin/users/${await idOf('nosei01')}`)).text();
    expect(page).not.toContain(password);
    expect(page).toContain('<td>企画部 デジタルみやぎ推進課</td>');

    const newcomer = new Browser(h.app);
    expect((await newcomer.login('nosei01', password)).status).toBe(303);
    expect(await adminRedirect(newcomer)).toBe('/admin/account/password');
  });

  it('a refused create keeps what was typed and names the field (409 for a taken login)', async () => {
    const res = await admin.post('/admin/users', {
      login: 'viewer1',
      name: '別人',
      role: 'viewer',
      email: '',
      password: '',
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('アカウントを作成できません。');
    expect(html).toContain('<a href="#f-login">ログインID: ログインID「viewer1」は既に使われています。</a>');
    expect(html).toMatch(/name="login" value="viewer1"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="別人"');
    const bad = await admin.post('/admin/users', {
      login: 'tanaka',
      name: '田中',
      role: 'editor',
      email: '',
      password: '',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('担当課: 入力担当（所属）には担当課を1つ以上指定してください。');
    expect(await findUserByLogin(h.handle.db, 'tanaka')).toBeUndefined();
  });

  it('disable: the account signed in elsewhere is signed out at once, and its sign-in is refused', async () => {
    const editor = await signedIn(h.app, 'editorB');
    expect(await adminRedirect(editor)).toBeNull();
    const id = await idOf(ACCOUNTS.editorB.login);
    const res = await admin.post(`/admin/users/${id}/disable`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/users/${id}?done=disabled`);
    const page = await (await admin.get(`/admin/users/${id}?done=disabled`)).text();
    expect(page).toContain('アカウントを無効にしました。ログイン中の端末はすべてログアウトされました。');
    expect(page).toContain('<th scope="row">状態</th><td>無効</td>');
    expect(await adminRedirect(editor)).toMatch(/^\/admin\/login/);
    expect((await new Browser(h.app).login(ACCOUNTS.editorB.login)).status).not.toBe(303);
    expect((await admin.post(`/admin/users/${id}/enable`, {})).headers.get('location')).toBe(
      `/admin/users/${id}?done=enabled`,
    );
    expect((await new Browser(h.app).login(ACCOUNTS.editorB.login)).status).toBe(303);
  });

  it('reset MFA: the second factor is forgotten and the sessions end; the next sign-in needs no code', async () => {
    const editor = await signedIn(h.app, 'editorA');
    await h.handle.db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_last_step: 1 })
      .where('login', '=', ACCOUNTS.editorA.login)
      .execute();
    const id = await idOf(ACCOUNTS.editorA.login);
    expect(await (await admin.get(`/admin/users/${id}`)).text()).toContain('二要素認証の登録を解除する');
    const res = await admin.post(`/admin/users/${id}/mfa`, {});
    expect(res.headers.get('location')).toBe(`/admin/users/${id}?done=mfa`);
    expect((await findUserByLogin(h.handle.db, ACCOUNTS.editorA.login))?.mfaEnabled).toBe(false);
    expect(await adminRedirect(editor)).toMatch(/^\/admin\/login/);
    const again = new Browser(h.app);
    const login = await again.login(ACCOUNTS.editorA.login);
    expect(login.headers.get('location')).toBe('/admin');
  });

  it('reset password: a new one-time password on the response, the old password and sessions gone', async () => {
    const before = new Browser(h.app);
    expect((await before.login('nosei01', created)).status).toBe(303);
    const id = await idOf('nosei01');
    const res = await admin.post(`/admin/users/${id}/password`, {});
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('パスワードを再設定しました。');
    const password = ONE_TIME.exec(html)?.[1];
    if (password === undefined) throw new Error('no one-time password on the page');
    expect(password).not.toBe(created);
    expect(JSON.stringify(h.logs)).not.toContain(password);
    expect(await adminRedirect(before)).toMatch(/^\/admin\/login/);
    expect((await new Browser(h.app).login('nosei01', created)).status).not.toBe(303);
    const fresh = new Browser(h.app);
    expect((await fresh.login('nosei01', password)).status).toBe(303);
    expect(await adminRedirect(fresh)).toBe('/admin/account/password');
  });

  it("an admin's own page offers no action that would lock them out; posting one anyway is refused", async () => {
    const id = await idOf(ACCOUNTS.admin.login);
    const html = await (await admin.get(`/admin/users/${id}`)).text();
    expect(html).toContain('自分のアカウントは無効にできません。');
    expect(html).not.toContain(`action="/admin/users/${id}/disable"`);
    const res = await admin.post(`/admin/users/${id}/disable`, {});
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('自分のアカウントの無効化はできません。');
    expect((await findUserByLogin(h.handle.db, ACCOUNTS.admin.login))?.disabled).toBe(false);
  });

  it('role and departments: changed with a confirmation; an unknown department is refused on the page', async () => {
    const id = await idOf('nosei01');
    const res = await admin.post(`/admin/users/${id}/role`, {
      role: 'editor',
      'department.kikaku-digital': 'on',
      'department.kikaku-sangyo-digital': 'on',
    });
    expect(res.headers.get('location')).toBe(`/admin/users/${id}?done=role`);
    expect((await findUserByLogin(h.handle.db, 'nosei01'))?.departments).toEqual([
      'kikaku-digital',
      'kikaku-sangyo-digital',
    ]);
    const refused = await admin.post(`/admin/users/${id}/role`, {
      role: 'editor',
      'department.no-such-ka': 'on',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('担当課: 担当課コード「no-such-ka」はどの計画にもありません。');
  });

  it('a post without the CSRF token is refused and changes nothing', async () => {
    const id = await idOf(ACCOUNTS.editorB.login);
    const res = await admin.post(`/admin/users/${id}/disable`, {}, { csrf: false });
    expect(res.status).toBe(403);
    expect((await findUserByLogin(h.handle.db, ACCOUNTS.editorB.login))?.disabled).toBe(false);
  });

  it.each(['editorA', 'viewer'] as const)('%s gets 403 on every /admin/users route', async (who) => {
    const browser = await signedIn(h.app, who);
    const id = await idOf(ACCOUNTS.editorB.login);
    const rules = ACCESS_RULES.filter((r) => r.path.startsWith('/admin/users'));
    // the list, create, one account and its five actions, and the invitations page and its form
    expect(rules.length).toBe(11);
    const before = await h.handle.db.selectFrom('users').selectAll().orderBy('id').execute();
    for (const rule of rules) {
      const path = rule.path.replace(':id', String(id));
      const res =
        rule.method === 'GET'
          ? await browser.get(path)
          : await browser.post(path, { login: 'intruder', name: '侵入', role: 'admin', password: '' });
      expect(`${rule.method} ${path} → ${res.status}`).toBe(`${rule.method} ${path} → 403`);
    }
    expect(await h.handle.db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(before);
  });
});

describe.each(DATABASE_TARGETS)('/admin/users where admins must use a second factor, on $name', (target) => {
  const SECRET = 'JBSWY3DPEHPK3PXP';
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target, { requireMfaForAdmins: true });
  });
  afterAll(() => h.close());

  it('an admin whose second factor was reset must enrol again at the next sign-in', async () => {
    const cli = { login: 'cli:operator', role: 'admin', departments: [], requestId: null } as const;
    await createAccount({ db: h.handle.db }, cli, {
      login: 'admin2',
      name: '二番目 管理者',
      role: 'admin',
      departments: [],
      password: PASSWORD,
    });
    await h.handle.db
      .updateTable('users')
      .set({ totp_secret: SECRET, must_change_password: false })
      .where('login', 'in', [ACCOUNTS.admin.login, 'admin2'])
      .execute();
    const admin = new Browser(h.app);
    expect((await admin.login(ACCOUNTS.admin.login)).headers.get('location')).toBe('/admin/login/mfa');
    await admin.refreshCsrf('/admin/login/mfa');
    const code = totpAt(SECRET, currentStep(h.clock.now.getTime()));
    expect((await admin.post('/admin/login/mfa', { code })).status).toBe(303);
    await admin.refreshCsrf();
    const id = (
      await h.handle.db
        .selectFrom('users')
        .select('id')
        .where('login', '=', 'admin2')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await admin.post(`/admin/users/${id}/mfa`, {})).headers.get('location')).toBe(
      `/admin/users/${id}?done=mfa`,
    );
    const second = new Browser(h.app);
    expect((await second.login('admin2')).headers.get('location')).toBe('/admin/account/mfa');
  });
});
