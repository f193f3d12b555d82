// 「団体のデータ」: the admin downloads the organisation's whole data, and grants or withdraws 運営者への閲覧許可; the
// latest grants, withdrawals and exports are listed below, as history recorded them.
import type { HistoryRow } from '../../../db/repositories/history.repository.ts';
import {
  describeOperatorAccess,
  OPERATOR_ACCESS_DAYS,
  OPERATOR_ACCESS_REASON_MAX,
  type OperatorAccess,
} from '../../../domain/organisations/operator-access.ts';
import type { PlanNames } from '../../../domain/tables/labels.ts';
import { CsrfField, FieldError } from './admin-layout.tsx';
import { describeValue, japanTime } from './history-view.tsx';
import type { FieldErrors } from './users-fields.tsx';

export interface GrantValues {
  readonly days: string;
  readonly reason: string;
}

const FIELD_LABELS: Readonly<Record<string, string>> = { days: '有効期間', reason: '理由' };

/** What each history row of this page says happened. */
const eventOf = (row: HistoryRow): string => {
  if (row.table === 'organisation_exports') return 'データ一式の書き出し';
  if (row.operation === 'delete') return '許可の取り消し';
  return row.operation === 'update' ? '許可（期限の変更）' : '許可';
};

/** No plan names are needed for these rows: they name no KPI, measure or department. */
const NO_NAMES: PlanNames = {
  kpi: () => undefined,
  measure: () => undefined,
  department: () => undefined,
  goal: () => undefined,
  planName: '',
};

function Field(props: {
  field: 'days' | 'reason';
  label: string;
  hint: string;
  value: string;
  errors: FieldErrors;
  inputmode?: 'numeric';
  maxlength?: number;
}) {
  const id = `f-${props.field}`;
  const error = props.errors[props.field];
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <p class="field__hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <input
        type="text"
        id={id}
        name={props.field}
        value={props.value}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        autocomplete="off"
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={error === undefined ? `${id}-hint` : `${id}-hint ${id}-error`}
      />
      <FieldError id={`${id}-error`} message={error === undefined ? undefined : `＊${error}`} />
    </div>
  );
}

export function OrganisationDataPage(props: {
  organisation: string;
  access: OperatorAccess | undefined;
  inForce: boolean;
  history: readonly HistoryRow[];
  now: Date;
  csrf: string;
  values: GrantValues;
  errors: FieldErrors;
  headline?: string | undefined;
  notice?: string | undefined;
}) {
  const { errors } = props;
  const entries = Object.entries(errors);
  return (
    <>
      <h1>団体のデータ</h1>
      {props.notice !== undefined && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.headline !== undefined && (
        <div class="error-summary" role="alert">
          <h2>{props.headline}</h2>
          {entries.length > 0 && (
            <ul>
              {entries.map(([field, message]) => (
                <li>
                  <a href={`#f-${field}`}>
                    {FIELD_LABELS[field] ?? '入力'}: {message}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <section aria-labelledby="download-heading">
        <h2 id="download-heading">データ一式のダウンロード</h2>
        <p>
          {`${props.organisation}のデータ一式（計画、照会と所属の回答、公表の記録、職員アカウント（パスワードを除く）、変更履歴）をzipファイルでダウンロードします。` +
            'ほかのシステムへの移行や保存に使えます。ダウンロードしたことは変更履歴に記録されます。'}
        </p>
        <form method="post" action="/admin/organisation/data.zip">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button">
            データ一式をダウンロード
          </button>
        </form>
      </section>
      <section aria-labelledby="access-heading">
        <h2 id="access-heading">運営者への閲覧許可</h2>
        <p>
          このサービスの運営者は、団体が許可した期間だけ団体のデータを書き出せます（データ移行の支援など）。許可しなければ、公表前のデータを運営者が読むことはありません。
        </p>
        <p>
          <strong>現在: {describeOperatorAccess(props.access, props.now)}</strong>
          {props.inForce && props.access !== undefined && `（許可した人: ${props.access.grantedBy}）`}
        </p>
        <form method="post" action="/admin/organisation/access" class="form-stack">
          <CsrfField token={props.csrf} />
          <Field
            field="days"
            label="有効期間（日）"
            hint={`${OPERATOR_ACCESS_DAYS.min}〜${OPERATOR_ACCESS_DAYS.max}日。いまから数えます。期間が過ぎると運営者は書き出せなくなります。`}
            value={props.values.days}
            errors={errors}
            inputmode="numeric"
          />
          <Field
            field="reason"
            label="理由（任意）"
            hint={`${OPERATOR_ACCESS_REASON_MAX}文字以内。例: データ移行の支援のため`}
            value={props.values.reason}
            errors={errors}
          />
          <div class="form-actions">
            <button type="submit" class="button">
              {props.inForce ? '許可し直す（期限を変える）' : '許可する'}
            </button>
          </div>
        </form>
        {props.inForce && (
          <form method="post" action="/admin/organisation/access/withdraw">
            <CsrfField token={props.csrf} />
            <button type="submit" class="button button--secondary">
              許可を取り消す
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">許可と書き出しの記録</h2>
        {props.history.length === 0 ? (
          <p>まだ記録はありません。</p>
        ) : (
          // biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page
          <div class="table-scroll" role="region" aria-label="許可と書き出しの記録" tabindex={0}>
            <table class="data-table">
              <caption>許可と書き出しの記録（新しい順、最大20件）</caption>
              <thead>
                <tr>
                  <th scope="col">日時（日本時間）</th>
                  <th scope="col">操作した人</th>
                  <th scope="col">内容</th>
                  <th scope="col">詳細</th>
                </tr>
              </thead>
              <tbody>
                {props.history.map((row) => (
                  <tr>
                    <td>
                      <time datetime={row.changedAt.toISOString()}>{japanTime(row.changedAt)}</time>
                    </td>
                    <td>{row.actor}</td>
                    <td>{eventOf(row)}</td>
                    <td>{describeValue(row, row.newValue ?? row.oldValue, NO_NAMES)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
