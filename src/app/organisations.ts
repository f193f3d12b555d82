// The organisations on this service (複数の団体): the operator adds a government from the registry of 地方公共団体
// (optionally with its first admin account), lists them, exports one whole (only with the organisation's grant,
// 運営者への閲覧許可; its own admin exports without one), or deletes one whole. Everything read or
// written inside an organisation goes through its scoped handle (row-level security); the organisations table and
// the delete are the owner's.
import type { Kysely, Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { listPlans, loadStoredPlanWithVersions, type StoredPlan } from '../db/plan-store.ts';
import { servedOrganisationId } from '../db/repositories/operator-access.repository.ts';
import {
  countRows,
  deleteOrganisationRows,
  type ExportRecords,
  findOrganisationRow,
  insertOrganisationRow,
  listOrganisationRows,
  readOrganisationRecords,
  type ServiceOrganisation,
} from '../db/repositories/organisation.repository.ts';
import type { StaffUser } from '../db/repositories/user.repository.ts';
import { findOrganisation } from '../domain/organisations/registry.ts';
import type { Plan } from '../domain/plan/model.ts';
import type { Actor } from '../domain/staff/actor.ts';
import type { RowVersion } from '../domain/tables/row-versions.ts';
import { createAccount } from './accounts.ts';
import { readNewAccount } from './accounts-input.ts';
import { recordExport, requireOperatorAccess } from './operator-access.ts';
import { Refusal, requireAdmin } from './workspace.ts';

/** Where the operator acts: the owner's handle and each organisation's scoped one. */
export type OrganisationWorkspace = Pick<DatabaseHandle, 'db' | 'forOrganisation'>;

/** An organisation as the operator lists it. */
export interface OrganisationSummary extends ServiceOrganisation {
  readonly plans: number;
  readonly accounts: number;
  /** 既定: the first created, whose data the server's own commands write when no organisation is named. */
  readonly isDefault: boolean;
}

const requireOperator = (actor: Actor): void => requireAdmin(actor, '団体の管理');

/** The list of organisations for a refusal: 「040002 宮城県、044245 大郷町」. */
const namesOf = (organisations: readonly ServiceOrganisation[]): string =>
  organisations.map((o) => `${o.code} ${o.name}`).join('、') || 'なし';

/** Every organisation on this service with its plans and accounts (counted through its own scoped handle). */
export async function listServiceOrganisations(
  ws: OrganisationWorkspace,
  actor: Actor,
): Promise<OrganisationSummary[]> {
  requireOperator(actor);
  const rows = await listOrganisationRows(ws.db);
  const summaries: OrganisationSummary[] = [];
  for (const [i, row] of rows.entries()) {
    const scoped = ws.forOrganisation(row.id);
    summaries.push({
      ...row,
      // Rows imported before migration 0007 have no kind: the registry knows it.
      kind: row.kind ?? nonWard(findOrganisation(row.code)?.kind),
      plans: await countRows(scoped, 'plans'),
      accounts: await countRows(scoped, 'users'),
      isDefault: i === 0,
    });
  }
  return summaries;
}

const nonWard = (kind: string | undefined): ServiceOrganisation['kind'] =>
  kind === undefined || kind === 'ward' ? null : (kind as ServiceOrganisation['kind']);

/**
 * The organisation a command acts in: the one with this 団体コード (6 digits, or 5 without the check digit), else
 * the default organisation. Refuses an organisation not on this service, listing those that are.
 */
export async function chooseOrganisation(
  ws: Pick<OrganisationWorkspace, 'db'>,
  code: string | undefined,
): Promise<ServiceOrganisation> {
  const all = await listOrganisationRows(ws.db);
  if (code === undefined) {
    const first = all[0];
    if (first === undefined) throw new Refusal('not_found', 'このサービスには団体が登録されていません。');
    return first;
  }
  const wanted = findOrganisation(code)?.code ?? code;
  const found = all.find((o) => o.code === wanted);
  if (found !== undefined) return found;
  throw new Refusal('not_found', `団体コード「${code}」の団体はこのサービスにありません。`, [
    { path: 'organisation', message: `登録されている団体: ${namesOf(all)}` },
  ]);
}

/** The first admin account of a new organisation. */
export interface FirstAdmin {
  readonly login: string;
  readonly name: string;
}

/**
 * Adds a government from the registry (name, kind, prefecture and reading from it) and, when asked, its first admin
 * account, created inside the organisation like any account (app/accounts.ts), with a one-time password.
 */
export async function addOrganisation(
  ws: OrganisationWorkspace,
  actor: Actor,
  input: { readonly code: string; readonly admin?: FirstAdmin | undefined },
): Promise<{
  organisation: ServiceOrganisation;
  admin: { account: StaffUser; oneTimePassword: string | null } | undefined;
}> {
  requireOperator(actor);
  const entry = findOrganisation(input.code);
  if (entry === undefined || entry.kind === 'ward') {
    throw new Refusal('invalid', '団体を追加できません。', [
      {
        path: 'code',
        message: `団体コード「${input.code}」は地方公共団体コードにありません（6桁の場合は末尾の検査数字も確かめてください）。`,
      },
    ]);
  }
  const kind = entry.kind;
  // The account's fields are checked before anything is written.
  if (input.admin !== undefined) readNewAccount({ ...input.admin, role: 'admin', departments: [] });
  const organisation = await ws.db.transaction().execute(async (trx) => {
    const existing = await findOrganisationRow(trx, entry.code);
    if (existing !== undefined) {
      throw new Refusal('conflict', '団体を追加できません。', [
        { path: 'code', message: `団体コード「${entry.code}」の${entry.name}は既に登録されています。` },
      ]);
    }
    return insertOrganisationRow(trx, {
      code: entry.code,
      name: entry.name,
      kind,
      prefectureCode: entry.prefectureCode,
      reading: entry.reading,
    });
  });
  if (input.admin === undefined) return { organisation, admin: undefined };
  try {
    const admin = await createAccount({ db: ws.forOrganisation(organisation.id) }, actor, {
      ...input.admin,
      role: 'admin',
      departments: [],
    });
    return { organisation, admin };
  } catch (e) {
    // The organisation was just created and holds nothing else: take it back so the command can be run again.
    await ws.db.transaction().execute((trx) => deleteOrganisationRows(trx, organisation.id));
    throw e;
  }
}

/** One plan of an export: the plan with its row versions, or why it cannot be read. */
export type ExportedPlan =
  | { readonly ok: true; readonly stored: StoredPlan; readonly plan: Plan; readonly versions: RowVersion[] }
  | { readonly ok: false; readonly stored: StoredPlan; readonly problems: string[] };

/** Everything of one organisation, read in one snapshot through its scoped handle. */
export interface OrganisationExport {
  readonly organisation: ServiceOrganisation;
  readonly plans: readonly ExportedPlan[];
  readonly records: Record<string, ExportRecords>;
}

/**
 * Reads everything of an organisation for taking it elsewhere (the operator's export); row-level security keeps every
 * other one out. Refused unless the organisation's admin has granted the operator access (運営者への閲覧許可) in force
 * at `now`; the read is recorded in the organisation's history, so that it can see its grant was used.
 */
export async function readOrganisationExport(
  ws: OrganisationWorkspace,
  actor: Actor,
  code: string,
  now: Date = new Date(),
): Promise<OrganisationExport> {
  requireOperator(actor);
  const organisation = await chooseOrganisation(ws, code);
  return readExportIn(ws.forOrganisation(organisation.id), organisation, async (trx) => {
    await requireOperatorAccess(trx, organisation, now);
    return () => recordExport(trx, actor, 'operator');
  });
}

/**
 * The organisation's own export, as its admin downloads it (「団体のデータ」): the same content as the operator's,
 * read through the admin's scoped handle, no grant needed; recorded in its history.
 */
export async function readOwnOrganisationExport(
  ws: { readonly db: Kysely<Database> },
  actor: Actor,
): Promise<OrganisationExport> {
  requireAdmin(actor, '団体のデータの書き出し');
  const id = await servedOrganisationId(ws.db);
  const organisation = (await listOrganisationRows(ws.db)).find((o) => o.id === id);
  if (organisation === undefined) throw new Refusal('not_found', 'この団体はこのサービスにありません。');
  return readExportIn(ws.db, organisation, async (trx) => () => recordExport(trx, actor, 'admin'));
}

/**
 * Reads the export in one snapshot; `guard` runs first in the same transaction (it may refuse) and returns what to
 * record once everything is read (so the export does not contain its own record).
 */
function readExportIn(
  scoped: Kysely<Database>,
  organisation: ServiceOrganisation,
  guard: (trx: Transaction<Database>) => Promise<() => Promise<void>>,
): Promise<OrganisationExport> {
  return scoped
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const record = await guard(trx);
      const plans: ExportedPlan[] = [];
      for (const stored of await listPlans(trx)) {
        const loaded = await loadStoredPlanWithVersions(trx, stored);
        plans.push(
          loaded.ok
            ? { ok: true, stored, ...loaded.value }
            : { ok: false, stored, problems: loaded.error.map((i) => `${i.path}: ${i.message}`) },
        );
      }
      const records = await readOrganisationRecords(trx);
      await record();
      return { organisation, plans, records };
    });
}

