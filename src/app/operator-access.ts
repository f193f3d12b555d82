// 運営者への閲覧許可: the organisation's admin lets the service operator read the organisation's data for 1 to 30
// days, with a reason, or withdraws that at any time (「団体のデータ」). The operator's export asks
// `requireOperatorAccess` in the transaction it reads in; every grant, withdrawal and export is in the history.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { HistoryRow } from '../db/repositories/history.repository.ts';
import {
  appendAccessHistory,
  deleteOperatorAccess,
  findOperatorAccess,
  listAccessHistory,
  putOperatorAccess,
} from '../db/repositories/operator-access.repository.ts';
import type { ServiceOrganisation } from '../db/repositories/organisation.repository.ts';
import {
  accessInForce,
  grantedUntilOf,
  type OperatorAccess,
  operatorAccessInput,
} from '../domain/organisations/operator-access.ts';
import type { Actor } from '../domain/staff/actor.ts';
import { Refusal, requireAdmin } from './workspace.ts';

/** Where the organisation's admin acts: its scoped handle and the clock. */
export interface OperatorAccessWorkspace {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
}

const WHAT = '運営者への閲覧許可';

/** The grant as history stores it: the end (UTC, ISO 8601) and the reason. */
const historyValue = (access: OperatorAccess): string =>
  JSON.stringify({ granted_until: access.grantedUntil.toISOString(), reason: access.reason });

/** What the 「団体のデータ」 page shows: the stored grant (in force or not) and the latest entries about it. */
export async function readOperatorAccess(
  ws: OperatorAccessWorkspace,
  actor: Actor,
): Promise<{ access: OperatorAccess | undefined; inForce: boolean; history: HistoryRow[] }> {
  requireAdmin(actor, WHAT);
  const access = await findOperatorAccess(ws.db);
  return { access, inForce: accessInForce(access, ws.now()), history: await listAccessHistory(ws.db, 20) };
}

/**
 * Grants the operator access from now for the days asked (text as the form sends it: 「7」), replacing any earlier
 * grant. Refuses anyone but an admin, and days outside 1〜30 or a reason over 200 characters, storing nothing.
 */
export async function grantOperatorAccess(
  ws: OperatorAccessWorkspace,
  actor: Actor,
  input: { readonly days: unknown; readonly reason: unknown },
): Promise<OperatorAccess> {
  requireAdmin(actor, WHAT);
  const parsed = operatorAccessInput.safeParse(input);
  if (!parsed.success) {
    throw new Refusal(
      'invalid',
      '運営者への閲覧許可を出せません。',
      parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message })),
    );
  }
  const now = ws.now();
  const access: OperatorAccess = {
    grantedUntil: grantedUntilOf(now, parsed.data.days),
    grantedBy: actor.login,
    grantedAt: now,
    reason: parsed.data.reason,
  };
  await ws.db.transaction().execute(async (trx) => {
    const before = await findOperatorAccess(trx, { forUpdate: true });
    await putOperatorAccess(trx, access);
    await appendAccessHistory(trx, {
      table: 'operator_access',
      operation: before === undefined ? 'insert' : 'update',
      oldValue: before === undefined ? null : historyValue(before),
      newValue: historyValue(access),
      actor: actor.login,
      requestId: actor.requestId ?? null,
    });
  });
  return access;
}

/** Withdraws the grant in force; refuses (conflict) when there is none, changing nothing. */
export async function withdrawOperatorAccess(ws: OperatorAccessWorkspace, actor: Actor): Promise<void> {
  requireAdmin(actor, WHAT);
  await ws.db.transaction().execute(async (trx) => {
    const before = await findOperatorAccess(trx, { forUpdate: true });
    if (!accessInForce(before, ws.now())) {
      throw new Refusal('conflict', '取り消す許可はありません（運営者への閲覧許可は出ていません）。');
    }
    await deleteOperatorAccess(trx);
    await appendAccessHistory(trx, {
      table: 'operator_access',
      operation: 'delete',
      oldValue: historyValue(before),
      newValue: null,
      actor: actor.login,
      requestId: actor.requestId ?? null,
    });
  });
}

/**
 * The operator's check before reading an organisation's data, inside the transaction that reads it (so a withdrawal
 * committed before it is obeyed): refuses when no grant is in force at `now`.
 */
export async function requireOperatorAccess(
  trx: Transaction<Database>,
  organisation: ServiceOrganisation,
  now: Date,
): Promise<void> {
  if (accessInForce(await findOperatorAccess(trx), now)) return;
  throw new Refusal(
    'forbidden',
    `${organisation.name}（${organisation.code}）は運営者への閲覧許可を出していません。団体の管理者が「団体のデータ」画面で許可すると書き出せます。`,
  );
}

/** Who took the organisation's data out, as history records it (labels in domain/tables/labels.ts). */
export type Exporter = 'operator' | 'admin';

/** Records in the organisation's history that its data was taken out, and by whom. */
export async function recordExport(trx: Transaction<Database>, actor: Actor, by: Exporter): Promise<void> {
  await appendAccessHistory(trx, {
    table: 'organisation_exports',
    operation: 'insert',
    oldValue: null,
    newValue: JSON.stringify({ exported_by: by }),
    actor: actor.login,
    requestId: actor.requestId ?? null,
  });
}
