// `shinchoku organisation restore --from DIR` on this file's copy of the seeded embedded database (宮城県, the default
// organisation): 大郷町 with the bundled plan and two accounts is exported, refused while it is on the service, and
// every damaged copy of its folder is refused with the file, row and column named — each refusal leaving every
// table as it was; then it is deleted, restored, its people told how to get access, and exported again the same.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { parseCsv } from '../../src/io/csv/csv-parse.ts';
import { writeExportOf } from '../support/organisation-export.ts';
import { tableDigests } from '../support/table-digest.ts';
import { JAPANESE, runCli, STACK_LINE, TempDir } from './cli-harness.ts';

/** 044229 大郷町 (宮城県黒川郡). */
const OSATO = '044229';
const temp = new TempDir();
let original: string;

async function withDb<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

const digests = () => withDb((db) => tableDigests(db, new Set()));

async function exportOsato(dir: string): Promise<void> {
  const handle = await openDatabase(loadConfig().database);
  try {
    await writeExportOf(handle, OSATO, dir);
  } finally {
    await handle.close();
  }
}

/** Expects a refusal: exit 2, Japanese, no stack trace, each fragment in stderr. */
function expectRefusal(r: { code: number; err: string }, ...fragments: string[]): void {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(JAPANESE);
  expect(r.err).not.toMatch(STACK_LINE);
  for (const fragment of fragments) expect(r.err).toContain(fragment);
}

