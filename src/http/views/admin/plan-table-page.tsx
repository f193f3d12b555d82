// A plan table in the editor: its rows in order with 編集, 上へ/下へ (tables with a 順序) and 削除, the outcome of
// the last action (role="status" / role="alert"), and a form to add a row with the table's own fields and hints.
import type { ColumnDef, Row, TableDef } from '../../../domain/tables/definitions.ts';
import { namedColumnLabel, type PlanNames } from '../../../domain/tables/labels.ts';
import { CsrfField, FieldError } from './admin-layout.tsx';
import { Input, keyLabel, keyParam, shownCell } from './plan-row-form.tsx';

/** A row of the list: its version, and whether it can move up or down within its group. */
export interface ListedRow {
  readonly row: Row;
  readonly version: number;
  readonly up: boolean;
  readonly down: boolean;
}

/** What the page says above the list: a success, or a refusal with its reasons. */
export type PlanNotice =
  | { readonly kind: 'status'; readonly text: string }
  | { readonly kind: 'alert'; readonly text: string; readonly details?: readonly string[] };

/** The add form's state: the texts typed, a message per field, the core's problems. */
export interface AddFormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

const REFERENCES: Readonly<Record<string, string>> = {
  goal: '目標',
  parent: '目標',
  department: '所属',
  measure: '施策',
  kpi: 'KPI',
};

/** How to type a column, in the words of the file formats' rules (io/csv/table-cells.ts). */
function hintOf(def: TableDef, column: ColumnDef): string | undefined {
  const parts: string[] = [];
  const referenced = column.type === 'code' ? REFERENCES[column.key] : undefined;
  if (referenced !== undefined && !(def.name === 'goals' && column.key === 'code'))
    parts.push(`${referenced}の表にあるコード`);
  else if (column.type === 'code') parts.push('半角の英小文字・数字・ハイフン（例: k-01）');
  if (column.type === 'integer')
    parts.push(column.key === 'position' ? '整数（小さい順に並びます）' : '整数');
  if (column.type === 'decimal') parts.push('数値（例: 12.5、1,527）');
  if (column.type === 'fiscal-year') parts.push('年度（例: 2024、R6、令和6年度）');
  if (column.type === 'time-point') parts.push('時点（例: 2019年度、2021-03、R3.3）');
  if (def.key.includes(column.key)) parts.push('行を特定する項目：追加した後は変更できません');
  return parts.length === 0 ? undefined : `${parts.join('。')}。`;
}

