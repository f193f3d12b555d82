// Publishing a year: the campaign closed (every answer approved, or a correction under way), the consistency check
// of the plan being published shown and — while errors remain — acknowledged, the plan frozen as the next revision.
import {
  insertPublication,
  listAnswers,
  listPublications,
  moveCycle as moveCycleRow,
} from '../../db/repositories/campaign.repository.ts';
import { checkConsistency } from '../../domain/audit/consistency-checks.ts';
import { changedFigures } from '../../domain/campaign/publication-changes.ts';
import { type GateAnswer, passPublicationGate } from '../../domain/campaign/publication-gate.ts';
import { evaluatePlan } from '../../domain/evaluation/plan-evaluation.ts';
import { findingsOutput } from '../../domain/output/findings-output.ts';
import { loadPlan } from '../../domain/plan/load.ts';
import type { Actor } from '../../domain/staff/actor.ts';
import { planToJson } from '../../io/interchange/write-plan-file.ts';
import { Refusal, requireAdmin, type Workspace } from '../workspace.ts';
import { departmentName, inTransaction, lockedCycle, planInTransaction } from './campaign-common.ts';

export interface PublishInput extends GateAnswer {
  readonly fiscalYear: number;
  /** 訂正の理由 (required when correcting) or a note; empty for none. */
  readonly reason: string;
}

const REASON_LIMIT = 500;

/** Publishes the year's next revision (第n版) and returns its number. */
export async function publish(ws: Workspace, actor: Actor, input: PublishInput): Promise<number> {
  requireAdmin(actor, '公表');
  const reason = input.reason.trim();
  if ([...reason].length > REASON_LIMIT) {
    throw new Refusal('invalid', `＊理由は${REASON_LIMIT}文字以内にしてください。`, [
      { path: 'reason', message: `理由は${REASON_LIMIT}文字以内にしてください。` },
    ]);
  }
  const revision = await inTransaction(ws, async (trx) => {
    const cycle = await lockedCycle(trx, ws, input.fiscalYear);
    if (cycle.state !== 'reviewing' && cycle.state !== 'correcting') {
      throw new Refusal('conflict', '確認中または訂正中の照会だけを公表できます。');
    }
    if (cycle.state === 'correcting' && reason === '') {
      throw new Refusal('invalid', '＊訂正の理由を入力してください。公表ページに表示されます。', [
        { path: 'reason', message: '訂正の理由を入力してください。' },
      ]);
    }
    const plan = await planInTransaction(trx, ws.planId);
    if (cycle.state === 'reviewing') {
      const pending = (await listAnswers(trx, cycle.id)).filter((a) => a.state !== 'approved');
      if (pending.length > 0) {
        const names = pending.map((a) => departmentName(plan, a.department)).join('、');
        throw new Refusal('conflict', `承認していない所属があるため公表できません: ${names}`);
      }
    }
    // The gate reads the plan being published, in this transaction: what is acknowledged is what goes out.
    const findings = findingsOutput(
      cycle.fiscalYear,
      checkConsistency(plan, evaluatePlan(plan, cycle.fiscalYear)),
    );
    const gate = passPublicationGate(findings, input, actor.login);
    if (gate.kind === 'refused') {
      throw new Refusal(gate.status === 'bad_request' ? 'invalid' : 'conflict', gate.message);
    }
    const previous = (await listPublications(trx, ws.planId)).find((p) => p.fiscalYear === cycle.fiscalYear);
    const before =
      previous === undefined ? undefined : loadPlan(JSON.parse(previous.document), { storedYears: true });
    const changes = changedFigures(before?.ok ? before.value : undefined, plan, cycle.fiscalYear);
    await moveCycleRow(trx, ws.planId, cycle.fiscalYear, 'published', actor.login, actor.requestId);
    return insertPublication(
      trx,
      ws.planId,
      {
        fiscalYear: cycle.fiscalYear,
        document: planToJson(plan.document),
        changes: JSON.stringify(changes),
        reason: reason === '' ? null : reason,
        gate: gate.record,
      },
      actor.login,
      actor.requestId,
    );
  });
  ws.logger.info(
    { event: 'published', fiscalYear: input.fiscalYear, revision, login: actor.login },
    'published',
  );
  return revision;
}
