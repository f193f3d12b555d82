import type { Kysely } from 'kysely';
import { BUNDLED_DATASET, readDataset } from '../io/dataset/read-dataset.ts';
import type { Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { type ImportReport, listPlans, savePlan } from './plan-store.ts';
import { listOrganisationRows } from './repositories/organisation.repository.ts';

/** The actor recorded in history for changes made by the system itself. */
export const SYSTEM_ACTOR = 'system';

/** Loads the bundled Miyagi dataset into the database (idempotent: a second seed changes nothing). */
export async function seedBundledDataset(db: Kysely<Database>): Promise<ImportReport> {
  const loaded = await readDataset(BUNDLED_DATASET);
  if (!loaded.ok)
    throw new Error(`同梱データが不正です: ${loaded.error.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return savePlan(db, loaded.value, { actor: `${SYSTEM_ACTOR}:seed` });
}

/**
 * Brings a database up to date and, when it holds nothing yet, loads the bundled dataset: the first-use set-up. A
 * service the operator has started with `organisation add` holds an organisation and gets no sample data: its
 * organisations make their own first plan.
 */
export async function prepareDatabase(
  db: Kysely<Database>,
): Promise<{ migrated: string[]; seeded: boolean }> {
  const migrated = await migrateToLatest(db);
  if ((await listPlans(db)).length > 0) return { migrated, seeded: false };
  if ((await listOrganisationRows(db)).length > 0) return { migrated, seeded: false };
  await seedBundledDataset(db);
  return { migrated, seeded: true };
}
