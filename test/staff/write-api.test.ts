// The JSON write API (ETag / If-Match: 428 without it, 412 when stale) and the answer form's conflict page: no
// update is lost silently, every refusal leaves the data as it was, and every save is in the history.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

/** Fields are read from the answer form, not from the logout form in the header. */
const ANSWER_FORM = 'class="form-stack answer-form"';

const ACTUAL = '/api/v1/admin/kpis/ict-company-locations/actuals/2024';
const ANALYSIS = '/api/v1/admin/measures/ict-company-location/analyses/2024';
const FORM = '/admin/measures/ict-company-location/years/2024';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

interface ApiError {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

/** A JSON PUT as a script would send it: the session cookie, the CSRF header, If-Match when given. */
function put(
  browser: Browser,
  path: string,
  body: unknown,
  options: { ifMatch?: string; csrf?: string | null; raw?: string } = {},
) {
  const token = options.csrf === undefined ? browser.csrf : options.csrf;
  return browser.request(path, {
    method: 'PUT',
    body: options.raw ?? JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      ...(options.ifMatch === undefined ? {} : { 'if-match': options.ifMatch }),
      ...(token === null || token === undefined ? {} : { 'x-csrf-token': token }),
    },
  });
}

const rowText = (row: unknown) =>
  JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** What a refused write must leave as it was. */