/**
 * Deletes an organisation whole — plans, campaign, publications, accounts, sessions and its history — in one
 * transaction. `confirm` must repeat the 団体コード. The default organisation cannot be deleted while others exist:
 * the server's own commands write for it when no organisation is named, and another would silently take its place.
 */
export async function deleteOrganisation(
  ws: OrganisationWorkspace,
  actor: Actor,
  input: { readonly code: string; readonly confirm: string },
): Promise<{ organisation: ServiceOrganisation; deleted: Map<string, number> }> {
  requireOperator(actor);
  const organisation = await chooseOrganisation(ws, input.code);
  if (input.confirm !== organisation.code && findOrganisation(input.confirm)?.code !== organisation.code) {
    throw new Refusal('invalid', `団体「${organisation.name}」を削除できません。`, [
      {
        path: 'confirm',
        message: `確認のため団体コード「${organisation.code}」をもう一度指定してください（指定: 「${input.confirm}」）。`,
      },
    ]);
  }
  const all = await listOrganisationRows(ws.db);
  if (all[0]?.id === organisation.id && all.length > 1) {
    throw new Refusal('conflict', `団体「${organisation.name}」を削除できません。`, [
      {
        path: 'code',
        message: `${organisation.name}はこのサービスの既定の団体です。ほかの団体（${namesOf(all.slice(1))}）を先に削除してください。`,
      },
    ]);
  }
  const deleted = await ws.db.transaction().execute((trx) => deleteOrganisationRows(trx, organisation.id));
  return { organisation, deleted };
}
