// The account use cases called directly, as both the /admin/users pages and `shinchoku user` call them: each
// refusal names its field in Japanese and leaves every account, session and history row as it was; each change
// writes its history entry under the actor who made it.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetMfa,
  resetPassword,
  setDepartments,
  setRole,
} from '../../src/app/accounts.ts';
import { Refusal } from '../../src/app/workspace.ts';
import { verifyPassword } from '../../src/auth/password-hash.ts';
import type { Database } from '../../src/db/database.ts';
import { findCredentials, findUserByLogin } from '../../src/db/repositories/user.repository.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { openStaffApp, type StaffHarness } from '../support/staff-app.ts';

const ADMIN: Actor = { login: 'admin1', role: 'admin', departments: [], requestId: 'req-1' };
const CLI: Actor = { login: 'cli:operator', role: 'admin', departments: [], requestId: null };
const EDITOR: Actor = {
  login: 'editor-a',
  role: 'editor',
  departments: ['kikaku-sangyo-digital'],
  requestId: null,
};
const VIEWER: Actor = { login: 'viewer1', role: 'viewer', departments: [], requestId: null };
const GOOD_PASSWORD = '春の小川はさらさら行くよ';
/** generateInitialPassword's shape: four groups of five. */
const ONE_TIME = /^[2-9a-z]{5}(?:-[2-9a-z]{5}){3}$/;

/** Everything an account action may touch: accounts (with hashes and second factors), sessions and history. */
async function state(db: Kysely<Database>) {
  return {
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    departments: await db
      .selectFrom('user_departments')
      .selectAll()
      .orderBy(['user_id', 'department'])
      .execute(),
    sessions: await db.selectFrom('sessions').select(['id_hash', 'user_id']).orderBy('id_hash').execute(),
    history: await db.selectFrom('history').select('id').where('table_name', '=', 'users').execute(),
  };
}

async function lastHistory(db: Kysely<Database>) {
  return db
    .selectFrom('history')
    .select(['row_key', 'operation', 'column_name', 'old_value', 'new_value', 'actor', 'request_id'])
    .where('table_name', '=', 'users')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

async function addSession(db: Kysely<Database>, login: string): Promise<void> {
  const user = await findUserByLogin(db, login);
  if (user === undefined) throw new Error(`no account ${login}`);
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id_hash: `s-${login}-${Math.random()}`,
      user_id: user.id,
      csrf_token: 'x',
      stage: 'full',
      created_at: now,
      last_seen_at: now,
    })
    .execute();
}

const sessionsOf = async (db: Kysely<Database>, login: string) =>
  (
    await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('id_hash')
      .where('users.login', '=', login)
      .execute()
  ).length;

