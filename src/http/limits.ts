// How much of a request body the server reads, by route: the one place for these numbers. The limit is enforced
// while the body streams in (chunked bodies included), before any handler, guard or CSRF check reads it.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';

const KB = 1024;
const MB = 1024 * KB;

/** The largest 調査票 file an editor may upload (the file itself, as the upload form says). */
export const MAX_UPLOAD_BYTES = 10 * MB;

/**
 * Body limits in bytes, as sent on the wire.
 * - login: ID ≤ 64 and password ≤ 1,024 characters; even percent-encoded (9 bytes per Japanese character) that is
 *   under 10 KB, so 64 KB leaves room and stops an anonymous client from making the server read more.
 * - form: the largest ordinary form is the 調査票 confirmation, which carries a department's changes back (each
 *   要因分析 ≤ 2,000 characters, ≈ 18 KB percent-encoded); 1 MB holds about fifty of them.
 * - api: one JSON value or one 要因分析 (2,000 characters, ≤ 12 KB even as \u escapes).
 * - upload: the file limit plus the multipart envelope (boundaries, part headers, the CSRF token).
 */
export const BODY_LIMITS = {
  login: 64 * KB,
  form: 1 * MB,
  api: 64 * KB,
  upload: MAX_UPLOAD_BYTES + 64 * KB,
} as const;

export type BodyLimitKind = keyof typeof BODY_LIMITS;

/** Routes taking a file: POST /admin/cycles/{年度}/surveys/{所属} (the 調査票), POST /admin/plan/import (計画の取込). */
const UPLOAD_ROUTES: readonly RegExp[] = [
  /^\/admin\/cycles\/[^/]+\/surveys\/[^/]+$/,
  /^\/admin\/plan\/import$/,
];

/** Which limit a request's body falls under. */
export function bodyLimitKind(method: string, path: string): BodyLimitKind {
  if (path === '/admin/login' || path.startsWith('/admin/login/')) return 'login';
  if (method === 'POST' && UPLOAD_ROUTES.some((route) => route.test(path))) return 'upload';
  if (path.startsWith('/api/')) return 'api';
  return 'form';
}

const MESSAGES: Record<BodyLimitKind, string> = {
  login: `送信された内容が大きすぎます（${BODY_LIMITS.login / KB}KBまで）。`,
  form: `送信された内容が大きすぎます（${BODY_LIMITS.form / MB}MBまで）。入力を短くしてください。`,
  api: `本文が大きすぎます（${BODY_LIMITS.api / KB}KBまで）。`,
  upload: `ファイルが大きすぎます（${MAX_UPLOAD_BYTES / MB}MBまで）。`,
};

const limiters = Object.fromEntries(
  (Object.keys(BODY_LIMITS) as BodyLimitKind[]).map((kind) => [
    kind,
    bodyLimit({
      maxSize: BODY_LIMITS[kind],
      // Nothing more of the body is read: @hono/node-server closes the connection about 0.5 s after the answer
      // (discarding at most what is already in flight). `Connection: close` is not sent on purpose: Node would then
      // close the socket at once with unread bytes in it, and the reset can reach the client before the 413 does.
      onError: () => {
        throw new AppError('payload_too_large', MESSAGES[kind]);
      },
    }),
  ]),
) as Record<BodyLimitKind, MiddlewareHandler>;

/**
 * Refuses a body over its route's limit with 413 (a page for forms, JSON for /api): by Content-Length before
 * reading anything, and for a chunked body as soon as the bytes read pass the limit.
 */
export const limitBodies = (): MiddlewareHandler<AppEnv> => (c, next) =>
  limiters[bodyLimitKind(c.req.method, c.req.path)](c, next);
