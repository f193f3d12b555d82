// The publication gate over HTTP, on the bundled Miyagi data: the confirmation page lists the year's consistency
// errors in Japanese; publishing without acknowledging them is refused and stores nothing; acknowledged, the
// publication records who acknowledged which errors, and the list of cycles and the history say so. Corrections
// (第2版) pass the same gate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringDepartments, missingItems } from '../../src/domain/campaign/campaign.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;

/** The admin completes a department's answer on its behalf ('—' for missing values, a short analysis). */
async function complete(h: StaffHarness, admin: Browser, department: string) {
  const plan = (await h.source.fresh()).plan;
  for (const item of missingItems(plan, department, FY)) {
    const path =
      item.kpiId !== undefined
        ? `/api/v1/admin/kpis/${item.kpiId}/actuals/${FY}`
        : `/api/v1/admin/measures/${item.measureId}/analyses/${FY}`;
    const body =
      item.kpiId !== undefined ? { value: '—', provisional: false, note: null } : { text: '確認中。' };
    const current = await admin.get(path);
    const response = await admin.request(path, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        'if-match': current.headers.get('etag') ?? '',
        'x-csrf-token': admin.csrf ?? '',
      },
    });
    expect(response.status).toBe(200);
  }
}

describe.each(DATABASE_TARGETS)('the publication gate on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
    expect((await admin.post('/admin/cycles', { fiscal_year: String(FY) })).status).toBe(303);
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' })).status).toBe(303);
    for (const department of answeringDepartments((await h.source.fresh()).plan)) {
      await complete(h, admin, department);
      expect((await admin.post(`/admin/cycles/${FY}/answers/${department}/submit`, {})).status).toBe(303);
      expect((await admin.post(`/admin/cycles/${FY}/answers/${department}/approve`, {})).status).toBe(303);
    }
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'reviewing' })).status).toBe(303);
  });
  afterAll(() => h.close());

  const publications = async () => h.handle.db.selectFrom('publications').selectAll().orderBy('id').execute();
  const historyCount = async () =>
    Number(
      (
        await h.handle.db
          .selectFrom('history')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const confirmation = async () => {
    const page = await admin.get(`/admin/cycles/${FY}/publish`);
    expect(page.status).toBe(200);
    return page.text();
  };

  it('lists the errors and warnings in Japanese on the confirmation page, codes left out', async () => {
    const html = await confirmation();
    // `shinchoku check` on the bundled file: 6 errors, 9 warnings. The 4 measures whose missing actuals were
    // entered as 「—」 (measures[3], [4], [9], [25]) can no longer be judged: 4 more errors (published label
    // 【達成】/【未達成】 against 【判定不能】). Warnings are unchanged: 9.
    expect(html).toContain('エラー（10件）');
    expect(html).toContain('警告（9件）');
    expect(html).toContain(
      'D for Localの決算額「29.0億円」が、明細（2,893,353千円）を四捨五入した「28.9億円」と一致しません',
    );
    expect(html).toContain(
      '「みやぎFree Wi-Fi導入箇所数」は累計の指標ですが、実績値（491）が基準値（915）を下回っています',
    );
    expect(html).toContain('公表された判定【達成】が、データから求めた判定【判定不能】と一致しません。');
    expect(html).toContain('「テレビ会議対応端末数」は割合（%）の指標ですが');
    expect(html).toContain('整合性チェックのエラーがあることを確認したうえで公表する（エラー10件）');
    expect(html).not.toContain('summary-figure-mismatch');
    expect(html).not.toContain('publishedSummaries');
    // The board links to it; an editor may not open it.
    expect(await (await admin.get(`/admin/cycles/${FY}`)).text()).toContain(
      `href="/admin/cycles/${FY}/publish"`,
    );
    const editor = await signedIn(h.app, 'editorA');
    expect((await editor.get(`/admin/cycles/${FY}/publish`)).status).toBe(403);
  });

  it('refuses to publish with errors unacknowledged (400) or changed since shown (409), storing nothing', async () => {
    const fields = formFields(await confirmation(), 'action="/admin/cycles/2024/publish"');
    expect(fields.errors_shown).toBe('10');
    expect(fields.acknowledge).toBeUndefined();
    const history = await historyCount();
    const refused = await admin.post(`/admin/cycles/${FY}/publish`, fields);
    expect(refused.status).toBe(400);
    const message = await refused.text();
    expect(message).toContain('令和6年度の整合性チェックにエラーが10件あります');
    expect(message).toContain(
      '「整合性チェックのエラーがあることを確認したうえで公表する」にチェックを入れてください',
    );
    // Acknowledged on a page that showed another count: the person did not see these errors.
    const stale = await admin.post(`/admin/cycles/${FY}/publish`, {
      ...fields,
      acknowledge: '1',
      errors_shown: '6',
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('エラー 6件 → 10件');
    const noCount = await admin.post(`/admin/cycles/${FY}/publish`, { reason: '', acknowledge: '1' });
    expect(noCount.status).toBe(409);
    expect(await publications()).toEqual([]);
    expect(await historyCount()).toBe(history);
    expect(await (await admin.get(`/admin/cycles/${FY}`)).text()).toContain('確認中');
  });

  it('publishes when acknowledged, recording who acknowledged which errors; corrections pass the same gate', async () => {
    const fields = formFields(await confirmation(), 'action="/admin/cycles/2024/publish"');
    const published = await admin.post(`/admin/cycles/${FY}/publish`, { ...fields, acknowledge: '1' });
    expect(published.status).toBe(303);
    const [first] = await publications();
    expect(first?.revision).toBe(1);
    expect(first?.error_count).toBe(10);
    expect(first?.warning_count).toBe(9);
    expect(first?.acknowledged_by).toBe('admin1');
    const codes = (JSON.parse(first?.acknowledged_errors ?? '[]') as { code: string }[]).map((e) => e.code);
    expect(codes.sort()).toEqual(
      [
        ...Array(4).fill('summary-figure-mismatch'),
        ...Array(4).fill('published-label-mismatch'),
        'published-label-multiple',
        'cumulative-below-baseline',
      ].sort(),
    );
    const entry = await h.handle.db
      .selectFrom('history')
      .selectAll()
      .where('table_name', '=', 'publications')
      .executeTakeFirstOrThrow();
    expect([entry.column_name, entry.new_value, entry.actor]).toEqual([
      'acknowledged_errors',
      '10',
      'admin1',
    ]);
    const history = await (await admin.get('/admin/history?table=publications')).text();
    expect(history).toContain('確認のうえ公表したエラーの件数');
    expect(history).not.toContain('acknowledged_errors');
    expect(await (await admin.get('/admin/cycles')).text()).toContain(
      '整合性チェックのエラー10件を確認のうえ公表（admin1）',
    );

    // 第2版: a reason alone is not enough while the errors remain.
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'correcting' })).status).toBe(303);
    const correction = formFields(await confirmation(), 'action="/admin/cycles/2024/publish"');
    const reason = '注記の追加';
    expect((await admin.post(`/admin/cycles/${FY}/publish`, { ...correction, reason })).status).toBe(400);
    expect((await publications()).length).toBe(1);
    expect(
      (await admin.post(`/admin/cycles/${FY}/publish`, { ...correction, reason, acknowledge: '1' })).status,
    ).toBe(303);
    const second = (await publications())[1];
    expect([second?.revision, second?.error_count, second?.acknowledged_by]).toEqual([2, 10, 'admin1']);

    // Published again (公表済): no confirmation page and no publication until a correction is started.
    expect((await admin.get(`/admin/cycles/${FY}/publish`)).status).toBe(409);
    const again = await admin.post(`/admin/cycles/${FY}/publish`, {
      ...correction,
      reason,
      acknowledge: '1',
    });
    expect(again.status).toBe(409);
    expect((await publications()).length).toBe(2);
  });
});
