// Building the plan in the editor: a table's page (its rows in order, the add form), adding a row, deleting one
// after a confirmation page, moving one up or down within its group. Every change is a use case of app/plan-rows.ts:
// admin only, one transaction, the whole plan checked by the core, history of every change.
import { type Context, Hono } from 'hono';
import {
  addPlanRow,
  deletePlanRow,
  movePlanRow,
  planDeletion,
  tableOrder,
  VersionConflictError,
} from '../../app/plan-rows.ts';
import { Refusal } from '../../app/workspace.ts';
import {
  findVersionedRow,
  listVersionedRows,
  type VersionedRow,
} from '../../db/repositories/plan-row.repository.ts';
import type { TableDef } from '../../domain/tables/definitions.ts';
import { planNames } from '../../domain/tables/row-labels.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { actorOf, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { PlanRowDeletePage } from '../views/admin/plan-row-delete.tsx';
import { keyLabel } from '../views/admin/plan-row-form.tsx';
import {
  type AddFormState,
  type ListedRow,
  type PlanNotice,
  PlanTablePage,
} from '../views/admin/plan-table-page.tsx';
import { companionsOf, readCompanions } from './admin-plan-companions.ts';
import { issueText, keyFromQuery, readForm, tableOf, versionOf } from './admin-plan-input.ts';

type Ctx = Context<AppEnv>;

/** The rows in the order staff read them: a table with a 順序 by group (first seen first), then by position. */
function listed(def: TableDef, rows: readonly VersionedRow[]): ListedRow[] {
  const order = tableOrder(def);
  if (order === undefined) return rows.map((r) => ({ ...r, up: false, down: false }));
  const groups = new Map<string, VersionedRow[]>();
  for (const r of rows) {
    const group = JSON.stringify(order.group.map((g) => r.row[g] ?? null));
    groups.set(group, [...(groups.get(group) ?? []), r]);
  }
  return [...groups.values()].flatMap((members) =>
    members
      .map((r, i) => ({ r, i }))
      .sort((a, b) => Number(a.r.row.position) - Number(b.r.row.position) || a.i - b.i)
      .map(({ r }, i, all) => ({ ...r, up: i > 0, down: i < all.length - 1 })),
  );
}

const STATUS_TEXTS: Readonly<Record<string, string>> = {
  saved: '保存しました。',
  added: '行を追加しました。',
  deleted: '行を削除しました。',
  moved: '行を移動しました。',
};

/** The table's page, with the outcome of the last action and the add form (empty, or as it was posted). */
export async function renderTablePage(
  c: Ctx,
  def: TableDef,
  options: { notice?: PlanNotice; add?: AddFormState; status?: number } = {},
) {
  const staff = staffOf(c);
  const rows = await listVersionedRows(staff.db, staff.planId, def);
  const done = Object.keys(STATUS_TEXTS).find((k) => c.req.query(k) === '1');
  const notice =
    options.notice ??
    (done === undefined ? undefined : { kind: 'status' as const, text: STATUS_TEXTS[done] ?? '' });
  return staffPage(
    c,
    `${def.title}の編集`,
    <PlanTablePage
      def={def}
      rows={listed(def, rows)}
      names={planNames(c.var.site.plan)}
      ordered={tableOrder(def) !== undefined}
      groupColumns={(tableOrder(def)?.group ?? []).filter((g) => !def.key.includes(g))}
      notice={notice}
      add={options.add ?? { values: {}, errors: {} }}
      companions={companionsOf(def)}
      csrf={signedInOf(c).session.csrfToken}
    />,
    options.status ?? 200,
  );
}

const refused = (e: Refusal): PlanNotice => ({
  kind: 'alert',
  text: e.message,
  details: e.details.map(issueText),
});

const REFUSAL_STATUS = { forbidden: 403, not_found: 404, conflict: 409, invalid: 400 } as const;

const STALE: PlanNotice = {
  kind: 'alert',
  text: 'この行はほかの人が先に変更しました。下の一覧は最新の内容です。もう一度操作してください。',
};