describe.each(DATABASE_TARGETS)('account use cases on $name', (target) => {
  let h: StaffHarness;
  let ws: { db: Kysely<Database> };
  beforeAll(async () => {
    h = await openStaffApp(target);
    ws = { db: h.handle.db };
  });
  afterAll(() => h.close());

  /** Expects a refusal of this kind, message and field problems, with nothing changed. */
  async function refused(
    run: () => Promise<unknown>,
    kind: Refusal['kind'],
    message: string,
    details: { path: string; message: string }[] = [],
  ) {
    const before = await state(h.handle.db);
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ kind, message });
    expect((error as Refusal).details).toEqual(details);
    expect(await state(h.handle.db)).toEqual(before);
  }

  const newEditor = { login: 'sato', name: '佐藤 花子', role: 'editor', departments: ['kikaku-digital'] };

  it.each([
    ['an editor', EDITOR],
    ['a viewer', VIEWER],
  ])('refuses %s every action', async (_, actor) => {
    const forbidden = 'アカウントの管理は管理者だけが行えます。';
    await refused(() => createAccount(ws, actor, newEditor), 'forbidden', forbidden);
    await refused(() => disableAccount(ws, actor, { login: 'editor-b' }), 'forbidden', forbidden);
    await refused(() => resetPassword(ws, actor, { login: 'editor-b' }), 'forbidden', forbidden);
    await refused(() => resetMfa(ws, actor, { login: 'editor-b' }), 'forbidden', forbidden);
    await refused(
      () => setRole(ws, actor, { login: 'editor-b', role: 'admin', departments: [] }),
      'forbidden',
      forbidden,
    );
    await refused(() => listAccounts(ws, actor), 'forbidden', forbidden);
  });

  it.each([
    [
      'a login that is taken',
      { ...newEditor, login: 'viewer1' },
      'conflict',
      [{ path: 'login', message: 'ログインID「viewer1」は既に使われています。' }],
    ],
    [
      'an unknown department',
      { ...newEditor, departments: ['no-such-ka'] },
      'invalid',
      [{ path: 'departments', message: '担当課コード「no-such-ka」はどの計画にもありません。' }],
    ],
    [
      'an editor without departments',
      { ...newEditor, departments: [] },
      'invalid',
      [{ path: 'departments', message: '入力担当（所属）には担当課を1つ以上指定してください。' }],
    ],
    [
      'a viewer with departments',
      { ...newEditor, role: 'viewer' },
      'invalid',
      [{ path: 'departments', message: '管理者（政策担当課）と閲覧には担当課を指定できません。' }],
    ],
    [
      'a malformed login and an empty name',
      { ...newEditor, login: 'sato taro', name: '  ' },
      'invalid',
      [
        { path: 'login', message: 'ログインIDは半角英数字と「. _ -」の2〜64文字にしてください。' },
        { path: 'name', message: '氏名は1〜100文字にしてください。' },
      ],
    ],
    [
      'an unknown role',
      { ...newEditor, role: 'owner' },
      'invalid',
      [{ path: 'role', message: '役割を選んでください。' }],
    ],
    [
      'a weak password',
      { ...newEditor, password: 'password123' },
      'invalid',
      [
        {
          path: 'password',
          message: 'よく使われるパスワードのため使用できません。別のパスワードにしてください。',
        },
      ],
    ],
    [
      'the name as password',
      { ...newEditor, password: '佐藤花子' },
      'invalid',
      [
        { path: 'password', message: 'パスワードは8文字以上にしてください。' },
        { path: 'password', message: 'ログインIDや氏名と同じパスワードは使用できません。' },
      ],
    ],
  ] as const)('createAccount refuses %s, changing nothing', async (_, input, kind, details) => {
    await refused(() => createAccount(ws, ADMIN, input), kind, 'アカウントを作成できません。', [...details]);
  });

  it('createAccount makes an account that must change its one-time password, with its history', async () => {
    const { account, oneTimePassword } = await createAccount(ws, ADMIN, newEditor);
    expect(oneTimePassword).toMatch(ONE_TIME);
    expect(account).toMatchObject({
      login: 'sato',
      name: '佐藤 花子',
      role: 'editor',
      departments: ['kikaku-digital'],
      disabled: false,
      mustChangePassword: true,
      mfaEnabled: false,
    });
    const stored = await findCredentials(h.handle.db, 'sato');
    expect(await verifyPassword(stored?.passwordHash ?? '', oneTimePassword ?? '')).toBe(true);
    expect(await lastHistory(h.handle.db)).toEqual({
      row_key: { login: 'sato' },
      operation: 'insert',
      column_name: 'role',
      old_value: null,
      new_value: 'editor kikaku-digital',
      actor: 'admin1',
      request_id: 'req-1',
    });
  });

  it('two admins creating the same login at once: one account, the other told the login is taken', async () => {
    const input = {
      login: 'race',
      name: '同時 作成',
      role: 'viewer',
      departments: [],
      password: GOOD_PASSWORD,
    };
    const results = await Promise.allSettled([
      createAccount(ws, ADMIN, input),
      createAccount(ws, CLI, input),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusal = results.find((r) => r.status === 'rejected')?.reason;
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).details).toEqual([
      { path: 'login', message: 'ログインID「race」は既に使われています。' },
    ]);
  });

  it('createAccount with a given password keeps it and shows none', async () => {
    const { account, oneTimePassword } = await createAccount(ws, CLI, {
      login: 'admin2',
      name: '二番目 管理者',
      role: 'admin',
      departments: [],
      email: 'admin2@example.lg.jp',
      password: GOOD_PASSWORD,
    });
    expect(oneTimePassword).toBeNull();
    expect(account).toMatchObject({ role: 'admin', departments: [], mustChangePassword: true });
    const stored = await findCredentials(h.handle.db, 'admin2');
    expect(await verifyPassword(stored?.passwordHash ?? '', GOOD_PASSWORD)).toBe(true);
    expect((await lastHistory(h.handle.db)).actor).toBe('cli:operator');
  });

  it('refuses disabling, demoting or resetting oneself, and unknown accounts', async () => {
    await refused(
      () => disableAccount(ws, ADMIN, { login: 'admin1' }),
      'conflict',
      '自分のアカウントの無効化はできません。',
    );
    await refused(
      () => setRole(ws, ADMIN, { login: 'admin1', role: 'viewer', departments: [] }),
      'conflict',
      '自分のアカウントの役割の変更はできません。',
    );
    await refused(
      () => resetPassword(ws, ADMIN, { login: 'admin1' }),
      'conflict',
      '自分のアカウントのパスワード再設定はできません。「パスワード変更」から変更してください。',
    );
    await refused(
      () => resetMfa(ws, ADMIN, { login: 'admin1' }),
      'conflict',
      '自分のアカウントの二要素認証の解除はできません。',
    );
    await refused(
      () => disableAccount(ws, ADMIN, { login: 'nobody' }),
      'not_found',
      'ログインID「nobody」のアカウントはありません。',
    );
    await refused(() => resetMfa(ws, ADMIN, { id: 999999 }), 'not_found', '指定のアカウントはありません。');
  });

  it('disabling ends the sessions; the last active admin can be neither disabled nor demoted', async () => {
    await addSession(h.handle.db, 'admin2');
    expect(await disableAccount(ws, ADMIN, { login: 'admin2' })).toMatchObject({
      changed: true,
      account: { disabled: true },
    });
    expect(await sessionsOf(h.handle.db, 'admin2')).toBe(0);
    expect(await lastHistory(h.handle.db)).toMatchObject({
      column_name: 'disabled',
      old_value: 'false',
      new_value: 'true',
      actor: 'admin1',
    });
    // admin2 is disabled: admin1 is the only active admin now.
    const last = 'admin1';
    await refused(
      () => disableAccount(ws, CLI, { login: last }),
      'conflict',
      `有効な管理者がほかにいないため、アカウント「${last}」の無効化はできません。先にほかの管理者アカウントを作成するか有効にしてください。`,
    );
    await refused(
      () => setRole(ws, CLI, { login: last, role: 'editor', departments: ['kikaku-digital'] }),
      'conflict',
      `有効な管理者がほかにいないため、アカウント「${last}」の役割の変更はできません。先にほかの管理者アカウントを作成するか有効にしてください。`,
    );
    expect(await disableAccount(ws, ADMIN, { login: 'admin2' })).toMatchObject({ changed: false });
    expect(await enableAccount(ws, ADMIN, { login: 'admin2' })).toMatchObject({
      changed: true,
      account: { disabled: false },
    });
    // With admin2 active again, admin1 may be demoted by someone else.
    const demoted = await setRole(ws, CLI, { login: 'admin1', role: 'viewer', departments: [] });
    expect(demoted.account.role).toBe('viewer');
    await setRole(ws, CLI, { login: 'admin1', role: 'admin', departments: [] });
  });

  it('setRole and setDepartments refuse a bad combination or an unknown department, and record 役割と所属', async () => {
    await refused(
      () => setRole(ws, ADMIN, { login: 'editor-b', role: 'viewer', departments: ['kikaku-digital'] }),
      'invalid',
      '役割と担当課を変更できません。',
      [{ path: 'departments', message: '管理者（政策担当課）と閲覧には担当課を指定できません。' }],
    );
    await refused(
      () => setDepartments(ws, ADMIN, { login: 'editor-b', departments: ['kikaku-digital', 'no-such-ka'] }),
      'invalid',
      '役割と担当課を変更できません。',
      [{ path: 'departments', message: '担当課コード「no-such-ka」はどの計画にもありません。' }],
    );
    await refused(
      () => setDepartments(ws, ADMIN, { login: 'editor-b', departments: [] }),
      'invalid',
      '役割と担当課を変更できません。',
      [{ path: 'departments', message: '入力担当（所属）には担当課を1つ以上指定してください。' }],
    );
    const widened = await setDepartments(ws, ADMIN, {
      login: 'editor-b',
      departments: ['kikaku-sangyo-digital', 'kikaku-digital'],
    });
    expect(widened.account.departments).toEqual(['kikaku-digital', 'kikaku-sangyo-digital']);
    expect(await lastHistory(h.handle.db)).toMatchObject({
      column_name: 'role',
      old_value: 'editor kikaku-digital',
      new_value: 'editor kikaku-digital kikaku-sangyo-digital',
    });
    expect(
      await setDepartments(ws, ADMIN, {
        login: 'editor-b',
        departments: ['kikaku-sangyo-digital', 'kikaku-digital'],
      }),
    ).toMatchObject({ changed: false });
    const viewer = await setRole(ws, ADMIN, { login: 'editor-b', role: 'viewer', departments: [] });
    expect(viewer.account).toMatchObject({ role: 'viewer', departments: [] });
    expect(await lastHistory(h.handle.db)).toMatchObject({
      old_value: 'editor kikaku-digital kikaku-sangyo-digital',
      new_value: 'viewer',
    });
  });

  it('resetPassword issues a new one-time password, ends the sessions and refuses a weak given one', async () => {
    await addSession(h.handle.db, 'sato');
    await refused(
      () => resetPassword(ws, ADMIN, { login: 'sato', password: 'sato' }),
      'invalid',
      'このパスワードは使えません。',
      [
        { path: 'password', message: 'パスワードは8文字以上にしてください。' },
        { path: 'password', message: 'ログインIDや氏名と同じパスワードは使用できません。' },
      ],
    );
    await h.handle.db
      .updateTable('users')
      .set({ must_change_password: false })
      .where('login', '=', 'sato')
      .execute();
    const { account, oneTimePassword } = await resetPassword(ws, ADMIN, { login: 'sato' });
    expect(oneTimePassword).toMatch(ONE_TIME);
    expect(account.mustChangePassword).toBe(true);
    expect(await sessionsOf(h.handle.db, 'sato')).toBe(0);
    const stored = await findCredentials(h.handle.db, 'sato');
    expect(await verifyPassword(stored?.passwordHash ?? '', oneTimePassword ?? '')).toBe(true);
    expect(await lastHistory(h.handle.db)).toMatchObject({
      column_name: 'password',
      new_value: '一回限りのパスワードを発行',
    });
  });

  it('resetMfa forgets the second factor and ends the sessions', async () => {
    await h.handle.db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_pending_secret: 'KRSXG5CTMVRXEZLU', totp_last_step: 7 })
      .where('login', '=', 'sato')
      .execute();
    await addSession(h.handle.db, 'sato');
    const { account, hadMfa } = await resetMfa(ws, ADMIN, { login: 'sato' });
    expect([hadMfa, account.mfaEnabled]).toEqual([true, false]);
    expect(await sessionsOf(h.handle.db, 'sato')).toBe(0);
    const totp = await h.handle.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_pending_secret', 'totp_last_step'])
      .where('login', '=', 'sato')
      .executeTakeFirstOrThrow();
    expect(totp).toEqual({ totp_secret: null, totp_pending_secret: null, totp_last_step: null });
    expect(await lastHistory(h.handle.db)).toMatchObject({
      column_name: 'totp',
      old_value: '登録済み',
      new_value: '解除',
    });
  });

  it('listAccounts counts live sessions per account', async () => {
    await addSession(h.handle.db, 'viewer1');
    await addSession(h.handle.db, 'viewer1');
    const { accounts, departments } = await listAccounts(ws, ADMIN);
    expect(accounts.find((a) => a.login === 'viewer1')?.liveSessions).toBe(2);
    expect(accounts.find((a) => a.login === 'sato')?.liveSessions).toBe(0);
    expect(departments.find((d) => d.code === 'kikaku-digital')).toEqual({
      code: 'kikaku-digital',
      bureau: '企画部',
      division: 'デジタルみやぎ推進課',
    });
  });
});
