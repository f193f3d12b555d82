import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { parse } from 'yaml';
import type { Database } from '../../src/db/database.ts';
import { listPlans, loadStoredPlanWithVersions } from '../../src/db/plan-store.ts';
import { loadPlan } from '../../src/domain/plan/load.ts';
import type { Plan } from '../../src/domain/plan/model.ts';
import { BUNDLED_DATASET } from '../../src/io/dataset/read-dataset.ts';

const seedText = readFileSync(BUNDLED_DATASET, 'utf8');

/** A fresh, mutable copy of the bundled Miyagi dataset as parsed YAML (before validation). */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate the raw document freely
export const seedDocument = (): any => parse(seedText);

/** Validates a raw document, failing the test with every issue when it is invalid. */
export function planFrom(document: unknown): Plan {
  const result = loadPlan(document);
  if (!result.ok) throw new Error(result.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.value;
}

/** The bundled Miyagi plan. */
export const seedPlan = (): Plan => planFrom(seedDocument());

/**
 * Gives a raw document the rowVersions an export of the stored plan would carry (the versions of every stored row
 * now), as if it had been exported just now and edited: its changes then overwrite nothing newer.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate the raw document freely
export async function basedOnStored(db: Kysely<Database>, document: any): Promise<any> {
  const [stored] = await listPlans(db);
  if (stored === undefined) throw new Error('no stored plan');
  const loaded = await loadStoredPlanWithVersions(db, stored);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  document.rowVersions = loaded.value.versions;
  return document;
}
