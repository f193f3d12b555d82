// The operator console at /service/: sign-in with the one-time password, the forced password change and second
// factor, the list of organisations (counts only), 「団体を追加」 and 「管理者を招待」 whose link opens the
// organisation's invitation page; anonymous requests, missing CSRF tokens and the other side's cookies are refused,
// and refused requests leave every table as it was.
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOperator, setOperatorEnabled } from '../../src/app/operators.ts';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { currentStep, totpAt } from '../../src/auth/totp.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import { createOperatorApp } from '../../src/http/operator/operator-app.tsx';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { addAccountInUse } from '../support/accounts.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { unescapeHtml } from '../support/html-forms.ts';
import { Browser } from '../support/staff-app.ts';
import { tableDigests } from '../support/table-digest.ts';

/** 044016 松島町 (宮城県): a real town code no other test of this file's database uses. */
const TOWN = '044016';
const NEW_PASSWORD = 'operator passphrase for the console';
const STAFF_PASSWORD = 'Miyagi-Admin-Passphrase-9';
const WRONG = 'ログインIDまたはパスワードが正しくありません。';
/** Sessions are looked up and touched, failed logins counted: a refused request may change these only. */
const VOLATILE = new Set(['operator_sessions', 'sessions', 'login_throttle']);
const digest = (db: Kysely<Database>) => tableDigests(db, VOLATILE);

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
const secretOf = (html: string) =>
  /<span class="secret">([A-Z2-7 ]+)<\/span>/.exec(html)?.[1]?.replaceAll(' ', '') ?? '';

