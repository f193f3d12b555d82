import type { Kysely, Transaction } from 'kysely';
import {
  ANSWER_STATE_LABELS,
  type AnswerAction,
  type AnswerState,
  answerAfter,
  answersEditRefusal,
  CYCLE_STATE_LABELS,
  type CycleState,
  canMoveCycle,
  editRefusal,
} from '../../domain/campaign/campaign.ts';
import type { AcknowledgedError, GateRecord } from '../../domain/campaign/publication-gate.ts';
import type { Role } from '../../domain/staff/role.ts';
import type { Database } from '../database.ts';
import { VersionConflictError } from './kpi-value.repository.ts';
import { appendHistory, type HistoryEntry } from './plan-tables.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Cycle {
  readonly id: number;
  readonly fiscalYear: number;
  readonly state: CycleState;
  readonly dueDate: string | null;
  readonly version: number;
  readonly updatedAt: Date;
}

export interface DepartmentAnswer {
  readonly department: string;
  readonly state: AnswerState;
  readonly dueDate: string | null;
  readonly comment: string | null;
  readonly lastChangedBy: string | null;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface Publication {
  readonly id: number;
  readonly fiscalYear: number;
  readonly revision: number;
  readonly reason: string | null;
  readonly document: string;
  readonly changes: string;
  readonly publishedBy: string;
  readonly publishedAt: Date;
  /** The consistency check when it was published; undefined for publications made before the gate. */
  readonly gate: GateRecord | undefined;
}

/** A campaign rule refused the request (wrong state, already published …): a Japanese reason for the person. */
export class CampaignRuleError extends Error {
  override name = 'CampaignRuleError';
}

/** The plan as it stood when the plan's first campaign opened (undefined when it never had one). */
export async function firstOpeningDocument(db: Db, planId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('reporting_cycles')
    .select('opening_document')
    .where('plan_id', '=', planId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row?.opening_document;
}

const toCycle = (r: {
  id: number;
  fiscal_year: number;
  state: CycleState;
  due_date: string | null;
  version: number;
  updated_at: Date;
}): Cycle => ({
  id: Number(r.id),
  fiscalYear: r.fiscal_year,
  state: r.state,
  dueDate: r.due_date,
  version: r.version,
  updatedAt: new Date(r.updated_at),
});

export async function listCycles(db: Db, planId: number): Promise<Cycle[]> {
  const rows = await db
    .selectFrom('reporting_cycles')
    .select(['id', 'fiscal_year', 'state', 'due_date', 'version', 'updated_at'])
    .where('plan_id', '=', planId)
    .orderBy('fiscal_year', 'desc')
    .execute();
  return rows.map(toCycle);
}

export async function findCycle(
  db: Db,
  planId: number,
  fiscalYear: number,
  lock = false,
): Promise<Cycle | undefined> {
  let query = db
    .selectFrom('reporting_cycles')
    .select(['id', 'fiscal_year', 'state', 'due_date', 'version', 'updated_at'])
    .where('plan_id', '=', planId)
    .where('fiscal_year', '=', fiscalYear);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toCycle(row);
}

export async function listAnswers(db: Db, cycleId: number): Promise<DepartmentAnswer[]> {
  const rows = await db
    .selectFrom('department_answers')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    department: r.department,
    state: r.state,
    dueDate: r.due_date,
    comment: r.comment,
    lastChangedBy: r.last_changed_by,
    updatedAt: new Date(r.updated_at),
    version: r.version,
  }));
}

const cycleKey = (fiscalYear: number) => JSON.stringify({ fiscal_year: fiscalYear });
const answerKey = (fiscalYear: number, department: string) =>
  JSON.stringify({ fiscal_year: fiscalYear, department });

/**
 * Opens the campaign of a fiscal year (準備中) with one answer per department (未着手), in the caller's transaction.
 * When the year is after the plan's report year, the plan moves on to it: last year's published values become
 * "last year" everywhere.
 */
