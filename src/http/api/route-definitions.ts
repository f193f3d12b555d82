/**
 * The routes of /api/v1 as OpenAPI route configs: parameters and responses in zod, from which both request
 * validation and the OpenAPI 3.1 document (/api/openapi.json) are generated.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { evaluationSchema, findingsSchema, summarySchema } from './contract-schemas.ts';
import { codeParam, fiscalYearQuery, strictQuery } from './params.ts';
import {
  errorSchema,
  goalSchema,
  goalTreeSchema,
  kpiDetailSchema,
  measureDetailSchema,
} from './resource-schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const badRequest = json(
  errorSchema,
  'パラメータが正しくない（不明なクエリパラメータ、読めない年度、データのない年度など）',
);
const notFound = (what: string) => json(errorSchema, what);

const yearQuery = strictQuery({ fy: fiscalYearQuery });

export const summaryRoute = createRoute({
  method: 'get',
  path: '/v1/summary',
  operationId: 'getSummary',
  tags: ['集計・判定'],
  summary: '関連事業の集計（事業数・決算額・前年度比）',
  description: '`shinchoku summary --format json` と同じ契約。金額は千円単位の整数、前年度比は差。',
  request: { query: yearQuery },
  responses: {
    200: json(summarySchema, 'その年度の目標別・合計の事業数と決算額'),
    400: badRequest,
    404: notFound('その年度の関連事業のデータがない'),
  },
});

export const measuresRoute = createRoute({
  method: 'get',
  path: '/v1/measures',
  operationId: 'listMeasureEvaluations',
  tags: ['集計・判定'],
  summary: 'KPI設定施策の判定・達成率・進捗率',
  description:
    '`shinchoku evaluate --format json` と同じ契約。率は丸める前の百分率（定義できないときは null）、表示用の文字列は display。',
  request: { query: yearQuery },
  responses: { 200: json(evaluationSchema, 'すべての施策と関連KPIカードの評価'), 400: badRequest },
});

export const findingsRoute = createRoute({
  method: 'get',
  path: '/v1/findings',
  operationId: 'listFindings',
  tags: ['集計・判定'],
  summary: '整合性チェックの結果',
  description: '`shinchoku check --format json` と同じ契約。エラー・警告・情報の順。',
  request: { query: yearQuery },
  responses: { 200: json(findingsSchema, 'その年度のチェック結果'), 400: badRequest },
});

export const goalsRoute = createRoute({
  method: 'get',
  path: '/v1/goals',
  operationId: 'listGoals',
  tags: ['計画'],
  summary: '目標の一覧（木構造）',
  description:
    '重点目標・基盤取組とその分野を、行動指針・関連KPI・主要取組・掲載する施策・年度別の関連事業とともに返す。',
  request: { query: strictQuery({}) },
  responses: { 200: json(goalTreeSchema, '計画と目標の木'), 400: badRequest },
});

export const goalRoute = createRoute({
  method: 'get',
  path: '/v1/goals/{code}',
  operationId: 'getGoal',
  tags: ['計画'],
  summary: '目標1件（下位の目標を含む）',
  request: {
    params: z.strictObject({
      code: codeParam('code', '目標コード', 'citizen', '目標コード（/api/v1/goals の code）'),
    }),
    query: strictQuery({}),
  },
  responses: {
    200: json(goalSchema, '目標とその下位の目標'),
    400: badRequest,
    404: notFound('その目標コードがない'),
  },
});

export const measureRoute = createRoute({
  method: 'get',
  path: '/v1/measures/{id}',
  operationId: 'getMeasure',
  tags: ['計画'],
  summary: '施策1件の判定と、そのKPIの全年度の値',
  request: {
    params: z.strictObject({
      id: codeParam('id', '施策ID', 'ai-iot-industry', '施策ID（/api/v1/measures の id）'),
    }),
    query: yearQuery,
  },
  responses: {
    200: json(measureDetailSchema, '指定年度の判定（evaluate と同じ形）と、KPIごとの基準値・目標値・実績値'),
    400: badRequest,
    404: notFound('その施策IDがない'),
  },
});

export const kpiRoute = createRoute({
  method: 'get',
  path: '/v1/kpis/{id}',
  operationId: 'getKpi',
  tags: ['計画'],
  summary: 'KPI1件の判定・全年度の値・掲載先',
  request: {
    params: z.strictObject({ id: codeParam('id', 'KPIのID', 'digital-id-app-users', 'KPIのID') }),
    query: yearQuery,
  },
  responses: {
    200: json(kpiDetailSchema, '指定年度の判定、基準値・目標値・実績値、掲載している施策と関連KPIカード'),
    400: badRequest,
    404: notFound('そのKPIのIDがない'),
  },
});

/** An example request per route, shown on the /api page and exercised by the tests. */
export const ROUTE_EXAMPLES = [
  { route: summaryRoute, example: '/api/v1/summary?fy=2024' },
  { route: measuresRoute, example: '/api/v1/measures?fy=R6' },
  { route: findingsRoute, example: '/api/v1/findings?fy=令和6年度' },
  { route: goalsRoute, example: '/api/v1/goals' },
  { route: goalRoute, example: '/api/v1/goals/citizen' },
  { route: measureRoute, example: '/api/v1/measures/ai-iot-industry?fy=2024' },
  { route: kpiRoute, example: '/api/v1/kpis/digital-id-app-users?fy=2024' },
] as const;
