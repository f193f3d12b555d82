import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { GrantError, grantApplicationRole } from '../../src/db/grants.ts';
import { DATABASE_TARGETS, TEST_DATABASE_URL } from '../support/databases.ts';

const server = DATABASE_TARGETS.find((t) => t.name === 'postgres');

/** Runs `statement` as `role` inside a transaction that is always rolled back; returns the error, if any. */
async function asRole(db: Kysely<Database>, role: string, statement: string): Promise<Error | undefined> {
  const rollback = new Error('rollback');
  try {
    await db.transaction().execute(async (trx) => {
      await sql`set local role ${sql.id(role)}`.execute(trx);
      // Row-level security: the role acts for the organisation of the rows.
      await sql`select set_config('shinchoku.organisation_id', ${String(organisationId)}, true)`.execute(trx);
      await sql.raw(statement).execute(trx);
      throw rollback;
    });
  } catch (e) {
    if (e === rollback) return undefined;
    return e as Error;
  }
  return undefined;
}

let organisationId = 0;

const HISTORY_ROW = `insert into history (table_name, row_key, operation, actor)
  values ('kpi_values', '{"kpi":"x"}', 'insert', 'grant-test')`;

describe.skipIf(!TEST_DATABASE_URL)('grantApplicationRole on a PostgreSQL server', () => {
  let h: DatabaseHandle;
  const role = `shinchoku_test_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    if (server === undefined) throw new Error('TEST_DATABASE_URL is set but no postgres target');
    h = await server.open();
    await sql`create role ${sql.id(role)} nologin`.execute(h.db);
    const organisation = await h.db
      .insertInto('organisations')
      .values({ code: '040002', name: '宮城県' })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationId = Number(organisation.id);
    // One row to update and delete: the GRANT has to refuse before the append-only trigger would.
    await sql.raw(HISTORY_ROW).execute(h.db);
    await grantApplicationRole(h.db, role);
  });

  afterAll(async () => {
    await sql`drop owned by ${sql.id(role)}`.execute(h.db);
    await sql`drop role ${sql.id(role)}`.execute(h.db);
    await h.close();
  });

  it('lets the role read and append to history', async () => {
    expect(await asRole(h.db, role, 'select count(*) from history')).toBeUndefined();
    expect(await asRole(h.db, role, HISTORY_ROW)).toBeUndefined();
  });

  it.each([["update history set actor = 'x'"], ['delete from history'], ['truncate history']])(
    'refuses %s by privilege, not only by the trigger',
    async (statement) => {
      const error = await asRole(h.db, role, statement);
      expect(error).toMatchObject({ code: '42501' });
      expect(error?.message).toContain('permission denied');
    },
  );

  it('lets the role read and write the other tables', async () => {
    expect(await asRole(h.db, role, 'update users set name = name')).toBeUndefined();
    expect(await asRole(h.db, role, 'delete from sessions')).toBeUndefined();
    expect(await asRole(h.db, role, 'update kpi_values set version = version')).toBeUndefined();
  });

  it('makes the role a member of the application role the server works as', async () => {
    const { rows } = await sql<{ member: boolean }>`
      select pg_has_role(${role}, 'shinchoku_app', 'MEMBER') as member`.execute(h.db);
    expect(rows).toEqual([{ member: true }]);
  });

  it('can be run again (after a migration) without error', async () => {
    await expect(grantApplicationRole(h.db, role)).resolves.toBeUndefined();
  });

  it.each([
    ['Robert"; drop table history; --', 'ロール名'],
    ['1role', 'ロール名'],
    ['no_such_role_shinchoku', 'ありません'],
  ])('refuses %s', async (name, message) => {
    const error = await grantApplicationRole(h.db, name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrantError);
    expect((error as GrantError).message).toContain(message);
  });

  it('refuses the owner of the tables, whom no GRANT holds back', async () => {
    const { rows } = await sql<{ owner: string }>`select current_user as owner`.execute(h.db);
    const error = await grantApplicationRole(h.db, rows[0]?.owner ?? '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrantError);
    expect((error as GrantError).message).toMatch(/スーパーユーザー|所有者/);
  });
});
