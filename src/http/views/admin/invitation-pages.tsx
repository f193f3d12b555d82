// The invitation pages: the admin's form and list of open invitations, the link shown once after creating one, and
// the page where the invited person chooses their login, name and password.
import type { StoredInvitation } from '../../../app/invitations.ts';
import { PASSWORD_MIN_LENGTH } from '../../../auth/password-policy.ts';
import { ROLE_LABELS } from '../../../domain/staff/role.ts';
import { ScrollTable } from '../components/scroll-table.tsx';
import { CsrfField } from './admin-layout.tsx';
import { TextField } from './users-create.tsx';
import {
  DepartmentCheckboxes,
  type DepartmentChoice,
  departmentNames,
  type FieldErrors,
  RefusalSummary,
  RoleSelect,
} from './users-fields.tsx';

/** 2026年6月8日 9:00 (Japan time). */
const japanTime = (at: Date): string => {
  const d = new Date(at.getTime() + 9 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

export interface InviteValues {
  readonly role: string;
  readonly departments: readonly string[];
  readonly note: string;
  readonly days: string;
  /** Only read when the server can send e-mail. */
  readonly email: string;
}

/** What became of the e-mail of a new invitation, as the page tells it. */
export type MailResult =
  | { readonly kind: 'sent'; readonly to: string }
  | { readonly kind: 'failed'; readonly to: string; readonly reason: string };

/** The e-mail of an invitation in the list: to whom, and whether the mail server accepted it. */
const mailCell = (i: StoredInvitation): string =>
  i.mail === undefined ? '—' : `${i.mail.to}（${i.mail.sent ? '送信済み' : '送れませんでした'}）`;

export function InvitationsPage(props: {
  values: InviteValues;
  errors: FieldErrors;
  headline?: string | undefined;
  choices: readonly DepartmentChoice[];
  open: readonly StoredInvitation[];
  now: Date;
  csrf: string;
  created?: { link: string; invitation: StoredInvitation; mail?: MailResult | undefined } | undefined;
  /** The server has an SMTP server: the form takes an address and the list says what was mailed. */
  canMail?: boolean | undefined;
}) {
  const { values, errors } = props;
  const mailColumn = props.canMail === true || props.open.some((i) => i.mail !== undefined);
  const mail = props.created?.mail;
  return (
    <>
      <p>
        <a href="/admin/users">職員アカウントの一覧へ戻る</a>
      </p>
      <h1>職員の招待</h1>
      {props.created !== undefined && (
        <section class="notice" role="status" aria-labelledby="link-heading">
          <h2 id="link-heading">招待のリンクを作成しました（この画面で一度だけ表示します）</h2>
          <p>
            このリンクを本人に伝えてください。本人がリンクを開き、ログインIDと氏名とパスワードを決めるとアカウントができます
            （{ROLE_LABELS[props.created.invitation.role]}、{japanTime(props.created.invitation.expiresAt)}
            まで有効、1回限り）。
          </p>
          {mail?.kind === 'sent' && <p>{mail.to}宛にメールで送りました。</p>}
          {mail?.kind === 'failed' && (
            <p>
              <strong>メールを送れませんでした（{mail.reason}）。リンクをコピーしてお渡しください。</strong>
            </p>
          )}
          <div class="field">
            <label for="invitation-link">招待のリンク</label>
            <input id="invitation-link" class="link-copy" type="text" readonly value={props.created.link} />
          </div>
        </section>
      )}
      <p>
        招待のリンクを作って本人に伝えると、本人が自分でログインIDとパスワードを決めてアカウントを作ります。初期パスワードを人に渡す必要がありません。
      </p>
      {props.headline !== undefined && <RefusalSummary headline={props.headline} errors={errors} />}
      <form method="post" action="/admin/users/invitations" class="form-stack">
        <CsrfField token={props.csrf} />
        <RoleSelect value={values.role} error={errors.role} />
        <DepartmentCheckboxes
          choices={props.choices}
          selected={values.departments}
          error={errors.departments}
        />
        <TextField
          field="note"
          label="メモ（任意）"
          value={values.note}
          errors={errors}
          hint="誰への招待か（例: 農政課 佐藤さん）。一覧にだけ表示します。"
          autocomplete="off"
        />
        <TextField
          field="days"
          label="有効期間（日）"
          value={values.days}
          errors={errors}
          hint="1〜30日。過ぎたリンクは使えません。"
          autocomplete="off"
        />
        {props.canMail === true && (
          <TextField
            field="email"
            label="メールアドレス（任意）"
            value={values.email}
            errors={errors}
            hint="入力すると、招待のリンクをこのアドレスにメールでも送ります（例: tanaka@example.lg.jp）。"
            autocomplete="off"
          />
        )}
        <div class="form-actions">
          <button type="submit" class="button">
            招待のリンクを作成する
          </button>
        </div>
      </form>
      <h2>まだ使われていない招待</h2>
      {props.open.length === 0 ? (
        <p>ありません。</p>
      ) : (
        <ScrollTable id="open-invitations" caption={`まだ使われていない招待（${props.open.length}件）`}>
          <thead>
            <tr>
              <th scope="col">メモ</th>
              <th scope="col">役割</th>
              <th scope="col">担当課</th>
              <th scope="col">作成した人</th>
              <th scope="col">有効期限</th>
              {mailColumn && <th scope="col">メール</th>}
            </tr>
          </thead>
          <tbody>
            {props.open.map((i) => (
              <tr>
                <td>{i.note ?? '—'}</td>
                <td>{ROLE_LABELS[i.role]}</td>
                <td>{departmentNames(i.departments, props.choices)}</td>
                <td>{i.createdBy}</td>
                <td>
                  {japanTime(i.expiresAt)}
                  {i.expiresAt.getTime() <= props.now.getTime() && '（期限切れ）'}
                </td>
                {mailColumn && <td>{mailCell(i)}</td>}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </>
  );
}

export function AcceptInvitationPage(props: {
  invitation: StoredInvitation;
  token: string;
  organisation: string;
  choices: readonly DepartmentChoice[];
  values: { login: string; name: string };
  errors: FieldErrors;
  headline?: string | undefined;
}) {
  const { invitation, values, errors } = props;
  return (
    <>
      <h1>アカウントの作成（招待）</h1>
      <p>
        {props.organisation}の職員用画面に、{ROLE_LABELS[invitation.role]}
        {invitation.departments.length > 0 &&
          `（担当課: ${departmentNames(invitation.departments, props.choices)}）`}
        として招待されています。ログインID・氏名・パスワードを決めてください。
      </p>
      {props.headline !== undefined && <RefusalSummary headline={props.headline} errors={errors} />}
      <form method="post" action={`/admin/invitation/${props.token}`} class="form-stack">
        <TextField
          field="login"
          label="ログインID（必須）"
          value={values.login}
          errors={errors}
          hint="半角英数字と「. _ -」の2〜64文字（例: nosei01）。作成後は変更できません。"
          autocomplete="username"
        />
        <TextField
          field="name"
          label="氏名（必須）"
          value={values.name}
          errors={errors}
          autocomplete="name"
        />
        <TextField
          field="password"
          label="パスワード（必須）"
          value=""
          errors={errors}
          type="password"
          hint={`${PASSWORD_MIN_LENGTH}文字以上。よく使われるパスワードや、ログインID・氏名を含むものは使えません。`}
          autocomplete="new-password"
        />
        <div class="form-actions">
          <button type="submit" class="button">
            アカウントを作成する
          </button>
        </div>
      </form>
    </>
  );
}

export function InvitationUnusable({ message }: { message: string }) {
  return (
    <>
      <h1>招待のリンクを使えません</h1>
      <p role="alert">{message}</p>
      <p>
        <a href="/admin/login">ログイン画面へ</a>
      </p>
    </>
  );
}
