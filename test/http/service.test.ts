// Two governments on one server: each under /{団体コード}/ with its own pages, API and staff side, the default one
// also at the paths it always had, and `/` listing them. Their staff cannot cross: an account, a session or a link
// of one organisation opens nothing of the other (row-level security under the app, prefixes on every link).
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listPlans, savePlan } from '../../src/db/plan-store.ts';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { addAccountInUse } from '../support/accounts.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { planFrom, seedDocument } from '../support/plans.ts';
import { Browser, ORIGIN, PASSWORD } from '../support/staff-app.ts';

/** Root-relative links of a page (href, action, src), without the fragment-only ones. */
const linksOf = (html: string): string[] =>
  [...html.matchAll(/\s(?:href|action|src)="(\/[^"]*)"/g)].map((m) => m[1] ?? '');

describe.each(DATABASE_TARGETS)('two organisations served on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Hono;

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    // 七ヶ宿町 (043028) with the same plan under another name: the same measure ids, KPI ids and department codes.
    const document = seedDocument();
    document.organisation = { code: '043028', name: '七ヶ宿町' };
    document.plan.name = '七ヶ宿町デジタル推進計画';
    await savePlan(handle.db, planFrom(document), { actor: 'system:test' });
    const plans = await listPlans(handle.db);
    const hash = await hashPassword(PASSWORD);
    // The same login in both; an editor only in Miyagi.
    for (const plan of plans) {
      const db = handle.forOrganisation(plan.organisationId);
      await addAccountInUse(db, {
        login: 'admin1',
        name: `${plan.organisationName} 管理者`,
        role: 'admin',
        departments: [],
        passwordHash: hash,
      });
    }
    const miyagi = handle.forOrganisation(plans[0]?.organisationId ?? 0);
    await addAccountInUse(miyagi, {
      login: 'editor-a',
      name: '宮城 入力',
      role: 'editor',
      departments: ['kikaku-digital'],
      passwordHash: hash,
    });
    app = createServiceApp(await serveOrganisations(handle, plans, {}));
  }, 120_000);
  afterAll(() => handle?.close());

  it('lists the organisations at / and as JSON', async () => {
    const page = await app.request(`${ORIGIN}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<a href="/040002/">宮城県</a>');
    expect(html).toContain('<a href="/043028/">七ヶ宿町</a>');
    const api = (await (await app.request(`${ORIGIN}/api/v1/organisations`)).json()) as {
      organisations: { code: string; default: boolean }[];
    };
    expect(api.organisations.map((o: { code: string; default: boolean }) => [o.code, o.default])).toEqual([
      ['040002', true],
      ['043028', false],
    ]);
  });

  it("each organisation's pages under its code (and slug) show its own plan, every link staying under it", async () => {
    const town = await app.request(`${ORIGIN}/043028/`);
    expect(town.status).toBe(200);
    const html = await town.text();
    expect(html).toContain('七ヶ宿町デジタル推進計画');
    expect(html).not.toContain('宮城県');
    const links = linksOf(html);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((l) => !l.startsWith('/043028/') && !l.startsWith('/assets/'))).toEqual([]);
    const bySlug = await app.request(`${ORIGIN}/miyagi-shichikashuku-machi/kpis`);
    expect(bySlug.status).toBe(200);
    expect(await bySlug.text()).toContain('七ヶ宿町');
    expect((await app.request(`${ORIGIN}/043028`)).headers.get('location')).toBe('/043028/');
  });

  it('the default organisation keeps its old paths and has its code too', async () => {
    for (const path of ['/kpis', '/040002/kpis', '/miyagi/kpis']) {
      const response = await app.request(`${ORIGIN}${path}`);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain('宮城県');
      expect(html, path).not.toContain('七ヶ宿町');
    }
  });

  it('answers the API by organisation', async () => {
    const town = await app.request(`${ORIGIN}/api/v1/organisations/043028/measures`);
    expect(town.status).toBe(200);
    const miyagi = await app.request(`${ORIGIN}/api/v1/measures`);
    expect(await town.text()).toEqual(await miyagi.text());
    expect((await app.request(`${ORIGIN}/api/v1/organisations/049999/measures`)).status).toBe(404);
  });

  it("signs in to one organisation's staff side without opening the other's", async () => {
    const browser = new Browser(app);
    const login = await browser.post(
      '/043028/admin/login',
      { login: 'admin1', password: PASSWORD, next: '/admin' },
      { csrf: false },
    );
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/043028/admin');
    const token = browser.cookies.get('shinchoku-session-043028');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const home = await browser.get('/043028/admin');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('七ヶ宿町 管理者');
    expect(linksOf(html).filter((l) => !l.startsWith('/043028/') && !l.startsWith('/assets/'))).toEqual([]);
    // The same browser is not signed in to Miyagi, even when the town's session id is offered under Miyagi's cookie.
    expect((await browser.get('/admin')).status).toBe(303);
    const forged = await app.request(`${ORIGIN}/admin`, {
      headers: { cookie: `shinchoku-session=${token}` },
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toMatch(/^\/admin\/login/);
  });

  it("refuses an account of one organisation at the other's login", async () => {
    const browser = new Browser(app);
    const refused = await browser.post(
      '/043028/admin/login',
      { login: 'editor-a', password: PASSWORD, next: '/admin' },
      { csrf: false },
    );
    expect(refused.status).not.toBe(303);
    expect(browser.cookies.size).toBe(0);
    const miyagi = await browser.post(
      '/admin/login',
      { login: 'editor-a', password: PASSWORD, next: '/admin' },
      { csrf: false },
    );
    expect(miyagi.status).toBe(303);
  });
});
