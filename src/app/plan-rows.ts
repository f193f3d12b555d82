// Edit one row of the plan (a goal, measure, KPI, baseline or target, department, project total): the admin's plan
// editor. One transaction: the row only if it is still at the version the form was built from, the whole plan
// re-validated by the core before commit, history of every changed column.
import { VersionConflictError } from '../db/repositories/kpi-value.repository.ts';
import { PlanRuleError, updatePlanRow } from '../db/repositories/plan-row.repository.ts';
import type { Actor } from '../domain/staff/actor.ts';
import type { Row, TableDef } from '../domain/tables/definitions.ts';
import { Refusal, requireAdmin, type Workspace } from './workspace.ts';

export { VersionConflictError };

export interface EditPlanRow {
  readonly table: TableDef;
  /** The whole row as it should be (key columns included: they address the row and are never changed). */
  readonly row: Row;
  /** The row version the person edited. */
  readonly expectedVersion: number;
}

/**
 * Saves the row and returns the columns that changed (none: nothing written). Refusals: `forbidden` for anyone but
 * an admin; `invalid` when the plan would break, each problem in `details` (path `table[row].column`, message). A row
 * changed since it was read throws the repository's VersionConflictError: the editor shows the latest row.
 */
export async function editPlanRow(ws: Workspace, actor: Actor, edit: EditPlanRow): Promise<string[]> {
  requireAdmin(actor, '計画の編集');
  try {
    const changed = await updatePlanRow(
      ws.db,
      ws.planId,
      edit.table,
      edit.row,
      edit.expectedVersion,
      actor.login,
      actor.requestId,
    );
    ws.logger.info(
      {
        event: 'plan_row_saved',
        table: edit.table.name,
        changed,
        login: actor.login,
        requestId: actor.requestId,
      },
      'plan row saved',
    );
    return changed;
  } catch (e) {
    if (e instanceof PlanRuleError) {
      throw new Refusal('invalid', 'この変更では計画の整合性が保てません。', e.issues);
    }
    throw e;
  }
}
