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
