// 運営者 accounts and their sessions (0012_operators.sql): service-wide tables, read and written on the owner's
// handle only. Their types live here rather than in database.ts: nothing that serves an organisation may name them.
import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { Database } from '../database.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

// A type alias (not an interface) so that Kysely's withTables accepts it.
export type OperatorTables = {
  operators: {
    id: Generated<number>;
    login: string;
    name: string;
    password_hash: string;
    must_change_password: Generated<boolean>;
    disabled: Generated<boolean>;
    totp_secret: string | null;
    totp_pending_secret: string | null;
    totp_last_step: number | null;
    created_at: Timestamp;
  };
  operator_sessions: {
    id_hash: string;
    operator_id: number;
    csrf_token: string;
    stage: 'mfa' | 'full';
    created_at: Timestamp;
    last_seen_at: Timestamp;
  };
};

type Db = Kysely<Database> | Transaction<Database>;

/** The owner's handle with the operator tables known to the type checker. */
const withOperators = (db: Db) => db.withTables<OperatorTables>();

/** An operator as the console sees them (never with the password hash). */
export interface Operator {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly mfaEnabled: boolean;
  readonly createdAt: Date;
}

/** Row → operator, in one place. */
const toOperator = (row: {
  id: number;
  login: string;
  name: string;
  disabled: boolean;
  must_change_password: boolean;
  totp_secret: string | null;
  created_at: Date | string;
}): Operator => ({
  id: Number(row.id),
  login: row.login,
  name: row.name,
  disabled: row.disabled,
  mustChangePassword: row.must_change_password,
  mfaEnabled: row.totp_secret !== null,
  createdAt: new Date(row.created_at),
});

const COLUMNS = [
  'id',
  'login',
  'name',
  'disabled',
  'must_change_password',
  'totp_secret',
  'created_at',
] as const;

export async function listOperatorRows(db: Db): Promise<Operator[]> {
  const rows = await withOperators(db).selectFrom('operators').select(COLUMNS).orderBy('id').execute();
  return rows.map(toOperator);
}

export async function findOperatorByLogin(db: Db, login: string): Promise<Operator | undefined> {
  const row = await withOperators(db)
    .selectFrom('operators')
    .select(COLUMNS)
    .where('login', '=', login)
    .executeTakeFirst();
  return row && toOperator(row);
}

export async function findOperatorById(db: Db, id: number): Promise<Operator | undefined> {
  const row = await withOperators(db)
    .selectFrom('operators')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toOperator(row);
}

/** The password hash of an operator, for the password check only. */
export async function findOperatorPasswordHash(db: Db, id: number): Promise<string | undefined> {
  const row = await withOperators(db)
    .selectFrom('operators')
    .select('password_hash')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.password_hash;
}

/** Inserts an operator; undefined when the login is taken (the unique key decides, not a prior read). */
export async function insertOperator(
  db: Db,
  values: { login: string; name: string; passwordHash: string },
): Promise<Operator | undefined> {
  const row = await withOperators(db)
    .insertInto('operators')
    .values({ login: values.login, name: values.name, password_hash: values.passwordHash })
    .onConflict((oc) => oc.column('login').doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toOperator(row);
}

export async function setOperatorDisabled(db: Db, id: number, disabled: boolean): Promise<void> {
  await withOperators(db).updateTable('operators').set({ disabled }).where('id', '=', id).execute();
}

/** A new password hash; `mustChange` when someone else set it (a reset), false when the operator chose it. */
export async function setOperatorPassword(
  db: Db,
  id: number,
  hash: string,
  mustChange: boolean,
): Promise<void> {
  await withOperators(db)
    .updateTable('operators')
    .set({ password_hash: hash, must_change_password: mustChange })
    .where('id', '=', id)
    .execute();
}

export async function findOperatorTotp(
  db: Db,
  id: number,
): Promise<{ secret: string | null; pendingSecret: string | null; lastStep: number | null } | undefined> {
  const row = await withOperators(db)
    .selectFrom('operators')
    .select(['totp_secret', 'totp_pending_secret', 'totp_last_step'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      secret: row.totp_secret,
      pendingSecret: row.totp_pending_secret,
      lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    }
  );
}

export async function setOperatorPendingTotp(db: Db, id: number, secret: string): Promise<void> {
  await withOperators(db)
    .updateTable('operators')
    .set({ totp_pending_secret: secret })
    .where('id', '=', id)
    .execute();
}

/**
 * Uses a code's time step once: only a step later than the last one is accepted (the UPDATE decides, so two requests
 * with the same code cannot both pass). With `confirm`, the pending secret becomes the active one.
 */
export async function useOperatorTotpStep(
  db: Db,
  id: number,
  step: number,
  confirm: boolean,
): Promise<boolean> {
  const base = withOperators(db).updateTable('operators');
  const set = confirm
    ? base.set((eb) => ({
        totp_last_step: step,
        totp_secret: eb.ref('totp_pending_secret'),
        totp_pending_secret: null,
      }))
    : base.set({ totp_last_step: step });
  const result = await set
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Clears the second factor (a reset by another operator from the command line). */
export async function clearOperatorTotp(db: Db, id: number): Promise<void> {
  await withOperators(db)
    .updateTable('operators')
    .set({ totp_secret: null, totp_pending_secret: null, totp_last_step: null })
    .where('id', '=', id)
    .execute();
}

export interface OperatorSession {
  readonly idHash: string;
  readonly operatorId: number;
  readonly csrfToken: string;
  readonly stage: 'mfa' | 'full';
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

export async function insertOperatorSession(db: Db, s: OperatorSession): Promise<void> {
  await withOperators(db)
    .insertInto('operator_sessions')
    .values({
      id_hash: s.idHash,
      operator_id: s.operatorId,
      csrf_token: s.csrfToken,
      stage: s.stage,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
    })
    .execute();
}

export async function findOperatorSession(db: Db, idHash: string): Promise<OperatorSession | undefined> {
  const row = await withOperators(db)
    .selectFrom('operator_sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  return (
    row && {
      idHash: row.id_hash,
      operatorId: Number(row.operator_id),
      csrfToken: row.csrf_token,
      stage: row.stage,
      createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at),
    }
  );
}

export async function touchOperatorSession(db: Db, idHash: string, at: Date): Promise<void> {
  await withOperators(db)
    .updateTable('operator_sessions')
    .set({ last_seen_at: at })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteOperatorSession(db: Db, idHash: string): Promise<void> {
  await withOperators(db).deleteFrom('operator_sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of an operator but `keep` (the one a password change is made in). */
export async function deleteOperatorSessions(db: Db, operatorId: number, keep?: string): Promise<void> {
  let query = withOperators(db).deleteFrom('operator_sessions').where('operator_id', '=', operatorId);
  if (keep !== undefined) query = query.where('id_hash', '<>', keep);
  await query.execute();
}
