// No route crosses organisations: every staff route of the access table, asked of one organisation by every account
// of the other (the same logins exist in both) — with its own cookie and with its session id forged under the
// other's cookie name — by the service's operator signed in at /service/, and by anyone, answers as to someone not
// signed in, and changes no row of either.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOperator } from '../../src/app/operators.ts';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { currentStep, totpAt } from '../../src/auth/totp.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { listPlans, type StoredPlan, savePlan } from '../../src/db/plan-store.ts';
import { createOperatorApp } from '../../src/http/operator/operator-app.tsx';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { ACCESS_RULES } from '../../src/http/staff/access.ts';
import { addAccountInUse } from '../support/accounts.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { planFrom, seedDocument } from '../support/plans.ts';
import { Browser, ORIGIN } from '../support/staff-app.ts';
import { tableDigests } from '../support/table-digest.ts';

const TOWN = '043028';
const OPERATOR_PASSWORD = 'Operator-Console-Passphrase-3';
const OPERATOR_SECRET = 'JBSWY3DPEHPK3PXP';
const PASSWORDS = { '040002': 'Miyagi-Staff-Passphrase-1', [TOWN]: 'Town-Staff-Passphrase-22' } as const;
const ACCOUNTS = [
  { login: 'admin1', role: 'admin', departments: [] },
  { login: 'editor-a', role: 'editor', departments: ['kikaku-digital'] },
  { login: 'viewer1', role: 'viewer', departments: [] },
] as const;

/** Sessions are looked up and touched, failed logins counted: a refused request may change these only. */
const VOLATILE = new Set(['sessions', 'login_throttle', 'operator_sessions']);

const digest = (db: Kysely<Database>) => tableDigests(db, VOLATILE);

