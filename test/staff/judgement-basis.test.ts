// The answer form names the other year's figures a judgement uses. Seed: みやぎ農山漁村DX (rural-dx) has no
// 令和6年度 target for 策定地区数; its latest target is 令和5年度's 6 and its latest actual 令和5年度's 5.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const PATH = '/admin/measures/rural-dx/years/2024';
const VALUE = 'kpi.rural-dx-plans.value';

describe.each(DATABASE_TARGETS)('the form says which year’s figures were used, on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());
  const snapshot = async () =>
    JSON.stringify(await h.handle.db.selectFrom('kpi_values').selectAll().orderBy('id').execute());

  it('before an answer: 目標 「—」 with 令和5年度目標値 6 and 令和5年度実績 5 named', async () => {
    const admin = await signedIn(h.app, 'admin');
    const html = await (await admin.get(PATH)).text();
    expect(html).toContain('<span class="cell-note">令和5年度目標値 6、令和5年度実績 5 で判定</span>');
    expect(formFields(html)[VALUE]).toBe('');
  });

  it('the preview of 7 is 【達成】 against the 令和5年度 target 6 and says so; nothing is saved', async () => {
    const admin = await signedIn(h.app, 'admin');
    const fields = formFields(await (await admin.get(PATH)).text());
    const preview = await admin.post(PATH, { ...fields, [VALUE]: '7', intent: 'preview' });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/判定は「<[^>]+>【達成】/);
    expect(html).toMatch(/<span class="preview__basis">[^<]*: 令和5年度目標値 6 で判定<\/span>/);
    // The actual is this year's own now: only the target is named in the table.
    expect(html).toContain('<span class="cell-note">令和5年度目標値 6 で判定</span>');
    expect(formFields(await (await admin.get(PATH)).text())[VALUE]).toBe('');
  });

  it('the 調査票 says 令和5年度目標値 6 in the target cell; its upload preview of 7 names it beside 【達成】', async () => {
    const admin = await signedIn(h.app, 'admin');
    await admin.post('/admin/cycles', { fiscal_year: '2024', due_date: '2026-05-31' });
    await admin.post('/admin/cycles/2024/state', { to: 'collecting' });
    const response = await admin.get('/admin/cycles/2024/surveys/nosei-nariwai/workbook');
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('調査票');
    const rows: ExcelJS.Row[] = [];
    sheet?.eachRow((row) => {
      if (String(row.getCell(2).value).startsWith('デジタルトランスフォーメーション地域戦略計画の策定地区数'))
        rows.push(row);
    });
    expect(rows.map((row) => row.getCell(5).value)).toEqual(['—\n令和5年度目標値 6 で判定']);
    const before = await snapshot();
    for (const row of rows) row.getCell(7).value = '7';
    const form = new FormData();
    form.set('_csrf', admin.csrf ?? '');
    form.set('file', new File([new Uint8Array(await workbook.xlsx.writeBuffer())], '調査票.xlsx'));
    const preview = await admin.request('/admin/cycles/2024/surveys/nosei-nariwai', {
      method: 'POST',
      body: form,
    });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/保存後の判定: <[^>]+>【達成】/);
    expect(html).toContain(
      '<li>デジタルトランスフォーメーション地域戦略計画の策定地区数: 令和5年度目標値 6 で判定</li>',
    );
    // A preview writes nothing.
    expect(await snapshot()).toBe(before);
  });

  it('a KPI judged on its own year’s figures names no other year', async () => {
    const admin = await signedIn(h.app, 'admin');
    const html = await (await admin.get('/admin/measures/ict-company-location/years/2024')).text();
    expect(html).not.toContain('で判定');
  });
});
