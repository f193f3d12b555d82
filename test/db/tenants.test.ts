// Organisations as tenants, enforced by PostgreSQL itself: the schema's keys and row-level security, and two
// organisations with overlapping codes (the same plan, measure ids, department codes and logins) that cannot see or
// change each other's rows through the application's role, whatever the query asks for.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { APPLICATION_ROLE } from '../../src/db/organisation-scope.ts';
import { listPlans, type StoredPlan, savePlan } from '../../src/db/plan-store.ts';
import { insertUser } from '../../src/db/repositories/user.repository.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { planFrom, seedDocument } from '../support/plans.ts';

/** Tables shared by the whole service: no organisation's data. */
const SHARED_TABLES = [
  'organisations',
  'login_throttle',
  'kysely_migration',
  'kysely_migration_lock',
  // 運営者 accounts and their sessions (0012_operators.sql): the service's, not an organisation's; the application
  // role has no grant on them at all (test/operator/operator-accounts.test.ts).
  'operators',
  'operator_sessions',
];

async function tenantTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
    order by c.relname`.execute(db);
  return rows.map((r) => r.name).filter((name) => !SHARED_TABLES.includes(name));
}

/** Rows of a table per organisation id, as the owner (a superuser, whom row-level security does not bind) sees them. */
async function rowsByOrganisation(db: Kysely<Database>, table: string): Promise<Map<number, number>> {
  const { rows } = await sql<{ organisation_id: number; n: number }>`
    select organisation_id, count(*)::int as n from ${sql.table(table)} group by organisation_id`.execute(db);
  return new Map(rows.map((r) => [Number(r.organisation_id), r.n]));
}

describe.each(DATABASE_TARGETS)('organisations as tenants on $name', (target) => {
  let handle: DatabaseHandle;
  let miyagi: StoredPlan;
  let kakuu: StoredPlan;

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    // A second organisation with the very same plan: the same plan code, measure ids, KPI ids and department codes.
    const document = seedDocument();
    document.organisation = { code: '049999', name: '架空町' };
    await savePlan(handle.db, planFrom(document), { actor: 'system:test' });
    const plans = await listPlans(handle.db);
    miyagi = plans.find((p) => p.organisationCode === '040002') as StoredPlan;
    kakuu = plans.find((p) => p.organisationCode === '049999') as StoredPlan;
    // The same login in both organisations, each created through its organisation's own handle.
    for (const plan of [miyagi, kakuu]) {
      await insertUser(handle.forOrganisation(plan.organisationId), {
        login: 'admin1',
        name: `${plan.organisationName} 管理者`,
        role: 'admin',
        departments: ['kikaku-digital'],
        passwordHash: 'x',
      });
    }
  }, 120_000);
  afterAll(() => handle?.close());

  it('lists the default organisation (the first created) first, whatever was imported since', async () => {
    const plans = await listPlans(handle.db);
    expect(plans.map((p) => p.organisationCode)).toEqual(['040002', '049999']);
  });

  it('every tenant table has row-level security enabled and forced, and every key begins with organisation_id', async () => {
    const tables = await tenantTables(handle.db);
    // 30 tables of an organisation's data (plans and their rows, the campaign, history, accounts, sessions, invitations,
    // 運営者への閲覧許可)
    expect(tables).toHaveLength(30);
    const { rows } = await sql<{ name: string; enabled: boolean; forced: boolean }>`
      select relname as name, relrowsecurity as enabled, relforcerowsecurity as forced from pg_class
      where relnamespace = current_schema()::regnamespace and relkind = 'r'`.execute(handle.db);
    for (const table of tables) {
      expect(
        rows.find((r) => r.name === table),
        table,
      ).toMatchObject({ enabled: true, forced: true });
    }
    for (const shared of ['organisations', 'login_throttle']) {
      expect(rows.find((r) => r.name === shared)?.enabled, shared).toBe(false);
    }
    const keys = await sql<{
      tab: string;
      kind: string;
      columns: string[];
      target: string | null;
      referenced: string[] | null;
    }>`
      select c.conrelid::regclass::text as tab, c.contype as kind,
             case when c.contype = 'f' then c.confrelid::regclass::text end as target,
             array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
             case when c.contype = 'f' then
               array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                     join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) end as referenced
      from pg_constraint c
      where c.connamespace = current_schema()::regnamespace and c.contype in ('p', 'u', 'f')`.execute(
      handle.db,
    );
    const tenantKeys = keys.rows.filter((k) => tables.includes(k.tab));
    // Each tenant table has a primary key; most have unique and foreign keys too.
    expect(new Set(tenantKeys.filter((k) => k.kind === 'p').map((k) => k.tab)).size).toBe(30);
    for (const key of tenantKeys) {
      expect(key.columns[0], `${key.tab} ${key.kind} (${key.columns.join(', ')})`).toBe('organisation_id');
      if (key.referenced !== null) {
        // Into another tenant table by (organisation_id, …); into the shared list of organisations by its id.
        expect(key.referenced, `${key.tab} → ${key.target} (${key.referenced.join(', ')})`).toEqual(
          key.target === 'organisations' ? ['id'] : ['organisation_id', ...key.referenced.slice(1)],
        );
        if (key.target === 'organisations') expect(key.columns).toEqual(['organisation_id']);
      }
    }
  });

  it('the application role is neither a superuser nor exempt from row-level security', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
      select rolsuper, rolbypassrls from pg_roles where rolname = ${APPLICATION_ROLE}`.execute(handle.db);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const scoped = handle.forOrganisation(miyagi.organisationId);
    const { rows: who } = await sql<{ role: string; organisation: string }>`
      select current_user as role, current_setting('shinchoku.organisation_id') as organisation`.execute(
      scoped,
    );
    expect(who).toEqual([{ role: APPLICATION_ROLE, organisation: String(miyagi.organisationId) }]);
  });

  it("an organisation's handle sees exactly its own rows in every tenant table, however the query is written", async () => {
    const scoped = handle.forOrganisation(kakuu.organisationId);
    for (const table of await tenantTables(handle.db)) {
      const owner = await rowsByOrganisation(handle.db, table);
      const seen = await rowsByOrganisation(scoped, table);
      // Only 架空町's rows, all of them (tables holding rows of both show that RLS filtered, not an empty table).
      expect(
        [...seen.keys()].filter((id) => id !== kakuu.organisationId),
        table,
      ).toEqual([]);
      expect(seen.get(kakuu.organisationId) ?? 0, table).toBe(owner.get(kakuu.organisationId) ?? 0);
    }
    // Both organisations hold the same measures: the owner sees 2 × 47, each organisation 47.
    const measures = await rowsByOrganisation(handle.db, 'measures');
    expect(measures.get(miyagi.organisationId)).toBe(measures.get(kakuu.organisationId));
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from measures where organisation_id = ${miyagi.organisationId}`.execute(
      scoped,
    );
    expect(rows[0]?.n).toBe(0);
    const users = await scoped.selectFrom('users').select(['login', 'name']).execute();
    expect(users).toEqual([{ login: 'admin1', name: '架空町 管理者' }]);
  });

  it('the application role with a wrong or missing organisation reads no rows (RLS, not the application)', async () => {
    const tables = await tenantTables(handle.db);
    for (const setting of ['999999', '']) {
      await handle.db.transaction().execute(async (trx) => {
        await sql`select set_config('role', ${APPLICATION_ROLE}, true),
                         set_config('shinchoku.organisation_id', ${setting}, true)`.execute(trx);
        for (const table of tables) {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
          expect(rows[0]?.n, `${table} with organisation '${setting}'`).toBe(0);
        }
      });
    }
  });

  it("writes into another organisation's rows change nothing or are refused", async () => {
    const scoped = handle.forOrganisation(kakuu.organisationId);
    const before = await handle.db
      .selectFrom('kpi_values')
      .select(['organisation_id', 'value', 'version'])
      .where('organisation_id', '=', miyagi.organisationId)
      .orderBy('id')
      .execute();
    const updated = await scoped
      .updateTable('kpi_values')
      .set({ value: '1' })
      .where('organisation_id', '=', miyagi.organisationId)
      .executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const deleted = await scoped
      .deleteFrom('users')
      .where('organisation_id', '=', miyagi.organisationId)
      .executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(0);
    // Writing a row that names another organisation breaks the policy's check.
    await expect(
      scoped
        .insertInto('analyses')
        .values({
          organisation_id: miyagi.organisationId,
          plan_id: miyagi.id,
          measure: '1-1',
          fiscal_year: 2024,
          text: 'x',
        })
        .execute(),
    ).rejects.toThrow(/row-level security/);
    // Moving one's own row into another organisation too.
    await expect(
      scoped.updateTable('users').set({ organisation_id: miyagi.organisationId }).execute(),
    ).rejects.toThrow(/row-level security/);
    const after = await handle.db
      .selectFrom('kpi_values')
      .select(['organisation_id', 'value', 'version'])
      .where('organisation_id', '=', miyagi.organisationId)
      .orderBy('id')
      .execute();
    expect(after).toEqual(before);
    const miyagiUsers = await rowsByOrganisation(handle.db, 'users');
    expect(miyagiUsers.get(miyagi.organisationId)).toBe(1);
  });

  it('rows written through a handle belong to its organisation without naming it', async () => {
    const scoped = handle.forOrganisation(kakuu.organisationId);
    await scoped
      .insertInto('login_throttle')
      .values({ key: 'ip:192.0.2.1', failures: 1, last_failure_at: new Date() })
      .execute();
    const { id } = await scoped
      .insertInto('history')
      .values({ plan_id: kakuu.id, table_name: 'users', row_key: '{}', operation: 'insert', actor: 't' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await handle.db
      .selectFrom('history')
      .select('organisation_id')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.organisation_id).toBe(kakuu.organisationId);
  });
});
