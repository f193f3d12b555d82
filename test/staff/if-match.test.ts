// If-Match of the JSON write API is compared strongly (RFC 9110 §13.1.1): a weak tag is refused with 412, "*" with
// 428, a list of tags is accepted when one of its strong tags names the current version. Every refusal leaves the
// stored data as it was.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const ACTUAL = '/api/v1/admin/kpis/ict-company-locations/actuals/2024';
const ANALYSIS = '/api/v1/admin/measures/ict-company-location/analyses/2024';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

interface ApiError {
  error: { code: string; message: string };
}

const put = (browser: Browser, path: string, body: unknown, ifMatch: string) =>
  browser.request(path, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'if-match': ifMatch, 'x-csrf-token': browser.csrf ?? '' },
  });

const rowText = (row: unknown) =>
  JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

async function stored(db: Kysely<Database>) {
  const rows = async (table: string) =>
    (await sql`select * from ${sql.table(table)} order by id`.execute(db)).rows.map(rowText);
  return {
    kpiValues: await rows('kpi_values'),
    analyses: await rows('analyses'),
    history: await rows('history'),
  };
}

describe.each(DATABASE_TARGETS)('If-Match compared strongly on $name', (target) => {
  let h: StaffHarness;
  let editor: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    editor = await signedIn(h.app, 'editorA');
  });
  afterAll(() => h.close());

  it('a weak tag of the current version is refused with 412 and the value stays as it was', async () => {
    const read = await editor.get(ACTUAL);
    const etag = read.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"\d+"$/);
    expect(((await read.json()) as { value: string }).value).toBe('53');
    const before = await stored(h.handle.db);

    const weak = await put(editor, ACTUAL, { value: '99' }, `W/${etag}`);
    expect(weak.status).toBe(412);
    const body = (await weak.json()) as ApiError;
    expect(body.error.code).toBe('precondition_failed');
    expect(body.error.message).toMatch(JAPANESE);
    expect(body.error.message).toContain('W/');
    // A weak tag beside a strong stale one does not help either.
    expect((await put(editor, ACTUAL, { value: '99' }, `W/${etag}, "999999"`)).status).toBe(412);
    expect((await put(editor, ANALYSIS, { text: '弱い版' }, `W/${etag}`)).status).toBe(412);

    expect(await stored(h.handle.db)).toEqual(before);
    expect(((await (await editor.get(ACTUAL)).json()) as { value: string }).value).toBe('53');
  });

  it('"*" is refused with 428 (a write must name the version it was based on); nothing changes', async () => {
    const before = await stored(h.handle.db);
    const any = await put(editor, ACTUAL, { value: '99' }, '*');
    expect(any.status).toBe(428);
    const body = (await any.json()) as ApiError;
    expect(body.error.code).toBe('precondition_required');
    expect(body.error.message).toContain('「*」');
    expect(await stored(h.handle.db)).toEqual(before);
  });

  it('a malformed header is refused with 412 and a Japanese message; nothing changes', async () => {
    const before = await stored(h.handle.db);
    for (const header of ['7', 'w/"7"', '"7" "8"', '"7']) {
      const res = await put(editor, ACTUAL, { value: '99' }, header);
      expect(res.status).toBe(412);
      expect(((await res.json()) as ApiError).error.message).toMatch(JAPANESE);
    }
    expect(await stored(h.handle.db)).toEqual(before);
  });

  it('a list of strong tags is accepted when it names the current version, refused when it does not', async () => {
    const etag = (await editor.get(ACTUAL)).headers.get('etag') ?? '';
    const version = Number(etag.slice(1, -1));
    const before = await stored(h.handle.db);
    const stale = await put(editor, ACTUAL, { value: '54' }, `"${version + 5}", "${version + 6}"`);
    expect(stale.status).toBe(412);
    // Leading zeros make another tag: strong comparison is character by character.
    expect((await put(editor, ACTUAL, { value: '54' }, `"0${version}"`)).status).toBe(412);
    expect(await stored(h.handle.db)).toEqual(before);

    const saved = await put(editor, ACTUAL, { value: '54' }, `"${version + 5}", ${etag}`);
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe(`"${version + 1}"`);
    expect(((await saved.json()) as { value: string }).value).toBe('54');
  });
});
