// Restoring an organisation from its export (shinchoku organisation export): the way back after `organisation delete`,
// and the way to move a government from one service to another. The folder is read and checked whole first
// (io/interchange/read-organisation-export.ts); then one transaction creates the organisation and writes its plans,
// cycles, answers, publications, accounts and history with their versions and times, and their original ids where
// this service has not used them (organisation-restore-ids.ts), acting as the organisation under row-level security
// like its scoped handle. A failure anywhere rolls everything back.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import {
  findOrganisationRow,
  insertOrganisationRow,
  type ServiceOrganisation,
} from '../db/repositories/organisation.repository.ts';
import {
  actAsOrganisation,
  insertPlanRow,
  insertRecords,
  movePastRestoredIds,
  RESTORED_ID_TABLES,
  type RestoredIdTable,
  stampPlanRows,
  stopActingAsOrganisation,
} from '../db/repositories/organisation-restore.repository.ts';
import { insertRows } from '../db/repositories/plan-tables.repository.ts';
import { STORED_TABLES } from '../db/repositories/table-columns.ts';
import { findOrganisation } from '../domain/organisations/registry.ts';
import type { Plan } from '../domain/plan/model.ts';
import type { Actor } from '../domain/staff/actor.ts';
import type { Role } from '../domain/staff/role.ts';
import { indexStamps, stampId } from '../domain/tables/row-versions.ts';
import { planToTables } from '../domain/tables/to-tables.ts';
import { withFreeIds } from './organisation-restore-ids.ts';
import { Refusal, requireAdmin } from './workspace.ts';

/** An account as the export carries it: no password hash, no second-factor secret (mfa_enabled says if it had one). */
export interface ExportedAccount {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly email: string | null;
  readonly disabled: boolean;
  readonly must_change_password: boolean;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly mfa_enabled: boolean;
}

/** A row of one of the export's record files, under the database's column names (organisation_id left out). */
export type ExportedRecord = Readonly<Record<string, string | number | boolean | Date | null>>;

/** One plan of the folder, validated, and the id it had in the database it came from (when the folder names it). */
export interface ExportedPlanFile {
  readonly file: string;
  readonly plan: Plan;
  readonly id: number | undefined;
}

/** The export folder, read and checked whole: everything the restore writes. */
export interface OrganisationBackup {
  readonly organisation: { readonly code: string; readonly name: string };
  readonly plans: readonly ExportedPlanFile[];
  readonly accounts: readonly ExportedAccount[];
  readonly records: {
    readonly user_departments: readonly ExportedRecord[];
    readonly reporting_cycles: readonly ExportedRecord[];
    readonly department_answers: readonly ExportedRecord[];
    readonly publications: readonly ExportedRecord[];
    readonly history: readonly ExportedRecord[];
  };
}

/** What the restore wrote, for the command's message. */
export interface RestoreResult {
  readonly organisation: ServiceOrganisation;
  readonly plans: readonly string[];
  /** Every account: none has a password until it is reset; those with a second factor enrol again. */
  readonly accounts: readonly Pick<ExportedAccount, 'login' | 'name' | 'disabled' | 'mfa_enabled'>[];
  readonly rows: Readonly<Record<string, number>>;
}

type Workspace = { readonly db: Kysely<Database> };

/** The registry entry of the folder's organisation, refused when the code is not a government's. */
function registryEntry(code: string) {
  const entry = findOrganisation(code);
  if (entry === undefined || entry.kind === 'ward' || entry.code !== code) {
    throw new Refusal('invalid', '団体を復元できません。', [
      {
        path: 'code',
        message: `書き出しの団体コード「${code}」は地方公共団体コードにありません（README.txt の1行目）。`,
      },
    ]);
  }
  return { ...entry, kind: entry.kind };
}

/**
 * Creates the organisation of an export and writes everything the export holds, in one transaction. Refused when
 * the code is not in the registry or the organisation is already on this service. Accounts come back without a
 * password (must_change_password, an empty hash no password matches) and without a second factor: each person gets
 * access again through `shinchoku user reset-password`. Sessions and invitations are not part of an export.
 */
