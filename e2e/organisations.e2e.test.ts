// Two governments on one server, in Chromium as their people would use it: the list of organisations at /, a town's
// pages under its 団体コード (links staying there), and the town's admin inviting a colleague who opens the link,
// chooses a login and password and signs in — never signed in to Miyagi. Every page with zero axe-core violations.
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password-hash.ts';
import { seedBundledDataset } from '../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../src/db/connect.ts';
import { listPlans, savePlan } from '../src/db/plan-store.ts';
import { type RunningServer, serveApp } from '../src/http/server.ts';
import { createServiceApp } from '../src/http/service.tsx';
import { serveOrganisations } from '../src/http/service-setup.ts';
import { CHROMIUM_ARGS } from '../src/io/report-pdf/report-pdf.ts';
import { addAccountInUse } from '../test/support/accounts.ts';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { planFrom, seedDocument } from '../test/support/plans.ts';
import { PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, CHROMIUM, newPage, type Site, screenshot } from './browser.ts';

const TOWN = { code: '043028', name: '七ヶ宿町', plan: '七ヶ宿町デジタル推進計画' };

let handle: DatabaseHandle;
let server: RunningServer;
let site: Site;

beforeAll(async () => {
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  handle = await pglite.open();
  await seedBundledDataset(handle.db);
  const document = seedDocument();
  document.organisation = { code: TOWN.code, name: TOWN.name };
  document.plan.name = TOWN.plan;
  await savePlan(handle.db, planFrom(document), { actor: 'system:test' });
  const plans = await listPlans(handle.db);
  const town = plans.find((p) => p.organisationCode === TOWN.code);
  if (town === undefined) throw new Error('no town plan');
  const db = handle.forOrganisation(town.organisationId);
  await addAccountInUse(db, {
    login: 'town-admin',
    name: '七ヶ宿 管理者',
    role: 'admin',
    departments: [],
    passwordHash: await hashPassword(PASSWORD),
  });
  server = await serveApp(createServiceApp(await serveOrganisations(handle, plans, {})), 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  site = { url: server.url, browser, close: () => browser.close() };
}, 120_000);

afterAll(async () => {
  await site?.close();
  await server?.stop();
  await handle?.close();
});

describe('two organisations on one server', () => {
  it('lists them at / and shows the town under its code, every link staying there', {
    timeout: 120_000,
  }, async () => {
    const page = await newPage(site);
    await page.goto(`${site.url}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('団体の一覧');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'organisations-list');
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/${TOWN.code}/`),
      page.getByRole('link', { name: TOWN.name }).click(),
    ]);
    expect(await page.locator('.site-header__org').textContent()).toBe(TOWN.name);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/${TOWN.code}/kpis`),
      page.getByRole('navigation', { name: 'サイト' }).getByRole('link', { name: 'KPI一覧' }).click(),
    ]);
    expect(await page.locator('.site-header__org').textContent()).toBe(TOWN.name);
  });

  it("the town's admin invites a colleague, who makes an account and signs in to the town only", {
    timeout: 180_000,
  }, async () => {
    const admin = await newPage(site);
    await admin.goto(`${site.url}/${TOWN.code}/admin/login`);
    await admin.getByLabel('ログインID').fill('town-admin');
    await admin.getByLabel('パスワード').fill(PASSWORD);
    await Promise.all([
      admin.waitForURL((url) => url.pathname === `/${TOWN.code}/admin`),
      admin.getByRole('button', { name: 'ログイン' }).click(),
    ]);
    await Promise.all([
      admin.waitForURL((url) => url.pathname === `/${TOWN.code}/admin/users`),
      admin.getByRole('link', { name: '職員アカウント' }).click(),
    ]);
    await Promise.all([
      admin.waitForURL((url) => url.pathname === `/${TOWN.code}/admin/users/invitations`),
      admin.getByRole('link', { name: /職員を招待する/ }).click(),
    ]);
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByLabel('役割（必須）').selectOption({ label: '閲覧' });
    await admin.getByLabel('メモ（任意）').fill('総務課 高橋さん');
    await admin.getByRole('button', { name: '招待のリンクを作成する' }).click();
    const link = await admin.getByRole('textbox', { name: '招待のリンク' }).inputValue();
    expect(link).toMatch(new RegExp(`^${site.url}/${TOWN.code}/admin/invitation/[A-Za-z0-9_-]{43}$`));
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'invitation-created');
    // On a phone the table of open invitations scrolls inside its own region; the page never scrolls sideways.
    await admin.setViewportSize({ width: 390, height: 844 });
    expect(await admin.getByRole('region', { name: /まだ使われていない招待/ }).count()).toBe(1);
    expect(await admin.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await axeViolations(admin)).toEqual([]);

    const colleague = await newPage(site, { width: 390, height: 844 });
    await colleague.goto(link);
    expect(await colleague.getByRole('heading', { level: 1 }).textContent()).toBe('アカウントの作成（招待）');
    expect(await axeViolations(colleague)).toEqual([]);
    await colleague.getByLabel('ログインID（必須）').fill('takahashi01');
    await colleague.getByLabel('氏名（必須）').fill('高橋 一郎');
    await colleague.getByLabel('パスワード（必須）').fill('password');
    await colleague.getByRole('button', { name: 'アカウントを作成する' }).click();
    await expect(colleague.getByRole('alert').first().textContent()).resolves.toContain(
      'アカウントを作成できません。',
    );
    expect(await axeViolations(colleague)).toEqual([]);
    await screenshot(colleague, 'invitation-refused');
    await colleague.getByLabel('パスワード（必須）').fill('Takahashi-Soumu-2026');
    await Promise.all([
      colleague.waitForURL((url) => url.pathname === `/${TOWN.code}/admin/login`),
      colleague.getByRole('button', { name: 'アカウントを作成する' }).click(),
    ]);
    expect(await axeViolations(colleague)).toEqual([]);
    await colleague.getByLabel('ログインID').fill('takahashi01');
    await colleague.getByLabel('パスワード').fill('Takahashi-Soumu-2026');
    await Promise.all([
      colleague.waitForURL((url) => url.pathname === `/${TOWN.code}/admin`),
      colleague.getByRole('button', { name: 'ログイン' }).click(),
    ]);
    // Signed in to the town, not to Miyagi: its staff side asks for a login.
    await colleague.goto(`${site.url}/admin`);
    expect(new URL(colleague.url()).pathname).toBe('/admin/login');
  });
});