export async function createCycle(
  trx: Transaction<Database>,
  planId: number,
  fiscalYear: number,
  dueDate: string | null,
  departments: readonly string[],
  openingDocument: string,
  actor: string,
  requestId: string | null,
): Promise<void> {
  if ((await findCycle(trx, planId, fiscalYear)) !== undefined) {
    throw new CampaignRuleError('この年度の照会は既にあります。');
  }
  const { id } = await trx
    .insertInto('reporting_cycles')
    .values({
      plan_id: planId,
      fiscal_year: fiscalYear,
      state: 'preparing',
      due_date: dueDate,
      opening_document: openingDocument,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (departments.length > 0) {
    await trx
      .insertInto('department_answers')
      .values(departments.map((department) => ({ cycle_id: id, department, state: 'not_started' as const })))
      .execute();
  }
  const plan = await trx
    .selectFrom('plans')
    .select('report_fiscal_year')
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const history: HistoryEntry[] = [
    {
      table: 'reporting_cycles',
      key: cycleKey(fiscalYear),
      operation: 'insert',
      column: 'state',
      oldValue: null,
      newValue: 'preparing',
    },
  ];
  if (fiscalYear > plan.report_fiscal_year) {
    await trx
      .updateTable('plans')
      .set((eb) => ({
        report_fiscal_year: fiscalYear,
        version: eb('version', '+', 1),
        updated_at: new Date(),
      }))
      .where('id', '=', planId)
      .execute();
    history.push({
      table: 'plan',
      key: JSON.stringify({ plan_id: planId }),
      operation: 'update',
      column: 'report_fiscal_year',
      oldValue: plan.report_fiscal_year,
      newValue: fiscalYear,
    });
  }
  await appendHistory(trx, planId, history, actor, requestId);
}

/** Moves a cycle, checking the move and the state it was read in (two admins cannot both move it). */
export async function moveCycle(
  db: Db,
  planId: number,
  fiscalYear: number,
  to: CycleState,
  actor: string,
  requestId: string | null,
): Promise<Cycle> {
  const current = await findCycle(db, planId, fiscalYear, true);
  if (current === undefined) throw new CampaignRuleError('この年度の照会はありません。');
  if (!canMoveCycle(current.state, to)) {
    throw new CampaignRuleError(
      `この照会は現在の状態から移せません（${CYCLE_STATE_LABELS[current.state]} → ${CYCLE_STATE_LABELS[to]}）。`,
    );
  }
  const updated = await db
    .updateTable('reporting_cycles')
    .set((eb) => ({ state: to, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', current.id)
    .where('state', '=', current.state)
    .returningAll()
    .executeTakeFirst();
  if (updated === undefined)
    throw new VersionConflictError('照会', cycleKey(fiscalYear), current.version, undefined);
  await appendHistory(
    db,
    planId,
    [
      {
        table: 'reporting_cycles',
        key: cycleKey(fiscalYear),
        operation: 'update',
        column: 'state',
        oldValue: current.state,
        newValue: to,
      },
    ],
    actor,
    requestId,
  );
  return toCycle(updated);
}

/** Sets (or clears) a department's own due date, which overrides the cycle's; recorded in history. */
export async function setAnswerDueDate(
  db: Db,
  planId: number,
  cycle: Cycle,
  department: string,
  dueDate: string | null,
  actor: string,
  requestId: string | null,
): Promise<void> {
  const row = await db
    .selectFrom('department_answers')
    .select(['id', 'due_date'])
    .where('cycle_id', '=', cycle.id)
    .where('department', '=', department)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw new CampaignRuleError(`所属「${department}」はこの照会の対象ではありません。`);
  if (row.due_date === dueDate) return;
  await db
    .updateTable('department_answers')
    .set((eb) => ({ due_date: dueDate, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', row.id)
    .execute();
  await appendHistory(
    db,
    planId,
    [
      {
        table: 'department_answers',
        key: answerKey(cycle.fiscalYear, department),
        operation: 'update',
        column: 'due_date',
        oldValue: row.due_date,
        newValue: dueDate,
      },
    ],
    actor,
    requestId,
  );
}

/** Applies an answer action if the answer's state allows it; records it in history. */
export async function changeAnswer(
  db: Db,
  planId: number,
  cycle: Cycle,
  department: string,
  action: AnswerAction,
  comment: string | null,
  actor: string,
  requestId: string | null,
  /** 代理入力: the departments acted for (domain/staff/actor.ts `onBehalfText`), null when none */
  onBehalfOf: string | null = null,
): Promise<AnswerState> {
  const row = await db
    .selectFrom('department_answers')
    .selectAll()
    .where('cycle_id', '=', cycle.id)
    .where('department', '=', department)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw new CampaignRuleError(`所属「${department}」はこの照会の対象ではありません。`);
  const next = answerAfter(row.state, action);
  if (next === undefined)
    throw new CampaignRuleError(
      `この回答は現在「${ANSWER_STATE_LABELS[row.state]}」のため、この操作はできません。`,
    );
  if (next === row.state && action === 'edit') return next;
  await db
    .updateTable('department_answers')
    .set((eb) => ({
      state: next,
      ...(action === 'return' ? { comment } : action === 'approve' ? { comment: null } : {}),
      last_changed_by: actor,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', row.id)
    .execute();
  await appendHistory(
    db,
    planId,
    [
      {
        table: 'department_answers',
        key: answerKey(cycle.fiscalYear, department),
        operation: 'update',
        column: 'state',
        oldValue: row.state,
        newValue: next,
      },
      ...(action === 'return'
        ? [
            {
              table: 'department_answers',
              key: answerKey(cycle.fiscalYear, department),
              operation: 'update' as const,
              column: 'comment',
              oldValue: row.comment,
              newValue: comment,
            },
          ]
        : []),
    ],
    actor,
    requestId,
    onBehalfOf,
  );
  return next;
}

/** Why these departments' figures cannot be changed now (undefined: they can); the same rule as `guardEdit`. */
export async function editClosedReason(
  db: Db,
  planId: number,
  fiscalYear: number,
  departments: readonly string[],
  role: Role,
): Promise<string | undefined> {
  const cycle = await findCycle(db, planId, fiscalYear);
  if (cycle === undefined) return role === 'viewer' ? editRefusal(role, 'collecting', undefined) : undefined;
  const answers = (await listAnswers(db, cycle.id)).filter((a) => departments.includes(a.department));
  return answersEditRefusal(role, cycle.state, answers);
}

/**
 * Checks, inside the saving transaction, that figures of these departments may be changed for the year, and
 * marks their answers 入力中. No cycle for the year: the plan is maintained directly and nothing is checked.
 */
export async function guardEdit(
  trx: Transaction<Database>,
  planId: number,
  fiscalYear: number,
  departments: readonly string[],
  role: Role,
  actor: string,
  requestId: string | null,
  /** 代理入力: recorded with the answers' 入力中 change (domain/staff/actor.ts `onBehalfText`) */
  onBehalfOf: string | null = null,
): Promise<void> {
  const cycle = await findCycle(trx, planId, fiscalYear, true);
  if (cycle === undefined) return;
  const answers = (await listAnswers(trx, cycle.id)).filter((a) => departments.includes(a.department));
  const refusal = answersEditRefusal(role, cycle.state, answers);
  if (refusal !== undefined) throw new CampaignRuleError(refusal);
  if (cycle.state !== 'collecting') return;
  for (const answer of answers) {
    if (answer.state === 'not_started' || answer.state === 'submitted' || answer.state === 'returned') {
      await changeAnswer(trx, planId, cycle, answer.department, 'edit', null, actor, requestId, onBehalfOf);
    }
  }
}

export async function listPublications(db: Db, planId: number): Promise<Publication[]> {
  const rows = await db
    .selectFrom('publications')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('fiscal_year', 'desc')
    .orderBy('revision', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    fiscalYear: r.fiscal_year,
    revision: r.revision,
    reason: r.reason,
    document: r.document,
    changes: r.changes,
    publishedBy: r.published_by,
    publishedAt: new Date(r.published_at),
    gate: toGateRecord(r),
  }));
}

/** The stored gate columns as a record (the constraint keeps them consistent). */
function toGateRecord(r: {
  error_count: number | null;
  warning_count: number | null;
  acknowledged_errors: string | null;
  acknowledged_by: string | null;
}): GateRecord | undefined {
  if (r.error_count === null) return undefined;
  return {
    errorCount: r.error_count,
    warningCount: r.warning_count ?? 0,
    acknowledgement:
      r.acknowledged_by === null
        ? undefined
        : { errors: JSON.parse(r.acknowledged_errors ?? '[]') as AcknowledgedError[], by: r.acknowledged_by },
  };
}

/** The publication the public sees: the latest year's latest revision. */
export async function latestPublication(db: Db, planId: number): Promise<Publication | undefined> {
  return (await listPublications(db, planId))[0];
}

/**
 * Records a publication (the next revision of the year) with what the consistency check found and, when errors
 * remained, their acknowledgement — in the caller's transaction, with a history entry naming the acknowledged count.
 */
export async function insertPublication(
  trx: Transaction<Database>,
  planId: number,
  publication: {
    readonly fiscalYear: number;
    readonly document: string;
    readonly changes: string;
    readonly reason: string | null;
    readonly gate: GateRecord;
  },
  actor: string,
  requestId: string | null,
): Promise<number> {
  const { fiscalYear, document, changes, reason, gate } = publication;
  const last = await trx
    .selectFrom('publications')
    .select((eb) => eb.fn.max('revision').as('revision'))
    .where('plan_id', '=', planId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  const revision = Number(last?.revision ?? 0) + 1;
  await trx
    .insertInto('publications')
    .values({
      plan_id: planId,
      fiscal_year: fiscalYear,
      revision,
      reason,
      document,
      changes,
      published_by: actor,
      error_count: gate.errorCount,
      warning_count: gate.warningCount,
      acknowledged_errors:
        gate.acknowledgement === undefined ? null : JSON.stringify(gate.acknowledgement.errors),
      acknowledged_by: gate.acknowledgement?.by ?? null,
    })
    .execute();
  if (gate.acknowledgement !== undefined) {
    await appendHistory(
      trx,
      planId,
      [
        {
          table: 'publications',
          key: JSON.stringify({ fiscal_year: fiscalYear, revision }),
          operation: 'insert',
          column: 'acknowledged_errors',
          oldValue: null,
          newValue: gate.acknowledgement.errors.length,
        },
      ],
      actor,
      requestId,
    );
  }
  return revision;
}
