// Staff accounts made directly in the database for tests that sign in: as after the person's first sign-in, the
// one-time password has already been replaced by their own.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { insertUser, type NewUser, type StaffUser } from '../../src/db/repositories/user.repository.ts';

/** Creates the account in the organisation `db` is scoped to, with its own password already chosen. */
export async function addAccountInUse(db: Kysely<Database>, account: NewUser): Promise<StaffUser> {
  const user = await insertUser(db, account);
  await db.updateTable('users').set({ must_change_password: false }).where('id', '=', user.id).execute();
  return { ...user, mustChangePassword: false };
}
