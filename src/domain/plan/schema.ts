import { z } from 'zod';
import { PUBLISHED_STATUS_LABELS } from '../evaluation/measure-status.ts';
import { rowVersionsSchema } from '../tables/row-versions.ts';
import {
  codeField,
  countField,
  dispatch,
  fiscalYearField,
  hasKey,
  printedCountField,
  printedOkuYenField,
  quantityField,
  textField,
  thousandYenField,
  timePointField,
} from './fields.ts';
import { ruleSetSchema } from './rules.ts';

/** KPIの方向: increase = 高いほど良い, decrease = 低いほど良い (never inferred from baseline vs target). */
export const directionSchema = z.enum(['increase', 'decrease'], {
  error: '方向は increase（高いほど良い）か decrease（低いほど良い）で指定してください',
});

const note = z.string().optional();

/** 基準値(時点): the starting value and when it was measured; `unit` only when it differs from the KPI's unit. */
const baselineSchema = z.strictObject({
  value: quantityField,
  asOf: timePointField.optional(),
  unit: z.string().optional(),
  note,
});

/** 目標値 for one fiscal year: a value, or a relative target such as 前年度越え. */
const targetSchema = dispatch(
  hasKey('relative'),
  z.strictObject({
    fiscalYear: fiscalYearField,
    relative: z.literal('exceed-previous-year', {
      error: '相対目標は exceed-previous-year（前年度越え）のみ使えます',
    }),
    note,
  }),
  z.strictObject({ fiscalYear: fiscalYearField, value: quantityField, unit: z.string().optional(), note }),
);

/** 実績値 for one fiscal year; `provisional` = 見込み. */
const actualSchema = z.strictObject({
  fiscalYear: fiscalYearField,
  value: quantityField,
  unit: z.string().optional(),
  provisional: z.boolean().optional(),
  note,
});

/** 項目 / 指標: one KPI with its values. */
export const kpiSchema = z.strictObject({
  id: codeField,
  name: textField,
  unit: textField,
  direction: directionSchema,
  /** 累計 / 延べ: the value can only grow. */
  cumulative: z.boolean().default(false),
  baseline: baselineSchema.optional(),
  targets: z.array(targetSchema).default([]),
  actuals: z.array(actualSchema).default([]),
  note,
});

/** A KPI defined elsewhere in the dataset, shown again here. */
const kpiRefSchema = z.strictObject({ ref: codeField });

/** 要因分析 and the label as published (【達成】…), per fiscal year. */
const analysisSchema = z.strictObject({
  fiscalYear: fiscalYearField,
  publishedLabels: z.array(z.enum(PUBLISHED_STATUS_LABELS)).default([]),
  text: z.string().default(''),
});

/** 施策: a row of the KPI table. */
export const measureSchema = z
  .strictObject({
    id: codeField,
    /** The primary goal: it decides where the measure is grouped in the evaluation and the reports. */
    goal: codeField,
    /** Further goals the measure is also shown under (not the primary goal, no repeats). */
    alsoUnder: z.array(codeField).default([]),
    name: textField,
    department: codeField,
    /** A second 施策 named in the same row, sharing the KPIs (seed: ペーパーレス会議 / 新総合文書システム). */
    jointMeasures: z.array(z.strictObject({ name: textField, department: codeField })).default([]),
    kpis: z
      .array(dispatch(hasKey('ref'), kpiRefSchema, kpiSchema))
      .min(1, { error: 'KPIを1つ以上指定してください' }),
    analyses: z.array(analysisSchema).default([]),
    note,
  })
  .superRefine((measure, ctx) => {
    const seen = new Set<string>();
    measure.alsoUnder.forEach((code, k) => {
      const path = ['alsoUnder', k];
      if (code === measure.goal)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `目標コード「${code}」はこの施策の goal（主たる目標）です。alsoUnder にはほかの目標を指定してください`,
        });
      else if (seen.has(code))
        ctx.addIssue({ code: 'custom', path, message: `目標コード「${code}」が alsoUnder で重複しています` });
      seen.add(code);
    });
  });

/** What a headline KPI card printed, in its display unit, kept to check against the data. */
const publishedCardSchema = z.strictObject({
  values: z.array(z.strictObject({ at: timePointField, value: quantityField })).default([]),
  target: z.strictObject({ at: timePointField, value: quantityField }).optional(),
  achievementRate: quantityField.optional(),
  note,
});

/** 関連KPI card: a KPI of a measure (`kpi: <id>`) or one defined on the card itself. */
const headlineKpiSchema = z.strictObject({
  kpi: dispatch((input) => typeof input === 'string', codeField, kpiSchema),
  /** Display unit of the card, e.g. 万人 = value ÷ 10,000 with one decimal. */
  display: z
    .strictObject({
      unit: textField,
      divisor: z.number().int().positive(),
      digits: z.number().int().min(0).max(4),
    })
    .optional(),
  published: publishedCardSchema.optional(),
});

