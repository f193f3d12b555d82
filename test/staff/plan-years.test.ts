// Years entered on the staff side belong to the plan (domain/plan/period.ts): the answer form and the write API
// take the period and the year before it, a collection cycle only a year of the period, and the plan editor's
// re-validation refuses a save while a stored figure lies outside the period. Every refusal is in Japanese and
// changes nothing.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

/** Every table a refused year could have touched, as text. */
async function stored(db: Kysely<Database>): Promise<string> {
  const tables = ['kpi_values', 'analyses', 'reporting_cycles', 'department_answers', 'history'];
  const rows = await Promise.all(
    tables.map(async (t) => (await sql`select * from ${sql.table(t)} order by id`.execute(db)).rows),
  );
  return JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

// The seed's period is R3–R6 (FY2021–FY2024).
const R99 = '令和99年度（2117年度）は計画期間（令和3年度〜令和6年度）の外です';

describe.each(DATABASE_TARGETS)('years outside the plan on the staff side on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
  });
  afterAll(() => h.close());

  it('the answer form opens for the period and the year before it, and refuses other years', async () => {
    const form = (fy: string) => `/admin/measures/open-data-miyagi/years/${fy}`;
    expect((await admin.get(form('2020'))).status).toBe(200);
    expect((await admin.get(form('2024'))).status).toBe(200);
    const far = await admin.get(form('2117'));
    expect(far.status).toBe(404);
    expect(await far.text()).toContain(R99);
    const early = await admin.get(form('2019'));
    expect(early.status).toBe(404);
    expect(await early.text()).toContain('令和元年度（2019年度）は計画期間');
    const fields = formFields(await (await admin.get(form('2024'))).text(), 'class="form-stack answer-form"');
    const before = await stored(h.handle.db);
    const saved = await admin.post(form('2117'), {
      ...fields,
      'kpi.open-data-datasets.value': '999',
      intent: 'save',
    });
    expect(saved.status).toBe(404);
    expect(await saved.text()).toContain(R99);
    expect(await stored(h.handle.db)).toBe(before);
  });

  it('the write API refuses an actual of FY2117', async () => {
    const before = await stored(h.handle.db);
    const response = await admin.request('/api/v1/admin/kpis/open-data-datasets/actuals/2117', {
      method: 'PUT',
      body: JSON.stringify({ value: '999' }),
      headers: { 'content-type': 'application/json', 'if-match': '"0"', 'x-csrf-token': admin.csrf ?? '' },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain(R99);
    expect(await stored(h.handle.db)).toBe(before);
  });

  it('a cycle is opened only for a year of the period (not R99, not the year before it)', async () => {
    const before = await stored(h.handle.db);
    const far = await admin.post('/admin/cycles', { fiscal_year: 'R99', due_date: '' });
    expect(far.status).toBe(400);
    expect(await far.text()).toContain(`＊${R99}`);
    const early = await admin.post('/admin/cycles', { fiscal_year: 'R2', due_date: '' });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('報告年度は令和3年度〜令和6年度で入力してください');
    expect(await stored(h.handle.db)).toBe(before);
  });

  it("the plan editor's re-validation refuses a save while a stored figure lies outside the period", async () => {
    const db = h.handle.db;
    const actual2024 = () =>
      db
        .updateTable('kpi_values')
        .where('kpi', '=', 'open-data-datasets')
        .where('kind', '=', 'actual')
        .where('plan_id', '=', h.planId);
    // Stored before years were checked: the R6 actual of open-data-datasets written as R99.
    await actual2024().where('fiscal_year', '=', 2024).set({ fiscal_year: 2117 }).execute();
    const key = encodeURIComponent(
      JSON.stringify({ kpi: 'open-data-datasets', kind: 'target', fiscal_year: 2024 }),
    );
    const path = `/admin/plan/kpi_values/row?key=${key}`;
    const fields = formFields(await (await admin.get(path)).text(), 'class="form-stack"');
    const before = await stored(db);
    const refused = await admin.post(path, { ...fields, value: '501' });
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain('計画が成り立たない');
    // Staff read the problem in words; the file path of the stored figure is not shown on the staff screen.
    expect(text).toContain(`<li>${R99}`);
    expect(await stored(db)).toBe(before);
    // With the figure back in its year, the same save goes through.
    await actual2024().where('fiscal_year', '=', 2117).set({ fiscal_year: 2024 }).execute();
    expect((await admin.post(path, { ...fields, value: '501' })).status).toBe(303);
  });
});
