// Opening the next fiscal year carries the plan forward: the new year becomes the report year, and the year just
// published becomes "last year" in the answer form and the 調査票.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

describe.each(DATABASE_TARGETS.slice(0, 1))('opening the next year on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    // The bundled plan ends in FY2024 (R3–R6); a plan running one more year.
    await h.handle.db.updateTable('plans').set({ period_to: 2025 }).execute();
    h.source.invalidate();
    admin = await signedIn(h.app, 'admin');
  });
  afterAll(() => h.close());

  it('moves the report year and shows FY2024 as last year', async () => {
    expect((await admin.post('/admin/cycles', { fiscal_year: 'R7', due_date: '2027-05-31' })).status).toBe(
      303,
    );
    const plan = await h.handle.db.selectFrom('plans').select('report_fiscal_year').executeTakeFirstOrThrow();
    expect(plan.report_fiscal_year).toBe(2025);
    expect(await (await admin.get('/admin')).text()).toContain('令和7年度の実績の入力');
    const form = await (await admin.get('/admin/measures/ict-company-location/years/2025')).text();
    expect(form).toContain('令和6年度実績');
    expect(form).toMatch(/<td data-label="令和6年度実績">53(（見込み）)?<\/td>/);
    // The 調査票 of the new year carries last year's figure too.
    await admin.post('/admin/cycles/2025/state', { to: 'collecting' });
    const response = await admin.get('/admin/cycles/2025/surveys/kikaku-sangyo-digital/workbook');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.getWorksheet('調査票');
    let lastYear = '';
    sheet?.eachRow((row) => {
      if (String(row.getCell(2).value) === '情報通信関連企業の県内立地件数')
        lastYear = String(row.getCell(6).value);
    });
    expect(lastYear).toBe('53');
    // A year that already has a campaign cannot be opened twice.
    expect((await admin.post('/admin/cycles', { fiscal_year: '2025', due_date: '' })).status).toBe(409);
  });
});
