// The organisations on this service (the shared table `organisations`) and the operator's whole-organisation reads
// and deletes. Reads of an organisation's data take its scoped handle (handle.forOrganisation), so that row-level
// security, not a where clause, decides what is read; the delete runs as the owner (history and publications refuse
// deletes to everyone else) inside the caller's transaction.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { OrganisationKind } from '../../domain/organisations/registry.ts';
import type { Database } from '../database.ts';
import { actForOrganisation } from '../plan-row-write.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The registry columns migration 0007 added to organisations (null for rows imported before it). */
interface OrganisationRegistryColumns {
  kind: Exclude<OrganisationKind, 'ward'> | null;
  prefecture_code: string | null;
  reading: string | null;
}

const withRegistryColumns = (db: Db) =>
  db.withTables<{ organisations: OrganisationRegistryColumns }>() as Kysely<
    Database & { organisations: OrganisationRegistryColumns }
  >;

/** One organisation on this service. */
export interface ServiceOrganisation {
  readonly id: number;
  /** 団体コード (6 digits) */
  readonly code: string;
  readonly name: string;
  readonly kind: Exclude<OrganisationKind, 'ward'> | null;
  readonly prefectureCode: string | null;
  readonly reading: string | null;
}

const toOrganisation = (r: {
  id: number;
  code: string;
  name: string;
  kind: ServiceOrganisation['kind'];
  prefecture_code: string | null;
  reading: string | null;
}): ServiceOrganisation => ({
  id: Number(r.id),
  code: r.code,
  name: r.name,
  kind: r.kind,
  prefectureCode: r.prefecture_code,
  reading: r.reading,
});

const COLUMNS = ['id', 'code', 'name', 'kind', 'prefecture_code', 'reading'] as const;

/** Every organisation in the order created: the first is the default one. */
export async function listOrganisationRows(db: Db): Promise<ServiceOrganisation[]> {
  const rows = await withRegistryColumns(db)
    .selectFrom('organisations')
    .select(COLUMNS)
    .orderBy('id')
    .execute();
  return rows.map(toOrganisation);
}

export async function findOrganisationRow(db: Db, code: string): Promise<ServiceOrganisation | undefined> {
  const row = await withRegistryColumns(db)
    .selectFrom('organisations')
    .select(COLUMNS)
    .where('code', '=', code)
    .executeTakeFirst();
  return row === undefined ? undefined : toOrganisation(row);
}

export async function insertOrganisationRow(
  db: Db,
  row: Omit<ServiceOrganisation, 'id'>,
): Promise<ServiceOrganisation> {
  const inserted = await withRegistryColumns(db)
    .insertInto('organisations')
    .values({
      code: row.code,
      name: row.name,
      kind: row.kind,
      prefecture_code: row.prefectureCode,
      reading: row.reading,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toOrganisation(inserted);
}

/** Rows of a table the handle sees (an organisation's scoped handle: that organisation's rows). */
export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * The tables holding an organisation's data (every table with organisation_id), ordered so that a table comes
 * before the tables it references: the order to delete in.
 */
export async function tenantTablesInDeleteOrder(db: Db): Promise<string[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'organisation_id' and t.table_type = 'BASE TABLE'
    order by 1`.execute(db);
  const { rows: references } = await sql<{ tab: string; ref: string }>`
    select c.conrelid::regclass::text as tab, c.confrelid::regclass::text as ref from pg_constraint c
    where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(db);
  const names = tables.map((t) => t.name);
  const ordered: string[] = [];
  const visit = (table: string, path: ReadonlySet<string>): void => {
    if (ordered.includes(table) || path.has(table)) return;
    // Tables referencing this one go first.
    for (const r of references)
      if (r.ref === table && r.tab !== table && names.includes(r.tab)) {
        visit(r.tab, new Set([...path, table]));
      }
    ordered.push(table);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

// The row triggers that keep history append-only (0001) and publications immutable (0004).
const GUARD_TRIGGERS = [
  { table: 'history', trigger: 'history_append_only' },
  { table: 'publications', trigger: 'publications_immutable' },
] as const;

/**
 * Deletes every row of an organisation in the caller's transaction, as the owner: each tenant table, then the
 * organisations row. The guards of history and publications are switched off for this transaction only (ALTER
 * TABLE is transactional: a rollback restores them, and other sessions wait on the table lock meanwhile).
 * Returns the rows deleted per table.
 */
export async function deleteOrganisationRows(
  trx: Transaction<Database>,
  organisationId: number,
): Promise<Map<string, number>> {
  // Row-level security binds a table owner that is not a superuser: act for the organisation being deleted.
  await actForOrganisation(trx, organisationId);
  await sql`set constraints all deferred`.execute(trx);
  for (const g of GUARD_TRIGGERS) {
    await sql`alter table ${sql.table(g.table)} disable trigger ${sql.ref(g.trigger)}`.execute(trx);
  }
  const deleted = new Map<string, number>();
  for (const table of await tenantTablesInDeleteOrder(trx)) {
    const result =
      await sql`delete from ${sql.table(table)} where organisation_id = ${organisationId}`.execute(trx);
    deleted.set(table, Number(result.numAffectedRows ?? 0));
  }
  for (const g of GUARD_TRIGGERS) {
    await sql`alter table ${sql.table(g.table)} enable trigger ${sql.ref(g.trigger)}`.execute(trx);
  }
  await trx.deleteFrom('organisations').where('id', '=', organisationId).execute();
  return deleted;
}

/** Columns of the accounts a whole-organisation export carries: no password hash, no second-factor secret. */
const EXPORTED_USER_COLUMNS = [
  'id',
  'login',
  'name',
  'role',
  'email',
  'disabled',
  'must_change_password',
  'created_at',
  'updated_at',
] as const;

export type ExportRow = Record<string, unknown>;

/**
 * The rows of one table with its columns in the table's order (so that an empty table still has its header), less
 * organisation_id: every row is the organisation's, and its number means nothing on another service.
 */
export interface ExportRecords {
  readonly columns: readonly string[];
  readonly rows: readonly ExportRow[];
}

async function columnsOf(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and column_name <> 'organisation_id'
    order by ordinal_position`.execute(db);
  return rows.map((r) => r.name);
}

/** What an organisation's export carries besides its plans, read through its scoped handle (or transaction). */
export async function readOrganisationRecords(scoped: Db): Promise<Record<string, ExportRecords>> {
  const all = async (table: string, order = sql`order by id`): Promise<ExportRecords> => ({
    columns: await columnsOf(scoped, table),
    rows: (await sql<ExportRow>`select * from ${sql.table(table)} ${order}`.execute(scoped)).rows,
  });
  const users = await scoped
    .selectFrom('users')
    .select([...EXPORTED_USER_COLUMNS, sql<boolean>`totp_secret is not null`.as('mfa_enabled')])
    .orderBy('id')
    .execute();
  return {
    users: { columns: [...EXPORTED_USER_COLUMNS, 'mfa_enabled'], rows: users },
    user_departments: await all('user_departments', sql`order by user_id, department`),
    reporting_cycles: await all('reporting_cycles'),
    department_answers: await all('department_answers'),
    publications: await all('publications'),
    history: await all('history'),
  };
}
