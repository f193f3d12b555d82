// The staff side in Chromium on a seeded database: an editor signs in with the form, answers a measure (an error
// first, then a preview, then the save), finds the change in the history, and the public top page counts it.
// Another department's editor is refused the same form. Every staff page passes axe-core with zero violations.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

const MEASURE = 'ict-company-location';
const KPI_NAME = '情報通信関連企業の県内立地件数';
const ANSWER_PATH = `/admin/measures/${MEASURE}/years/2024`;

let site: StaffSite;
beforeAll(async () => {
  // PGlite is enough here: the database behaviour is covered on both backends by test/staff.
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
});
afterAll(() => site?.close());

/** The measure counts on the public top page, by status. */
async function topPageCounts(): Promise<Record<string, string>> {
  const page = await newPage(site);
  const response = await page.goto(`${site.url}/`);
  expect(response?.status()).toBe(200);
  const counts: Record<string, string> = {};
  for (const status of ['achieved', 'partially-achieved', 'not-achieved']) {
    const number = page.locator(`.status-counts__item--${status} .status-counts__number`).first();
    counts[status] = ((await number.textContent()) ?? '').trim();
  }
  await page.context().close();
  return counts;
}

/** Signs in through the login form, as a person would. */
async function logInWithForm(page: Page, login: string): Promise<void> {
  await page.getByLabel('ログインID').fill(login);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/admin'),
    page.getByRole('button', { name: 'ログイン' }).click(),
  ]);
}

/** The answer of the next form post the page sends. */
const posted = (page: Page) =>
  page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('an editor answers a measure in Chromium', () => {
  let page: Page;
  let valueField: ReturnType<Page['getByLabel']>;
  beforeAll(async () => {
    page = await newPage(site);
    valueField = page.getByLabel(`${KPI_NAME}の実績値`);
  });
  afterAll(() => page?.context().close());

  it('the public top page counts 達成 18, 一部達成 1, 未達成 8 before the change', async () => {
    expect(await topPageCounts()).toEqual({ achieved: '18', 'partially-achieved': '1', 'not-achieved': '8' });
  });

  it('signs in with the login form and lands on the list of their measures', async () => {
    const response = await page.goto(`${site.url}/admin`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-login');

    await logInWithForm(page, ACCOUNTS.editorA.login);
    expect(await page.locator('h1').textContent()).toContain('実績の入力');
    const measureName = site.harness.source.current.plan.measures.get(MEASURE)?.name ?? MEASURE;
    await expect(page.getByRole('link', { name: measureName }).count()).resolves.toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-dashboard');

    await Promise.all([
      page.waitForURL((url) => url.pathname === ANSWER_PATH),
      page.getByRole('link', { name: measureName }).click(),
    ]);
    expect(await page.locator('main p', { hasText: '現在の判定' }).textContent()).toContain('【未達成】');
    expect(await valueField.inputValue()).toBe('53');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-answer');
  });

  it('a value that is not a number is refused with an error under the field and in the summary', async () => {
    await valueField.fill('abc');
    const [response] = await Promise.all([
      posted(page),
      page.getByRole('button', { name: '保存する' }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.locator('.error-summary').waitFor();
    const fieldError = page.locator('#kpi-ict-company-locations-value-error');
    expect(await fieldError.textContent()).toMatch(/^＊/);
    expect(await valueField.getAttribute('aria-invalid')).toBe('true');
    expect(await valueField.getAttribute('aria-describedby')).toContain(
      'kpi-ict-company-locations-value-error',
    );
    const summary = page.locator('.error-summary[role="alert"]');
    expect(await summary.locator('h2').textContent()).toContain('入力内容を確認してください');
    expect(await summary.locator('a[href="#kpi-ict-company-locations-value"]').textContent()).toBe(
      await fieldError.textContent(),
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-answer-errors');
  });

  it('53 → 57: the preview says 【達成】 without saving, then the save says 保存しました and 【達成】', async () => {
    await valueField.fill('57');
    const [response] = await Promise.all([
      posted(page),
      page.getByRole('button', { name: '判定を確認する（保存しない）' }).click(),
    ]);
    expect(response.status()).toBe(200);
    const preview = page.locator('p.preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('【達成】');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.locator('main p', { hasText: '現在の判定' }).textContent()).toContain('【未達成】');

    await Promise.all([
      page.waitForURL((url) => url.pathname === ANSWER_PATH && url.searchParams.get('saved') === '1'),
      page.getByRole('button', { name: '保存する' }).click(),
    ]);
    const saved = page.locator('p.success[role="status"]');
    expect(await saved.textContent()).toContain('保存しました');
    expect(await saved.textContent()).toContain('【達成】');
    expect(await valueField.inputValue()).toBe('57');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-saved');
  });

  it('the measure history shows 53 → 57 by editor-a', async () => {
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/admin/measures/${MEASURE}/history`),
      page.getByRole('link', { name: 'この施策の変更履歴' }).click(),
    ]);
    const rows = page
      .locator('table.history-table tbody tr')
      .filter({ hasText: ACCOUNTS.editorA.login })
      .filter({ has: page.locator('td.history-old', { hasText: /^53$/ }) });
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('td.history-new').textContent()).toBe('57');
    expect(await rows.textContent()).toContain(KPI_NAME);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-history');
  });

  it('the public top page now counts 達成 19 and 未達成 7', async () => {
    expect(await topPageCounts()).toEqual({ achieved: '19', 'partially-achieved': '1', 'not-achieved': '7' });
  });

  it("another department's editor gets 403 for this measure's form", async () => {
    const other = await newPage(site);
    await other.goto(`${site.url}/admin/login`);
    await logInWithForm(other, ACCOUNTS.editorB.login);
    const response = await other.goto(`${site.url}${ANSWER_PATH}`);
    expect(response?.status()).toBe(403);
    expect(await mainText(other)).toContain('権限がありません');
    expect(await other.locator(`input[name="kpi.ict-company-locations.value"]`).count()).toBe(0);
    await screenshot(other, 'staff-forbidden');
    await other.context().close();
  });
});
