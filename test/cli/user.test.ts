import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { passwordProblems } from '../../src/auth/password-policy.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { type CliResult, JAPANESE, runCli, runJson, STACK_LINE } from './cli-harness.ts';

// Commands run one after another: they share this file's copy of the embedded database (one process at a time).

interface UserJson {
  login: string;
  name: string;
  role: string;
  roleLabel: string;
  departments: string[];
  disabled: boolean;
  mfaEnabled: boolean;
  mustChangePassword: boolean;
}

/** The one-time password as generateInitialPassword makes it: four groups of five, e.g. `k7m2x-9qfzt-hw4cp-ern8d`. */
const ONE_TIME_PASSWORD = /初期パスワード[^:]*: ([2-9a-z]{5}(?:-[2-9a-z]{5}){3})\n/;

const users = async (): Promise<UserJson[]> => {
  const r = await runJson<UserJson[]>('user', 'list');
  expect(r.code).toBe(0);
  return r.json;
};

/** Runs the CLI with `text` as its standard input (commands read process.stdin). */
async function runWithStdin(text: string, ...args: string[]): Promise<CliResult> {
  const stdin = vi
    .spyOn(process, 'stdin', 'get')
    .mockReturnValue(Readable.from([text]) as typeof process.stdin);
  try {
    return await runCli(...args);
  } finally {
    stdin.mockRestore();
  }
}

/** Expects a refusal (exit 2, Japanese, no stack trace) that leaves every account as it was. */
async function refused(run: () => Promise<CliResult>, ...fragments: (string | RegExp)[]): Promise<string> {
  const before = await users();
  const r = await run();
  expect(r.code).toBe(2);
  expect(r.err).toMatch(JAPANESE);
  expect(r.err).not.toMatch(STACK_LINE);
  for (const fragment of fragments) expect(r.err).toMatch(fragment);
  expect(await users()).toEqual(before);
  return r.err;
}

/** Opens this file's database directly, between commands (the embedded one admits one user at a time). */
async function withDb<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

/** Gives an account a confirmed second factor and a live session, as a login through the web screens would. */
const logIn = (login: string) =>
  withDb(async (db) => {
    const { id } = await db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_pending_secret: 'KRSXG5CTMVRXEZLU', totp_last_step: 1 })
      .where('login', '=', login)
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = new Date();
    await db
      .insertInto('sessions')
      .values({
        id_hash: `test-${login}-${now.getTime()}`,
        user_id: id,
        csrf_token: 'x',
        stage: 'full',
        created_at: now,
        last_seen_at: now,
      })
      .execute();
  });

const sessionsOf = (login: string) =>
  withDb(async (db) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('id_hash')
      .where('users.login', '=', login)
      .execute(),
  );

