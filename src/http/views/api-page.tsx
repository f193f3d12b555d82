import type { EndpointDoc } from '../api/endpoint-docs.ts';
import type { ApiExample } from '../api/examples.ts';
import { ScrollTable } from './components/scroll-table.tsx';

export interface ApiPageProps {
  readonly endpoints: readonly EndpointDoc[];
  readonly examples: readonly ApiExample[];
  readonly documentUrl: string;
  readonly years: readonly { fy: number; label: string }[];
  readonly defaultYearLabel: string;
}

const IN_LABELS: Readonly<Record<string, string>> = { query: 'クエリ', path: 'パス' };

/** The API's human documentation: what it is, each route with parameters, responses and a real example. */
export function ApiPage({ endpoints, examples, documentUrl, years, defaultYearLabel }: ApiPageProps) {
  return (
    <>
      <h1>API（機械可読データ）</h1>
      <p>
        この API は、このサイトに表示している数値をプログラムから JSON
        で取得するためのものです。関連事業の集計・施策と KPI の判定・整合性チェックの結果は、コマンド{' '}
        <code>shinchoku summary / evaluate / check --format json</code>{' '}
        と同じ形（契約）で返します。項目の追加はありえますが、既存項目の削除・意味の変更はしません。
      </p>
      <ul>
        <li>読み取り専用です（GET のみ）。認証は不要です。</li>
        <li>
          率（達成率・進捗率）は丸める前の百分率の数値、金額は千円単位の整数です。値がないときは{' '}
          <code>null</code> で、0 とは区別します。表示用に丸めた文字列は <code>display</code> にあります。
        </li>
        <li>
          年度 <code>fy</code> は <code>2024</code>・<code>R6</code>・<code>令和6年度</code>{' '}
          のどの書き方でも指定できます。省略すると
          {defaultYearLabel}です。指定できる年度: {years.map((y) => `${y.fy}（${y.label}）`).join('、')}。
        </li>
        <li>
          パラメータが正しくないとき（読めない年度、データのない年度、ルートにないクエリパラメータ）は
          400、該当するデータがないときは 404 を、
          <code>{'{ "error": { "code", "message", "details" } }'}</code> の形で返します。
        </li>
        <li>データのライセンスは CC BY 4.0（公共データ利用規約 第1.0版と互換）です。</li>
      </ul>
      <p>
        OpenAPI 3.1 の定義: <a href={documentUrl}>{documentUrl}</a>
        （ルートの定義から自動生成しています）。計画データ全体のファイルは
        <a href="/data">データ</a>のページからダウンロードできます。
      </p>

      <ScrollTable id="api-routes" caption="API のルート一覧">
        <thead>
          <tr>
            <th scope="col">メソッド</th>
            <th scope="col">パス</th>
            <th scope="col">内容</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr>
              <td>{e.method}</td>
              <th scope="row">
                <a href={`#${e.operationId}`}>
                  <code>{e.path}</code>
                </a>
              </th>
              <td>{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>

      {endpoints.map((e) => (
        <EndpointSection endpoint={e} example={examples.find((x) => x.operationId === e.operationId)} />
      ))}
    </>
  );
}

function EndpointSection({
  endpoint: e,
  example,
}: {
  endpoint: EndpointDoc;
  example: ApiExample | undefined;
}) {
  return (
    <section aria-labelledby={e.operationId}>
      <h2 id={e.operationId}>
        <code>
          {e.method} {e.path}
        </code>
      </h2>
      <p>{e.summary}</p>
      {e.description ? <p>{e.description}</p> : null}
      {e.parameters.length > 0 ? (
        <ScrollTable id={`${e.operationId}-parameters`} caption={`${e.path} のパラメータ`}>
          <thead>
            <tr>
              <th scope="col">名前</th>
              <th scope="col">場所</th>
              <th scope="col">必須</th>
              <th scope="col">説明</th>
              <th scope="col">例</th>
            </tr>
          </thead>
          <tbody>
            {e.parameters.map((p) => (
              <tr>
                <th scope="row">
                  <code>{p.name}</code>
                </th>
                <td>{IN_LABELS[p.in] ?? p.in}</td>
                <td>{p.required ? '必須' : '省略可'}</td>
                <td>{p.description}</td>
                <td>
                  <code>{p.example}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      ) : (
        <p>パラメータはありません。</p>
      )}
      <ScrollTable id={`${e.operationId}-responses`} caption={`${e.path} の応答`}>
        <thead>
          <tr>
            <th scope="col">ステータス</th>
            <th scope="col">意味</th>
          </tr>
        </thead>
        <tbody>
          {e.responses.map((r) => (
            <tr>
              <th scope="row">{r.status}</th>
              <td>{r.description}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {example ? (
        <>
          <h3>例</h3>
          <p>
            リクエスト: <a href={example.url}>{`GET ${example.url}`}</a>
          </p>
          <p>応答（抜粋。配列は先頭の1件だけ、長い文字列は途中まで）:</p>
          <pre>
            <code>{example.excerpt}</code>
          </pre>
        </>
      ) : null}
    </section>
  );
}
