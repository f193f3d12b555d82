import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Plan } from '../src/domain/plan/model.ts';
import { serveApp, startServer } from '../src/http/server.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../src/io/report-pdf/report-pdf.ts';
import type { DatabaseTarget } from '../test/support/databases.ts';
import { openStaffApp, type StaffHarness } from '../test/support/staff-app.ts';

/** Debian's Chromium (installed by scripts/test.sh when missing): tests never download a browser. */
export const CHROMIUM = chromiumPath();

/** Screenshots for review go here (ignored by git). */
export const OUTPUT_DIR = join(process.cwd(), 'test-output', 'e2e');

export interface Site {
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Starts the app on a free port with the plan and launches Chromium. */
export async function openSite(plan: Plan): Promise<Site> {
  const server = await startServer(plan, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

export interface StaffSite extends Site {
  /** The seeded database, accounts and app behind the server (test/support/staff-app.ts). */
  readonly harness: StaffHarness;
}

/** Starts the staff harness app (seeded database, known accounts) on a free port and launches Chromium. */
export async function openStaffSite(target: DatabaseTarget): Promise<StaffSite> {
  const harness = await openStaffApp(target);
  const server = await serveApp(harness.app, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    url: server.url,
    browser,
    harness,
    close: async () => {
      await browser.close();
      await server.stop();
      await harness.close();
    },
  };
}

/** A page in a context of its own (axe-core needs one), Japanese locale, desktop width unless given. */
export async function newPage(site: Site, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await site.browser.newContext({ locale: 'ja-JP', viewport });
  return context.newPage();
}

/** The WCAG 2.2 AA rule sets the site must pass with zero violations. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core on the page and returns the violations as short lines (empty = none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
}

/**
 * Saves a full-page screenshot under test-output/e2e for review when SHINCHOKU_SCREENSHOTS=1 (encoding a PNG of
 * every page of every width is a large part of a browser test's time, and a plain test run has nobody to look at
 * them). Returns the file's path, or undefined when none was saved.
 */
export async function screenshot(page: Page, name: string): Promise<string | undefined> {
  if (process.env.SHINCHOKU_SCREENSHOTS !== '1') return undefined;
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
