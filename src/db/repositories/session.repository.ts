import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionStage } from '../database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredSession {
  readonly idHash: string;
  readonly userId: number;
  readonly csrfToken: string;
  readonly stage: SessionStage;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

export async function insertSession(db: Db, session: StoredSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      stage: session.stage,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
    })
    .execute();
}

export async function findSession(db: Db, idHash: string): Promise<StoredSession | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  return (
    row && {
      idHash: row.id_hash,
      userId: Number(row.user_id),
      csrfToken: row.csrf_token,
      stage: row.stage,
      createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at),
    }
  );
}

export async function touchSession(db: Db, idHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Removes sessions past either timeout (housekeeping; expiry is also checked on every request). */
export async function deleteExpiredSessions(db: Db, idleBefore: Date, createdBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface ThrottleState {
  readonly failures: number;
  readonly lastFailureAt: Date;
  readonly blockedUntil: Date | null;
}

export async function findThrottle(db: Db, key: string): Promise<ThrottleState | undefined> {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  return (
    row && {
      failures: row.failures,
      lastFailureAt: new Date(row.last_failure_at),
      blockedUntil: row.blocked_until === null ? null : new Date(row.blocked_until),
    }
  );
}

export async function saveThrottle(
  db: Db,
  key: string,
  failures: number,
  at: Date,
  blockedUntil: Date | null,
): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values({ key, failures, last_failure_at: at, blocked_until: blockedUntil })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ failures, last_failure_at: at, blocked_until: blockedUntil }),
    )
    .execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
