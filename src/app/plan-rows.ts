// Build and edit the plan row by row (goals, guidelines, departments, measures, KPIs, baselines and targets, rules):
// the admin's plan editor. Each change is one transaction: the row only if it is still at the version the form was
// built from, the whole plan re-validated by the core before commit, history of every change.
import { VersionConflictError } from '../db/repositories/kpi-value.repository.ts';
import {
  DuplicatePlanRowError,
  deletePlanRows,
  insertPlanRows,
  listVersionedRows,
  PlanRuleError,
  swapPlanRows,
  type TableRow,
  updatePlanRow,
  type VersionedRow,
} from '../db/repositories/plan-row.repository.ts';
import type { Actor } from '../domain/staff/actor.ts';
import type { Row, TableDef, TableName } from '../domain/tables/definitions.ts';
import { valueLabel } from '../domain/tables/labels.ts';
import { planDeletion } from './plan-row-deletion.ts';
import { Refusal, requireAdmin, type Workspace } from './workspace.ts';

export { dependentText, type PlannedDeletion, planDeletion } from './plan-row-deletion.ts';
export { VersionConflictError };

export interface EditPlanRow {
  readonly table: TableDef;
  /** The whole row as it should be (key columns included: they address the row and are never changed). */
  readonly row: Row;
  /** The row version the person edited. */
  readonly expectedVersion: number;
}

/** The core's problems as a refusal, each in `details` (path `table[row].column`, message). */
async function checkedByCore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof PlanRuleError) {
      throw new Refusal('invalid', 'この変更では計画の整合性が保てません。', e.issues);
    }
    throw e;
  }
}

const logSaved = (ws: Workspace, actor: Actor, event: string, table: TableDef, extra: object = {}) =>
  ws.logger.info(
    { event, table: table.name, ...extra, login: actor.login, requestId: actor.requestId },
    event.replaceAll('_', ' '),
  );

/**
 * Saves the row and returns the columns that changed (none: nothing written). Refusals: `forbidden` for anyone but
 * an admin; `invalid` when the plan would break, each problem in `details` (path `table[row].column`, message). A row
 * changed since it was read throws the repository's VersionConflictError: the editor shows the latest row.
 */
export async function editPlanRow(ws: Workspace, actor: Actor, edit: EditPlanRow): Promise<string[]> {
  requireAdmin(actor, '計画の編集');
  const changed = await checkedByCore(() =>
    updatePlanRow(ws.db, ws.planId, edit.table, edit.row, edit.expectedVersion, actor.login, actor.requestId),
  );
  logSaved(ws, actor, 'plan_row_saved', edit.table, { changed });
  return changed;
}

/** A row's key in words for a message: 「KPI ID k-01」, 「KPI ID k-01・区分 目標値・年度 令和8年度」. */
const keyWords = (def: TableDef, row: Row): string =>
  def.key
    .map((k) => {
      const column = def.columns.find((c) => c.key === k);
      return `${column?.header ?? k} ${valueLabel(def.name, k, row[k] ?? null)}`;
    })
    .join('・');

/**
 * Adds a row, with the rows it needs to be valid (a measure's first KPI and its 施策KPI row; a KPI's 施策KPI row) in
 * the same transaction. Refusals: `forbidden` for anyone but an admin; `conflict` when a row with the same key exists
 * (「KPI ID k-01 はすでにあります。」); `invalid` when the plan would break, each problem in `details`.
 */
export async function addPlanRow(
  ws: Workspace,
  actor: Actor,
  add: { table: TableDef; row: Row; with?: readonly TableRow[] },
): Promise<void> {
  requireAdmin(actor, '計画の編集');
  const rows = [{ def: add.table, row: add.row }, ...(add.with ?? [])];
  try {
    await checkedByCore(() => insertPlanRows(ws.db, ws.planId, rows, actor.login, actor.requestId));
  } catch (e) {
    if (e instanceof DuplicatePlanRowError) {
      throw new Refusal('conflict', `${keyWords(e.table, e.key)} はすでにあります。`, [
        { path: '', message: `${e.table.title}に同じ行があります。別の値にしてください。` },
      ]);
    }
    throw e;
  }
  logSaved(ws, actor, 'plan_row_added', add.table);
}

/** The next free position of a group (a measure's KPIs ①②…): one after the largest, 0 for an empty group. */
export async function nextPosition(ws: Workspace, table: TableDef, group: Row): Promise<number> {
  const rows = await listVersionedRows(ws.db, ws.planId, table);
  const positions = rows
    .filter((r) => Object.entries(group).every(([k, v]) => (r.row[k] ?? null) === v))
    .map((r) => Number(r.row.position));
  return positions.length === 0 ? 0 : Math.max(...positions) + 1;
}

/**
 * Deletes a row with the rows that go with it (plan-row-deletion.ts). Refusals: `forbidden` for anyone but an admin;
 * `not_found` for an unknown row; `conflict` when other rows still depend on it (each kind and how many in
 * `details`); `invalid` when the plan would break. A stale version throws VersionConflictError.
 */
