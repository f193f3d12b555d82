/**
 * The CLI's `--format json` contracts (src/domain/output/*) written as zod schemas, so that the OpenAPI document
 * is generated from the same shapes the routes return. test/http/openapi-contract.test.ts checks both ways that
 * each schema and its TypeScript interface agree, and validates live responses against the generated document.
 */
import { z } from '@hono/zod-openapi';
import { KPI_STATUSES } from '../../domain/evaluation/kpi-evaluation.ts';
import { MEASURE_STATUSES, type MeasureStatus } from '../../domain/evaluation/measure-status.ts';
import { ROUNDING_MODES } from '../../domain/values/decimal.ts';

const fiscalYear = z.int().openapi({ description: '年度（西暦の開始年。2024 = 令和6年度）', example: 2024 });
const fiscalYearLabel = z.string().openapi({ description: '年度の表示（和暦）', example: '令和6年度' });
/**
 * `schema | null` for a named (component) schema: zod-to-openapi 9 would otherwise write the null into the shared
 * component itself when the nullable use comes first, so every other use would accept null too.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const rate = (what: string) =>
  z
    .number()
    .nullable()
    .openapi({ description: `${what}（%、丸める前の値）。定義できないときは null` });

export const measureStatusSchema = z
  .enum(MEASURE_STATUSES)
  .openapi('MeasureStatus', { description: '施策の判定: 達成 / 一部達成 / 未達成 / 判定不能' });

const statusCounts = z
  .object(Object.fromEntries(MEASURE_STATUSES.map((s) => [s, z.int()])) as Record<MeasureStatus, z.ZodInt>)
  .openapi('MeasureStatusCounts', { description: '判定ごとの施策数' });

/** ValueOutput: one baseline, target or actual. */
export const valueSchema = z
  .object({
    value: z
      .number()
      .nullable()
      .openapi({ description: '数値（欠測・前年度越えは null。欠測を 0 にしない）' }),
    exact: z.string().nullable().openapi({ description: '記載どおりの10進数（例 "87.59"）', example: '8' }),
    text: z.string().openapi({ description: '表示用の文字列', example: '8' }),
    missing: z
      .enum(['no-value', 'not-measured', 'not-yet-known'])
      .nullable()
      .openapi({ description: '欠測の理由: no-value（—）/ not-measured（未計測）/ not-yet-known（…）' }),
    approximate: z.boolean().openapi({ description: '「約」つきの値' }),
    unit: z.string(),
    fiscalYear: fiscalYear.nullable(),
    asOf: z.string().nullable().openapi({ description: '基準値の時点（例 R3年度）' }),
    provisional: z.boolean().openapi({ description: '見込みの値' }),
    relative: z.enum(['exceed-previous-year']).nullable().openapi({ description: '相対目標（前年度越え）' }),
    note: z.string().nullable(),
  })
  .openapi('Value', { description: 'KPIの1つの値（基準値・目標値・実績値）' });

export const kpiSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: z.string(),
    direction: z.enum(['increase', 'decrease']).openapi({ description: 'increase = 高いほど良い' }),
    cumulative: z.boolean().openapi({ description: '累計・延べのKPI' }),
    baseline: orNull(valueSchema),
    target: orNull(valueSchema),
    actual: orNull(valueSchema),
    status: z.enum(KPI_STATUSES),
    statusLabel: z.string().openapi({ example: '達成' }),
    notEvaluableReason: z.string().nullable().openapi({ description: '判定不能の理由（日本語）' }),
    achievementRate: rate('達成率'),
    progressRate: rate('進捗率'),
    display: z.object({ achievementRate: z.string().nullable(), progressRate: z.string().nullable() }),
  })
  .openapi('KpiEvaluation', { description: '1つの年度のKPIの判定・達成率・進捗率' });

export const measureSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    jointMeasures: z.array(z.object({ name: z.string(), department: z.string() })),
    department: z.string(),
    departmentCode: z.string(),
    goal: z.string().openapi({ description: '主たる目標のコード' }),
    goalTitle: z.string(),
    alsoUnder: z.array(z.string()).openapi({ description: 'ほかに掲載する目標のコード' }),
    status: measureStatusSchema,
    statusLabel: z.string(),
    publishedLabels: z.array(z.string()).openapi({ description: '公表資料に印刷された判定' }),
    analysis: z.string().nullable().openapi({ description: '要因分析' }),
    excludedKpis: z.array(z.string()).openapi({ description: '値がなく判定から除外したKPIのID' }),
    kpis: z.array(kpiSchema),
  })
  .openapi('MeasureEvaluation', { description: 'KPI設定施策の判定' });

