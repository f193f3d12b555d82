import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { PublicationInfo } from '../site-data.ts';
import { DocumentHead, NavList, SkipLink } from './components/page-shell.tsx';

export interface LayoutProps {
  readonly title: string;
  readonly siteName: string;
  readonly organisation: string;
  /** The current path, to mark the current navigation item. */
  readonly path: string;
  /** The publication shown, for the 第n版 notice. */
  readonly publication?: PublicationInfo | undefined;
  readonly children?: Child;
}

/** 2026年11月25日 (Japan time). */
const japanDay = (at: Date): string => {
  const d = new Date(at.getTime() + 9 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

/** Which publication the pages show; a correction (第2版 …) with its reason and the figures it changed. */
function PublicationNotice({ publication }: { publication: PublicationInfo }) {
  const label = `${formatFiscalYear(publication.fiscalYear)} 第${publication.revision}版`;
  return (
    <section class="publication-notice" aria-label="公表版">
      <p>
        この内容は {label}（{japanDay(publication.publishedAt)}公表）です。
        {publication.revision > 1 && publication.reason !== null && <>訂正の理由: {publication.reason}</>}
      </p>
      {publication.changes.length > 0 && (
        <details>
          <summary>前の版から変わった数値（{publication.changes.length}件）</summary>
          <table class="data-table">
            <caption>{label}で変わった数値</caption>
            <thead>
              <tr>
                <th scope="col">項目</th>
                <th scope="col">前の版</th>
                <th scope="col">この版</th>
              </tr>
            </thead>
            <tbody>
              {publication.changes.map((change) => (
                <tr>
                  <th scope="row">{change.label}</th>
                  <td>{change.before}</td>
                  <td>{change.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

const NAV = [
  { href: '/', label: 'トップ' },
  { href: '/kpis', label: 'KPI一覧' },
  { href: '/checks', label: '整合性チェック' },
  { href: '/data', label: 'データ' },
  { href: '/api', label: 'API' },
] as const;

/** The page shell: lang="ja", skip link, header with navigation, main, footer; no script needed. */
export function Layout({ title, siteName, organisation, path, publication, children }: LayoutProps) {
  const current = (href: string) => (href === '/' ? path === '/' : path.startsWith(href));
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <DocumentHead title={`${title} | ${siteName}`} />
        <body>
          <SkipLink />
          <header class="site-header">
            <div class="site-header__inner">
              <p class="site-header__org">{organisation}</p>
              <p class="site-header__name">
                <a href="/">{siteName}</a>
              </p>
              <NavList label="サイト" items={NAV} current={current} />
            </div>
          </header>
          <main id="main" class="site-main">
            {publication !== undefined && <PublicationNotice publication={publication} />}
            {children}
          </main>
          <footer class="site-footer">
            <p>
              数値はすべて保存されたデータと計画の評価ルールから計算しています。データは
              <a href="/data">データのダウンロード</a>のページから入手できます（CC BY 4.0）。
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}

/** A simple page for errors (404, 400, 500) in the site's shell. */
export function ErrorPage(props: {
  status: number;
  message: string;
  siteName: string;
  organisation: string;
  path: string;
}) {
  return (
    <Layout
      title={`エラー ${props.status}`}
      siteName={props.siteName}
      organisation={props.organisation}
      path={props.path}
    >
      <h1>
        {props.status === 404
          ? 'ページが見つかりません'
          : props.status === 400
            ? '指定が正しくありません'
            : 'エラーが発生しました'}
      </h1>
      <p>{props.message}</p>
      <p>
        <a href="/">トップへ戻る</a>
      </p>
    </Layout>
  );
}