export async function restoreOrganisation(
  ws: Workspace,
  actor: Actor,
  backup: OrganisationBackup,
): Promise<RestoreResult> {
  requireAdmin(actor, '団体の管理');
  const entry = registryEntry(backup.organisation.code);
  return ws.db.transaction().execute(async (trx) => {
    const existing = await findOrganisationRow(trx, entry.code);
    if (existing !== undefined) {
      throw new Refusal('conflict', '団体を復元できません。', [
        {
          path: 'code',
          message: `団体コード「${entry.code}」の${existing.name}は既にこのサービスにあります。復元するには先に shinchoku organisation delete で削除してください。`,
        },
      ]);
    }
    const b = await withFreeIds(trx, backup);
    const organisation = await insertOrganisationRow(trx, {
      code: entry.code,
      name: b.organisation.name,
      kind: entry.kind,
      prefectureCode: entry.prefectureCode,
      reading: entry.reading,
    });
    // From here on the transaction is the organisation's, under row-level security, as its scoped handle would be.
    await actAsOrganisation(trx, organisation.id);
    const planIds: number[] = [];
    for (const p of b.plans) planIds.push(await restorePlan(trx, p));
    await insertRecords(
      trx,
      'users',
      b.accounts.map(({ mfa_enabled, must_change_password, ...account }) => ({
        ...account,
        // Nobody's password travels with an export: an empty hash matches none (auth/password-hash.ts).
        password_hash: '',
        must_change_password: true,
      })),
    );
    const r = b.records;
    await insertRecords(trx, 'user_departments', r.user_departments);
    await insertRecords(trx, 'reporting_cycles', r.reporting_cycles);
    await insertRecords(trx, 'department_answers', r.department_answers);
    await insertRecords(trx, 'publications', r.publications);
    await insertRecords(trx, 'history', r.history);
    // Identity sequences are shared by every organisation: later rows must not take a restored id.
    await stopActingAsOrganisation(trx);
    const ids: Record<RestoredIdTable, readonly number[]> = {
      plans: planIds,
      users: b.accounts.map((a) => a.id),
      reporting_cycles: r.reporting_cycles.map((x) => Number(x.id)),
      department_answers: r.department_answers.map((x) => Number(x.id)),
      publications: r.publications.map((x) => Number(x.id)),
      history: r.history.map((x) => Number(x.id)),
    };
    // reduce, not Math.max(...ids): a history of some hundred thousand rows would overflow the call stack.
    const largest = (list: readonly number[]) => list.reduce((m, id) => Math.max(m, id), 0);
    for (const table of RESTORED_ID_TABLES) await movePastRestoredIds(trx, table, largest(ids[table]));
    return {
      organisation,
      plans: b.plans.map((p) => p.plan.document.plan.id),
      accounts: b.accounts.map(({ login, name, disabled, mfa_enabled }) => ({
        login,
        name,
        disabled,
        mfa_enabled,
      })),
      rows: {
        users: b.accounts.length,
        ...Object.fromEntries(Object.entries(r).map(([table, rows]) => [table, rows.length])),
      },
    };
  });
}

/**
 * Writes one plan as the plan store stores an import (the same tables from planToTables, the same insertRows), with
 * its original id and each row's version and update time from the file's rowVersions — but without the history of
 * an import: the export's own history, restored beside it, already records how every row came to be.
 */
async function restorePlan(trx: Transaction<Database>, p: ExportedPlanFile): Promise<number> {
  const tables = planToTables(p.plan.document);
  const stamps = indexStamps(p.plan.document.rowVersions ?? []);
  const planRow = tables.plan[0];
  if (planRow === undefined) throw new Error('invariant: a plan has one plan row');
  const planId = await insertPlanRow(trx, p.id, planRow, stamps.get(stampId('plan', planRow)));
  for (const def of STORED_TABLES) {
    await insertRows(trx, planId, def, tables[def.name]);
    await stampPlanRows(trx, planId, def, tables[def.name], stamps);
  }
  return planId;
}
