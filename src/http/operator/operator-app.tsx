// The operator console at /service/ (運営者): sign in with a password and a second factor, the organisations of the
// service with their counts, 「団体を追加」 and 「管理者を招待」 — the same use cases as `shinchoku organisation`.
// Built on app-base.tsx (security headers, body limits, request id) like every organisation's app, with its own
// session cookie and table, an Origin check and a per-session CSRF token on every form post. It runs on the owner's
// handle, as the operator's commands do; each organisation is still read through its scoped handle.
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import pino, { type Logger } from 'pino';
import { inviteStaff } from '../../app/invitations.ts';
import { changeOperatorPassword, startOperatorMfaEnrolment } from '../../app/operators.ts';
import {
  addOrganisation,
  chooseOrganisation,
  listServiceOrganisations,
  type OrganisationWorkspace,
} from '../../app/organisations.ts';
import { Refusal } from '../../app/workspace.ts';
import { tokensEqual } from '../../auth/tokens.ts';
import {
  deleteOperatorSessions,
  findOperatorTotp,
} from '../../db/repositories/operator-account.repository.ts';
import { japanMinute } from '../../db/stale-rows.ts';
import type { Actor } from '../../domain/staff/actor.ts';
import { baseApp } from '../app-base.tsx';
import type { AppEnv } from '../context.ts';
import { AppError, toErrorResponse } from '../errors.ts';
import { BODY_LIMITS } from '../limits.ts';
import { clientAddress, requestOrigin } from '../staff/client-address.ts';
import type { NoSession } from '../staff/sessions.ts';
import { DEFAULT_LIFETIMES, type SessionLifetimes } from '../staff/staff-options.ts';
import { EnrolPage, PasswordPage, StartEnrolment, TotpForm } from '../views/admin/account-pages.tsx';
import {
  attemptOperatorLogin,
  attemptOperatorTotp,
  currentOperatorSession,
  endOperatorSession,
  type OperatorAuth,
  type OperatorSignedIn,
  requiredStep,
  startOperatorSession,
} from './operator-auth.ts';
import {
  InvitationCreated,
  OperatorErrorBody,
  OperatorLayout,
  OperatorLoginForm,
  OrganisationsPage,
} from './operator-views.tsx';

export interface OperatorConsoleOptions {
  /** The owner's handle and each organisation's scoped one, as `shinchoku organisation` has them. */
  readonly handle: OrganisationWorkspace;
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly lifetimes?: SessionLifetimes;
  readonly trustedProxies?: number;
}

interface OperatorEnv {
  Variables: AppEnv['Variables'] & {
    operator: OperatorSignedIn | undefined;
    operatorEnded: NoSession | undefined;
  };
}
type Ctx = Context<OperatorEnv>;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const ENDED: Readonly<Record<string, string>> = {
  idle: '一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。',
  absolute: 'ログインしてから長時間が経過したため、ログアウトしました。もう一度ログインしてください。',
};
const WRONG = 'ログインIDまたはパスワードが正しくありません。';
const throttled = (minutes: number) =>
  `失敗が続いたため、一時的にログインを止めています。約${minutes}分後にもう一度お試しください。`;

const text = (body: Record<string, unknown>, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

function signedIn(c: Ctx): OperatorSignedIn {
  const value = c.var.operator;
  if (value === undefined) throw new Error('invariant: an operator page without a session');
  return value;
}

function page(c: Ctx, title: string, body: unknown, status = 200) {
  const full = c.var.operator;
  const shown = full !== undefined && requiredStep(full) === undefined ? full : undefined;
  return c.html(
    <OperatorLayout
      title={title}
      path={c.req.path}
      operator={shown?.operator}
      csrf={shown?.session.csrfToken}
    >
      {body as never}
    </OperatorLayout>,
    status as 200,
  );
}

/** The session's CSRF token, sent as a hidden form field. */
async function sentToken(c: Ctx): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
    return undefined;
  const body = await c.req.parseBody();
  return typeof body._csrf === 'string' ? body._csrf : undefined;
}

/**
 * Every console page needs a session (anonymous → the login page); a session still owing its second factor, its
 * password change or its enrolment sees only that page; every post carries the session's CSRF token.
 */
