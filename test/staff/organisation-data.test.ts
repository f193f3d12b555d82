// 「団体のデータ」 over HTTP on a service of two organisations (宮城県, the default, and 七ヶ宿町), on PGlite and on a
// PostgreSQL server: the admin downloads a zip holding exactly the files `shinchoku organisation export` writes (no
// password hashes), grants and withdraws 運営者への閲覧許可 with the page saying so; bad 有効期間 is refused naming the
// field and nothing changes; editors and viewers get 403; the other organisation's admin gets only its own data.
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation } from '../../src/app/organisations.ts';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { listPlans, savePlan } from '../../src/db/plan-store.ts';
import { insertUser } from '../../src/db/repositories/user.repository.ts';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { readZip } from '../../src/io/zip/zip-read.ts';
import { addAccountInUse } from '../support/accounts.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { planFrom, seedDocument } from '../support/plans.ts';
import { Browser } from '../support/staff-app.ts';
import { tableDigests } from '../support/table-digest.ts';

const TOWN = '043028';
/** 大衡村: an organisation without a plan yet. */
const OHIRA = '044245';
const PASSWORD = 'Organisation-Data-Passphrase-1';
const ACCOUNTS = [
  { login: 'admin1', role: 'admin', departments: [] },
  { login: 'editor-a', role: 'editor', departments: ['kikaku-digital'] },
  { login: 'viewer1', role: 'viewer', departments: [] },
] as const;

/** The files `shinchoku organisation export` writes for the seeded plan (test/cli/organisation.test.ts). */
const EXPORT_FILES = [
  'README.txt',
  'アカウント.csv',
  'アカウントの担当課.csv',
  '公表.csv',
  '報告サイクル.csv',
  '変更履歴.csv',
  '所属の回答.csv',
  '計画/miyagi-joho-policy.json',
  '計画/miyagi-joho-policy.xlsx',
].sort();

const VOLATILE = new Set(['sessions', 'login_throttle']);
const digest = (db: Kysely<Database>) => tableDigests(db, VOLATILE);

