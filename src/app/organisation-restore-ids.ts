// The ids a restore writes. An export's ids are kept when this service has not used them — a restore after a delete
// here, or a move into a service that has not reached them — so that the organisation comes back exactly. Ids are
// shared by every organisation of a service (one identity sequence per table), and the service's own commands read a
// plan, cycle or account by its id alone; so where any id of a table is already taken (a move into a service with
// other organisations), every row of that table gets a new id from the sequence, in the same order, and every
// reference to it (plan_id, cycle_id, user_id) follows.
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import {
  anyIdTaken,
  RESTORED_ID_TABLES,
  type RestoredIdTable,
  takeNewIds,
} from '../db/repositories/organisation-restore.repository.ts';
import type { ExportedRecord, OrganisationBackup } from './organisation-restore.ts';

type IdMap = ReadonlyMap<number, number>;

const idsOf = (rows: readonly { readonly id?: unknown }[]): number[] => rows.map((r) => Number(r.id));

/** The ids of each table the backup writes. */
function backupIds(backup: OrganisationBackup): Record<RestoredIdTable, number[]> {
  const r = backup.records;
  return {
    plans: backup.plans.flatMap((p) => (p.id === undefined ? [] : [p.id])),
    users: idsOf(backup.accounts),
    reporting_cycles: idsOf(r.reporting_cycles),
    department_answers: idsOf(r.department_answers),
    publications: idsOf(r.publications),
    history: idsOf(r.history),
  };
}

/**
 * The backup with new ids for each table whose ids this service has already used (and the references to them);
 * called as the owner acting for no organisation, before the restore writes anything.
 */
export async function withFreeIds(
  trx: Transaction<Database>,
  backup: OrganisationBackup,
): Promise<OrganisationBackup> {
  const ids = backupIds(backup);
  const maps = {} as Record<RestoredIdTable, IdMap | undefined>;
  for (const table of RESTORED_ID_TABLES) {
    if (!(await anyIdTaken(trx, table, ids[table]))) continue;
    const old = [...ids[table]].sort((a, b) => a - b);
    const fresh = await takeNewIds(trx, table, old.length);
    maps[table] = new Map(old.map((id, i) => [id, fresh[i] ?? id]));
  }
  if (Object.values(maps).every((m) => m === undefined)) return backup;
  const to = (map: IdMap | undefined) => (id: unknown) =>
    id === null || id === undefined ? id : (map?.get(Number(id)) ?? Number(id));
  const plan = to(maps.plans);
  const user = to(maps.users);
  const cycle = to(maps.reporting_cycles);
  const rewrite = (rows: readonly ExportedRecord[], changes: Record<string, (v: unknown) => unknown>) =>
    rows.map((row) => ({
      ...row,
      ...Object.fromEntries(Object.entries(changes).map(([c, f]) => [c, f(row[c])])),
    })) as ExportedRecord[];
  const r = backup.records;
  return {
    ...backup,
    plans: backup.plans.map((p) => ({ ...p, id: p.id === undefined ? undefined : Number(plan(p.id)) })),
    accounts: backup.accounts.map((a) => ({ ...a, id: Number(user(a.id)) })),
    records: {
      user_departments: rewrite(r.user_departments, { user_id: user }),
      reporting_cycles: rewrite(r.reporting_cycles, { id: cycle, plan_id: plan }),
      department_answers: rewrite(r.department_answers, { id: to(maps.department_answers), cycle_id: cycle }),
      publications: rewrite(r.publications, { id: to(maps.publications), plan_id: plan }),
      history: rewrite(r.history, { id: to(maps.history), plan_id: plan }),
    },
  };
}
