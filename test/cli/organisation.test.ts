// `shinchoku organisation …` and `user --organisation` on this file's copy of the seeded embedded database (宮城県,
// the default organisation): a second organisation (044229 大郷町) with the very same plan and the same login, an
// export of it that carries none of 宮城県's rows, and its delete. Commands run one after another.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantOperatorAccess } from '../../src/app/operator-access.ts';
import { chooseOrganisation } from '../../src/app/organisations.ts';
import { loadConfig } from '../../src/config.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { JAPANESE, runCli, runJson, STACK_LINE, TempDir } from './cli-harness.ts';

interface OrganisationJson {
  code: string;
  name: string;
  kind: string | null;
  kindLabel: string | null;
  plans: number;
  accounts: number;
  default: boolean;
}

/** 044229 大郷町 (宮城県黒川郡); 04422 is the same code without its check digit, 044228 has a wrong one. */
const OSATO = '044229';
const MIYAGI_ADMIN = '宮城 花子';
const OSATO_ADMIN = '大郷 太郎';
const ONE_TIME_PASSWORD = /初期パスワード[^:]*: ([2-9a-z]{5}(?:-[2-9a-z]{5}){3})\n/;

const temp = new TempDir();
beforeAll(() => temp.open());
afterAll(() => temp.close());

const organisations = async (): Promise<OrganisationJson[]> => {
  const r = await runJson<OrganisationJson[]>('organisation', 'list');
  expect(r.code).toBe(0);
  return r.json;
};

async function withDb<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return withHandle((handle) => work(handle.db));
}

async function withHandle<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** The organisation's admin grants the operator access (運営者への閲覧許可) for a day, as the web page does. */
const grantOperatorAccessOf = (code: string) =>
  withHandle(async (handle) => {
    const organisation = await chooseOrganisation(handle, code);
    await grantOperatorAccess(
      { db: handle.forOrganisation(organisation.id), now: () => new Date() },
      { login: 'admin1', role: 'admin', departments: [], requestId: null },
      { days: '1', reason: 'データ移行の支援のため' },
    );
  });

/** Rows of every table with organisation_id, per organisation code, as the owner (superuser) counts them. */
const rowsByOrganisation = () =>
  withDb(async (db) => {
    const { rows: tables } = await sql<{ name: string }>`
      select c.table_name as name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and c.column_name = 'organisation_id'
        and t.table_type = 'BASE TABLE' order by 1`.execute(db);
    const counts: Record<string, Record<string, number>> = {};
    for (const { name } of tables) {
      const { rows } = await sql<{ code: string; n: number }>`
        select o.code, count(x.*)::int as n from organisations o
        left join ${sql.table(name)} x on x.organisation_id = o.id group by o.code`.execute(db);
      for (const r of rows) counts[r.code] = { ...counts[r.code], [name]: r.n };
    }
    return counts;
  });

/** Expects a refusal: exit 2, Japanese, no stack trace, each fragment in stderr. */
function expectRefusal(r: { code: number; err: string }, ...fragments: string[]): void {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(JAPANESE);
  expect(r.err).not.toMatch(STACK_LINE);
  for (const fragment of fragments) expect(r.err).toContain(fragment);
}

/** Every file under a folder, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const files: string[] = [];
  for (const entry of entries) if ((await stat(join(dir, entry))).isFile()) files.push(entry);
  return files.sort();
}

/** CSV data lines (after the header) of a UTF-8 BOM file; the test's rows hold no line breaks. */
const csvLines = (text: string): string[] =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .slice(1);

