// The admin's plan editor: goals, guidelines, measures, KPIs, KPI values (baselines and targets), departments and
// project totals, one row at a time. Every save is checked by the core in the same transaction: a change that
// would break the plan (an unknown department, a target that is not a number, …) is refused with the reason.
import { type Context, Hono } from 'hono';
import { editPlanRow, VersionConflictError } from '../../app/plan-rows.ts';
import { Refusal } from '../../app/workspace.ts';
import { findVersionedRow, listVersionedRows } from '../../db/repositories/plan-row.repository.ts';
import {
  type Cell,
  type ColumnDef,
  type Row,
  type TableDef,
  tableDef,
} from '../../domain/tables/definitions.ts';
import { columnLabel, tableTitle } from '../../domain/tables/labels.ts';
import { planNames } from '../../domain/tables/row-labels.ts';
import { readCell } from '../../io/csv/table-cells.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { actorOf, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { keyLabel, keyParam, RowForm, shownCell } from '../views/admin/plan-row-form.tsx';

type Ctx = Context<AppEnv>;

/** The tables an admin edits here, in the order of the plan. */
export const EDITABLE_PLAN_TABLES = [
  'goals',
  'guidelines',
  'departments',
  'measures',
  'kpis',
  'kpi_values',
  'project_totals',
] as const;

type EditableTable = (typeof EDITABLE_PLAN_TABLES)[number];

const isEditable = (name: string): name is EditableTable =>
  (EDITABLE_PLAN_TABLES as readonly string[]).includes(name);

function tableOf(c: Ctx): TableDef {
  const name = c.req.param('table') ?? '';
  if (!isEditable(name)) throw new AppError('not_found', `表「${name}」は編集できません。`);
  return tableDef(name);
}

const cellText = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? ''
    : typeof cell === 'boolean'
      ? cell
        ? 'はい'
        : 'いいえ'
      : String(cell);

function keyFromQuery(c: Ctx, def: TableDef): Record<string, Cell> {
  const raw = c.req.query('key') ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', '行の指定（key）を読み取れません。');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new AppError('bad_request', '行の指定（key）が不正です。');
  const key: Record<string, Cell> = {};
  for (const k of def.key) {
    const value = (parsed as Record<string, unknown>)[k];
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
      throw new AppError('bad_request', `行の指定（key）の「${columnLabel(def.name, k)}」が不正です。`);
    key[k] = (value ?? null) as Cell;
  }
  return key;
}

/**
 * A problem found by the core: a table cell (`kpi_values[3].value`) named by its table, row and header; a path into
 * the dataset is left out (the message names the measure, KPI or year itself).
 */
export function issueText(issue: { path: string; message: string }): string {
  const cell = /^([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?$/.exec(issue.path);
  if (cell === null) return issue.message;
  const [, table = '', row = '0', column] = cell;
  const where = `${tableTitle(table)}の${Number(row) + 1}行目${column === undefined ? '' : `・${columnLabel(table, column)}`}`;
  return `${where}: ${issue.message}`;
}

const summaryColumn = (def: TableDef): ColumnDef | undefined =>
  def.columns.find((c) => ['title', 'name', 'text', 'division', 'value', 'count'].includes(c.key));

const formValues = (def: TableDef, row: Row): Record<string, string> =>
  Object.fromEntries(
    def.columns.map((c) => [c.key, c.type === 'boolean' ? String(row[c.key] ?? '') : cellText(row[c.key])]),
  );

export const adminPlanRoutes = new Hono<AppEnv>()
  .get('/', (c) =>
    staffPage(
      c,
      '計画の編集',
      <>
        <h1>計画の編集</h1>
        <p>
          目標・行動指針・施策・KPI・目標値などを1行ずつ編集します。保存のたびに計画全体を検査し、矛盾する変更は保存しません。
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
  .get('/:table', async (c) => {
    const staff = staffOf(c);
    const def = tableOf(c);
    const rows = await listVersionedRows(staff.db, staff.planId, def);
    const summary = summaryColumn(def);
    const names = planNames(c.var.site.plan);
    return staffPage(
      c,
      `${def.title}の編集`,
      <>
        <p>
          <a href="/admin/plan">計画の編集へ戻る</a>
        </p>
        <h1>{def.title}</h1>
        {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
        <div class="table-scroll" role="region" aria-label="計画の表" tabindex={0}>
          <table class="data-table">
            <caption>
              {def.title}（{rows.length}行）
            </caption>
            <thead>
              <tr>
                <th scope="col">行</th>
                {summary !== undefined && <th scope="col">{summary.header}</th>}
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ row }) => (
                <tr>
                  <th scope="row">{keyLabel(def, row, names)}</th>
                  {summary !== undefined && <td>{shownCell(def, summary.key, row, names)}</td>}
                  <td>
                    <a href={`/admin/plan/${def.name}/row?key=${keyParam(def, row)}`}>
                      編集<span class="visually-hidden">（{keyLabel(def, row, names)}）</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  })
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
    const values: Record<string, string> = {};
    const errors: Record<string, string> = {};
    const next: Record<string, Cell> = { ...found.row };
    for (const column of def.columns) {
      if (def.key.includes(column.key)) continue;
      const raw = typeof body[column.key] === 'string' ? (body[column.key] as string) : '';
      values[column.key] = raw;
      const read = readCell(raw.replace(/\r\n?/g, '\n'), column, false);
      if (read.ok) next[column.key] = read.value;
      else errors[column.key] = `＊${read.error}`;
    }
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
  });
