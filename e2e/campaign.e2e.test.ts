// A yearly collection campaign in Chromium, the story of test/staff/campaign.test.ts with a person's hands: the
// admin opens 令和6年度 with a due date already past, one department answers on the form, is returned with a
// comment, corrects and is approved; another answers with its 調査票 (download, fill, upload — a refusal naming the
// cell first — preview, confirm); a third is late (期限超過, on the reminders page) and is completed by the admin.
// Publication shows 第1版 to the public; a correction makes 第2版 with its reason and the figures it changed.
// Every page a person works on here passes axe-core with zero violations.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringDepartments, missingItems } from '../src/domain/campaign/campaign.ts';
import { departmentLabel, type Plan } from '../src/domain/plan/model.ts';
import { DATABASE_TARGETS } from '../test/support/databases.ts';
import { ACCOUNTS, PASSWORD } from '../test/support/staff-app.ts';
import { axeViolations, newPage, openStaffSite, type StaffSite, screenshot } from './browser.ts';

const FY = 2024;
const BOARD = `/admin/cycles/${FY}`;
const A = ACCOUNTS.editorA.departments[0];
const B = ACCOUNTS.editorB.departments[0];
/** The late department: it owns measures (telework, paperless-meetings) and nobody answers for it. */
const LATE = 'somu-gyosei-keiei';
const ICT = { measure: 'ict-company-location', kpi: '情報通信関連企業の県内立地件数' };
const OPEN_DATA = { measure: 'open-data-miyagi', kpi: 'オープンデータみやぎ公開数' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let site: StaffSite;
// Without an SMTP server the reminders page offers the texts only (test/staff/reminders.test.ts sends them).
const smtpUrl = process.env.SMTP_URL;
beforeAll(async () => {
  delete process.env.SMTP_URL;
  // PGlite is enough here: the campaign's database behaviour is covered on both backends by test/staff.
  const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
  if (pglite === undefined) throw new Error('no PGlite target');
  site = await openStaffSite(pglite);
});
afterAll(async () => {
  if (smtpUrl !== undefined) process.env.SMTP_URL = smtpUrl;
  await site?.close();
});

const plan = async (): Promise<Plan> => (await site.harness.source.fresh()).plan;

const nameOf = async (department: string): Promise<string> => {
  const d = (await plan()).departments.get(department);
  if (d === undefined) throw new Error(`no department ${department}`);
  return departmentLabel(d);
};

/** Signs in through the login form in a context of its own. */
async function signIn(login: string): Promise<Page> {
  const page = await newPage(site);
  await page.goto(`${site.url}/admin/login`);
  await page.getByLabel('ログインID').fill(login);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/admin'),
    page.getByRole('button', { name: 'ログイン' }).click(),
  ]);
  return page;
}

/** Opens `path` afresh, clicks, and waits for the redirect that carries `param` (so an old one never matches). */
async function act(
  page: Page,
  path: string,
  control: (page: Page) => Locator,
  param = 'done',
): Promise<void> {
  await page.goto(`${site.url}${path}`);
  await Promise.all([page.waitForURL((url) => url.searchParams.has(param)), control(page).click()]);
}

/** The document answer to the next form post (for forms that answer without a redirect). */
const posted = (page: Page) =>
  page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');

const answerPath = (measure: string) => `/admin/measures/${measure}/years/${FY}`;

/** Saves values (by the KPI's name) and optionally an analysis through the answer form. */
async function saveAnswer(page: Page, measure: string, values: Record<string, string>, analysis?: string) {
  await page.goto(`${site.url}${answerPath(measure)}`);
  for (const [kpi, value] of Object.entries(values)) await page.getByLabel(`${kpi}の実績値`).fill(value);
  if (analysis !== undefined) await page.locator('textarea#analysis').fill(analysis);
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get('saved') === '1'),
    page.getByRole('button', { name: '保存する', exact: true }).click(),
  ]);
}

