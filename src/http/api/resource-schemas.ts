/**
 * Schemas of the API's own resources (goal tree, measure and KPI details) and of its error body; the contracts
 * they embed come from contract-schemas.ts.
 */
import { z } from '@hono/zod-openapi';
import { kpiSchema, measureSchema, measureStatusSchema, orNull, valueSchema } from './contract-schemas.ts';
import type { GoalOutput } from './goal-resources.ts';

const fiscalYear = z.int().openapi({ description: '年度（西暦の開始年）', example: 2024 });
const fiscalYearLabel = z.string().openapi({ example: '令和6年度' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(['bad_request', 'not_found', 'internal']),
      message: z.string().openapi({ description: '利用者向けの説明（日本語）' }),
      details: z
        .array(
          z.object({
            path: z.string().openapi({ description: '問題のある値の場所（例 query.fy, path.id）' }),
            message: z.string(),
          }),
        )
        .openapi({ description: 'パラメータごとの問題' }),
    }),
  })
  .openapi('Error', {
    description: 'エラー（400 = パラメータが正しくない、404 = 該当するデータがない）',
    example: {
      error: {
        code: 'bad_request',
        message:
          'クエリパラメータ fy が正しくありません。「X9」は年度として読み取れません。例: R6、令和6年度、2024年度',
        details: [
          { path: 'query.fy', message: '「X9」は年度として読み取れません。例: R6、令和6年度、2024年度' },
        ],
      },
    },
  });

export const kpiValuesSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: z.string(),
    direction: z.enum(['increase', 'decrease']),
    cumulative: z.boolean(),
    baseline: orNull(valueSchema),
    targets: z.array(valueSchema).openapi({ description: '目標値（年度の昇順）' }),
    actuals: z.array(valueSchema).openapi({ description: '実績値（年度の昇順）' }),
  })
  .openapi('KpiValues', { description: 'KPIの全年度の値（基準値・目標値・実績値）' });

const initiativeSchema = z.object({
  text: z.string(),
  emphasis: z.string().nullable(),
  date: z.string().nullable().openapi({ description: '時点（例 R7.2）' }),
  until: z.string().nullable(),
  isNew: z.boolean().openapi({ description: '新規の取組' }),
  details: z.array(z.string()),
  figures: z.array(
    z.object({ label: z.string(), value: z.number().nullable(), text: z.string(), unit: z.string() }),
  ),
});

const sectionSchema = z.object({
  guidelines: z.array(z.string()).openapi({ description: 'ポリシー行動指針' }),
  headlineKpis: z.array(
    z.object({
      kpi: z.string().openapi({ description: 'KPIのID（/api/v1/kpis/{id}）' }),
      name: z.string(),
      linked: z.boolean(),
      display: z.object({ unit: z.string(), divisor: z.int(), digits: z.int() }).nullable(),
    }),
  ),
  initiatives: z.array(initiativeSchema).openapi({ description: '主要取組' }),
});

export const goalSchema: z.ZodType<GoalOutput> = z
  .object({
    code: z.string(),
    kind: z.enum(['priority', 'foundation', 'area']),
    kindLabel: z.string().openapi({ example: '重点目標' }),
    number: z.int().nullable(),
    marker: z.string().nullable(),
    label: z.string().nullable(),
    title: z.string(),
    displayTitle: z.string().openapi({ example: 'D for Citizen 最適化による県民サービスの向上' }),
    parent: z.string().nullable(),
    path: z.string().openapi({ description: 'データファイル内の位置', example: 'goals[0]' }),
    sections: z.array(sectionSchema),
    measures: z
      .array(z.object({ id: z.string(), name: z.string(), primary: z.boolean() }))
      .openapi({ description: 'この目標に掲載する施策（primary = 主たる目標）' }),
    projectFigures: z
      .array(
        z.object({
          fiscalYear,
          fiscalYearLabel,
          projects: z.int().openapi({ description: '事業数' }),
          amountThousandYen: z.int().openapi({ description: '決算額（千円）' }),
        }),
      )
      .openapi({ description: '関連事業の年度別の値（データのある年度だけ）' }),
    get children() {
      return z.array(goalSchema);
    },
  })
  .openapi('Goal', { description: '目標（下位の目標を children に持つ）' });

export const goalTreeSchema = z
  .object({
    plan: z.object({ id: z.string(), name: z.string(), basicGoal: z.string() }),
    years: z.array(z.int()).openapi({ description: 'fy に指定できる年度', example: [2022, 2023, 2024] }),
    goals: z.array(goalSchema),
  })
  .openapi('GoalTree');

export const measureDetailSchema = z
  .object({
    fiscalYear,
    fiscalYearLabel,
    measure: measureSchema,
    kpiValues: z.array(kpiValuesSchema).openapi({ description: 'measure.kpis と同じ順' }),
  })
  .openapi('MeasureDetail');

export const kpiDetailSchema = z
  .object({
    fiscalYear,
    fiscalYearLabel,
    kpi: kpiSchema,
    values: kpiValuesSchema,
    shownIn: z.object({
      measures: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          goal: z.string(),
          status: measureStatusSchema,
          statusLabel: z.string(),
        }),
      ),
      cards: z.array(
        z.object({
          goal: z.string(),
          goalTitle: z.string(),
          guidelines: z.array(z.string()),
          linked: z.boolean(),
        }),
      ),
    }),
  })
  .openapi('KpiDetail');
