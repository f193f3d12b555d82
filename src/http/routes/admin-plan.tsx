// The admin's plan editor: goals, guidelines, departments, measures, KPIs, KPI values (baselines and targets),
// project totals and rules. A new government builds its plan here row by row (add, order, delete:
// admin-plan-build.tsx) and edits one row at a time. Every save is checked by the core in the same transaction: a
// change that would break the plan (an unknown department, a target that is not a number, …) is refused with the
// reason.
import { Hono } from 'hono';
import { editPlanRow, VersionConflictError } from '../../app/plan-rows.ts';
import { Refusal } from '../../app/workspace.ts';
import { findVersionedRow } from '../../db/repositories/plan-row.repository.ts';
import { tableDef } from '../../domain/tables/definitions.ts';
import { planNames } from '../../domain/tables/row-labels.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { actorOf, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { RowForm } from '../views/admin/plan-row-form.tsx';
import { adminPlanBuildRoutes, renderTablePage } from './admin-plan-build.tsx';
import {
  EDITABLE_PLAN_TABLES,
  formValues,
  issueText,
  keyFromQuery,
  readForm,
  tableOf,
} from './admin-plan-input.ts';

export { EDITABLE_PLAN_TABLES, issueText };

export const adminPlanRoutes = new Hono<AppEnv>()
  .get('/', (c) =>
    staffPage(
      c,
      '計画の編集',
      <>
        <h1>計画の編集</h1>
        <p>
          目標・行動指針・所属・施策・KPI・目標値・評価ルールなどを1行ずつ追加・編集・削除します。保存のたびに計画全体を検査し、矛盾する変更は保存しません。
        </p>
        <ul>
          {EDITABLE_PLAN_TABLES.map((name) => {
            const def = tableDef(name);
            return (
              <li>
                <a href={`/admin/plan/${name}`}>{def.title}</a>: {def.description}
              </li>
            );
          })}
          <li>
            <a href="/admin/plan/import">計画の取込</a>:
            計画全体をExcelブックから取り込みます（入力用ひな形もここにあります）。
          </li>
        </ul>
      </>,
    ),
  )
  .get('/:table', (c) => renderTablePage(c, tableOf(c)))
  .get('/:table/row', async (c) => {
    const staff = staffOf(c);
    const def = tableOf(c);
    const found = await findVersionedRow(staff.db, staff.planId, def, keyFromQuery(c, def));
    if (found === undefined) throw new AppError('not_found', `${def.title}に指定の行はありません。`);
    return staffPage(
      c,
      `${def.title}の編集`,
      <RowForm
        def={def}
        names={planNames(c.var.site.plan)}
        row={found.row}
        values={formValues(def, found.row)}
        version={found.version}
        errors={{}}
        csrf={signedInOf(c).session.csrfToken}
      />,
    );
  })
  .post('/:table/row', async (c) => {
    const staff = staffOf(c);
    const signedIn = signedInOf(c);
    const def = tableOf(c);
    const found = await findVersionedRow(staff.db, staff.planId, def, keyFromQuery(c, def));
    if (found === undefined) throw new AppError('not_found', `${def.title}に指定の行はありません。`);
    const body = await c.req.parseBody();
    const form = readForm(
      body,
      def,
      def.columns.map((col) => col.key).filter((k) => !def.key.includes(k)),
    );
    const { values, errors } = form;
    const next = { ...found.row, ...form.cells };
    const version = Number(typeof body._version === 'string' ? body._version : Number.NaN);
    const csrf = signedIn.session.csrfToken;
    const render = (
      status: number,
      extra: { issues?: string[]; conflict?: boolean; version?: number } = {},
    ) =>
      staffPage(
        c,
        `${def.title}の編集`,
        <RowForm
          def={def}
          names={planNames(c.var.site.plan)}
          row={found.row}
          values={values}
          version={extra.version ?? version}
          errors={errors}
          {...(extra.issues ? { issues: extra.issues } : {})}
          {...(extra.conflict ? { conflict: true } : {})}
          csrf={csrf}
        />,
        status,
      );
    if (Object.keys(errors).length > 0) return render(400);
    if (!Number.isInteger(version)) throw new AppError('bad_request', '版（_version）が指定されていません。');
    try {
      const changed = await editPlanRow(staff, actorOf(c), {
        table: def,
        row: next,
        expectedVersion: version,
      });
      if (changed.length > 0) c.var.source.invalidate();
    } catch (e) {
      if (e instanceof Refusal && e.kind === 'invalid')
        return render(400, { issues: e.details.map(issueText) });
      if (e instanceof VersionConflictError) {
        const latest = await findVersionedRow(staff.db, staff.planId, def, found.row);
        if (latest !== undefined) Object.assign(values, formValues(def, latest.row));
        return render(409, { conflict: true, version: latest?.version ?? version });
      }
      throw e;
    }
    return c.redirect(`/admin/plan/${def.name}?saved=1`, 303);
  })
  .route('/', adminPlanBuildRoutes);
