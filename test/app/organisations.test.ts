// The operator's organisation use cases called directly, on PGlite and on a PostgreSQL server: deleting one
// organisation removes every row it has in every tenant table (history and publications too, which refuse deletes
// otherwise) and not one row of another; a wrong confirmation or the default organisation changes nothing.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/app/accounts.ts';
import { grantOperatorAccess } from '../../src/app/operator-access.ts';
import {
  addOrganisation,
  chooseOrganisation,
  deleteOrganisation,
  listServiceOrganisations,
  readOrganisationExport,
} from '../../src/app/organisations.ts';
import { Refusal } from '../../src/app/workspace.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { listPlans, savePlan } from '../../src/db/plan-store.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { writeOrganisationExport } from '../../src/io/interchange/write-organisation-export.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { planFrom, seedDocument } from '../support/plans.ts';

const OPERATOR: Actor = { login: 'cli:operator', role: 'admin', departments: [], requestId: null };
const OSATO_ADMIN: Actor = { login: 'admin1', role: 'admin', departments: [], requestId: null };

/** 044229 大郷町 (宮城県黒川郡): a real 町 of the registry, beside the seed's 040002 宮城県. */
const OSATO = '044229';

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Refusal)) throw new Error(`expected a refusal, got ${String(outcome)}`);
  return outcome;
}

/** The tables with organisation_id (every table of an organisation's data). */
async function tenantTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'organisation_id' and t.table_type = 'BASE TABLE'
    order by 1`.execute(db);
  return rows.map((r) => r.name);
}

/** Rows per table of one organisation, as the owner (a superuser in tests) counts them. */
async function rowsOf(db: Kysely<Database>, organisationId: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tenantTables(db)) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table)} where organisation_id = ${organisationId}`.execute(
      db,
    );
    counts[table] = rows[0]?.n ?? 0;
  }
  return counts;
}

/** A cycle with one answer, a publication and a session: rows in the campaign tables and the immutable ones. */
async function addCampaignRows(db: Kysely<Database>, planId: number, userId: number): Promise<void> {
  const cycle = await db
    .insertInto('reporting_cycles')
    .values({
      plan_id: planId,
      fiscal_year: 2024,
      state: 'collecting',
      due_date: null,
      opening_document: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('department_answers')
    .values({
      cycle_id: cycle.id,
      department: 'kikaku-digital',
      state: 'in_progress',
      due_date: null,
      comment: null,
      last_changed_by: null,
    })
    .execute();
  await db
    .insertInto('publications')
    .values({
      plan_id: planId,
      fiscal_year: 2024,
      revision: 1,
      reason: null,
      document: '{}',
      changes: '[]',
      published_by: 'admin1',
      error_count: 0,
      warning_count: 0,
      acknowledged_errors: null,
      acknowledged_by: null,
    })
    .execute();
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id_hash: `s-${planId}`,
      user_id: userId,
      csrf_token: 'x',
      stage: 'full',
      created_at: now,
      last_seen_at: now,
    })
    .execute();
}

