// The 調査票 pages: the upload form with every problem of a refused workbook, and the confirmation listing each
// change (old → new, the measure's status after it) before anything is saved (props in, markup out).
import { otherYearBasisText } from '../../../domain/evaluation/judgement-basis.ts';
import type { MeasureEvaluation } from '../../../domain/evaluation/measure-status.ts';
import type { Measure } from '../../../domain/plan/schema.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { CsrfField } from './admin-layout.tsx';

/** One measure's changes as the confirmation lists them. */
export interface SurveyChange {
  readonly measure: Measure;
  readonly rows: readonly { label: string; before: string; after: string }[];
  readonly after: MeasureEvaluation;
}

/** 「KPI名: 令和5年度目標値 6 で判定」 for each KPI of the judgement that used another year's figures. */
export function BasisNotes({ evaluation }: { evaluation: MeasureEvaluation }) {
  const notes = evaluation.kpis.flatMap((k) => {
    const text = otherYearBasisText(k);
    return text === undefined ? [] : [`${k.kpi.name}: ${text}`];
  });
  if (notes.length === 0) return null;
  return (
    <ul class="basis-notes">
      {notes.map((note) => (
        <li>{note}</li>
      ))}
    </ul>
  );
}

export function UploadForm({
  csrf,
  fiscalYear,
  department,
  issues,
}: {
  csrf: string;
  fiscalYear: number;
  department: string;
  issues?: readonly string[] | undefined;
}) {
  const base = `/admin/cycles/${fiscalYear}/surveys/${department}`;
  return (
    <>
      {issues !== undefined && issues.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>この調査票は取り込めません（{issues.length}件）</h2>
          <p>データベースは変更していません。次の箇所を直して、もう一度アップロードしてください。</p>
          <ul>
            {issues.map((i) => (
              <li>{i}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        <a href={`${base}/workbook`}>この所属の調査票（Excel）をダウンロード</a>
      </p>
      <form method="post" action={base} enctype="multipart/form-data" class="form-stack">
        <CsrfField token={csrf} />
        <div class="field">
          <label for="file">入力した調査票（.xlsx）</label>
          <input
            type="file"
            id="file"
            name="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
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

/** What the upload would change, and the form that saves it. */
export function SurveyConfirmation({
  title,
  fiscalYear,
  department,
  changed,
  changesJson,
  csrf,
}: {
  title: string;
  fiscalYear: number;
  department: string;
  changed: readonly SurveyChange[];
  changesJson: string;
  csrf: string;
}) {
  return (
    <>
      <h1>{title}: 取り込む内容の確認</h1>
      {changed.length === 0 ? (
        <p class="notice">保存されている内容から変わった項目はありません。</p>
      ) : (
        <>
          <p>
            次の変更を保存します（{changed.reduce((n, m) => n + m.rows.length, 0)}
            項目）。まだ保存していません。
          </p>
          {changed.map((m) => (
            <section aria-labelledby={`m-${m.measure.id}`}>
              <h2 id={`m-${m.measure.id}`}>
                {m.measure.name}（保存後の判定: <StatusBadge status={m.after.status} />）
              </h2>
              <BasisNotes evaluation={m.after} />
              <table class="data-table change-table">
                <caption>{m.measure.name}の変更</caption>
                <thead>
                  <tr>
                    <th scope="col">項目</th>
                    <th scope="col">変更前</th>
                    <th scope="col">変更後</th>
                  </tr>
                </thead>
                <tbody>
                  {m.rows.map((r) => (
                    <tr>
                      <th scope="row">{r.label}</th>
                      <td>{r.before}</td>
                      <td>{r.after}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
          <form
            method="post"
            action={`/admin/cycles/${fiscalYear}/surveys/${department}/apply`}
            class="form-stack"
          >
            <CsrfField token={csrf} />
            <input type="hidden" name="changes" value={changesJson} />
            <div class="form-actions">
              <button type="submit" class="button">
                この内容で保存する
              </button>
            </div>
          </form>
        </>
      )}
    </>
  );
}