export async function deletePlanRow(
  ws: Workspace,
  actor: Actor,
  remove: { table: TableDef; key: Row; expectedVersion: number },
): Promise<Row> {
  requireAdmin(actor, '計画の編集');
  const { table } = remove;
  const planned = await planDeletion(ws, table, remove.key);
  if (planned === undefined) throw new Refusal('not_found', `${table.title}に指定の行はありません。`);
  if (planned.version !== remove.expectedVersion) {
    throw new VersionConflictError(
      table.title,
      JSON.stringify(remove.key),
      remove.expectedVersion,
      planned.version,
    );
  }
  if (planned.blocked.length > 0) {
    throw new Refusal(
      'conflict',
      'ほかの行がこの行を参照しているため、削除できません。',
      planned.blocked.map((message) => ({ path: '', message })),
    );
  }
  await checkedByCore(() => deletePlanRows(ws.db, ws.planId, planned.rows, actor.login, actor.requestId));
  logSaved(ws, actor, 'plan_row_deleted', table, { rows: planned.rows.length });
  return planned.row;
}

/** Columns besides the key that group ordered rows (measures are ordered within their goal, goals under a parent). */
const ORDER_PARENTS: Partial<Record<TableName, readonly string[]>> = {
  goals: ['parent'],
  measures: ['goal'],
};

/** How a table is ordered: rows of one group sorted by position; a move exchanges `swapped` with the neighbour. */
export interface TableOrder {
  readonly group: readonly string[];
  readonly swapped: readonly string[];
}

/**
 * The order of a table with a 順序 column. Where the position is part of the key (a measure's KPIs ①②, a goal's
 * guidelines), a row keeps its key and the contents move; elsewhere the two rows exchange their positions.
 */
export function tableOrder(def: TableDef): TableOrder | undefined {
  if (!def.columns.some((c) => c.key === 'position')) return undefined;
  if (def.key.includes('position')) {
    return {
      group: def.key.filter((k) => k !== 'position'),
      swapped: def.columns.map((c) => c.key).filter((k) => !def.key.includes(k)),
    };
  }
  return { group: ORDER_PARENTS[def.name] ?? [], swapped: ['position'] };
}

const sameKey = (def: TableDef, a: Row, b: Row) => def.key.every((k) => (a[k] ?? null) === (b[k] ?? null));

/** The rows of the row's group in order: by position, ties in stored order. */
function groupOf(rows: readonly VersionedRow[], order: TableOrder, row: Row): VersionedRow[] {
  const inGroup = rows.filter((r) => order.group.every((g) => (r.row[g] ?? null) === (row[g] ?? null)));
  return inGroup
    .map((r, i) => ({ r, i }))
    .sort((a, b) => Number(a.r.row.position) - Number(b.r.row.position) || a.i - b.i)
    .map(({ r }) => r);
}

/**
 * Moves a row one place up or down within its group (a measure within its goal). Refusals: `forbidden` for anyone
 * but an admin; `not_found` for a table without order or an unknown row; `conflict` at either end of the group;
 * `invalid` when the plan would break. A stale version throws VersionConflictError.
 */
export async function movePlanRow(
  ws: Workspace,
  actor: Actor,
  move: { table: TableDef; key: Row; direction: 'up' | 'down'; expectedVersion: number },
): Promise<void> {
  requireAdmin(actor, '計画の編集');
  const { table } = move;
  const order = tableOrder(table);
  if (order === undefined) throw new Refusal('not_found', `${table.title}には順序がありません。`);
  const rows = await listVersionedRows(ws.db, ws.planId, table);
  const current = rows.find((r) => sameKey(table, r.row, move.key));
  if (current === undefined || current.version !== move.expectedVersion) {
    throw new VersionConflictError(
      table.title,
      JSON.stringify(move.key),
      move.expectedVersion,
      current?.version,
    );
  }
  const group = groupOf(rows, order, current.row);
  const at = group.indexOf(current);
  const neighbour = group[move.direction === 'up' ? at - 1 : at + 1];
  if (neighbour === undefined) {
    throw new Refusal(
      'conflict',
      move.direction === 'up'
        ? 'この行は先頭のため、上へ移動できません。'
        : 'この行は末尾のため、下へ移動できません。',
    );
  }
  if (order.swapped.includes('position') && neighbour.row.position === current.row.position) {
    throw new Refusal(
      'conflict',
      '隣の行と順序の値が同じため、入れ替えられません。行を編集して順序の値を変えてください。',
    );
  }
  await checkedByCore(() =>
    swapPlanRows(ws.db, ws.planId, table, current, neighbour, order.swapped, actor.login, actor.requestId),
  );
  logSaved(ws, actor, 'plan_row_moved', table, { direction: move.direction });
}
