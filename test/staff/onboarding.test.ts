// A new organisation on the service, with no plan: its admin signs in under its 団体コード, sees 「最初の計画を作る」,
// is refused (in Japanese, naming the field, storing nothing) for a bad form and creates the plan with a good one;
// from the next request the organisation is served by the full app (its public pages, the plan editor) without a
// restart, while 宮城県 (the default organisation) answers as before. An organisation added after the service was
// built is served too. Editors, viewers and another organisation's session cannot create the plan.
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation } from '../../src/app/organisations.ts';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import { listOrganisationRows } from '../../src/db/repositories/organisation.repository.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { addAccountInUse } from '../support/accounts.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { Browser } from '../support/staff-app.ts';
import { tableDigests } from '../support/table-digest.ts';

/** 044245 大衡村 (宮城県黒川郡): added by the operator, no plan. */
const OHIRA = '044245';
/** 042129 登米市: added after the service app was built. */
const TOME = '042129';
const PASSWORD = 'Ohira-Staff-Passphrase-7';
const OPERATOR: Actor = { login: 'cli:operator', role: 'admin', departments: [], requestId: null };

/** Sessions are looked up and touched, failed logins counted: a refused request may change these only. */
const VOLATILE = new Set(['sessions', 'login_throttle']);
const digest = (db: Kysely<Database>) => tableDigests(db, VOLATILE);

/** A good form: period 2025–2029, report year left empty (the first year). */
const GOOD = {
  planCode: 'ohira-sogo',
  planName: '大衡村第五次総合計画',
  periodFrom: '2025',
  periodTo: '令和11年度',
  basicGoal: 'みんなでつくる住みよい村',
  reportYear: '',
  goalCode: 'kosodate',
  goalKind: 'priority',
  goalTitle: '子育てしやすい村',
  departmentCode: 'kikaku',
  bureau: '総務部',
  division: '企画財政課',
} as const;