describe.each(DATABASE_TARGETS)('organisation use cases on $name', (target) => {
  let handle: DatabaseHandle;
  let miyagiId: number;
  let osatoId: number;

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    const added = await addOrganisation(handle, OPERATOR, {
      code: OSATO,
      admin: { login: 'admin1', name: '大郷町 管理者' },
    });
    osatoId = added.organisation.id;
    // The same plan in both organisations, and the same login.
    const document = seedDocument();
    document.organisation = { code: OSATO, name: '大郷町' };
    await savePlan(handle.db, planFrom(document), { actor: 'system:test' });
    const plans = await listPlans(handle.db);
    const miyagiPlan = plans.find((p) => p.organisationCode === '040002');
    const osatoPlan = plans.find((p) => p.organisationCode === OSATO);
    if (miyagiPlan === undefined || osatoPlan === undefined) throw new Error('plans not stored');
    miyagiId = miyagiPlan.organisationId;
    const miyagiAdmin = await createAccount({ db: handle.forOrganisation(miyagiId) }, OPERATOR, {
      login: 'admin1',
      name: '宮城県 管理者',
      role: 'admin',
      departments: [],
    });
    await addCampaignRows(handle.forOrganisation(miyagiId), miyagiPlan.id, miyagiAdmin.account.id);
    await addCampaignRows(handle.forOrganisation(osatoId), osatoPlan.id, added.admin?.account.id ?? 0);
  }, 180_000);
  afterAll(() => handle?.close());

  it('adds the organisation with the registry’s name, kind, prefecture and reading', async () => {
    expect(added(await listServiceOrganisations(handle, OPERATOR))).toEqual([
      { code: '040002', name: '宮城県', kind: 'prefecture', plans: 1, accounts: 1, isDefault: true },
      { code: OSATO, name: '大郷町', kind: 'town', plans: 1, accounts: 1, isDefault: false },
    ]);
    const osato = await chooseOrganisation(handle, '04422');
    expect(osato).toMatchObject({ code: OSATO, prefectureCode: '040002', reading: 'おおさとちょう' });
  });

  it('both organisations hold rows in every tenant table before the delete', async () => {
    const tables = await tenantTables(handle.db);
    // 28 in migration 0007; later migrations may add tables of an organisation's data.
    expect(tables.length).toBeGreaterThanOrEqual(28);
    for (const id of [miyagiId, osatoId]) {
      const counts = await rowsOf(handle.db, id);
      for (const table of tables) {
        // transcription_notes and a few others may be empty in the seed; the campaign and account tables are not.
        if (['users', 'history', 'publications', 'sessions', 'department_answers'].includes(table))
          expect(counts[table], table).toBeGreaterThan(0);
      }
    }
  });

  it('the export reads only 大郷町’s rows, documents written beside the CSV', async () => {
    // The operator reads an organisation's data only while it grants that (運営者への閲覧許可).
    await grantOperatorAccess({ db: handle.forOrganisation(osatoId), now: () => new Date() }, OSATO_ADMIN, {
      days: '1',
      reason: '',
    });
    const data = await readOrganisationExport(handle, OPERATOR, OSATO);
    expect(data.plans.map((p) => [p.ok, p.stored.organisationCode])).toEqual([[true, OSATO]]);
    expect(data.records.users?.rows.map((u) => u.name)).toEqual(['大郷町 管理者']);
    expect(data.records.users?.columns).not.toContain('password_hash');
    const osato = await rowsOf(handle.db, osatoId);
    for (const table of ['publications', 'reporting_cycles', 'department_answers']) {
      expect(data.records[table]?.rows.length, table).toBe(osato[table]);
    }
    // All of 大郷町's history but the record of this export, written after the read.
    expect(data.records.history?.rows.length).toBe((osato.history ?? 0) - 1);
    const dir = await mkdtemp(join(tmpdir(), 'shinchoku-organisation-'));
    try {
      const written = await writeOrganisationExport(data, join(dir, 'out'));
      expect(written.rows).toMatchObject({ users: 1, publications: 1, reporting_cycles: 1 });
      const publications = (await readFile(join(dir, 'out', '公表.csv'), 'utf8')).split('\r\n');
      const documentFile = /文書\/publications-\d+-document\.json/.exec(publications[1] ?? '')?.[0];
      expect(documentFile).toBeDefined();
      expect(await readFile(join(dir, 'out', documentFile ?? ''), 'utf8')).toBe('{}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a wrong confirmation and the default organisation are refused, and nothing changes', async () => {
    const before = [await rowsOf(handle.db, miyagiId), await rowsOf(handle.db, osatoId)];
    const wrong = await refusalOf(deleteOrganisation(handle, OPERATOR, { code: OSATO, confirm: '040002' }));
    expect(wrong.kind).toBe('invalid');
    expect(wrong.details[0]?.message).toContain('団体コード「044229」をもう一度指定してください');
    const first = await refusalOf(
      deleteOrganisation(handle, OPERATOR, { code: '040002', confirm: '040002' }),
    );
    expect(first.kind).toBe('conflict');
    expect(first.details[0]?.message).toContain('既定の団体');
    expect([await rowsOf(handle.db, miyagiId), await rowsOf(handle.db, osatoId)]).toEqual(before);
  });

  it('deleting 大郷町 removes all its rows, history included, and leaves 宮城県’s untouched', async () => {
    const miyagiBefore = await rowsOf(handle.db, miyagiId);
    const osatoBefore = await rowsOf(handle.db, osatoId);
    const { deleted } = await deleteOrganisation(handle, OPERATOR, { code: OSATO, confirm: OSATO });
    expect(Object.fromEntries(deleted)).toEqual(osatoBefore);
    expect(await rowsOf(handle.db, miyagiId)).toEqual(miyagiBefore);
    const after = await rowsOf(handle.db, osatoId);
    expect(Object.values(after).every((n) => n === 0)).toBe(true);
    const codes = await handle.db.selectFrom('organisations').select('code').execute();
    expect(codes).toEqual([{ code: '040002' }]);
  });

  it('history and publications refuse deletes again afterwards (the guards were off for that transaction only)', async () => {
    for (const table of ['history', 'publications']) {
      const attempt = sql`delete from ${sql.table(table)} where organisation_id = ${miyagiId}`.execute(
        handle.db,
      );
      await expect(attempt, table).rejects.toThrow(/append-only|immutable/);
    }
    const count = await sql<{ n: number }>`select count(*)::int as n from history`.execute(handle.db);
    expect(count.rows[0]?.n).toBeGreaterThan(0);
  });
});

const added = (all: Awaited<ReturnType<typeof listServiceOrganisations>>) =>
  all.map(({ code, name, kind, plans, accounts, isDefault }) => ({
    code,
    name,
    kind,
    plans,
    accounts,
    isDefault,
  }));
