// The answer form in Chromium at a desktop window (1280×800) and a phone (390×844): every text field, hint,
// checkbox and button of the form lies fully inside the window once scrolled to (nothing is cut off, and the KPI
// table needs no sideways scrolling to reach an input); the form and its preview pass axe-core with zero violations;
// a KPI judged against another year's target says which one (rural-dx has no 令和6年度 target: 令和5年度の 6).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

const FORMS = ['/admin/measures/rural-dx/years/2024', '/admin/measures/ict-company-location/years/2024'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let site: StaffSite;
beforeAll(async () => {
  // PGlite is enough here: layout does not depend on the database.
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
});
afterAll(() => site?.close());

async function signIn(viewport: { width: number; height: number }): Promise<Page> {
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

/** The controls and hints a clerk must see, each described for the failure message. */
const formParts = (page: Page): Locator =>
  page.locator(
    'form.answer-form input[type="text"], form.answer-form input[type="checkbox"], form.answer-form textarea, ' +
      'form.answer-form .field__hint, form.answer-form button',
  );

/** Parts whose box, once scrolled into view, is not fully inside the window (and inside its scroll region). */
async function clippedParts(page: Page, viewport: { width: number; height: number }): Promise<string[]> {
  const parts = formParts(page);
  const count = await parts.count();
  expect(count).toBeGreaterThan(5);
  const clipped: string[] = [];
  for (let i = 0; i < count; i++) {
    const part = parts.nth(i);
    // Centred, so that a part only partly in view is measured where a person would see it whole.
    await part.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
    const box = await part.boundingBox();
    const region = await part.evaluate((el) => {
      const scroll = el.closest('.table-scroll');
      if (scroll === null) return null;
      const r = scroll.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    const name = await part.evaluate(
      (el) => `${el.tagName.toLowerCase()} ${el.getAttribute('name') ?? el.id ?? ''} ${el.className}`,
    );
    if (box === null || box.width === 0 || box.height === 0) {
      clipped.push(`${name}: no box`);
      continue;
    }
    const inside =
      box.x >= 0 &&
      box.y >= 0 &&
      box.x + box.width <= viewport.width &&
      box.y + box.height <= viewport.height &&
      (region === null || (box.x >= region.left && box.x + box.width <= region.right));
    if (!inside) clipped.push(`${name}: ${JSON.stringify(box)}`);
  }
  return clipped;
}

describe.each(VIEWPORTS)('the answer form at $width×$height', (viewport) => {
  let page: Page;
  beforeAll(async () => {
    page = await signIn(viewport);
  });
  afterAll(() => page?.context().close());

  it.each(FORMS)(
    '%s: every field, hint, checkbox and button is fully visible; axe finds nothing',
    async (path) => {
      const response = await page.goto(`${site.url}${path}`);
      expect(response?.status()).toBe(200);
      // Nothing wider than the window, and the KPI table needs no sideways scrolling.
      const overflow = await page.evaluate(
        `(() => {
          const table = document.querySelector('.answer-form .table-scroll');
          return {
            page: document.documentElement.scrollWidth - window.innerWidth,
            table: table === null ? null : table.scrollWidth - table.clientWidth,
          };
        })()`,
      );
      expect(overflow).toEqual({ page: 0, table: 0 });
      expect(await clippedParts(page, viewport)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `answer-layout-${viewport.name}-${path.split('/')[3]}`);
    },
  );

  it('rural-dx: the 令和6年度 target is 「—」, the form says 令和5年度目標値 6, the preview judges 7 as 【達成】 by it', async () => {
    await page.goto(`${site.url}${FORMS[0]}`);
    const row = page.locator('.answer-table tbody tr').first();
    expect(await row.locator('td').nth(1).textContent()).toBe('—令和5年度目標値 6、令和5年度実績 5 で判定');
    const field = page.locator('input[name="kpi.rural-dx-plans.value"]');
    await field.fill('7');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: '判定を確認する（保存しない）' }).click(),
    ]);
    const preview = page.locator('p.preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('【達成】');
    expect(await preview.locator('.preview__basis').allTextContents()).toEqual([
      expect.stringMatching(/: 令和5年度目標値 6 で判定$/),
    ]);
    expect(await clippedParts(page, viewport)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `answer-layout-${viewport.name}-preview`);
  });
});