/** 主要取組: a notable action of the year. */
const initiativeSchema = z.strictObject({
  text: textField,
  /** The emphasised (bold) part of the text as printed. */
  emphasis: z.string().optional(),
  date: timePointField.optional(),
  /** A period such as R6.11月~R7.1月 is written as date + until. */
  until: timePointField.optional(),
  isNew: z.boolean().default(false),
  details: z.array(z.string()).default([]),
  figures: z.array(z.strictObject({ label: textField, value: quantityField, unit: textField })).default([]),
});

/** ポリシー行動指針 block: one or more guideline bullets with their headline KPIs and initiatives. */
const sectionSchema = z.strictObject({
  guidelines: z.array(textField).min(1),
  headlineKpis: z.array(headlineKpiSchema).default([]),
  initiatives: z.array(initiativeSchema).default([]),
});

/** 重点目標 / 基盤取組 and their sub-areas, as a tree. */
export const goalSchema = z.strictObject({
  code: codeField,
  kind: z.enum(['priority', 'foundation', 'area']).default('area'),
  number: z.number().int().positive().optional(),
  /** イ / ロ / ハ for sub-areas. */
  marker: z.string().optional(),
  label: z.string().optional(),
  title: textField,
  sections: z.array(sectionSchema).default([]),
  get children() {
    return z.array(goalSchema).default([]);
  },
});

/** 関連事業: project count and 決算額 of one goal in one fiscal year. */
const projectTotalSchema = z.strictObject({
  goal: codeField,
  fiscalYear: fiscalYearField,
  count: countField,
  amountThousandYen: thousandYenField,
});

const printedDifference = z.strictObject({ projects: printedCountField, amount: printedOkuYenField });

/** A box of the summary page exactly as printed. */
const publishedBoxSchema = z.strictObject({
  label: z.string().optional(),
  projects: printedCountField,
  amount: printedOkuYenField,
  difference: printedDifference.optional(),
});

/** The first page's summary figures as printed: data to check, not truth. */
const publishedSummarySchema = z.strictObject({
  fiscalYear: fiscalYearField,
  total: publishedBoxSchema,
  goals: z.array(publishedBoxSchema.extend({ goal: codeField })).default([]),
  /** Whether the page carries 「端数処理の関係で合計が一致しない場合があります」. */
  roundingNote: z.boolean().default(false),
});

export const departmentSchema = z.strictObject({
  code: codeField,
  bureau: textField,
  division: textField,
});

export const planDocumentSchema = z.strictObject({
  format: z.literal('shinchoku-plan/1', { error: 'format は "shinchoku-plan/1" を指定してください' }),
  organisation: z.strictObject({
    name: textField,
    /** 地方公共団体コード (6 digits with check digit). */
    code: z.string().regex(/^\d{6}$/, { error: '地方公共団体コードは6桁の数字で入力してください' }),
  }),
  plan: z.strictObject({
    id: codeField,
    name: textField,
    period: z.strictObject({ from: fiscalYearField, to: fiscalYearField }),
    basicGoal: textField,
    slogan: z.string().optional(),
    subtitle: z.string().optional(),
    rules: ruleSetSchema.prefault({}),
  }),
  report: z.strictObject({
    fiscalYear: fiscalYearField,
    title: textField,
    /** 「R6年度実績(見込み)」: actuals of the report year are provisional unless an actual says otherwise. */
    actualsProvisional: z.boolean().default(false),
  }),
  departments: z.array(departmentSchema).min(1),
  goals: z.array(goalSchema).min(1),
  measures: z.array(measureSchema).default([]),
  projects: z.array(projectTotalSchema).default([]),
  publishedSummaries: z.array(publishedSummarySchema).default([]),
  transcriptionNotes: z.array(z.string()).default([]),
  /** 版: the stamp of every row when the file was exported from the database (absent in a hand-written file). */
  rowVersions: rowVersionsSchema.optional(),
});

export type PlanDocument = z.output<typeof planDocumentSchema>;
export type Kpi = z.output<typeof kpiSchema>;
export type Measure = z.output<typeof measureSchema>;
export type Goal = z.output<typeof goalSchema>;
export type Department = z.output<typeof departmentSchema>;
export type HeadlineKpi = z.output<typeof headlineKpiSchema>;
export type Initiative = z.output<typeof initiativeSchema>;
export type Section = z.output<typeof sectionSchema>;
export type ProjectTotal = z.output<typeof projectTotalSchema>;
export type PublishedSummary = z.output<typeof publishedSummarySchema>;
export type PublishedBox = z.output<typeof publishedBoxSchema>;
export type KpiTarget = z.output<typeof targetSchema>;
export type KpiActual = z.output<typeof actualSchema>;
export type KpiBaseline = z.output<typeof baselineSchema>;