describe('shinchoku organisation list and add', () => {
  it('lists the seed’s organisation as the default', async () => {
    expect(await organisations()).toEqual([
      {
        code: '040002',
        name: '宮城県',
        kind: 'prefecture',
        kindLabel: '都道府県',
        plans: 1,
        accounts: 0,
        default: true,
      },
    ]);
  });

  it.each([
    [['--code', '044228'], '団体コード「044228」は地方公共団体コードにありません'],
    [['--code', '999999'], '団体コード「999999」は地方公共団体コードにありません'],
    [['--code', 'abc'], '団体コード「abc」は地方公共団体コードにありません'],
    [['--code', '040002'], '団体コード「040002」の宮城県は既に登録されています'],
    [['--code', OSATO, '--admin-login', 'x', '--admin-name', '大郷 太郎'], '--admin-login: ログインIDは'],
    [['--code', OSATO, '--admin-login', 'osato.admin'], '--admin-login と --admin-name は両方とも'],
  ])('refuses %j and adds nothing', async (args, message) => {
    const before = await organisations();
    expectRefusal(await runCli('organisation', 'add', ...args), message);
    expect(await organisations()).toEqual(before);
  });

  it('adds 大郷町 from its 5-digit code with its first admin, whose one-time password is shown once', async () => {
    const r = await runCli(
      'organisation',
      'add',
      '--code',
      '04422',
      '--admin-login',
      'admin1',
      '--admin-name',
      OSATO_ADMIN,
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('団体「大郷町」（団体コード 044229、町）を追加しました。');
    expect(r.out).toContain('管理者アカウント「admin1」を作成しました（大郷 太郎）。');
    expect(r.out).toMatch(ONE_TIME_PASSWORD);
    expect((await organisations())[1]).toEqual({
      code: OSATO,
      name: '大郷町',
      kind: 'town',
      kindLabel: '町',
      plans: 0,
      accounts: 1,
      default: false,
    });
  });

  it('the table names 種別 in Japanese and marks the default', async () => {
    const r = await runCli('organisation', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/団体コード\s+名称\s+種別\s+計画数\s+アカウント数\s+既定/);
    expect(r.out).toMatch(/040002\s+宮城県\s+都道府県\s+1\s+0\s+既定/);
    expect(r.out).toMatch(/044229\s+大郷町\s+町\s+0\s+1\n?$/);
  });
});

describe('shinchoku user --organisation', () => {
  it('the same login in two organisations: each command acts in its own', async () => {
    const added = await runCli('user', 'add', '--login', 'admin1', '--name', MIYAGI_ADMIN, '--role', 'admin');
    expect(added.code).toBe(0);
    const miyagi = await runJson<{ login: string; name: string }[]>('user', 'list');
    const osato = await runJson<{ login: string; name: string }[]>('user', 'list', '--organisation', OSATO);
    expect(miyagi.json.map((u) => [u.login, u.name])).toEqual([['admin1', MIYAGI_ADMIN]]);
    expect(osato.json.map((u) => [u.login, u.name])).toEqual([['admin1', OSATO_ADMIN]]);
  });

  it('refuses an organisation not on the service, listing those that are', async () => {
    const r = await runCli('user', 'list', '--organisation', '041009');
    expectRefusal(
      r,
      '--organisation: 団体コード「041009」の団体はこのサービスにありません',
      '040002 宮城県、044229 大郷町',
    );
  });

  it('says in --help that the default organisation is used without the option', async () => {
    const r = await runCli('user', 'add', '--help');
    expect(r.out).toContain('--organisation <code>');
    expect(r.out).toContain('省略時は既定の団体');
  });
});

describe('shinchoku organisation export', () => {
  let out: string;

  beforeAll(async () => {
    // The very same plan, imported into 大郷町.
    const file = await temp.writeMutated('osato.yaml', (doc) => {
      doc.organisation = { code: OSATO, name: '大郷町' };
    });
    expect((await runCli('import', file)).code).toBe(0);
    out = temp.path('osato-export');
  });

  it('is refused while 大郷町 has not granted the operator access, writing nothing and recording nothing', async () => {
    const before = await rowsByOrganisation();
    const r = await runCli('organisation', 'export', '--code', OSATO, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      '大郷町（044229）は運営者への閲覧許可を出していません。団体の管理者が「団体のデータ」画面で許可すると書き出せます。',
    );
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.out).toBe('');
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
    expect(await rowsByOrganisation()).toEqual(before);
  });

  it('writes the plan, the records and a README, and none of 宮城県’s rows, once 大郷町 grants it', async () => {
    await grantOperatorAccessOf(OSATO);
    const r = await runCli('organisation', 'export', '--code', OSATO, '--out', out);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('団体「大郷町」のデータを');
    expect(r.out).toContain('書き出したことは団体の変更履歴に記録され');
    const files = await filesUnder(out);
    expect(files).toEqual(
      [
        'README.txt',
        'アカウント.csv',
        'アカウントの担当課.csv',
        '公表.csv',
        '報告サイクル.csv',
        '変更履歴.csv',
        '所属の回答.csv',
        join('計画', 'miyagi-joho-policy.json'),
        join('計画', 'miyagi-joho-policy.xlsx'),
      ].sort(),
    );
    const text = async (name: string) => readFile(join(out, name), 'utf8');
    // 宮城県's organisation code and its admin's name are nowhere in the export (the plan's own text may name 宮城県).
    for (const name of files.filter((f) => !f.endsWith('.xlsx'))) {
      const content = await text(name);
      expect(content, name).not.toContain('040002');
      expect(content, name).not.toContain(MIYAGI_ADMIN);
    }
    const plan = JSON.parse(await text(join('計画', 'miyagi-joho-policy.json')));
    expect(plan.organisation).toEqual({ code: OSATO, name: '大郷町' });

    const accounts = await text('アカウント.csv');
    expect(accounts.startsWith('\uFEFF')).toBe(true);
    expect(accounts.split('\r\n')[0]).toBe(
      '\uFEFFid,login,name,role,email,disabled,must_change_password,created_at,updated_at,mfa_enabled',
    );
    expect(csvLines(accounts)).toHaveLength(1);
    expect(csvLines(accounts)[0]).toContain(`admin1,${OSATO_ADMIN},admin`);
    expect(accounts).not.toMatch(/password_hash|totp/);
    // Empty tables still carry their header.
    expect((await text('公表.csv')).replace(/^\uFEFF/, '')).toMatch(
      /^id,plan_id,fiscal_year,revision,reason,document,changes,published_by,published_at,/,
    );
    expect(await text('変更履歴.csv')).not.toContain('organisation_id');
    expect(await text('README.txt')).toContain('大郷町（団体コード 044229）のデータ一式');
  });

  it('the history rows are exactly 大郷町’s, and its history records the export after them', async () => {
    const counts = await rowsByOrganisation();
    const history = csvLines(await readFile(join(out, '変更履歴.csv'), 'utf8'));
    // All but the record of the export itself (written after the read): the grant is the last row exported.
    expect(history).toHaveLength((counts[OSATO]?.history ?? 0) - 1);
    expect(history.at(-1)).toContain('operator_access');
    const last = await withDb((db) =>
      db
        .selectFrom('history')
        .innerJoin('organisations', 'organisations.id', 'history.organisation_id')
        .select(['history.table_name', 'history.new_value', 'history.actor'])
        .where('organisations.code', '=', OSATO)
        .orderBy('history.id', 'desc')
        .executeTakeFirst(),
    );
    expect(last).toMatchObject({
      table_name: 'organisation_exports',
      new_value: '{"exported_by":"operator"}',
    });
    expect(last?.actor).toMatch(/^cli:/);
    // The plan import and the admin account: more than one row, and fewer than both organisations' together.
    expect(history.length).toBeGreaterThan(1);
    expect(history.length).toBeLessThan((counts[OSATO]?.history ?? 0) + (counts['040002']?.history ?? 0));
  });

  it('refuses a folder that is not empty, and an organisation not on the service', async () => {
    expectRefusal(
      await runCli('organisation', 'export', '--code', OSATO, '--out', out),
      'は空ではありません',
    );
    expectRefusal(
      await runCli('organisation', 'export', '--code', '043028', '--out', temp.path('other')),
      '団体コード「043028」の団体はこのサービスにありません',
    );
  });
});

