// 計画の取込 over HTTP: an admin downloads the current plan, changes one KPI target in Excel's way, uploads it, sees
// per table what would change with nothing stored yet, and only the confirmation writes (then the public pages show
// it). Files of another organisation, with another organisation name, or broken, are refused and change nothing;
// editors are refused; the starter workbook carries the organisation.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPlans, savePlan } from '../../src/db/plan-store.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { planFrom, seedDocument } from '../support/plans.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const BASE = '/admin/plan/import';

async function download(browser: Browser, path: string): Promise<Buffer> {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('spreadsheetml');
  return Buffer.from(await response.arrayBuffer());
}

/** Sets the cell under `header` of the row of `sheetName` whose first cells are `key` (as Excel would save it). */
async function edit(
  buffer: Buffer,
  sheetName: string,
  key: readonly ExcelJS.CellValue[],
  header: string,
  value: ExcelJS.CellValue,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName);
  if (sheet === undefined) throw new Error(`no sheet ${sheetName}`);
  let found = 0;
  sheet.eachRow((row, n) => {
    if (key.every((k, i) => row.getCell(i + 1).value === k)) found = n;
  });
  if (found === 0) throw new Error(`no row ${key.join(',')} in ${sheetName}`);
  let column = 0;
  sheet.getRow(1).eachCell((cell, n) => {
    if (cell.value === header) column = n;
  });
  if (column === 0) throw new Error(`no column ${header} in ${sheetName}`);
  sheet.getRow(found).getCell(column).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(
  browser: Browser,
  bytes: Uint8Array,
  name = '計画.xlsx',
  overwrite = false,
): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', browser.csrf ?? '');
  if (overwrite) form.set('overwrite', '1');
  form.set('file', new File([bytes], name));
  return browser.request(BASE, { method: 'POST', body: form });
}

