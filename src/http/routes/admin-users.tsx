// 職員アカウント for admins: the list, a page per account with a form for each action, and the create form. Each
// post calls one use case of app/accounts.ts (the same as `shinchoku user`) and redirects to a confirmation, except
// where a one-time password is issued: that response shows it once and it never appears in an address or the log.
import { type Context, Hono } from 'hono';
import {
  type AccountKey,
  type AccountSummary,
  createAccount,
  departmentChoices,
  disableAccount,
  enableAccount,
  listAccounts,
  resetMfa,
  resetPassword,
  setRole,
  showAccount,
} from '../../app/accounts.ts';
import { Refusal } from '../../app/workspace.ts';
import { departmentLabel } from '../../domain/plan/model.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { AccountPage, type AccountPageProps } from '../views/admin/users-account.tsx';
import { CreateAccountForm, type CreateValues, EMPTY_CREATE_VALUES } from '../views/admin/users-create.tsx';
import type { DepartmentChoice, FieldErrors } from '../views/admin/users-fields.tsx';
import { UsersList } from '../views/admin/users-list.tsx';

type Ctx = Context<AppEnv>;

/** The confirmations after a redirect, by the `done` query parameter (fixed texts: nothing sent is echoed). */
const DONE: Readonly<Record<string, string>> = {
  created: 'アカウントを作成しました。初回ログイン時に本人によるパスワードの変更が必要です。',
  disabled: 'アカウントを無効にしました。ログイン中の端末はすべてログアウトされました。',
  enabled: 'アカウントを有効にしました。',
  mfa: '二要素認証の登録を解除し、ログイン中の端末をすべてログアウトさせました。次回ログイン時に新しい端末で登録し直します。',
  role: '役割と担当課を変更しました。',
  unchanged: '既にその状態のため、変更はありませんでした。',
};

/** Department codes named from the plan (in the plan's order), then codes only other stored plans know. */
export async function choicesOf(c: Ctx): Promise<DepartmentChoice[]> {
  const departments = c.var.served.plan?.departments ?? new Map();
  const known = await departmentChoices(staffOf(c), actorOf(c));
  const fromPlan = [...departments.values()].map((d) => ({ code: d.code, name: departmentLabel(d) }));
  const others = known
    .filter((k) => !departments.has(k.code))
    .map((k) => ({ code: k.code, name: `${k.bureau} ${k.division}` }));
  return [...fromPlan, ...others];
}

function keyOf(c: Ctx): AccountKey & { id: number } {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('not_found', '指定のアカウントはありません。');
  return { id };
}

/** The departments ticked in a form (`department.<code>` = on). */
const tickedDepartments = (body: Record<string, unknown>): string[] =>
  Object.keys(body)
    .filter((k) => k.startsWith('department.') && body[k] === 'on')
    .map((k) => k.slice('department.'.length));

/** A refusal's problems by field; its headline alone when no field is named. */
export function errorsOf(e: Refusal): FieldErrors {
  const errors: Record<string, string> = {};
  for (const d of e.details) errors[d.path] = `${errors[d.path] ?? ''}${d.message}`;
  return errors;
}

const statusOf = (e: Refusal): 400 | 409 => (e.kind === 'conflict' ? 409 : 400);

/** An expected refusal of the form's input or state (others — forbidden, not found — go to the error page). */
export const isFormRefusal = (e: unknown): e is Refusal =>
  e instanceof Refusal && (e.kind === 'invalid' || e.kind === 'conflict');

async function accountPage(
  c: Ctx,
  account: AccountSummary,
  extra: Partial<AccountPageProps> = {},
  status = 200,
) {
  const props: AccountPageProps = {
    account,
    choices: await choicesOf(c),
    csrf: signedInOf(c).session.csrfToken,
    own: account.login === signedInOf(c).user.login,
    ...extra,
  };
  return staffPage(c, `職員アカウント: ${account.name}`, <AccountPage {...props} />, status);
}

function logChange(c: Ctx, event: string, login: string) {
  staffOf(c).logger.info(
    { event, account: login, login: signedInOf(c).user.login, requestId: c.var.requestId },
    'account changed',
  );
}