describe('shinchoku organisation delete', () => {
  it('refuses a wrong confirmation and the default organisation, changing nothing', async () => {
    const before = await rowsByOrganisation();
    expectRefusal(
      await runCli('organisation', 'delete', '--code', OSATO, '--confirm', '040002'),
      '--confirm: 確認のため団体コード「044229」をもう一度指定してください',
    );
    expectRefusal(
      await runCli('organisation', 'delete', '--code', '040002', '--confirm', '040002'),
      '既定の団体です',
    );
    expect(await rowsByOrganisation()).toEqual(before);
  });

  it('deletes 大郷町 whole, history included, and leaves 宮城県 as it was', async () => {
    const before = await rowsByOrganisation();
    expect(before[OSATO]?.history).toBeGreaterThan(0);
    const r = await runCli('organisation', 'delete', '--code', OSATO, '--confirm', OSATO);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`団体「大郷町」（団体コード 044229）を削除しました`);
    expect(r.out).toContain(`変更履歴 ${before[OSATO]?.history}行を含む`);
    const after = await rowsByOrganisation();
    expect(Object.keys(after)).toEqual(['040002']);
    expect(after['040002']).toEqual(before['040002']);
    expect((await organisations()).map((o) => o.code)).toEqual(['040002']);
  });

  it('its help says history goes too and why the default organisation stays', async () => {
    const r = await runCli('organisation', 'delete', '--help');
    expect(r.out).toContain('通常は削除できない変更履歴も削除します');
    expect(r.out).toContain('既定の団体（最初に登録した団体）は、ほかの団体が残っている間は削除できません');
  });
});
