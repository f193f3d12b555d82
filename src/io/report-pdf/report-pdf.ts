import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Chromium could not be found or started: PDF output needs a local browser (no download, closed networks). */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  constructor(
    readonly executablePath: string,
    cause?: unknown,
  ) {
    super(
      `PDFの作成には Chromium が必要です（Debian: apt-get install chromium）。${executablePath} が見つからないか起動できません。別の場所にある場合は環境変数 SHINCHOKU_CHROMIUM で指定してください。`,
      cause === undefined ? undefined : { cause },
    );
  }
}

/** Debian's Chromium unless SHINCHOKU_CHROMIUM names another. */
export const chromiumPath = (): string => process.env.SHINCHOKU_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a sandbox without GPU and without outbound network (the browser tests use them too). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Prints the report HTML to an A4 landscape PDF with the page size and margins of its own @page rule. */
export async function renderReportPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (e) {
    throw new ChromiumMissingError(executablePath, e);
  }
  try {
    const page = await browser.newPage({ locale: 'ja-JP' });
    await page.setContent(html, { waitUntil: 'load' });
    // The report's fonts are data: URLs; wait until they are decoded before printing.
    await page.evaluate('document.fonts.ready.then(() => true)');
    const pdf = await page.pdf({
      format: 'A4',
      landscape: true,
      printBackground: true,
      preferCSSPageSize: true,
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
