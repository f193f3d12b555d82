// The plan editor's row form: every column of one row, the key columns shown by name and not editable, choices
// in Japanese (labels.ts), the core's refusals and a concurrent change above the form.
import type { ColumnDef, Row, TableDef } from '../../../domain/tables/definitions.ts';
import { namedColumnLabel, type PlanNames, valueLabel } from '../../../domain/tables/labels.ts';
import { describeKey } from '../../../domain/tables/row-labels.ts';
import { CsrfField, FieldError } from './admin-layout.tsx';

/** The row's key as the `key` query parameter of its links. */
export const keyParam = (def: TableDef, row: Row): string =>
  encodeURIComponent(JSON.stringify(Object.fromEntries(def.key.map((k) => [k, row[k] ?? null]))));

/** How a row is named in lists and headings: 「KPI オープンデータみやぎ公開数・基準値」, names instead of ids. */
export const keyLabel = (def: TableDef, row: Row, names: PlanNames): string =>
  describeKey(def.name, Object.fromEntries(def.key.map((k) => [k, row[k] ?? null])), names);

/** A cell as staff read it (labels.ts): はい/いいえ, 和暦, Japanese for stored English words, names for codes. */
export const shownCell = (def: TableDef, column: string, row: Row, names: PlanNames): string =>
  valueLabel(def.name, column, row[column] ?? null, names);

/** The field of one column: a choice for booleans and enumerations, a text area for long text, else a text box. */
export function Input({
  table,
  column,
  value,
  error,
  hintId,
  prefix,
}: {
  table: string;
  column: ColumnDef;
  value: string;
  error: string | undefined;
  /** the id of a hint below the label, read out with the field */
  hintId?: string;
  /** the field's name before the column's key, for a second table's fields in one form (`kpi.`) */
  prefix?: string;
}) {
  const name = `${prefix ?? ''}${column.key}`;
  const id = `f-${name}`;
  const describedBy = [hintId, error === undefined ? undefined : `${id}-error`].filter(
    (d) => d !== undefined,
  );
  const described = describedBy.length === 0 ? undefined : describedBy.join(' ');
  const invalid = error === undefined ? undefined : 'true';
  // A new row has no value yet: a required choice starts unselected rather than at its first option.
  const unset = column.required === true && value === '' && <option value="">（選んでください）</option>;
  if (column.type === 'boolean') {
    return (
      <select id={id} name={name} aria-invalid={invalid} aria-describedby={described}>
        {unset}
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
      <select id={id} name={name} aria-invalid={invalid} aria-describedby={described}>
        {unset}
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
      <textarea id={id} name={name} rows={4} aria-invalid={invalid} aria-describedby={described}>
        {value}
      </textarea>
    );
  }
  return (
    <input
      type="text"
      id={id}
      name={name}
      value={value}
      aria-invalid={invalid}
      aria-describedby={described}
    />
  );
}

export function RowForm(props: {
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