const uploadToken = (html: string) => /name="upload" value="([^"]+)"/.exec(html)?.[1] ?? '';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(DATABASE_TARGETS)('計画の取込 on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  const snapshot = async () =>
    JSON.stringify([
      await h.handle.db.selectFrom('kpi_values').selectAll().orderBy('id').execute(),
      await h.handle.db.selectFrom('organisations').selectAll().orderBy('id').execute(),
      await h.handle.db.selectFrom('plans').selectAll().orderBy('id').execute(),
      await h.handle.db.selectFrom('history').select('id').orderBy('id').execute(),
    ]);
  const storedTarget = async () =>
    (
      await h.handle.db
        .selectFrom('kpi_values')
        .select('value')
        .where('kpi', '=', 'open-data-datasets')
        .where('kind', '=', 'target')
        .where('fiscal_year', '=', 2024)
        .executeTakeFirstOrThrow()
    ).value;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
  }, 120_000);
  afterAll(() => h.close());

  it('offers the page with the starter and the current plan to download', async () => {
    const page = await admin.get(BASE);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>計画の取込</h1>');
    expect(html).toContain(`href="${BASE}/starter.xlsx"`);
    expect(html).toContain(`href="${BASE}/plan.xlsx"`);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('the starter workbook carries the organisation code and name on its 計画 sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(admin, `${BASE}/starter.xlsx`)) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.name).toBe('はじめに');
    const plan = workbook.getWorksheet('計画');
    expect(plan?.getRow(1).getCell(1).value).toBe('地方公共団体コード');
    expect(plan?.getRow(2).getCell(1).value).toBe('040002');
    expect(plan?.getRow(2).getCell(2).value).toBe('宮城県');
  });

  it('previews one changed KPI target without storing it, and stores it only on confirmation', async () => {
    // KPI値: open-data-datasets has the target 500 for 令和6年度.
    const changed = await edit(
      await download(admin, `${BASE}/plan.xlsx`),
      'KPI値',
      ['open-data-datasets', 'target', 2024],
      '値',
      480,
    );
    expect(await storedTarget()).toBe('500');
    const before = await snapshot();
    const preview = await upload(admin, new Uint8Array(changed));
    const html = await preview.text();
    expect(preview.status, text(html)).toBe(200);
    expect(html).toContain('取り込む内容の確認');
    expect(html).toContain('次の 1 行を追加・変更・削除します');
    // One row changed in KPI値 (追加 0, 変更 1, 削除 0); no other table listed.
    expect(html).toMatch(
      /<tr data-table="kpi_values"><th scope="row">KPI値<\/th><td>0<\/td><td>1<\/td><td>0<\/td>/,
    );
    expect(html.match(/<tr data-table=/g)).toHaveLength(1);
    expect(await snapshot()).toBe(before);

    const measureBefore = await (await admin.get('/measures/open-data-miyagi')).text();
    expect(measureBefore).toContain('500');
    expect(measureBefore).not.toContain('480');

    const done = await admin.post(`${BASE}/confirm`, { upload: uploadToken(html) });
    const doneHtml = await done.text();
    expect(done.status, text(doneHtml)).toBe(200);
    expect(doneHtml).toContain('保存しました');
    expect(await storedTarget()).toBe('480');
    const history = await h.handle.db
      .selectFrom('history')
      .select(['actor', 'request_id'])
      .where('table_name', '=', 'kpi_values')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(history.actor).toBe('admin1');
    expect(history.request_id).not.toBeNull();

    // The public measure page shows the new target (no campaign, so the public site shows the stored plan).
    const measureAfter = await (await admin.get('/measures/open-data-miyagi')).text();
    expect(measureAfter).toContain('480');

    // The confirmation is used once.
    const again = await admin.post(`${BASE}/confirm`, { upload: uploadToken(html) });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('確認した取り込みが見つかりません');
  });

  it('keeps the upload for the session that previewed it only', async () => {
    const changed = await edit(
      await download(admin, `${BASE}/plan.xlsx`),
      'KPI値',
      ['open-data-datasets', 'target', 2024],
      '値',
      490,
    );
    const html = await (await upload(admin, new Uint8Array(changed))).text();
    const token = uploadToken(html);
    expect(token).not.toBe('');
    const before = await snapshot();
    const otherSession = await signedIn(h.app, 'admin');
    const response = await otherSession.post(`${BASE}/confirm`, { upload: token });
    expect(response.status).toBe(409);
    expect(await snapshot()).toBe(before);
    // A newer preview in the same session replaces the older one: the older token no longer confirms anything.
    await upload(admin, new Uint8Array(changed));
    expect((await admin.post(`${BASE}/confirm`, { upload: token })).status).toBe(409);
    expect(await storedTarget()).toBe('480');
  });

  it('refuses a workbook whose row changed in the database after its download, naming the row', async () => {
    const downloaded = await download(admin, `${BASE}/plan.xlsx`);
    const first = await edit(downloaded, 'KPI値', ['open-data-datasets', 'target', 2024], '値', 470);
    const preview = await (await upload(admin, new Uint8Array(first))).text();
    expect((await admin.post(`${BASE}/confirm`, { upload: uploadToken(preview) })).status).toBe(200);
    expect(await storedTarget()).toBe('470');
    // The same download, changed to another value: its row is older than what is stored now.
    const stale = await edit(downloaded, 'KPI値', ['open-data-datasets', 'target', 2024], '値', 460);
    const before = await snapshot();
    const response = await upload(admin, new Uint8Array(stale));
    expect(response.status).toBe(409);
    const html = text(await response.text());
    expect(html).toContain('1行は、ファイルを書き出した後にデータベースで変更されています。');
    expect(html).toContain(
      'KPI値 KPI ID open-data-datasets・区分 target・年度 2024: 値: ファイル 460／現在 470（admin1、',
    );
    expect(html).toContain('「ファイルの内容で上書きする」を選んでもう一度アップロードしてください');
    expect(await snapshot()).toBe(before);

    // Chosen on purpose: the preview says one row is overwritten, and the confirmation writes the file's value.
    const overwrite = await upload(admin, new Uint8Array(stale), '計画.xlsx', true);
    const overwriteHtml = await overwrite.text();
    expect(overwrite.status, text(overwriteHtml)).toBe(200);
    expect(text(overwriteHtml)).toContain('保存済みの行 1 行を、ファイルの内容で上書きします');
    expect(await snapshot()).toBe(before);
    const confirmed = await admin.post(`${BASE}/confirm`, { upload: uploadToken(overwriteHtml) });
    expect(confirmed.status).toBe(200);
    expect(await storedTarget()).toBe('460');
  });

  it('refuses a workbook of another organisation and changes nothing', async () => {
    const other = await edit(
      await download(admin, `${BASE}/plan.xlsx`),
      '計画',
      ['040002'],
      '地方公共団体コード',
      '041009',
    );
    const before = await snapshot();
    const response = await upload(admin, new Uint8Array(other));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('このファイルは 仙台市（041009）の計画です。');
    expect(html).toContain('宮城県（040002）の計画だけです');
    expect(html).not.toContain('name="upload"');
    expect(await snapshot()).toBe(before);
  });

  it('refuses a changed organisation name and says where the name comes from', async () => {
    const renamed = await edit(
      await download(admin, `${BASE}/plan.xlsx`),
      '計画',
      ['040002'],
      '団体名',
      '宮城県庁',
    );
    const before = await snapshot();
    const response = await upload(admin, new Uint8Array(renamed));
    expect(response.status).toBe(400);
    expect(text(await response.text())).toContain(
      '計画シートの団体名「宮城県庁」が、この団体の登録名「宮城県」と違います。',
    );
    expect(await snapshot()).toBe(before);
  });

  it('answers a file that is not a workbook in Japanese and changes nothing', async () => {
    const before = await snapshot();
    const response = await upload(admin, new TextEncoder().encode('これは Excel ファイルではありません'));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('このファイルは取り込めません');
    expect(html).toContain('中身が zip 形式ではありません');
    expect(await snapshot()).toBe(before);
  });

  it('the organisation-scoped handle never writes a plan of another organisation, even when asked directly', async () => {
    const miyagi = (await listPlans(h.handle.db))[0];
    if (miyagi === undefined) throw new Error('no plan');
    const document = seedDocument();
    document.organisation = { code: '041009', name: '仙台市' };
    const before = await snapshot();
    await expect(
      savePlan(h.handle.forOrganisation(miyagi.organisationId), planFrom(document), { actor: 'admin1' }),
    ).rejects.toThrow(/another one/);
    expect(await snapshot()).toBe(before);
  });

  it('refuses an editor (403) on every route of the page', async () => {
    const editor = await signedIn(h.app, 'editorA');
    expect((await editor.get(BASE)).status).toBe(403);
    expect((await editor.get(`${BASE}/starter.xlsx`)).status).toBe(403);
    expect((await editor.get(`${BASE}/plan.xlsx`)).status).toBe(403);
    const changed = await edit(
      await download(admin, `${BASE}/plan.xlsx`),
      'KPI値',
      ['open-data-datasets', 'target', 2024],
      '値',
      470,
    );
    const before = await snapshot();
    expect((await upload(editor, new Uint8Array(changed))).status).toBe(403);
    expect((await editor.post(`${BASE}/confirm`, { upload: 'x' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});
