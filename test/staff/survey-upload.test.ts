// The 調査票 over HTTP: a department downloads its workbook, fills it in Excel's way, uploads it, sees every change
// with the status after it, and only the confirmation writes; bad workbooks are refused naming the cell and leave
// the database as it was.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { ACCOUNTS, type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
const A = ACCOUNTS.editorA.departments[0];
const B = ACCOUNTS.editorB.departments[0];

async function download(browser: Browser, department: string): Promise<Buffer> {
  const response = await browser.get(`/admin/cycles/${FY}/surveys/${department}/workbook`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('spreadsheetml');
  return Buffer.from(await response.arrayBuffer());
}

/** Edits the 調査票 sheet like a person would: finds the KPI's row by its name and sets cells of that row. */
async function fill(
  buffer: Buffer,
  kpiName: string,
  cells: Record<string, ExcelJS.CellValue>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('調査票');
  if (sheet === undefined) throw new Error('no 調査票 sheet');
  let row = 0;
  sheet.eachRow((r, n) => {
    if (String(r.getCell(2).value ?? '') === kpiName) row = n;
  });
  if (row === 0) throw new Error(`no row for ${kpiName}`);
  for (const [column, value] of Object.entries(cells)) sheet.getCell(`${column}${row}`).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(browser: Browser, department: string, buffer: Buffer): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', browser.csrf ?? '');
  form.set('file', new File([new Uint8Array(buffer)], '調査票.xlsx'));
  return browser.request(`/admin/cycles/${FY}/surveys/${department}`, { method: 'POST', body: form });
}

describe.each(DATABASE_TARGETS.slice(0, 1))('the 調査票 round trip on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  let editor: Browser;
  const snapshot = async () =>
    JSON.stringify([
      await h.handle.db.selectFrom('kpi_values').selectAll().orderBy('id').execute(),
      await h.handle.db.selectFrom('analyses').selectAll().orderBy('id').execute(),
    ]);
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
    await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' });
    await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' });
    editor = await signedIn(h.app, 'editorA');
  });
  afterAll(() => h.close());

  it('previews every change with the status after it, and writes only on confirmation', async () => {
    const filled = await fill(await download(editor, A), '情報通信関連企業の県内立地件数', {
      G: '57',
      H: '確定',
    });
    const before = await snapshot();
    const preview = await upload(editor, A, filled);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('取り込む内容の確認');
    expect(html).toMatch(/<td>53（見込み）<\/td><td>57（確定）<\/td>/);
    expect(html).toContain('【達成】');
    expect(await snapshot()).toBe(before);
    const changes = /name="changes" value="([^"]+)"/.exec(html)?.[1]?.replaceAll('&quot;', '"') ?? '';
    const applied = await editor.post(`/admin/cycles/${FY}/surveys/${A}/apply`, { changes });
    expect(applied.status).toBe(303);
    const row = await h.handle.db
      .selectFrom('kpi_values')
      .select(['value', 'provisional'])
      .where('kpi', '=', 'ict-company-locations')
      .where('kind', '=', 'actual')
      .where('fiscal_year', '=', FY)
      .executeTakeFirst();
    expect(row).toEqual({ value: '57', provisional: false });
    // The same confirmation again is stale: nothing more is written.
    const again = await editor.post(`/admin/cycles/${FY}/surveys/${A}/apply`, { changes });
    expect(again.status).toBe(409);
  });

  it.each([
    ['a value that is not a number', { G: 'abc' }, /G\d+/],
    ['a formula in an input cell', { G: { formula: '1+1' } as ExcelJS.CellFormulaValue }, /数式/],
    ['a protected cell changed', { E: '1' }, /E\d+/],
  ])('refuses %s, naming the cell, and changes nothing', async (_name, cells, pattern) => {
    const bad = await fill(await download(editor, A), '情報通信関連企業の県内立地件数', cells);
    const before = await snapshot();
    const response = await upload(editor, A, bad);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(pattern);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a workbook downloaded before someone else changed a row it would change, naming the cell', async () => {
    const old = await download(editor, A);
    // After the download, the admin saves 58 for the same KPI through the answer form.
    const form = '/admin/measures/ict-company-location/years/2024';
    const fields = formFields(await (await admin.get(form)).text(), 'answer-form');
    const saved = await admin.post(form, {
      ...fields,
      'kpi.ict-company-locations.value': '58',
      intent: 'save',
    });
    expect(saved.status).toBe(303);
    const before = await snapshot();
    // The old workbook still holds 57 in that row: uploading it would silently put 57 back.
    for (const workbook of [old, await fill(old, '情報通信関連企業の県内立地件数', { G: '60' })]) {
      const response = await upload(editor, A, workbook);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toMatch(/調査票!G\d+: この調査票をダウンロードした後に、ほかの人が変更しています/);
      expect(html).toContain('（現在の値: 58）');
    }
    expect(await snapshot()).toBe(before);
    // A fresh download carries the new version and goes through.
    const fresh = await fill(await download(editor, A), '情報通信関連企業の県内立地件数', { G: '60' });
    const preview = await upload(editor, A, fresh);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toMatch(/<td>58（確定）<\/td><td>60（確定）<\/td>/);
  });

  it("refuses another department's workbook and an editor on another department's page", async () => {
    const other = await download(admin, B);
    const before = await snapshot();
    const response = await upload(admin, A, other);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('所属');
    expect(await snapshot()).toBe(before);
    expect((await editor.get(`/admin/cycles/${FY}/surveys/${B}/workbook`)).status).toBe(403);
  });

  it('gives admins every department as a zip', async () => {
    const response = await admin.get(`/admin/cycles/${FY}/surveys.zip`);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect((await editor.get(`/admin/cycles/${FY}/surveys.zip`)).status).toBe(403);
  });

  it('lets the admin give one department its own due date', async () => {
    const csvRow = async (department: string) =>
      (await (await admin.get(`/admin/cycles/${FY}/board.csv`)).text())
        .split('\r\n')
        .find((l) => l.startsWith(department));
    expect(await csvRow(B)).toContain('2026-05-31,はい');
    expect(
      (await admin.post(`/admin/cycles/${FY}/answers/${B}/due`, { due_date: '2026-06-30' })).status,
    ).toBe(303);
    expect(await csvRow(B)).toContain('2026-06-30,いいえ');
    expect((await admin.post(`/admin/cycles/${FY}/answers/${B}/due`, { due_date: '6月30日' })).status).toBe(
      400,
    );
    expect(
      (await editor.post(`/admin/cycles/${FY}/answers/${A}/due`, { due_date: '2026-12-31' })).status,
    ).toBe(403);
  });

  it('refuses bad campaign input with a Japanese message and changes nothing', async () => {
    const state = async () =>
      JSON.stringify([
        await h.handle.db
          .selectFrom('reporting_cycles')
          .select(['fiscal_year', 'state', 'due_date'])
          .execute(),
        await h.handle.db
          .selectFrom('department_answers')
          .select(['department', 'state', 'comment'])
          .execute(),
      ]);
    const before = await state();
    const badYear = await admin.post('/admin/cycles', { fiscal_year: 'X9', due_date: '' });
    expect(badYear.status).toBe(400);
    expect(await badYear.text()).toContain('年度「X9」を読み取れません');
    const outside = await admin.post('/admin/cycles', { fiscal_year: '2030', due_date: '' });
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('計画期間');
    const noComment = await admin.post(`/admin/cycles/${FY}/answers/${B}/return`, { comment: '' });
    expect(noComment.status).toBe(400);
    expect(await noComment.text()).toContain('差戻しの理由を入力してください');
    const badMove = await admin.post(`/admin/cycles/${FY}/state`, { to: 'published' });
    expect(badMove.status).toBe(400);
    expect(await state()).toBe(before);
  });
});
