// 運営者 accounts: `shinchoku operator add|list|disable|enable|reset-password` (on this file's copy of the seeded
// embedded database), their refusals in Japanese with exit 2 and nothing stored, and the tables the application role
// may not read.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password-hash.ts';
import { loadConfig } from '../../src/config.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.ts';
import { APPLICATION_ROLE } from '../../src/db/organisation-scope.ts';
import { JAPANESE, runCli, STACK_LINE } from '../cli/cli-harness.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';

const ONE_TIME = /初期パスワード（この一度だけ表示します）: ([a-z0-9-]{23})/;

/** The stored rows of the operators table, as the owner reads them. */
async function operatorRows() {
  const handle = await openDatabase(loadConfig().database);
  try {
    const { rows } = await sql<{
      login: string;
      name: string;
      password_hash: string;
      must_change_password: boolean;
      disabled: boolean;
    }>`select login, name, password_hash, must_change_password, disabled from operators order by id`.execute(
      handle.db,
    );
    return rows;
  } finally {
    await handle.close();
  }
}

describe('shinchoku operator', () => {
  let password = '';

  it('add prints a one-time password that the stored hash accepts; the account must change it', async () => {
    const r = await runCli('operator', 'add', '--login', 'unei1', '--name', '運営 花子');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('運営者アカウント「unei1」を作成しました（運営 花子）。');
    password = ONE_TIME.exec(r.out)?.[1] ?? '';
    expect(password).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    const [row] = await operatorRows();
    expect(row).toMatchObject({
      login: 'unei1',
      name: '運営 花子',
      must_change_password: true,
      disabled: false,
    });
    expect(row?.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(row?.password_hash ?? '', password)).toBe(true);
  });

  it.each([
    [['add', '--login', 'unei1', '--name', '別の人'], '--login: ログインID「unei1」は既に使われています。'],
    [['add', '--login', 'ア', '--name', '運営'], '--login: ログインID「ア」は使えません。'],
    [['add', '--login', 'unei2', '--name', ' '], '--name: 氏名は1〜100文字で指定してください。'],
    [['disable', '--login', 'nobody'], 'ログインID「nobody」の運営者アカウントはありません。'],
    [['reset-password', '--login', 'nobody'], 'ログインID「nobody」の運営者アカウントはありません。'],
    [['list', '--format', 'xml'], '--format: 「xml」は使えません。'],
  ])('refuses %j in Japanese (exit 2), storing nothing', async (args, message) => {
    const before = await operatorRows();
    const r = await runCli('operator', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(JAPANESE);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.err).toContain(message);
    expect(await operatorRows()).toEqual(before);
  });

  it('list shows the account and its state', async () => {
    const table = await runCli('operator', 'list');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/unei1\s+運営 花子\s+初期パスワード/);
    const json = await runCli('operator', 'list', '--format', 'json');
    expect(JSON.parse(json.out)).toEqual([
      { login: 'unei1', name: '運営 花子', disabled: false, mustChangePassword: true, mfaEnabled: false },
    ]);
  });

  it('disable and enable switch the account; reset-password issues a new one-time password', async () => {
    expect((await runCli('operator', 'disable', '--login', 'unei1')).out).toContain(
      '運営者アカウント「unei1」を無効にしました。',
    );
    expect((await operatorRows())[0]?.disabled).toBe(true);
    const reset = await runCli('operator', 'reset-password', '--login', 'unei1');
    expect(reset.code).toBe(0);
    expect(reset.err).toContain('注意: アカウント「unei1」は無効のままです（shinchoku operator enable）。');
    const next = ONE_TIME.exec(reset.out)?.[1] ?? '';
    expect(next).not.toBe(password);
    const [row] = await operatorRows();
    expect(await verifyPassword(row?.password_hash ?? '', next)).toBe(true);
    expect(await verifyPassword(row?.password_hash ?? '', password)).toBe(false);
    expect((await runCli('operator', 'enable', '--login', 'unei1')).code).toBe(0);
    expect((await operatorRows())[0]?.disabled).toBe(false);
  });

  it('help is in Japanese', async () => {
    const help = await runCli('operator', '--help');
    expect(help.out).toContain('運営者アカウントを作成し、初期パスワードを表示する');
  });
});

describe.each(DATABASE_TARGETS)('the operator tables on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(() => handle?.close());

  it('give the application role nothing: not even a look at a password hash', async () => {
    const { rows } = await sql<{ table: string; privilege: string }>`
      select c.relname as table, p.privilege
      from pg_class c, unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES']) as p(privilege)
      where c.relnamespace = current_schema()::regnamespace
        and c.relname in ('operators', 'operator_sessions', 'operators_id_seq')
        and has_table_privilege(${APPLICATION_ROLE}, c.oid, p.privilege)`.execute(handle.db);
    expect(rows).toEqual([]);
    const { rows: sequences } = await sql<{ usable: boolean }>`
      select has_sequence_privilege(${APPLICATION_ROLE}, 'operators_id_seq', 'USAGE') as usable`.execute(
      handle.db,
    );
    expect(sequences).toEqual([{ usable: false }]);
  });
});
