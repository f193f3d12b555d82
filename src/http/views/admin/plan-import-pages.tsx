// 計画の取込: the upload page (what the file is, where to get one, problems of a refused file), the preview of what
// the import would change per table, and the result after saving (props in, markup out).
import type { ImportReport } from '../../../db/plan-store.ts';
import { CsrfField } from './admin-layout.tsx';

export const PLAN_IMPORT_TITLE = '計画の取込';
const BASE = '/admin/plan/import';

/** Why a file was not taken: one message, and located problems (sheet, row, column) when there are any. */
export interface ImportProblems {
  readonly message: string;
  readonly details: readonly string[];
}

export function PlanImportPage({
  csrf,
  organisation,
  withPlan = true,
  problems,
}: {
  csrf: string;
  /** 「宮城県（040002）」 */
  organisation: string;
  /** False before the organisation's first plan: the upload then makes it, and there is no current plan to download. */
  withPlan?: boolean;
  problems?: ImportProblems | undefined;
}) {
  return (
    <>
      <h1>{PLAN_IMPORT_TITLE}</h1>
      {problems !== undefined && (
        <div class="error-summary" role="alert">
          <h2>このファイルは取り込めません</h2>
          <p>{problems.message}</p>
          {problems.details.length > 0 && (
            <ul>
              {problems.details.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p>
        {organisation}
        の計画（目標・施策・KPI・目標値・所属など）を、Excelブックから一度に取り込みます。アップロードすると、まず表ごとに追加・変更・削除される行数を表示します。確認して「この内容で保存する」を押すまで、何も保存しません。
      </p>
      <ul>
        <li>
          <a href={`${BASE}/starter.xlsx`}>計画の入力用ひな形（Excel）をダウンロード</a>:
          初めて計画を入力するときに使います。「はじめに」シートに入力のしかたがあります。
        </li>
        {withPlan ? (
          <li>
            <a href={`${BASE}/plan.xlsx`}>計画の現在の内容（Excel）をダウンロード</a>:
            保存済みの計画を直すときは、このブックを編集してアップロードします（各行の版を含むため、ダウンロードの後にほかの人が変更した行を上書きしません）。
          </li>
        ) : (
          <li>計画はまだありません。取り込んだファイルの内容が、この団体の最初の計画になります。</li>
        )}
      </ul>
      <form method="post" action={BASE} enctype="multipart/form-data" class="form-stack">
        <CsrfField token={csrf} />
        <div class="field">
          <label for="file">計画のファイル（.xlsx。CSVのzip・JSON・YAMLも可）</label>
          <input type="file" id="file" name="file" accept=".xlsx,.zip,.json,.yaml,.yml" />
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="overwrite" value="1" /> ファイルの内容で上書きする:
            ダウンロードの後にほかの人が変更した行や、版の情報がないファイル（入力用ひな形など）で変わる保存済みの行も、ファイルの内容にします（上書きしたことを変更履歴に記録します）
          </label>
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            内容を確認する（まだ保存しません）
          </button>
        </div>
      </form>
    </>
  );
}

const total = (report: ImportReport) =>
  report.tables.reduce((n, t) => n + t.added + t.changed + t.removed, 0);

/** Per table: rows added, changed, removed and unchanged (tables without change are left out). */
export function ImportReportTable({ report }: { report: ImportReport }) {
  const changed = report.tables.filter((t) => t.added + t.changed + t.removed > 0);
  return (
    <table class="data-table import-report">
      <caption>表ごとの行数</caption>
      <thead>
        <tr>
          <th scope="col">表</th>
          <th scope="col">追加</th>
          <th scope="col">変更</th>
          <th scope="col">削除</th>
          <th scope="col">変更なし</th>
        </tr>
      </thead>
      <tbody>
        {changed.map((t) => (
          <tr data-table={t.table}>
            <th scope="row">{t.title}</th>
            <td>{t.added}</td>
            <td>{t.changed}</td>
            <td>{t.removed}</td>
            <td>{t.unchanged}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PlanImportPreview({
  report,
  fileName,
  token,
  csrf,
}: {
  report: ImportReport;
  fileName: string;
  /** Names the upload kept on the server for this confirmation (not its content). */
  token: string;
  csrf: string;
}) {
  const n = total(report);
  return (
    <>
      <h1>{PLAN_IMPORT_TITLE}: 取り込む内容の確認</h1>
      <p>ファイル: {fileName}</p>
      {!report.fileHasVersions && (
        <p class="notice">
          このファイルには版の情報がありません（計画の現在の内容としてダウンロードしたブックではありません）。
        </p>
      )}
      {report.overwritten > 0 && (
        <p class="notice">
          ダウンロードの後に変更された行、または版の情報がないファイルで変わる保存済みの行{' '}
          {report.overwritten} 行を、ファイルの内容で上書きします（変更履歴に記録します）。
        </p>
      )}
      {n === 0 ? (
        <p class="notice">保存されている計画から変わった行はありません。</p>
      ) : (
        <>
          <p>次の {n} 行を追加・変更・削除します。まだ保存していません。</p>
          <ImportReportTable report={report} />
          <form method="post" action={`${BASE}/confirm`} class="form-stack">
            <CsrfField token={csrf} />
            <input type="hidden" name="upload" value={token} />
            <div class="form-actions">
              <button type="submit" class="button">
                この内容で保存する
              </button>
            </div>
          </form>
        </>
      )}
      <p>
        <a href={BASE}>別のファイルを選ぶ</a>
      </p>
    </>
  );
}

export function PlanImportDone({ report }: { report: ImportReport }) {
  return (
    <>
      <h1>{PLAN_IMPORT_TITLE}: 保存しました</h1>
      <p class="notice" role="status">
        計画を取り込みました（{total(report)} 行を追加・変更・削除）。変更は変更履歴に記録しています。
      </p>
      <ImportReportTable report={report} />
      <ul>
        <li>
          <a href="/admin/plan">計画の編集へ</a>
        </li>
        <li>
          <a href="/admin/history">変更履歴へ</a>
        </li>
      </ul>
    </>
  );
}
