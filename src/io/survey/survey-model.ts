/**
 * 調査票 (survey workbook): the per-department workbook the policy office sends out, pre-filled, and reads back
 * filled in (docs/domain.md §9). This file holds the types and the layout shared by the writer and the reader: sheet
 * names, columns, rows and the keys of the hidden `_meta` sheet.
 */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';

/** Bump when the layout changes; the reader refuses any other version. */
export const SURVEY_TEMPLATE_VERSION = 2;

/** One KPI row of the 調査票, pre-filled from the plan and last year's figures. */
export interface SurveyKpiRow {
  readonly measureId: string;
  readonly kpiId: string;
  readonly kpiName: string;
  readonly unit: string;
  readonly baselineText: string;
  readonly targetText: string;
  /** Which other year's target the judgement uses (「令和5年度目標値 6 で判定」), when not the year's own. */
  readonly targetNote?: string | undefined;
  readonly lastYearText: string;
  /** pre-filled current answer ('' when none) */
  readonly valueText: string;
  readonly provisional: boolean;
  readonly note: string;
  /** The version of the stored row the pre-filled answer was read with (0 = no row yet). */
  readonly version: number;
}

/** A 施策 (measure) with its KPIs and its 要因分析 (analysis) text. */
export interface SurveyMeasure {
  readonly measureId: string;
  readonly measureName: string;
  readonly analysis: string;
  /** The version of the stored 要因分析 row read with `analysis` (0 = no row yet). */
  readonly analysisVersion: number;
  readonly kpis: readonly SurveyKpiRow[];
}

/** Everything one department's 調査票 shows. */
export interface SurveySheet {
  readonly organisationName: string;
  readonly planCode: string;
  readonly planName: string;
  readonly fiscalYear: number;
  readonly departmentCode: string;
  readonly departmentName: string;
  readonly dueDate: string | null /* 'YYYY-MM-DD' */;
  readonly measures: readonly SurveyMeasure[];
}

/** What a returned 調査票 says, as typed, with the cell each answer came from. */
export interface SurveyUpload {
  readonly planCode: string;
  readonly fiscalYear: number;
  readonly departmentCode: string;
  readonly kpis: readonly {
    measureId: string;
    kpiId: string;
    value: string /* as typed, trimmed; '' = blank */;
    provisional: boolean;
    note: string;
    cell: string /* e.g. 調査票!G8 */;
    /** The version of the row the workbook was pre-filled from; undefined in a workbook that does not say. */
    version: number | undefined;
  }[];
  readonly analyses: readonly {
    measureId: string;
    text: string;
    cell: string;
    version: number | undefined;
  }[];
}

/** What the uploader may send: the plan and year being collected and the departments the user may answer for. */
export interface SurveyExpectation {
  readonly planCode: string;
  readonly fiscalYear: number;
  readonly departmentCodes: readonly string[];
}

export const GUIDE_SHEET = '説明';
export const SURVEY_SHEET = '調査票';
export const META_SHEET = '_meta';

/** 1-based columns of 調査票: A–F locked (plan data), G–I input. */
export const COL = {
  measure: 1,
  kpi: 2,
  unit: 3,
  baseline: 4,
  target: 5,
  lastYear: 6,
  value: 7,
  provisional: 8,
  note: 9,
} as const;
export const LAST_COLUMN = COL.note;

/** Rows 1–6 are the title block, row 7 the header, KPI rows start at 8 (so the first answer is 調査票!G8). */
export const TITLE_ROWS = { title: 1, organisation: 2, plan: 3, year: 4, department: 5, due: 6 } as const;
export const HEADER_ROW = 7;
export const FIRST_DATA_ROW = 8;

export const PROVISIONAL_LABEL = '見込み';
export const FINAL_LABEL = '確定';
export const ANALYSIS_LABEL = '要因分析（入力）';
export const MAX_NOTE_LENGTH = 200;
export const MAX_ANALYSIS_LENGTH = 2000;

/** Column headers of row 7, e.g. 令和6年度目標 | 令和5年度実績 | 令和6年度実績（入力）. */
export function surveyHeaders(fiscalYear: number): readonly string[] {
  const year = formatFiscalYear(fiscalYear);
  return [
    '施策',
    'KPI',
    '単位',
    '基準値',
    `${year}目標`,
    `${formatFiscalYear(fiscalYear - 1)}実績`,
    `${year}実績（入力）`,
    '見込み／確定（入力）',
    '備考（入力）',
  ];
}

/** Keys in column A of `_meta`; B–D hold the values (a row number, ids, or a cell address and its text). */
export const META_KEY = {
  version: 'templateVersion',
  plan: 'planCode',
  fiscalYear: 'fiscalYear',
  department: 'departmentCode',
  /** kpiRow | row | measureId | kpiId | version of the stored row the answer was pre-filled from */
  kpiRow: 'kpiRow',
  /** analysisRow | row | measureId | version of the stored 要因分析 row */
  analysisRow: 'analysisRow',
  /** locked | address | text as written: a protected cell of 調査票 that carries data */
  locked: 'locked',
} as const;

/** Where a measure's rows are: one row per KPI, then its 要因分析 row. */
export interface MeasureRows {
  readonly measure: SurveyMeasure;
  readonly kpiRows: readonly { readonly row: number; readonly kpi: SurveyKpiRow }[];
  readonly analysisRow: number;
}

/** Lays the measures out from FIRST_DATA_ROW down, in the order given. */
export function layoutMeasures(measures: readonly SurveyMeasure[]): MeasureRows[] {
  let row = FIRST_DATA_ROW;
  return measures.map((measure) => {
    const kpiRows = measure.kpis.map((kpi) => ({ row: row++, kpi }));
    return { measure, kpiRows, analysisRow: row++ };
  });
}
