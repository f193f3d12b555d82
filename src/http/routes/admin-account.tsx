// The account side of the staff pages: login with the second factor, enrolment of the second factor, the password
// change, logout and ending every session of the account.
import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  changeOwnPassword,
  endOwnSessions,
  recordMfaEnrolled,
  startMfaEnrolment,
} from '../../app/own-account.ts';
import { Refusal } from '../../app/workspace.ts';
import { findTotp, findUserById, hasActiveAdmin } from '../../db/repositories/user.repository.ts';
import type { AppEnv } from '../context.ts';
import { clientAddress } from '../staff/client-address.ts';
import { attemptLogin, attemptTotp } from '../staff/login-service.ts';
import { endSession, startSession } from '../staff/sessions.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import {
  EnrolPage,
  LoginForm,
  PasswordPage,
  StartEnrolment,
  TotpForm,
} from '../views/admin/account-pages.tsx';

type Ctx = Context<AppEnv>;

const safeNext = (next: string | undefined): string =>
  next !== undefined && /^\/admin(\/[A-Za-z0-9/_.%-]*)?$/.test(next) ? next : '/admin';

const ENDED_MESSAGES: Readonly<Record<string, string>> = {
  idle: '一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。',
  absolute: 'ログインしてから長時間が経過したため、ログアウトしました。もう一度ログインしてください。',
};

/** Where a session goes once its stage is known. */
const landing = (stage: 'mfa' | 'enrol' | 'full', mustChange: boolean, next: string): string =>
  stage === 'mfa'
    ? '/admin/login/mfa'
    : stage === 'enrol'
      ? '/admin/account/mfa'
      : mustChange
        ? '/admin/account/password'
        : next;

const enrolProps = (c: Ctx) => {
  const { user, session } = signedInOf(c);
  return {
    csrf: session.csrfToken,
    mustEnrol: session.stage === 'enrol',
    issuer: c.var.served.organisation,
    login: user.login,
  };
};

const passwordProps = (c: Ctx) => {
  const { user, session } = signedInOf(c);
  return { csrf: session.csrfToken, mustChange: user.mustChangePassword };
};

