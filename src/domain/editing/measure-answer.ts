// A department's answer for one measure and fiscal year: the actual of each KPI (value, 見込み/確定, note) and the
// 要因分析. Pure: reads the answer from form text with the core's parsers, previews the measure's status with the
// core's evaluation, and says which fields are wrong, in the 「＊…」 style of Japanese forms.
import type { FiscalYear } from '../calendar/fiscal-year.ts';
import { evaluateKpi } from '../evaluation/kpi-evaluation.ts';
import { judgeMeasure, type MeasureEvaluation } from '../evaluation/measure-status.ts';
import { isProvisional } from '../output/kpi-output.ts';
import { departmentLabel, kpisOfMeasure, type Plan } from '../plan/model.ts';
import type { Kpi, KpiActual, Measure } from '../plan/schema.ts';
import { formatQuantity, parseQuantity, type Quantity } from '../values/quantity.ts';

/** Longest 要因分析 accepted (the printed report has room for about this much). */
export const ANALYSIS_MAX_LENGTH = 2000;
/** Longest note on a value. */
export const NOTE_MAX_LENGTH = 200;

/** What a form sends for one KPI: text as typed. */
export interface KpiAnswerInput {
  readonly kpi: string;
  readonly value: string;
  readonly provisional: boolean;
  readonly note: string;
}

export interface MeasureAnswerInput {
  readonly kpis: readonly KpiAnswerInput[];
  readonly analysis: string;
}

/** One KPI's actual after reading: `value` null = no actual for the year (the row is removed). */
export interface KpiAnswer {
  readonly kpi: string;
  readonly value: Quantity | null;
  readonly provisional: boolean;
  readonly note: string | null;
}

export interface MeasureAnswer {
  readonly kpis: readonly KpiAnswer[];
  readonly analysis: string | null;
}

/** Field name → message; field names are `kpi.<id>.value`, `kpi.<id>.note` and `analysis`. */
export type FieldErrors = Readonly<Record<string, string>>;

/** The departments a measure belongs to: its own and those of its joint measures. */
export const measureDepartments = (measure: Measure): string[] => [
  measure.department,
  ...measure.jointMeasures.map((j) => j.department),
];

/** The departments answering for a KPI: those of every measure listing it. */
export const kpiDepartments = (plan: Plan, kpiId: string): string[] => [
  ...new Set((plan.kpiMeasures.get(kpiId) ?? []).flatMap(measureDepartments)),
];

/** The actual of a KPI for a fiscal year, if there is one. */
export const actualOf = (kpi: Kpi, fiscalYear: FiscalYear): KpiActual | undefined =>
  kpi.actuals.find((a) => a.fiscalYear === fiscalYear);

/** The form's starting values: what is stored now, written as a person would type it. */
export function currentAnswerInput(plan: Plan, measure: Measure, fiscalYear: FiscalYear): MeasureAnswerInput {
  const provisionalDefault = plan.document.report.actualsProvisional;
  return {
    kpis: kpisOfMeasure(plan, measure).map((kpi) => {
      const actual = actualOf(kpi, fiscalYear);
      return {
        kpi: kpi.id,
        value: actual === undefined ? '' : formatQuantity(actual.value),
        provisional:
          actual === undefined
            ? provisionalDefault && fiscalYear === plan.reportYear
            : isProvisional(actual, plan.reportYear, provisionalDefault),
        note: actual?.note ?? '',
      };
    }),
    analysis: measure.analyses.find((a) => a.fiscalYear === fiscalYear)?.text ?? '',
  };
}

const chars = (text: string) => [...text].length;

/** Reads a form's text; every problem is reported against its field, nothing is guessed. */
export function readMeasureAnswer(
  plan: Plan,
  measure: Measure,
  input: MeasureAnswerInput,
): { answer: MeasureAnswer; errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const known = new Set(kpisOfMeasure(plan, measure).map((k) => k.id));
  const kpis: KpiAnswer[] = [];
  for (const entry of input.kpis) {
    if (!known.has(entry.kpi)) {
      errors[`kpi.${entry.kpi}.value`] = `＊KPI「${entry.kpi}」はこの施策にありません。`;
      continue;
    }
    const text = entry.value.trim();
    let value: Quantity | null = null;
    if (text !== '') {
      const parsed = parseQuantity(text);
      if (parsed.ok) value = parsed.value;
      else
        errors[`kpi.${entry.kpi}.value`] =
          `＊${parsed.error.message}。数値（例: 1,527、93.56%）か、値がない理由（— 、未計測、集計中）を入力してください。`;
    }
    const note = entry.note.trim();
    if (chars(note) > NOTE_MAX_LENGTH)
      errors[`kpi.${entry.kpi}.note`] =
        `＊備考は${NOTE_MAX_LENGTH}文字以内にしてください（${chars(note)}文字）。`;
    kpis.push({ kpi: entry.kpi, value, provisional: entry.provisional, note: note === '' ? null : note });
  }
  const analysis = input.analysis.replace(/\r\n?/g, '\n').trim();
  if (chars(analysis) > ANALYSIS_MAX_LENGTH)
    errors.analysis = `＊要因分析は${ANALYSIS_MAX_LENGTH}文字以内にしてください（${chars(analysis)}文字）。`;
  return { answer: { kpis, analysis: analysis === '' ? null : analysis }, errors };
}

/** The KPI with its actual for the year replaced by the answer's (or removed when the answer has none). */
function withActual(kpi: Kpi, fiscalYear: FiscalYear, answer: KpiAnswer | undefined): Kpi {
  if (answer === undefined) return kpi;
  const others = kpi.actuals.filter((a) => a.fiscalYear !== fiscalYear);
  if (answer.value === null) return { ...kpi, actuals: others };
  const previous = actualOf(kpi, fiscalYear);
  const actual: KpiActual = {
    fiscalYear,
    value: answer.value,
    provisional: answer.provisional,
    ...(previous?.unit !== undefined ? { unit: previous.unit } : {}),
    ...(answer.note !== null ? { note: answer.note } : {}),
  };
  return { ...kpi, actuals: [...others, actual].sort((a, b) => a.fiscalYear - b.fiscalYear) };
}

/** The measure's status as it would be with the answer saved: the core's own evaluation, nothing re-implemented. */
export function previewMeasure(
  plan: Plan,
  measure: Measure,
  fiscalYear: FiscalYear,
  answer: MeasureAnswer,
): MeasureEvaluation {
  const byKpi = new Map(answer.kpis.map((k) => [k.kpi, k]));
  const rules = plan.document.plan.rules;
  return judgeMeasure(
    measure,
    kpisOfMeasure(plan, measure).map((kpi) =>
      evaluateKpi(withActual(kpi, fiscalYear, byKpi.get(kpi.id)), fiscalYear, rules),
    ),
  );
}

/** Rules that need the evaluated result: the 要因分析 is required unless the measure is 達成. */
export function answerProblems(evaluation: MeasureEvaluation, answer: MeasureAnswer): FieldErrors {
  if (evaluation.status !== 'achieved' && answer.analysis === null) {
    return {
      analysis:
        evaluation.status === 'not_evaluable'
          ? '＊判定できない施策です。理由と取組状況を要因分析に入力してください。'
          : '＊達成していないため、要因分析（未達成の理由と今後の取組）を入力してください。',
    };
  }
  return {};
}

/** 「企画部 デジタルみやぎ推進課」 for a measure's owner, for page headings. */
export const ownerLabel = (plan: Plan, measure: Measure): string => {
  const department = plan.departments.get(measure.department);
  return department === undefined ? measure.department : departmentLabel(department);
};
