// One account's page: what it is, and a form for each action (role and departments, password, second factor,
// disabling). A refused action is shown above, its field marked; a done one as a confirmation.
import type { AccountSummary } from '../../../app/accounts.ts';
import { ROLE_LABELS } from '../../../domain/staff/role.ts';
import { CsrfField } from './admin-layout.tsx';
import {
  DepartmentCheckboxes,
  type DepartmentChoice,
  departmentNames,
  type FieldErrors,
  mfaLabel,
  OneTimePassword,
  RefusalSummary,
  RoleSelect,
  stateLabel,
} from './users-fields.tsx';

export interface AccountPageProps {
  readonly account: AccountSummary;
  readonly choices: readonly DepartmentChoice[];
  readonly csrf: string;
  /** The signed-in admin's own account: the actions that would lock them out are not offered. */
  readonly own: boolean;
  readonly notice?: string | undefined;
  readonly refusal?: { readonly headline: string; readonly errors: FieldErrors } | undefined;
  /** The role form as sent, when it was refused. */
  readonly roleValues?: { readonly role: string; readonly departments: readonly string[] } | undefined;
  readonly oneTimePassword?: string | undefined;
}

function ActionForm(props: { action: string; csrf: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrf} />
      <button type="submit" class={props.secondary === true ? 'button button--secondary' : 'button'}>
        {props.label}
      </button>
    </form>
  );
}

export function AccountPage(props: AccountPageProps) {
  const { account: a, csrf } = props;
  const base = `/admin/users/${a.id}`;
  const roleValues = props.roleValues ?? { role: a.role, departments: a.departments };
  const rows: [string, string][] = [
    ['ログインID', a.login],
    ['氏名', a.name],
    ['役割', ROLE_LABELS[a.role]],
    ['担当課', departmentNames(a.departments, props.choices)],
    ['状態', stateLabel(a)],
    ['二要素認証', mfaLabel(a)],
    ['初期パスワード変更待ち', a.mustChangePassword ? 'はい' : 'いいえ'],
    ['ログイン中の端末', `${a.liveSessions}件`],
  ];
  return (
    <>
      <p>
        <a href="/admin/users">職員アカウントの一覧へ戻る</a>
      </p>
      <h1>
        {a.name}（{a.login}）
      </h1>
      {props.notice !== undefined && (
        <p class="success" role="status">
          {props.notice}
        </p>
      )}
      {props.oneTimePassword !== undefined && (
        <OneTimePassword login={a.login} password={props.oneTimePassword} />
      )}
      {props.refusal !== undefined && (
        <RefusalSummary headline={props.refusal.headline} errors={props.refusal.errors} />
      )}
      <table class="data-table">
        <caption>アカウントの内容</caption>
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>役割と担当課</h2>
      {props.own ? (
        <p>自分のアカウントの役割は変更できません。ほかの管理者に依頼してください。</p>
      ) : (
        <form method="post" action={`${base}/role`} class="form-stack">
          <CsrfField token={csrf} />
          <RoleSelect value={roleValues.role} error={props.refusal?.errors.role} />
          <DepartmentCheckboxes
            choices={props.choices}
            selected={roleValues.departments}
            error={props.refusal?.errors.departments}
          />
          <div class="form-actions">
            <button type="submit" class="button">
              役割と担当課を変更する
            </button>
          </div>
        </form>
      )}

      <h2>パスワードの再設定</h2>
      {props.own ? (
        <p>
          自分のパスワードは<a href="/admin/account/password">パスワード変更</a>から変更してください。
        </p>
      ) : (
        <>
          <p>
            新しい一回限りのパスワードを発行し、この画面に一度だけ表示します。ログイン中の端末はすべてログアウトされ、次回ログイン時に本人によるパスワードの変更が必要になります。
          </p>
          <ActionForm action={`${base}/password`} csrf={csrf} label="一回限りのパスワードを発行する" />
        </>
      )}

      <h2>二要素認証</h2>
      {a.mfaEnabled && !props.own ? (
        <>
          <p>
            端末をなくしたときに登録を解除します。ログイン中の端末はすべてログアウトされ、次回ログイン時に新しい端末で登録し直します。
          </p>
          <ActionForm action={`${base}/mfa`} csrf={csrf} label="二要素認証の登録を解除する" secondary />
        </>
      ) : (
        <p>{a.mfaEnabled ? '登録済みです。' : '登録されていません。'}</p>
      )}

      <h2>利用の停止</h2>
      {props.own ? (
        <p>自分のアカウントは無効にできません。</p>
      ) : a.disabled ? (
        <>
          <p>このアカウントは無効です。有効に戻すと、これまでのパスワードと二要素認証でログインできます。</p>
          <ActionForm action={`${base}/enable`} csrf={csrf} label="有効に戻す" />
        </>
      ) : (
        <>
          <p>無効にすると、ログイン中の端末はすべてログアウトされ、ログインできなくなります。</p>
          <ActionForm action={`${base}/disable`} csrf={csrf} label="無効にする" secondary />
        </>
      )}
    </>
  );
}
