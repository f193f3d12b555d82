// The staff home for one department (/admin?department=所属コード, the campaign board's 「この所属の入力」): that
// department's measures under 「○○課の施策」, a note for an admin that entries will be recorded as 代理入力, an
// unknown code refused naming the field, and an editor kept to their own departments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const OPEN_DATA = 'オープンデータみやぎ推進事業';
const ICT = '情報通信関連企業立地促進事業の推進';
const PROXY_NOTE = '「代理入力（企画部 デジタルみやぎ推進課）」として変更履歴に記録されます';

describe.each(DATABASE_TARGETS.slice(0, 1))('the staff home for one department on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  let editorA: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
    editorA = await signedIn(h.app, 'editorA');
  });
  afterAll(() => h.close());

  it("an admin sees the chosen department's measures and the 代理入力 note", async () => {
    const response = await admin.get('/admin?department=kikaku-digital');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h2>デジタルみやぎ推進課の施策</h2>');
    expect(html).toContain(PROXY_NOTE);
    expect(html).toContain(OPEN_DATA);
    expect(html).not.toContain(ICT);
    expect(html).toMatch(/<option value="kikaku-digital" selected="">企画部 デジタルみやぎ推進課<\/option>/);
  });

  it('without a department an admin sees every measure, no heading for a department and no note', async () => {
    const html = await (await admin.get('/admin')).text();
    expect(html).toContain(OPEN_DATA);
    expect(html).toContain(ICT);
    expect(html).not.toContain('課の施策</h2>');
    expect(html).not.toContain('代理入力');
  });

  it('an unknown department is a 400 page in Japanese naming the field', async () => {
    const response = await admin.get('/admin?department=no-such-division');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('所属「no-such-division」は登録されていません');
  });

  it('an editor sees their own department without a note, and is refused another department', async () => {
    const own = await editorA.get('/admin?department=kikaku-sangyo-digital');
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain('<h2>産業デジタル推進課の施策</h2>');
    expect(html).toContain(ICT);
    expect(html).not.toContain(OPEN_DATA);
    expect(html).not.toContain('代理入力');
    expect((await editorA.get('/admin?department=kikaku-digital')).status).toBe(403);
  });
});
