// A whole collection campaign over HTTP: open → departments answer → one is late → return with a comment →
// corrected and approved → publish → the public site shows the published figures → edits after publication are
// refused → a correction makes 第2版 with its reason, and the published snapshot never moves with unpublished edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../src/db/backup.ts';
import { answeringDepartments, missingItems } from '../../src/domain/campaign/campaign.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { ACCOUNTS, type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
const A = ACCOUNTS.editorA.departments[0];
const B = ACCOUNTS.editorB.departments[0];

async function saveAnswer(browser: Browser, measure: string, values: Record<string, string>) {
  const path = `/admin/measures/${measure}/years/${FY}`;
  const fields = formFields(await (await browser.get(path)).text());
  return browser.post(path, { ...fields, ...values, intent: 'save' });
}

/** Puts a value (or an analysis) through the JSON API with the version just read. */
async function put(browser: Browser, path: string, body: unknown) {
  const current = await browser.get(path);
  return browser.request(path, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      'if-match': current.headers.get('etag') ?? '',
      'x-csrf-token': browser.csrf ?? '',
    },
  });
}

/** Publishes through the confirmation page, acknowledging the consistency errors it lists. */
async function publish(admin: Browser, reason: string, acknowledge = true) {
  const page = await (await admin.get(`/admin/cycles/${FY}/publish`)).text();
  const fields = formFields(page, `action="/admin/cycles/${FY}/publish"`);
  return admin.post(`/admin/cycles/${FY}/publish`, {
    ...fields,
    reason,
    ...(acknowledge ? { acknowledge: '1' } : {}),
  });
}

/** The admin completes a department's answer on its behalf (values '—' and a short analysis where missing). */
async function complete(h: StaffHarness, admin: Browser, department: string) {
  const plan = (await h.source.fresh()).plan;
  for (const item of missingItems(plan, department, FY)) {
    const response =
      item.kpiId !== undefined
        ? await put(admin, `/api/v1/admin/kpis/${item.kpiId}/actuals/${FY}`, {
            value: '—',
            provisional: false,
            note: null,
          })
        : await put(admin, `/api/v1/admin/measures/${item.measureId}/analyses/${FY}`, {
            text: '事業の状況を確認中。',
          });
    expect(response.status).toBe(200);
  }
}