describe.each(DATABASE_TARGETS)('the operator console on $name', (target) => {
  let handle: DatabaseHandle;
  let service: ReturnType<typeof createServiceApp>;
  let oneTimePassword: string;
  let secret = '';
  // The console's clock: each second-factor code is used once per 30-second step, so the tests move it on.
  let clock = new Date('2026-12-06T01:00:00Z');
  const tick = () => {
    clock = new Date(clock.getTime() + 30_000);
  };
  const code = () => totpAt(secret, currentStep(clock.getTime()));
  const operator = () => new Browser(service, '192.0.2.50');

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    ({ oneTimePassword } = await addOperator({ db: handle.db }, { login: 'unei', name: '運営 太郎' }));
    const [miyagi] = await listPlans(handle.db);
    if (miyagi === undefined) throw new Error('no seeded plan');
    await addAccountInUse(handle.forOrganisation(miyagi.organisationId), {
      login: 'admin1',
      name: '宮城 管理者',
      role: 'admin',
      departments: [],
      passwordHash: await hashPassword(STAFF_PASSWORD),
    });
    const silent = pino({ level: 'silent' });
    service = createServiceApp(
      await serveOrganisations(handle, await listPlans(handle.db), { logger: silent }),
      {
        operator: createOperatorApp({ handle, now: () => clock, logger: silent }),
      },
    );
  }, 180_000);
  afterAll(() => handle?.close());

  it('sends anonymous requests for every console page to the login page, changing nothing', async () => {
    const before = await digest(handle.db);
    const anonymous = operator();
    for (const path of [
      '/service/',
      '/service/account/password',
      '/service/account/mfa',
      '/service/login/mfa',
    ]) {
      const response = await anonymous.get(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe('/service/login');
    }
    for (const path of [
      '/service/organisations',
      `/service/organisations/040002/invitations`,
      '/service/logout',
    ]) {
      const response = await anonymous.post(path, { code: TOWN });
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe('/service/login');
    }
    expect((await service.request('http://localhost/service')).headers.get('location')).toBe('/service/');
    expect(await digest(handle.db)).toEqual(before);
  });

  it('answers a wrong password exactly as an unknown login, with no session', async () => {
    const wrong = await operator().post('/service/login', { login: 'unei', password: 'not the password' });
    const unknown = await operator().post('/service/login', { login: 'nobody', password: oneTimePassword });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.headers.getSetCookie()).toEqual([]);
      const html = await response.text();
      expect(html).toContain(WRONG);
      expect(html).toContain('<html lang="ja">');
    }
  });

  it('the login page has the security headers and is not cached', async () => {
    const response = await operator().get('/service/login');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('運営者ログイン');
  });

  it('first sign-in: the password change, then the second factor, before anything else', async () => {
    const browser = operator();
    const login = await browser.post('/service/login', { login: 'unei', password: oneTimePassword });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/service/account/password');
    // The list waits until the password is changed.
    expect((await browser.get('/service/')).headers.get('location')).toBe('/service/account/password');
    const form = await (await browser.get('/service/account/password')).text();
    expect(form).toContain('初期パスワードでログインしています');
    browser.csrf = csrfOf(form);
    const mismatch = await browser.post('/service/account/password', {
      current: oneTimePassword,
      new: NEW_PASSWORD,
      confirm: 'something else entirely',
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('＊確認用のパスワードが一致しません。');
    const changed = await browser.post('/service/account/password', {
      current: oneTimePassword,
      new: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe('/service/account/mfa');
    expect((await browser.get('/service/')).headers.get('location')).toBe('/service/account/mfa');
    const started = await browser.post('/service/account/mfa', { intent: 'start' });
    expect(started.status).toBe(200);
    secret = secretOf(await started.text());
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const refused = await browser.post('/service/account/mfa', {
      code: '000000' === code() ? '111111' : '000000',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('＊確認コードが正しくありません。');
    tick();
    const enrolled = await browser.post('/service/account/mfa', { code: code() });
    expect(enrolled.status).toBe(303);
    expect(enrolled.headers.get('location')).toBe('/service/');
  });

  /** Signs in with the changed password and a fresh code; reads the CSRF token from the list. */
  async function signedInOperator(): Promise<Browser> {
    const browser = operator();
    const login = await browser.post('/service/login', { login: 'unei', password: NEW_PASSWORD });
    expect(login.headers.get('location')).toBe('/service/login/mfa');
    // Nothing but the second factor until it is given.
    expect((await browser.get('/service/')).headers.get('location')).toBe('/service/login/mfa');
    browser.csrf = csrfOf(await (await browser.get('/service/login/mfa')).text());
    tick();
    const passed = await browser.post('/service/login/mfa', { code: code() });
    expect(passed.headers.get('location')).toBe('/service/');
    browser.csrf = csrfOf(await (await browser.get('/service/')).text());
    return browser;
  }

  it('a later sign-in asks for the second factor; the list shows counts, not what organisations hold', async () => {
    const browser = await signedInOperator();
    const html = await (await browser.get('/service/')).text();
    expect(html).toContain('団体の一覧');
    // 宮城県 with its one plan and one account, counted; its account's login and plan name are not shown.
    expect(html).toMatch(
      /<td>040002<\/td><th scope="row">宮城県（既定）<\/th><td>都道府県<\/td><td class="num">1<\/td><td class="num">1<\/td>/,
    );
    expect(html).not.toContain('admin1');
    expect(html).not.toContain('総合計画');
    expect(html).toContain('運営 太郎（運営者）');
  });

  it('refuses a post without the session’s CSRF token or from another origin, storing nothing', async () => {
    const browser = await signedInOperator();
    const before = await digest(handle.db);
    const noToken = await browser.post('/service/organisations', { code: TOWN }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('画面の有効期限が切れたか、不正な送信です。');
    const foreign = await browser.post(
      '/service/organisations',
      { code: TOWN },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const forged = await browser.post('/service/organisations', { code: TOWN, _csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(await digest(handle.db)).toEqual(before);
  });

  it('refuses a code the registry does not know, or one already on the service, next to the field', async () => {
    const browser = await signedInOperator();
    const before = await digest(handle.db);
    const unknown = await browser.post('/service/organisations', { code: '044017' });
    expect(unknown.status).toBe(400);
    const html = unescapeHtml(await unknown.text());
    expect(html).toContain(
      '＊団体コード「044017」は地方公共団体コードにありません（6桁の場合は末尾の検査数字も確かめてください）。',
    );
    expect(html).toContain('aria-describedby="code-hint code-error"');
    expect(html).toContain('value="044017"');
    const empty = await browser.post('/service/organisations', { code: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('＊団体コードを入力してください。');
    const taken = await browser.post('/service/organisations', { code: '040002' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('＊団体コード「040002」の宮城県は既に登録されています。');
    expect(await digest(handle.db)).toEqual(before);
  });

  it('adds an organisation and invites its admin; the link opens the organisation’s invitation page', async () => {
    const browser = await signedInOperator();
    const added = await browser.post('/service/organisations', { code: TOWN });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/service/?added=${TOWN}`);
    const list = await (await browser.get(`/service/?added=${TOWN}`)).text();
    expect(list).toContain('松島町（044016）を追加しました。');
    expect(list).toMatch(
      /<td>044016<\/td><th scope="row">松島町<\/th><td>町<\/td><td class="num">0<\/td><td class="num">0<\/td>/,
    );
    const invited = await browser.post(`/service/organisations/${TOWN}/invitations`, {});
    expect(invited.status).toBe(200);
    const page = await invited.text();
    expect(page).toContain('松島町の管理者の招待');
    const link = /id="invitation-link" class="link-copy" type="text" readonly="" value="([^"]+)"/.exec(
      page,
    )?.[1];
    expect(link).toMatch(new RegExp(`^http://localhost/${TOWN}/admin/invitation/[A-Za-z0-9_-]{43}$`));
    const person = new Browser(service, '192.0.2.77');
    const opened = await person.get(new URL(link ?? '').pathname);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('管理者');
    // Unknown organisation: 404, nothing created.
    const before = await digest(handle.db);
    expect((await browser.post('/service/organisations/999999/invitations', {})).status).toBe(404);
    expect(await digest(handle.db)).toEqual(before);
  });

  it('keeps the two sides apart: neither session opens the other’s pages', async () => {
    const staff = new Browser(service, '192.0.2.60');
    const signed = await staff.post('/admin/login', {
      login: 'admin1',
      password: STAFF_PASSWORD,
      next: '/admin',
    });
    expect(signed.status).toBe(303);
    expect((await staff.get('/admin/users')).status).toBe(200);
    const fromStaff = await staff.get('/service/');
    expect(fromStaff.status).toBe(303);
    expect(fromStaff.headers.get('location')).toBe('/service/login');
    const console = await signedInOperator();
    for (const path of ['/admin', '/admin/users', '/040002/admin/users']) {
      const response = await console.get(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toMatch(/\/admin\/login\?next=/);
    }
    // The operator's session id under the staff cookie's name is no staff session either.
    const token = console.cookies.get('shinchoku-operator') ?? '';
    expect(token).not.toBe('');
    const forged = await service.request('http://localhost/admin/users', {
      headers: { cookie: `shinchoku-session=${token}` },
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
  });

  it('ends a session idle for 30 minutes, and every session of a disabled operator', async () => {
    const idle = await signedInOperator();
    clock = new Date(clock.getTime() + 30 * 60_000);
    const ended = await idle.get('/service/');
    expect(ended.headers.get('location')).toBe('/service/login?ended=idle');
    expect(await (await idle.get('/service/login?ended=idle')).text()).toContain(
      '一定時間操作がなかったため、ログアウトしました。',
    );
    const browser = await signedInOperator();
    await setOperatorEnabled({ db: handle.db }, 'unei', false);
    expect((await browser.get('/service/')).headers.get('location')).toBe('/service/login');
    const refused = await operator().post('/service/login', { login: 'unei', password: NEW_PASSWORD });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain(WRONG);
    await setOperatorEnabled({ db: handle.db }, 'unei', true);
  });

  it('refuses a login body over the login limit (64 KB) with 413', async () => {
    const response = await operator().post('/service/login', { login: 'unei', password: 'x'.repeat(70_000) });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('送信された内容が大きすぎます（64KBまで）。');
  });

  it('signs out: the session is gone', async () => {
    const browser = await signedInOperator();
    const out = await browser.post('/service/logout', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/service/login');
    expect((await browser.get('/service/')).headers.get('location')).toBe('/service/login');
  });
});
