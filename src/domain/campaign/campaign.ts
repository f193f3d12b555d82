// The yearly collection campaign as rules: the states of a reporting cycle and of each department's answer, who may
// move them, when figures may be changed, and what an answer still lacks before it can be submitted. Pure.
import type { FiscalYear } from '../calendar/fiscal-year.ts';
import { actualOf, measureDepartments } from '../editing/measure-answer.ts';
import { evaluateKpi } from '../evaluation/kpi-evaluation.ts';
import { judgeMeasure } from '../evaluation/measure-status.ts';
import { kpisOfMeasure, type Plan } from '../plan/model.ts';
import type { Measure } from '../plan/schema.ts';
import type { Role } from '../staff/role.ts';

export type CycleState = 'preparing' | 'collecting' | 'reviewing' | 'published' | 'correcting';
export type AnswerState = 'not_started' | 'in_progress' | 'submitted' | 'returned' | 'approved';

export const CYCLE_STATE_LABELS: Readonly<Record<CycleState, string>> = {
  preparing: '準備中',
  collecting: '照会中',
  reviewing: '確認中',
  published: '公表済',
  correcting: '訂正中',
};

export const ANSWER_STATE_LABELS: Readonly<Record<AnswerState, string>> = {
  not_started: '未着手',
  in_progress: '入力中',
  submitted: '提出済',
  returned: '差戻し',
  approved: '承認済',
};

export const ANSWER_STATES: readonly AnswerState[] = [
  'not_started',
  'in_progress',
  'submitted',
  'returned',
  'approved',
];

/**
 * Moves of a cycle, all by admins: 準備中 → 照会中 → 確認中 → 公表済; 確認中 can go back to 照会中; a published cycle
 * is corrected through 訂正中, and publishing again makes the next revision (第2版 …).
 */
export const CYCLE_MOVES: Readonly<Record<CycleState, readonly CycleState[]>> = {
  preparing: ['collecting'],
  collecting: ['reviewing'],
  reviewing: ['collecting', 'published'],
  published: ['correcting'],
  correcting: ['published'],
};

export const canMoveCycle = (from: CycleState, to: CycleState): boolean => CYCLE_MOVES[from].includes(to);

export type AnswerAction = 'edit' | 'submit' | 'return' | 'approve';

/** The answer state after an action, or undefined when the action is not possible from `from`. */
export function answerAfter(from: AnswerState, action: AnswerAction): AnswerState | undefined {
  switch (action) {
    case 'edit':
      // Editing a submitted answer takes it back to 入力中: it must be submitted again.
      return from === 'approved' ? undefined : 'in_progress';
    case 'submit':
      return from === 'approved' || from === 'submitted' ? undefined : 'submitted';
    case 'return':
      return from === 'submitted' || from === 'approved' ? 'returned' : undefined;
    case 'approve':
      return from === 'submitted' ? 'approved' : undefined;
  }
}

/** Who may do an answer action while the cycle is in a state (department scope is checked separately). */
export function answerActionAllowed(action: AnswerAction, role: Role, cycle: CycleState): boolean {
  if (role === 'viewer') return false;
  // Answers are reviewed as they come in (照会中) and after the close (確認中).
  if (action === 'return' || action === 'approve')
    return role === 'admin' && (cycle === 'collecting' || cycle === 'reviewing');
  if (action === 'submit') return cycle === 'collecting';
  // edit
  return role === 'admin'
    ? cycle === 'collecting' || cycle === 'reviewing' || cycle === 'correcting'
    : cycle === 'collecting';
}

/** Why figures cannot be changed now, in Japanese; undefined when they can. */
export function editRefusal(
  role: Role,
  cycle: CycleState,
  answer: AnswerState | undefined,
): string | undefined {
  if (role === 'viewer') return '閲覧の権限では変更できません。';
  if (!answerActionAllowed('edit', role, cycle)) {
    if (cycle === 'published')
      return 'この年度は公表済みのため変更できません。訂正は管理者が「訂正を始める」から行います。';
    if (cycle === 'preparing') return 'この年度の照会はまだ始まっていません。';
    if (cycle === 'reviewing')
      return 'この年度は確認中のため、所属からは変更できません。必要なら管理者に差戻しを依頼してください。';
    if (cycle === 'correcting') return '訂正中は管理者だけが変更できます。';
    return 'この年度は現在変更できません。';
  }
  if (role === 'editor' && answer === 'approved') return 'この所属の回答は承認済みのため変更できません。';
  return undefined;
}

/**
 * Why figures of these departments' answers cannot be changed now (undefined: they can): an editor is closed out
 * once every one of the answers concerned is approved; the rest is the campaign state (`editRefusal`).
 */
export function answersEditRefusal(
  role: Role,
  cycle: CycleState,
  answers: readonly { readonly state: AnswerState }[],
): string | undefined {
  const approved = role === 'editor' && answers.length > 0 && answers.every((a) => a.state === 'approved');
  return editRefusal(role, cycle, approved ? 'approved' : undefined);
}

/** The measures a department answers for: its own and those it shares as a joint measure. */
export const measuresOfDepartment = (plan: Plan, department: string): Measure[] =>
  plan.document.measures.filter((m) => measureDepartments(m).includes(department));

/** Departments that answer in a campaign: every department owning at least one measure, in plan order. */
export const answeringDepartments = (plan: Plan): string[] =>
  plan.document.departments.map((d) => d.code).filter((code) => measuresOfDepartment(plan, code).length > 0);

/** Something an answer still lacks. */
export interface MissingItem {
  readonly measureId: string;
  readonly kpiId?: string;
  readonly message: string;
}

/**
 * What keeps a department's answer from being complete: a KPI without an actual for the year (a value, or a
 * reason for none such as 未計測), or a measure not achieved without its 要因分析.
 */
export function missingItems(plan: Plan, department: string, fiscalYear: FiscalYear): MissingItem[] {
  const rules = plan.document.plan.rules;
  const items: MissingItem[] = [];
  for (const measure of measuresOfDepartment(plan, department)) {
    const kpis = kpisOfMeasure(plan, measure);
    for (const kpi of kpis) {
      if (actualOf(kpi, fiscalYear) === undefined) {
        items.push({
          measureId: measure.id,
          kpiId: kpi.id,
          message: `${measure.name}: 「${kpi.name}」の実績値が未入力です（値がない場合は「—」「未計測」「集計中」を入力）。`,
        });
      }
    }
    const status = judgeMeasure(
      measure,
      kpis.map((k) => evaluateKpi(k, fiscalYear, rules)),
    ).status;
    const analysis = measure.analyses.find((a) => a.fiscalYear === fiscalYear)?.text ?? '';
    if (status !== 'achieved' && analysis.trim() === '') {
      items.push({
        measureId: measure.id,
        message: `${measure.name}: 達成していないため、要因分析が必要です。`,
      });
    }
  }
  return items;
}

/** The date a department's answer is due: its own, else the cycle's. */
export const dueDateOf = (cycleDue: string | null, answerDue: string | null): string | null =>
  answerDue ?? cycleDue;

/** Overdue: a due date before `today` (both YYYY-MM-DD, Japan time) and the answer not yet submitted or approved. */
export const isOverdue = (due: string | null, today: string, state: AnswerState): boolean =>
  due !== null && due < today && (state === 'not_started' || state === 'in_progress' || state === 'returned');

/** Today's date in Japan (UTC+9, no daylight saving), as YYYY-MM-DD. */
export const japanDate = (at: Date): string =>
  new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