/** Runs an account action; a refusal shows the account page with its reason, a success redirects. */
async function act(
  c: Ctx,
  event: string,
  run: (key: AccountKey) => Promise<{ account: { login: string }; changed?: boolean }>,
  done: string,
  roleValues?: AccountPageProps['roleValues'],
) {
  const key = keyOf(c);
  try {
    const outcome = await run(key);
    if (outcome.changed === false) return c.redirect(`/admin/users/${key.id}?done=unchanged`, 303);
    logChange(c, event, outcome.account.login);
    return c.redirect(`/admin/users/${key.id}?done=${done}`, 303);
  } catch (e) {
    if (!isFormRefusal(e)) throw e;
    const account = await showAccount(staffOf(c), actorOf(c), key);
    return accountPage(
      c,
      account,
      { refusal: { headline: e.message, errors: errorsOf(e) }, roleValues },
      statusOf(e),
    );
  }
}

export const adminUserRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { accounts } = await listAccounts(staffOf(c), actorOf(c));
    return staffPage(c, '職員アカウント', <UsersList accounts={accounts} choices={await choicesOf(c)} />);
  })
  .get('/new', async (c) =>
    staffPage(
      c,
      'アカウントの作成',
      <CreateAccountForm
        values={EMPTY_CREATE_VALUES}
        errors={{}}
        choices={await choicesOf(c)}
        csrf={signedInOf(c).session.csrfToken}
      />,
    ),
  )
  .post('/', async (c) => {
    const body = await c.req.parseBody();
    const values: CreateValues = {
      login: formText(body, 'login').trim(),
      name: formText(body, 'name'),
      role: formText(body, 'role'),
      departments: tickedDepartments(body),
      email: formText(body, 'email'),
    };
    const password = formText(body, 'password');
    try {
      const { account, oneTimePassword } = await createAccount(staffOf(c), actorOf(c), {
        ...values,
        password: password === '' ? undefined : password,
      });
      logChange(c, 'account_created', account.login);
      if (oneTimePassword === null) return c.redirect(`/admin/users/${account.id}?done=created`, 303);
      const shown = await showAccount(staffOf(c), actorOf(c), { id: account.id });
      return accountPage(c, shown, { notice: DONE.created, oneTimePassword });
    } catch (e) {
      if (!isFormRefusal(e)) throw e;
      return staffPage(
        c,
        'アカウントの作成（入力を確認してください）',
        <CreateAccountForm
          values={values}
          errors={errorsOf(e)}
          headline={e.message}
          choices={await choicesOf(c)}
          csrf={signedInOf(c).session.csrfToken}
        />,
        statusOf(e),
      );
    }
  })
  .get('/:id', async (c) => {
    const account = await showAccount(staffOf(c), actorOf(c), keyOf(c));
    return accountPage(c, account, { notice: DONE[c.req.query('done') ?? ''] });
  })
  .post('/:id/role', async (c) => {
    const body = await c.req.parseBody();
    const sent = { role: formText(body, 'role'), departments: tickedDepartments(body) };
    return act(
      c,
      'account_role_changed',
      (key) => setRole(staffOf(c), actorOf(c), { ...key, ...sent }),
      'role',
      sent,
    );
  })
  .post('/:id/disable', (c) =>
    act(c, 'account_disabled', (key) => disableAccount(staffOf(c), actorOf(c), key), 'disabled'),
  )
  .post('/:id/enable', (c) =>
    act(c, 'account_enabled', (key) => enableAccount(staffOf(c), actorOf(c), key), 'enabled'),
  )
  .post('/:id/mfa', (c) => act(c, 'account_mfa_reset', (key) => resetMfa(staffOf(c), actorOf(c), key), 'mfa'))
  .post('/:id/password', async (c) => {
    const key = keyOf(c);
    try {
      const { account, oneTimePassword } = await resetPassword(staffOf(c), actorOf(c), key);
      logChange(c, 'account_password_reset', account.login);
      const shown = await showAccount(staffOf(c), actorOf(c), key);
      return accountPage(c, shown, {
        notice: 'パスワードを再設定しました。ログイン中の端末はすべてログアウトされました。',
        ...(oneTimePassword === null ? {} : { oneTimePassword }),
      });
    } catch (e) {
      if (!isFormRefusal(e)) throw e;
      const account = await showAccount(staffOf(c), actorOf(c), key);
      return accountPage(c, account, { refusal: { headline: e.message, errors: errorsOf(e) } }, statusOf(e));
    }
  });