const timedValue = z.object({ at: z.string(), value: z.number().nullable() });

export const headlineKpiSchema = z
  .object({
    goal: z.string(),
    goalTitle: z.string(),
    guidelines: z.array(z.string()),
    linked: z.boolean().openapi({ description: 'true = KPI表のKPIを表示するカード' }),
    display: z.object({ unit: z.string(), divisor: z.int(), digits: z.int() }).nullable(),
    published: z
      .object({
        values: z.array(timedValue),
        target: timedValue.nullable(),
        achievementRate: z.number().nullable(),
      })
      .nullable()
      .openapi({ description: 'カードに印刷された値（表示単位）' }),
    kpi: kpiSchema,
  })
  .openapi('HeadlineKpi', { description: '目標ページの関連KPIカード' });

export const evaluationSchema = z
  .object({
    fiscalYear,
    fiscalYearLabel,
    counts: statusCounts,
    measures: z.array(measureSchema),
    headlineKpis: z.array(headlineKpiSchema),
  })
  .openapi('Evaluation', { description: '`shinchoku evaluate --format json` と同じ契約' });

const figuresShape = {
  projects: z.int().openapi({ description: '事業数', example: 184 }),
  amountThousandYen: z.int().openapi({ description: '決算額（千円）', example: 7049270 }),
  previous: z
    .object({ fiscalYear, projects: z.int(), amountThousandYen: z.int() })
    .nullable()
    .openapi({ description: '前年度の値（データがなければ null）' }),
  difference: z
    .object({ projects: z.int(), amountThousandYen: z.int() })
    .nullable()
    .openapi({ description: '前年度比（差）' }),
  display: z.object({
    projects: z.string(),
    amountThousandYen: z.string(),
    amountOkuYen: z.string(),
    differenceProjects: z.string().nullable(),
    differenceOkuYen: z.string().nullable(),
  }),
};

export const figuresSchema = z.object(figuresShape).openapi('Figures', { description: '事業数・決算額' });

export const summarySchema = z
  .object({
    fiscalYear,
    fiscalYearLabel,
    plan: z.object({ id: z.string(), name: z.string(), basicGoal: z.string() }),
    total: figuresSchema,
    goals: z.array(
      z
        .object({ code: z.string(), title: z.string(), label: z.string(), ...figuresShape })
        .openapi('GoalFigures'),
    ),
    measureCounts: statusCounts,
    rounding: z.object({
      okuYenDigits: z.int(),
      mode: z.enum(ROUNDING_MODES),
      modeLabel: z.string(),
      note: z.string().nullable().openapi({ description: '内訳と合計が一致しないときの注記' }),
    }),
  })
  .openapi('Summary', { description: '`shinchoku summary --format json` と同じ契約' });

export const findingCodeSchema = z.enum([
  'published-label-mismatch',
  'published-label-multiple',
  'analysis-missing',
  'kpi-unit-mismatch',
  'cumulative-below-baseline',
  'percentage-above-100',
  'value-from-other-year',
  'baseline-without-time-point',
  'kpi-not-evaluable',
  'kpi-shown-twice',
  'headline-value-mismatch',
  'headline-time-point-mismatch',
  'headline-target-mismatch',
  'headline-rate-mismatch',
  'headline-rate-unverifiable',
  'summary-figure-mismatch',
  'summary-rounding-inconsistent',
  'summary-label-year',
  'summary-parts-sum',
  'summary-differences-sum',
  'summary-goal-missing',
  'rounding-note-missing',
]);

export const findingSchema = z
  .object({
    code: findingCodeSchema,
    severity: z.enum(['error', 'warning', 'info']),
    where: z.object({
      path: z.string().openapi({ description: 'データファイル内の位置' }),
      label: z.string(),
      goal: z.string().optional(),
      measure: z.string().optional(),
      kpi: z.string().optional(),
    }),
    message: z.string(),
  })
  .openapi('Finding', { description: '整合性チェックの結果1件' });

export const findingsSchema = z
  .object({
    fiscalYear,
    fiscalYearLabel,
    counts: z.object({ error: z.int(), warning: z.int(), info: z.int() }),
    findings: z.array(findingSchema).openapi({ description: 'error, warning, info の順' }),
  })
  .openapi('Findings', { description: '`shinchoku check --format json` と同じ契約' });
