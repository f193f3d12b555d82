// Recording an answer (src/app/answers.ts): the department scope is checked before anything is written, and an
// admin's entry for a department they do not belong to is recorded as 代理入力 — called directly, and reached from
// the answer form, the write API and the 調査票 alike.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAnswer } from '../../src/app/answers.ts';
import { Refusal, type Workspace } from '../../src/app/workspace.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields, unescapeHtml } from '../support/html-forms.ts';
import { ACCOUNTS, type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
/** オープンデータみやぎ推進事業: 企画部 デジタルみやぎ推進課 (editor B's department), one KPI. */
const OPEN_DATA = { measure: 'open-data-miyagi', kpi: 'open-data-datasets', department: 'kikaku-digital' };
/** 情報通信関連企業立地促進事業の推進: 企画部 産業デジタル推進課 (editor A's department). */
const ICT = {
  measure: 'ict-company-location',
  kpi: 'ict-company-locations',
  department: 'kikaku-sangyo-digital',
};

const actorOf = (account: keyof typeof ACCOUNTS): Actor => ({
  login: ACCOUNTS[account].login,
  role: ACCOUNTS[account].role,
  departments: ACCOUNTS[account].departments,
  requestId: null,
});

const cells = (value: string) => ({
  value,
  missing: null,
  marker: null,
  percent: false,
  approximate: false,
  provisional: true,
  note: null,
});

describe.each(DATABASE_TARGETS)('recording an answer on $name', (target) => {
  let h: StaffHarness;
  let ws: Workspace;
  beforeAll(async () => {
    h = await openStaffApp(target);
    ws = { db: h.handle.db, planId: h.planId, now: () => h.clock.now, logger: pino({ level: 'silent' }) };
  });
  afterAll(() => h.close());

  const plan = async () => (await h.source.fresh()).plan;
  const version = async (kpi: string) =>
    (
      await h.handle.db
        .selectFrom('kpi_values')
        .select('version')
        .where('plan_id', '=', h.planId)
        .where('kpi', '=', kpi)
        .where('kind', '=', 'actual')
        .where('fiscal_year', '=', FY)
        .executeTakeFirst()
    )?.version ?? 0;
  const snapshot = async () =>
    JSON.stringify([
      await h.handle.db.selectFrom('kpi_values').selectAll().orderBy('id').execute(),
      await h.handle.db.selectFrom('analyses').selectAll().orderBy('id').execute(),
      await h.handle.db.selectFrom('history').selectAll().orderBy('id').execute(),
    ]);
  const historyOf = (kpi: string) =>
    h.handle.db
      .selectFrom('history')
      .select(['actor', 'on_behalf_of', 'column_name', 'new_value'])
      .where('table_name', '=', 'kpi_values')
      .where(sql<string>`row_key->>'kpi'`, '=', kpi)
      .orderBy('id')
      .execute();

  it("refuses an editor another department's KPI and writes nothing", async () => {
    const before = await snapshot();
    const attempt = recordAnswer(ws, actorOf('editorA'), {
      plan: await plan(),
      fiscalYear: FY,
      answers: [
        {
          measure: OPEN_DATA.measure,
          changes: {
            actuals: new Map([
              [OPEN_DATA.kpi, { expectedVersion: await version(OPEN_DATA.kpi), next: cells('999') }],
            ]),
          },
        },
      ],
    });
    await expect(attempt).rejects.toBeInstanceOf(Refusal);
    await expect(attempt).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'KPI「オープンデータみやぎ公開数」は担当する所属の指標ではないため、変更できません。',
    });
    expect(await snapshot()).toBe(before);
  });

  it("refuses an editor another department's 要因分析 and writes nothing", async () => {
    const before = await snapshot();
    await expect(
      recordAnswer(ws, actorOf('editorA'), {
        plan: await plan(),
        fiscalYear: FY,
        answers: [
          {
            measure: OPEN_DATA.measure,
            changes: { actuals: new Map(), analysis: { expectedVersion: 0, next: '他所属の分析' } },
          },
        ],
      }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await snapshot()).toBe(before);
  });

  it("records an editor's own entry without 代理入力", async () => {
    const result = await recordAnswer(ws, actorOf('editorA'), {
      plan: await plan(),
      fiscalYear: FY,
      answers: [
        {
          measure: ICT.measure,
          changes: {
            actuals: new Map([[ICT.kpi, { expectedVersion: await version(ICT.kpi), next: cells('54') }]]),
          },
        },
      ],
    });
    expect(result).toEqual({ departments: [ICT.department], onBehalfOf: [] });
    const rows = await historyOf(ICT.kpi);
    expect(rows.filter((r) => r.column_name === 'value').at(-1)).toEqual({
      actor: 'editor-a',
      on_behalf_of: null,
      column_name: 'value',
      new_value: '54',
    });
  });

  it("records an admin's entry for a department as 代理入力 and the history page names the department", async () => {
    const result = await recordAnswer(ws, actorOf('admin'), {
      plan: await plan(),
      fiscalYear: FY,
      answers: [
        {
          measure: OPEN_DATA.measure,
          changes: {
            actuals: new Map([
              [OPEN_DATA.kpi, { expectedVersion: await version(OPEN_DATA.kpi), next: cells('361') }],
            ]),
          },
        },
      ],
    });
    expect(result).toEqual({ departments: [OPEN_DATA.department], onBehalfOf: [OPEN_DATA.department] });
    const rows = await historyOf(OPEN_DATA.kpi);
    expect(rows.filter((r) => r.column_name === 'value').at(-1)).toEqual({
      actor: 'admin1',
      on_behalf_of: 'kikaku-digital',
      column_name: 'value',
      new_value: '361',
    });
    h.source.invalidate();
    const admin = await signedIn(h.app, 'admin');
    const page = await admin.get(`/admin/measures/${OPEN_DATA.measure}/history`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('代理入力（企画部 デジタルみやぎ推進課）');
  });

  it('refuses a stale version with nothing written', async () => {
    const before = await snapshot();
    await expect(
      recordAnswer(ws, actorOf('admin'), {
        plan: await plan(),
        fiscalYear: FY,
        answers: [
          {
            changes: {
              actuals: new Map([
                [OPEN_DATA.kpi, { expectedVersion: (await version(OPEN_DATA.kpi)) - 1, next: cells('1') }],
              ]),
            },
          },
        ],
      }),
    ).rejects.toMatchObject({ name: 'VersionConflictError' });
    expect(await snapshot()).toBe(before);
  });
});

describe.each(DATABASE_TARGETS)(
  "an admin's 代理入力 from the form, the API and the 調査票 on $name",
  (target) => {
    let h: StaffHarness;
    let admin: Browser;
    beforeAll(async () => {
      h = await openStaffApp(target);
      admin = await signedIn(h.app, 'admin');
    });
    afterAll(() => h.close());

    /** The last recorded change of a KPI's value: who, for whom, what. */
    const lastValueChange = async (kpi: string) =>
      h.handle.db
        .selectFrom('history')
        .select(['actor', 'on_behalf_of', 'new_value'])
        .where('table_name', '=', 'kpi_values')
        .where('column_name', '=', 'value')
        .where(sql<string>`row_key->>'kpi'`, '=', kpi)
        .orderBy('id', 'desc')
        .executeTakeFirst();

    it('the answer form', async () => {
      const path = `/admin/measures/${OPEN_DATA.measure}/years/${FY}`;
      const fields = formFields(await (await admin.get(path)).text(), 'class="form-stack answer-form"');
      const saved = await admin.post(path, { ...fields, [`kpi.${OPEN_DATA.kpi}.value`]: '362' });
      expect(saved.status).toBe(303);
      expect(await lastValueChange(OPEN_DATA.kpi)).toEqual({
        actor: 'admin1',
        on_behalf_of: 'kikaku-digital',
        new_value: '362',
      });
    });

    it('the write API', async () => {
      const path = `/api/v1/admin/kpis/${ICT.kpi}/actuals/${FY}`;
      const etag = (await admin.get(path)).headers.get('etag') ?? '';
      const saved = await admin.request(path, {
        method: 'PUT',
        body: JSON.stringify({ value: '58' }),
        headers: { 'content-type': 'application/json', 'if-match': etag, 'x-csrf-token': admin.csrf ?? '' },
      });
      expect(saved.status).toBe(200);
      expect(await lastValueChange(ICT.kpi)).toEqual({
        actor: 'admin1',
        on_behalf_of: 'kikaku-sangyo-digital',
        new_value: '58',
      });
    });

    it('the 調査票', async () => {
      await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' });
      await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' });
      const base = `/admin/cycles/${FY}/surveys/${OPEN_DATA.department}`;
      const download = await admin.get(`${base}/workbook`);
      expect(download.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await download.arrayBuffer());
      const sheet = workbook.getWorksheet('調査票');
      let row = 0;
      sheet?.eachRow((r, n) => {
        if (String(r.getCell(2).value ?? '') === 'オープンデータみやぎ公開数') row = n;
      });
      expect(row).toBeGreaterThan(0);
      if (sheet !== undefined) sheet.getCell(`G${row}`).value = '363';
      const form = new FormData();
      form.set('_csrf', admin.csrf ?? '');
      form.set('file', new File([new Uint8Array(await workbook.xlsx.writeBuffer())], '調査票.xlsx'));
      const preview = await admin.request(base, { method: 'POST', body: form });
      expect(preview.status).toBe(200);
      const changes = unescapeHtml(/name="changes" value="([^"]+)"/.exec(await preview.text())?.[1] ?? '');
      const applied = await admin.post(`${base}/apply`, { changes });
      expect(applied.status).toBe(303);
      expect(await lastValueChange(OPEN_DATA.kpi)).toEqual({
        actor: 'admin1',
        on_behalf_of: 'kikaku-digital',
        new_value: '363',
      });
      // The department's answer became 入力中 in the same transaction, recorded as 代理入力 too.
      const state = await h.handle.db
        .selectFrom('history')
        .select(['new_value', 'on_behalf_of'])
        .where('table_name', '=', 'department_answers')
        .where('column_name', '=', 'state')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      expect(state).toEqual({ new_value: 'in_progress', on_behalf_of: 'kikaku-digital' });
    });
  },
);
