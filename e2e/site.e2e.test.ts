import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPlan } from '../test/support/plans.ts';
import { axeViolations, newPage, openSite, type Site, screenshot } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite(seedPlan());
});
afterAll(() => site?.close());

describe('the public site in Chromium', () => {
  it('the top page shows the recomputed totals, has no axe violations, and is captured for review', async () => {
    const page = await newPage(site);
    await page.goto(`${site.url}/`);
    await expect(page.locator('main').textContent()).resolves.toContain('184件');
    await expect(page.locator('main').textContent()).resolves.toContain('70.5億円');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'top');
    await page.close();
  });

  it('an unknown page is a 404 page with the site shell and no axe violations', async () => {
    const page = await newPage(site);
    const response = await page.goto(`${site.url}/goals/nowhere-at-all`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('見つかりません');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