describe.each(DATABASE_TARGETS)('a campaign over HTTP on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
  });
  afterAll(() => h.close());

  it('runs from opening to a corrected 第2版', async () => {
    const snapshot = async () => (await h.app.request('/data/download/shinchoku-plan.json')).text();
    // Open the year (準備中) and start collecting (照会中).
    expect(
      (await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' })).status,
    ).toBe(303);
    expect(await (await admin.get(`/admin/cycles/${FY}`)).text()).toContain('未着手');
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' })).status).toBe(303);

    // Department A answers in the browser and submits.
    const editor = await signedIn(h.app, 'editorA');
    expect(
      (await saveAnswer(editor, 'ict-company-location', { 'kpi.ict-company-locations.value': '57' })).status,
    ).toBe(303);
    expect(await (await editor.get('/admin')).text()).toContain('入力中');
    expect((await editor.post(`/admin/cycles/${FY}/answers/${A}/submit`, {})).status).toBe(303);
    // Department B is late: overdue on the board (the clock is past the due date) and on the reminder list.
    const board = await (await admin.get(`/admin/cycles/${FY}`)).text();
    expect(board).toContain('提出済');
    expect(board).toContain('期限超過');
    const reminders = await (await admin.get(`/admin/cycles/${FY}/reminders`)).text();
    expect(reminders).toContain('デジタルみやぎ推進課');
    expect(reminders).toContain('提出期限（2026-05-31）を過ぎております');
    const csv = await (await admin.get(`/admin/cycles/${FY}/board.csv`)).text();
    expect(csv).toContain('期限超過');

    // The admin returns A's answer with a comment; A sees it, corrects and submits again; the admin approves.
    expect(
      (
        await admin.post(`/admin/cycles/${FY}/answers/${A}/return`, {
          comment: '根拠資料の件数を確認してください',
        })
      ).status,
    ).toBe(303);
    expect(await (await editor.get('/admin')).text()).toContain('根拠資料の件数を確認してください');
    expect(
      (await saveAnswer(editor, 'ict-company-location', { 'kpi.ict-company-locations.value': '58' })).status,
    ).toBe(303);
    expect((await editor.post(`/admin/cycles/${FY}/answers/${A}/submit`, {})).status).toBe(303);
    expect((await admin.post(`/admin/cycles/${FY}/answers/${A}/approve`, {})).status).toBe(303);
    // An approved answer is closed to its department.
    const closed = await saveAnswer(editor, 'ict-company-location', {
      'kpi.ict-company-locations.value': '59',
    });
    expect(closed.status).toBe(409);

    // Every other department (B, late, included) is completed on its behalf, submitted and approved.
    const plan = (await h.source.fresh()).plan;
    for (const department of answeringDepartments(plan).filter((d) => d !== A)) {
      await complete(h, admin, department);
      expect((await admin.post(`/admin/cycles/${FY}/answers/${department}/submit`, {})).status).toBe(303);
      expect((await admin.post(`/admin/cycles/${FY}/answers/${department}/approve`, {})).status).toBe(303);
    }
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'reviewing' })).status).toBe(303);
    const before = await snapshot();
    expect((await publish(admin, '')).status).toBe(303);

    // The public site, API and report show the published figures.
    const after = await snapshot();
    expect(after).not.toBe(before);
    const measure = (await (await h.app.request('/api/v1/measures/ict-company-location')).json()) as {
      kpis: { years: { fiscalYear: number; actual: { text: string } | null }[] }[];
    };
    expect(JSON.stringify(measure)).toContain('"58"');
    expect(await (await h.app.request('/')).text()).toContain('第1版');
    const report = await (await h.app.request('/data/report/shinchoku-report.html')).text();
    expect(report).toContain('58');

    // After publication, department edits are refused.
    expect(
      (await saveAnswer(editor, 'ict-company-location', { 'kpi.ict-company-locations.value': '60' })).status,
    ).toBe(409);

    // A correction: unpublished edits do not move the published snapshot; publishing makes 第2版 with its reason.
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'correcting' })).status).toBe(303);
    const editorB = await signedIn(h.app, 'editorB');
    expect(
      (await saveAnswer(editorB, 'open-data-miyagi', { 'kpi.open-data-datasets.value': '348' })).status,
    ).toBe(409);
    const corrected = await saveAnswer(admin, 'open-data-miyagi', { 'kpi.open-data-datasets.value': '348' });
    expect(corrected.status).toBe(303);
    expect(await snapshot()).toBe(after);
    expect((await publish(admin, '')).status).toBe(400);
    expect((await publish(admin, 'オープンデータ公開数の集計漏れを訂正')).status).toBe(303);
    const top = await (await h.app.request('/')).text();
    expect(top).toContain('第2版');
    expect(top).toContain('オープンデータ公開数の集計漏れを訂正');
    expect(top).toMatch(/オープンデータみやぎ公開数 実績値<\/th><td>347[^<]*<\/td><td>348/);
    void B;

    // A backup carries the accounts, the campaign and both publications to another database.
    const copy = await target.open();
    try {
      await restoreDatabase(copy.db, await backupDatabase(h.handle.db), { replace: false });
      const count = async (db: typeof copy.db, table: 'users' | 'publications' | 'department_answers') =>
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      for (const table of ['users', 'publications', 'department_answers'] as const) {
        expect(Number(await count(copy.db, table))).toBe(Number(await count(h.handle.db, table)));
      }
      const documents = async (db: typeof copy.db) =>
        (await db.selectFrom('publications').select('document').orderBy('id').execute()).map(
          (r) => r.document,
        );
      expect(await documents(copy.db)).toEqual(await documents(h.handle.db));
      // The acknowledgement of the consistency errors travels with each publication.
      const gates = async (db: typeof copy.db) =>
        db
          .selectFrom('publications')
          .select(['error_count', 'warning_count', 'acknowledged_errors', 'acknowledged_by'])
          .orderBy('id')
          .execute();
      const restored = await gates(copy.db);
      expect(restored.map((r) => r.acknowledged_by)).toEqual(['admin1', 'admin1']);
      expect(restored).toEqual(await gates(h.handle.db));
    } finally {
      await copy.close();
    }
  });
});
