// History and the plan editor speak Japanese: after a real cycle (open, collect, answer, approve, publish) and an
// account change, the pages name tables, keys, fields and values in words — no table names, no JSON, no English
// enumerations — and the history comes 50 changes a page with links to the pages beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../src/db/repositories/user.repository.ts';
import { answeringDepartments, missingItems } from '../../src/domain/campaign/campaign.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields, unescapeHtml } from '../support/html-forms.ts';
import { ACCOUNTS, type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
const A = ACCOUNTS.editorA.departments[0];

/** The text a person reads: markup, attributes and the page's <head> removed. */
const visibleText = (html: string): string =>
  unescapeHtml(
    html
      .replace(/<head>[\s\S]*?<\/head>/, '')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' '),
  );

const TABLE_NAME = /\b[a-z]+(_[a-z]+)+\b/;
const ENGLISH_ENUM =
  /\b(baseline|target|actual|preparing|collecting|reviewing|published|correcting|not_started|in_progress|submitted|returned|approved|increase|decrease|priority|foundation|insert|update|delete|true|false)\b/;

/** Asserts that a page shows no stored identifiers: table names, JSON, English enum words. */
function expectJapaneseOnly(html: string): void {
  const text = visibleText(html);
  expect(text).not.toMatch(TABLE_NAME);
  expect(text).not.toContain('{"');
  expect(text).not.toMatch(ENGLISH_ENUM);
}

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

/** Opens FY2024, has department A answer in the form, completes the others, approves everything, publishes. */
async function runCycle(h: StaffHarness, admin: Browser): Promise<void> {
  expect(
    (await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' })).status,
  ).toBe(303);
  expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' })).status).toBe(303);
  const editor = await signedIn(h.app, 'editorA');
  const form = `/admin/measures/ict-company-location/years/${FY}`;
  const fields = formFields(await (await editor.get(form)).text());
  const saved = await editor.post(form, {
    ...fields,
    'kpi.ict-company-locations.value': '57',
    intent: 'save',
  });
  expect(saved.status).toBe(303);
  expect((await editor.post(`/admin/cycles/${FY}/answers/${A}/submit`, {})).status).toBe(303);
  expect((await admin.post(`/admin/cycles/${FY}/answers/${A}/approve`, {})).status).toBe(303);
  const plan = (await h.source.fresh()).plan;
  for (const department of answeringDepartments(plan).filter((d) => d !== A)) {
    for (const item of missingItems(plan, department, FY)) {
      const response =
        item.kpiId !== undefined
          ? await put(admin, `/api/v1/admin/kpis/${item.kpiId}/actuals/${FY}`, {
              value: '—',
              provisional: false,
              note: null,
            })
          : await put(admin, `/api/v1/admin/measures/${item.measureId}/analyses/${FY}`, { text: '確認中。' });
      expect(response.status).toBe(200);
    }
    expect((await admin.post(`/admin/cycles/${FY}/answers/${department}/submit`, {})).status).toBe(303);
    expect((await admin.post(`/admin/cycles/${FY}/answers/${department}/approve`, {})).status).toBe(303);
  }
  expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'reviewing' })).status).toBe(303);
  // Publishing goes through the confirmation page when there is one; the acknowledgement covers remaining errors.
  const confirmation = await admin.get(`/admin/cycles/${FY}/publish`);
  const shown =
    confirmation.status === 200
      ? formFields(await confirmation.text(), `action="/admin/cycles/${FY}/publish"`)
      : {};
  const published = await admin.post(`/admin/cycles/${FY}/publish`, {
    reason: '',
    ...shown,
    acknowledge: '1',
  });
  expect(published.status).toBe(303);
}

