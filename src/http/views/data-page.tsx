import type { TableSummary } from '../../io/csv/table-description.ts';
import { ScrollTable } from './components/scroll-table.tsx';

export interface DataFileRow {
  readonly href: string;
  readonly name: string;
  readonly format: string;
  readonly encoding: string;
  readonly description: string;
  /** Size in bytes, or why the file cannot be offered. */
  readonly size: { bytes: number } | { unavailable: string };
}

export interface DataPageProps {
  /** The annual progress report, one link per format. */
  readonly reports: readonly { readonly href: string; readonly label: string }[];
  readonly planName: string;
  readonly organisation: string;
  readonly reportYearLabel: string;
  readonly files: readonly DataFileRow[];
  readonly tables: readonly TableSummary[];
  readonly conventions: readonly string[];
  readonly licence: { name: string; url: string };
}

const grouped = new Intl.NumberFormat('ja-JP');

/** 46,284 bytes → 「45.2 KB（46,284バイト）」. */
export const formatBytes = (bytes: number): string => {
  const exact = `${grouped.format(bytes)}バイト`;
  if (bytes < 1024) return exact;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${value.toFixed(1)} ${unit}（${exact}）`;
};

/** The データ page: the files offered, what is in them, their encodings and licence. */
export function DataPage(props: DataPageProps) {
  const { planName, organisation, reportYearLabel, files, reports, tables, conventions, licence } = props;
  return (
    <>
      <h1>データ（オープンデータ）</h1>
      <p>
        {organisation}「{planName}」の{reportYearLabel}
        の計画データ（目標・行動指針・施策・KPIの基準値・目標値・実績値・関連事業・公表値）を、
        機械可読な形式でダウンロードできます。このサイトの数値はすべてこのデータから計算しています。どのファイルも同じ内容で、形式と文字コードだけが違います。
      </p>

      <h2>進捗報告資料（{reportYearLabel}）</h2>
      <p>公表資料と同じ構成の進捗報告資料を、このデータから作成してダウンロードできます。</p>
      <ul class="report-downloads">
        {reports.map((r) => (
          <li>
            <a href={r.href}>進捗報告資料 {r.label}</a>
          </li>
        ))}
      </ul>

      <h2>データファイル</h2>
      <ScrollTable id="data-files" caption="ダウンロードできるファイル">
        <thead>
          <tr>
            <th scope="col">ファイル</th>
            <th scope="col">形式</th>
            <th scope="col">文字コード</th>
            <th scope="col">サイズ</th>
            <th scope="col">内容</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr>
              <th scope="row">{'bytes' in f.size ? <a href={f.href}>{f.name}</a> : <span>{f.name}</span>}</th>
              <td>{f.format}</td>
              <td>{f.encoding}</td>
              <td>
                {'bytes' in f.size ? formatBytes(f.size.bytes) : `提供できません（${f.size.unavailable}）`}
              </td>
              <td>{f.description}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>

      <h2>ライセンス</h2>
      <p>
        データは <a href={licence.url}>{licence.name}</a>{' '}
        で提供します。公共データ利用規約（第1.0版）（PDL1.0）と互換性があります。
        出典を表示すれば、複製・加工・再配布・商用利用を含めて自由に利用できます。
      </p>
      <p>
        出典の表示例: 「出典: {organisation}「{planName}」{reportYearLabel}進捗データ（CC BY
        4.0）」。加工した場合はその旨も記載してください。
      </p>

      <h2>ファイルの形式</h2>
      <ul>
        {conventions.map((c) => (
          <li>{c}</li>
        ))}
        <li>
          CSV は表ごとに1ファイル（改行は CRLF）。zip には各表の CSV のほか、表と列の説明 README.txt（UTF-8
          BOM付き）と metadata.json（UTF-8）が入っています。
        </li>
        <li>
          Shift_JIS 版は Windows-31J（CP932）です。Shift_JIS
          で表せない文字があるときは、その版は提供しません。
        </li>
        <li>xlsx・CSV・JSON はどれも取り込み（shinchoku import）にそのまま使えます。</li>
      </ul>

      <ScrollTable id="data-tables" caption="表の一覧（xlsx のシート名・CSV のファイル名と列）">
        <thead>
          <tr>
            <th scope="col">表</th>
            <th scope="col">内容</th>
            <th scope="col">行数</th>
            <th scope="col">列（見出し）</th>
          </tr>
        </thead>
        <tbody>
          {tables.map((t) => (
            <tr>
              <th scope="row">
                {t.title}
                <br />
                <code>{`${t.title}.csv`}</code>
              </th>
              <td>{t.description}</td>
              <td>{grouped.format(t.rows)}</td>
              <td>{t.columns.map((c) => c.header).join('、')}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <p>
        列の型・必須かどうか・選べる値は、xlsx の「説明」シートと CSV の README.txt・metadata.json
        に記載しています。 プログラムから数値だけを使う場合は <a href="/api">API</a> も利用できます。
      </p>
    </>
  );
}
