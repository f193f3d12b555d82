// A server whose owner role is not a superuser, as on a managed PostgreSQL: FORCE ROW LEVEL SECURITY binds the owner
// there. The service's own commands (no organisation set) must still see every organisation; the owner acting for an
// organisation, and the application role always, must see that organisation only.
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, listServiceOrganisations } from '../../src/app/organisations.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import { type DatabaseHandle, postgresHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { addAccountInUse } from '../support/accounts.ts';
import { TEST_DATABASE_URL } from '../support/databases.ts';

const OPERATOR: Actor = { login: 'cli:operator', role: 'admin', departments: [], requestId: null };
const OSATO = '044229';

/** Runs SQL as the test server's own (superuser) role. */
async function asSuperuser(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

const count = async (db: Kysely<Database>, table: 'plans' | 'users' | 'measures'): Promise<number> => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return rows[0]?.n ?? -1;
};

describe.skipIf(TEST_DATABASE_URL === undefined)('an owner role that is not a superuser', () => {
  const url = TEST_DATABASE_URL ?? '';
  const suffix = randomBytes(5).toString('hex');
  const role = `owner_${suffix}`;
  const schema = `test_owner_${suffix}`;
  let handle: DatabaseHandle;
  let miyagiId: number;
  let osatoId: number;

  beforeAll(async () => {
    // CREATEROLE: the first migration on a server creates the application's role when it is not there yet.
    await asSuperuser(url, [
      `create role ${role} login password '${role}' nosuperuser nobypassrls createrole`,
      `create schema ${schema} authorization ${role}`,
    ]);
    const own = new URL(url);
    own.username = role;
    own.password = role;
    handle = postgresHandle(own.toString(), { searchPath: schema, max: 4, location: schema });
    const [{ rolsuper }] = (
      await sql<{ rolsuper: boolean }>`select rolsuper from pg_roles where rolname = current_user`.execute(
        handle.db,
      )
    ).rows as [{ rolsuper: boolean }];
    expect(rolsuper).toBe(false);
    await migrateToLatest(handle.db);
    await seedBundledDataset(handle.db);
    const [miyagi] = await listPlans(handle.db);
    miyagiId = miyagi?.organisationId ?? 0;
    const { organisation } = await addOrganisation(handle, OPERATOR, { code: OSATO });
    osatoId = organisation.id;
    await addAccountInUse(handle.forOrganisation(osatoId), {
      login: 'osato-admin',
      name: '大郷 管理者',
      role: 'admin',
      departments: [],
      passwordHash: 'x',
    });
  }, 180_000);

  afterAll(async () => {
    await handle?.close();
    await asSuperuser(url, [
      `drop schema if exists ${schema} cascade`,
      `drop owned by ${role}`,
      `drop role ${role}`,
    ]);
  });

  it('the service’s own commands see every organisation: the seeded plan and the counts of each', async () => {
    const plans = await listPlans(handle.db);
    expect(plans.map((p) => [p.organisationCode, p.code])).toEqual([['040002', 'miyagi-joho-policy']]);
    const listed = await listServiceOrganisations(handle, OPERATOR);
    expect(listed.map((o) => [o.code, o.plans, o.accounts])).toEqual([
      ['040002', 1, 0],
      [OSATO, 0, 1],
    ]);
  });

  it('every tenant table has the owner’s policy beside the organisation policy', async () => {
    const { rows } = await sql<{ table: string; policies: string[] }>`
      select tablename as table, array_agg(policyname::text order by policyname) as policies
      from pg_policies where schemaname = ${schema} group by tablename order by tablename`.execute(handle.db);
    expect(rows.length).toBeGreaterThanOrEqual(29);
    for (const row of rows) expect(row.policies, row.table).toEqual(['organisation_rows', 'service_rows']);
  });

  it('the owner acting for an organisation sees that organisation only', async () => {
    const seen = await handle.db.transaction().execute(async (trx) => {
      await sql`select set_config('shinchoku.organisation_id', ${String(osatoId)}, true)`.execute(trx);
      return {
        plans: await count(trx, 'plans'),
        users: await count(trx, 'users'),
        measures: await count(trx, 'measures'),
      };
    });
    expect(seen).toEqual({ plans: 0, users: 1, measures: 0 });
  });

  it('the application role sees nothing without an organisation, and its own organisation’s rows with one', async () => {
    const asApp = await handle.db.transaction().execute(async (trx) => {
      await sql`set local role shinchoku_app`.execute(trx);
      return { plans: await count(trx, 'plans'), users: await count(trx, 'users') };
    });
    expect(asApp).toEqual({ plans: 0, users: 0 });
    expect(await count(handle.forOrganisation(miyagiId), 'plans')).toBe(1);
    expect(await count(handle.forOrganisation(miyagiId), 'users')).toBe(0);
    expect(await count(handle.forOrganisation(osatoId), 'users')).toBe(1);
  });

  it('serves Miyagi’s public pages and the new organisation’s staff side', async () => {
    const app = createServiceApp(await serveOrganisations(handle, await listPlans(handle.db), {}));
    const top = await app.request('/040002/');
    expect(top.status).toBe(200);
    expect(await top.text()).toContain('宮城県');
    const login = await app.request(`/${OSATO}/admin/login`);
    expect(login.status).toBe(200);
  });
});
