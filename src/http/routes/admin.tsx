import type { Context } from 'hono';
import { Hono } from 'hono';
import { hashPassword, verifyPassword } from '../../auth/password-hash.ts';
import { passwordProblems } from '../../auth/password-policy.ts';
import { generateTotpSecret, otpauthUri, totpQrSvg } from '../../auth/totp.ts';
import { saveAnswer } from '../../db/repositories/answer.repository.ts';
import {
  CampaignRuleError,
  editClosedReason,
  findCycle,
  guardEdit,
  listAnswers,
} from '../../db/repositories/campaign.repository.ts';
import {
  countHistory,
  type HistoryFilter,
  historyActors,
  listHistory,
} from '../../db/repositories/history.repository.ts';
import { VersionConflictError } from '../../db/repositories/kpi-value.repository.ts';
import { deleteUserSessions } from '../../db/repositories/session.repository.ts';
import {
  auditAccount,
  findCredentials,
  findTotp,
  findUserById,
  hasActiveAdmin,
  type StaffUser,
  setPassword,
  setPendingTotp,
} from '../../db/repositories/user.repository.ts';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { ANSWER_STATE_LABELS, CYCLE_STATE_LABELS, missingItems } from '../../domain/campaign/campaign.ts';
import {
  answerProblems,
  kpiDepartments,
  type MeasureAnswerInput,
  measureDepartments,
  ownerLabel,
  previewMeasure,
  readMeasureAnswer,
} from '../../domain/editing/measure-answer.ts';
import { evaluateKpi } from '../../domain/evaluation/kpi-evaluation.ts';
import { judgeMeasure } from '../../domain/evaluation/measure-status.ts';
import { kpisOfMeasure, type Plan } from '../../domain/plan/model.ts';
import { yearOutsidePlan } from '../../domain/plan/period.ts';
import type { Measure } from '../../domain/plan/schema.ts';
import { HISTORY_TABLES } from '../../domain/tables/labels.ts';
import { planNames } from '../../domain/tables/row-labels.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { answerChanges, readStoredAnswer } from '../staff/answer-changes.ts';
import { clientAddress } from '../staff/client-address.ts';
import { attemptLogin, attemptTotp } from '../staff/login-service.ts';
import { endSession, startSession } from '../staff/sessions.ts';
import { formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { CsrfField, FieldError } from '../views/admin/admin-layout.tsx';
import { AnswerPage, type ConflictRow } from '../views/admin/answer-page.tsx';
import { HistoryListing, type HistoryListingData } from '../views/admin/history-pages.tsx';
import { HistoryFilterForm, historyCsv } from '../views/admin/history-view.tsx';
import { StatusBadge } from '../views/components/status-badge.tsx';

type Ctx = Context<AppEnv>;

const safeNext = (next: string | undefined): string =>
  next !== undefined && /^\/admin(\/[A-Za-z0-9/_.%-]*)?$/.test(next) ? next : '/admin';

const ENDED_MESSAGES: Readonly<Record<string, string>> = {
  idle: '一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。',
  absolute: 'ログインしてから長時間が経過したため、ログアウトしました。もう一度ログインしてください。',
};

function LoginForm(props: {
  next: string;
  login?: string;
  error?: string;
  notice?: string;
  noAdmin: boolean;
}) {
  return (
    <>
      <h1>職員ログイン</h1>
      {props.notice !== undefined && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.noAdmin && (
        <p class="notice">
          管理者アカウントがまだありません。サーバーで{' '}
          <code>npx shinchoku user add --login &lt;ID&gt; --name &lt;氏名&gt; --role admin</code>{' '}
          を実行して作成してください。
        </p>
      )}
      {props.error !== undefined && (
        <p class="error-summary" role="alert" id="login-error">
          {props.error}
        </p>
      )}
      <form method="post" action="/admin/login" class="form-stack">
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="login">ログインID</label>
          <input
            type="text"
            id="login"
            name="login"
            value={props.login ?? ''}
            autocomplete="username"
            required
          />
        </div>
        <div class="field">
          <label for="password">パスワード</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            ログイン
          </button>
        </div>
      </form>
    </>
  );
}

/** Where a session goes once its stage is known. */
const landing = (stage: 'mfa' | 'enrol' | 'full', mustChange: boolean, next: string): string =>
  stage === 'mfa'
    ? '/admin/login/mfa'
    : stage === 'enrol'
      ? '/admin/account/mfa'
      : mustChange
        ? '/admin/account/password'
        : next;

/** Measures a person works on: an editor's own departments' measures, every measure for admins and viewers. */
const visibleMeasures = (plan: Plan, user: StaffUser): Measure[] =>
  plan.document.measures.filter(
    (m) => user.role !== 'editor' || measureDepartments(m).some((d) => user.departments.includes(d)),
  );

/** The departments a person changes figures for: for an editor, only theirs among the measure's. */
export const departmentsActingFor = (departments: readonly string[], user: StaffUser): string[] =>
  user.role === 'editor' ? departments.filter((d) => user.departments.includes(d)) : [...departments];

const canWrite = (user: StaffUser) => user.role === 'admin' || user.role === 'editor';

/** KPIs of a measure this person may change: for editors, those answered by one of their departments. */
const editableKpis = (plan: Plan, measure: Measure, user: StaffUser): Set<string> =>
  new Set(
    canWrite(user)
      ? kpisOfMeasure(plan, measure)
          .map((k) => k.id)
          .filter(
            (id) =>
              user.role === 'admin' || kpiDepartments(plan, id).some((d) => user.departments.includes(d)),
          )
      : [],
  );

function measureAndYear(c: Ctx): { plan: Plan; measure: Measure; fiscalYear: number } {
  const plan = c.var.site.plan;
  const measure = plan.measures.get(c.req.param('measure') ?? '');
  if (measure === undefined) throw new AppError('not_found', '施策が見つかりません。');
  const fy = Number(c.req.param('fy'));
  const outside = Number.isInteger(fy)
    ? yearOutsidePlan(plan.document.plan.period, 'record', fy)
    : `年度「${c.req.param('fy')}」を読み取れません。`;
  if (outside !== undefined) throw new AppError('not_found', outside);
  return { plan, measure, fiscalYear: fy };
}

function currentEvaluation(plan: Plan, measure: Measure, fiscalYear: number) {
  const rules = plan.document.plan.rules;
  return judgeMeasure(
    measure,
    kpisOfMeasure(plan, measure).map((k) => evaluateKpi(k, fiscalYear, rules)),
  );
}

/** The answer form's text from a posted body; KPIs not editable by this person keep their stored text. */
function postedInput(
  body: Record<string, unknown>,
  stored: MeasureAnswerInput,
  editable: ReadonlySet<string>,
  canEditAnalysis: boolean,
): MeasureAnswerInput {
  return {
    kpis: stored.kpis.map((k) =>
      editable.has(k.kpi)
        ? {
            kpi: k.kpi,
            value: formText(body, `kpi.${k.kpi}.value`),
            provisional: formText(body, `kpi.${k.kpi}.provisional`) === '1',
            note: formText(body, `kpi.${k.kpi}.note`),
          }
        : k,
    ),
    analysis: canEditAnalysis ? formText(body, 'analysis') : stored.analysis,
  };
}

const versionOf = (body: Record<string, unknown>, name: string): number | undefined => {
  const raw = formText(body, name);
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
};

const cellsText = (value: string, provisional: boolean, note: string) =>
  `${value === '' ? '（空欄）' : value}${provisional ? '（見込み）' : ''}${note === '' ? '' : ` 備考: ${note}`}`;

export const adminRoutes = new Hono<AppEnv>()
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
        notice={ended === undefined ? undefined : ENDED_MESSAGES[ended]}
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
    const staff = staffOf(c);
    const { user } = signedInOf(c);
    await deleteUserSessions(staff.db, user.id);
    staff.logger.info({ event: 'logout_everywhere', login: user.login }, 'all sessions ended');
    await endSession(c, staff);
    return c.redirect('/admin/login', 303);
  })
  .get('/account/password', (c) => staffPage(c, 'パスワード変更', <PasswordPage c={c} errors={{}} />))
  .post('/account/password', async (c) => {
    const staff = staffOf(c);
    const { user, session } = signedInOf(c);
    const body = await c.req.parseBody();
    const current = formText(body, 'current');
    const next = formText(body, 'new');
    const errors: Record<string, string> = {};
    const credentials = await findCredentials(staff.db, user.login);
    if (credentials === undefined || !(await verifyPassword(credentials.passwordHash, current))) {
      errors.current = '＊現在のパスワードが正しくありません。';
    }
    const problems = passwordProblems(next, { login: user.login, name: user.name });
    if (problems.length > 0) errors.new = `＊${problems.join('')}`;
    else if (next !== formText(body, 'confirm')) errors.confirm = '＊確認用のパスワードが一致しません。';
    else if (next === current) errors.new = '＊現在と異なるパスワードにしてください。';
    if (Object.keys(errors).length > 0) {
      return staffPage(c, 'パスワード変更', <PasswordPage c={c} errors={errors} />, 400);
    }
    // Every other session of the account ends; this one continues.
    await setPassword(staff.db, user.id, await hashPassword(next), false, session.idHash, {
      actor: user.login,
      requestId: c.var.requestId,
    });
    staff.logger.info({ event: 'password_changed', login: user.login }, 'password changed');
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
    if (pending === null) return staffPage(c, '二要素認証の登録', <StartEnrolment c={c} />);
    return staffPage(c, '二要素認証の登録', await EnrolPage({ c, secret: pending }));
  })
  .post('/account/mfa', async (c) => {
    const staff = staffOf(c);
    const { user, session } = signedInOf(c);
    if (user.mfaEnabled) return c.redirect('/admin/account/mfa', 303);
    const body = await c.req.parseBody();
    if (formText(body, 'intent') === 'start' || (await findTotp(staff.db, user.id))?.pendingSecret == null) {
      const secret = generateTotpSecret();
      await setPendingTotp(staff.db, user.id, secret);
      return staffPage(c, '二要素認証の登録', await EnrolPage({ c, secret }));
    }
    const outcome = await attemptTotp(staff, user, formText(body, 'code'), clientAddress(c, staff), 'enrol');
    if (!outcome.ok) {
      const pending = (await findTotp(staff.db, user.id))?.pendingSecret ?? generateTotpSecret();
      const error =
        outcome.reason === 'throttled'
          ? `失敗が続いたため、一時的に止めています。約${outcome.waitMinutes}分後にもう一度お試しください。`
          : '＊確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。';
      return staffPage(c, '二要素認証の登録', await EnrolPage({ c, secret: pending, error }), 400);
    }
    staff.logger.info({ event: 'mfa_enrolled', login: user.login }, 'second factor enrolled');
    await auditAccount(staff.db, user.login, 'totp', '未登録', '登録済み', {
      actor: user.login,
      requestId: c.var.requestId,
    });
    if (session.stage === 'enrol') await startSession(c, staff, user.id, 'full');
    return c.redirect(user.mustChangePassword ? '/admin/account/password' : '/admin?changed=mfa', 303);
  })
  .get('/', async (c) => {
    const staff = staffOf(c);
    const { user, session } = signedInOf(c);
    const plan = c.var.site.plan;
    const fy = plan.reportYear;
    const measures = visibleMeasures(plan, user);
    const changed = c.req.query('changed');
    const done = c.req.query('done');
    const cycle = await findCycle(staff.db, staff.planId, fy);
    const answers =
      cycle === undefined
        ? []
        : (await listAnswers(staff.db, cycle.id)).filter(
            (a) => user.role !== 'editor' || user.departments.includes(a.department),
          );
    return staffPage(
      c,
      '実績の入力',
      <>
        <h1>{formatFiscalYear(fy)}の実績の入力</h1>
        {done !== undefined && (
          <p class="success" role="status">
            {done.slice(0, 100)}
          </p>
        )}
        {cycle !== undefined && user.role === 'editor' && (
          <section aria-labelledby="my-answers">
            <h2 id="my-answers">
              照会の状況（{CYCLE_STATE_LABELS[cycle.state]}
              {cycle.dueDate !== null && `、提出期限 ${cycle.dueDate}`}）
            </h2>
            {answers.map((a) => {
              const missing = missingItems(plan, a.department, fy);
              const name = plan.departments.get(a.department);
              return (
                <div class="answer-status">
                  <p>
                    {name === undefined ? a.department : `${name.bureau} ${name.division}`}:{' '}
                    <strong>{ANSWER_STATE_LABELS[a.state]}</strong>
                  </p>
                  {a.state === 'returned' && a.comment !== null && (
                    <p class="notice">差戻しの理由: {a.comment}</p>
                  )}
                  {cycle.state === 'collecting' && a.state !== 'approved' && (
                    <p>
                      <a href={`/admin/cycles/${fy}/surveys/${a.department}`}>調査票（Excel）で回答する</a>
                    </p>
                  )}
                  {cycle.state === 'collecting' &&
                    a.state !== 'approved' &&
                    a.state !== 'submitted' &&
                    (missing.length > 0 ? (
                      <>
                        <p>提出するには、次の項目を入力してください（{missing.length}件）。</p>
                        <ul>
                          {missing.map((m) => (
                            <li>{m.message}</li>
                          ))}
                        </ul>
                      </>
                    ) : (
                      <form method="post" action={`/admin/cycles/${fy}/answers/${a.department}/submit`}>
                        <CsrfField token={session.csrfToken} />
                        <button type="submit" class="button">
                          回答を提出する
                        </button>
                      </form>
                    ))}
                </div>
              );
            })}
          </section>
        )}
        {changed === 'password' && (
          <p class="success" role="status">
            パスワードを変更しました。
          </p>
        )}
        {changed === 'mfa' && (
          <p class="success" role="status">
            二要素認証を登録しました。
          </p>
        )}
        <p>
          {user.role === 'editor'
            ? `担当する施策（${measures.length}件）です。施策名を選ぶと入力画面を開きます。`
            : `すべての施策（${measures.length}件）です。`}
        </p>
        {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
        <div class="table-scroll" role="region" aria-label="施策と判定の表" tabindex={0}>
          <table class="data-table">
            <caption>施策と{formatFiscalYear(fy)}の判定</caption>
            <thead>
              <tr>
                <th scope="col">施策</th>
                <th scope="col">担当所属</th>
                <th scope="col">判定</th>
                <th scope="col">要因分析</th>
              </tr>
            </thead>
            <tbody>
              {measures.map((m) => {
                const evaluation = currentEvaluation(plan, m, fy);
                const analysis = m.analyses.find((a) => a.fiscalYear === fy)?.text ?? '';
                return (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/measures/${encodeURIComponent(m.id)}/years/${fy}`}>{m.name}</a>
                    </th>
                    <td>{ownerLabel(plan, m)}</td>
                    <td>
                      <StatusBadge status={evaluation.status} />
                    </td>
                    <td>{analysis === '' ? '未入力' : '入力済み'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </>,
    );
  })
  .get('/measures/:measure/years/:fy', async (c) => {
    const staff = staffOf(c);
    const { user, session } = signedInOf(c);
    const { plan, measure, fiscalYear } = measureAndYear(c);
    const stored = await readStoredAnswer(staff.db, staff.planId, plan, measure, fiscalYear);
    const closed = await editClosedReason(
      staff.db,
      staff.planId,
      fiscalYear,
      departmentsActingFor(measureDepartments(measure), user),
      user.role,
    );
    return staffPage(
      c,
      `${measure.name} の実績`,
      <AnswerPage
        plan={plan}
        measure={measure}
        fiscalYear={fiscalYear}
        owner={ownerLabel(plan, measure)}
        input={stored.input}
        versions={stored.versions}
        editable={closed === undefined ? editableKpis(plan, measure, user) : new Set()}
        canEditAnalysis={closed === undefined && canWrite(user)}
        notice={closed}
        current={currentEvaluation(plan, measure, fiscalYear)}
        errors={{}}
        saved={c.req.query('saved') === '1'}
        csrf={session.csrfToken}
      />,
    );
  })
  .post('/measures/:measure/years/:fy', async (c) => {
    const staff = staffOf(c);
    const { user, session } = signedInOf(c);
    const { plan, measure, fiscalYear } = measureAndYear(c);
    const body = await c.req.parseBody();
    const closed = await editClosedReason(
      staff.db,
      staff.planId,
      fiscalYear,
      departmentsActingFor(measureDepartments(measure), user),
      user.role,
    );
    const editable = closed === undefined ? editableKpis(plan, measure, user) : new Set<string>();
    // What is stored now: the changes to write are what the post differs in, each guarded by the form's version.
    const stored = (await readStoredAnswer(staff.db, staff.planId, plan, measure, fiscalYear)).input;
    const input = postedInput(body, stored, editable, true);
    const { answer, errors: readErrors } = readMeasureAnswer(plan, measure, input);
    const preview = previewMeasure(plan, measure, fiscalYear, answer);
    const errors = {
      ...readErrors,
      ...(Object.keys(readErrors).length === 0 ? answerProblems(preview, answer) : {}),
    };
    const formVersions = {
      actuals: new Map([...editable].map((k) => [k, versionOf(body, `kpi.${k}.version`) ?? -1])),
      analysis: versionOf(body, 'analysis.version') ?? -1,
    };
    const render = (
      status: number,
      extra: { conflicts?: ConflictRow[]; versions?: typeof formVersions; refusal?: string } = {},
    ) =>
      staffPage(
        c,
        `${measure.name} の実績`,
        <AnswerPage
          plan={plan}
          measure={measure}
          fiscalYear={fiscalYear}
          owner={ownerLabel(plan, measure)}
          input={input}
          versions={extra.versions ?? formVersions}
          editable={editable}
          canEditAnalysis={closed === undefined}
          current={currentEvaluation(plan, measure, fiscalYear)}
          preview={Object.keys(readErrors).length === 0 ? preview : undefined}
          errors={errors}
          conflicts={extra.conflicts}
          refusal={extra.refusal}
          csrf={session.csrfToken}
        />,
        status,
      );
    if (closed !== undefined) return render(409, { refusal: closed });
    if (formText(body, 'intent') === 'preview') return render(200, {});
    if (Object.keys(errors).length > 0) return render(400);

    const changes = answerChanges(stored, input, answer, editable, formVersions);
    try {
      await saveAnswer(
        staff.db,
        staff.planId,
        measure.id,
        fiscalYear,
        changes,
        user.login,
        c.var.requestId,
        (trx) =>
          guardEdit(
            trx,
            staff.planId,
            fiscalYear,
            departmentsActingFor(measureDepartments(measure), user),
            user.role,
            user.login,
            c.var.requestId,
          ),
      );
    } catch (e) {
      if (e instanceof CampaignRuleError) return render(409, { refusal: e.message });
      if (!(e instanceof VersionConflictError)) throw e;
      return conflictPage(c, measure, fiscalYear, input, formVersions, render);
    }
    c.var.source.invalidate();
    staff.logger.info(
      {
        event: 'answer_saved',
        login: user.login,
        measure: measure.id,
        fiscalYear,
        requestId: c.var.requestId,
      },
      'answer saved',
    );
    return c.redirect(`/admin/measures/${encodeURIComponent(measure.id)}/years/${fiscalYear}?saved=1`, 303);
  })
  .get('/measures/:measure/history', async (c) => {
    const plan = c.var.site.plan;
    const measure = plan.measures.get(c.req.param('measure'));
    if (measure === undefined) throw new AppError('not_found', '施策が見つかりません。');
    const page = historyPageNumber(c);
    if (page.error !== undefined) throw new AppError('bad_request', page.error);
    const filter = { measure: { id: measure.id, kpis: kpisOfMeasure(plan, measure).map((k) => k.id) } };
    const listing = await historyListing(c, filter, page.value);
    const back = `/admin/measures/${encodeURIComponent(measure.id)}/years/${plan.reportYear}`;
    return staffPage(
      c,
      `${measure.name} の変更履歴`,
      <>
        <p>
          <a href={back}>入力画面へ戻る</a>
        </p>
        <h1>{measure.name} の変更履歴</h1>
        <HistoryListing listing={listing} names={planNames(plan)} caption="この施策の変更（新しい順）" />
      </>,
      listing.outOfRange ? 404 : 200,
    );
  })
  .get('/history', async (c) => {
    const staff = staffOf(c);
    const filter = historyFilter(c);
    const page = historyPageNumber(c);
    const errors = page.error === undefined ? filter.errors : [...filter.errors, page.error];
    const listing = await historyListing(c, filter.value, page.value);
    return staffPage(
      c,
      '変更履歴',
      <>
        <h1>変更履歴</h1>
        <HistoryFilterForm
          actors={await historyActors(staff.db, staff.planId)}
          values={filter.raw}
          errors={errors}
        />
        <p>
          <a href={`/admin/history.csv${csvQuery(c)}`}>この条件の履歴をCSVでダウンロード</a>
        </p>
        <HistoryListing listing={listing} names={planNames(c.var.site.plan)} caption="変更（新しい順）" />
      </>,
      errors.length > 0 ? 400 : listing.outOfRange ? 404 : 200,
    );
  })
  .get('/history.csv', async (c) => {
    const staff = staffOf(c);
    const filter = historyFilter(c);
    if (filter.errors.length > 0) throw new AppError('bad_request', filter.errors.join(' '));
    const rows = await listHistory(staff.db, staff.planId, filter.value, { limit: 100_000 });
    return c.body(historyCsv(rows, planNames(c.var.site.plan)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="history.csv"; filename*=UTF-8''${encodeURIComponent('変更履歴.csv')}`,
    });
  });

/** The refused save: the other person's values beside this person's, and the form ready to re-apply. */
async function conflictPage(
  c: Ctx,
  measure: Measure,
  fiscalYear: number,
  input: MeasureAnswerInput,
  formVersions: { actuals: Map<string, number>; analysis: number },
  render: (
    status: number,
    extra: { conflicts?: ConflictRow[]; versions?: { actuals: Map<string, number>; analysis: number } },
  ) => Response | Promise<Response>,
) {
  const staff = staffOf(c);
  const plan = (await c.var.source.fresh()).plan;
  const kpis = kpisOfMeasure(plan, measure);
  // Their values and the versions the re-apply form carries come from the same read of the rows.
  const { input: theirs, versions: latest } = await readStoredAnswer(
    staff.db,
    staff.planId,
    plan,
    plan.measures.get(measure.id) ?? measure,
    fiscalYear,
  );
  const conflicts: ConflictRow[] = [];
  for (const kpi of kpis) {
    if (!formVersions.actuals.has(kpi.id)) continue;
    if ((latest.actuals.get(kpi.id) ?? 0) === formVersions.actuals.get(kpi.id)) continue;
    const t = theirs.kpis.find((k) => k.kpi === kpi.id);
    const y = input.kpis.find((k) => k.kpi === kpi.id);
    conflicts.push({
      label: `${kpi.name}（実績値）`,
      theirs: t === undefined ? '（空欄）' : cellsText(t.value, t.provisional, t.note),
      yours: y === undefined ? '（空欄）' : cellsText(y.value, y.provisional, y.note),
    });
  }
  if (latest.analysis !== formVersions.analysis) {
    conflicts.push({
      label: '要因分析',
      theirs: theirs.analysis === '' ? '（空欄）' : theirs.analysis,
      yours: input.analysis === '' ? '（空欄）' : input.analysis,
    });
  }
  staff.logger.info(
    { event: 'answer_conflict', measure: measure.id, fiscalYear, requestId: c.var.requestId },
    'stale save refused',
  );
  return render(409, {
    conflicts,
    versions: {
      actuals: new Map([...formVersions.actuals.keys()].map((k) => [k, latest.actuals.get(k) ?? 0])),
      analysis: latest.analysis,
    },
  });
}

function TotpForm({ action, csrf, error }: { action: string; csrf: string; error?: string }) {
  return (
    <form method="post" action={action} class="form-stack">
      <CsrfField token={csrf} />
      <div class="field">
        <label for="code">確認コード（6桁）</label>
        <p class="field__hint" id="code-hint">
          認証アプリに表示されている6桁の数字を入力してください。
        </p>
        <input
          type="text"
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={12}
          aria-invalid={error === undefined ? undefined : 'true'}
          aria-describedby={`code-hint${error === undefined ? '' : ' code-error'}`}
          required
        />
        <FieldError id="code-error" message={error} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button">
          確認する
        </button>
      </div>
    </form>
  );
}

function StartEnrolment({ c }: { c: Ctx }) {
  const { session } = signedInOf(c);
  return (
    <>
      <h1>二要素認証の登録</h1>
      {session.stage === 'enrol' && (
        <p class="notice">管理者は二要素認証の登録が必要です。登録すると、利用を始められます。</p>
      )}
      <p>
        ログインのときに、パスワードに加えてスマートフォンの認証アプリが表示する6桁の確認コードを入力するようにします。
        パスワードが漏れても、他人はログインできなくなります。
      </p>
      <form method="post" action="/admin/account/mfa" class="form-stack">
        <CsrfField token={session.csrfToken} />
        <input type="hidden" name="intent" value="start" />
        <div class="form-actions">
          <button type="submit" class="button">
            登録を始める
          </button>
        </div>
      </form>
    </>
  );
}

async function EnrolPage({ c, secret, error }: { c: Ctx; secret: string; error?: string }) {
  const { user, session } = signedInOf(c);
  const issuer = c.var.site.plan.document.organisation.name;
  const svg = await totpQrSvg(otpauthUri({ issuer: `${issuer} 進捗`, account: user.login, secret }));
  return (
    <>
      <h1>二要素認証の登録</h1>
      {session.stage === 'enrol' && (
        <p class="notice">管理者は二要素認証の登録が必要です。登録すると、利用を始められます。</p>
      )}
      <ol>
        <li>スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator など）を開きます。</li>
        <li>
          次のQRコードを読み取ります。読み取れない場合は、キーを手で入力してください。
          <div class="qr" dangerouslySetInnerHTML={{ __html: svg }} />
          <p>
            キー: <span class="secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</span>
          </p>
        </li>
        <li>アプリに表示された6桁の確認コードを入力します。</li>
      </ol>
      <TotpForm
        action="/admin/account/mfa"
        csrf={session.csrfToken}
        {...(error === undefined ? {} : { error })}
      />
    </>
  );
}

function PasswordPage({ c, errors }: { c: Ctx; errors: Readonly<Record<string, string>> }) {
  const { user, session } = signedInOf(c);
  const described = (name: string, hint?: string) =>
    [hint, errors[name] === undefined ? undefined : `${name}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <h1>パスワード変更</h1>
      {user.mustChangePassword && (
        <p class="notice">
          管理者が発行した初期パスワードでログインしています。利用を始める前に、自分だけが知るパスワードに変更してください。
        </p>
      )}
      <form method="post" action="/admin/account/password" class="form-stack">
        <CsrfField token={session.csrfToken} />
        <div class="field">
          <label for="current">現在のパスワード</label>
          <input
            type="password"
            id="current"
            name="current"
            autocomplete="current-password"
            aria-invalid={errors.current === undefined ? undefined : 'true'}
            aria-describedby={described('current')}
          />
          <FieldError id="current-error" message={errors.current} />
        </div>
        <div class="field">
          <label for="new">新しいパスワード</label>
          <p class="field__hint" id="new-hint">
            8文字以上128文字以下。記号や大文字を混ぜる必要はありません。長い文（パスフレーズ）もおすすめです。よく使われるパスワードは使えません。
          </p>
          <input
            type="password"
            id="new"
            name="new"
            autocomplete="new-password"
            aria-invalid={errors.new === undefined ? undefined : 'true'}
            aria-describedby={described('new', 'new-hint')}
          />
          <FieldError id="new-error" message={errors.new} />
        </div>
        <div class="field">
          <label for="confirm">新しいパスワード（確認）</label>
          <input
            type="password"
            id="confirm"
            name="confirm"
            autocomplete="new-password"
            aria-invalid={errors.confirm === undefined ? undefined : 'true'}
            aria-describedby={described('confirm')}
          />
          <FieldError id="confirm-error" message={errors.confirm} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            変更する
          </button>
        </div>
      </form>
      <form method="post" action="/admin/account/sessions/end" class="form-stack">
        <CsrfField token={session.csrfToken} />
        <p>ほかの端末でログインしたままの場合は、すべての端末からログアウトできます。</p>
        <div class="form-actions">
          <button type="submit" class="button button--secondary">
            すべての端末からログアウト
          </button>
        </div>
      </form>
    </>
  );
}

/** The history filters from the query string: login, period (dates, JST), table (one of the listed tables). */
function historyFilter(c: Ctx) {
  const raw = {
    actor: c.req.query('actor') ?? '',
    from: c.req.query('from') ?? '',
    to: c.req.query('to') ?? '',
    table: c.req.query('table') ?? '',
  };
  const errors: string[] = [];
  const date = (value: string, label: string, addDays: number): Date | undefined => {
    if (value === '') return undefined;
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const parsed = match ? new Date(`${value}T00:00:00+09:00`) : undefined;
    if (parsed === undefined || Number.isNaN(parsed.getTime())) {
      errors.push(`＊${label}は 2025-04-01 の形式で入力してください。`);
      return undefined;
    }
    return new Date(parsed.getTime() + addDays * 86_400_000);
  };
  const table = HISTORY_TABLES.find((t) => t.value === raw.table);
  if (raw.table !== '' && table === undefined) errors.push('＊対象の表は一覧から選んでください。');
  const value: HistoryFilter = {
    actor: raw.actor || undefined,
    from: date(raw.from, '開始日', 0),
    to: date(raw.to, '終了日', 1),
    tables: table?.stored,
  };
  return { raw, value, errors };
}

const HISTORY_PAGE_SIZE = 50;

/** The page asked for (`?page=2`): the first when absent, an error for anything but a whole number from 1. */
function historyPageNumber(c: Ctx): { value: number; error?: string } {
  const raw = c.req.query('page') ?? '';
  if (raw === '') return { value: 1 };
  if (!/^[1-9]\d{0,5}$/.test(raw)) return { value: 1, error: '＊ページは1以上の整数で指定してください。' };
  return { value: Number(raw) };
}

/** The query string of this request without its page (the CSV holds every page). */
function csvQuery(c: Ctx): string {
  const params = new URL(c.req.url).searchParams;
  params.delete('page');
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** One page of the filtered history, with the links to the pages beside it (same path, same filters). */
async function historyListing(c: Ctx, filter: HistoryFilter, page: number): Promise<HistoryListingData> {
  const staff = staffOf(c);
  const total = await countHistory(staff.db, staff.planId, filter);
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  const url = new URL(c.req.url);
  const href = (n: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(n));
    return `${url.pathname}?${params.toString()}`;
  };
  const paging = { page, pages, total, pageSize: HISTORY_PAGE_SIZE, href };
  if (page > pages) return { rows: [], paging, outOfRange: true };
  const rows = await listHistory(staff.db, staff.planId, filter, {
    limit: HISTORY_PAGE_SIZE,
    offset: (page - 1) * HISTORY_PAGE_SIZE,
  });
  return { rows, paging, outOfRange: false };
}