describe.each(DATABASE_TARGETS)('a new organisation builds its first plan on $name', (target) => {
  let handle: DatabaseHandle;
  let service: ReturnType<typeof createServiceApp>;
  let miyagiSummary: string;

  /** A browser signed in to 大衡村 (or, with prefix '', to 宮城県) as `login`. */
  async function signIn(login: string, prefix = `/${OHIRA}`): Promise<Browser> {
    const browser = new Browser(service);
    const res = await browser.post(
      `${prefix}/admin/login`,
      { login, password: PASSWORD, next: '/admin' },
      { csrf: false },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${prefix}/admin`);
    await browser.refreshCsrf(`${prefix}/admin/account/password`);
    return browser;
  }

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    const { organisation } = await addOrganisation(handle, OPERATOR, { code: OHIRA });
    const hash = await hashPassword(PASSWORD);
    const scoped = handle.forOrganisation(organisation.id);
    for (const [login, role] of [
      ['ohira-admin', 'admin'],
      ['ohira-editor', 'editor'],
      ['ohira-viewer', 'viewer'],
    ] as const) {
      await addAccountInUse(scoped, {
        login,
        name: `大衡 ${login}`,
        role,
        departments: [],
        passwordHash: hash,
      });
    }
    // 宮城県's admin has the same login and password as 大衡村's.
    const [miyagi] = await listPlans(handle.db);
    if (miyagi === undefined) throw new Error('no seeded plan');
    const miyagiDb = handle.forOrganisation(miyagi.organisationId);
    await addAccountInUse(miyagiDb, {
      login: 'ohira-admin',
      name: '宮城 管理者',
      role: 'admin',
      departments: [],
      passwordHash: hash,
    });
    service = createServiceApp(
      await serveOrganisations(handle, await listPlans(handle.db), { logger: pino({ level: 'silent' }) }),
    );
    miyagiSummary = await (await service.request('/api/v1/summary')).text();
  }, 180_000);
  afterAll(() => handle?.close());

  it('before the plan: the public pages say so in Japanese (404), the API answers JSON 404, the lists leave it out', async () => {
    const page = await service.request(`/${OHIRA}/`);
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('大衡村の計画はまだ公開されていません');
    expect(html).toContain('<html lang="ja">');
    expect((await service.request(`/${OHIRA}/kpis`)).status).toBe(404);
    const api = await service.request(`/api/v1/organisations/${OHIRA}/summary`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const list = (await (await service.request('/api/v1/organisations')).json()) as {
      organisations: { code: string }[];
    };
    expect(list.organisations.map((o) => o.code)).toEqual(['040002']);
    // With one organisation that has a plan, / is still 宮城県's top page.
    expect(await (await service.request('/')).text()).toContain('宮城県');
  });

  it('its admin signs in at /{code}/admin and lands on the form 「最初の計画を作る」', async () => {
    const anonymous = new Browser(service);
    const res = await anonymous.get(`/${OHIRA}/admin`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/${OHIRA}/admin/login?next=%2Fadmin`);
    const admin = await signIn('ohira-admin');
    const form = await admin.get(`/${OHIRA}/admin`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('最初の計画を作る');
    expect(html).toContain(`action="/${OHIRA}/admin/first-plan"`);
    expect(Object.keys(formFields(html)).sort()).toEqual(
      [
        '_csrf',
        'basicGoal',
        'bureau',
        'departmentCode',
        'division',
        'goalCode',
        'goalKind',
        'goalTitle',
        'periodFrom',
        'periodTo',
        'planCode',
        'planName',
        'reportYear',
      ].sort(),
    );
    expect(html).toContain('<option value="priority" selected="">重点目標</option>');
    // One's own account (password, second factor), 職員アカウント and invitations work without a plan.
    expect((await admin.get(`/${OHIRA}/admin/account/password`)).status).toBe(200);
    const mfa = await admin.post(`/${OHIRA}/admin/account/mfa`, { intent: 'start' });
    expect(mfa.status).toBe(200);
    expect(await mfa.text()).toContain('二要素認証の登録');
    expect((await admin.get(`/${OHIRA}/admin/users`)).status).toBe(200);
    expect((await admin.get(`/${OHIRA}/admin/users/invitations`)).status).toBe(200);
    const out = await admin.post(`/${OHIRA}/admin/logout`, {});
    expect(out.status).toBe(303);
    expect((await admin.get(`/${OHIRA}/admin`)).status).toBe(303);
  });

  it.each([
    [
      'period from after to',
      { periodFrom: '2029', periodTo: '2025' },
      'periodTo',
      '計画期間（最終年度）: 計画期間の開始年度が終了年度より後になっています',
    ],
    [
      'report year outside the period',
      { reportYear: '2031' },
      'reportYear',
      '報告年度: 令和13年度（2031年度）は計画期間（令和7年度〜令和11年度）の外です',
    ],
    ['an empty plan name', { planName: '  ' }, 'planName', '計画の名称: 空欄にはできません'],
    [
      'a bad plan code',
      { planCode: 'Sogo Keikaku' },
      'planCode',
      '計画ID: コードは半角英小文字・数字・ハイフンで入力してください',
    ],
    [
      'a bad goal kind',
      { goalKind: 'vision' },
      'goalKind',
      '最初の目標の種類は 重点目標・基盤取組・分野 のいずれかを選んでください',
    ],
  ] as const)(
    'refuses %s in Japanese, naming the field, and stores nothing',
    async (_, change, field, message) => {
      const admin = await signIn('ohira-admin');
      const before = await digest(handle.db);
      const res = await admin.post(`/${OHIRA}/admin/first-plan`, { ...GOOD, ...change });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('計画を作成できません。何も保存していません。');
      expect(html).toContain(message);
      expect(html).toContain(`href="#f-${field}"`);
      // The form keeps what was typed.
      expect(html).toContain(`value="${GOOD.basicGoal}"`);
      expect(await digest(handle.db)).toEqual(before);
    },
  );

  it('an editor or a viewer sees that there is no plan yet and cannot create it', async () => {
    for (const login of ['ohira-editor', 'ohira-viewer']) {
      const browser = await signIn(login);
      const landing = await (await browser.get(`/${OHIRA}/admin`)).text();
      expect(landing).toContain('計画はまだありません');
      expect(landing).not.toContain('first-plan');
      const before = await digest(handle.db);
      expect((await browser.post(`/${OHIRA}/admin/first-plan`, GOOD)).status).toBe(403);
      expect(await digest(handle.db)).toEqual(before);
    }
  });

  it("宮城県's admin session (same login and password) cannot create 大衡村's plan", async () => {
    const miyagi = await signIn('ohira-admin', '');
    const before = await digest(handle.db);
    const res = await miyagi.post(`/${OHIRA}/admin/first-plan`, GOOD);
    expect(res.status).toBe(401);
    expect(await digest(handle.db)).toEqual(before);
  });

  it('a good form creates the plan; from the next request the full app serves it, without a restart', async () => {
    const admin = await signIn('ohira-admin');
    const res = await admin.post(`/${OHIRA}/admin/first-plan`, GOOD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/${OHIRA}/admin/plan`);
    const plans = (await listPlans(handle.db)).filter((p) => p.organisationCode === OHIRA);
    expect(plans.map((p) => [p.code, p.name, p.reportFiscalYear])).toEqual([
      ['ohira-sogo', '大衡村第五次総合計画', 2025],
    ]);
    // The same session goes on in the plan editor.
    const editor = await admin.get(`/${OHIRA}/admin/plan`);
    expect(editor.status).toBe(200);
    expect(await editor.text()).toContain('大衡村第五次総合計画');
    const goals = await (await admin.get(`/${OHIRA}/admin/plan/goals`)).text();
    expect(goals).toContain('子育てしやすい村');
    const top = await service.request(`/${OHIRA}/`);
    expect(top.status).toBe(200);
    const html = await top.text();
    expect(html).toContain('大衡村第五次総合計画');
    expect(html).toContain('大衡村');
    const list = (await (await service.request('/api/v1/organisations')).json()) as {
      organisations: { code: string; plan: string }[];
    };
    expect(list.organisations.map((o) => [o.code, o.plan])).toEqual([
      ['040002', 'みやぎ情報化推進ポリシー'],
      [OHIRA, '大衡村第五次総合計画'],
    ]);
    // Sent again: the plan is there, and the plan editor is the way to add to it.
    const again = await admin.post(`/${OHIRA}/admin/first-plan`, { ...GOOD, planCode: 'other' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('この団体には既に計画（計画ID「ohira-sogo」）があります');
    expect((await listPlans(handle.db)).filter((p) => p.organisationCode === OHIRA)).toHaveLength(1);
  });

  it('宮城県 (the default organisation) answers as before', async () => {
    expect(await (await service.request('/api/v1/summary')).text()).toBe(miyagiSummary);
    const top = await service.request('/040002/');
    expect(top.status).toBe(200);
    expect(await top.text()).toContain('みやぎ情報化推進ポリシー');
    const miyagi = await signIn('ohira-admin', '');
    expect((await miyagi.get('/admin/plan')).status).toBe(200);
  });

  it('an organisation added after the service app was built is served from its first request', async () => {
    expect((await service.request(`/${TOME}/admin/login`)).status).toBe(404);
    await addOrganisation(handle, OPERATOR, { code: TOME });
    const bySlug = await service.request('/miyagi-tome-shi/admin/login');
    expect(bySlug.status).toBe(200);
    expect(await bySlug.text()).toContain('登米市');
    const page = await service.request(`/${TOME}/`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('登米市の計画はまだ公開されていません');
  });
  it('計画の取込 without a plan: the starter workbook, then a file of the organisation becomes its first plan', async () => {
    // 登米市 was added in the test above, while the service ran; its admin is added now.
    const tome = (await listOrganisationRows(handle.db)).find((o) => o.code === TOME);
    if (tome === undefined) throw new Error('登米市 was not added');
    const scoped = handle.forOrganisation(tome.id);
    await addAccountInUse(scoped, {
      login: 'tome-admin',
      name: '登米 管理者',
      role: 'admin',
      departments: [],
      passwordHash: await hashPassword(PASSWORD),
    });
    const admin = await signIn('tome-admin', `/${TOME}`);
    const page = await (await admin.get(`/${TOME}/admin/plan/import`)).text();
    expect(page).toContain('登米市（042129）');
    expect(page).toContain('取り込んだファイルの内容が、この団体の最初の計画になります');
    expect(page).not.toContain('plan.xlsx');
    const starter = await admin.get(`/${TOME}/admin/plan/import/starter.xlsx`);
    expect(starter.status).toBe(200);
    expect(starter.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect((await admin.get(`/${TOME}/admin/plan/import/plan.xlsx`)).status).toBe(404);

    const upload = (document: unknown) => {
      const form = new FormData();
      form.set('_csrf', admin.csrf ?? '');
      form.set('file', new File([JSON.stringify(document)], '計画.json'));
      return admin.request(`/${TOME}/admin/plan/import`, { method: 'POST', body: form });
    };
    const document = {
      format: 'shinchoku-plan/1',
      organisation: { code: TOME, name: '登米市' },
      plan: {
        id: 'tome-sogo',
        name: '登米市総合計画',
        period: { from: 2026, to: 2030 },
        basicGoal: '水の里',
      },
      report: { fiscalYear: 2026, title: '令和8年度 進捗状況' },
      departments: [{ code: 'kikaku', bureau: '総務部', division: '企画課' }],
      goals: [{ code: 'kurashi', kind: 'area', title: '暮らし' }],
    };
    // Another organisation's file is refused and stores nothing.
    const before = await digest(handle.db);
    const other = await upload({ ...document, organisation: { code: OHIRA, name: '大衡村' } });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('ここで取り込めるのは 登米市（042129）の計画だけです');
    // The preview stores nothing either.
    const preview = await upload(document);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(await digest(handle.db)).toEqual(before);
    const token = /name="upload" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const done = await admin.post(`/${TOME}/admin/plan/import/confirm`, { upload: token });
    expect(done.status).toBe(200);
    expect(
      (await listPlans(handle.db)).filter((p) => p.organisationCode === TOME).map((p) => p.code),
    ).toEqual(['tome-sogo']);
    // From the next request the full app serves 登米市, at its code and its slug.
    const top = await service.request('/miyagi-tome-shi/');
    expect(top.status).toBe(200);
    expect(await top.text()).toContain('登米市総合計画');
    expect((await admin.get(`/${TOME}/admin/plan`)).status).toBe(200);
  });
});
