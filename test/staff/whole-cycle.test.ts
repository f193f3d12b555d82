// A prefecture's first year on the service, over HTTP: nine departments answer, only one of which has an account.
// The policy office (admin) enters the other eight departments' figures on their behalf from the staff home filtered
// to each department, submits for them from the board, approves every submitted answer at once, is shown the
// consistency check's errors when publishing, acknowledges them and publishes. History names each change made on a
// department's behalf as 代理入力, in Japanese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringDepartments } from '../../src/domain/campaign/campaign.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields, unescapeHtml } from '../support/html-forms.ts';
import { ACCOUNTS, type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
/** The one department with an account of its own (editor-b). */
const OWN = ACCOUNTS.editorB.departments[0];
/** The nine departments of the bundled plan, as its YAML lists them (code → 課名). */
const DIVISIONS: Readonly<Record<string, string>> = {
  'kikaku-digital': 'デジタルみやぎ推進課',
  'kikaku-sangyo-digital': '産業デジタル推進課',
  'kyoiku-kikaku': '教育企画室',
  'nosei-shokusangyo': '食産業振興課',
  'nosei-nogyo': '農業振興課',
  'nosei-nariwai': '農山漁村なりわい課',
  'somu-gyosei-keiei': '行政経営企画課',
  'somu-bunsho': '県政情報・文書課',
  'police-joho-kanri': '情報管理課',
};

/** The answer forms a staff home page links to (one per measure), in page order. */
const answerLinks = (html: string): string[] => [
  ...new Set(
    [...html.matchAll(/href="(\/admin\/measures\/[^"/]+\/years\/2024)"/g)].map((m) =>
      unescapeHtml(m[1] ?? ''),
    ),
  ),
];

/**
 * Saves a measure's answer as a person would: the form as served, every empty 実績 filled with 「—」 (no value this
 * year), and a sentence added to the analysis so that every answer records a change.
 */
async function answerMeasure(browser: Browser, path: string, sentence: string, proxy: boolean) {
  const form = await browser.get(path);
  expect(form.status).toBe(200);
  const html = await form.text();
  // The form says beforehand when the entry will be recorded as 代理入力.
  expect(html.includes('」として変更履歴に記録されます'), path).toBe(proxy);
  const fields = formFields(html, 'method="post"');
  for (const [name, value] of Object.entries(fields)) {
    if (/^kpi\..+\.value$/.test(name) && value.trim() === '') fields[name] = '—';
  }
  fields.analysis = `${fields.analysis ?? ''}${sentence}`;
  const saved = await browser.post(path, { ...fields, intent: 'save' });
  expect(saved.status, `${path}: ${saved.status}`).toBe(303);
}

describe.each(DATABASE_TARGETS)('a whole cycle with one department account on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target, { accounts: ['admin', 'editorB'] });
    admin = await signedIn(h.app, 'admin');
  });
  afterAll(() => h.close());

  it('is entered, submitted, approved and published by the policy office for the other eight', async () => {
    const departments = answeringDepartments(h.source.current.plan);
    expect(departments.sort()).toEqual(Object.keys(DIVISIONS).sort());

    expect(
      (await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' })).status,
    ).toBe(303);
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' })).status).toBe(303);

    // The admin enters and submits for the eight departments without an account.
    const others = departments.filter((d) => d !== OWN);
    expect(others).toHaveLength(8);
    for (const department of others) {
      const home = await admin.get(`/admin?department=${department}`);
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain(DIVISIONS[department]);
      expect(html).toContain('代理入力');
      const links = answerLinks(html);
      expect(links.length, department).toBeGreaterThan(0);
      for (const path of links) await answerMeasure(admin, path, '（政策企画課で代理入力）', true);
    }
    // Submitted once everything is entered: a change to a joint measure reopens its departments' answers.
    for (const department of others) {
      expect((await admin.post(`/admin/cycles/${FY}/answers/${department}/submit`, {})).status).toBe(303);
    }

    // The one department with an account answers and submits itself (after the admin: a
    // change to a joint measure it shares would otherwise reopen its submitted answer).
    const editor = await signedIn(h.app, 'editorB');
    const own = answerLinks(await (await editor.get('/admin')).text());
    expect(own.length).toBeGreaterThan(0);
    for (const path of own) await answerMeasure(editor, path, '（所属で確認）', false);
    expect((await editor.post(`/admin/cycles/${FY}/answers/${OWN}/submit`, {})).status).toBe(303);

    // The board: one row per department, all nine submitted; the admin approves them all at once.
    const board = await (await admin.get(`/admin/cycles/${FY}`)).text();
    for (const division of Object.values(DIVISIONS)) expect(board).toContain(division);
    expect(board.match(/<tr\b[^>]*data-department=/g) ?? []).toHaveLength(9);
    const bulk = formFields(board, `action="/admin/cycles/${FY}/answers/approve"`);
    const approved = await admin.post(`/admin/cycles/${FY}/answers/approve`, {
      ...bulk,
      scope: 'all-submitted',
    });
    expect(approved.status).toBe(303);
    const afterApproval = await (await admin.get(`/admin/cycles/${FY}`)).text();
    const states = [...afterApproval.matchAll(/<tr data-department="([^"]+)"[\s\S]*?<\/tr>/g)].map(
      (m) => (m[0].match(/承認済|提出済|入力中|未着手|差戻し/) ?? ['?'])[0],
    );
    expect(states).toEqual(Array(9).fill('承認済'));

    // Publishing shows the year's consistency errors and needs them acknowledged.
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'reviewing' })).status).toBe(303);
    const confirmation = await (await admin.get(`/admin/cycles/${FY}/publish`)).text();
    expect(confirmation).toContain('エラー');
    expect(confirmation).toContain('整合性チェックのエラーがあることを確認したうえで公表する');
    const publishFields = formFields(confirmation, `action="/admin/cycles/${FY}/publish"`);
    delete publishFields.acknowledge;
    const refused = await admin.post(`/admin/cycles/${FY}/publish`, { ...publishFields, reason: '' });
    expect(refused.status).toBe(400);
    expect(await (await h.app.request('/')).text()).not.toContain('第1版');
    const published = await admin.post(`/admin/cycles/${FY}/publish`, {
      ...publishFields,
      reason: '',
      acknowledge: '1',
    });
    expect(published.status).toBe(303);
    expect(await (await h.app.request('/')).text()).toContain('第1版');

    // History: every change the admin made for a department is 代理入力 for that department, in Japanese;
    // the department's own changes are not.
    const csv = await (await admin.get('/admin/history.csv')).text();
    const lines = csv.split('\n');
    for (const department of others) {
      const proxy = lines.filter(
        (l) => l.includes('admin1') && l.includes(`代理入力（`) && l.includes(DIVISIONS[department] ?? '?'),
      );
      expect(proxy.length, department).toBeGreaterThan(0);
    }
    expect(lines.filter((l) => l.includes('editor-b') && l.includes('代理入力'))).toEqual([]);
    const page = await (await admin.get('/admin/history')).text();
    expect(page).toMatch(/admin1・代理入力（[^）]+）/);
    // What staff read (text, not the filter's option values) has no table names or stored keys.
    const text = page.replace(/<[^>]*>/g, ' ');
    expect(text).not.toMatch(/on_behalf_of|department_answers|kpi_values|submitted|approved/);
  });
});
