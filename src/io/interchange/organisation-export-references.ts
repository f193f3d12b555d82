// The references between an export's files, checked once every row has passed its own schema: ids unique, accounts'
// departments and answers pointing at rows of the folder, every document and history value of this organisation,
// and the database id each plan had (the plan files carry only the 計画ID: the cycles', publications' and history's
// references say which id was which plan).
import type { ExportedPlanFile, ExportedRecord } from '../../app/organisation-restore.ts';
import { RECORD_FILES, type RecordTable } from './organisation-export-rows.ts';

interface Folder {
  readonly organisation: { readonly code: string; readonly name: string };
  readonly plans: readonly Omit<ExportedPlanFile, 'id'>[];
  readonly records: Readonly<Record<RecordTable, readonly ExportedRecord[]>>;
}

/** A problem at a row of a record file (rows are in file order: row i is line i + 2). */
const at = (table: RecordTable, index: number, column: string, message: string): string =>
  `${RECORD_FILES[table].file} ${index + 2}行目 ${column}: ${message}`;

/** Reports rows whose `key` repeats an earlier row's. */
function unique(
  table: RecordTable,
  rows: readonly ExportedRecord[],
  columns: readonly string[],
  issues: string[],
): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = JSON.stringify(columns.map((c) => row[c]));
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else issues.push(at(table, i, columns.join('・'), `${first + 2}行目と同じです（重複はできません）。`));
  });
}

/** Reports rows whose `column` names no row of `target`. */
function references(
  table: RecordTable,
  rows: readonly ExportedRecord[],
  column: string,
  target: RecordTable,
  ids: ReadonlySet<unknown>,
  issues: string[],
): void {
  rows.forEach((row, i) => {
    if (!ids.has(row[column])) {
      issues.push(
        at(table, i, column, `${RECORD_FILES[target].file} に ID ${String(row[column])} の行がありません。`),
      );
    }
  });
}

const parsed = (text: unknown): unknown => {
  try {
    return typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

/** The organisation code and 計画ID a plan document (cycle opening, publication) names. */
const documentOwner = (text: unknown): { code: unknown; plan: unknown } => {
  const doc = parsed(text) as { organisation?: { code?: unknown }; plan?: { id?: unknown } } | undefined;
  return { code: doc?.organisation?.code, plan: doc?.plan?.id };
};

/**
 * Checks the references of a folder whose rows are each valid, adding located problems to `issues`; returns the
 * database id of each plan (by 計画ID) that the folder's references name.
 */
export function checkReferences(folder: Folder, issues: string[]): Map<string, number> {
  if (issues.length > 0) return new Map();
  const { code } = folder.organisation;
  const r = folder.records;
  unique('users', r.users, ['id'], issues);
  unique('users', r.users, ['login'], issues);
  unique('user_departments', r.user_departments, ['user_id', 'department'], issues);
  unique('reporting_cycles', r.reporting_cycles, ['id'], issues);
  unique('reporting_cycles', r.reporting_cycles, ['plan_id', 'fiscal_year'], issues);
  unique('department_answers', r.department_answers, ['id'], issues);
  unique('department_answers', r.department_answers, ['cycle_id', 'department'], issues);
  unique('publications', r.publications, ['id'], issues);
  unique('publications', r.publications, ['plan_id', 'fiscal_year', 'revision'], issues);
  unique('history', r.history, ['id'], issues);
  references(
    'user_departments',
    r.user_departments,
    'user_id',
    'users',
    new Set(r.users.map((u) => u.id)),
    issues,
  );
  const cycleIds = new Set(r.reporting_cycles.map((c) => c.id));
  references('department_answers', r.department_answers, 'cycle_id', 'reporting_cycles', cycleIds, issues);

  const planOf = new Map<number, string>();
  const documents = [
    ['reporting_cycles', 'opening_document'],
    ['publications', 'document'],
  ] as const;
  for (const [table, column] of documents) {
    r[table].forEach((row, i) => {
      const owner = documentOwner(row[column]);
      if (owner.code !== code) {
        issues.push(
          at(
            table,
            i,
            column,
            `団体コード「${String(owner.code)}」の計画です（この書き出しは団体コード ${code} のものです）。`,
          ),
        );
        return;
      }
      const id = Number(row.plan_id);
      const known = planOf.get(id);
      if (known !== undefined && known !== owner.plan) {
        issues.push(
          at(
            table,
            i,
            'plan_id',
            `計画 ID ${id} が計画「${known}」と「${String(owner.plan)}」の両方を指しています。`,
          ),
        );
      }
      planOf.set(id, String(owner.plan));
    });
  }
  checkHistory(r.history, code, planOf, issues);

  const files = new Set(folder.plans.map((p) => p.plan.document.plan.id));
  for (const table of ['reporting_cycles', 'publications'] as const) {
    r[table].forEach((row, i) => {
      const plan = planOf.get(Number(row.plan_id));
      if (plan !== undefined && !files.has(plan)) {
        issues.push(at(table, i, 'plan_id', `計画「${plan}」のファイル（計画/${plan}.json）がありません。`));
      }
    });
  }
  const ids = new Map<string, number>();
  for (const [id, plan] of planOf) {
    const other = ids.get(plan);
    if (other !== undefined && other !== id) {
      issues.push(
        `計画「${plan}」に2つの ID（${other} と ${id}）が書かれています。報告サイクル・公表の plan_id を確かめてください。`,
      );
    }
    ids.set(plan, id);
  }
  return ids;
}

/**
 * History is the organisation's own: no value in it may name another organisation's code. The history of a plan
 * row (table plans) tells which database id the plan had when nothing else does.
 */
function checkHistory(
  rows: readonly ExportedRecord[],
  code: string,
  planOf: Map<number, string>,
  issues: string[],
): void {
  const fromHistory = new Map<number, string>();
  rows.forEach((row, i) => {
    for (const column of ['row_key', 'old_value', 'new_value'] as const) {
      const value = parsed(row[column]) as { organisation_code?: unknown } | null | undefined;
      const other = typeof value === 'object' && value !== null ? value.organisation_code : undefined;
      if (other !== undefined && other !== code) {
        issues.push(
          at(
            'history',
            i,
            column,
            `団体コード「${String(other)}」の変更です（この書き出しは団体コード ${code} のものです）。`,
          ),
        );
      }
    }
    const key = parsed(row.row_key) as { plan_id?: unknown } | undefined;
    if (row.table_name === 'plans' && row.plan_id !== null && typeof key?.plan_id === 'string') {
      fromHistory.set(Number(row.plan_id), key.plan_id);
    }
  });
  const taken = new Set(planOf.values());
  for (const [id, plan] of fromHistory) {
    if (!planOf.has(id) && !taken.has(plan)) {
      planOf.set(id, plan);
      taken.add(plan);
    }
  }
}
