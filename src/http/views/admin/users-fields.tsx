// Pieces shared by the account pages: the role choice, an editor's departments as checkboxes named from the plan,
// a refusal's summary with each problem under its field's name, and the one-time password shown once.
import type { StaffUser } from '../../../db/repositories/user.repository.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../../domain/staff/role.ts';
import { FieldError } from './admin-layout.tsx';

/** A department code as staff read it: 「企画部 デジタルみやぎ推進課」 (the code itself when no plan names it). */
export interface DepartmentChoice {
  readonly code: string;
  readonly name: string;
}

/** Field errors by field (login, name, role, departments, email, password). */
export type FieldErrors = Readonly<Record<string, string>>;

/** The fields of the account forms, as the error summary names them. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  login: 'ログインID',
  name: '氏名',
  role: '役割',
  departments: '担当課',
  email: 'メールアドレス',
  password: '初期パスワード',
};

export const stateLabel = (account: Pick<StaffUser, 'disabled'>): string =>
  account.disabled ? '無効' : '有効';

export const mfaLabel = (account: Pick<StaffUser, 'mfaEnabled'>): string =>
  account.mfaEnabled ? '登録済み' : '未登録';

/** The departments' names, 「—」 for none. */
export const departmentNames = (codes: readonly string[], choices: readonly DepartmentChoice[]): string =>
  codes.length === 0 ? '—' : codes.map((c) => choices.find((d) => d.code === c)?.name ?? c).join('、');

/** Why the action was refused, each problem under its field's name, linked to the field. */
export function RefusalSummary({ headline, errors }: { headline: string; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  return (
    <div class="error-summary" role="alert">
      <h2>{headline}</h2>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, message]) => (
            <li>
              <a href={`#f-${field}`}>
                {FIELD_LABELS[field] ?? field}: {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function RoleSelect({ value, error }: { value: string; error: string | undefined }) {
  return (
    <div class="field">
      <label for="f-role">役割（必須）</label>
      <select
        id="f-role"
        name="role"
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={error === undefined ? 'f-role-hint' : 'f-role-hint f-role-error'}
      >
        {ROLES.map((role: Role) => (
          <option value={role} selected={role === value}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      <p class="field__hint" id="f-role-hint">
        {ROLE_LABELS.admin}はすべての所属の入力と照会・計画の編集・アカウントの管理を、{ROLE_LABELS.editor}
        は担当課の入力を、{ROLE_LABELS.viewer}は閲覧だけを行います。
      </p>
      <FieldError id="f-role-error" message={error === undefined ? undefined : `＊${error}`} />
    </div>
  );
}

/** An editor's departments: one checkbox each (the names `department.<code>` keep every choice in the form). */
export function DepartmentCheckboxes({
  choices,
  selected,
  error,
}: {
  choices: readonly DepartmentChoice[];
  selected: readonly string[];
  error: string | undefined;
}) {
  return (
    <fieldset class="field" id="f-departments" aria-describedby="f-departments-hint">
      <legend>担当課（{ROLE_LABELS.editor}のみ）</legend>
      <p class="field__hint" id="f-departments-hint">
        {ROLE_LABELS.editor}は1つ以上選びます。{ROLE_LABELS.admin}と{ROLE_LABELS.viewer}には選びません。
      </p>
      <FieldError id="f-departments-error" message={error === undefined ? undefined : `＊${error}`} />
      <div>
        {choices.map((d) => (
          <div>
            <label class="checkbox">
              <input
                type="checkbox"
                name={`department.${d.code}`}
                value="on"
                checked={selected.includes(d.code)}
              />
              {d.name}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The one-time password, shown on this response only (never in a link, a redirect or the log). */
export function OneTimePassword({ login, password }: { login: string; password: string }) {
  return (
    <section aria-labelledby="otp-heading" class="notice">
      <h2 id="otp-heading">「{login}」の初期パスワード（この画面で一度だけ表示します）</h2>
      <p class="secret">{password}</p>
      <p>
        本人に安全な方法で伝えてください（メール本文やチャットには書かないでください）。初回ログイン時に本人によるパスワードの変更が必要です。
      </p>
    </section>
  );
}