/** Fills, through the answer forms, whatever the department's answer still lacks ('—' and a short analysis). */
async function fillMissing(page: Page, department: string): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    const current = await plan();
    const missing = missingItems(current, department, FY);
    if (missing.length === 0) return;
    for (const measure of new Set(missing.map((m) => m.measureId))) {
      const kpis = missing.filter((m) => m.measureId === measure && m.kpiId !== undefined);
      const values = Object.fromEntries(kpis.map((m) => [current.kpis.get(m.kpiId ?? '')?.name ?? '', '—']));
      // A KPI without a value leaves the measure not achieved, which asks for an analysis.
      await saveAnswer(page, measure, values, '事業の実施状況を確認中。');
    }
  }
  expect(missingItems(await plan(), department, FY)).toEqual([]);
}

/** Submits the editor's answer with the dashboard's button. */
async function submitFromDashboard(page: Page): Promise<void> {
  await act(page, '/admin', (p) => p.getByRole('button', { name: '回答を提出する' }));
  expect(await page.locator('p.success[role="status"]').textContent()).toContain('提出しました');
}

/** The board's row of a department. */
const boardRow = (page: Page, name: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

/** Opens the row's 「操作」 menu (a disclosure: the summary is clicked like a button). */
const openMenu = (page: Page, name: string) =>
  boardRow(page, name).locator('summary', { hasText: '操作' }).click();

async function approve(page: Page, department: string): Promise<void> {
  const name = await nameOf(department);
  await page.goto(`${site.url}${BOARD}`);
  await openMenu(page, name);
  await Promise.all([
    page.waitForURL((url) => url.searchParams.has('done')),
    boardRow(page, name).getByRole('button', { name: /^承認/ }).click(),
  ]);
  expect(await boardRow(page, name).textContent()).toContain('承認済');
}

/** Edits the 調査票 like a person: finds the KPI's row by its name and fills the input columns by their headers. */
async function fillWorkbook(buffer: Buffer, kpiName: string, value: ExcelJS.CellValue): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('調査票');
  if (sheet === undefined) throw new Error('no 調査票 sheet');
  const columns = new Map<string, number>();
  sheet.getRow(7).eachCell((cell, n) => columns.set(String(cell.value ?? ''), n));
  const column = (suffix: string) => [...columns].find(([header]) => header.endsWith(suffix))?.[1] ?? 0;
  let row = 0;
  sheet.eachRow((r, n) => {
    if (String(r.getCell(2).value ?? '') === kpiName) row = n;
  });
  if (row === 0 || column('実績（入力）') === 0) throw new Error(`no input cell for ${kpiName}`);
  sheet.getCell(row, column('実績（入力）')).value = value;
  sheet.getCell(row, column('見込み／確定（入力）')).value = '確定';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Chooses the workbook in the file input and asks for the preview; returns the status of the answer. */
async function uploadWorkbook(page: Page, buffer: Buffer): Promise<number> {
  await page
    .getByLabel('入力した調査票（.xlsx）')
    .setInputFiles({ name: '調査票.xlsx', mimeType: XLSX, buffer });
  const [response] = await Promise.all([
    posted(page),
    page.getByRole('button', { name: '内容を確認する（まだ保存しません）' }).click(),
  ]);
  await page.locator('h1').waitFor();
  return response.status();
}

/** The staff session's CSRF token, from the hidden field of any staff page. */
const csrfOf = async (page: Page) =>
  (await page.locator('input[name="_csrf"]').first().getAttribute('value')) ?? '';

/** The admin completes a department through the JSON API with the browser's session, like campaign.test.ts. */
async function complete(page: Page, department: string): Promise<void> {
  const csrf = await csrfOf(page);
  const put = async (path: string, data: unknown) => {
    const current = await page.request.get(`${site.url}${path}`);
    const response = await page.request.put(`${site.url}${path}`, {
      data,
      headers: { 'if-match': current.headers().etag ?? '', 'x-csrf-token': csrf },
    });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  };
  for (const item of missingItems(await plan(), department, FY)) {
    if (item.kpiId !== undefined) {
      await put(`/api/v1/admin/kpis/${item.kpiId}/actuals/${FY}`, {
        value: '—',
        provisional: false,
        note: null,
      });
    } else {
      await put(`/api/v1/admin/measures/${item.measureId}/analyses/${FY}`, { text: '事業の状況を確認中。' });
    }
  }
  expect(missingItems(await plan(), department, FY)).toEqual([]);
  const submitted = await page.request.post(`${site.url}${BOARD}/answers/${department}/submit`, {
    form: { _csrf: csrf },
    headers: { origin: site.url },
    maxRedirects: 0,
  });
  expect(submitted.status()).toBe(303);
}

/** The public top page in a fresh context (no staff cookie): the 第n版 notice and the counts by status. */
async function publicTop(name: string): Promise<{ page: Page; notice: string; counts: string[] }> {
  const page = await newPage(site);
  const response = await page.goto(`${site.url}/`);
  expect(response?.status()).toBe(200);
  const counts = await page.locator('.status-counts__number').allTextContents();
  const notices = await page.locator('.publication-notice').allTextContents();
  const notice = notices.join('');
  await screenshot(page, name);
  return { page, notice, counts };
}

describe('a whole campaign in Chromium', () => {
  it('runs from opening to a corrected 第2版', { timeout: 240_000 }, async () => {
    const before = await publicTop('campaign-public-before');
    expect(before.notice).toBe('');
    await before.page.context().close();

    // The admin opens 令和6年度 with a due date already past (the clock says 2026-06-01) and starts collecting.
    const admin = await signIn(ACCOUNTS.admin.login);
    await admin.goto(`${site.url}/admin/cycles`);
    expect(await admin.locator('main').textContent()).toContain('照会はまだありません');
    await admin.getByLabel('年度').fill(String(FY));
    await admin.getByLabel('提出期限').fill('2026-05-31');
    await Promise.all([
      admin.waitForURL((url) => url.pathname === BOARD),
      admin.getByRole('button', { name: '照会を作る（準備中）' }).click(),
    ]);
    expect(await admin.locator('h1').textContent()).toBe('令和6年度の照会');
    await act(admin, BOARD, (p) => p.getByRole('button', { name: '照会を始める（照会中にする）' }));
    expect(await admin.locator('main').textContent()).toContain('状態: 照会中');
    await admin.goto(`${site.url}/admin/cycles`);
    expect(await admin.locator('main li', { hasText: '令和6年度' }).textContent()).toContain('照会中');
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'campaign-cycles');

    // Department A answers on the form (53 → 57), fills whatever else it lacks, and submits.
    const editorA = await signIn(ACCOUNTS.editorA.login);
    await saveAnswer(editorA, ICT.measure, { [ICT.kpi]: '57' });
    await fillMissing(editorA, A);
    await submitFromDashboard(editorA);

    // The late department: 期限超過 on the board, and on the reminders page with the text to send.
    const lateName = await nameOf(LATE);
    await admin.goto(`${site.url}${BOARD}`);
    expect(await boardRow(admin, await nameOf(A)).textContent()).toContain('提出済');
    expect(await boardRow(admin, await nameOf(A)).textContent()).not.toContain('期限超過');
    expect(await boardRow(admin, lateName).textContent()).toContain('期限超過');
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'campaign-board');
    await Promise.all([
      admin.waitForURL((url) => url.pathname === `${BOARD}/reminders`),
      admin.getByRole('link', { name: /^督促の一覧/ }).click(),
    ]);
    const reminder = admin.locator('section.reminder', {
      has: admin.getByRole('heading', { name: lateName }),
    });
    expect(await reminder.locator('h2').textContent()).toContain('期限超過');
    expect(await reminder.getByLabel('文面').inputValue()).toContain(
      '提出期限（2026-05-31）を過ぎております',
    );
    expect(await admin.locator('main').textContent()).toContain('SMTP_URL を設定');
    expect(await admin.getByRole('button', { name: /メールで送る/ }).count()).toBe(0);
    expect(await admin.locator(`#reminder-${A}`).count()).toBe(0);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'campaign-reminders');

    // The admin returns A's answer with a comment; A sees it, corrects (58), submits again; the admin approves.
    const comment = '根拠資料の件数を確認してください';
    const nameA = await nameOf(A);
    await admin.goto(`${site.url}${BOARD}`);
    await openMenu(admin, nameA);
    await admin.getByLabel(`差戻しの理由（${nameA}）`).fill(comment);
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.has('done')),
      boardRow(admin, nameA)
        .getByRole('button', { name: /^差し戻す/ })
        .click(),
    ]);
    expect(await boardRow(admin, nameA).textContent()).toContain(`差戻し: ${comment}`);
    await editorA.goto(`${site.url}/admin`);
    expect(await editorA.locator('.answer-status').textContent()).toContain(`差戻しの理由: ${comment}`);
    await screenshot(editorA, 'campaign-returned');
    await saveAnswer(editorA, ICT.measure, { [ICT.kpi]: '58' });
    await submitFromDashboard(editorA);
    await approve(admin, A);

    // Department B answers with its 調査票: download, fill, a refusal naming the cell, then preview and confirm.
    const editorB = await signIn(ACCOUNTS.editorB.login);
    await Promise.all([
      editorB.waitForURL((url) => url.pathname === `${BOARD}/surveys/${B}`),
      editorB.getByRole('link', { name: '調査票（Excel）で回答する' }).click(),
    ]);
    const [download] = await Promise.all([
      editorB.waitForEvent('download'),
      editorB.getByRole('link', { name: 'この所属の調査票（Excel）をダウンロード' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`調査票_${FY}_${B}.xlsx`);
    const workbook = readFileSync(await download.path());
    expect(await uploadWorkbook(editorB, await fillWorkbook(workbook, OPEN_DATA.kpi, 'abc'))).toBe(400);
    const refusal = (await editorB.locator('.error-summary[role="alert"]').textContent()) ?? '';
    expect(refusal).toContain('この調査票は取り込めません');
    expect(refusal).toMatch(/G\d+/);
    expect(await axeViolations(editorB)).toEqual([]);
    await screenshot(editorB, 'campaign-upload-refused');
    expect(await uploadWorkbook(editorB, await fillWorkbook(workbook, OPEN_DATA.kpi, 360))).toBe(200);
    expect(await editorB.locator('h1').textContent()).toContain('取り込む内容の確認');
    const change = editorB.getByRole('row').filter({
      has: editorB.getByRole('rowheader', { name: `${OPEN_DATA.kpi} 実績値` }),
    });
    expect(await change.locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^347/),
      '360（確定）',
    ]);
    expect(await axeViolations(editorB)).toEqual([]);
    await screenshot(editorB, 'campaign-upload-preview');
    await Promise.all([
      editorB.waitForURL((url) => url.pathname === '/admin' && url.searchParams.has('done')),
      editorB.getByRole('button', { name: 'この内容で保存する' }).click(),
    ]);
    expect(await editorB.locator('p.success[role="status"]').textContent()).toContain(
      '調査票の内容を保存しました',
    );
    // What the workbook did not answer (the 5G KPI has no 令和6年度 value) is listed on the dashboard instead of the
    // submit button; B fills it on the forms and submits.
    expect(missingItems(await plan(), B, FY)).not.toEqual([]);
    expect(await editorB.locator('.answer-status').textContent()).toContain(
      '提出するには、次の項目を入力してください',
    );
    expect(await editorB.getByRole('button', { name: '回答を提出する' }).count()).toBe(0);
    await fillMissing(editorB, B);
    await submitFromDashboard(editorB);
    await approve(admin, B);

    // The late department and every other one: completed by the admin, submitted and approved.
    for (const department of answeringDepartments(await plan()).filter((d) => d !== A && d !== B)) {
      await complete(admin, department);
      await approve(admin, department);
    }

    // Close (確認中) and publish 第1版.
    await act(admin, BOARD, (p) => p.getByRole('button', { name: '照会を締め切る（確認中にする）' }));
    // The board leads to the confirmation page: the consistency errors and warnings of the year, in Japanese.
    await admin.goto(`${site.url}${BOARD}`);
    await Promise.all([
      admin.waitForURL((url) => url.pathname === `${BOARD}/publish`),
      admin.getByRole('link', { name: '公表へ進む（整合性チェックの確認）' }).click(),
    ]);
    const errors = admin.locator('section[aria-labelledby="gate-errors"] li.finding');
    expect(await errors.count()).toBeGreaterThan(0);
    expect(await errors.allTextContents()).toContainEqual(
      expect.stringContaining('みやぎFree Wi-Fi導入箇所数'),
    );
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'campaign-publish-confirmation');
    // Without the acknowledgement the publication is refused, and nothing is published.
    const unacknowledged = posted(admin);
    await admin.getByRole('button', { name: '公表する', exact: true }).click();
    expect((await unacknowledged).status()).toBe(400);
    expect(await admin.locator('main').textContent()).toContain('にチェックを入れてください');
    await admin.goto(`${site.url}${BOARD}/publish`);
    await admin.getByLabel(/整合性チェックのエラーがあることを確認したうえで公表する/).check();
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.has('done')),
      admin.getByRole('button', { name: '公表する', exact: true }).click(),
    ]);
    expect(await admin.locator('p.success[role="status"]').textContent()).toBe('第1版を公表しました。');

    // The public site, API and report show the published figures.
    const first = await publicTop('campaign-published');
    expect(first.notice).toContain('令和6年度 第1版');
    // 達成, 一部達成, 未達成, 判定不能: ict-company-location turns 達成 (58 ≥ 57), and the four measures whose KPI had
    // no 令和6年度 value were completed with '—', which cannot be judged.
    expect(before.counts).toEqual(['18', '1', '8', '0']);
    expect(first.counts).toEqual(['16', '1', '6', '4']);
    expect(await axeViolations(first.page)).toEqual([]);
    const detail = (await (
      await first.page.request.get(`${site.url}/api/v1/measures/${ICT.measure}`)
    ).json()) as {
      fiscalYear: number;
      measure: { status: string; kpis: { name: string; actual: { exact: string | null } | null }[] };
    };
    expect(detail.fiscalYear).toBe(FY);
    expect(detail.measure.kpis.find((k) => k.name === ICT.kpi)?.actual?.exact).toBe('58');
    const report = await (
      await first.page.request.get(`${site.url}/data/report/shinchoku-report.html`)
    ).text();
    expect(report).toContain(ICT.kpi);
    // The report is a download (an attachment): read its table in a page of its own.
    const reportPage = await first.page.context().newPage();
    await reportPage.setContent(report);
    const reportRow = reportPage.getByRole('row').filter({ hasText: `${ICT.kpi}（件）` });
    expect(await reportRow.locator('td').allTextContents()).toContainEqual(expect.stringMatching(/^58※?$/));
    await first.page.context().close();

    // After publication the department's form is read-only, and a post is refused with 409.
    await editorA.goto(`${site.url}${answerPath(ICT.measure)}`);
    expect(await editorA.locator('p.notice').textContent()).toContain('公表済み');
    expect(await editorA.getByLabel(`${ICT.kpi}の実績値`).count()).toBe(0);
    expect(await editorA.getByRole('button', { name: '保存する', exact: true }).count()).toBe(0);
    await screenshot(editorA, 'campaign-closed-form');
    const refused = await editorA.request.post(`${site.url}${answerPath(ICT.measure)}`, {
      form: { _csrf: await csrfOf(editorA), 'kpi.ict-company-locations.value': '60', intent: 'save' },
      headers: { origin: site.url },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(409);

    // A correction: the admin changes a value on the form and publishes 第2版 with its reason.
    await act(admin, BOARD, (p) => p.getByRole('button', { name: '訂正を始める（訂正中にする）' }));
    await saveAnswer(admin, OPEN_DATA.measure, { [OPEN_DATA.kpi]: '361' });
    const reason = 'オープンデータ公開数の集計漏れを訂正';
    await admin.goto(`${site.url}${BOARD}/publish`);
    await admin.getByLabel('訂正の理由（必須）').fill(reason);
    await admin.getByLabel(/整合性チェックのエラーがあることを確認したうえで公表する/).check();
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.has('done')),
      admin.getByRole('button', { name: '訂正版を公表する' }).click(),
    ]);
    expect(await admin.locator('p.success[role="status"]').textContent()).toBe('第2版を公表しました。');

    const second = await publicTop('campaign-corrected');
    expect(second.notice).toContain('令和6年度 第2版');
    expect(second.notice).toContain(`訂正の理由: ${reason}`);
    const changes = second.page.locator('.publication-notice details');
    await changes.locator('summary').click();
    expect(await changes.getAttribute('open')).not.toBeNull();
    const changed = changes.getByRole('row').filter({
      has: second.page.getByRole('rowheader', { name: new RegExp(`${OPEN_DATA.kpi} 実績値$`) }),
    });
    expect(await changed.locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^360/),
      expect.stringMatching(/^361/),
    ]);
    expect(await axeViolations(second.page)).toEqual([]);
    await screenshot(second.page, 'campaign-corrected-changes');
    for (const page of [second.page, admin, editorA, editorB]) await page.context().close();
  });
});
