// What still references a plan row: read from the foreign keys in the database catalogue, so that a reference
// added by a later migration is covered without a list to keep up to date; accounts answer for departments by code.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Row, TableDef, TableName } from '../../domain/tables/definitions.ts';
import type { Database } from '../database.ts';
import { dbColumn, STORED_TABLES } from './table-columns.ts';

/** Rows of another table (or other rows of the same table) that reference a row, by table. */
export interface Dependents {
  /** The referencing table; the same as the row's own for a tree (a goal's sub-goals). */
  readonly table: TableName | 'user_departments';
  readonly count: number;
}

interface ForeignKey {
  readonly table: string;
  readonly columns: string[];
  readonly referenced: string[];
}

/** The foreign keys that point at a table, read from the database catalogue (so a key added later is covered). */
async function foreignKeysTo(
  db: Kysely<Database> | Transaction<Database>,
  table: string,
): Promise<ForeignKey[]> {
  const result = await sql<{ tab: string; cols: string; refcols: string }>`
    select c.conrelid::regclass::text as tab,
      (select string_agg(a.attname, ',' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as cols,
      (select string_agg(a.attname, ',' order by k.i) from unnest(c.confkey) with ordinality k(n, i)
        join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as refcols
    from pg_constraint c
    where c.contype = 'f' and c.confrelid = ${table}::regclass
    order by c.conrelid::regclass::text, c.conname`.execute(db);
  return result.rows.map((r) => ({
    table: r.tab.replace(/^.*\./, '').replace(/"/g, ''),
    columns: r.cols.split(','),
    referenced: r.refcols.split(','),
  }));
}

/**
 * What still references a row: the rows of every table whose foreign key points at it (a measure's KPIs, a goal's
 * measures and sub-goals, a KPI's values), and for a department the accounts answering for it. Zero counts left out.
 */
export async function findDependents(
  db: Kysely<Database> | Transaction<Database>,
  planId: number,
  def: TableDef,
  row: Row,
): Promise<Dependents[]> {
  const found: Dependents[] = [];
  for (const fk of await foreignKeysTo(db, def.name)) {
    const referencing = STORED_TABLES.find((t) => t.name === fk.table);
    if (referencing === undefined) continue;
    const conditions = fk.columns.flatMap((column, i) => {
      const target = fk.referenced[i] ?? '';
      if (column === 'organisation_id' || column === 'plan_id') return [];
      const key = def.columns.find((c) => dbColumn(def.name, c.key) === target)?.key ?? target;
      return [sql`${sql.ref(column)} = ${row[key] ?? null}`];
    });
    if (conditions.length === 0) continue;
    const counted = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(fk.table)}
      where plan_id = ${planId} and ${sql.join(conditions, sql` and `)}`.execute(db);
    const count = Number(counted.rows[0]?.n ?? 0);
    if (count > 0) found.push({ table: referencing.name, count });
  }
  if (def.name === 'departments') {
    // Accounts answer for departments by code (user_departments has no foreign key: departments are per plan).
    const counted = await sql<{
      n: string | number;
    }>`select count(distinct user_id) as n from user_departments
      where department = ${row.code ?? null}`.execute(db);
    const count = Number(counted.rows[0]?.n ?? 0);
    if (count > 0) found.push({ table: 'user_departments', count });
  }
  return found;
}