const add = (...args: string[]) => runCli('user', 'add', ...args);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('shinchoku user add', () => {
  it('creates an editor with departments and prints a one-time password once', async () => {
    const r = await add(
      '--login',
      'suzuki.ichiro',
      '--name',
      '鈴木 一郎',
      '--role',
      'editor',
      '--department',
      'kikaku-digital',
      'nosei-nogyo',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(ONE_TIME_PASSWORD);
    expect(r.out).toContain('初回ログイン時に本人によるパスワードの変更が必要です');
    expect((await users()).find((u) => u.login === 'suzuki.ichiro')).toEqual({
      login: 'suzuki.ichiro',
      name: '鈴木 一郎',
      role: 'editor',
      roleLabel: '入力担当（所属）',
      departments: ['kikaku-digital', 'nosei-nogyo'],
      disabled: false,
      mfaEnabled: false,
      mustChangePassword: true,
    });
  });

  it('lists accounts as a table with their state in Japanese', async () => {
    const r = await runCli('user', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ログインID\s+氏名\s+役割\s+担当課\s+状態\s+二要素認証\s+初期パスワード変更待ち/);
    expect(r.out).toMatch(
      /suzuki\.ichiro\s+鈴木 一郎\s+入力担当（所属）\s+kikaku-digital、nosei-nogyo\s+有効\s+未登録\s+はい/,
    );
  });

  it('refuses a login that is taken', async () => {
    await refused(
      () => add('--login', 'suzuki.ichiro', '--name', '別人', '--role', 'viewer'),
      'ログインID「suzuki.ichiro」は既に使われています',
    );
  });

  it('refuses an unknown department and lists the codes there are', async () => {
    const err = await refused(
      () => add('--login', 'tanaka', '--name', '田中', '--role', 'editor', '--department', 'no-such-ka'),
      '「no-such-ka」はどの計画にもありません',
      'kikaku-digital（企画部 デジタルみやぎ推進課）',
    );
    expect(err).toContain('police-joho-kanri');
  });

  it.each([
    [['--role', 'editor'], '入力担当（editor）には担当課コードを1つ以上'],
    [
      ['--role', 'admin', '--department', 'kikaku-digital'],
      '管理者（admin）と閲覧（viewer）には担当課を指定できません',
    ],
    [
      ['--role', 'viewer', '--department', 'kikaku-digital'],
      '管理者（admin）と閲覧（viewer）には担当課を指定できません',
    ],
    [['--role', 'owner'], '--role: 「owner」は使えません。admin / editor / viewer'],
  ])('refuses %j', async (roleArgs, message) => {
    await refused(() => add('--login', 'tanaka', '--name', '田中', ...roleArgs), message);
  });

  it.each([
    [['--login', 'x'], '--login:'],
    [['--login', 'tanaka taro'], '--login:'],
    [['--login', 'tanaka', '--name', '  '], '--name:'],
    [['--login', 'tanaka', '--name', 'あ'.repeat(101)], '--name:'],
  ])('refuses the malformed %j', async (args, message) => {
    await refused(() => add('--name', '田中', '--role', 'viewer', ...args), message);
  });

  it('refuses a common password from stdin, and accepts a good one', async () => {
    expect(passwordProblems('password123')).toContain(
      'よく使われるパスワードのため使用できません。別のパスワードにしてください。',
    );
    const args = ['--login', 'sato', '--name', '佐藤 花子', '--role', 'admin', '--password-stdin'];
    await refused(() => runWithStdin('password123\n', 'user', 'add', ...args), 'よく使われるパスワード');
    await refused(() => runWithStdin('sato\n', 'user', 'add', ...args), 'ログインIDや氏名と同じ');

    const r = await runWithStdin('春の小川はさらさら行くよ\n', 'user', 'add', ...args);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('初期パスワードは標準入力から設定しました');
    expect(r.out).not.toMatch(ONE_TIME_PASSWORD);
    expect((await users()).find((u) => u.login === 'sato')).toMatchObject({
      role: 'admin',
      departments: [],
      mustChangePassword: true,
    });
  });
});

describe('shinchoku user disable|enable|reset-password|reset-mfa', () => {
  it.each([['disable'], ['enable'], ['reset-password'], ['reset-mfa']])(
    '%s refuses an unknown login',
    async (command) => {
      await refused(() => runCli('user', command, 'nobody'), 'ログインID「nobody」のアカウントはありません');
    },
  );

  it('disable marks the account 無効, ends its sessions, and enable brings it back', async () => {
    await logIn('suzuki.ichiro');
    expect(await sessionsOf('suzuki.ichiro')).toHaveLength(1);
    expect((await runCli('user', 'disable', 'suzuki.ichiro')).code).toBe(0);
    expect(await sessionsOf('suzuki.ichiro')).toHaveLength(0);
    expect((await users()).find((u) => u.login === 'suzuki.ichiro')?.disabled).toBe(true);
    expect((await runCli('user', 'list')).out).toMatch(/suzuki\.ichiro.*無効/);
    expect((await runCli('user', 'disable', 'suzuki.ichiro')).out).toContain('既に無効です');
    expect((await runCli('user', 'enable', 'suzuki.ichiro')).code).toBe(0);
    expect((await users()).find((u) => u.login === 'suzuki.ichiro')?.disabled).toBe(false);
  });

  it('reset-password prints a new one-time password each time and ends the sessions', async () => {
    await logIn('suzuki.ichiro');
    const first = await runCli('user', 'reset-password', 'suzuki.ichiro');
    const second = await runCli('user', 'reset-password', 'suzuki.ichiro');
    expect([first.code, second.code]).toEqual([0, 0]);
    const a = ONE_TIME_PASSWORD.exec(first.out)?.[1];
    const b = ONE_TIME_PASSWORD.exec(second.out)?.[1];
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(await sessionsOf('suzuki.ichiro')).toHaveLength(0);
    expect((await users()).find((u) => u.login === 'suzuki.ichiro')?.mustChangePassword).toBe(true);
  });

  it('reset-password --password-stdin checks the password against the account', async () => {
    await refused(
      () => runWithStdin('鈴木一郎\n', 'user', 'reset-password', 'suzuki.ichiro', '--password-stdin'),
      'ログインIDや氏名と同じ',
    );
    const r = await runWithStdin(
      '春の小川はさらさら行くよ',
      'user',
      'reset-password',
      'sato',
      '--password-stdin',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('新しいパスワードは標準入力から設定しました');
  });

  it('reset-mfa forgets the second factor and ends the sessions (a lost phone)', async () => {
    await logIn('suzuki.ichiro');
    expect((await users()).find((u) => u.login === 'suzuki.ichiro')?.mfaEnabled).toBe(true);
    expect((await runCli('user', 'list')).out).toMatch(/suzuki\.ichiro.*登録済み/);
    const r = await runCli('user', 'reset-mfa', 'suzuki.ichiro');
    expect(r.code).toBe(0);
    expect(r.out).toContain('二要素認証の登録を解除');
    expect(await sessionsOf('suzuki.ichiro')).toHaveLength(0);
    const totp = await withDb((db) =>
      db
        .selectFrom('users')
        .select(['totp_secret', 'totp_pending_secret', 'totp_last_step'])
        .where('login', '=', 'suzuki.ichiro')
        .executeTakeFirstOrThrow(),
    );
    expect(totp).toEqual({ totp_secret: null, totp_pending_secret: null, totp_last_step: null });
  });
});

describe('shinchoku user set-role|set-departments, and the last active admin', () => {
  it('refuses disabling or demoting the only active admin, as the web pages do', async () => {
    const why = '有効な管理者がほかにいないため、アカウント「sato」の';
    await refused(() => runCli('user', 'disable', 'sato'), `${why}無効化はできません`);
    await refused(
      () => runCli('user', 'set-role', 'sato', '--role', 'viewer'),
      `${why}役割の変更はできません`,
    );
  });

  it('set-departments and set-role change the account and record who did it', async () => {
    const r = await runCli('user', 'set-departments', 'suzuki.ichiro', '--department', 'kikaku-digital');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(
      'アカウント「suzuki.ichiro」を入力担当（所属）（担当課: kikaku-digital）にしました。',
    );
    expect((await users()).find((u) => u.login === 'suzuki.ichiro')?.departments).toEqual(['kikaku-digital']);
    const last = await withDb((db) =>
      db
        .selectFrom('history')
        .select(['column_name', 'old_value', 'new_value', 'actor'])
        .where('table_name', '=', 'users')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow(),
    );
    expect(last).toMatchObject({
      column_name: 'role',
      old_value: 'editor kikaku-digital nosei-nogyo',
      new_value: 'editor kikaku-digital',
    });
    expect(last.actor).toMatch(/^cli:/);

    await refused(
      () => runCli('user', 'set-role', 'suzuki.ichiro', '--role', 'editor'),
      '入力担当（editor）には担当課コードを1つ以上',
    );
    await refused(
      () => runCli('user', 'set-departments', 'suzuki.ichiro', '--department', 'no-such-ka'),
      '--department: 担当課コード「no-such-ka」はどの計画にもありません',
    );
    const viewer = await runCli('user', 'set-role', 'suzuki.ichiro', '--role', 'viewer');
    expect(viewer.out).toContain('アカウント「suzuki.ichiro」を閲覧にしました。');
    expect((await users()).find((u) => u.login === 'suzuki.ichiro')).toMatchObject({
      role: 'viewer',
      departments: [],
    });
  });
});

describe('shinchoku db grant', () => {
  it('refuses on the embedded database and says what protects history there', async () => {
    const r = await runCli('db', 'grant', 'shinchoku_app');
    expect(r.code).toBe(2);
    expect(r.err).toContain('組み込みデータベースではロールに権限を付与できません');
    expect(r.err).toContain('トリガーによってのみ');
  });
});

describe('shinchoku user --organisation', () => {
  /** 044229 大郷町: a second organisation on the service, with no plan yet. */
  const OSATO = '044229';
  const usersOf = async (organisation: string): Promise<UserJson[]> => {
    const r = await runJson<UserJson[]>('user', 'list', '--organisation', organisation);
    expect(r.code).toBe(0);
    return r.json;
  };

  it('creates the same login in another organisation and changes it there only', async () => {
    expect((await runCli('organisation', 'add', '--code', OSATO)).code).toBe(0);
    const before = await users();
    const r = await add(
      '--organisation',
      OSATO,
      '--login',
      'sato',
      '--name',
      '佐藤 次郎',
      '--role',
      'viewer',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect((await usersOf(OSATO)).map((u) => [u.login, u.name, u.role])).toEqual([
      ['sato', '佐藤 次郎', 'viewer'],
    ]);
    expect((await runCli('user', 'disable', 'sato', '--organisation', OSATO)).code).toBe(0);
    expect((await usersOf(OSATO))[0]?.disabled).toBe(true);
    // The default organisation's 佐藤 花子 (admin) is as she was; 040002 names the default organisation explicitly.
    expect(await users()).toEqual(before);
    expect(await usersOf('040002')).toEqual(before);
  });

  it('takes department codes from the organisation’s own plans (大郷町 has none yet)', async () => {
    const r = await add(
      '--organisation',
      OSATO,
      '--login',
      'tanaka',
      '--name',
      '田中',
      '--role',
      'editor',
      '--department',
      'kikaku-digital',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('「kikaku-digital」はどの計画にもありません');
    expect(r.err).toContain('登録されている担当課はありません');
  });

  it('refuses an organisation not on the service, naming those that are', async () => {
    await refused(
      () => runCli('user', 'reset-password', 'sato', '--organisation', '041009'),
      '団体コード「041009」の団体はこのサービスにありません',
      '040002 宮城県、044229 大郷町',
    );
  });
});
