// The confirmation step before a plan row is deleted: the whole row in words, and either what still depends on it
// (no button then) or the button that deletes it. Works without JavaScript: the list links here, this page posts.
import type { Row, TableDef } from '../../../domain/tables/definitions.ts';
import { namedColumnLabel, type PlanNames } from '../../../domain/tables/labels.ts';
import { CsrfField } from './admin-layout.tsx';
import { keyLabel, keyParam, shownCell } from './plan-row-form.tsx';

export function PlanRowDeletePage(props: {
  def: TableDef;
  names: PlanNames;
  row: Row;
  version: number;
  /** why it cannot be deleted now (other rows depend on it, or the plan would break) */
  reasons: readonly string[];
  /** the rows deleted with it (a measure's 施策KPI rows, a KPI only it used), named */
  along: readonly string[];
  /** someone changed the row since the page was built: it shows the latest row */
  conflict?: boolean;
  csrf: string;
}) {
  const { def, row, names } = props;
  const label = keyLabel(def, row, names);
  return (
    <>
      <p>
        <a href={`/admin/plan/${def.name}`}>{def.title}の一覧へ戻る</a>
      </p>
      <h1>
        {def.title}の行を削除: {label}
      </h1>
      {props.conflict === true && (
        <div class="error-summary" role="alert">
          <p>
            この行はほかの人が先に変更しました。下は最新の内容です。削除してよいか、もう一度確かめてください。
          </p>
        </div>
      )}
      {props.reasons.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>この行は削除できません</h2>
          <ul>
            {props.reasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <dl>
        {def.columns.map((column) => (
          <>
            <dt>{namedColumnLabel(def.name, column.key)}</dt>
            <dd>{shownCell(def, column.key, row, names) || '（空欄）'}</dd>
          </>
        ))}
      </dl>
      {props.along.length > 0 && (
        <>
          <h2>この行と一緒に削除する行</h2>
          <ul>
            {props.along.map((a) => (
              <li>{a}</li>
            ))}
          </ul>
        </>
      )}
      {props.reasons.length === 0 && (
        <form
          method="post"
          action={`/admin/plan/${def.name}/delete?key=${keyParam(def, row)}`}
          class="form-stack"
        >
          <CsrfField token={props.csrf} />
          <input type="hidden" name="_version" value={String(props.version)} />
          <p>削除した行は変更履歴に残ります。元に戻すには、同じ内容の行を追加してください。</p>
          <div class="form-actions">
            <button type="submit" class="button">
              この行を削除する
            </button>
            <a href={`/admin/plan/${def.name}`}>削除しないで戻る</a>
          </div>
        </form>
      )}
    </>
  );
}
