// Record a department's answer: the actuals of KPIs and the 要因分析 of measures for one fiscal year, whether they
// come from the answer form, the write API or a confirmed 調査票. One transaction: the person's right to write, the
// department scope of every change, the campaign rule, the version of every row, and history (代理入力 when an
// admin enters figures for a department they do not belong to).
import { type AnswerChanges, saveAnswers } from '../db/repositories/answer.repository.ts';
import { CampaignRuleError, editClosedReason, guardEdit } from '../db/repositories/campaign.repository.ts';
import { answersMeasure, departmentKpis, mayEditAnalysis, mayEditKpi } from '../domain/editing/editable.ts';
import { kpiDepartments, measureDepartments } from '../domain/editing/measure-answer.ts';
import { kpisOfMeasure, type Plan } from '../domain/plan/model.ts';
import type { Measure } from '../domain/plan/schema.ts';
import {
  type Actor,
  departmentsActedFor,
  mayWrite,
  onBehalfOf,
  onBehalfText,
} from '../domain/staff/actor.ts';
import { Refusal, type Workspace } from './workspace.ts';

export type { AnswerChanges, RowChange } from '../db/repositories/answer.repository.ts';

/**
 * Why this person cannot change the measure's answer for the year now (undefined: they can) — the rule
 * `recordAnswer` enforces in its transaction, asked beforehand so a form can say so instead of offering inputs.
 */
export function answerClosedReason(
  ws: Workspace,
  actor: Actor,
  measure: Measure,
  fiscalYear: number,
): Promise<string | undefined> {
  return editClosedReason(
    ws.db,
    ws.planId,
    fiscalYear,
    departmentsActedFor(actor, measureDepartments(measure)),
    actor.role,
  );
}

/** The changes to one measure's answer, or (without `measure`) to KPI actuals addressed on their own. */
export interface AnswerEntry {
  readonly measure?: string;
  readonly changes: AnswerChanges;
}

export interface RecordAnswer {
  /** The plan as stored now (the departments of measures and KPIs are read from it). */
  readonly plan: Plan;
  readonly fiscalYear: number;
  readonly answers: readonly AnswerEntry[];
  /**
   * The one department answering (a 調査票): only its measures and KPIs may be in `answers`, and only its answer is
   * marked 入力中. Without it, the departments of the measures and KPIs changed.
   */
  readonly department?: string;
}

/** What was recorded: the departments answered for and those of them entered as 代理入力. */
export interface RecordedAnswer {
  readonly departments: readonly string[];
  readonly onBehalfOf: readonly string[];
}

/**
 * Writes the answers in one transaction, or nothing. Refusals: `forbidden` (a viewer; a KPI or analysis outside
 * the person's departments), `not_found` (a measure or KPI the plan does not have), `invalid` (a KPI outside its
 * measure or the 調査票's department), `conflict` (the campaign does not allow the change now). A row changed
 * since the person read it throws the repository's VersionConflictError, which the edges turn into their conflict
 * page or status.
 */
export async function recordAnswer(
  ws: Workspace,
  actor: Actor,
  request: RecordAnswer,
): Promise<RecordedAnswer> {
  const { plan, fiscalYear, answers, department } = request;
  if (!mayWrite(actor)) throw new Refusal('forbidden', '閲覧の権限では実績を変更できません。');
  const concerned = new Set<string>();
  const entries: { measure: string; changes: AnswerChanges }[] = [];
  for (const entry of answers) {
    const measure = entry.measure === undefined ? undefined : findMeasure(plan, entry.measure);
    if (measure !== undefined) {
      for (const d of measureDepartments(measure)) concerned.add(d);
      if (department !== undefined && !answersMeasure(plan, department, measure)) {
        throw new Refusal('invalid', `施策「${measure.name}」はこの所属の調査票にありません。`);
      }
    } else if (entry.changes.analysis !== undefined) {
      throw new Refusal('invalid', '要因分析は施策を指定して変更してください。');
    }
    for (const kpiId of entry.changes.actuals.keys()) {
      const kpi = plan.kpis.get(kpiId);
      if (kpi === undefined) throw new Refusal('not_found', `KPI「${kpiId}」はありません。`);
      if (measure !== undefined && !kpisOfMeasure(plan, measure).includes(kpi)) {
        throw new Refusal('invalid', `KPI「${kpi.name}」は施策「${measure.name}」の指標ではありません。`);
      }
      if (
        department !== undefined &&
        (measure === undefined || !departmentKpis(plan, measure, department).includes(kpi))
      ) {
        throw new Refusal('invalid', `KPI「${kpi.name}」はこの所属が回答する指標ではありません。`);
      }
      if (!mayEditKpi(plan, actor, kpiId)) {
        throw new Refusal(
          'forbidden',
          `KPI「${kpi.name}」は担当する所属の指標ではないため、変更できません。`,
        );
      }
      if (measure === undefined) for (const d of kpiDepartments(plan, kpiId)) concerned.add(d);
    }
    if (measure !== undefined && entry.changes.analysis !== undefined && !mayEditAnalysis(actor, measure)) {
      throw new Refusal(
        'forbidden',
        `施策「${measure.name}」は担当する所属の施策ではないため、要因分析を変更できません。`,
      );
    }
    entries.push({ measure: measure?.id ?? '', changes: entry.changes });
  }
  const departments = departmentsActedFor(actor, department === undefined ? [...concerned] : [department]);
  if (department !== undefined && departments.length === 0) {
    throw new Refusal('forbidden', 'この所属の調査票は、担当する所属ではないため取り込めません。');
  }
  const proxy = onBehalfOf(actor, departments);
  const onBehalf = onBehalfText(proxy);
  try {
    await saveAnswers(
      ws.db,
      ws.planId,
      fiscalYear,
      entries,
      actor.login,
      actor.requestId,
      (trx) =>
        guardEdit(
          trx,
          ws.planId,
          fiscalYear,
          departments,
          actor.role,
          actor.login,
          actor.requestId,
          onBehalf,
        ),
      onBehalf,
    );
  } catch (e) {
    if (e instanceof CampaignRuleError) throw new Refusal('conflict', e.message);
    throw e;
  }
  return { departments, onBehalfOf: proxy };
}

function findMeasure(plan: Plan, id: string): Measure {
  const measure = plan.measures.get(id);
  if (measure === undefined) throw new Refusal('not_found', `施策「${id}」はありません。`);
  return measure;
}