const operatorGuard =
  (auth: OperatorAuth): MiddlewareHandler<OperatorEnv> =>
  async (c, next) => {
    const path = c.req.path;
    const session = await currentOperatorSession(c, auth);
    c.set('operator', session.ok ? session.value : undefined);
    c.set('operatorEnded', session.ok ? undefined : session.reason);
    if (path === '/service/login') return next();
    if (!session.ok) {
      const ended =
        session.reason === 'idle' || session.reason === 'absolute' ? `?ended=${session.reason}` : '';
      return c.redirect(`/service/login${ended}`, 303);
    }
    if (!SAFE.has(c.req.method)) {
      const sent = await sentToken(c);
      if (sent === undefined || !tokensEqual(sent, session.value.session.csrfToken)) {
        auth.logger.warn(
          {
            event: 'operator_csrf_refused',
            login: session.value.operator.login,
            path,
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
    const step = requiredStep(session.value);
    const allowed =
      path === '/service/logout' ||
      (step === undefined
        ? path !== '/service/login/mfa'
        : path === step || (step !== '/service/login/mfa' && path === '/service/account/sessions/end'));
    if (allowed) return next();
    if (SAFE.has(c.req.method)) return c.redirect(step ?? '/service/', 303);
    throw new AppError(
      'forbidden',
      'ログインの手続き（二要素認証またはパスワード変更）を先に済ませてください。',
    );
  };

const actorOf = (c: Ctx): Actor => ({
  login: `operator:${signedIn(c).operator.login}`,
  role: 'admin',
  departments: [],
  requestId: c.var.requestId,
});

/** The console, answering under /service/ (service.tsx sends it every request there). */
export function createOperatorApp(options: OperatorConsoleOptions): Hono<AppEnv> {
  const ws = options.handle;
  const auth: OperatorAuth = {
    db: ws.db,
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? pino({ name: 'shinchoku', level: process.env.LOG_LEVEL ?? 'info' }),
    lifetimes: options.lifetimes ?? DEFAULT_LIFETIMES,
    trustedProxies: options.trustedProxies ?? 0,
  };
  const app = baseApp(undefined, (_c, next) => next());
  app.use('/service/*', csrf({ origin: (origin, c) => origin === requestOrigin(c, auth) }));
  // The login form is small: the staff login's limit, not the forms' one.
  app.use(
    '/service/login/*',
    bodyLimit({
      maxSize: BODY_LIMITS.login,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          `送信された内容が大きすぎます（${BODY_LIMITS.login / 1024}KBまで）。`,
        );
      },
    }),
  );
  app.use('/service/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  const render = (c: Context<AppEnv>) => (status: number, message: string) =>
    c.html(
      <OperatorLayout title={`エラー（${status}）`} path={c.req.path}>
        <OperatorErrorBody status={status} message={message} />
      </OperatorLayout>,
      status as 200,
    );
  app.notFound((c) => toErrorResponse(new AppError('not_found', 'ページが見つかりません。'), c, render(c)));
  app.onError((error, c) => toErrorResponse(error, c, render(c)));

  const routes = new Hono<OperatorEnv>();
  routes.use('/service/*', operatorGuard(auth));

  const landing = (s: OperatorSignedIn) => requiredStep(s) ?? '/service/';
  const loginPage = (c: Ctx, props: Parameters<typeof OperatorLoginForm>[0], status = 200) =>
    page(c, '運営者ログイン', <OperatorLoginForm {...props} />, status);

  routes.get('/service/login', (c) => {
    const current = c.var.operator;
    if (current !== undefined) return c.redirect(landing(current), 303);
    const ended =
      c.var.operatorEnded === 'idle' || c.var.operatorEnded === 'absolute'
        ? c.var.operatorEnded
        : c.req.query('ended');
    return loginPage(c, { notice: ended === undefined ? undefined : ENDED[ended] });
  });
  routes.post('/service/login', async (c) => {
    const body = await c.req.parseBody();
    const login = text(body, 'login').trim();
    const password = text(body, 'password');
    if (login === '' || password === '')
      return loginPage(c, { login, error: '＊ログインIDとパスワードを入力してください。' }, 400);
    const outcome = await attemptOperatorLogin(
      auth,
      login.slice(0, 64),
      password.slice(0, 1024),
      clientAddress(c, auth),
    );
    if (!outcome.ok) {
      const error = outcome.reason === 'throttled' ? throttled(outcome.waitMinutes) : WRONG;
      return loginPage(c, { login, error }, outcome.reason === 'throttled' ? 429 : 401);
    }
    const stage = outcome.operator.mfaEnabled ? 'mfa' : 'full';
    await startOperatorSession(c, auth, outcome.operator.id, stage);
    return c.redirect(
      landing({ operator: outcome.operator, session: { stage } as OperatorSignedIn['session'] }),
      303,
    );
  });

  const mfaPage = (c: Ctx, error?: string, status = 200) =>
    page(
      c,
      '二要素認証',
      <>
        <h1>二要素認証</h1>
        <TotpForm
          action="/service/login/mfa"
          csrf={signedIn(c).session.csrfToken}
          {...(error === undefined ? {} : { error })}
        />
      </>,
      status,
    );
  routes.get('/service/login/mfa', (c) => mfaPage(c));
  routes.post('/service/login/mfa', async (c) => {
    const { operator } = signedIn(c);
    const body = await c.req.parseBody();
    const outcome = await attemptOperatorTotp(
      auth,
      operator,
      text(body, 'code'),
      clientAddress(c, auth),
      'login',
    );
    if (!outcome.ok) {
      return outcome.reason === 'throttled'
        ? mfaPage(c, `＊${throttled(outcome.waitMinutes)}`, 429)
        : mfaPage(
            c,
            '＊確認コードが正しくないか、既に使われたコードです。認証アプリの新しいコードを入力してください。',
            400,
          );
    }
    // A new session id once the second factor is passed, as at every change of privilege.
    await startOperatorSession(c, auth, operator.id, 'full');
    return c.redirect(operator.mustChangePassword ? '/service/account/password' : '/service/', 303);
  });

  routes.post('/service/logout', async (c) => {
    await endOperatorSession(c, auth);
    return c.redirect('/service/login', 303);
  });
  routes.post('/service/account/sessions/end', async (c) => {
    await deleteOperatorSessions(auth.db, signedIn(c).operator.id);
    await endOperatorSession(c, auth);
    return c.redirect('/service/login', 303);
  });

  const passwordPage = (c: Ctx, errors: Record<string, string>, status = 200) => {
    const { operator, session } = signedIn(c);
    return page(
      c,
      'パスワード変更',
      <>
        {operator.mustChangePassword && (
          <p class="notice">
            コマンドで発行された初期パスワードでログインしています。利用を始める前に、自分だけが知るパスワードに変更してください。
          </p>
        )}
        <PasswordPage base="/service" csrf={session.csrfToken} mustChange={false} errors={errors} />
      </>,
      status,
    );
  };
  routes.get('/service/account/password', (c) => passwordPage(c, {}));
  routes.post('/service/account/password', async (c) => {
    const { operator, session } = signedIn(c);
    const body = await c.req.parseBody();
    try {
      await changeOperatorPassword({ db: auth.db }, operator.id, {
        current: text(body, 'current'),
        next: text(body, 'new'),
        confirm: text(body, 'confirm'),
        keepSessionHash: session.idHash,
      });
    } catch (e) {
      if (!(e instanceof Refusal && e.kind === 'invalid')) throw e;
      return passwordPage(c, Object.fromEntries(e.details.map((d) => [d.path, `＊${d.message}`])), 400);
    }
    auth.logger.info({ event: 'operator_password_changed', login: operator.login }, 'password changed');
    return c.redirect(operator.mfaEnabled ? '/service/' : '/service/account/mfa', 303);
  });

  const MUST_ENROL = (
    <p class="notice">運営者は二要素認証の登録が必要です。登録すると、運営者の画面を使えます。</p>
  );
  const enrolPage = async (c: Ctx, secret: string, error?: string) => {
    const { operator, session } = signedIn(c);
    return page(
      c,
      '二要素認証の登録',
      <>
        {MUST_ENROL}
        {
          await EnrolPage({
            base: '/service',
            csrf: session.csrfToken,
            mustEnrol: false,
            issuer: 'Shinchoku 運営者',
            login: operator.login,
            secret,
            ...(error === undefined ? {} : { error }),
          })
        }
      </>,
      error === undefined ? 200 : 400,
    );
  };
  routes.get('/service/account/mfa', async (c) => {
    const { operator, session } = signedIn(c);
    if (operator.mfaEnabled) return c.redirect('/service/', 303);
    // A GET changes nothing: the secret is made by the POST that starts the enrolment.
    const pending = (await findOperatorTotp(auth.db, operator.id))?.pendingSecret ?? null;
    if (pending !== null) return enrolPage(c, pending);
    return page(
      c,
      '二要素認証の登録',
      <>
        {MUST_ENROL}
        <StartEnrolment base="/service" csrf={session.csrfToken} mustEnrol={false} />
      </>,
    );
  });
  routes.post('/service/account/mfa', async (c) => {
    const { operator } = signedIn(c);
    if (operator.mfaEnabled) return c.redirect('/service/', 303);
    const body = await c.req.parseBody();
    const pending = (await findOperatorTotp(auth.db, operator.id))?.pendingSecret ?? null;
    if (text(body, 'intent') === 'start' || pending === null) {
      const { secret } = await startOperatorMfaEnrolment({ db: auth.db }, operator.id, true);
      return enrolPage(c, secret);
    }
    const outcome = await attemptOperatorTotp(
      auth,
      operator,
      text(body, 'code'),
      clientAddress(c, auth),
      'enrol',
    );
    if (!outcome.ok) {
      const error =
        outcome.reason === 'throttled'
          ? `＊${throttled(outcome.waitMinutes)}`
          : '＊確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。';
      return enrolPage(c, pending, error);
    }
    auth.logger.info({ event: 'operator_mfa_enrolled', login: operator.login }, 'second factor enrolled');
    await startOperatorSession(c, auth, operator.id, 'full');
    return c.redirect('/service/', 303);
  });

  const listPage = async (c: Ctx, add: { code: string; error?: string }, status = 200, added?: string) =>
    page(
      c,
      '団体の一覧',
      <OrganisationsPage
        csrf={signedIn(c).session.csrfToken}
        organisations={await listServiceOrganisations(ws, actorOf(c))}
        add={add}
        added={added}
      />,
      status,
    );
  routes.get('/service/', async (c) => {
    const code = c.req.query('added');
    const added =
      code === undefined
        ? undefined
        : (await listServiceOrganisations(ws, actorOf(c))).find((o) => o.code === code);
    return listPage(c, { code: '' }, 200, added === undefined ? undefined : `${added.name}（${added.code}）`);
  });
  routes.post('/service/organisations', async (c) => {
    const code = text(await c.req.parseBody(), 'code')
      .trim()
      .slice(0, 12);
    if (code === '') return listPage(c, { code, error: '＊団体コードを入力してください。' }, 400);
    try {
      const { organisation } = await addOrganisation(ws, actorOf(c), { code });
      auth.logger.info(
        { event: 'organisation_added', code: organisation.code, login: signedIn(c).operator.login },
        'organisation added',
      );
      return c.redirect(`/service/?added=${organisation.code}`, 303);
    } catch (e) {
      if (!(e instanceof Refusal) || (e.kind !== 'invalid' && e.kind !== 'conflict')) throw e;
      const detail = e.details.find((d) => d.path === 'code')?.message ?? e.message;
      return listPage(c, { code, error: `＊${detail}` }, e.kind === 'conflict' ? 409 : 400);
    }
  });
  routes.post('/service/organisations/:code/invitations', async (c) => {
    const organisation = await chooseOrganisation(ws, c.req.param('code')).catch((e: unknown) => {
      if (e instanceof Refusal) throw new AppError('not_found', e.message);
      throw e;
    });
    // The same invitation as `shinchoku organisation invite` makes, in the organisation through its scoped handle.
    const { token, invitation } = await inviteStaff(
      { db: ws.forOrganisation(organisation.id), now: auth.now },
      actorOf(c),
      {
        role: 'admin',
        departments: [],
        note: '最初の管理者（運営者が招待）',
      },
    );
    auth.logger.info(
      { event: 'first_admin_invited', code: organisation.code, login: signedIn(c).operator.login },
      'first admin invited',
    );
    const link = `${requestOrigin(c, auth)}/${organisation.code}/admin/invitation/${token}`;
    return page(
      c,
      `${organisation.name}の管理者の招待`,
      <InvitationCreated
        organisation={organisation.name}
        link={link}
        expiresAt={japanMinute(invitation.expiresAt)}
      />,
    );
  });

  app.route('/', routes as unknown as Hono<AppEnv>);
  return app;
}
