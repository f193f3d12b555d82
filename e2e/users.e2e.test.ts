// 職員アカウント in Chromium: the list, the create form, the form refused with its fields marked, the new account's page
// with its one-time password, and the account page after a confirmation — each with zero axe-core violations at a
// desktop window (1280 px) and, resized, a phone (390 px), without any client script.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let site: StaffSite;
beforeAll(async () => {
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
});
afterAll(async () => {
  await site?.close();
});

async function signInAdmin(viewport: { width: number; height: number }): Promise<Page> {
  const page = await newPage(site, viewport);
  await page.goto(`${site.url}/admin/login`);
  await page.getByLabel('ログインID').fill(ACCOUNTS.admin.login);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/admin'),
    page.getByRole('button', { name: 'ログイン' }).click(),
  ]);
  return page;
}

/** No axe violation on the page as it is now, at each width; a screenshot of each. */
async function checkWidths(page: Page, label: string): Promise<void> {
  for (const { name, width, height } of WIDTHS) {
    await page.setViewportSize({ width, height });
    expect(await axeViolations(page), `${label} at ${width} px`).toEqual([]);
    await screenshot(page, `${label}-${name}`);
  }
  await page.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
}

describe('職員アカウント at 1280 px and 390 px', () => {
  it('list, create form, refused form, new account with its one-time password, confirmation: axe 0', {
    timeout: 120_000,
  }, async () => {
    const page = await signInAdmin({ width: WIDTHS[0].width, height: WIDTHS[0].height });
    await page.getByRole('link', { name: '職員アカウント' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users');
    expect(await page.getByRole('rowheader', { name: 'editor-b 氏名（editor-b）' }).count()).toBe(1);
    await checkWidths(page, 'users-list');

    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin/users/new'),
      page.getByRole('link', { name: 'アカウントを作成する' }).click(),
    ]);
    await checkWidths(page, 'users-new');

    // Refused: an editor without departments, and a login with a space.
    await page.getByLabel('ログインID（必須）').fill('bad login');
    await page.getByLabel('氏名（必須）').fill('農政 花子');
    await page.getByLabel('役割（必須）').selectOption({ label: '入力担当（所属）' });
    await page.getByRole('button', { name: '作成する' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('アカウントを作成できません。');
    expect(await page.getByLabel('ログインID（必須）').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('ログインID（必須）').inputValue()).toBe('bad login');
    await expect(page.locator('#f-departments-error').textContent()).resolves.toBe(
      '＊入力担当（所属）には担当課を1つ以上指定してください。',
    );
    await checkWidths(page, 'users-create-error');

    const login = 'nosei';
    await page.getByLabel('ログインID（必須）').fill(login);
    await page.getByRole('checkbox', { name: '企画部 デジタルみやぎ推進課' }).check();
    await page.getByRole('button', { name: '作成する' }).click();
    await expect(page.locator('p.secret').textContent()).resolves.toMatch(/^[2-9a-z]{5}(-[2-9a-z]{5}){3}$/);
    expect(page.url()).not.toContain('secret');
    await checkWidths(page, 'users-created');

    // The account page after an action's confirmation (POST → redirect → GET).
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('done') === 'disabled'),
      page.getByRole('button', { name: '無効にする' }).click(),
    ]);
    await expect(page.locator('p.success[role="status"]').textContent()).resolves.toContain(
      'アカウントを無効にしました。',
    );
    expect(await page.locator('p.secret').count()).toBe(0);
    await checkWidths(page, 'users-account');
    await page.context().close();
  });
});
