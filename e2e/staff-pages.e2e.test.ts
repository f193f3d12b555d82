// Every type of staff page in Chromium, each checked at a desktop window (1280 px) and then, resized, at a phone
// (390 px): signed out, the own account, the staff home, the answer form with its preview, errors and conflict,
// history, the plan editor, the campaign (list, board with a row's 「操作」 open, reminders, 調査票 and its upload
// preview, publish confirmation), 職員アカウント, and the error pages inside the staff shell. On each: axe-core
// (WCAG 2.2 AA) finds nothing, the page does not scroll sideways, and every visible control lies inside the window (or
// inside a table's own scroll region and no wider than it). The problems of all pages are reported together (with
// SHINCHOKU_SCREENSHOTS=1, each page is also saved as a screenshot at each width).
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentStep, totpAt } from '../src/auth/totp.ts';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

/** The page is opened at the first and checked at each, in this order (the flow runs once, not once per width). */
const WIDTHS = [
  { name: '1280', width: 1280, height: 900 },
  { name: '390', width: 390, height: 844 },
] as const;
const [DESKTOP] = WIDTHS;

const FY = 2024;
const BOARD = `/admin/cycles/${FY}`;
const MEASURE = 'ict-company-location';
const KPI_NAME = '情報通信関連企業の県内立地件数';
const ANSWER_PATH = `/admin/measures/${MEASURE}/years/${FY}`;
/** editor-a's department, which answers ict-company-location. */
const DEPARTMENT = 'kikaku-sangyo-digital';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * What does not fit the window: the page wider than the window, or a visible control (input, select, textarea,
 * button, summary) outside it — unless it sits in a `.table-scroll` region (scrolled on purpose) and is no wider than
 * that region, so scrolling the region shows all of it. Run in the page: plain JavaScript, as the project's
 * TypeScript has no DOM types.
 */
const OVERFLOW_SCRIPT = `(() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const problems = [];
  if (root.scrollWidth > width) problems.push('page ' + root.scrollWidth + ' px wide in a ' + width + ' px window');
  const name = (el) => {
    const text = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '';
    return el.tagName.toLowerCase() + (el.id === '' ? '' : '#' + el.id) + ' 「' + text.trim().slice(0, 30) + '」';
  };
  for (const el of document.querySelectorAll('input, select, textarea, button, summary')) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const region = el.closest('.table-scroll');
    if (region !== null) {
      if (box.width > region.clientWidth + 1) {
        problems.push(name(el) + ' ' + Math.round(box.width) + ' px wide in a ' + region.clientWidth + ' px region');
      }
      continue;
    }
    if (box.left < -1 || box.right > width + 1) {
      problems.push(name(el) + ' at ' + Math.round(box.left) + '–' + Math.round(box.right) + ' px of ' + width);
    }
  }
  return problems;
})()`;

function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(OVERFLOW_SCRIPT) as Promise<string[]>;
}

/** The board's scroll region must not need sideways scrolling on a phone: its rows are cards there. */
const BOARD_SCROLL_SCRIPT = `(() => {
  const region = document.querySelector('.table-scroll:has(table.board)');
  if (region === null) return ['no board'];
  return region.scrollWidth > region.clientWidth + 1
    ? ['the board scrolls sideways: ' + region.scrollWidth + ' px in ' + region.clientWidth + ' px']
    : [];
})()`;

