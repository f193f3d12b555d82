import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';

/** Where the API is mounted; the document's paths are relative to it (servers: [{ url: '/api' }]). */
export const API_BASE = '/api';

const DESCRIPTION = `地方自治体のデジタル政策の進捗管理システム Shinchoku の読み取り専用 API です。計画データから再計算した
関連事業の集計・施策とKPIの判定・整合性チェックの結果と、計画（目標・施策・KPI）を JSON で返します。
集計・判定・チェックの応答は CLI の \`--format json\` と同じ契約です（項目の追加はありえますが、既存項目の削除・意味の変更はしません）。
率は丸める前の百分率の数値、金額は千円単位の整数、欠測は null（0 ではありません）。年度 \`fy\` は 2024・R6・令和6年度 などで指定します。
知らないクエリパラメータは 400 で拒否します（\`?year=2023\` のような書き間違いが既定の年度の値を返さないように）。
データのライセンスは CC BY 4.0（公共データ利用規約 第1.0版と互換）です。

A read-only API of Shinchoku, a progress-management system for local governments' digital policy. It returns the
project roll-up, the evaluation of measures and KPIs and the consistency findings recomputed from the plan data (the
same contracts as the CLI's \`--format json\`), and the plan itself (goals, measures, KPIs with their values by fiscal
year). Rates are unrounded percentages, money is integer thousands of yen, missing values are null (never 0). The
fiscal year \`fy\` may be written 2024, R6 or 令和6年度. Unknown query parameters are refused with 400.
Data licence: CC BY 4.0.`;

/** The OpenAPI 3.1 document of an API router, generated from its route schemas. */
export function openApiDocument<E extends Env>(api: OpenAPIHono<E>) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Shinchoku API（デジタル政策 進捗管理 API）',
      version: '1.0.0',
      description: DESCRIPTION,
      license: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.ja' },
    },
    servers: [{ url: API_BASE, description: 'このサーバー（相対URL） / this server (relative URL)' }],
    tags: [
      { name: '集計・判定', description: 'CLI の summary / evaluate / check と同じ契約 (same as the CLI)' },
      { name: '計画', description: '目標・施策・KPI (goals, measures, KPIs)' },
    ],
  });
}
