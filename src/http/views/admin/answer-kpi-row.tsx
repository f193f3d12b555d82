import { formatFiscalYear } from '../../../domain/calendar/fiscal-year.ts';
import { actualOf, type KpiAnswerInput } from '../../../domain/editing/measure-answer.ts';
import { baselineOutput, targetOutput } from '../../../domain/output/kpi-output.ts';
import type { Kpi } from '../../../domain/plan/schema.ts';
import { formatQuantity } from '../../../domain/values/quantity.ts';
import { FieldError } from './admin-layout.tsx';

export interface AnswerKpiRowProps {
  readonly kpi: Kpi;
  readonly fiscalYear: number;
  readonly entry: KpiAnswerInput | undefined;
  readonly errors: Readonly<Record<string, string>>;
  /** Whether this person may change the KPI's actual (otherwise it is shown, not editable). */
  readonly editable: boolean;
  /** The version of the stored actual the form was read with (0 = none yet). */
  readonly version: number;
  /** 「令和5年度目標値 6 で判定」 when the judgement uses another year's figures. */
  readonly basis: string | undefined;
  /** Say that another department answers this KPI (when the person can edit something else on the form). */
  readonly othersHint: boolean;
}

export const fieldId = (name: string) => name.replaceAll('.', '-');

/** One KPI of the answer form: its figures, then the entry fields (or the value, when not this person's). */
export function AnswerKpiRow(props: AnswerKpiRowProps) {
  const { kpi, fiscalYear, entry, errors } = props;
  const year = formatFiscalYear(fiscalYear);
  const lastYear = formatFiscalYear(fiscalYear - 1);
  const target = kpi.targets.find((t) => t.fiscalYear === fiscalYear);
  const last = actualOf(kpi, fiscalYear - 1);
  const valueName = `kpi.${kpi.id}.value`;
  const noteName = `kpi.${kpi.id}.note`;
  const valueError = errors[valueName];
  const noteError = errors[noteName];
  const editable = props.editable;
  return (
    <tr>
      <th scope="row">
        {kpi.name}
        <span class="field__hint">（単位: {kpi.unit}）</span>
      </th>
      <td data-label="基準値">{kpi.baseline === undefined ? '—' : baselineOutput(kpi, kpi.baseline).text}</td>
      <td data-label={`${year}目標`}>
        {target === undefined ? '—' : targetOutput(kpi, target).text}
        {props.basis !== undefined && <span class="cell-note">{props.basis}</span>}
      </td>
      <td data-label={`${lastYear}実績`}>
        {last === undefined ? '—' : formatQuantity(last.value)}
        {last?.provisional === true && '（見込み）'}
      </td>
      <td class="answer-table__entry">
        {editable ? (
          <div class="field">
            <input type="hidden" name={`kpi.${kpi.id}.version`} value={String(props.version)} />
            <label for={fieldId(valueName)}>
              {kpi.name}の実績値<span class="visually-hidden">（{year}）</span>
            </label>
            <input
              type="text"
              id={fieldId(valueName)}
              name={valueName}
              value={entry?.value ?? ''}
              inputmode="decimal"
              autocomplete="off"
              aria-invalid={valueError === undefined ? undefined : 'true'}
              aria-describedby={`${fieldId(valueName)}-hint${valueError === undefined ? '' : ` ${fieldId(valueName)}-error`}`}
            />
            <p class="field__hint" id={`${fieldId(valueName)}-hint`}>
              例: 1,527　93.56%　値がないときは「—」「未計測」「集計中」
            </p>
            <FieldError id={`${fieldId(valueName)}-error`} message={valueError} />
            <label class="checkbox">
              <input
                type="checkbox"
                name={`kpi.${kpi.id}.provisional`}
                value="1"
                checked={entry?.provisional === true}
              />
              見込み（確定していない値）
            </label>
            <label for={fieldId(noteName)}>備考</label>
            <input
              type="text"
              id={fieldId(noteName)}
              name={noteName}
              value={entry?.note ?? ''}
              aria-invalid={noteError === undefined ? undefined : 'true'}
              aria-describedby={noteError === undefined ? undefined : `${fieldId(noteName)}-error`}
            />
            <FieldError id={`${fieldId(noteName)}-error`} message={noteError} />
          </div>
        ) : (
          <>
            {entry?.value === '' || entry === undefined ? '未入力' : entry.value}
            {entry?.provisional === true && '（見込み）'}
            {props.othersHint && <p class="field__hint">ほかの所属が入力するKPIです。</p>}
          </>
        )}
      </td>
    </tr>
  );
}