/** The 調査票 with a KPI's 実績 changed, found by the KPI's name and the input column's header (as campaign.e2e does). */
async function changedWorkbook(buffer: Buffer, kpiName: string, value: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('調査票');
  if (sheet === undefined) throw new Error('no 調査票 sheet');
  let column = 0;
  sheet.getRow(7).eachCell((cell, n) => {
    if (String(cell.value ?? '').endsWith('実績（入力）')) column = n;
  });
  let row = 0;
  sheet.eachRow((r, n) => {
    if (String(r.getCell(2).value ?? '') === kpiName) row = n;
  });
  if (row === 0 || column === 0) throw new Error(`no input cell for ${kpiName}`);
  sheet.getCell(row, column).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const posted = (page: Page) =>
  page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');

describe('every staff page type at 1280 px and 390 px', () => {
  const viewport = { width: DESKTOP.width, height: DESKTOP.height };
  let site: StaffSite;
  const problems: string[] = [];
  const seen: string[] = [];

  beforeAll(async () => {
    const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
    if (pglite === undefined) throw new Error('no PGlite target');
    site = await openStaffSite(pglite);
  });
  afterAll(async () => {
    await site?.close();
  });

  /**
   * Checks the page as it is now at every width (resizing the window, as a phone would show the same page), records
   * its problems under its name and width, and saves a screenshot of each.
   */
  async function check(page: Page, name: string, expectedStatus?: number, status?: number): Promise<void> {
    seen.push(name);
    if (expectedStatus !== undefined && status !== expectedStatus) {
      problems.push(`${name}: status ${status}, expected ${expectedStatus}`);
    }
    for (const { name: width, ...size } of WIDTHS) {
      await page.setViewportSize(size);
      for (const line of await axeViolations(page)) problems.push(`${name} (${width}): axe ${line}`);
      for (const line of await overflowProblems(page)) problems.push(`${name} (${width}): ${line}`);
      if (name === 'board-menu' && size.width < 700) {
        for (const line of (await page.evaluate(BOARD_SCROLL_SCRIPT)) as string[]) {
          problems.push(`${name} (${width}): ${line}`);
        }
      }
      await screenshot(page, `staff-pages-${name}-${width}`);
    }
    await page.setViewportSize(viewport);
  }

  async function signIn(login: string): Promise<Page> {
    const page = await newPage(site, viewport);
    await page.goto(`${site.url}/admin/login`);
    await page.getByLabel('ログインID').fill(login);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'ログイン' }).click()]);
    return page;
  }

  const go = async (page: Page, path: string) => (await page.goto(`${site.url}${path}`))?.status();

  it('signed out: the login page, and the same with its error message', async () => {
    const page = await newPage(site, viewport);
    await check(page, 'login', 200, await go(page, '/admin/login'));
    await page.getByLabel('ログインID').fill(ACCOUNTS.editorA.login);
    await page.getByLabel('パスワード').fill('not the password');
    const [response] = await Promise.all([
      posted(page),
      page.getByRole('button', { name: 'ログイン' }).click(),
    ]);
    await page.locator('#login-error').waitFor();
    await check(page, 'login-error', 401, response.status());
    await page.context().close();
  });

  it('own account: password change (with the sessions form), second-factor enrolment, second-factor login', {
    timeout: 180_000,
  }, async () => {
    const page = await signIn(ACCOUNTS.editorA.login);
    await check(page, 'account-password', 200, await go(page, '/admin/account/password'));
    expect(await page.getByRole('button', { name: 'すべての端末からログアウト' }).count()).toBe(1);
    await check(page, 'account-mfa-start', 200, await go(page, '/admin/account/mfa'));
    await Promise.all([posted(page), page.getByRole('button', { name: '登録を始める' }).click()]);
    await page.locator('.secret').waitFor();
    await check(page, 'account-mfa-enrol', 200, 200);
    await page.context().close();

    // viewer1 has a second factor: after the password, the code is asked for.
    await site.harness.handle.db
      .updateTable('users')
      .set({ totp_secret: TOTP_SECRET })
      .where('login', '=', ACCOUNTS.viewer.login)
      .execute();
    const viewer = await signIn(ACCOUNTS.viewer.login);
    expect(new URL(viewer.url()).pathname).toBe('/admin/login/mfa');
    await check(viewer, 'login-mfa', 200, 200);
    await viewer.getByLabel('確認コード（6桁）').fill('000000');
    const [refused] = await Promise.all([
      posted(viewer),
      viewer.getByRole('button', { name: '確認する' }).click(),
    ]);
    await check(viewer, 'login-mfa-error', 400, refused.status());
    const code = totpAt(TOTP_SECRET, currentStep(site.harness.clock.now.getTime()));
    await viewer.getByLabel('確認コード（6桁）').fill(code);
    await Promise.all([viewer.waitForNavigation(), viewer.getByRole('button', { name: '確認する' }).click()]);
    expect(new URL(viewer.url()).pathname).toBe('/admin');
    await check(viewer, 'home-viewer', 200, 200);
    await viewer.context().close();
  });

  it('staff home for an editor and an admin, one department, and an unknown one (400)', async () => {
    const editor = await signIn(ACCOUNTS.editorA.login);
    await check(editor, 'home-editor', 200, await go(editor, '/admin'));
    // 403 inside the staff shell: an editor on the whole history.
    await check(editor, 'error-403', 403, await go(editor, '/admin/history'));
    await editor.context().close();

    const admin = await signIn(ACCOUNTS.admin.login);
    await check(admin, 'home-admin', 200, await go(admin, '/admin'));
    await check(admin, 'home-department', 200, await go(admin, `/admin?department=${DEPARTMENT}`));
    await check(admin, 'error-400', 400, await go(admin, '/admin?department=nope'));
    await check(admin, 'error-404', 404, await go(admin, '/admin/measures/no-such-measure/years/2024'));
    await admin.context().close();
  });

  it('the answer form, its preview, a refused value, the conflict page, the measure history', {
    timeout: 180_000,
  }, async () => {
    const first = await signIn(ACCOUNTS.editorA.login);
    const second = await first.context().newPage();
    await check(first, 'answer', 200, await go(first, ANSWER_PATH));
    await go(second, ANSWER_PATH);

    const value = first.getByLabel(`${KPI_NAME}の実績値`);
    await value.fill('57');
    const [preview] = await Promise.all([
      posted(first),
      first.getByRole('button', { name: '判定を確認する（保存しない）' }).click(),
    ]);
    await first.locator('p.preview').waitFor();
    await check(first, 'answer-preview', 200, preview.status());

    await value.fill('abc');
    const [refused] = await Promise.all([
      posted(first),
      first.getByRole('button', { name: '保存する' }).click(),
    ]);
    await first.locator('.error-summary').waitFor();
    await check(first, 'answer-errors', 400, refused.status());

    await value.fill('57');
    await Promise.all([
      first.waitForURL((url) => url.searchParams.get('saved') === '1'),
      first.getByRole('button', { name: '保存する' }).click(),
    ]);
    await check(first, 'answer-saved', 200, 200);

    // The second page still holds the version read before the save.
    await second.getByLabel(`${KPI_NAME}の実績値`).fill('58');
    const [conflict] = await Promise.all([
      posted(second),
      second.getByRole('button', { name: '保存する' }).click(),
    ]);
    await second.locator('.conflict-table').waitFor();
    await check(second, 'answer-conflict', 409, conflict.status());

    await check(first, 'measure-history', 200, await go(first, `/admin/measures/${MEASURE}/history`));
    await first.context().close();
  });

  it('history with a filter, the plan editor, a table and a row form', async () => {
    const admin = await signIn(ACCOUNTS.admin.login);
    await check(admin, 'history', 200, await go(admin, '/admin/history'));
    const filter = admin.getByRole('form', { name: '変更履歴の絞り込み' });
    await filter.locator('select#table').selectOption({ index: 1 });
    await Promise.all([admin.waitForNavigation(), filter.getByRole('button').first().click()]);
    await check(admin, 'history-filtered', 200, 200);
    await check(admin, 'plan', 200, await go(admin, '/admin/plan'));
    await check(admin, 'plan-kpis', 200, await go(admin, '/admin/plan/kpis'));
    await Promise.all([
      admin.waitForURL((url) => url.pathname === '/admin/plan/kpis/row'),
      admin.getByRole('link', { name: /^編集/ }).first().click(),
    ]);
    await check(admin, 'plan-row', 200, 200);
    await admin.context().close();
  });

  it('building the plan: an ordered table with its add form, a move, a refused add, both delete pages', {
    timeout: 180_000,
  }, async () => {
    const admin = await signIn(ACCOUNTS.admin.login);
    await check(admin, 'plan-measures', 200, await go(admin, '/admin/plan/measures'));
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.get('moved') === '1'),
      admin.getByRole('button', { name: /^下へ/ }).first().click(),
    ]);
    await check(admin, 'plan-moved', 200, 200);
    await go(admin, '/admin/plan/departments');
    const [refused] = await Promise.all([
      posted(admin),
      admin.getByRole('button', { name: '行を追加する' }).click(),
    ]);
    await admin.locator('.field-error').first().waitFor();
    await check(admin, 'plan-add-error', 400, refused.status());
    const key = (row: object) => encodeURIComponent(JSON.stringify(row));
    const kpi = key({ id: 'open-data-datasets' });
    await check(admin, 'plan-delete-refused', 200, await go(admin, `/admin/plan/kpis/delete?key=${kpi}`));
    const guideline = key({ goal: 'citizen', section: 0, position: 0 });
    await check(admin, 'plan-delete', 200, await go(admin, `/admin/plan/guidelines/delete?key=${guideline}`));
    await admin.context().close();
  });

  it('campaign: list, board, a row’s 「操作」 open, reminders, 調査票 and its preview, publish confirmation', {
    timeout: 240_000,
  }, async () => {
    const admin = await signIn(ACCOUNTS.admin.login);
    await check(admin, 'cycles-empty', 200, await go(admin, '/admin/cycles'));
    await admin.getByLabel('年度').fill(String(FY));
    await Promise.all([
      admin.waitForURL((url) => url.pathname === BOARD),
      admin.getByRole('button', { name: '照会を作る（準備中）' }).click(),
    ]);
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.has('done')),
      admin.getByRole('button', { name: '照会を始める（照会中にする）' }).click(),
    ]);
    await check(admin, 'cycles', 200, await go(admin, '/admin/cycles'));
    await check(admin, 'board', 200, await go(admin, BOARD));
    const menu = admin.locator(`tr[data-department="${DEPARTMENT}"] details.row-menu`);
    await menu.locator('summary').click();
    await admin.locator('.board__missing summary').first().click();
    await check(admin, 'board-menu', 200, 200);

    await check(admin, 'reminders', 200, await go(admin, `${BOARD}/reminders`));
    await check(admin, 'survey', 200, await go(admin, `${BOARD}/surveys/${DEPARTMENT}`));
    const workbook = await admin.request.get(`${site.url}${BOARD}/surveys/${DEPARTMENT}/workbook`);
    expect(workbook.status()).toBe(200);
    await admin.getByLabel('入力した調査票（.xlsx）').setInputFiles({
      name: '調査票.xlsx',
      mimeType: XLSX,
      buffer: await changedWorkbook(await workbook.body(), KPI_NAME, 61),
    });
    const [upload] = await Promise.all([
      posted(admin),
      admin.getByRole('button', { name: '内容を確認する（まだ保存しません）' }).click(),
    ]);
    await admin.locator('h1').waitFor();
    expect(await admin.locator('main').textContent()).toContain(KPI_NAME);
    await check(admin, 'survey-preview', 200, upload.status());

    await go(admin, BOARD);
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.has('done')),
      admin.getByRole('button', { name: '照会を締め切る（確認中にする）' }).click(),
    ]);
    await check(admin, 'board-reviewing', 200, 200);
    await check(admin, 'publish', 200, await go(admin, `${BOARD}/publish`));
    await admin.context().close();
  });

  it('職員アカウント: list, an account, the create form, the one-time password, a login already taken (409)', {
    timeout: 180_000,
  }, async () => {
    const admin = await signIn(ACCOUNTS.admin.login);
    await check(admin, 'users', 200, await go(admin, '/admin/users'));
    await Promise.all([
      admin.waitForURL((url) => /^\/admin\/users\/\d+$/.test(url.pathname)),
      admin
        .getByRole('link', { name: /editor-b/ })
        .first()
        .click(),
    ]);
    await check(admin, 'user', 200, 200);

    await check(admin, 'user-new', 200, await go(admin, '/admin/users/new'));
    await admin.getByLabel('ログインID（必須）').fill('new-account');
    await admin.getByLabel('氏名（必須）').fill('農政 花子');
    await admin.getByLabel('役割（必須）').selectOption({ label: '閲覧' });
    const [created] = await Promise.all([
      posted(admin),
      admin.getByRole('button', { name: '作成する' }).click(),
    ]);
    await admin.locator('p.secret').waitFor();
    await check(admin, 'user-created', 200, created.status());

    // A login that is taken: the form is refused with 409 and says so.
    await go(admin, '/admin/users/new');
    await admin.getByLabel('ログインID（必須）').fill(ACCOUNTS.editorB.login);
    await admin.getByLabel('氏名（必須）').fill('農政 花子');
    await admin.getByLabel('役割（必須）').selectOption({ label: '閲覧' });
    const [own] = await Promise.all([posted(admin), admin.getByRole('button', { name: '作成する' }).click()]);
    await admin.getByRole('alert').first().waitFor();
    await check(admin, 'error-409', 409, own.status());
    await admin.context().close();
  });

  it('no page has an axe violation or anything outside the window', () => {
    expect(seen.length).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});