/** The confirmation page of a deletion as planned now: what goes with the row, what stops it. */
async function deletePage(
  c: Ctx,
  def: TableDef,
  outcome: { reasons?: string[]; status?: number; conflict?: boolean } = {},
) {
  const planned = await planDeletion(staffOf(c), def, keyFromQuery(c, def));
  if (planned === undefined) throw new AppError('not_found', `${def.title}に指定の行はありません。`);
  const names = planNames(c.var.site.plan);
  return staffPage(
    c,
    `${def.title}の行を削除`,
    <PlanRowDeletePage
      def={def}
      names={names}
      row={planned.row}
      version={planned.version}
      reasons={outcome.reasons ?? [...planned.blocked]}
      along={planned.rows.slice(1).map((r) => `${r.def.title}: ${keyLabel(r.def, r.row, names)}`)}
      conflict={outcome.conflict === true}
      csrf={signedInOf(c).session.csrfToken}
    />,
    outcome.status ?? 200,
  );
}

async function rowOf(c: Ctx, def: TableDef): Promise<VersionedRow> {
  const staff = staffOf(c);
  const found = await findVersionedRow(staff.db, staff.planId, def, keyFromQuery(c, def));
  if (found === undefined) throw new AppError('not_found', `${def.title}に指定の行はありません。`);
  return found;
}

export const adminPlanBuildRoutes = new Hono<AppEnv>()
  .post('/:table/new', async (c) => {
    const def = tableOf(c);
    const body = await c.req.parseBody();
    const form = readForm(
      body,
      def,
      def.columns.map((col) => col.key),
    );
    const companions = await readCompanions(staffOf(c), def, body, form.cells);
    const add = {
      values: { ...form.values, ...companions.values },
      errors: { ...form.errors, ...companions.errors },
    };
    if (Object.keys(add.errors).length > 0) {
      const notice: PlanNotice = {
        kind: 'alert',
        text: '入力に誤りがあるため、行を追加していません。各欄の説明を確かめてください。',
      };
      return renderTablePage(c, def, { notice, add, status: 400 });
    }
    try {
      await addPlanRow(staffOf(c), actorOf(c), { table: def, row: form.cells, with: companions.rows });
    } catch (e) {
      if (e instanceof Refusal && (e.kind === 'invalid' || e.kind === 'conflict'))
        return renderTablePage(c, def, { notice: refused(e), add, status: e.kind === 'invalid' ? 400 : 409 });
      throw e;
    }
    c.var.source.invalidate();
    return c.redirect(`/admin/plan/${def.name}?added=1`, 303);
  })
  .get('/:table/delete', (c) => deletePage(c, tableOf(c)))
  .post('/:table/delete', async (c) => {
    const def = tableOf(c);
    const found = await rowOf(c, def);
    const version = versionOf(await c.req.parseBody());
    try {
      await deletePlanRow(staffOf(c), actorOf(c), { table: def, key: found.row, expectedVersion: version });
    } catch (e) {
      if (e instanceof Refusal && (e.kind === 'invalid' || e.kind === 'conflict'))
        return deletePage(c, def, { reasons: e.details.map(issueText), status: REFUSAL_STATUS[e.kind] });
      if (e instanceof VersionConflictError)
        return deletePage(c, def, { reasons: [], status: 409, conflict: true });
      throw e;
    }
    c.var.source.invalidate();
    return c.redirect(`/admin/plan/${def.name}?deleted=1`, 303);
  })
  .post('/:table/move', async (c) => {
    const def = tableOf(c);
    const found = await rowOf(c, def);
    const body = await c.req.parseBody();
    const direction = body.direction;
    if (direction !== 'up' && direction !== 'down')
      throw new AppError('bad_request', '移動の向き（direction）は up か down です。');
    try {
      await movePlanRow(staffOf(c), actorOf(c), {
        table: def,
        key: found.row,
        direction,
        expectedVersion: versionOf(body),
      });
    } catch (e) {
      if (e instanceof Refusal && e.kind !== 'forbidden')
        return renderTablePage(c, def, { notice: refused(e), status: REFUSAL_STATUS[e.kind] });
      if (e instanceof VersionConflictError) return renderTablePage(c, def, { notice: STALE, status: 409 });
      throw e;
    }
    c.var.source.invalidate();
    return c.redirect(`/admin/plan/${def.name}?moved=1`, 303);
  });
