import { type Kysely, sql, type Transaction } from 'kysely';
import type { Role } from '../../domain/staff/role.ts';
import type { Database } from '../database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Runs `work` in the caller's transaction when given one (a use case owns it), else in a transaction of its own. */
const atomically = <T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db) : db.transaction().execute(work);

/** A staff account as the application sees it (never with its password hash). */
export interface StaffUser {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  /** Department codes an editor answers for (empty for admins and viewers). */
  readonly departments: readonly string[];
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly mfaEnabled: boolean;
}

/** Thrown when a login is already taken. */
export class DuplicateLoginError extends Error {
  override name = 'DuplicateLoginError';
  constructor(readonly login: string) {
    super(`ログインID「${login}」は既に使われています。`);
  }
}

const USER_COLUMNS = [
  'id',
  'login',
  'name',
  'role',
  'disabled',
  'must_change_password',
  'totp_secret',
] as const;

async function withDepartments(
  db: Db,
  rows: readonly {
    id: number;
    login: string;
    name: string;
    role: Role;
    disabled: boolean;
    must_change_password: boolean;
    totp_secret: string | null;
  }[],
): Promise<StaffUser[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('user_departments')
    .select(['user_id', 'department'])
    .where(
      'user_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('department')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    login: r.login,
    name: r.name,
    role: r.role,
    departments: links.filter((l) => Number(l.user_id) === Number(r.id)).map((l) => l.department),
    disabled: r.disabled,
    mustChangePassword: r.must_change_password,
    mfaEnabled: r.totp_secret !== null,
  }));
}

/** Who made an account change, for the history (an admin at the CLI, or the person themselves on the web). */
export interface AccountAudit {
  readonly actor: string;
  readonly requestId?: string | null;
}

/**
 * Records an account change in the append-only history (no plan: table `users`, key = login), in the caller's
 * transaction. Password hashes and second-factor secrets are never written there, only that they changed.
 */
export async function auditAccount(
  db: Db,
  login: string,
  column: string,
  oldValue: string | null,
  newValue: string | null,
  audit: AccountAudit,
  operation: 'insert' | 'update' = 'update',
): Promise<void> {
  await db
    .insertInto('history')
    .values({
      plan_id: null,
      table_name: 'users',
      row_key: JSON.stringify({ login }),
      operation,
      column_name: column,
      old_value: oldValue,
      new_value: newValue,
      actor: audit.actor,
      request_id: audit.requestId ?? null,
    })
    .execute();
}

/** Every account, by login. */
export async function listUsers(db: Db): Promise<StaffUser[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('login').execute();
  return withDepartments(db, rows);
}

export async function findUserById(db: Db, id: number): Promise<StaffUser | undefined> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).execute();
  return (await withDepartments(db, rows))[0];
}

export async function findUserByLogin(db: Db, login: string): Promise<StaffUser | undefined> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).where('login', '=', login).execute();
  return (await withDepartments(db, rows))[0];
}

/** The stored hash of an account (login only). */
export async function findCredentials(
  db: Db,
  login: string,
): Promise<{ id: number; passwordHash: string; disabled: boolean } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'disabled'])
    .where('login', '=', login)
    .executeTakeFirst();
  return row && { id: Number(row.id), passwordHash: row.password_hash, disabled: row.disabled };
}

/** Enabled editors of a department with an e-mail address: where its reminders go. */
export async function departmentContacts(
  db: Db,
  department: string,
): Promise<{ login: string; name: string; email: string }[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_departments', 'user_departments.user_id', 'users.id')
    .select(['users.login', 'users.name', 'users.email'])
    .where('user_departments.department', '=', department)
    .where('users.disabled', '=', false)
    .where('users.email', 'is not', null)
    .orderBy('users.login')
    .execute();
  return rows.flatMap((r) => (r.email === null ? [] : [{ login: r.login, name: r.name, email: r.email }]));
}

