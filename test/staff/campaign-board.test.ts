// The compact progress board over HTTP: one row per department with its actions in a 「操作」 menu, submitting on a
// department's behalf from it, and approving several submitted answers at once (POST …/answers/approve).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
const BOARD = `/admin/cycles/${FY}`;
/** Complete in the seed for FY2024 (nothing missing), and one with an actual missing. */
const SANGYO = 'kikaku-sangyo-digital';
const NOGYO = 'nosei-nogyo';
const BUNSHO = 'somu-bunsho';
const DIGITAL = 'kikaku-digital';

/** Posts the bulk approval form with repeated `department` fields, as the board's checkboxes send them. */
function approveSelected(browser: Browser, fields: [string, string][]) {
  const body = new URLSearchParams([...fields, ['_csrf', browser.csrf ?? '']]);
  return browser.request(`${BOARD}/answers/approve`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const rowsOf = (html: string) => [...html.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);

describe.each(DATABASE_TARGETS)('the progress board on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  const stateOf = async (department: string) =>
    (
      await h.handle.db
        .selectFrom('department_answers')
        .select('state')
        .where('department', '=', department)
        .executeTakeFirstOrThrow()
    ).state;

  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
    expect(
      (await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' })).status,
    ).toBe(303);
    expect((await admin.post(`${BOARD}/state`, { to: 'collecting' })).status).toBe(303);
  });
  afterAll(() => h.close());

  it('has one row per answering department (9 in the seed), each with its 「操作」 menu', async () => {
    const html = await (await admin.get(BOARD)).text();
    const rows = rowsOf(html);
    expect(rows).toHaveLength(9);
    expect(new Set(rows).size).toBe(9);
    expect(rows).toContain('総務部 県政情報・文書課');
    expect(html.match(/<details class="row-menu">/g)).toHaveLength(9);
    expect(html).toContain(`href="/admin?department=${DIGITAL}"`);
    expect(html).toContain(`href="${BOARD}/surveys/${DIGITAL}"`);
    // A complete answer can be submitted on the department's behalf; an incomplete one says why not.
    expect(html).toContain(`action="${BOARD}/answers/${NOGYO}/submit"`);
    expect(html).not.toContain(`action="${BOARD}/answers/${DIGITAL}/submit"`);
    expect(html).toContain('未入力が1件あるため、まだ提出できません。');
    // Nothing submitted yet: no selection and no bulk approval.
    expect(html).not.toContain('選択した回答を承認');
  });

  it('a viewer sees the rows without the menu', async () => {
    const viewer = await signedIn(h.app, 'viewer');
    const html = await (await viewer.get(BOARD)).text();
    expect(rowsOf(html)).toHaveLength(9);
    expect(html).not.toContain('row-menu');
    expect(html).not.toContain('<th scope="col">操作</th>');
  });

  it('代理で提出 from the menu submits for the department and history names it', async () => {
    for (const department of [SANGYO, NOGYO, BUNSHO]) {
      expect((await admin.post(`${BOARD}/answers/${department}/submit`, {})).status).toBe(303);
    }
    const onBehalf = await h.handle.db
      .selectFrom('history')
      .select('on_behalf_of')
      .where('table_name', '=', 'department_answers')
      .where('new_value', '=', 'submitted')
      .orderBy('id')
      .execute();
    expect(onBehalf.map((r) => r.on_behalf_of)).toEqual([SANGYO, NOGYO, BUNSHO]);
    const html = await (await admin.get(BOARD)).text();
    expect(html.match(/name="department" value="[^"]+" form="bulk-approve"/g)).toHaveLength(3);
    expect(html).toContain('提出済みをすべて承認（3所属）');
  });

  it('approving a selection with one not submitted: 409 naming it, nothing approved', async () => {
    const res = await approveSelected(admin, [
      ['department', SANGYO],
      ['department', DIGITAL],
      ['scope', 'selected'],
    ]);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('企画部 デジタルみやぎ推進課の回答は「未着手」のため承認できません');
    expect(await stateOf(SANGYO)).toBe('submitted');
  });

  it('an empty selection is refused (400); a selection is approved; then the rest with 「すべて」', async () => {
    expect((await approveSelected(admin, [['scope', 'selected']])).status).toBe(400);
    const res = await approveSelected(admin, [
      ['department', SANGYO],
      ['department', NOGYO],
      ['scope', 'selected'],
    ]);
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location') ?? '')).toBe(
      `${BOARD}?done=2所属の回答を承認しました。`,
    );
    expect([await stateOf(SANGYO), await stateOf(NOGYO), await stateOf(BUNSHO)]).toEqual([
      'approved',
      'approved',
      'submitted',
    ]);
    expect((await approveSelected(admin, [['scope', 'all-submitted']])).status).toBe(303);
    expect(await stateOf(BUNSHO)).toBe('approved');
  });

  it('editors and viewers are refused the bulk approval and nothing changes', async () => {
    expect(
      (await admin.post(`${BOARD}/answers/${SANGYO}/return`, { comment: '確認をお願いします' })).status,
    ).toBe(303);
    expect((await admin.post(`${BOARD}/answers/${SANGYO}/submit`, {})).status).toBe(303);
    for (const account of ['editorA', 'viewer'] as const) {
      const browser = await signedIn(h.app, account);
      expect((await approveSelected(browser, [['scope', 'all-submitted']])).status).toBe(403);
    }
    expect(await stateOf(SANGYO)).toBe('submitted');
  });
});
