// The progress board's rows (one per department answering in a year's campaign) as the board, its CSV and the
// reminders read them, and the ready-to-send text of a reminder.
import { departmentName } from '../../app/campaign/campaign-common.ts';
import type { Cycle, DepartmentAnswer } from '../../db/repositories/campaign.repository.ts';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import {
  ANSWER_STATE_LABELS,
  dueDateOf,
  isOverdue,
  type MissingItem,
  missingItems,
} from '../../domain/campaign/campaign.ts';
import type { Plan } from '../../domain/plan/model.ts';

/** One row of the progress board. */
export interface BoardRow {
  readonly department: string;
  readonly name: string;
  readonly state: DepartmentAnswer['state'];
  readonly due: string | null;
  readonly overdue: boolean;
  readonly missing: readonly MissingItem[];
  readonly updatedAt: Date;
  readonly lastChangedBy: string | null;
  readonly comment: string | null;
  /** The department's own due date, when it overrides the cycle's. */
  readonly ownDue: string | null;
}

export function boardRows(
  plan: Plan,
  cycle: Cycle,
  answers: readonly DepartmentAnswer[],
  today: string,
): BoardRow[] {
  return answers.map((a) => {
    const due = dueDateOf(cycle.dueDate, a.dueDate);
    return {
      department: a.department,
      name: departmentName(plan, a.department),
      state: a.state,
      due,
      overdue: cycle.state === 'collecting' && isOverdue(due, today, a.state),
      missing: a.state === 'approved' ? [] : missingItems(plan, a.department, cycle.fiscalYear),
      updatedAt: a.updatedAt,
      lastChangedBy: a.lastChangedBy,
      comment: a.comment,
      ownDue: a.dueDate,
    };
  });
}

/** Departments to remind: late, or not yet submitted while the cycle collects. */
export const toRemind = (cycle: Cycle, rows: readonly BoardRow[]): BoardRow[] =>
  cycle.state !== 'collecting'
    ? []
    : rows.filter((r) => r.state === 'not_started' || r.state === 'in_progress' || r.state === 'returned');

/** The ready-to-send text of one reminder (Japanese business e-mail). */
export function reminderText(plan: Plan, cycle: Cycle, row: BoardRow, siteUrl: string): string {
  const year = formatFiscalYear(cycle.fiscalYear);
  const lines = [
    `${row.name} ご担当者様`,
    '',
    `${plan.document.organisation.name} ${plan.document.plan.name}の${year}進捗状況の照会について、`,
    row.overdue && row.due !== null
      ? `提出期限（${row.due}）を過ぎておりますが、まだご提出いただいておりません。`
      : row.due !== null
        ? `提出期限は ${row.due} です。`
        : 'ご回答をお願いいたします。',
    `現在の状態: ${ANSWER_STATE_LABELS[row.state]}`,
    ...(row.comment !== null && row.state === 'returned' ? [`差戻しの理由: ${row.comment}`] : []),
    ...(row.missing.length > 0 ? ['', '未入力の項目:', ...row.missing.map((m) => `・${m.message}`)] : []),
    '',
    `入力画面: ${siteUrl}/admin`,
    '（調査票のExcelファイルでの提出もできます。）',
    '',
    'お忙しいところ恐れ入りますが、よろしくお願いいたします。',
  ];
  return lines.join('\n');
}
