import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

describe.each(DATABASE_TARGETS)('editing a measure on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());

  it('an editor turns 未達成 into 達成 and the history shows old → new', async () => {
    const editor = await signedIn(h.app, 'editorA');
    const path = '/admin/measures/ict-company-location/years/2024';
    const form = await editor.get(path);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('未達成');
    const fields = formFields(html);
    expect(fields['kpi.ict-company-locations.value']).toBe('53');
    const preview = await editor.post(path, {
      ...fields,
      'kpi.ict-company-locations.value': '57',
      intent: 'preview',
    });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toMatch(/判定は「<[^>]+>【達成】/);
    const saved = await editor.post(path, {
      ...fields,
      'kpi.ict-company-locations.value': '57',
      intent: 'save',
    });
    expect(saved.status).toBe(303);
    const after = await (await editor.get(`${path}?saved=1`)).text();
    expect(after).toContain('保存しました');
    const history = await (await editor.get('/admin/measures/ict-company-location/history')).text();
    expect(history).toContain('editor-a');
    expect(history).toMatch(/class="history-old" data-label="変更前">53</);
    expect(history).toMatch(/class="history-new" data-label="変更後">57</);
    const top = await h.app.request('/api/v1/summary');
    expect(top.status).toBe(200);
  });

  it('an admin edits a target through the plan editor; changes that break the plan are refused', async () => {
    const admin = await signedIn(h.app, 'admin');
    const key = encodeURIComponent(
      JSON.stringify({ kpi: 'open-data-datasets', kind: 'target', fiscal_year: 2024 }),
    );
    const path = `/admin/plan/kpi_values/row?key=${key}`;
    const form = await (await admin.get(path)).text();
    const fields = formFields(form);
    expect(fields.value).toBe('500');
    const selects = { missing: '', percent: 'false', approximate: 'false', provisional: '', kind: 'target' };
    const snapshot = async () =>
      JSON.stringify(await h.handle.db.selectFrom('kpi_values').selectAll().orderBy('id').execute());
    const before = await snapshot();
    const bad = await admin.post(path, { ...fields, ...selects, value: 'abc' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('＊');
    expect(await snapshot()).toBe(before);
    const saved = await admin.post(path, { ...fields, ...selects, value: '340' });
    expect(saved.status).toBe(303);
    const page = await (await admin.get('/admin/measures/open-data-miyagi/years/2024')).text();
    expect(page).toContain('【達成】');

    const measureKey = encodeURIComponent(JSON.stringify({ id: 'open-data-miyagi' }));
    const measurePath = `/admin/plan/measures/row?key=${measureKey}`;
    const measureFields = formFields(await (await admin.get(measurePath)).text());
    const middle = await snapshot();
    const broken = await admin.post(measurePath, { ...measureFields, department: 'no-such-department' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('計画が成り立たない');
    expect(await snapshot()).toBe(middle);
    const name = await h.handle.db
      .selectFrom('measures' as never)
      .select('department' as never)
      .where('measure_id' as never, '=', 'open-data-miyagi' as never)
      .executeTakeFirst();
    expect(name).toEqual({ department: 'kikaku-digital' });
  });

  it('editors and viewers cannot open the plan editor', async () => {
    const editor = await signedIn(h.app, 'editorB');
    expect((await editor.get('/admin/plan')).status).toBe(403);
    const viewer = await signedIn(h.app, 'viewer');
    expect((await viewer.get('/admin/plan/kpis')).status).toBe(403);
  });

  it('records account changes in the history the admin reads', async () => {
    const editor = await signedIn(h.app, 'editorB');
    const changed = await editor.post('/admin/account/password', {
      current: 'correct horse battery staple',
      new: '田んぼの畦道を歩いて帰る',
      confirm: '田んぼの畦道を歩いて帰る',
    });
    expect(changed.status).toBe(303);
    const admin = await signedIn(h.app, 'admin');
    const log = await (await admin.get('/admin/history?table=&actor=editor-b')).text();
    expect(log).toContain('アカウント editor-b');
    expect(log).toContain('本人が変更');
    expect(log).not.toContain('$argon2');
  });
});
