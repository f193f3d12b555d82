// Staff error pages in Chromium: a 403 (another department's form) and a 404 (an unknown measure) are shown inside
// the staff shell with the staff menu and a way back, and pass axe-core (WCAG 2.2 AA) with zero violations.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

let site: StaffSite;
beforeAll(async () => {
  // PGlite is enough: the error pages do not depend on the database server.
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
});
afterAll(() => site?.close());

describe('staff error pages in Chromium', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(site);
    await page.goto(`${site.url}/admin/login`);
    await page.getByLabel('ログインID').fill(ACCOUNTS.editorA.login);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin'),
      page.getByRole('button', { name: 'ログイン' }).click(),
    ]);
  });
  afterAll(() => page?.context().close());

  it('403: another department’s form, in the staff shell, back to the staff top page; axe 0 violations', async () => {
    const response = await page.goto(`${site.url}/admin/measures/open-data-miyagi/years/2024`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('この操作はできません');
    await expect(page.getByRole('navigation', { name: '職員用メニュー' }).count()).resolves.toBe(1);
    const back = page.getByRole('link', { name: '職員用トップ（実績の入力）へ戻る' });
    expect(await back.getAttribute('href')).toBe('/admin');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-error-403');
  });

  it('404 reached from a staff page: a link back to that page; axe 0 violations', async () => {
    // As if followed from the password page: the browser sends that page as the Referer.
    const response = await page.goto(`${site.url}/admin/measures/no-such-measure/years/2024`, {
      referer: `${site.url}/admin/account/password`,
    });
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('ページが見つかりません');
    const back = page.getByRole('link', { name: '前のページへ戻る' });
    expect(await back.getAttribute('href')).toBe('/admin/account/password');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-error-404');
  });
});
