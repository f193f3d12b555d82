/**
 * Request parameters of the JSON API, parsed once with zod: the fiscal year (2024, R6, 令和6年度…), ids, and the
 * rule that a query key the route does not know is refused (a mistyped `?year=2023` must not silently answer
 * with the default year). Every refusal is a 400 with the parameter named in Japanese.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import type { SiteData } from '../site-data.ts';

const TARGETS = {
  query: { label: 'クエリパラメータ', prefix: 'query' },
  param: { label: 'パスパラメータ', prefix: 'path' },
} as const;

const target = (name: string) => TARGETS[name as keyof typeof TARGETS] ?? { label: name, prefix: name };

/** `fy`: optional; any spelling parseFiscalYear reads. Whether the site has the year is checked by yearOf. */
export const fiscalYearQuery = z
  .string({ error: 'fy は1つだけ指定してください（例: fy=2024）' })
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    const parsed = parseFiscalYear(text);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error.message, input: text });
    return z.NEVER;
  })
  .openapi({
    param: { name: 'fy', in: 'query', example: '2024' },
    description:
      '年度。2024、2024年度、FY2024、R6、R6年度、令和6年度 のいずれの書き方も可（全角も可）。省略時は報告年度。' +
      'データのある年度（/api/v1/goals の years）以外は 400',
  });

/** A query object that refuses keys it does not declare, naming the ones it accepts. */
export const strictQuery = <S extends z.ZodRawShape>(shape: S) => {
  const accepted = Object.keys(shape).join('、') || 'なし';
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `このパラメータは使えません（使えるパラメータ: ${accepted}）`
        : undefined,
  });
};

/** An id or code in the path: the dataset's code syntax (lowercase ASCII, digits, hyphens). */
export const codeParam = (name: string, label: string, example: string, description: string) =>
  z
    .string()
    .max(100, { error: `${label}が長すぎます（100文字まで）` })
    .regex(/^[a-z0-9][a-z0-9-]*$/, {
      error: (issue) =>
        `「${String(issue.input)}」は${label}の形式ではありません（半角英小文字・数字・ハイフン）`,
    })
    .openapi({ param: { name, in: 'path', example }, description });

interface Detail {
  path: string;
  message: string;
}

/** The details of a zod error on one request part, one per parameter (unknown keys each get one). */
function detailsOf(part: string, error: z.ZodError): Detail[] {
  const { prefix } = target(part);
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: `${prefix}.${key}`, message: issue.message }));
    return [{ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }];
  });
}

/** `クエリパラメータ fy が正しくありません。…` for each detail, in one sentence each. */
export function badRequest(part: string, details: readonly Detail[]): AppError {
  const { label } = target(part);
  const message = details
    .map((d) => `${label} ${d.path.split('.').slice(1).join('.')} が正しくありません。${d.message}`)
    .join(' ');
  return new AppError('bad_request', message, details);
}

/** OpenAPIHono's validation hook: any failed parameter becomes the API's 400 (thrown to the app's onError). */
export const rejectInvalid = (
  result: { success: true } | { success: false; error: z.ZodError; target: string },
): void => {
  if (!result.success) throw badRequest(result.target, detailsOf(result.target, result.error));
};

/** The fiscal year asked for, or the site's default; a year without data is a 400 naming the years there are. */
export function yearOf(c: Context<AppEnv>, asked: number | undefined): number {
  const site: SiteData = c.get('site');
  if (asked === undefined) return site.defaultYear;
  if (site.years.includes(asked)) return asked;
  const years = site.years.map((y) => `${y}（${formatFiscalYear(y)}）`).join('、');
  throw badRequest('query', [
    {
      path: 'query.fy',
      message: `${formatFiscalYear(asked)}（${asked}年度）のデータはありません。指定できる年度: ${years}`,
    },
  ]);
}

/** A 404 for an id the plan does not have (or a year without the data asked for). */
export const notFound = (part: 'param' | 'query', name: string, message: string): AppError =>
  new AppError('not_found', message, [{ path: `${target(part).prefix}.${name}`, message }]);
