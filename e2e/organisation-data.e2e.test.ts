// 「団体のデータ」 in Chromium: reached from 職員アカウント, the page, a refused 有効期間 with its field marked, a grant in
// force and its withdrawal — each with zero axe-core violations and nothing outside the window at 1280 px and 390 px,
// without any client script — and the download of the whole data as a zip named after the 団体コード and the day.
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

/** How far the page is wider than the window (a string: the test's types have no DOM). */
const OVERFLOW_SCRIPT = 'document.documentElement.scrollWidth - window.innerWidth';

/** No axe violation and nothing wider than the window, at each width. */
async function checkWidths(page: Page, label: string): Promise<void> {
  for (const { name, width, height } of WIDTHS) {
    await page.setViewportSize({ width, height });
    expect(await axeViolations(page), `${label} at ${width} px`).toEqual([]);
    const overflow = (await page.evaluate(OVERFLOW_SCRIPT)) as number;
    expect(overflow, `${label} at ${width} px`).toBeLessThanOrEqual(0);
    await screenshot(page, `${label}-${name}`);
  }
  await page.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
}

const statusText = (page: Page) => page.locator('main strong').first().textContent();

describe('団体のデータ at 1280 px and 390 px', () => {
  it('page, refused 有効期間, grant, download and withdrawal: axe 0', { timeout: 180_000 }, async () => {
    const page = await newPage(site, { width: 1280, height: 900 });
    await page.goto(`${site.url}/admin/login`);
    await page.getByLabel('ログインID').fill(ACCOUNTS.admin.login);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin'),
      page.getByRole('button', { name: 'ログイン' }).click(),
    ]);
    await page.getByRole('link', { name: '職員アカウント' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin/organisation'),
      page.getByRole('link', { name: /団体のデータ/ }).click(),
    ]);
    await expect(statusText(page)).resolves.toBe('現在: 許可なし');
    await checkWidths(page, 'organisation-data');

    await page.getByLabel('有効期間（日）').fill('31');
    await page.getByRole('button', { name: '許可する' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      '運営者への閲覧許可を出せません。',
    );
    expect(await page.getByLabel('有効期間（日）').getAttribute('aria-invalid')).toBe('true');
    await expect(page.locator('#f-days-error').textContent()).resolves.toBe(
      '＊有効期間は1〜30日の整数（半角数字）で指定してください。',
    );
    await checkWidths(page, 'organisation-data-refused');

    await page.getByLabel('有効期間（日）').fill('7');
    await page.getByLabel('理由（任意）').fill('データ移行の支援のため');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('done') === 'granted'),
      page.getByRole('button', { name: '許可する' }).click(),
    ]);
    // The harness's clock: 2026-06-01 00:00 UTC, 09:00 in Japan; seven days later.
    await expect(statusText(page)).resolves.toBe('現在: 6月8日9時まで許可（データ移行の支援のため）');
    await checkWidths(page, 'organisation-data-granted');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'データ一式をダウンロード' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('shinchoku-040002-20260601.zip');

    await page.goto(`${site.url}/admin/organisation`);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('done') === 'withdrawn'),
      page.getByRole('button', { name: '許可を取り消す' }).click(),
    ]);
    await expect(statusText(page)).resolves.toBe('現在: 許可なし');
    expect(await page.locator('main table').textContent()).toContain('データ一式の書き出し');
    await checkWidths(page, 'organisation-data-withdrawn');
    await page.context().close();
  });
});
