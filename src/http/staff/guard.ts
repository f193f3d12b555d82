import type { Context, MiddlewareHandler } from 'hono';
import { tokensEqual } from '../../auth/tokens.ts';
import { kpiDepartments, measureDepartments } from '../../domain/editing/measure-answer.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { type AccessRule, decide, findRule, isGuardedPath, type Scope } from './access.ts';
import { currentSession } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The departments owning what a request addresses; undefined when it does not exist (the handler 404s). */
function departmentsOf(
  c: Context<AppEnv>,
  scope: Scope,
  params: Record<string, string>,
): string[] | undefined {
  // The organisation's plan as the staff side sees it (the stored data); none yet: nothing to scope, the handler 404s.
  const plan = c.var.served.plan;
  if (scope === 'none' || plan === undefined) return undefined;
  if (scope === 'department') {
    const department = params.department ?? '';
    return plan.departments.has(department) ? [department] : undefined;
  }
  if (scope === 'measure') {
    const measure = plan.measures.get(params.measure ?? '');
    return measure === undefined ? undefined : measureDepartments(measure);
  }
  return plan.kpis.has(params.kpi ?? '') ? kpiDepartments(plan, params.kpi ?? '') : undefined;
}

/** The per-session CSRF token a write must carry: a hidden form field, or a header for the JSON API. */
async function sentCsrfToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header !== undefined) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    return typeof body._csrf === 'string' ? body._csrf : undefined;
  }
  return undefined;
}

const isApi = (c: Context) => c.req.path.startsWith('/api/');

const safeNext = (path: string) => (path.startsWith('/admin') && !path.startsWith('//') ? path : '/admin');

/**
 * Authorization for every staff route, from the access table: resolves the session, decides, and refuses before
 * the handler runs. Refusals are logged with the request id; they change nothing in the database.
 */
export const staffGuard = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (!isGuardedPath(c.req.path)) return next();
  const staff = c.var.staff;
  if (staff === undefined) {
    throw new AppError(
      'service_unavailable',
      'データファイルを表示しているため、職員向けの画面は使えません。データベースで起動してください。',
    );
  }
  const session = await currentSession(c, staff);
  if (session.ok) c.set('signedIn', session.value);
  else c.set('sessionEnded', session.reason);
  const found = findRule(c.req.method, c.req.path);
  const rule: AccessRule | undefined = found?.rule;
  const requester = session.ok ? { user: session.value.user, stage: session.value.session.stage } : undefined;
  const departments = found === undefined ? undefined : departmentsOf(c, found.rule.scope, found.params);
  const decision = decide(rule, requester, departments);

  if (decision === 'allow' && !SAFE_METHODS.has(c.req.method) && session.ok && rule?.who !== 'anyone') {
    const sent = await sentCsrfToken(c);
    if (sent === undefined || !tokensEqual(sent, session.value.session.csrfToken)) {
      staff.logger.warn(
        {
          event: 'csrf_refused',
          login: session.value.user.login,
          path: c.req.path,
          requestId: c.var.requestId,
        },
        'write without a valid CSRF token',
      );
      throw new AppError(
        'forbidden',
        '画面の有効期限が切れたか、不正な送信です。ページを読み込み直してから、もう一度操作してください。',
      );
    }
  }
  if (decision === 'allow') return next();

  staff.logger.warn(
    {
      event: 'access_denied',
      decision,
      login: requester?.user.login ?? null,
      role: requester?.user.role ?? null,
      method: c.req.method,
      path: c.req.path,
      requestId: c.var.requestId,
    },
    'access denied',
  );
  const page = SAFE_METHODS.has(c.req.method) && !isApi(c);
  if (decision === 'sign-in' && page) {
    const next = encodeURIComponent(safeNext(c.req.path));
    // The login page says why a session ended (the session itself is gone by then).
    const ended = session.ok ? undefined : session.reason;
    const why = ended === 'idle' || ended === 'absolute' ? `&ended=${ended}` : '';
    return c.redirect(`/admin/login?next=${next}${why}`, 303);
  }
  if (page && decision === 'mfa') return c.redirect('/admin/login/mfa', 303);
  if (page && decision === 'enrol') return c.redirect('/admin/account/mfa', 303);
  if (page && decision === 'password') return c.redirect('/admin/account/password', 303);
  if (decision === 'sign-in') throw new AppError('unauthorized', 'ログインしてください。');
  if (decision === 'mfa' || decision === 'enrol' || decision === 'password') {
    throw new AppError(
      'forbidden',
      'ログインの手続き（二要素認証またはパスワード変更）を先に済ませてください。',
    );
  }
  throw new AppError('forbidden', 'この操作を行う権限がありません。');
};
