// A department's answer in the year's campaign: submitted by the department (or by the policy office on its
// behalf, recorded as 代理入力), returned with a comment or approved by the policy office — one at a time or
// several together, all or nothing.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import { type Cycle, changeAnswer, listAnswers } from '../../db/repositories/campaign.repository.ts';
import {
  ANSWER_STATE_LABELS,
  answerActionAllowed,
  CYCLE_STATE_LABELS,
  missingItems,
} from '../../domain/campaign/campaign.ts';
import { type Actor, mayActForAny, mayWrite, onBehalfOf, onBehalfText } from '../../domain/staff/actor.ts';
import { Refusal, requireAdmin, type Workspace } from '../workspace.ts';
import { departmentName, inTransaction, lockedCycle, planInTransaction } from './campaign-common.ts';

interface AnswerInput {
  readonly fiscalYear: number;
  /** 所属コード */
  readonly department: string;
}

/** Refuses a person who may not write, or an editor addressing another department's answer. */
function requireScope(actor: Actor, department: string): void {
  if (!mayWrite(actor) || !mayActForAny(actor, [department])) {
    throw new Refusal('forbidden', 'この所属の回答を提出する権限がありません。');
  }
}

/** Return and approve: by the policy office, while the cycle collects or is reviewed. */
function requireReviewable(actor: Actor, cycle: Cycle): void {
  requireAdmin(actor, '差戻しと承認');
  if (!answerActionAllowed('approve', actor.role, cycle.state)) {
    throw new Refusal('conflict', '差戻しと承認は、照会中または確認中の照会で管理者だけが行えます。');
  }
}

/**
 * Submits a department's answer once nothing is missing, while the cycle collects. An admin submitting for a
 * department they do not belong to is recorded as 代理入力 for it.
 */
export async function submitAnswer(ws: Workspace, actor: Actor, input: AnswerInput): Promise<void> {
  requireScope(actor, input.department);
  await inTransaction(ws, async (trx) => {
    const cycle = await lockedCycle(trx, ws, input.fiscalYear);
    if (cycle.state !== 'collecting') throw new Refusal('conflict', '照会中のときだけ提出できます。');
    const plan = await planInTransaction(trx, ws.planId);
    const missing = missingItems(plan, input.department, cycle.fiscalYear);
    if (missing.length > 0) {
      throw new Refusal(
        'invalid',
        `未入力の項目があるため提出できません（${missing.length}件）。`,
        missing.map((m) => ({ path: m.kpiId ?? m.measureId, message: m.message })),
      );
    }
    await changeAnswer(
      trx,
      ws.planId,
      cycle,
      input.department,
      'submit',
      null,
      actor.login,
      actor.requestId,
      onBehalfText(onBehalfOf(actor, [input.department])),
    );
  });
}

/** Returns a submitted (or approved) answer to its department with a comment the department reads. */
export async function returnAnswer(
  ws: Workspace,
  actor: Actor,
  input: AnswerInput & { readonly comment: string },
): Promise<void> {
  requireAdmin(actor, '差戻しと承認');
  const comment = input.comment.trim();
  if (comment === '') {
    throw new Refusal('invalid', '＊差戻しの理由を入力してください。所属の画面に表示されます。', [
      { path: 'comment', message: '差戻しの理由を入力してください。' },
    ]);
  }
  await inTransaction(ws, async (trx) => {
    const cycle = await lockedCycle(trx, ws, input.fiscalYear);
    requireReviewable(actor, cycle);
    await changeAnswer(
      trx,
      ws.planId,
      cycle,
      input.department,
      'return',
      comment,
      actor.login,
      actor.requestId,
    );
  });
}

/** Approves one submitted answer. */
export async function approveAnswer(ws: Workspace, actor: Actor, input: AnswerInput): Promise<void> {
  await approveAnswers(ws, actor, { fiscalYear: input.fiscalYear, departments: [input.department] });
}

/** Which answers to approve together: the departments named, or every answer submitted now. */
export type ApprovalSelection = readonly string[] | 'all-submitted';

/**
 * Approves several answers in one transaction, all or nothing: if any named department's answer is not 提出済
 * (or not in the campaign), nothing is approved and the refusal names that department. Returns how many.
 */
export async function approveAnswers(
  ws: Workspace,
  actor: Actor,
  input: { readonly fiscalYear: number; readonly departments: ApprovalSelection },
): Promise<number> {
  requireAdmin(actor, '差戻しと承認');
  if (input.departments !== 'all-submitted' && input.departments.length === 0) {
    throw new Refusal('invalid', '承認する回答を選んでください。', [
      { path: 'department', message: '承認する所属にチェックを付けてください。' },
    ]);
  }
  return inTransaction(ws, async (trx) => {
    const cycle = await lockedCycle(trx, ws, input.fiscalYear);
    requireReviewable(actor, cycle);
    const departments = await approvable(trx, cycle, input.departments, ws.planId);
    for (const department of departments) {
      await changeAnswer(trx, ws.planId, cycle, department, 'approve', null, actor.login, actor.requestId);
    }
    return departments.length;
  });
}

/** The departments to approve, checked before anything is written; refuses naming the first that cannot be. */
async function approvable(
  trx: Transaction<Database>,
  cycle: Cycle,
  selection: ApprovalSelection,
  planId: number,
): Promise<string[]> {
  const answers = await listAnswers(trx, cycle.id);
  if (selection === 'all-submitted') {
    const submitted = answers.filter((a) => a.state === 'submitted').map((a) => a.department);
    if (submitted.length === 0) {
      throw new Refusal(
        'conflict',
        `提出済みの回答はありません（照会は${CYCLE_STATE_LABELS[cycle.state]}）。`,
      );
    }
    return submitted;
  }
  const unique = [...new Set(selection)];
  // With several selected, say that none of them was approved (all or nothing).
  const none = unique.length > 1 ? 'どの回答も承認していません。' : '';
  for (const department of unique) {
    const answer = answers.find((a) => a.department === department);
    if (answer?.state === 'submitted') continue;
    const name = departmentName(await planInTransaction(trx, planId), department);
    throw new Refusal(
      'conflict',
      answer === undefined
        ? `${name}はこの照会の対象ではありません。${none}`
        : `${name}の回答は「${ANSWER_STATE_LABELS[answer.state]}」のため承認できません。${none}`,
      [
        {
          path: department,
          message: `${name}: ${answer === undefined ? '照会の対象外' : ANSWER_STATE_LABELS[answer.state]}`,
        },
      ],
    );
  }
  return unique;
}