/** True when at least one enabled admin exists. */
export async function hasActiveAdmin(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewUser {
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly departments: readonly string[];
  readonly passwordHash: string;
  /** Where reminders go (optional). */
  readonly email?: string | null;
}

/** Creates an account that must change its password at first login. */
export async function insertUser(db: Db, user: NewUser, audit?: AccountAudit): Promise<StaffUser> {
  return atomically(db, async (trx) => {
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where('login', '=', user.login)
      .executeTakeFirst();
    if (taken !== undefined) throw new DuplicateLoginError(user.login);
    const { id } = await trx
      .insertInto('users')
      .values({
        login: user.login,
        name: user.name,
        role: user.role,
        password_hash: user.passwordHash,
        email: user.email ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (user.departments.length > 0) {
      await trx
        .insertInto('user_departments')
        .values([...new Set(user.departments)].map((department) => ({ user_id: id, department })))
        .execute();
    }
    const created = await findUserById(trx, Number(id));
    if (created === undefined) throw new Error('invariant: inserted user not found');
    if (audit !== undefined) {
      const detail = [user.role, ...created.departments].join(' ');
      await auditAccount(trx, user.login, 'role', null, detail, audit, 'insert');
    }
    return created;
  });
}

/** Sets a new password hash; `mustChange` marks a one-time password set by an admin. Ends every session. */
export async function setPassword(
  db: Db,
  userId: number,
  passwordHash: string,
  mustChange: boolean,
  keepSessionHash?: string,
  audit?: AccountAudit,
): Promise<void> {
  await atomically(db, async (trx) => {
    if (audit !== undefined) {
      const row = await trx.selectFrom('users').select('login').where('id', '=', userId).executeTakeFirst();
      await auditAccount(
        trx,
        row?.login ?? String(userId),
        'password',
        null,
        mustChange ? '一回限りのパスワードを発行' : '本人が変更',
        audit,
      );
    }
    await trx
      .updateTable('users')
      .set((eb) => ({
        password_hash: passwordHash,
        must_change_password: mustChange,
        version: eb('version', '+', 1),
        updated_at: new Date(),
      }))
      .where('id', '=', userId)
      .execute();
    let ending = trx.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionHash !== undefined) ending = ending.where('id_hash', '<>', keepSessionHash);
    await ending.execute();
  });
}

/** Disables (or enables) an account; disabling ends all its sessions in the same transaction. */
export async function setDisabled(
  db: Db,
  userId: number,
  disabled: boolean,
  audit?: AccountAudit,
): Promise<void> {
  await atomically(db, async (trx) => {
    if (audit !== undefined) {
      const row = await trx.selectFrom('users').select('login').where('id', '=', userId).executeTakeFirst();
      await auditAccount(
        trx,
        row?.login ?? String(userId),
        'disabled',
        String(!disabled),
        String(disabled),
        audit,
      );
    }
    await trx
      .updateTable('users')
      .set((eb) => ({ disabled, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', userId)
      .execute();
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  });
}

/**
 * The logins of the enabled admins, their rows locked until the transaction ends: two admins disabling or demoting
 * each other at the same moment are serialised, so one active admin always remains.
 */
export async function lockActiveAdmins(trx: Transaction<Database>): Promise<string[]> {
  const rows = await trx
    .selectFrom('users')
    .select('login')
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.login);
}

/** Changes an account's role and departments (an editor's departments; none for the other roles). */
export async function setRoleAndDepartments(
  trx: Transaction<Database>,
  userId: number,
  role: Role,
  departments: readonly string[],
): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ role, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', userId)
    .execute();
  await trx.deleteFrom('user_departments').where('user_id', '=', userId).execute();
  if (departments.length > 0) {
    await trx
      .insertInto('user_departments')
      .values([...new Set(departments)].map((department) => ({ user_id: userId, department })))
      .execute();
  }
}

/** Forgets the second factor (active and pending) and ends every session of the account. */
export async function clearTotp(trx: Transaction<Database>, userId: number): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({
      totp_secret: null,
      totp_pending_secret: null,
      totp_last_step: null,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', userId)
    .execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** How many live sessions each account has (accounts without any are absent). */
export async function sessionCounts(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('sessions')
    .select(['user_id', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.user_id), Number(r.count)]));
}

/** A department code as the stored plans know it, named by the most recent plan that has it. */
export interface KnownDepartment {
  readonly code: string;
  readonly bureau: string;
  readonly division: string;
}

/** Department codes are per plan and shared between plans: every code of any stored plan, by code. */
export async function knownDepartments(db: Db): Promise<KnownDepartment[]> {
  const { rows } = await sql<KnownDepartment>`
    select distinct on (code) code, bureau, division from departments order by code, plan_id desc
  `.execute(db);
  return rows;
}

/** TOTP state of an account. */
export async function findTotp(
  db: Db,
  userId: number,
): Promise<{ secret: string | null; pendingSecret: string | null; lastStep: number | null } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['totp_secret', 'totp_pending_secret', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return (
    row && {
      secret: row.totp_secret,
      pendingSecret: row.totp_pending_secret,
      lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    }
  );
}

/** Stores the secret shown during enrolment (not yet active). */
export async function setPendingTotp(db: Db, userId: number, secret: string | null): Promise<void> {
  await db.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', userId).execute();
}

/**
 * Records a used TOTP step, only if it is newer than the last one (so a code accepted concurrently twice still
 * counts once); `activate` turns the pending secret into the active one. Returns false when the step was used.
 */
export async function useTotpStep(db: Db, userId: number, step: number, activate: boolean): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({
      totp_last_step: step,
      ...(activate ? { totp_secret: eb.ref('totp_pending_secret'), totp_pending_secret: null } : {}),
    }))
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
