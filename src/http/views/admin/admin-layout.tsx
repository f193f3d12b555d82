import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { StaffUser } from '../../../db/repositories/user.repository.ts';
import { ROLE_LABELS } from '../../../domain/staff/role.ts';
import { DocumentHead, NavList, SkipLink } from '../components/page-shell.tsx';

export interface AdminLayoutProps {
  readonly title: string;
  readonly siteName: string;
  readonly organisation: string;
  readonly path: string;
  /** The signed-in account (absent on the login pages). */
  readonly user?: StaffUser | undefined;
  /** The session's CSRF token, for the logout form. */
  readonly csrf?: string | undefined;
  /** False while the organisation has no plan: the menu offers only what works without one. */
  readonly withPlan?: boolean | undefined;
  /** False until sign-in is complete (second factor, own password): the header then offers only ログアウト. */
  readonly menu?: boolean | undefined;
  readonly children?: Child;
}

/** The staff side's page shell: same tokens and fonts as the public site, its own navigation and the account. */
export function AdminLayout(props: AdminLayoutProps) {
  const { title, siteName, organisation, path, user, csrf, children } = props;
  const nav = props.withPlan === false ? planlessNav(user) : withPlanNav(user);
  const current = (href: string) =>
    href === '/admin'
      ? path === '/admin' || path.startsWith('/admin/measures')
      : href !== '/' && path.startsWith(href);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <DocumentHead
          title={`${title} | ${siteName} 職員用`}
          extraStylesheets={['/assets/app/admin.css']}
          noindex
        />
        <body>
          <SkipLink />
          <header class="site-header site-header--admin">
            <div class="site-header__inner">
              <p class="site-header__org">{organisation}</p>
              <p class="site-header__name">
                <a href="/admin">{siteName} 職員用</a>
              </p>
              {user !== undefined && (
                <>
                  {props.menu !== false && <NavList label="職員用メニュー" items={nav} current={current} />}
                  <div class="account">
                    <p class="account__who">
                      {user.name}（{ROLE_LABELS[user.role]}）
                    </p>
                    <form method="post" action="/admin/logout" class="account__logout">
                      <input type="hidden" name="_csrf" value={csrf ?? ''} />
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

const ACCOUNT_NAV = [
  { href: '/admin/account/password', label: 'パスワード変更' },
  { href: '/admin/account/mfa', label: '二要素認証' },
  { href: '/', label: '公開サイト' },
];

/** Before the first plan: its form (the landing), accounts, and one's own account. */
const planlessNav = (user: StaffUser | undefined) => [
  { href: '/admin', label: '最初の計画' },
  ...(user?.role === 'admin' ? [{ href: '/admin/users', label: '職員アカウント' }] : []),
  ...ACCOUNT_NAV,
];

function withPlanNav(user: StaffUser | undefined) {
  return [
    { href: '/admin', label: '実績の入力' },
    ...(user?.role === 'admin'
      ? [
          { href: '/admin/cycles', label: '照会' },
          { href: '/admin/plan', label: '計画の編集' },
          { href: '/admin/history', label: '変更履歴' },
          { href: '/admin/users', label: '職員アカウント' },
        ]
      : []),
    ...ACCOUNT_NAV,
  ];
}

/** A form field's error in the 「＊…」 style, tied to its input by id (aria-describedby). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p class="field-error" id={id}>
      {message}
    </p>
  );
}

/** The per-session CSRF token every staff form carries. */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;
