import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../../domain/staff/role.ts';
import type { Database } from '../database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An invitation as stored (the token itself is never stored, only its hash). */
export interface StoredInvitation {
  readonly id: number;
  readonly role: Role;
  readonly departments: readonly string[];
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly acceptedAt: Date | null;
  readonly acceptedLogin: string | null;
  /** Whom it was e-mailed to, and whether the mail server accepted it; undefined when it was only shown to copy. */
  readonly mail?: { readonly to: string; readonly sent: boolean } | undefined;
}

const COLUMNS = [
  'id',
  'role',
  'departments',
  'note',
  'created_by',
  'created_at',
  'expires_at',
  'accepted_at',
  'accepted_login',
  'mail_to',
  'mailed_at',
] as const;

type Row = Pick<Database['invitations'], (typeof COLUMNS)[number]>;

const fromRow = (row: { [K in keyof Row]: unknown }): StoredInvitation => ({
  id: Number(row.id),
  role: row.role as Role,
  departments: String(row.departments ?? '')
    .split(' ')
    .filter((d) => d !== ''),
  note: (row.note as string | null) ?? null,
  createdBy: String(row.created_by),
  createdAt: new Date(row.created_at as Date),
  expiresAt: new Date(row.expires_at as Date),
  acceptedAt: row.accepted_at === null ? null : new Date(row.accepted_at as Date),
  acceptedLogin: (row.accepted_login as string | null) ?? null,
  mail: row.mail_to === null ? undefined : { to: String(row.mail_to), sent: row.mailed_at !== null },
});

export async function insertInvitation(
  db: Db,
  invitation: {
    tokenHash: string;
    role: Role;
    departments: readonly string[];
    note: string | null;
    createdBy: string;
    expiresAt: Date;
    mailTo?: string | null;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('invitations')
    .values({
      token_hash: invitation.tokenHash,
      role: invitation.role,
      departments: invitation.departments.join(' '),
      note: invitation.note,
      created_by: invitation.createdBy,
      expires_at: invitation.expiresAt,
      mail_to: invitation.mailTo ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** The invitation of a token hash, locked for the caller's transaction when `forUpdate`. */
export async function findInvitation(
  db: Db,
  tokenHash: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredInvitation | undefined> {
  let query = db.selectFrom('invitations').select(COLUMNS).where('token_hash', '=', tokenHash);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function markInvitationAccepted(db: Db, id: number, login: string, at: Date): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ accepted_at: at, accepted_login: login })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .execute();
}

/** Records that the mail server accepted the invitation's e-mail. */
export async function markInvitationMailed(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('invitations').set({ mailed_at: at }).where('id', '=', id).execute();
}

/** The invitations not yet accepted, newest first (expired ones included: the page says so). */
export async function listOpenInvitations(db: Db): Promise<StoredInvitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .select(COLUMNS)
    .where('accepted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(fromRow);
}