function Notice({ notice }: { notice: PlanNotice | undefined }) {
  if (notice === undefined) return null;
  if (notice.kind === 'status')
    return (
      <p class="success" role="status">
        {notice.text}
      </p>
    );
  return (
    <div class="error-summary" role="alert">
      <p>{notice.text}</p>
      {notice.details !== undefined && notice.details.length > 0 && (
        <ul>
          {notice.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RowActions(props: {
  def: TableDef;
  listed: ListedRow;
  label: string;
  ordered: boolean;
  csrf: string;
}) {
  const { def, listed, label } = props;
  const key = keyParam(def, listed.row);
  const named = <span class="visually-hidden">（{label}）</span>;
  return (
    <div class="form-actions">
      <a href={`/admin/plan/${def.name}/row?key=${key}`}>編集{named}</a>
      {props.ordered && (listed.up || listed.down) && (
        <form method="post" action={`/admin/plan/${def.name}/move?key=${key}`} class="form-actions">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="_version" value={String(listed.version)} />
          {listed.up && (
            <button type="submit" name="direction" value="up" class="button button--secondary">
              上へ{named}
            </button>
          )}
          {listed.down && (
            <button type="submit" name="direction" value="down" class="button button--secondary">
              下へ{named}
            </button>
          )}
        </form>
      )}
      <a href={`/admin/plan/${def.name}/delete?key=${key}`}>削除{named}</a>
    </div>
  );
}

/** Fields of another table that the new row needs in the same form (a measure's first KPI), under a legend. */
export interface Companion {
  readonly legend: string;
  readonly hint: string;
  readonly def: TableDef;
  readonly columns: readonly ColumnDef[];
  /** the fields' names are the columns' keys after this (`kpi.`) */
  readonly prefix: string;
}

function Field(props: { def: TableDef; column: ColumnDef; state: AddFormState; prefix?: string }) {
  const { def, column, state } = props;
  const name = `${props.prefix ?? ''}${column.key}`;
  const hint = hintOf(def, column);
  const hintId = hint === undefined ? undefined : `f-${name}-hint`;
  return (
    <div class="field">
      <label for={`f-${name}`}>
        {column.header}
        {column.required === true && '（必須）'}
      </label>
      {hint !== undefined && (
        <span class="field__hint" id={hintId}>
          {hint}
        </span>
      )}
      <Input
        table={def.name}
        column={column}
        value={state.values[name] ?? ''}
        error={state.errors[name]}
        {...(hintId === undefined ? {} : { hintId })}
        {...(props.prefix === undefined ? {} : { prefix: props.prefix })}
      />
      <FieldError id={`f-${name}-error`} message={state.errors[name]} />
    </div>
  );
}

function AddForm(props: {
  def: TableDef;
  state: AddFormState;
  companions: readonly Companion[];
  csrf: string;
}) {
  const { def, state } = props;
  return (
    <form method="post" action={`/admin/plan/${def.name}/new`} class="form-stack">
      <CsrfField token={props.csrf} />
      {def.columns.map((column) => (
        <Field def={def} column={column} state={state} />
      ))}
      {props.companions.map((companion) => (
        <fieldset class="form-stack">
          <legend>{companion.legend}</legend>
          <p class="field__hint">{companion.hint}</p>
          {companion.columns.map((column) => (
            <Field def={companion.def} column={column} state={state} prefix={companion.prefix} />
          ))}
        </fieldset>
      ))}
      <div class="form-actions">
        <button type="submit" class="button">
          行を追加する
        </button>
      </div>
    </form>
  );
}

/** The column shown beside each row's key, the first of these the table has. */
const SUMMARY_COLUMNS = ['title', 'name', 'text', 'division', 'value', 'count', 'kpi', 'goal'] as const;

export function PlanTablePage(props: {
  def: TableDef;
  rows: readonly ListedRow[];
  names: PlanNames;
  ordered: boolean;
  /** the columns (besides the key) whose rows are ordered together: a measure's goal, a goal's parent */
  groupColumns: readonly string[];
  notice?: PlanNotice | undefined;
  add: AddFormState;
  companions: readonly Companion[];
  csrf: string;
}) {
  const { def, rows, names } = props;
  const summary = SUMMARY_COLUMNS.map((k) => def.columns.find((c) => c.key === k)).find(
    (c) => c !== undefined,
  );
  return (
    <>
      <p>
        <a href="/admin/plan">計画の編集へ戻る</a>
      </p>
      <h1>{def.title}</h1>
      <p>{def.description}</p>
      <Notice notice={props.notice} />
      {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
      <div class="table-scroll" role="region" aria-label="計画の表" tabindex={0}>
        <table class="data-table">
          <caption>
            {def.title}（{rows.length}行{props.ordered ? '、順序どおり' : ''}）
          </caption>
          <thead>
            <tr>
              <th scope="col">行</th>
              {props.groupColumns.map((g) => (
                <th scope="col">{namedColumnLabel(def.name, g)}</th>
              ))}
              {summary !== undefined && <th scope="col">{summary.header}</th>}
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((listed) => {
              const label = keyLabel(def, listed.row, names);
              return (
                <tr>
                  <th scope="row">{label}</th>
                  {props.groupColumns.map((g) => (
                    <td>{shownCell(def, g, listed.row, names)}</td>
                  ))}
                  {summary !== undefined && <td>{shownCell(def, summary.key, listed.row, names)}</td>}
                  <td>
                    <RowActions
                      def={def}
                      listed={listed}
                      label={label}
                      ordered={props.ordered}
                      csrf={props.csrf}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2 id="add">行を追加</h2>
      <p>
        {def.title}
        に1行を追加します。保存の前に計画全体を検査し、矛盾する行（ない目標や所属を指す行など）は追加しません。
      </p>
      <AddForm def={def} state={props.add} companions={props.companions} csrf={props.csrf} />
    </>
  );
}