export const adminAccountRoutes = new Hono<AppEnv>()
  .get('/login', async (c) => {
    const staff = staffOf(c);
    const session = c.var.signedIn;
    if (session !== undefined) {
      return c.redirect(landing(session.session.stage, session.user.mustChangePassword, '/admin'), 303);
    }
    const sent = c.req.query('ended');
    const ended =
      c.var.sessionEnded === 'idle' || c.var.sessionEnded === 'absolute' ? c.var.sessionEnded : sent;
    return staffPage(
      c,
      'ログイン',
      <LoginForm
        next={safeNext(c.req.query('next'))}
        notice={
          c.req.query('invited') === '1'
            ? 'アカウントを作成しました。決めたログインIDとパスワードでログインしてください。'
            : ended === undefined
              ? undefined
              : ENDED_MESSAGES[ended]
        }
        noAdmin={!(await hasActiveAdmin(staff.db))}
      />,
    );
  })
  .post('/login', async (c) => {
    const staff = staffOf(c);
    const body = await c.req.parseBody();
    const login = formText(body, 'login').trim();
    const password = formText(body, 'password');
    const next = safeNext(formText(body, 'next'));
    const noAdmin = !(await hasActiveAdmin(staff.db));
    if (login === '' || password === '') {
      return staffPage(
        c,
        'ログイン',
        <LoginForm
          next={next}
          login={login}
          error="＊ログインIDとパスワードを入力してください。"
          noAdmin={noAdmin}
        />,
        400,
      );
    }
    const outcome = await attemptLogin(
      staff,
      login.slice(0, 64),
      password.slice(0, 1024),
      clientAddress(c, staff),
    );
    if (!outcome.ok) {
      const error =
        outcome.reason === 'throttled'
          ? `ログインの失敗が続いたため、一時的にログインを止めています。約${outcome.waitMinutes}分後にもう一度お試しください。`
          : 'ログインIDまたはパスワードが正しくありません。';
      return staffPage(
        c,
        'ログイン',
        <LoginForm next={next} login={login} error={error} noAdmin={noAdmin} />,
        outcome.reason === 'throttled' ? 429 : 401,
      );
    }
    await startSession(c, staff, outcome.userId, outcome.stage);
    const user = await findUserById(staff.db, outcome.userId);
    return c.redirect(landing(outcome.stage, user?.mustChangePassword ?? true, next), 303);
  })
  .get('/login/mfa', (c) =>
    staffPage(
      c,
      '二要素認証',
      <>
        <h1>二要素認証</h1>
        <TotpForm action="/admin/login/mfa" csrf={signedInOf(c).session.csrfToken} />
      </>,
    ),
  )
  .post('/login/mfa', async (c) => {
    const staff = staffOf(c);
    const { user } = signedInOf(c);
    const body = await c.req.parseBody();
    const outcome = await attemptTotp(staff, user, formText(body, 'code'), clientAddress(c, staff), 'login');
    if (!outcome.ok) {
      const error =
        outcome.reason === 'throttled'
          ? `失敗が続いたため、一時的に止めています。約${outcome.waitMinutes}分後にもう一度お試しください。`
          : '＊確認コードが正しくないか、既に使われたコードです。認証アプリの新しいコードを入力してください。';
      return staffPage(
        c,
        '二要素認証',
        <>
          <h1>二要素認証</h1>
          <TotpForm action="/admin/login/mfa" csrf={signedInOf(c).session.csrfToken} error={error} />
        </>,
        outcome.reason === 'throttled' ? 429 : 400,
      );
    }
    // A new session id once the second factor is passed, as at every change of privilege.
    await startSession(c, staff, user.id, 'full');
    return c.redirect(user.mustChangePassword ? '/admin/account/password' : '/admin', 303);
  })
  .post('/logout', async (c) => {
    const staff = staffOf(c);
    staff.logger.info(
      { event: 'logout', login: signedInOf(c).user.login, requestId: c.var.requestId },
      'logout',
    );
    await endSession(c, staff);
    return c.redirect('/admin/login', 303);
  })
  .post('/account/sessions/end', async (c) => {
    await endOwnSessions(staffOf(c), actorOf(c));
    await endSession(c, staffOf(c));
    return c.redirect('/admin/login', 303);
  })
  .get('/account/password', (c) =>
    staffPage(c, 'パスワード変更', <PasswordPage {...passwordProps(c)} errors={{}} />),
  )
  .post('/account/password', async (c) => {
    const { session } = signedInOf(c);
    const body = await c.req.parseBody();
    try {
      await changeOwnPassword(staffOf(c), actorOf(c), {
        current: formText(body, 'current'),
        next: formText(body, 'new'),
        confirm: formText(body, 'confirm'),
        keepSessionHash: session.idHash,
      });
    } catch (e) {
      if (!(e instanceof Refusal && e.kind === 'invalid')) throw e;
      const errors = Object.fromEntries(e.details.map((d) => [d.path, `＊${d.message}`]));
      return staffPage(c, 'パスワード変更', <PasswordPage {...passwordProps(c)} errors={errors} />, 400);
    }
    return c.redirect('/admin?changed=password', 303);
  })
  .get('/account/mfa', async (c) => {
    const staff = staffOf(c);
    const { user } = signedInOf(c);
    if (user.mfaEnabled) {
      return staffPage(
        c,
        '二要素認証',
        <>
          <h1>二要素認証</h1>
          <p class="success">
            二要素認証は登録済みです。ログインのたびに認証アプリの確認コードを入力します。
          </p>
          <p>端末をなくした場合は、管理者に再設定を依頼してください。</p>
        </>,
      );
    }
    // A GET changes nothing: the secret is made by the POST that starts the enrolment.
    const pending = (await findTotp(staff.db, user.id))?.pendingSecret ?? null;
    if (pending === null) return staffPage(c, '二要素認証の登録', <StartEnrolment {...enrolProps(c)} />);
    return staffPage(c, '二要素認証の登録', await EnrolPage({ ...enrolProps(c), secret: pending }));
  })
  .post('/account/mfa', async (c) => {
    const staff = staffOf(c);
    const { user, session } = signedInOf(c);
    if (user.mfaEnabled) return c.redirect('/admin/account/mfa', 303);
    const body = await c.req.parseBody();
    const pending = (await findTotp(staff.db, user.id))?.pendingSecret ?? null;
    if (formText(body, 'intent') === 'start' || pending === null) {
      const { secret } = await startMfaEnrolment(staff, actorOf(c), true);
      return staffPage(c, '二要素認証の登録', await EnrolPage({ ...enrolProps(c), secret }));
    }
    const outcome = await attemptTotp(staff, user, formText(body, 'code'), clientAddress(c, staff), 'enrol');
    if (!outcome.ok) {
      const { secret } = await startMfaEnrolment(staff, actorOf(c), false);
      const error =
        outcome.reason === 'throttled'
          ? `失敗が続いたため、一時的に止めています。約${outcome.waitMinutes}分後にもう一度お試しください。`
          : '＊確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。';
      return staffPage(c, '二要素認証の登録', await EnrolPage({ ...enrolProps(c), secret, error }), 400);
    }
    await recordMfaEnrolled(staff, actorOf(c));
    if (session.stage === 'enrol') await startSession(c, staff, user.id, 'full');
    return c.redirect(user.mustChangePassword ? '/admin/account/password' : '/admin?changed=mfa', 303);
  });
