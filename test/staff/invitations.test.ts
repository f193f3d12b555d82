// Inviting staff: an admin makes a one-time link with the role and departments; the person opens it, chooses their
// login, name and password, and signs in. The link works once, expires, and bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const GOOD_PASSWORD = 'Sato-Hanako-Nosei-2026';
const LINK = /value="http:\/\/localhost\/admin\/invitation\/([A-Za-z0-9_-]{43})"/;

describe.each(DATABASE_TARGETS)('invitations on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;

  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
  }, 120_000);
  afterAll(() => h?.close());

  const invite = async (fields: Record<string, string>) => {
    const response = await admin.post('/admin/users/invitations', fields);
    const html = await response.text();
    return { response, html, token: LINK.exec(html)?.[1] };
  };
  const counts = async () => ({
    users: (await h.handle.db.selectFrom('users').select('id').execute()).length,
    open: (
      await h.handle.db.selectFrom('invitations').select('id').where('accepted_at', 'is', null).execute()
    ).length,
  });

  it('creates a link once, stores only its hash, and the invited person makes their own account', async () => {
    const { response, html, token } = await invite({
      role: 'editor',
      'department.kikaku-digital': 'on',
      note: '農政課 佐藤さん',
      days: '7',
    });
    expect(response.status).toBe(201);
    expect(token).toBeDefined();
    expect(html).toContain('この画面で一度だけ表示します');
    const stored = await h.handle.db.selectFrom('invitations').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toBe(hashToken(token ?? ''));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]).toMatchObject({ role: 'editor', departments: 'kikaku-digital', created_by: 'admin1' });
    // 7 days from the harness clock (2026-06-01T00:00Z)
    expect(new Date(stored[0]?.expires_at as Date).toISOString()).toBe('2026-06-08T00:00:00.000Z');
    // The list shows it without the link.
    const list = await (await admin.get('/admin/users/invitations')).text();
    expect(list).toContain('農政課 佐藤さん');
    expect(list).not.toContain(token);

    const person = new Browser(h.app, '192.0.2.77');
    const form = await person.get(`/admin/invitation/${token}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('入力担当');
    expect(formHtml).toContain('デジタルみやぎ推進課');
    const accepted = await person.post(`/admin/invitation/${token}`, {
      login: 'sato01',
      name: '佐藤 花子',
      password: GOOD_PASSWORD,
    });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/admin/login?invited=1');
    const login = await person.login('sato01', GOOD_PASSWORD);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin');
    const account = await h.handle.db
      .selectFrom('users')
      .select(['role', 'must_change_password', 'name'])
      .where('login', '=', 'sato01')
      .executeTakeFirst();
    expect(account).toEqual({ role: 'editor', must_change_password: false, name: '佐藤 花子' });
    const departments = await h.handle.db.selectFrom('user_departments').select('department').execute();
    expect(departments.map((d) => d.department)).toContain('kikaku-digital');

    // Used once: the same link again says so and creates nothing.
    const before = await counts();
    const again = await new Browser(h.app).post(`/admin/invitation/${token}`, {
      login: 'sato02',
      name: '佐藤 次郎',
      password: GOOD_PASSWORD,
    });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('すでに使われています');
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input on the invited page with the field named, and keeps the link usable', async () => {
    const { token } = await invite({ role: 'viewer', days: '3' });
    const before = await counts();
    const person = new Browser(h.app);
    const weak = await person.post(`/admin/invitation/${token}`, {
      login: 'kato01',
      name: '加藤',
      password: 'password',
    });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toMatch(/パスワード/);
    const taken = await person.post(`/admin/invitation/${token}`, {
      login: 'admin1',
      name: '加藤',
      password: GOOD_PASSWORD,
    });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain('ログインID「admin1」は既に使われています');
    expect(await counts()).toEqual(before);
    expect((await person.get(`/admin/invitation/${token}`)).status).toBe(200);
  });

  it('expires, and an unknown link is not found', async () => {
    const { token } = await invite({ role: 'viewer', days: '1' });
    h.clock.advance(86_400_000 + 1);
    const late = await new Browser(h.app).get(`/admin/invitation/${token}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('有効期限が過ぎています');
    const unknown = await new Browser(h.app).get(`/admin/invitation/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
  });

  it('refuses a wrong period or department rule, and anyone but an admin, changing nothing', async () => {
    admin = await signedIn(h.app, 'admin'); // the clock moved past the earlier session's lifetime
    const before = await counts();
    const zero = await invite({ role: 'viewer', days: '0' });
    expect(zero.response.status).toBe(400);
    expect(zero.html).toContain('有効期間は1〜30日');
    const noDepartment = await invite({ role: 'editor', days: '7' });
    expect(noDepartment.response.status).toBe(400);
    expect(noDepartment.html).toContain('担当課');
    const editor = await signedIn(h.app, 'editorA');
    expect((await editor.get('/admin/users/invitations')).status).toBe(403);
    expect((await editor.post('/admin/users/invitations', { role: 'admin', days: '7' })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
