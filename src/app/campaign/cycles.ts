// The campaign of a year as the policy office runs it: open it, move it through its states, set a department's
// own due date. Each use case owns its transaction and records history through the repository.
import {
  createCycle,
  moveCycle as moveCycleRow,
  setAnswerDueDate,
} from '../../db/repositories/campaign.repository.ts';
import { answeringDepartments, CYCLE_STATE_LABELS, type CycleState } from '../../domain/campaign/campaign.ts';
import { yearOutsidePlan } from '../../domain/plan/period.ts';
import type { Actor } from '../../domain/staff/actor.ts';
import { planToJson } from '../../io/interchange/write-plan-file.ts';
import { Refusal, requireAdmin, type Workspace } from '../workspace.ts';
import { checkDueDate, inTransaction, lockedCycle, planInTransaction } from './campaign-common.ts';

/**
 * Opens the campaign of a fiscal year (準備中) for every department owning a measure, freezing the plan as it
 * stands; a year after the report year becomes the new report year.
 */
export async function openCycle(
  ws: Workspace,
  actor: Actor,
  input: { readonly fiscalYear: number; readonly dueDate: string | null },
): Promise<void> {
  requireAdmin(actor, '照会を作ること');
  checkDueDate(input.dueDate);
  await inTransaction(ws, async (trx) => {
    const plan = await planInTransaction(trx, ws.planId);
    const outside = yearOutsidePlan(plan.document.plan.period, 'report', input.fiscalYear);
    if (outside !== undefined) {
      throw new Refusal('invalid', `＊${outside}。`, [{ path: 'fiscal_year', message: `${outside}。` }]);
    }
    await createCycle(
      trx,
      ws.planId,
      input.fiscalYear,
      input.dueDate,
      answeringDepartments(plan),
      planToJson(plan.document),
      actor.login,
      actor.requestId,
    );
  });
}

/** The states a cycle is moved to by hand; 公表済 is reached only by publishing (./publish.ts). */
const MANUAL_MOVES: readonly CycleState[] = ['collecting', 'reviewing', 'correcting'];

/** Moves the year's campaign to another state (照会中, 確認中, 訂正中) if the cycle's rules allow it. */
export async function moveCycle(
  ws: Workspace,
  actor: Actor,
  input: { readonly fiscalYear: number; readonly to: CycleState },
): Promise<void> {
  requireAdmin(actor, '照会の状態を変えること');
  if (!MANUAL_MOVES.includes(input.to)) {
    throw new Refusal('invalid', '移す先の状態が不正です。', [
      { path: 'to', message: `「${CYCLE_STATE_LABELS[input.to] ?? input.to}」には移せません。` },
    ]);
  }
  await inTransaction(ws, async (trx) => {
    await lockedCycle(trx, ws, input.fiscalYear);
    await moveCycleRow(trx, ws.planId, input.fiscalYear, input.to, actor.login, actor.requestId);
  });
}

/** Sets (or with null clears) a department's own due date, which overrides the cycle's. */
export async function setDueDate(
  ws: Workspace,
  actor: Actor,
  input: { readonly fiscalYear: number; readonly department: string; readonly dueDate: string | null },
): Promise<void> {
  requireAdmin(actor, '提出期限の設定');
  checkDueDate(input.dueDate);
  await inTransaction(ws, async (trx) => {
    const cycle = await lockedCycle(trx, ws, input.fiscalYear);
    await setAnswerDueDate(
      trx,
      ws.planId,
      cycle,
      input.department,
      input.dueDate,
      actor.login,
      actor.requestId,
    );
  });
}
