// 職員アカウントの一覧: every account with its role, departments, state and second factor, each linked to its page.
import type { AccountSummary } from '../../../app/accounts.ts';
import { ROLE_LABELS } from '../../../domain/staff/role.ts';
import { type DepartmentChoice, departmentNames, mfaLabel, stateLabel } from './users-fields.tsx';

export function UsersList({
  accounts,
  choices,
}: {
  accounts: readonly AccountSummary[];
  choices: readonly DepartmentChoice[];
}) {
  return (
    <>
      <h1>職員アカウント</h1>
      <p>
        職員が職員用の画面にログインするためのアカウントです。作成・無効化・役割と担当課の変更・パスワードと二要素認証の再設定を行えます。
      </p>
      <p>
        <a href="/admin/users/new" class="button">
          アカウントを作成する
        </a>{' '}
        <a href="/admin/users/invitations">職員を招待する（本人がパスワードを決めます）</a>
      </p>
      <p>
        <a href="/admin/organisation">団体のデータ（データ一式のダウンロード・運営者への閲覧許可）</a>
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
      <div class="table-scroll" role="region" aria-label="職員アカウントの一覧" tabindex={0}>
        <table class="data-table">
          <caption>職員アカウント（{accounts.length}件）</caption>
          <thead>
            <tr>
              <th scope="col">氏名（ログインID）</th>
              <th scope="col">役割</th>
              <th scope="col">担当課</th>
              <th scope="col">状態</th>
              <th scope="col">二要素認証</th>
              <th scope="col">初期パスワード変更待ち</th>
              <th scope="col">ログイン中の端末</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/users/${a.id}`}>
                    {a.name}（{a.login}）
                  </a>
                </th>
                <td>{ROLE_LABELS[a.role]}</td>
                <td>{departmentNames(a.departments, choices)}</td>
                <td>{stateLabel(a)}</td>
                <td>{mfaLabel(a)}</td>
                <td>{a.mustChangePassword ? 'はい' : '—'}</td>
                <td class="num">{a.liveSessions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
