// The operator console in Chromium: the operator signs in with the one-time password from `shinchoku operator add`,
// changes it, enrols the second factor, adds a town (a refused code first), invites its first admin and hands over
// the link; the admin opens it and makes the account. Every page visited has zero axe-core violations and fits the
// window at 1280 px and at 390 px.
//
// A 「架空町」 cannot be added: the registry of 地方公共団体 admits real 団体コード only. 043010 蔵王町 (宮城県) is one no
// other test uses.
import pino from 'pino';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOperator } from '../src/app/operators.ts';
import { currentStep, totpAt } from '../src/auth/totp.ts';
import { seedBundledDataset } from '../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../src/db/connect.ts';
import { listPlans } from '../src/db/plan-store.ts';
import { createOperatorApp } from '../src/http/operator/operator-app.tsx';
import { type RunningServer, serveApp } from '../src/http/server.ts';
import { createServiceApp } from '../src/http/service.tsx';
import { serveOrganisations } from '../src/http/service-setup.ts';
import { CHROMIUM_ARGS } from '../src/io/report-pdf/report-pdf.ts';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { axeViolations, CHROMIUM, newPage, type Site, screenshot } from './browser.ts';

const ZAO = { code: '043010', name: '蔵王町' };
const OPERATOR = { login: 'unei', name: '運営 次郎', password: 'Operator-Console-Passphrase-1' };
const ADMIN = { login: 'zao-admin', name: '蔵王 花子', password: 'Zao-First-Admin-Passphrase' };

/** The page wider than the window, or a visible control outside it (a `.table-scroll` region scrolls on purpose). */
const OVERFLOW_SCRIPT = `(() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const problems = [];
  if (root.scrollWidth > width) problems.push('page ' + root.scrollWidth + ' px wide in ' + width + ' px');
  for (const el of document.querySelectorAll('input, select, textarea, button, summary')) {
    if (el.closest('.table-scroll') !== null || !el.checkVisibility()) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.left < -1 || box.right > width + 1)) problems.push((el.id || el.tagName) + ' outside');
  }
  return problems;
})()`;

let handle: DatabaseHandle;
let server: RunningServer;
let site: Site;
let oneTimePassword: string;

beforeAll(async () => {
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  handle = await pglite.open();
  await seedBundledDataset(handle.db);
  ({ oneTimePassword } = await addOperator({ db: handle.db }, OPERATOR));
  const silent = pino({ level: 'silent' });
  server = await serveApp(
    createServiceApp(await serveOrganisations(handle, await listPlans(handle.db), { logger: silent }), {
      operator: createOperatorApp({ handle, logger: silent }),
    }),
    0,
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  site = { url: server.url, browser, close: () => browser.close() };
}, 120_000);

afterAll(async () => {
  await site?.close();
  await server?.stop();
  await handle?.close();
});

/** axe 0 and nothing outside the window, at 1280 px and at 390 px. */
async function check(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await axeViolations(page), `${name} at ${width}`).toEqual([]);
    expect(await page.evaluate(OVERFLOW_SCRIPT), `${name} at ${width}`).toEqual([]);
    await screenshot(page, `operator-${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function submit(page: Page, button: string, pathname: string): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.pathname === pathname),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
}

describe('the operator console in Chromium', () => {
  it('signs in, adds 蔵王町, invites its admin, who makes the account', { timeout: 180_000 }, async () => {
    const page = await newPage(site);
    await page.goto(`${site.url}/service/`);
    expect(new URL(page.url()).pathname).toBe('/service/login');
    await check(page, 'login');
    await page.getByLabel('ログインID').fill(OPERATOR.login);
    await page.getByLabel('パスワード').fill(oneTimePassword);
    await submit(page, 'ログイン', '/service/account/password');
    await check(page, 'password');
    await page.getByLabel('現在のパスワード').fill(oneTimePassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(OPERATOR.password);
    await page.getByLabel('新しいパスワード（確認）').fill(OPERATOR.password);
    await submit(page, '変更する', '/service/account/mfa');
    await check(page, 'mfa-start');
    await page.getByRole('button', { name: '登録を始める' }).click();
    await page.locator('.secret').waitFor();
    await check(page, 'mfa-enrol');
    const secret = ((await page.locator('.secret').textContent()) ?? '').replaceAll(' ', '');
    await page.getByLabel('確認コード（6桁）').fill(totpAt(secret, currentStep(Date.now())));
    await submit(page, '確認する', '/service/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('団体の一覧');
    await check(page, 'list');

    // A code the registry does not know: refused next to the field, nothing added.
    await page.getByLabel('団体コード').fill('043011');
    await submit(page, '団体を追加', '/service/organisations');
    expect(await page.locator('#code-error').textContent()).toContain(
      '団体コード「043011」は地方公共団体コードにありません',
    );
    await check(page, 'add-refused');
    await page.getByLabel('団体コード').fill(ZAO.code);
    await submit(page, '団体を追加', '/service/');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      '蔵王町（043010）を追加しました。',
    );
    await check(page, 'added');

    await submit(page, `${ZAO.name}の管理者を招待`, `/service/organisations/${ZAO.code}/invitations`);
    const link = await page.getByRole('textbox', { name: '招待のリンク' }).inputValue();
    expect(link).toMatch(new RegExp(`^${site.url}/${ZAO.code}/admin/invitation/[A-Za-z0-9_-]{43}$`));
    await check(page, 'invitation');

    const admin = await newPage(site);
    await admin.goto(link);
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('アカウントの作成（招待）');
    await admin.getByLabel('ログインID（必須）').fill(ADMIN.login);
    await admin.getByLabel('氏名（必須）').fill(ADMIN.name);
    await admin.getByLabel('パスワード（必須）').fill(ADMIN.password);
    await submit(admin, 'アカウントを作成する', `/${ZAO.code}/admin/login`);
    await admin.getByLabel('ログインID').fill(ADMIN.login);
    await admin.getByLabel('パスワード').fill(ADMIN.password);
    await submit(admin, 'ログイン', `/${ZAO.code}/admin`);
    expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('最初の計画を作る');

    // The list counts the new account; signing out ends the console's session.
    await page.goto(`${site.url}/service/`);
    expect(await page.locator('tr', { hasText: ZAO.code }).locator('td.num').allTextContents()).toEqual([
      '0',
      '1',
    ]);
    await submit(page, 'ログアウト', '/service/login');
    await page.goto(`${site.url}/service/`);
    expect(new URL(page.url()).pathname).toBe('/service/login');
  });
});
