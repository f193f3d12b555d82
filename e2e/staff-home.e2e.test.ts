// The staff home for one department in Chromium: an admin chooses a department from the select (a plain GET form,
// no script), sees its measures under 「○○課の施策」 with the 代理入力 note, and the page passes axe-core with zero
// violations at desktop and phone widths.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

let site: StaffSite;
beforeAll(async () => {
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
});
afterAll(() => site?.close());

async function signIn(page: Page): Promise<void> {
  await page.goto(`${site.url}/admin/login`);
  await page.getByLabel('ログインID').fill(ACCOUNTS.admin.login);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/admin'),
    page.getByRole('button', { name: 'ログイン' }).click(),
  ]);
}

describe.each([
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
])('an admin chooses a department at $width px', (viewport) => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(site, viewport);
    await signIn(page);
  });
  afterAll(() => page?.context().close());

  it('the select leads to /admin?department=…, with the heading, the note and only that department', async () => {
    await page.getByLabel('所属').selectOption('kikaku-digital');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('department') === 'kikaku-digital'),
      page.getByRole('button', { name: '表示する' }).click(),
    ]);
    await expect(page.getByRole('heading', { name: 'デジタルみやぎ推進課の施策' }).count()).resolves.toBe(1);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('代理入力（企画部 デジタルみやぎ推進課）');
    expect(main).toContain('オープンデータみやぎ推進事業');
    expect(main).not.toContain('情報通信関連企業立地促進事業の推進');
    await screenshot(page, `staff-home-department-${viewport.width}`);
    expect(await axeViolations(page)).toEqual([]);
  });
});
