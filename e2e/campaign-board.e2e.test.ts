// The compact progress board in Chromium, as a policy office uses it in a prefecture's first year (most departments
// without an account): nine departments on one screen, each row's 「操作」 menu opened by mouse and keyboard, an answer
// submitted on a department's behalf from it, two approved at once by their checkboxes — axe-core with zero
// violations at 1280 and 390 px wide, menus closed and open.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

const FY = 2024;
const BOARD = `/admin/cycles/${FY}`;
/** Complete in the seed for FY2024, so they can be submitted without entering anything. */
const NOGYO = '農政部 農業振興課';
const BUNSHO = '総務部 県政情報・文書課';
const SHOKU = '農政部 食産業振興課';
/** The board of the old layout (three stacked forms per row) was about 4,600 px high for these nine. */
const COMPACT_LIMIT = 1600;

let site: StaffSite;
beforeAll(async () => {
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
});
afterAll(async () => {
  await site?.close();
});

async function signInAdmin(viewport?: { width: number; height: number }): Promise<Page> {
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

const boardRow = (page: Page, name: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
const menuOf = (page: Page, name: string) => boardRow(page, name).locator('details.row-menu');

/** Clicks and waits for the redirect back to the board with its message. */
async function andBack(page: Page, click: Promise<void>): Promise<string> {
  await Promise.all([page.waitForURL((url) => url.searchParams.has('done')), click]);
  return (await page.locator('p.success[role="status"]').textContent()) ?? '';
}

describe('the compact progress board', () => {
  it('nine departments on a short page; menus work by mouse and keyboard; bulk approval', {
    timeout: 120_000,
  }, async () => {
    const admin = await signInAdmin();
    await admin.goto(`${site.url}/admin/cycles`);
    await admin.getByLabel('年度').fill(String(FY));
    await Promise.all([
      admin.waitForURL((url) => url.pathname === BOARD),
      admin.getByRole('button', { name: '照会を作る（準備中）' }).click(),
    ]);
    await andBack(admin, admin.getByRole('button', { name: '照会を始める（照会中にする）' }).click());

    // One row per department; the whole page stays far below the old layout's height.
    expect(await admin.locator('table.board tbody tr').count()).toBe(9);
    const height = Number(await admin.evaluate('document.documentElement.scrollHeight'));
    expect(height).toBeLessThan(COMPACT_LIMIT);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'campaign-board-1280');

    // The menu is closed until opened; opened with the mouse, its actions are there.
    const menu = menuOf(admin, NOGYO);
    expect(await menu.getByRole('button', { name: /^代理で提出/ }).isVisible()).toBe(false);
    await menu.locator('summary').click();
    expect(await menu.getByRole('link', { name: /^この所属の入力/ }).getAttribute('href')).toBe(
      '/admin?department=nosei-nogyo',
    );
    expect(await axeViolations(admin)).toEqual([]);
    expect(await andBack(admin, menu.getByRole('button', { name: /^代理で提出/ }).click())).toBe(
      '提出しました。',
    );
    expect(await boardRow(admin, NOGYO).textContent()).toContain('提出済');

    // With the keyboard: focus the summary, Enter opens it, Tab reaches its controls.
    const other = menuOf(admin, BUNSHO);
    await other.locator('summary').focus();
    await admin.keyboard.press('Enter');
    expect(await other.getAttribute('open')).not.toBeNull();
    await other.getByRole('button', { name: /^代理で提出/ }).focus();
    expect(await andBack(admin, admin.keyboard.press('Enter'))).toBe('提出しました。');
    await menuOf(admin, SHOKU).locator('summary').click();
    await andBack(
      admin,
      menuOf(admin, SHOKU)
        .getByRole('button', { name: /^代理で提出/ })
        .click(),
    );

    // Two of the three submitted answers selected and approved together; the third stays submitted.
    await admin.getByLabel(`${NOGYO}の回答を選択`).check();
    await admin.getByLabel(`${BUNSHO}の回答を選択`).check();
    expect(await andBack(admin, admin.getByRole('button', { name: '選択した回答を承認' }).click())).toBe(
      '2所属の回答を承認しました。',
    );
    expect(await boardRow(admin, NOGYO).textContent()).toContain('承認済');
    expect(await boardRow(admin, BUNSHO).textContent()).toContain('承認済');
    expect(await boardRow(admin, SHOKU).textContent()).toContain('提出済');

    // Returned with a comment from the menu.
    await menuOf(admin, SHOKU).locator('summary').click();
    await admin.getByLabel(`差戻しの理由（${SHOKU}）`).fill('件数の根拠を添えてください');
    await andBack(
      admin,
      menuOf(admin, SHOKU)
        .getByRole('button', { name: /^差し戻す/ })
        .click(),
    );
    expect(await boardRow(admin, SHOKU).textContent()).toContain('差戻し: 件数の根拠を添えてください');
    expect(await axeViolations(admin)).toEqual([]);

    // On a phone's width: the same board passes axe, menu closed and open.
    const phone = await signInAdmin({ width: 390, height: 844 });
    await phone.goto(`${site.url}${BOARD}`);
    expect(await axeViolations(phone)).toEqual([]);
    await menuOf(phone, SHOKU).locator('summary').click();
    expect(await axeViolations(phone)).toEqual([]);
    await screenshot(phone, 'campaign-board-390');
  });
});
