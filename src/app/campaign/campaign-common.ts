// What the campaign's use cases share: the year's campaign looked up and locked in the transaction, the live plan
// read back in it, and the repository's campaign-rule errors turned into refusals. (The campaign is run by the
// policy office: each use case refuses anyone else with `requireAdmin` from workspace.ts.)
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { CampaignRuleError, type Cycle, findCycle } from '../../db/repositories/campaign.repository.ts';
import { VersionConflictError } from '../../db/repositories/kpi-value.repository.ts';
import { readPlanTables } from '../../db/repositories/plan-tables.repository.ts';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { loadPlan } from '../../domain/plan/load.ts';
import { departmentLabel, type Plan } from '../../domain/plan/model.ts';
import { tablesToDocument } from '../../domain/tables/from-tables.ts';
import { Refusal, type Workspace } from '../workspace.ts';

/** Runs `work` in one transaction; a campaign rule or a concurrent change refuses with its Japanese reason. */
export async function inTransaction<T>(
  ws: Workspace,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await ws.db.transaction().execute(work);
  } catch (e) {
    if (e instanceof CampaignRuleError) throw new Refusal('conflict', e.message);
    if (e instanceof VersionConflictError) {
      throw new Refusal('conflict', 'ほかの人が先に変更しました。画面を開き直して確かめてください。');
    }
    throw e;
  }
}

/** The year's campaign, locked for the rest of the transaction (a publication and a submission do not cross). */
export async function lockedCycle(
  trx: Transaction<Database>,
  ws: Workspace,
  fiscalYear: number,
): Promise<Cycle> {
  const cycle = await findCycle(trx, ws.planId, fiscalYear, true);
  if (cycle === undefined) {
    throw new Refusal('not_found', `${formatFiscalYear(fiscalYear)}の照会はありません。`);
  }
  return cycle;
}

/** The live plan read back from the database inside a transaction (what a check or a publication sees). */
export async function planInTransaction(trx: Transaction<Database>, planId: number): Promise<Plan> {
  const document = tablesToDocument(await readPlanTables(trx, planId));
  if (!document.ok) throw new Error('invariant: the stored plan does not read back');
  const loaded = loadPlan(document.value);
  if (!loaded.ok) throw new Error('invariant: the stored plan does not validate');
  return loaded.value;
}

/** A department's name as staff read it (部 + 課), its code when the plan no longer has it. */
export const departmentName = (plan: Plan, code: string): string => {
  const d = plan.departments.get(code);
  return d === undefined ? code : departmentLabel(d);
};

/** A due date as forms send it (YYYY-MM-DD), or empty to clear it. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Refuses a due date that is not YYYY-MM-DD, naming the field. */
export function checkDueDate(due: string | null): void {
  if (due !== null && !DATE.test(due)) {
    throw new Refusal('invalid', '＊提出期限は 2025-05-31 の形式で入力してください。', [
      { path: 'due_date', message: '提出期限は 2025-05-31 の形式で入力してください。' },
    ]);
  }
}
