// The account pages: login, the second factor (at login and at enrolment), the password change (props in, markup out).
import { otpauthUri, totpQrSvg } from '../../../auth/totp.ts';
import { CsrfField, FieldError } from './admin-layout.tsx';

export function LoginForm(props: {
  next: string;
  login?: string;
  error?: string;
  notice?: string;
  noAdmin: boolean;
}) {
  return (
    <>
      <h1>職員ログイン</h1>
      {props.notice !== undefined && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.noAdmin && (
        <p class="notice">
          管理者アカウントがまだありません。サーバーで{' '}
          <code>npx shinchoku user add --login &lt;ID&gt; --name &lt;氏名&gt; --role admin</code>{' '}
          を実行して作成してください。
        </p>
      )}
      {props.error !== undefined && (
        <p class="error-summary" role="alert" id="login-error">
          {props.error}
        </p>
      )}
      <form method="post" action="/admin/login" class="form-stack">
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="login">ログインID</label>
          <input
            type="text"
            id="login"
            name="login"
            value={props.login ?? ''}
            autocomplete="username"
            required
          />
        </div>
        <div class="field">
          <label for="password">パスワード</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            ログイン
          </button>
        </div>
      </form>
    </>
  );
}

export function TotpForm({ action, csrf, error }: { action: string; csrf: string; error?: string }) {
  return (
    <form method="post" action={action} class="form-stack">
      <CsrfField token={csrf} />
      <div class="field">
        <label for="code">確認コード（6桁）</label>
        <p class="field__hint" id="code-hint">
          認証アプリに表示されている6桁の数字を入力してください。
        </p>
        <input
          type="text"
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={12}
          aria-invalid={error === undefined ? undefined : 'true'}
          aria-describedby={`code-hint${error === undefined ? '' : ' code-error'}`}
          required
        />
        <FieldError id="code-error" message={error} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button">
          確認する
        </button>
      </div>
    </form>
  );
}

/** `base`: where the account pages are (the staff's /admin, the operator console's /service). */
export function StartEnrolment({
  csrf,
  mustEnrol,
  base = '/admin',
}: {
  csrf: string;
  mustEnrol: boolean;
  base?: string;
}) {
  return (
    <>
      <h1>二要素認証の登録</h1>
      {mustEnrol && (
        <p class="notice">管理者は二要素認証の登録が必要です。登録すると、利用を始められます。</p>
      )}
      <p>
        ログインのときに、パスワードに加えてスマートフォンの認証アプリが表示する6桁の確認コードを入力するようにします。
        パスワードが漏れても、他人はログインできなくなります。
      </p>
      <form method="post" action={`${base}/account/mfa`} class="form-stack">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="start" />
        <div class="form-actions">
          <button type="submit" class="button">
            登録を始める
          </button>
        </div>
      </form>
    </>
  );
}

export async function EnrolPage(props: {
  csrf: string;
  mustEnrol: boolean;
  issuer: string;
  login: string;
  secret: string;
  error?: string;
  base?: string;
}) {
  const { csrf, mustEnrol, issuer, login, secret, error, base = '/admin' } = props;
  const svg = await totpQrSvg(otpauthUri({ issuer: `${issuer} 進捗`, account: login, secret }));
  return (
    <>
      <h1>二要素認証の登録</h1>
      {mustEnrol && (
        <p class="notice">管理者は二要素認証の登録が必要です。登録すると、利用を始められます。</p>
      )}
      <ol>
        <li>スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator など）を開きます。</li>
        <li>
          次のQRコードを読み取ります。読み取れない場合は、キーを手で入力してください。
          <div class="qr" dangerouslySetInnerHTML={{ __html: svg }} />
          <p>
            キー: <span class="secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</span>
          </p>
        </li>
        <li>アプリに表示された6桁の確認コードを入力します。</li>
      </ol>
      <TotpForm action={`${base}/account/mfa`} csrf={csrf} {...(error === undefined ? {} : { error })} />
    </>
  );
}

export function PasswordPage(props: {
  csrf: string;
  mustChange: boolean;
  errors: Readonly<Record<string, string>>;
  base?: string;
}) {
  const { csrf, mustChange, errors, base = '/admin' } = props;
  const described = (name: string, hint?: string) =>
    [hint, errors[name] === undefined ? undefined : `${name}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <h1>パスワード変更</h1>
      {mustChange && (
        <p class="notice">
          管理者が発行した初期パスワードでログインしています。利用を始める前に、自分だけが知るパスワードに変更してください。
        </p>
      )}
      <form method="post" action={`${base}/account/password`} class="form-stack">
        <CsrfField token={csrf} />
        <div class="field">
          <label for="current">現在のパスワード</label>
          <input
            type="password"
            id="current"
            name="current"
            autocomplete="current-password"
            aria-invalid={errors.current === undefined ? undefined : 'true'}
            aria-describedby={described('current')}
          />
          <FieldError id="current-error" message={errors.current} />
        </div>
        <div class="field">
          <label for="new">新しいパスワード</label>
          <p class="field__hint" id="new-hint">
            8文字以上128文字以下。記号や大文字を混ぜる必要はありません。長い文（パスフレーズ）もおすすめです。よく使われるパスワードは使えません。
          </p>
          <input
            type="password"
            id="new"
            name="new"
            autocomplete="new-password"
            aria-invalid={errors.new === undefined ? undefined : 'true'}
            aria-describedby={described('new', 'new-hint')}
          />
          <FieldError id="new-error" message={errors.new} />
        </div>
        <div class="field">
          <label for="confirm">新しいパスワード（確認）</label>
          <input
            type="password"
            id="confirm"
            name="confirm"
            autocomplete="new-password"
            aria-invalid={errors.confirm === undefined ? undefined : 'true'}
            aria-describedby={described('confirm')}
          />
          <FieldError id="confirm-error" message={errors.confirm} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            変更する
          </button>
        </div>
      </form>
      <form method="post" action={`${base}/account/sessions/end`} class="form-stack">
        <CsrfField token={csrf} />
        <p>ほかの端末でログインしたままの場合は、すべての端末からログアウトできます。</p>
        <div class="form-actions">
          <button type="submit" class="button button--secondary">
            すべての端末からログアウト
          </button>
        </div>
      </form>
    </>
  );
}
