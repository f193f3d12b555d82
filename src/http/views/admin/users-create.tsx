// アカウントの作成: login, name, role, an editor's departments, an optional e-mail address for reminders and an
// optional initial password (a one-time password is generated when it is left empty).
import { CsrfField, FieldError } from './admin-layout.tsx';
import {
  DepartmentCheckboxes,
  type DepartmentChoice,
  type FieldErrors,
  RefusalSummary,
  RoleSelect,
} from './users-fields.tsx';

export interface CreateValues {
  readonly login: string;
  readonly name: string;
  readonly role: string;
  readonly departments: readonly string[];
  readonly email: string;
}

export const EMPTY_CREATE_VALUES: CreateValues = {
  login: '',
  name: '',
  role: 'editor',
  departments: [],
  email: '',
};

export function TextField(props: {
  field: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
  type?: 'text' | 'password';
  autocomplete?: string;
}) {
  const id = `f-${props.field}`;
  const error = props.errors[props.field];
  const described = [props.hint === undefined ? '' : `${id}-hint`, error === undefined ? '' : `${id}-error`]
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint !== undefined && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.field}
        value={props.type === 'password' ? '' : props.value}
        autocomplete={props.autocomplete}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={described === '' ? undefined : described}
      />
      <FieldError id={`${id}-error`} message={error === undefined ? undefined : `＊${error}`} />
    </div>
  );
}

export function CreateAccountForm(props: {
  values: CreateValues;
  errors: FieldErrors;
  headline?: string | undefined;
  choices: readonly DepartmentChoice[];
  csrf: string;
}) {
  const { values, errors } = props;
  return (
    <>
      <p>
        <a href="/admin/users">職員アカウントの一覧へ戻る</a>
      </p>
      <h1>アカウントの作成</h1>
      {props.headline !== undefined && <RefusalSummary headline={props.headline} errors={errors} />}
      <form method="post" action="/admin/users" class="form-stack">
        <CsrfField token={props.csrf} />
        <TextField
          field="login"
          label="ログインID（必須）"
          value={values.login}
          errors={errors}
          hint="半角英数字と「. _ -」の2〜64文字（例: nosei01）。作成後は変更できません。"
          autocomplete="off"
        />
        <TextField field="name" label="氏名（必須）" value={values.name} errors={errors} autocomplete="off" />
        <RoleSelect value={values.role} error={errors.role} />
        <DepartmentCheckboxes
          choices={props.choices}
          selected={values.departments}
          error={errors.departments}
        />
        <TextField
          field="email"
          label="メールアドレス（任意）"
          value={values.email}
          errors={errors}
          hint="提出期限の督促メールの宛先です。"
          autocomplete="off"
        />
        <TextField
          field="password"
          label="初期パスワード（任意）"
          value=""
          errors={errors}
          type="password"
          hint="空欄にすると一回限りのパスワードを自動で作り、作成後の画面に一度だけ表示します。"
          autocomplete="new-password"
        />
        <div class="form-actions">
          <button type="submit" class="button">
            作成する
          </button>
        </div>
      </form>
    </>
  );
}
