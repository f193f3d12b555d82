import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../src/io/zip/zip-read.ts';
import { seedPlan } from '../test/support/plans.ts';
import { axeViolations, newPage, openSite, type Site, screenshot } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite(seedPlan());
});
afterAll(() => site?.close());

/** One page of each type, with a figure it must show. */
const PAGES = [
  { name: 'top', path: '/', shows: ['184件', '70.5億円', '+8.2億円'] },
  { name: 'goal', path: '/goals/citizen', shows: ['デジタル身分証アプリ登録者数', '502%'] },
  { name: 'sub-area', path: '/goals/prefecture-security', shows: ['情報セキュリティ監査の実施'] },
  { name: 'measure', path: '/measures/ai-iot-industry', shows: ['一部達成', '76%'] },
  { name: 'kpis', path: '/kpis', shows: ['オープンデータみやぎ公開数'] },
  { name: 'checks', path: '/checks', shows: ['29.0億円'] },
  { name: 'data', path: '/data', shows: ['Shift_JIS'] },
  { name: 'api', path: '/api', shows: ['/api/v1/summary'] },
  { name: 'not-found', path: '/measures/no-such-measure', shows: ['見つかりません'], status: 404 },
] as const;

describe('every page type in Chromium', () => {
  it.each(PAGES)('$name ($path) loads with its figures and has zero axe violations', async (p) => {
    const page = await newPage(site);
    const response = await page.goto(site.url + p.path);
    expect(response?.status()).toBe('status' in p ? p.status : 200);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const figure of p.shows) expect(text).toContain(figure);
    expect(await axeViolations(page)).toEqual([]);
    if (p.name === 'top' || p.name === 'measure') await screenshot(page, p.name);
    await page.context().close();
  });

  it.each(['/', '/measures/paperless-meetings', '/kpis'])(
    '%s fits a 320 px wide screen: wide tables scroll, the page does not',
    async (path) => {
      const page = await newPage(site, { width: 320, height: 800 });
      await page.goto(site.url + path);
      const overflow = await page.evaluate(
        // Runs in the page: the DOM is reached through globalThis (the test itself has no DOM types).
        () => {
          const root = (
            globalThis as unknown as {
              document: { documentElement: { scrollWidth: number; clientWidth: number } };
            }
          ).document.documentElement;
          return root.scrollWidth - root.clientWidth;
        },
      );
      expect(overflow).toBeLessThanOrEqual(0);
      if (path === '/') await screenshot(page, 'top-320px');
      await page.context().close();
    },
  );
});

describe('behaviour', () => {
  it('the KPI list filters by status with the form (no JavaScript needed), and the URL can be shared', async () => {
    const page = await newPage(site);
    await page.goto(`${site.url}/kpis`);
    const all = await page.locator('main table tbody tr').count();
    await page.locator('select[name="status"]').selectOption('not_achieved');
    await Promise.all([
      page.waitForURL(/status=not_achieved/),
      page.locator('main form button[type="submit"], main form input[type="submit"]').first().click(),
    ]);
    const filtered = await page.locator('main table tbody tr').count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    const shared = await newPage(site);
    await shared.goto(page.url());
    expect(await shared.locator('main table tbody tr').count()).toBe(filtered);
    await page.context().close();
    await shared.context().close();
  });

  it('the year selector switches the fiscal year', async () => {
    const page = await newPage(site);
    await page.goto(`${site.url}/`);
    await page.locator('select[name="fy"]').first().selectOption('2023');
    await Promise.all([
      page.waitForURL(/fy=2023/),
      page
        .locator('form:has(select[name="fy"]) button, form:has(select[name="fy"]) input[type="submit"]')
        .first()
        .click(),
    ]);
    expect(await page.locator('main').textContent()).toContain('176件');
    await page.context().close();
  });

  it('a Shift_JIS CSV download arrives with a Japanese file name and Shift_JIS bytes', async () => {
    const page = await newPage(site);
    await page.goto(`${site.url}/data`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[href*="sjis"]').first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    expect(download.suggestedFilename()).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    const bytes = await readFile((await download.path()) ?? '');
    const entries = await readZip(bytes, download.suggestedFilename(), 'zip');
    if (!entries.ok) throw new Error(JSON.stringify(entries.error));
    const values = entries.value.find((e) => e.name === 'KPI値.csv')?.data ?? Buffer.alloc(0);
    // Shift_JIS: not valid UTF-8, and decodes strictly as Shift_JIS to the Japanese header.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(values)).toThrow();
    expect(new TextDecoder('shift_jis', { fatal: true }).decode(values)).toMatch(/^KPI ID,区分,年度/);
    await page.context().close();
  });
});
