import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';

/** A role name that needs no quoting (PostgreSQL's unquoted identifiers, at most 63 bytes). */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A grant refused before anything was changed; the message is Japanese, for the administrator. */
export class GrantError extends Error {
  override name = 'GrantError';
}

/**
 * Gives the application's own role on a PostgreSQL server what it needs and no more: read and write every table
 * of the current schema except history, which it may only read and append to (監査のための履歴は追記のみ).
 * The migrations must have run first; tables added by later migrations need this again.
 */
export async function grantApplicationRole(db: Kysely<Database>, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) {
    throw new GrantError(
      `ロール名「${role}」は使えません。半角英小文字・数字・_ で、英小文字か _ で始まる63文字以内にしてください。`,
    );
  }
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      schema: string | null;
      role_exists: boolean;
      superuser: boolean | null;
      history_owner: string | null;
      inherits_owner: boolean | null;
    }>`
      select current_schema() as schema,
             r.oid is not null as role_exists,
             r.rolsuper as superuser,
             t.tableowner as history_owner,
             case when r.oid is not null and t.tableowner is not null
                  then pg_has_role(r.rolname, t.tableowner, 'USAGE') end as inherits_owner
      from (select 1) as one
      left join pg_roles r on r.rolname = ${role}
      left join pg_tables t on t.schemaname = current_schema() and t.tablename = 'history'
    `.execute(trx);
    const found = rows[0];
    if (found?.schema == null || found.history_owner === null) {
      throw new GrantError(
        '現在のスキーマに履歴（history）の表がありません。先に shinchoku db migrate を実行してください。',
      );
    }
    if (!found.role_exists) {
      throw new GrantError(
        `ロール「${role}」はありません。先にサーバーで作成してください（例: create role ${role} login password '…'）。`,
      );
    }
    // Neither a superuser nor the owner of the tables (or a member of it) is held back by a GRANT.
    if (found.superuser === true) {
      throw new GrantError(
        `ロール「${role}」はスーパーユーザーのため、権限を制限できません。別のロールを指定してください。`,
      );
    }
    if (found.inherits_owner === true) {
      throw new GrantError(
        `ロール「${role}」は表の所有者（${found.history_owner}）の権限を持つため、履歴の書き換えを禁止できません。別のロールを指定してください。`,
      );
    }
    const schema = sql.id(found.schema);
    const history = sql.id(found.schema, 'history');
    const grantee = sql.id(role);
    await sql`grant usage on schema ${schema} to ${grantee}`.execute(trx);
    await sql`grant select, insert, update, delete on all tables in schema ${schema} to ${grantee}`.execute(
      trx,
    );
    await sql`revoke update, delete, truncate on ${history} from ${grantee}`.execute(trx);
    await sql`grant select, insert on ${history} to ${grantee}`.execute(trx);
    await sql`grant usage, select on all sequences in schema ${schema} to ${grantee}`.execute(trx);
    // The server works for each organisation as shinchoku_app (row-level security): the role may switch to it.
    await sql`grant shinchoku_app to ${grantee}`.execute(trx);
  });
}
