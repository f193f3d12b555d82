// Staff errors stay on the staff side: 400/401/403/404/409/413 under /admin are pages in the staff shell (with the
// staff menu when signed in) and a way back to the staff page the person came from; /api keeps its JSON errors and
// public pages keep the public layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPlans } from '../../src/db/plan-store.ts';
import { createApp } from '../../src/http/app.tsx';
import { SiteSource } from '../../src/http/site-source.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { Browser, ORIGIN, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const STAFF_SHELL = 'site-header--admin';
const STAFF_MENU = 'aria-label="職員用メニュー"';

/** The href of every link in the page's main region. */
const mainLinks = (html: string): string[] => {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return [...main.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1] ?? '');
};

describe.each(DATABASE_TARGETS)('staff error pages on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());

  it('403: another department’s form in the staff shell, with the menu and a link back to the page before', async () => {
    const editor = await signedIn(h.app, 'editorA');
    const response = await editor.request('/admin/measures/open-data-miyagi/years/2024', {
      headers: { referer: `${ORIGIN}/admin?tab=mine` },
    });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain(STAFF_SHELL);
    expect(html).toContain(STAFF_MENU);
    expect(html).toContain('<h1>この操作はできません</h1>');
    expect(html).toContain('この操作を行う権限がありません。');
    expect(html).toContain('editor-a 氏名（');
    expect(mainLinks(html)).toEqual(['/admin?tab=mine', '/admin']);
    expect(html).toContain('前のページへ戻る');
    // Not the public shell.
    expect(html).not.toContain('トップへ戻る</a>');
  });

  it('404: an unknown measure, back to the staff top page when there is no page before', async () => {
    const admin = await signedIn(h.app, 'admin');
    const response = await admin.get('/admin/measures/no-such-measure/years/2024');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(STAFF_SHELL);
    expect(html).toContain(STAFF_MENU);
    expect(html).toContain('<h1>ページが見つかりません</h1>');
    expect(mainLinks(html)).toEqual(['/admin']);
  });

  it('a Referer from another site or outside /admin leads back to the staff top page, never off the site', async () => {
    const admin = await signedIn(h.app, 'admin');
    for (const referer of ['https://evil.example/phish', `${ORIGIN}/goals`, 'not a url']) {
      const response = await admin.request('/admin/measures/no-such-measure/years/2024', {
        headers: { referer },
      });
      expect(response.status).toBe(404);
      expect(mainLinks(await response.text())).toEqual(['/admin']);
    }
    // A staff path of another origin is kept as a path of this site only.
    const other = await admin.request('/admin/measures/no-such-measure/years/2024', {
      headers: { referer: 'https://evil.example/admin/history' },
    });
    expect(mainLinks(await other.text())).toEqual(['/admin/history', '/admin']);
  });

  it('400 and 409 from a form post: the message in the staff shell, the year list unchanged', async () => {
    const admin = await signedIn(h.app, 'admin');
    const cycles = () => h.handle.db.selectFrom('reporting_cycles').select('fiscal_year').execute();
    expect((await admin.post('/admin/cycles', { fiscal_year: '2024', due_date: '' })).status).toBe(303);
    const before = await cycles();
    expect(before).toEqual([{ fiscal_year: 2024 }]);

    const bad = await admin.post('/admin/cycles', { fiscal_year: 'きのう', due_date: '' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain(STAFF_MENU);
    expect(badHtml).toContain('<h1>入力または指定が正しくありません</h1>');
    expect(badHtml).toContain('＊年度「きのう」を読み取れません（例: 2025、R7）。');

    const again = await admin.request('/admin/cycles', {
      method: 'POST',
      body: new URLSearchParams({ fiscal_year: '2024', due_date: '', _csrf: admin.csrf ?? '' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${ORIGIN}/admin/cycles` },
    });
    expect(again.status).toBe(409);
    const againHtml = await again.text();
    expect(againHtml).toContain(STAFF_MENU);
    expect(againHtml).toContain('<h1>ほかの変更と重なりました</h1>');
    expect(mainLinks(againHtml)).toEqual(['/admin/cycles', '/admin']);
    expect(await cycles()).toEqual(before);
  });

  it('401 and 413 before signing in: the staff shell without the menu, a link to the staff top page', async () => {
    const anonymous = new Browser(h.app);
    const refused = await anonymous.post('/admin/no-such-page', {});
    expect(refused.status).toBe(401);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain(STAFF_SHELL);
    expect(refusedHtml).not.toContain(STAFF_MENU);
    expect(refusedHtml).toContain('<h1>ログインしてください</h1>');
    expect(mainLinks(refusedHtml)).toEqual(['/admin']);

    const tooBig = await anonymous.post(
      '/admin/login',
      { login: 'x'.repeat(100_000), password: 'p' },
      { csrf: false },
    );
    expect(tooBig.status).toBe(413);
    const tooBigHtml = await tooBig.text();
    expect(tooBigHtml).toContain(STAFF_SHELL);
    expect(tooBigHtml).not.toContain(STAFF_MENU);
    expect(tooBigHtml).toContain('<h1>送信された内容が大きすぎます</h1>');
  });

  it('the write API keeps its JSON errors and public pages keep the public layout', async () => {
    const editor = await signedIn(h.app, 'editorA');
    const api = await editor.get('/api/v1/admin/no-such-thing');
    expect(api.status).toBe(403);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect(await api.json()).toEqual({
      error: { code: 'forbidden', message: 'この操作を行う権限がありません。', details: [] },
    });

    const page = await editor.get('/no-such-page');
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).not.toContain(STAFF_SHELL);
    expect(html).toContain('トップへ戻る');
  });

  it('500: an unexpected failure is a staff page with no details and a link to the staff top page', async () => {
    const stored = (await listPlans(h.handle.db))[0];
    if (stored === undefined) throw new Error('no plan');
    // The stored data cannot be read: the failure happens before any staff handler runs.
    class Unreadable extends SiteSource {
      override async fresh(): Promise<never> {
        throw new Error('connection refused by 10.0.0.9');
      }
    }
    const source = new Unreadable(h.source.current, { db: h.handle.db, plan: stored });
    const app = createApp(source, { staff: { db: h.handle.db, planId: stored.id } });
    const response = await app.request(`${ORIGIN}/admin/login`);
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain(STAFF_SHELL);
    expect(html).not.toContain(STAFF_MENU);
    expect(html).toContain('<h1>エラーが発生しました</h1>');
    expect(html).toContain('サーバーでエラーが発生しました。時間をおいて再度お試しください。');
    expect(html).not.toContain('10.0.0.9');
    expect(mainLinks(html)).toEqual(['/admin']);
  });
});
