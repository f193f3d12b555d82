// The operator console's pages (props in, markup out), in the staff pages' shell: the same tokens, fonts, admin.css
// and form components. The console shows organisations and their counts only, never what they hold.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { OrganisationSummary } from '../../app/organisations.ts';
import type { Operator } from '../../db/repositories/operator-account.repository.ts';
import { CsrfField, FieldError } from '../views/admin/admin-layout.tsx';
import { DocumentHead, NavList, SkipLink } from '../views/components/page-shell.tsx';
import { ScrollTable } from '../views/components/scroll-table.tsx';

const SITE = 'Shinchoku 進捗 運営者用';

export function OperatorLayout(props: {
  title: string;
  path: string;
  operator?: Operator | undefined;
  csrf?: string | undefined;
  children?: Child;
}) {
  const { title, path, operator, csrf, children } = props;
  const nav = [
    { href: '/service/', label: '団体の一覧' },
    { href: '/service/account/password', label: 'パスワード変更' },
  ];
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <DocumentHead title={`${title} | ${SITE}`} extraStylesheets={['/assets/app/admin.css']} noindex />
        <body>
          <SkipLink />
          <header class="site-header site-header--admin">
            <div class="site-header__inner">
              <p class="site-header__org">サービスの運営</p>
              <p class="site-header__name">
                <a href="/service/">{SITE}</a>
              </p>
              {operator !== undefined && (
                <>
                  <NavList label="運営者用メニュー" items={nav} current={(href) => href === path} />
                  <div class="account">
                    <p class="account__who">{operator.name}（運営者）</p>
                    <form method="post" action="/service/logout" class="account__logout">
                      <CsrfField token={csrf ?? ''} />
                      <button type="submit" class="button button--secondary">
                        ログアウト
                      </button>
                    </form>
                  </div>
                </>
              )}
            </div>
          </header>
          <main id="main" class="site-main">
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

export function OperatorLoginForm(props: { login?: string; error?: string; notice?: string }) {
  return (
    <>
      <h1>運営者ログイン</h1>
      <p>
        このサービスを運営する人のためのページです。団体の職員は、団体ごとの職員用ページからログインしてください。
      </p>
      {props.notice !== undefined && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.error !== undefined && (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/service/login" class="form-stack">
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

/** 種別 as staff say it. */
const KIND_LABELS: Readonly<Record<string, string>> = {
  prefecture: '都道府県',
  'designated-city': '政令指定都市',
  city: '市',
  'special-ward': '特別区',
  town: '町',
  village: '村',
};

export interface AddForm {
  readonly code: string;
  readonly error?: string | undefined;
}

export function OrganisationsPage(props: {
  csrf: string;
  organisations: readonly OrganisationSummary[];
  add: AddForm;
  added?: string | undefined;
}) {
  const { csrf, organisations, add } = props;
  return (
    <>
      <h1>団体の一覧</h1>
      {props.added !== undefined && (
        <p class="success" role="status">
          {props.added}を追加しました。「管理者を招待」で最初の管理者の招待リンクを作成してください。
        </p>
      )}
      {organisations.length === 0 ? (
        <p>団体はまだ登録されていません。下の「団体を追加」から追加してください。</p>
      ) : (
        <ScrollTable id="organisations" caption={`このサービスの団体（${organisations.length}団体）`}>
          <thead>
            <tr>
              <th scope="col">団体コード</th>
              <th scope="col">名称</th>
              <th scope="col">種別</th>
              <th scope="col">計画数</th>
              <th scope="col">アカウント数</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr>
                <td>{o.code}</td>
                <th scope="row">
                  {o.name}
                  {o.isDefault ? '（既定）' : ''}
                </th>
                <td>{o.kind === null ? '—' : KIND_LABELS[o.kind]}</td>
                <td class="num">{o.plans}</td>
                <td class="num">{o.accounts}</td>
                <td>
                  <form method="post" action={`/service/organisations/${o.code}/invitations`}>
                    <CsrfField token={csrf} />
                    <button
                      type="submit"
                      class="button button--secondary"
                      aria-label={`${o.name}の管理者を招待`}
                    >
                      管理者を招待
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <h2 id="add-heading">団体を追加</h2>
      <p>地方公共団体コードから名称・種別・都道府県を読み取って追加します。</p>
      <form method="post" action="/service/organisations" class="form-stack" aria-labelledby="add-heading">
        <CsrfField token={csrf} />
        <div class="field">
          <label for="code">団体コード</label>
          <p class="field__hint" id="code-hint">
            6桁（末尾の検査数字を含む）か5桁の地方公共団体コード。例: 宮城県 040002
          </p>
          <input
            type="text"
            id="code"
            name="code"
            value={add.code}
            inputmode="numeric"
            autocomplete="off"
            maxlength={12}
            required
            aria-invalid={add.error === undefined ? undefined : 'true'}
            aria-describedby={`code-hint${add.error === undefined ? '' : ' code-error'}`}
          />
          <FieldError id="code-error" message={add.error} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            団体を追加
          </button>
        </div>
      </form>
    </>
  );
}

export function InvitationCreated(props: { organisation: string; link: string; expiresAt: string }) {
  return (
    <>
      <p>
        <a href="/service/">団体の一覧へ戻る</a>
      </p>
      <h1>{props.organisation}の管理者の招待</h1>
      <section class="notice" role="status" aria-labelledby="link-heading">
        <h2 id="link-heading">招待のリンクを作成しました（この画面で一度だけ表示します）</h2>
        <p>
          このリンクを管理者になる人に安全な方法で伝えてください。本人がリンクを開き、ログインIDと氏名とパスワードを決めると管理者アカウントができます（
          {props.expiresAt}まで有効、1回限り）。
        </p>
        <div class="field">
          <label for="invitation-link">招待のリンク</label>
          <input id="invitation-link" class="link-copy" type="text" readonly value={props.link} />
        </div>
      </section>
    </>
  );
}

/** An error in the console's shell, with a way back. */
export function OperatorErrorBody({ status, message }: { status: number; message: string }) {
  return (
    <>
      <h1>{status === 404 ? 'ページが見つかりません' : status === 403 ? '操作できません' : 'エラー'}</h1>
      <p>{message}</p>
      <p>
        <a href="/service/">団体の一覧へ戻る</a>
      </p>
    </>
  );
}
