// The admin's history and plan editor in Chromium: the whole log (the bundled data's rows, many pages) and its second
// page reached by 次へ, and the plan editor's list of KPI values, each with zero axe-core violations.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

let site: StaffSite;
let page: Page;
beforeAll(async () => {
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
  page = await newPage(site);
  await page.goto(`${site.url}/admin/login`);
  await page.getByLabel('ログインID').fill(ACCOUNTS.admin.login);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/admin'),
    page.getByRole('button', { name: 'ログイン' }).click(),
  ]);
});
afterAll(async () => {
  await page?.context().close();
  await site?.close();
});

describe('history and the plan editor in Chromium', () => {
  it('the history page and its second page pass axe', async () => {
    const response = await page.goto(`${site.url}/admin/history`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('table.history-table tbody tr').count()).toBe(50);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-history-log');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('page') === '2'),
      page
        .getByRole('navigation', { name: '変更履歴のページ（表の上）' })
        .getByRole('link', { name: '次へ' })
        .click(),
    ]);
    expect(await page.locator('.pager p').first().textContent()).toMatch(/51〜100件目（2\/\d+ページ）/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the plan editor lists KPI values by name and passes axe', async () => {
    const response = await page.goto(`${site.url}/admin/plan/kpi_values`);
    expect(response?.status()).toBe(200);
    await expect(
      page.getByRole('rowheader', { name: 'KPI オープンデータみやぎ公開数・目標値・令和6年度' }).count(),
    ).resolves.toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});
