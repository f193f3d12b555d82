// The admin's plan editor: goals, guidelines, measures, KPIs, KPI values (baselines and targets), departments and
// project totals, one row at a time. Every save is checked by the core in the same transaction: a change that
// would break the plan (an unknown department, a target that is not a number, …) is refused with the reason.
import { type Context, Hono } from 'hono';
import { VersionConflictError } from '../../db/repositories/kpi-value.repository.ts';
import {
  findVersionedRow,
  listVersionedRows,
  PlanRuleError,
  updatePlanRow,
} from '../../db/repositories/plan-row.repository.ts';
import {
  type Cell,
  type ColumnDef,
  type Row,
  type TableDef,
  tableDef,
} from '../../domain/tables/definitions.ts';
import {
  columnLabel,
  namedColumnLabel,
  type PlanNames,
  tableTitle,
  valueLabel,
} from '../../domain/tables/labels.ts';
import { describeKey, planNames } from '../../domain/tables/row-labels.ts';
import { readCell } from '../../io/csv/table-cells.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { CsrfField, FieldError } from '../views/admin/admin-layout.tsx';

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

const keyParam = (def: TableDef, row: Row): string =>
  encodeURIComponent(JSON.stringify(Object.fromEntries(def.key.map((k) => [k, row[k] ?? null]))));

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

/** How a row is named in lists and headings: 「KPI オープンデータみやぎ公開数・基準値」, names instead of ids. */
const keyLabel = (def: TableDef, row: Row, names: PlanNames): string =>
  describeKey(def.name, Object.fromEntries(def.key.map((k) => [k, row[k] ?? null])), names);

/** A cell as staff read it (labels.ts): はい/いいえ, 和暦, Japanese for stored English words, names for codes. */
const shownCell = (def: TableDef, column: string, row: Row, names: PlanNames): string =>
  valueLabel(def.name, column, row[column] ?? null, names);

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

function Input({
  table,
  column,
  value,
  error,
}: {
  table: string;
  column: ColumnDef;
  value: string;
  error: string | undefined;
}) {
  const id = `f-${column.key}`;
  const described = error === undefined ? undefined : `${id}-error`;
  const invalid = error === undefined ? undefined : 'true';
  if (column.type === 'boolean') {
    return (
      <select id={id} name={column.key} aria-invalid={invalid} aria-describedby={described}>
        {!column.required && <option value="">（なし）</option>}
        <option value="true" selected={value === 'はい' || value === 'true'}>
          はい
        </option>
        <option value="false" selected={value === 'いいえ' || value === 'false'}>
          いいえ
        </option>
      </select>
    );
  }
  if (column.values !== undefined) {
    return (
      <select id={id} name={column.key} aria-invalid={invalid} aria-describedby={described}>
        {!column.required && <option value="">（なし）</option>}
        {column.values.map((v) => (
          <option value={v} selected={v === value}>
            {valueLabel(table, column.key, v)}
          </option>
        ))}
      </select>
    );
  }
  if (column.type === 'text' && value.length > 40) {
    return (
      <textarea id={id} name={column.key} rows={4} aria-invalid={invalid} aria-describedby={described}>
        {value}
      </textarea>
    );
  }
  return (
    <input
      type="text"
      id={id}
      name={column.key}
      value={value}
      aria-invalid={invalid}
      aria-describedby={described}
    />
  );
}

function RowForm(props: {
  def: TableDef;
  names: PlanNames;
  row: Row;
  values: Readonly<Record<string, string>>;
  version: number;
  errors: Readonly<Record<string, string>>;
  issues?: readonly string[];
  conflict?: boolean;
  csrf: string;
}) {
  const { def, row, values, errors, names } = props;
  const action = `/admin/plan/${def.name}/row?key=${keyParam(def, row)}`;
  return (
    <>
      <p>
        <a href={`/admin/plan/${def.name}`}>{def.title}の一覧へ戻る</a>
      </p>
      <h1>
        {def.title}の編集: {keyLabel(def, row, names)}
      </h1>
      {props.conflict === true && (
        <div class="error-summary" role="alert">
          <p>この行はほかの人が先に変更しました。下のフォームは最新の内容です。もう一度変更してください。</p>
        </div>
      )}
      {props.issues !== undefined && props.issues.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>この変更では計画が成り立たないため、保存していません</h2>
          <ul>
            {props.issues.map((i) => (
              <li>{i}</li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action={action} class="form-stack">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="_version" value={String(props.version)} />
        {def.columns.map((column) =>
          def.key.includes(column.key) ? (
            <div class="field">
              <p>
                <strong>{namedColumnLabel(def.name, column.key)}</strong>:{' '}
                {shownCell(def, column.key, row, names)}
                <span class="field__hint">
                  （行を特定する項目のため、ここでは変更できません。変更はファイルの取り込みで行います。）
                </span>
              </p>
            </div>
          ) : (
            <div class="field">
              <label for={`f-${column.key}`}>
                {column.header}
                {column.required === true && '（必須）'}
              </label>
              <Input
                table={def.name}
                column={column}
                value={values[column.key] ?? ''}
                error={errors[column.key]}
              />
              <FieldError id={`f-${column.key}-error`} message={errors[column.key]} />
            </div>
          ),
        )}
        <div class="form-actions">
          <button type="submit" class="button">
            保存する
          </button>
        </div>
      </form>
    </>
  );
}

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
    const staff = c.var.staff;
    const signedIn = c.var.signedIn;
    if (staff === undefined || signedIn === undefined)
      throw new Error('invariant: staff route without a session');
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
      const changed = await updatePlanRow(
        staff.db,
        staff.planId,
        def,
        next,
        version,
        signedIn.user.login,
        c.var.requestId,
      );
      if (changed.length > 0) c.var.source.invalidate();
      staff.logger.info(
        {
          event: 'plan_row_saved',
          table: def.name,
          changed,
          login: signedIn.user.login,
          requestId: c.var.requestId,
        },
        'plan row saved',
      );
    } catch (e) {
      if (e instanceof PlanRuleError) return render(400, { issues: e.issues.map(issueText) });
      if (e instanceof VersionConflictError) {
        const latest = await findVersionedRow(staff.db, staff.planId, def, found.row);
        if (latest !== undefined) Object.assign(values, formValues(def, latest.row));
        return render(409, { conflict: true, version: latest?.version ?? version });
      }
      throw e;
    }
    return c.redirect(`/admin/plan/${def.name}?saved=1`, 303);
  });