describe.each(DATABASE_TARGETS)('history and the plan editor in Japanese on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
    await runCycle(h, admin);
    const editor = await signedIn(h.app, 'editorB');
    const changed = await editor.post('/admin/account/password', {
      current: 'correct horse battery staple',
      new: '田んぼの畦道を歩いて帰る',
      confirm: '田んぼの畦道を歩いて帰る',
    });
    expect(changed.status).toBe(303);
  }, 120_000);
  afterAll(() => h.close());

  it('names the cycle, the answers, the values and the accounts in words', async () => {
    const cycles = await (await admin.get('/admin/history?table=reporting_cycles')).text();
    const cycleText = visibleText(cycles);
    // The four moves of the cycle, newest first: 確認中 → 公表済 first.
    expect(cycleText).toContain('照会 令和6年度 状態（変更） 確認中 公表済');
    expect(cycleText).toContain('照会 令和6年度 状態（変更） 照会中 確認中');
    expect(cycleText).toContain('照会 令和6年度 状態（変更） 準備中 照会中');
    expect(cycleText).toContain('照会 令和6年度 状態（追加） （なし） 準備中');
    expect(cycleText).toContain('全4件');
    expectJapaneseOnly(cycles);

    const answers = visibleText(await (await admin.get('/admin/history?table=department_answers')).text());
    expect(answers).toContain('所属の回答 企画部 産業デジタル推進課・令和6年度 状態（変更） 提出済 承認済');
    expect(answers).toContain('所属の回答 企画部 産業デジタル推進課・令和6年度 状態（変更） 入力中 提出済');

    const values = await (await admin.get('/admin/history?actor=editor-a&table=kpi_values')).text();
    expect(visibleText(values)).toContain(
      'KPI値 KPI 情報通信関連企業の県内立地件数・実績値・令和6年度 値（変更） 53 57',
    );
    expectJapaneseOnly(values);

    const accounts = await (await admin.get('/admin/history?table=users')).text();
    expect(visibleText(accounts)).toContain(
      'editor-b アカウント アカウント editor-b パスワード（変更） （なし） 本人が変更',
    );
    expectJapaneseOnly(accounts);
  });

  it('shows no stored identifiers on the first and the last page of the whole log, or a measure history', async () => {
    const first = await (await admin.get('/admin/history')).text();
    expectJapaneseOnly(first);
    const pages = Number(/（1\/(\d+)ページ）/.exec(visibleText(first))?.[1]);
    expect(pages).toBeGreaterThan(1);
    // The last page holds the bundled data's first rows: whole rows added, each cell with its header.
    const last = await (await admin.get(`/admin/history?page=${pages}`)).text();
    expectJapaneseOnly(last);
    expect(visibleText(last)).toContain('システム（同梱データの登録）');
    expect(visibleText(last)).toContain('行の追加');
    const measure = await (await admin.get('/admin/measures/ict-company-location/history')).text();
    expectJapaneseOnly(measure);
    expect(visibleText(measure)).toContain('KPI 情報通信関連企業の県内立地件数・実績値・令和6年度');
  });

  it('offers the tables by their Japanese names and refuses one not in the list', async () => {
    const page = await (await admin.get('/admin/history')).text();
    expect(page).toContain('<option value="reporting_cycles">照会</option>');
    expect(page).toContain('<option value="kpi_values">KPI値</option>');
    expect(page).toContain('<option value="users">アカウント</option>');
    const bad = await admin.get('/admin/history?table=pg_shadow');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('＊対象の表は一覧から選んでください。');
    expect((await admin.get('/admin/history.csv?table=pg_shadow')).status).toBe(400);
  });

  it('keeps the exact columns in the CSV and adds the change in words', async () => {
    const csv = await (await admin.get('/admin/history.csv?table=reporting_cycles')).text();
    const [header, newest] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      'changed_at_utc,actor,table,row_key,operation,column,old_value,new_value,request_id,on_behalf_of,日時（日本時間）,変更した人,表,対象,項目,変更前,変更後',
    );
    expect(newest).toMatch(
      /^[^,]+,admin1,reporting_cycles,"\{""fiscal_year"":2024\}",update,state,reviewing,published,[^,]*,,[^,]+,admin1,照会,令和6年度,状態（変更）,確認中,公表済$/,
    );
  });

  it('lists plan rows by name, with Japanese choices in the row form', async () => {
    const list = await (await admin.get('/admin/plan/kpi_values')).text();
    expectJapaneseOnly(list);
    expect(visibleText(list)).toContain('KPI オープンデータみやぎ公開数・目標値・令和6年度');
    expect(list).not.toContain('open-data-datasets / ');
    const key = encodeURIComponent(
      JSON.stringify({ kpi: 'open-data-datasets', kind: 'target', fiscal_year: 2024 }),
    );
    const form = await (await admin.get(`/admin/plan/kpi_values/row?key=${key}`)).text();
    expect(visibleText(form)).toContain('KPI値の編集: KPI オープンデータみやぎ公開数・目標値・令和6年度');
    expect(form).toContain('<option value="not-measured">未計測</option>');
    expect(form).toContain('<option value="exceed-previous-year">前年度越え</option>');
    expectJapaneseOnly(form);
    const kpis = await (await admin.get('/admin/plan/kpis')).text();
    expectJapaneseOnly(kpis);
    expect(visibleText(kpis)).toContain('KPI 情報通信関連企業の県内立地件数');
    const goals = await (await admin.get('/admin/plan/goals')).text();
    expectJapaneseOnly(goals);
  });

  it('names the column of a bad row key and the table, row and column of a refused change', async () => {
    const badKey = encodeURIComponent(
      JSON.stringify({ kpi: 'open-data-datasets', kind: 'target', fiscal_year: [] }),
    );
    const bad = await admin.get(`/admin/plan/kpi_values/row?key=${badKey}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('行の指定（key）の「年度」が不正です。');

    const key = encodeURIComponent(JSON.stringify({ id: 'open-data-miyagi' }));
    const path = `/admin/plan/measures/row?key=${key}`;
    const form = await (await admin.get(path)).text();
    expect(visibleText(form)).toContain('施策 : オープンデータみやぎ推進事業');
    const refused = await admin.post(path, { ...formFields(form), department: 'no-such' });
    expect(refused.status).toBe(400);
    const text = visibleText(await refused.text());
    expect(text).toMatch(/施策の\d+行目・所属コード: 所属コード「no-such」は「所属」の表にありません/);
    expect(text).not.toContain('measures[');
  });
});

describe.each(DATABASE_TARGETS)('history by pages on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
    // 120 changes by one actor, in order: the newest (120) comes first.
    for (let n = 1; n <= 120; n++) {
      await auditAccount(h.handle.db, 'pager', 'name', String(n - 1), String(n), { actor: 'pager-test' });
    }
  }, 120_000);
  afterAll(() => h.close());

  const newValues = (html: string) =>
    [...html.matchAll(/class="history-new"[^>]*>(\d+)</g)].map((m) => Number(m[1]));

  it('shows 50 a page, newest first, with the total and links to the pages beside it', async () => {
    const first = await (await admin.get('/admin/history?actor=pager-test')).text();
    expect(newValues(first)).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i));
    expect(visibleText(first)).toContain('全120件中 1〜50件目（1/3ページ）');
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('href="/admin/history?actor=pager-test&amp;page=2" rel="next"');

    const second = await (await admin.get('/admin/history?actor=pager-test&page=2')).text();
    expect(newValues(second)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
    expect(visibleText(second)).toContain('全120件中 51〜100件目（2/3ページ）');
    expect(second).toContain('href="/admin/history?actor=pager-test&amp;page=1" rel="prev"');
    expect(second).toContain('href="/admin/history?actor=pager-test&amp;page=3" rel="next"');
    // The CSV link holds every page of the same filter.
    expect(second).toContain('href="/admin/history.csv?actor=pager-test"');

    const third = await (await admin.get('/admin/history?actor=pager-test&page=3')).text();
    expect(newValues(third)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(visibleText(third)).toContain('全120件中 101〜120件目（3/3ページ）');
    expect(third).not.toContain('rel="next"');
  });

  it('says a page past the end does not exist and links to the last one', async () => {
    const response = await admin.get('/admin/history?actor=pager-test&page=4');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(visibleText(html)).toContain('4ページはありません。この条件の変更は全120件で、3ページまでです。');
    expect(html).toContain('href="/admin/history?actor=pager-test&amp;page=3"');
    expect(newValues(html)).toEqual([]);
  });

  it('refuses a page that is not a whole number from 1', async () => {
    for (const page of ['0', '-1', 'abc', '1.5']) {
      const response = await admin.get(`/admin/history?actor=pager-test&page=${page}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('＊ページは1以上の整数で指定してください。');
    }
    const measure = await admin.get('/admin/measures/ict-company-location/history?page=x');
    expect(measure.status).toBe(400);
  });

  it('the whole CSV of a filter holds every page', async () => {
    const csv = await (await admin.get('/admin/history.csv?actor=pager-test')).text();
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(121);
  });
});