describe.each(DATABASE_TARGETS)('no route crosses organisations on $name', (target) => {
  let handle: DatabaseHandle;
  let service: ReturnType<typeof createServiceApp>;
  let plans: StoredPlan[];
  const values: Record<string, string> = { fy: '2024', table: 'kpi_values', token: 'x'.repeat(43) };

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    const document = seedDocument();
    document.organisation = { code: TOWN, name: '七ヶ宿町' };
    await savePlan(handle.db, planFrom(document), { actor: 'system:test' });
    plans = await listPlans(handle.db);
    for (const plan of plans) {
      const db = handle.forOrganisation(plan.organisationId);
      const hash = await hashPassword(PASSWORDS[plan.organisationCode as keyof typeof PASSWORDS]);
      for (const account of ACCOUNTS) {
        await addAccountInUse(db, {
          ...account,
          name: `${plan.organisationName} ${account.login}`,
          passwordHash: hash,
        });
      }
    }
    const { rows } = await sql<{ measure_id: string; department: string; kpi: string }>`
      select m.measure_id, m.department, k.kpi from measures m
      join measure_kpis k on k.organisation_id = m.organisation_id and k.measure = m.measure_id
      where m.department = 'kikaku-digital' order by m.measure_id limit 1`.execute(handle.db);
    const measure = rows[0];
    if (measure === undefined) throw new Error('no measure with a KPI');
    values.measure = measure.measure_id;
    values.kpi = measure.kpi;
    values.department = measure.department;
    const anyUser = await handle.db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow();
    values.id = String(anyUser.id);
    // An operator who has chosen a password and enrolled a second factor.
    await addOperator({ db: handle.db }, { login: 'unei', name: '運営 太郎' });
    await sql`update operators set password_hash = ${await hashPassword(OPERATOR_PASSWORD)},
      must_change_password = false, totp_secret = ${OPERATOR_SECRET} where login = 'unei'`.execute(handle.db);
    service = createServiceApp(await serveOrganisations(handle, plans, {}), {
      operator: createOperatorApp({ handle }),
    });
  }, 180_000);
  afterAll(() => handle?.close());

  const fill = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? `no-${name}`);

  /** Every staff route of one organisation (prefix '' for the default one), asked by `browser` and a forgery. */
  async function askEverything(browser: Browser, prefix: string, forgedCookie: string | undefined) {
    const answers: string[] = [];
    for (const rule of ACCESS_RULES) {
      const path = `${prefix}${fill(rule.path)}`;
      const init: RequestInit =
        rule.method === 'GET'
          ? {}
          : rule.path.startsWith('/api/')
            ? {
                method: rule.method,
                body: '{}',
                headers: { 'content-type': 'application/json', 'x-csrf-token': browser.csrf ?? '' },
              }
            : {
                method: rule.method,
                body: new URLSearchParams({
                  _csrf: browser.csrf ?? '',
                  login: 'no-such-login',
                  password: 'x',
                }),
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
              };
      for (const via of ['own cookies', 'forged cookie'] as const) {
        if (via === 'forged cookie' && forgedCookie === undefined) continue;
        const response =
          via === 'own cookies'
            ? await browser.request(path, init)
            : await service.request(`${ORIGIN}${path}`, {
                ...init,
                headers: {
                  ...(init.headers as Record<string, string>),
                  cookie: forgedCookie ?? '',
                  origin: ORIGIN,
                },
                redirect: 'manual',
              });
        const text = await response.text();
        const signedInPage = text.includes('ログアウト');
        if (rule.who !== 'anyone' && (response.status < 300 || signedInPage)) {
          answers.push(`${rule.method} ${path} (${via}): ${response.status}`);
        }
        if (rule.who === 'anyone' && signedInPage) answers.push(`${rule.method} ${path} (${via}): signed in`);
      }
    }
    return answers;
  }

  it("the town's accounts reach nothing of Miyagi's, Miyagi's nothing of the town's, the operator nothing of either", {
    timeout: 600_000,
  }, async () => {
    const operator = new Browser(service, '198.51.100.50');
    const password = await operator.post(
      '/service/login',
      { login: 'unei', password: OPERATOR_PASSWORD },
      { csrf: false },
    );
    expect(password.headers.get('location')).toBe('/service/login/mfa');
    operator.csrf = /name="_csrf" value="([^"]+)"/.exec(
      await (await operator.get('/service/login/mfa')).text(),
    )?.[1];
    const code = totpAt(OPERATOR_SECRET, currentStep(Date.now()));
    const passed = await operator.post('/service/login/mfa', { code });
    expect(passed.headers.get('location')).toBe('/service/');
    expect((await operator.get('/service/')).status).toBe(200);
    const operatorToken = operator.cookies.get('shinchoku-operator');
    expect(operatorToken).toBeDefined();
    const before = await digest(handle.db);
    for (const [home, away] of [
      [TOWN, '040002'],
      ['040002', TOWN],
    ] as const) {
      const homePrefix = home === '040002' ? '' : `/${home}`;
      const awayPrefix = away === '040002' ? '' : `/${away}`;
      const awayCookie = away === '040002' ? 'shinchoku-session' : `shinchoku-session-${away}`;
      const homeCookie = home === '040002' ? 'shinchoku-session' : `shinchoku-session-${home}`;
      for (const [index, account] of ACCOUNTS.entries()) {
        // An address each: the refused logins among the routes asked must not pause the next account's sign-in.
        const browser = new Browser(service, `198.51.100.${home === TOWN ? 10 + index : 20 + index}`);
        const login = await browser.post(
          `${homePrefix}/admin/login`,
          { login: account.login, password: PASSWORDS[home], next: '/admin' },
          { csrf: false },
        );
        expect(login.status, `${account.login} of ${home}`).toBe(303);
        await browser.refreshCsrf(`${homePrefix}/admin/account/password`);
        expect(browser.csrf).toBeDefined();
        const token = browser.cookies.get(homeCookie);
        expect(token).toBeDefined();
        const crossed = await askEverything(browser, awayPrefix, `${awayCookie}=${token}`);
        expect(crossed, `${account.login} of ${home} at ${away}`).toEqual([]);
        // Still signed in at home: the refusals were about the other organisation, not a broken session.
        expect((await browser.get(`${homePrefix}/admin`)).status).toBe(200);
      }
    }
    // The operator, signed in at /service/ before the first digest (the second factor's use is recorded on the
    // operator), reaches no organisation's staff side, with the console's cookie or with its session id under an
    // organisation's cookie name.
    for (const [prefix, cookie] of [
      ['', 'shinchoku-session'],
      [`/${TOWN}`, `shinchoku-session-${TOWN}`],
    ] as const) {
      expect(
        await askEverything(operator, prefix, `${cookie}=${operatorToken}`),
        `operator at ${prefix}`,
      ).toEqual([]);
    }
    const anonymous = await askEverything(new Browser(service, '198.51.100.99'), `/${TOWN}`, undefined);
    expect(anonymous).toEqual([]);
    expect(await digest(handle.db)).toEqual(before);
  });
});