/** The records of a CSV file of the export (header first), as the reader parses them. */
async function records(path: string): Promise<string[][]> {
  const parsed = parseCsv((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''), {
    maxRecords: 1_000_000,
    maxFields: 50,
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** A copy of the original export, changed by `damage`. */
async function damaged(name: string, damage: (dir: string) => Promise<void>): Promise<string> {
  const dir = temp.path(name);
  await cp(original, dir, { recursive: true });
  await damage(dir);
  return dir;
}

beforeAll(async () => {
  await temp.open();
  original = temp.path('osato-export');
  const add = await runCli(
    'organisation',
    'add',
    '--code',
    OSATO,
    '--admin-login',
    'admin1',
    '--admin-name',
    '大郷 太郎',
  );
  expect(add.code).toBe(0);
  const file = await temp.writeMutated('osato.yaml', (doc) => {
    doc.organisation = { code: OSATO, name: '大郷町' };
  });
  expect((await runCli('import', file)).code).toBe(0);
  const editor = await runCli(
    'user',
    'add',
    '--organisation',
    OSATO,
    '--login',
    'editor.nogyo',
    '--name',
    '農業 花子',
    '--role',
    'editor',
    '--department',
    'nosei-nogyo',
  );
  expect(editor.code).toBe(0);
  await exportOsato(original);
}, 180_000);
afterAll(() => temp.close());

describe('shinchoku organisation restore refuses', () => {
  it('an organisation already on the service, changing nothing', async () => {
    const before = await digests();
    expectRefusal(
      await runCli('organisation', 'restore', '--from', original),
      '団体を復元できません。',
      '団体コード「044229」の大郷町は既にこのサービスにあります',
    );
    expect(await digests()).toEqual(before);
  });

  it('a folder that is not there or not an export', async () => {
    expectRefusal(
      await runCli('organisation', 'restore', '--from', temp.path('nothing')),
      'が見つかりません',
    );
    const notExport = await damaged('no-readme', (dir) => rm(join(dir, 'README.txt')));
    expectRefusal(
      await runCli('organisation', 'restore', '--from', notExport),
      '--from: フォルダ',
      '（何も書き込んでいません）',
      'README.txt がありません。shinchoku organisation export で書き出したフォルダ',
    );
  });

  it.each([
    ['a missing file', (dir: string) => rm(join(dir, '所属の回答.csv')), ['所属の回答.csv がありません。']],
    [
      'a file that is not the export format (a plan table where the publications were)',
      (dir: string) => writeFile(join(dir, '公表.csv'), '\uFEFF計画ID,名称\r\nmiyagi,みやぎ\r\n'),
      ['公表.csv 1行目: 列名が書き出しの形式と違います（id,plan_id,fiscal_year,revision,'],
    ],
    [
      'an account with a role that is not one',
      async (dir: string) => {
        const path = join(dir, 'アカウント.csv');
        const text = await readFile(path, 'utf8');
        await writeFile(path, text.replace(',大郷 太郎,admin,', ',大郷 太郎,boss,'));
      },
      ['アカウント.csv 2行目 role: 書き出されたときの値ではありません'],
    ],
    [
      'an account department of an account not in the folder',
      async (dir: string) => {
        const path = join(dir, 'アカウントの担当課.csv');
        await writeFile(path, `${await readFile(path, 'utf8')}999,somu-bunsho\r\n`);
      },
      ['アカウントの担当課.csv 3行目 user_id: アカウント.csv に ID 999 の行がありません。'],
    ],
    [
      'an update time that is not one',
      async (dir: string) => {
        const path = join(dir, 'アカウント.csv');
        const lines = (await readFile(path, 'utf8')).split('\r\n');
        const cells = (lines[2] ?? '').split(',');
        cells[8] = '2025年4月1日';
        lines[2] = cells.join(',');
        await writeFile(path, lines.join('\r\n'));
      },
      ['アカウント.csv 3行目 updated_at: 日時はISO 8601形式'],
    ],
  ])('%s, naming where, and changes nothing', async (_name, damage, fragments) => {
    const dir = await damaged(`bad-${fragments[0]?.slice(0, 12)}`, damage);
    const before = await digests();
    expectRefusal(
      await runCli('organisation', 'restore', '--from', dir),
      '（何も書き込んでいません）',
      ...fragments,
    );
    expect(await digests()).toEqual(before);
  });

  it('a history row of another organisation (宮城県’s code in the plan it records), naming its row', async () => {
    const history = await records(join(original, '変更履歴.csv'));
    const header = history[0] ?? [];
    const index = history.findIndex((r) => r[header.indexOf('table_name')] === 'plans');
    // The plan's first history row is its insert, whose new value is the whole plan row with its 団体コード.
    expect(index).toBeGreaterThan(0);
    expect(history[index]?.[header.indexOf('new_value')]).toContain('"organisation_code":"044229"');
    const dir = await damaged('other-history', async (d) => {
      const path = join(d, '変更履歴.csv');
      const text = await readFile(path, 'utf8');
      await writeFile(
        path,
        text.replace('"organisation_code"":""044229""', '"organisation_code"":""040002""'),
      );
    });
    const before = await digests();
    expectRefusal(
      await runCli('organisation', 'restore', '--from', dir),
      `変更履歴.csv ${index + 1}行目 new_value: 団体コード「040002」の変更です（この書き出しは団体コード 044229 のものです）。`,
    );
    expect(await digests()).toEqual(before);
  });

  it('a plan of another organisation in 計画/', async () => {
    const dir = await damaged('other-plan', async (d) => {
      const path = join(d, '計画', 'miyagi-joho-policy.json');
      const text = await readFile(path, 'utf8');
      await writeFile(path, text.replace(`"code": "${OSATO}"`, '"code": "040002"'));
    });
    expectRefusal(
      await runCli('organisation', 'restore', '--from', dir),
      '計画/miyagi-joho-policy.json: 団体コード「040002」の計画です（この書き出しは団体コード 044229 のものです）。',
    );
  });
});

describe('shinchoku organisation restore after a delete', () => {
  it('restores 大郷町 and says how each person gets access again', async () => {
    expect((await runCli('organisation', 'delete', '--code', OSATO, '--confirm', OSATO)).code).toBe(0);
    const r = await runCli('organisation', 'restore', '--from', original);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(
      `団体「大郷町」（団体コード 044229）を ${original} から復元しました。計画 1件（miyagi-joho-policy）、アカウント 2件`,
    );
    expect(r.out).toContain('shinchoku user reset-password admin1 --organisation 044229  （大郷 太郎）');
    expect(r.out).toContain(
      'shinchoku user reset-password editor.nogyo --organisation 044229  （農業 花子）',
    );
    expect(r.out).toContain('ログイン中のセッションは復元していません。');
    const reset = await runCli('user', 'reset-password', 'admin1', '--organisation', OSATO);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/初期パスワード[^:]*: [2-9a-z]{5}(-[2-9a-z]{5}){3}/);
  });

  it('the export after the restore equals the one before but for the history of the reset', async () => {
    const again = temp.path('osato-again');
    await exportOsato(again);
    for (const file of [
      '報告サイクル.csv',
      '所属の回答.csv',
      '公表.csv',
      'アカウントの担当課.csv',
      join('計画', 'miyagi-joho-policy.json'),
    ]) {
      expect(await readFile(join(again, file), 'utf8'), file).toBe(
        await readFile(join(original, file), 'utf8'),
      );
    }
    // The reset-password just run added one history row (the one-time password issued) after the restored ones.
    const before = await records(join(original, '変更履歴.csv'));
    const after = await records(join(again, '変更履歴.csv'));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)?.join(',')).toContain('一回限りのパスワードを発行');
  });
});

describe('shinchoku organisation restore --help', () => {
  it('says what is checked, what is refused and what the people must do', async () => {
    const r = await runCli('organisation', 'restore', '--help');
    expect(r.out).toContain('--from <path>');
    expect(r.out).toContain('「団体のデータ」でダウンロードしたzip');
    expect(r.out).toContain('問題が1つでもあれば何も書き込みません');
    expect(r.out).toContain('shinchoku user reset-password');
  });
});
