import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Refusal, type RefusalKind } from '../app/workspace.ts';
import type { AppEnv } from './context.ts';

/** The closed set of errors the app answers with, and their status: one table, one place. */
export const HTTP_ERRORS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  precondition_required: 428,
  too_many_requests: 429,
  service_unavailable: 503,
  internal: 500,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** A refused request: a code for programs and a Japanese message for people. */
export class AppError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): (typeof HTTP_ERRORS)[HttpErrorCode] {
    return HTTP_ERRORS[this.code];
  }
}

/** The JSON body of every API error. */
export const errorBody = (
  code: HttpErrorCode,
  message: string,
  details: readonly { path: string; message: string }[] = [],
) => ({
  error: { code, message, details },
});

/** A use case's refusal (src/app/) as the HTTP error it answers with. */
const REFUSAL_CODES: Readonly<Record<RefusalKind, HttpErrorCode>> = {
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  invalid: 'bad_request',
};

const wantsJson = (c: Context<AppEnv>) => c.req.path.startsWith('/api/');

/** Turns any error into a response: known ones with their status and message, unknown ones into a plain 500. */
export function toErrorResponse(
  error: unknown,
  c: Context<AppEnv>,
  renderPage: (status: number, message: string) => Response | Promise<Response>,
) {
  const known =
    error instanceof AppError
      ? error
      : error instanceof Refusal
        ? new AppError(REFUSAL_CODES[error.kind], error.message, error.details)
        : error instanceof HTTPException && error.status === 404
          ? new AppError('not_found', 'ページが見つかりません。')
          : error instanceof HTTPException && error.status === 403
            ? // Hono's csrf(): a form posted from another site.
              new AppError('forbidden', 'ほかのサイトから送信されたため、受け付けませんでした。')
            : undefined;
  if (known === undefined) {
    console.error(
      JSON.stringify({
        level: 'error',
        requestId: c.get('requestId'),
        path: c.req.path,
        message: error instanceof Error ? error.message : String(error),
      }),
    );
  }
  const code = known?.code ?? 'internal';
  const message = known?.message ?? 'サーバーでエラーが発生しました。時間をおいて再度お試しください。';
  if (wantsJson(c)) return c.json(errorBody(code, message, known?.details ?? []), HTTP_ERRORS[code]);
  return renderPage(HTTP_ERRORS[code], message);
}
