import { formatFiscalYear } from '../../../domain/calendar/fiscal-year.ts';
import type { MeasureAnswerInput } from '../../../domain/editing/measure-answer.ts';
import { otherYearBasisText } from '../../../domain/evaluation/judgement-basis.ts';
import type { MeasureEvaluation } from '../../../domain/evaluation/measure-status.ts';
import { kpisOfMeasure, type Plan } from '../../../domain/plan/model.ts';
import type { Measure } from '../../../domain/plan/schema.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { CsrfField, FieldError } from './admin-layout.tsx';
import { AnswerKpiRow, fieldId } from './answer-kpi-row.tsx';

/** A stale field: what the other person saved beside what this person typed. */
export interface ConflictRow {
  readonly label: string;
  readonly theirs: string;
  readonly yours: string;
}

export interface AnswerPageProps {
  readonly plan: Plan;
  readonly measure: Measure;
  readonly fiscalYear: number;
  readonly owner: string;
  readonly input: MeasureAnswerInput;
  readonly versions: { readonly actuals: ReadonlyMap<string, number>; readonly analysis: number };
  /** KPIs this person may change (others are shown, not editable). */
  readonly editable: ReadonlySet<string>;
  readonly canEditAnalysis: boolean;
  readonly current: MeasureEvaluation;
  readonly preview?: MeasureEvaluation | undefined;
  readonly errors: Readonly<Record<string, string>>;
  readonly saved?: boolean;
  readonly conflicts?: readonly ConflictRow[] | undefined;
  /** Why the figures cannot be changed now (read-only form). */
  readonly notice?: string | undefined;
  /** Why nothing was saved (the campaign's rules), shown above the form. */
  readonly refusal?: string | undefined;
  readonly csrf: string;
  /** 代理入力: the departments (names) this person enters for without belonging to them; empty otherwise. */
  readonly onBehalfOf?: readonly string[] | undefined;
}

/** KPI id → 「令和5年度目標値 6 で判定」 for each KPI judged with another year's figures (the evaluation's own choice). */
const otherYearBases = (evaluation: MeasureEvaluation): Map<string, string> =>
  new Map(
    evaluation.kpis.flatMap((k) => {
      const text = otherYearBasisText(k);
      return text === undefined ? [] : [[k.kpi.id, text] as const];
    }),
  );