/** The page's text without markup, for the phrases a person reads. */
const textOf = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe.each(DATABASE_TARGETS)('団体のデータ on $name', (target) => {
  let handle: DatabaseHandle;
  let service: ReturnType<typeof createServiceApp>;
  // 2026-12-06 09:00 in Japan.
  const clock = { now: new Date('2026-12-06T00:00:00Z') };
  const browsers: Record<string, Browser> = {};

  async function signIn(prefix: string, login: string, address: string): Promise<Browser> {
    const browser = new Browser(service, address);
    const response = await browser.post(
      `${prefix}/admin/login`,
      { login, password: PASSWORD, next: '/admin' },
      { csrf: false },
    );
    expect(response.status, `${login} at ${prefix}`).toBe(303);
    await browser.refreshCsrf(`${prefix}/admin/account/password`);
    return browser;
  }

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    const document = seedDocument();
    document.organisation = { code: TOWN, name: '七ヶ宿町' };
    await savePlan(handle.db, planFrom(document), { actor: 'system:test' });
    const plans = await listPlans(handle.db);
    const hash = await hashPassword(PASSWORD);
    for (const plan of plans) {
      const db = handle.forOrganisation(plan.organisationId);
      for (const account of ACCOUNTS) {
        await insertUser(db, {
          ...account,
          name: `${plan.organisationName} ${account.login}`,
          passwordHash: hash,
        });
      }
      await db.updateTable('users').set({ must_change_password: false }).execute();
    }
    // 大衡村: on the service without a plan yet (the onboarding app), with its admin.
    const ohira = await addOrganisation(
      handle,
      { login: 'cli:operator', role: 'admin', departments: [], requestId: null },
      {
        code: OHIRA,
      },
    );
    await addAccountInUse(handle.forOrganisation(ohira.organisation.id), {
      login: 'admin1',
      name: '大衡村 admin1',
      role: 'admin',
      departments: [],
      passwordHash: hash,
    });
    service = createServiceApp(
      await serveOrganisations(handle, plans, { now: () => clock.now, logger: pino({ level: 'silent' }) }),
    );
    browsers.admin = await signIn('', 'admin1', '198.51.100.1');
    browsers.editor = await signIn('', 'editor-a', '198.51.100.2');
    browsers.viewer = await signIn('', 'viewer1', '198.51.100.3');
    browsers.townAdmin = await signIn(`/${TOWN}`, 'admin1', '198.51.100.4');
    browsers.ohiraAdmin = await signIn(`/${OHIRA}`, 'admin1', '198.51.100.5');
  }, 240_000);
  afterAll(() => handle?.close());

  const admin = () => browsers.admin as Browser;

  it('the admin’s page says no grant is in force and offers the download and the grant form', async () => {
    const response = await admin().get('/admin/organisation');
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain('現在: 許可なし');
    expect(text).toContain('データ一式をダウンロード');
    expect(text).toContain('有効期間（日）');
    expect(text).toContain('まだ記録はありません。');
    expect(text).not.toContain('許可を取り消す');
  });

  it('editors and viewers get 403 for the page, the download and the grant, and nothing changes', async () => {
    const before = await digest(handle.db);
    for (const name of ['editor', 'viewer']) {
      const browser = browsers[name] as Browser;
      expect((await browser.get('/admin/organisation')).status, name).toBe(403);
      const zip = await browser.post('/admin/organisation/data.zip', {});
      expect(zip.status, name).toBe(403);
      expect(zip.headers.get('content-type')).not.toContain('zip');
      expect((await browser.post('/admin/organisation/access', { days: '7', reason: '' })).status).toBe(403);
      expect((await browser.post('/admin/organisation/access/withdraw', {})).status).toBe(403);
    }
    expect(await digest(handle.db)).toEqual(before);
  });

  it.each([
    ['0', '有効期間: 有効期間は1〜30日の整数（半角数字）で指定してください。'],
    ['31', '有効期間: 有効期間は1〜30日の整数（半角数字）で指定してください。'],
    ['abc', '有効期間: 有効期間は1〜30日の整数（半角数字）で指定してください。'],
  ])(
    '有効期間 「%s」 is refused (400) naming the field, the input kept, nothing stored',
    async (days, message) => {
      const before = await digest(handle.db);
      const response = await admin().post('/admin/organisation/access', { days, reason: '移行のため' });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(textOf(html)).toContain('運営者への閲覧許可を出せません。');
      expect(textOf(html)).toContain(message);
      expect(html).toContain(`value="${days}"`);
      expect(html).toContain('value="移行のため"');
      expect(await digest(handle.db)).toEqual(before);
    },
  );

  it('withdrawing when nothing is granted is refused (409) and changes nothing', async () => {
    const before = await digest(handle.db);
    const response = await admin().post('/admin/organisation/access/withdraw', {});
    expect(response.status).toBe(409);
    expect(textOf(await response.text())).toContain('取り消す許可はありません');
    expect(await digest(handle.db)).toEqual(before);
  });

  it('a grant for 7 days shows as 「12月13日9時まで許可（理由）」 with its record; withdrawing shows 許可なし', async () => {
    const granted = await admin().post('/admin/organisation/access', {
      days: '7',
      reason: 'データ移行の支援のため',
    });
    expect(granted.status).toBe(303);
    expect(granted.headers.get('location')).toBe('/admin/organisation?done=granted');
    let text = textOf(await (await admin().get('/admin/organisation?done=granted')).text());
    expect(text).toContain('運営者への閲覧許可を出しました。');
    expect(text).toContain('現在: 12月13日9時まで許可（データ移行の支援のため）（許可した人: admin1）');
    expect(text).toContain('許可の期限: 2026-12-13 09:00（日本時間）、理由: データ移行の支援のため');
    expect(text).toContain('許可を取り消す');

    const withdrawn = await admin().post('/admin/organisation/access/withdraw', {});
    expect(withdrawn.status).toBe(303);
    text = textOf(await (await admin().get('/admin/organisation?done=withdrawn')).text());
    expect(text).toContain('運営者への閲覧許可を取り消しました。');
    expect(text).toContain('現在: 許可なし');
    expect(text).toContain('許可の取り消し');
    // Stored identifiers stay off the page.
    expect(text).not.toMatch(/operator_access|granted_until|organisation_exports/);
  });

  it('the admin downloads a zip of exactly the export’s files, with no password hash, and the download is recorded', async () => {
    const response = await admin().post('/admin/organisation/data.zip', {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="shinchoku-040002-20261206.zip"; filename*=UTF-8''shinchoku-040002-20261206.zip`,
    );
    const read = await readZip(Buffer.from(await response.arrayBuffer()), 'data.zip', 'zipファイル');
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    const files = new Map(read.value.map((e) => [e.name, e.data.toString('utf8')]));
    expect([...files.keys()].sort()).toEqual(EXPORT_FILES);
    const users = files.get('アカウント.csv') ?? '';
    expect(users.split('\r\n')[0]).toBe(
      '\uFEFFid,login,name,role,email,disabled,must_change_password,created_at,updated_at,mfa_enabled',
    );
    expect(users).toContain('宮城県 admin1');
    expect(users).not.toContain('七ヶ宿町');
    const stored = await handle.db.selectFrom('users').select('password_hash').execute();
    for (const { password_hash } of stored)
      if (password_hash !== null) expect(users).not.toContain(password_hash);
    expect(users).not.toMatch(/password_hash|totp_secret/);
    expect(files.get('README.txt')).toContain('宮城県（団体コード 040002）のデータ一式');
    // The grant and the withdrawal above are in the exported history; the download's own record follows them.
    expect(files.get('変更履歴.csv')).toContain('operator_access');
    const text = textOf(await (await admin().get('/admin/organisation')).text());
    expect(text).toContain('データ一式の書き出し');
    expect(text).toContain('書き出した人: 団体の管理者（「団体のデータ」からダウンロード）');
  });

  it('the other organisation’s admin downloads only its own data, and its session opens nothing of 宮城県’s', async () => {
    const town = browsers.townAdmin as Browser;
    const own = await town.post(`/${TOWN}/admin/organisation/data.zip`, {});
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toContain('shinchoku-043028-20261206.zip');
    const read = await readZip(Buffer.from(await own.arrayBuffer()), 'data.zip', 'zipファイル');
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    const all = read.value
      .filter((e) => !e.name.endsWith('.xlsx'))
      .map((e) => e.data.toString('utf8'))
      .join('\n');
    expect(all).toContain('七ヶ宿町（団体コード 043028）のデータ一式');
    expect(all).toContain('七ヶ宿町 admin1');
    expect(all).not.toContain('宮城県 admin1');
    expect(all).not.toContain('040002');
    // 宮城県's routes with the town's cookies: not signed in there, so no zip and no page.
    const before = await digest(handle.db);
    const away = await town.post('/admin/organisation/data.zip', {});
    expect([401, 403, 303]).toContain(away.status);
    expect(away.headers.get('content-type') ?? '').not.toContain('zip');
    const page = await town.get('/admin/organisation');
    expect(page.status).toBe(303);
    expect(await digest(handle.db)).toEqual(before);
  });

  it('an organisation without a plan yet has the page too: its admin grants the operator access and downloads', async () => {
    const ohira = browsers.ohiraAdmin as Browser;
    const page = await ohira.get(`/${OHIRA}/admin/organisation`);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain('現在: 許可なし');
    const granted = await ohira.post(`/${OHIRA}/admin/organisation/access`, { days: '30', reason: '' });
    expect(granted.status).toBe(303);
    // 2026-12-06 00:00 UTC + 30 days = 2027-01-05 00:00 UTC, 09:00 in Japan, in another year.
    expect(textOf(await (await ohira.get(`/${OHIRA}/admin/organisation`)).text())).toContain(
      '現在: 2027年1月5日9時まで許可',
    );
    const zip = await ohira.post(`/${OHIRA}/admin/organisation/data.zip`, {});
    expect(zip.status).toBe(200);
    const read = await readZip(Buffer.from(await zip.arrayBuffer()), 'data.zip', 'zipファイル');
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    // No plan: the plan folder is empty, and a zip holds files only.
    expect(read.value.map((e) => e.name).sort()).toEqual(EXPORT_FILES.filter((f) => !f.startsWith('計画/')));
  });
});
