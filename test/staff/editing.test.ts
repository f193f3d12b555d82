import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const formFields = (html: string): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    fields[m[1] as string] = m[2] as string;
  return fields;
};

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
    expect(history).toMatch(/class="history-old">53</);
    expect(history).toMatch(/class="history-new">57</);
    const top = await h.app.request('/api/v1/summary');
    expect(top.status).toBe(200);
  });
});