/** The answer form of one measure and year: last year beside this year, errors under each field. */
export function AnswerPage(props: AnswerPageProps) {
  const { plan, measure, fiscalYear, input, errors } = props;
  const year = formatFiscalYear(fiscalYear);
  const lastYear = formatFiscalYear(fiscalYear - 1);
  const byKpi = new Map(input.kpis.map((k) => [k.kpi, k]));
  const anyEditable = props.editable.size > 0 || props.canEditAnalysis;
  const errorList = Object.entries(errors);
  const action = `/admin/measures/${encodeURIComponent(measure.id)}/years/${fiscalYear}`;
  const bases = otherYearBases(props.preview ?? props.current);
  const kpiName = (id: string) => plan.kpis.get(id)?.name ?? id;
  return (
    <>
      <p>
        <a href="/admin">入力一覧へ戻る</a>
      </p>
      <h1>
        {measure.name}　{year}の実績
      </h1>
      <p>
        担当: {props.owner}　現在の判定: <StatusBadge status={props.current.status} />
      </p>
      {anyEditable && (props.onBehalfOf?.length ?? 0) > 0 && (
        <p class="notice">
          この施策の入力は「代理入力（{props.onBehalfOf?.join('、')}）」として変更履歴に記録されます。
        </p>
      )}
      {props.saved === true && (
        <p class="success" role="status">
          保存しました。判定は「
          <StatusBadge status={props.current.status} />
          」です。
        </p>
      )}
      {props.notice !== undefined && props.refusal === undefined && <p class="notice">{props.notice}</p>}
      {props.refusal !== undefined && (
        <div class="error-summary" role="alert">
          <h2>保存できません</h2>
          <p>{props.refusal}</p>
        </div>
      )}
      {props.conflicts !== undefined && (
        <div class="error-summary" role="alert">
          <h2>ほかの人が先に保存しました</h2>
          <p>
            この画面を開いた後に、次の値がほかの人によって変更されました。あなたの入力はまだ保存されていません。
            内容を確認し、あなたの値で保存し直す場合は、下のフォームの「保存する」を押してください。
          </p>
          <table class="data-table conflict-table">
            <caption>変更が重なった項目</caption>
            <thead>
              <tr>
                <th scope="col">項目</th>
                <th scope="col">ほかの人が保存した値</th>
                <th scope="col">あなたの入力</th>
              </tr>
            </thead>
            <tbody>
              {props.conflicts.map((row) => (
                <tr>
                  <th scope="row">{row.label}</th>
                  <td>{row.theirs}</td>
                  <td>{row.yours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {errorList.length > 0 && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">入力内容を確認してください（{errorList.length}件）</h2>
          <ul>
            {errorList.map(([name, message]) => (
              <li>
                <a href={`#${fieldId(name)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {props.preview !== undefined && (
        <p class="preview" role="status">
          この内容で保存すると、判定は「
          <StatusBadge status={props.preview.status} />
          」になります（まだ保存していません）。
          {[...bases].map(([id, text]) => (
            <span class="preview__basis">
              {kpiName(id)}: {text}
            </span>
          ))}
        </p>
      )}
      <form method="post" action={action} class="form-stack answer-form" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="analysis.version" value={String(props.versions.analysis)} />
        {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
        <div class="table-scroll" role="region" aria-label="KPIの実績値の表" tabindex={0}>
          <table class="data-table answer-table">
            <caption>KPIの実績値（{year}）</caption>
            <thead>
              <tr>
                <th scope="col">KPI</th>
                <th scope="col">基準値</th>
                <th scope="col">{year}目標</th>
                <th scope="col">{lastYear}実績</th>
                <th scope="col">{year}実績</th>
              </tr>
            </thead>
            <tbody>
              {kpisOfMeasure(plan, measure).map((kpi) => (
                <AnswerKpiRow
                  kpi={kpi}
                  fiscalYear={fiscalYear}
                  entry={byKpi.get(kpi.id)}
                  errors={errors}
                  editable={props.editable.has(kpi.id)}
                  version={props.versions.actuals.get(kpi.id) ?? 0}
                  basis={bases.get(kpi.id)}
                  othersHint={anyEditable}
                />
              ))}
            </tbody>
          </table>
        </div>
        <div class="field">
          <label for="analysis">要因分析（{year}）</label>
          <p class="field__hint" id="analysis-hint">
            達成していない場合は必須です。未達成の理由と今後の取組を書いてください。
          </p>
          {props.canEditAnalysis ? (
            <textarea
              id="analysis"
              name="analysis"
              rows={8}
              aria-invalid={errors.analysis === undefined ? undefined : 'true'}
              aria-describedby={`analysis-hint${errors.analysis === undefined ? '' : ' analysis-error'}`}
            >
              {input.analysis}
            </textarea>
          ) : (
            <p id="analysis" class="analysis-text">
              {input.analysis === '' ? '未入力' : input.analysis}
            </p>
          )}
          <FieldError id="analysis-error" message={errors.analysis} />
        </div>
        {anyEditable && (
          <div class="form-actions">
            <button type="submit" name="intent" value="preview" class="button button--secondary">
              判定を確認する（保存しない）
            </button>
            <button type="submit" name="intent" value="save" class="button">
              保存する
            </button>
          </div>
        )}
      </form>
      <p>
        <a href={`/admin/measures/${encodeURIComponent(measure.id)}/history`}>この施策の変更履歴</a>
      </p>
    </>
  );
}