async function stored(db: Kysely<Database>) {
  const rows = async (table: string) =>
    (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows.map(rowText);
  return {
    kpiValues: await rows('kpi_values'),
    analyses: await rows('analyses'),
    history: await rows('history'),
  };
}

const versionOf = (etag: string | null) => Number(/^"(\d+)"$/.exec(etag ?? '')?.[1] ?? Number.NaN);

describe.each(DATABASE_TARGETS)('the write API and the conflict page on $name', (target) => {
  let h: StaffHarness;
  let editor: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    editor = await signedIn(h.app, 'editorA');
  });
  afterAll(() => h.close());

  it('an actual: ETag on GET; 428 without If-Match, 412 when stale, 200 with a new ETag and a history row', async () => {
    const read = await editor.get(ACTUAL);
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag');
    expect(etag).toMatch(/^"\d+"$/);
    const version = versionOf(etag);
    expect(await read.json()).toMatchObject({
      kpi: 'ict-company-locations',
      fiscalYear: 2024,
      value: '53',
      version,
    });

    const before = await stored(h.handle.db);
    const missing = await put(editor, ACTUAL, { value: '55' });
    expect(missing.status).toBe(428);
    expect(((await missing.json()) as ApiError).error.code).toBe('precondition_required');
    const stale = await put(editor, ACTUAL, { value: '55' }, { ifMatch: `"${version - 1}"` });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as ApiError).error.message).toMatch(JAPANESE);
    expect(await stored(h.handle.db)).toEqual(before);

    const saved = await put(editor, ACTUAL, { value: '55', provisional: false }, { ifMatch: etag ?? '' });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe(`"${version + 1}"`);
    expect(await saved.json()).toMatchObject({ value: '55', provisional: false, version: version + 1 });
    const history = await h.handle.db
      .selectFrom('history')
      .select(['actor', 'table_name', 'column_name', 'old_value', 'new_value'])
      .where('table_name', '=', 'kpi_values')
      .where('column_name', '=', 'value')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(history).toMatchObject({ actor: 'editor-a', old_value: '53', new_value: '55' });
    expect(versionOf((await editor.get(ACTUAL)).headers.get('etag'))).toBe(version + 1);
  });

  it('an actual: unreadable JSON, a value that is not a number and a missing CSRF header are refused', async () => {
    const etag = (await editor.get(ACTUAL)).headers.get('etag') ?? '';
    const before = await stored(h.handle.db);
    const broken = await put(editor, ACTUAL, undefined, { ifMatch: etag, raw: '{"value": ' });
    expect(broken.status).toBe(400);
    const brokenBody = (await broken.json()) as ApiError;
    expect(brokenBody.error.code).toBe('bad_request');
    expect(brokenBody.error.message).toMatch(JAPANESE);

    const notNumber = await put(editor, ACTUAL, { value: 'abc' }, { ifMatch: etag });
    expect(notNumber.status).toBe(400);
    const details = ((await notNumber.json()) as ApiError).error.details;
    expect(details.map((d) => d.path)).toContain('value');
    expect(details.find((d) => d.path === 'value')?.message).toMatch(JAPANESE);

    const unknownField = await put(editor, ACTUAL, { value: '1', extra: true }, { ifMatch: etag });
    expect(unknownField.status).toBe(400);

    expect((await put(editor, ACTUAL, { value: '60' }, { ifMatch: etag, csrf: null })).status).toBe(403);
    expect((await put(editor, ACTUAL, { value: '60' }, { ifMatch: etag, csrf: 'x'.repeat(43) })).status).toBe(
      403,
    );
    expect(await stored(h.handle.db)).toEqual(before);
  });

  it('an analysis: the same If-Match rules, validation and CSRF check', async () => {
    const read = await editor.get(ANALYSIS);
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag') ?? '';
    const version = versionOf(etag);
    expect(await read.json()).toMatchObject({ measure: 'ict-company-location', fiscalYear: 2024, version });

    const before = await stored(h.handle.db);
    expect((await put(editor, ANALYSIS, { text: '新しい分析' })).status).toBe(428);
    expect(
      (await put(editor, ANALYSIS, { text: '新しい分析' }, { ifMatch: `"${version + 5}"` })).status,
    ).toBe(412);
    expect((await put(editor, ANALYSIS, undefined, { ifMatch: etag, raw: 'not json' })).status).toBe(400);
    const wrongType = await put(editor, ANALYSIS, { text: 123 }, { ifMatch: etag });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as ApiError).error.details.map((d) => d.path)).toContain('text');
    expect((await put(editor, ANALYSIS, { text: '新しい分析' }, { ifMatch: etag, csrf: null })).status).toBe(
      403,
    );
    expect(await stored(h.handle.db)).toEqual(before);

    const saved = await put(editor, ANALYSIS, { text: '  新しい分析\r\n二行目  ' }, { ifMatch: etag });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe(`"${version + 1}"`);
    expect(await saved.json()).toMatchObject({ text: '新しい分析\n二行目', version: version + 1 });
    const history = await h.handle.db
      .selectFrom('history')
      .select(['actor', 'new_value'])
      .where('table_name', '=', 'analyses')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(history).toMatchObject({ actor: 'editor-a', new_value: '新しい分析\n二行目' });
  });

  it("the form's conflict page: the other person's value beside mine, and re-applying mine saves it", async () => {
    const first = await signedIn(h.app, 'editorA');
    const second = await signedIn(h.app, 'editorA');
    const firstFields = formFields(await (await first.get(FORM)).text(), ANSWER_FORM);
    const secondFields = formFields(await (await second.get(FORM)).text(), ANSWER_FORM);
    const versionName = 'kpi.ict-company-locations.version';
    expect(secondFields[versionName]).toBe(firstFields[versionName]);
    const formVersion = Number(firstFields[versionName]);
    const { _csrf: _a, ...mine } = firstFields;
    const { _csrf: _b, ...theirs } = secondFields;

    const value = 'kpi.ict-company-locations.value';
    expect((await first.post(FORM, { ...mine, [value]: '61', intent: 'save' })).status).toBe(303);
    const conflict = await second.post(FORM, { ...theirs, [value]: '62', intent: 'save' });
    expect(conflict.status).toBe(409);
    const html = await conflict.text();
    expect(html).toContain('ほかの人が保存した値');
    expect(html).toContain('あなたの入力');
    const table = /<table class="data-table conflict-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(table).toMatch(/<td>61[^<]*<\/td><td>62[^<]*<\/td>/);
    const again = formFields(html, ANSWER_FORM);
    expect(Number(again[versionName])).toBe(formVersion + 1);
    expect(again[value]).toBe('62');

    const { _csrf: _c, ...reapply } = again;
    const saved = await second.post(FORM, { ...reapply, intent: 'save' });
    expect([200, 303]).toContain(saved.status);
    expect(((await (await first.get(ACTUAL)).json()) as { value: string }).value).toBe('62');
    const history = await (await first.get('/admin/measures/ict-company-location/history')).text();
    expect(history).toMatch(
      /class="history-old" data-label="変更前">[^<]*<\/td><td class="history-new" data-label="変更後">61</,
    );
    expect(history).toMatch(
      /class="history-old" data-label="変更前">61<\/td><td class="history-new" data-label="変更後">62</,
    );
  });
});
