// The access table checked from outside: every mutating entry of ACCESS_RULES × every kind of requester × own and
// other department, each cell a real request. The expected outcome comes from the short rules below, written
// from the requirements and not from `decide`, so a wrong table entry shows up as a mismatch.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { insertUser } from '../../src/db/repositories/user.repository.ts';
import { ACCESS_RULES, type AccessRule, isGuardedPath } from '../../src/http/staff/access.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import {
  ACCOUNTS,
  type AccountName,
  Browser,
  openStaffApp,
  PASSWORD,
  type StaffHarness,
  signedIn,
} from '../support/staff-app.ts';
import { tableDigests } from '../support/table-digest.ts';

type Requester = 'anonymous' | AccountName;
const REQUESTERS: readonly Requester[] = ['anonymous', 'viewer', 'editorA', 'editorB', 'admin'];

/** Department A's data (editor-a's) and department B's (editor-b's). */
const RESOURCES = {
  A: { measure: 'ict-company-location', kpi: 'ict-company-locations', department: 'kikaku-sangyo-digital' },
  B: { measure: 'open-data-miyagi', kpi: 'open-data-datasets', department: 'kikaku-digital' },
} as const;
type ResourceName = keyof typeof RESOURCES;
type Resource = (typeof RESOURCES)[ResourceName];

const FY = '2024';
const MUTATING = new Set(['POST', 'PUT', 'DELETE']);

/** Answers of a measure: the answer form and the JSON API. */
const ANSWER_WRITES = new Set([
  'POST /admin/measures/:measure/years/:fy',
  'PUT /api/v1/admin/kpis/:kpi/actuals/:fy',
  'PUT /api/v1/admin/measures/:measure/analyses/:fy',
]);
/** The plan itself (goals, measures, KPIs, targets): the policy section's job. */
const PLAN_WRITES = new Set([
  'POST /admin/plan/:table/row',
  'POST /admin/plan/:table/new',
  'POST /admin/plan/:table/delete',
  'POST /admin/plan/:table/move',
]);
/**
 * 計画の取込: the preview writes nothing and the confirmation needs a preview first (both covered end to end in
 * plan-import-web.test.ts); only admins may send either.
 */
const PLAN_IMPORT_POSTS = new Set(['POST /admin/plan/import', 'POST /admin/plan/import/confirm']);
/** 最初の計画を作る: admins only; this organisation has a plan, so the use case refuses (409) and stores nothing. */
const FIRST_PLAN_POSTS = new Set(['POST /admin/first-plan']);
/** Running the yearly 照会 (campaign): opening cycles, moving their state, publishing, returning, approving. */
const CAMPAIGN_WRITES = new Set([
  'POST /admin/cycles',
  'POST /admin/cycles/:fy/state',
  'POST /admin/cycles/:fy/publish',
  'POST /admin/cycles/:fy/answers/:department/due',
  'POST /admin/cycles/:fy/answers/:department/return',
  'POST /admin/cycles/:fy/answers/:department/approve',
  'POST /admin/cycles/:fy/answers/approve',
  'POST /admin/cycles/:fy/reminders/send',
]);
/** A department's own part of the 照会: submitting its answer, uploading and applying its 調査票 workbook. */
const DEPARTMENT_WRITES = new Set([
  'POST /admin/cycles/:fy/answers/:department/submit',
  'POST /admin/cycles/:fy/surveys/:department',
  'POST /admin/cycles/:fy/surveys/:department/apply',
]);
/** Other people's accounts (職員アカウント): creating, disabling, resetting, changing role and departments. */
const ACCOUNT_ADMIN_WRITES = new Set([
  'POST /admin/users',
  'POST /admin/users/invitations',
  'POST /admin/users/:id/role',
  'POST /admin/users/:id/disable',
  'POST /admin/users/:id/enable',
  'POST /admin/users/:id/password',
  'POST /admin/users/:id/mfa',
]);
/** 団体のデータ: the organisation's whole export and 運営者への閲覧許可, for its admins only. */
const ORGANISATION_DATA_POSTS = new Set([
  'POST /admin/organisation/data.zip',
  'POST /admin/organisation/access',
  'POST /admin/organisation/access/withdraw',
]);
/** The signed-in person's own account and session. */
const ACCOUNT_WRITES = new Set([
  'POST /admin/logout',
  'POST /admin/account/password',
  'POST /admin/account/mfa',
  'POST /admin/account/sessions/end',
]);

/**
 * Who may write what, from the requirements: anyone may log in; the second-factor step is only for a session that
 * has passed the password and waits for its code (no requester here); any signed-in person manages their own
 * account; only admins change the plan, run the 照会 and manage other people's accounts; answers (and a department's submission) are written by
 * admins everywhere and by editors in their own departments, never by viewers.
 */
function expectedOutcome(key: string, requester: Requester, resource: Resource): 'allow' | 'deny' {
  // Logging in, and accepting an invitation (its token is the credential; here an unknown one, answered 404).
  if (key === 'POST /admin/login' || key === 'POST /admin/invitation/:token') return 'allow';
  if (requester === 'anonymous') return 'deny';
  if (key === 'POST /admin/login/mfa') return 'deny';
  if (ACCOUNT_WRITES.has(key)) return 'allow';
  const account = ACCOUNTS[requester];
  if (
    PLAN_WRITES.has(key) ||
    PLAN_IMPORT_POSTS.has(key) ||
    FIRST_PLAN_POSTS.has(key) ||
    CAMPAIGN_WRITES.has(key) ||
    ACCOUNT_ADMIN_WRITES.has(key) ||
    ORGANISATION_DATA_POSTS.has(key)
  )
    return account.role === 'admin' ? 'allow' : 'deny';
  if (!ANSWER_WRITES.has(key) && !DEPARTMENT_WRITES.has(key))
    throw new Error(`no expectation for ${key}: add it to the rules of this test`);
  if (account.role === 'admin') return 'allow';
  if (account.role === 'viewer') return 'deny';
  return (account.departments as readonly string[]).includes(resource.department) ? 'allow' : 'deny';
}

/** The account the /admin/users/:id cells act on: one of its own, so disabling or resetting it spares the requesters. */
let spareAccountId = 0;

const fillPath = (path: string, resource: Resource): string =>
  path.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'measure') return resource.measure;
    if (name === 'kpi') return resource.kpi;
    if (name === 'fy') return FY;
    if (name === 'table') return 'kpi_values';
    if (name === 'department') return resource.department;
    if (name === 'id') return String(spareAccountId);
    if (name === 'token') return 'x'.repeat(43);
    throw new Error(`no value for the path parameter :${name} in ${path}`);
  });

/** Tables a refused request may change: its session is looked up and touched, failed logins are counted. */
const VOLATILE_TABLES = new Set(['sessions', 'login_throttle']);

type Snapshot = Record<string, string>;

/** Every other table of the schema, digested by the database. */
const snapshot = (db: Kysely<Database>): Promise<Snapshot> => tableDigests(db, VOLATILE_TABLES);

interface CellContext {
  /** The requester's browser (a cookieless one for anonymous). */
  readonly browser: Browser;
  readonly requester: Requester;
  readonly resource: Resource;
  readonly path: string;
  /** An admin's browser, to read the current versions a well-formed write is based on. */
  readonly reader: Browser;
  readonly label: string;
}

const json = (c: CellContext, body: unknown, etag: string | null) =>
  c.browser.request(c.path, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      ...(etag === null ? {} : { 'if-match': etag }),
      ...(c.browser.csrf === undefined ? {} : { 'x-csrf-token': c.browser.csrf }),
    },
  });

let counter = 0;

/**
 * A well-formed request for each mutating route whose body matters to the test; any other route gets a form post
 * with only the session's CSRF token, which is all the guard looks at.
 */
const REQUESTS: Readonly<Record<string, (c: CellContext) => Promise<Response>>> = {
  'POST /admin/login': (c) =>
    c.browser.post(
      '/admin/login',
      {
        login: c.requester === 'anonymous' ? ACCOUNTS.viewer.login : ACCOUNTS[c.requester].login,
        password: PASSWORD,
        next: '/admin',
      },
      { csrf: false },
    ),
  'POST /admin/login/mfa': (c) => c.browser.post(c.path, { code: '000000' }),
  'POST /admin/logout': (c) => c.browser.post(c.path, {}),
  // A wrong current password: the handler runs (400) and the account keeps its password for the next cells.
  'POST /admin/account/password': (c) =>
    c.browser.post(c.path, {
      current: 'not the current password',
      new: '春の小川はさらさら行くよ',
      confirm: '春の小川はさらさら行くよ',
    }),
  'POST /admin/account/mfa': (c) => c.browser.post(c.path, { code: '000000' }),
  'POST /admin/account/sessions/end': (c) => c.browser.post(c.path, {}),
  'POST /admin/measures/:measure/years/:fy': async (c) => {
    const { _csrf, ...fields } = formFields(await (await c.reader.get(c.path)).text());
    return c.browser.post(c.path, { ...fields, analysis: `行列テスト ${c.label}`, intent: 'save' });
  },
  'POST /admin/plan/:table/row': async (c) => {
    const key = encodeURIComponent(
      JSON.stringify({ kpi: c.resource.kpi, kind: 'target', fiscal_year: 2024 }),
    );
    const path = `${c.path}?key=${key}`;
    const { _csrf, ...fields } = formFields(await (await c.reader.get(path)).text());
    return c.browser.post(path, { ...fields, value: String(Number(fields.value) + 1) });
  },
  // A department of its own: added by the admin's cell of …/new, deleted by the admin's cell of …/delete.
  'POST /admin/plan/:table/new': (c) =>
    c.browser.post('/admin/plan/departments/new', {
      code: 'matrix-department',
      bureau: '行列部',
      division: '行列課',
    }),
  'POST /admin/plan/:table/delete': async (c) => {
    const path = `/admin/plan/departments/delete?key=${encodeURIComponent(JSON.stringify({ code: 'matrix-department' }))}`;
    const { _csrf, ...fields } = formFields(await (await c.reader.get(path)).text());
    return c.browser.post(path, { _version: fields._version ?? '1' });
  },
  // 「地域の課題解決と活力の創出」 (local) one place up among the top goals.
  'POST /admin/plan/:table/move': async (c) => {
    const path = `/admin/plan/goals/move?key=${encodeURIComponent(JSON.stringify({ code: 'local' }))}`;
    const page = await (await c.reader.get('/admin/plan/goals')).text();
    const { _csrf, ...fields } = formFields(page, `action="${path}"`);
    return c.browser.post(path, { _version: fields._version ?? '1', direction: 'up' });
  },
  'PUT /api/v1/admin/kpis/:kpi/actuals/:fy': async (c) => {
    const current = await c.reader.get(c.path);
    counter += 1;
    return json(c, { value: String(1000 + counter), provisional: false }, current.headers.get('etag'));
  },
  'PUT /api/v1/admin/measures/:measure/analyses/:fy': async (c) => {
    const current = await c.reader.get(c.path);
    return json(c, { text: `行列テスト ${c.label}` }, current.headers.get('etag'));
  },
};

const ruleKey = (rule: { readonly method: string; readonly path: string }) => `${rule.method} ${rule.path}`;

interface MatrixCell {
  readonly key: string;
  readonly requester: Requester;
  readonly resource: Resource;
  readonly path: string;
  readonly label: string;
  readonly expected: 'allow' | 'deny';
}

/** The cells of the matrix: a rule scoped to a department is tried on both; an unscoped one once. */
const matrixCells = (rules: readonly AccessRule[]): MatrixCell[] =>
  rules.flatMap((rule) =>
    REQUESTERS.flatMap((requester) =>
      (rule.scope === 'none' ? (['A'] as const) : (['A', 'B'] as const)).map((name) => {
        const key = ruleKey(rule);
        const resource = RESOURCES[name];
        return {
          key,
          requester,
          resource,
          path: fillPath(rule.path, resource),
          label: `${key} as ${requester} on department ${name}`,
          expected: expectedOutcome(key, requester, resource),
        };
      }),
    ),
  );

describe.each(DATABASE_TARGETS)('access matrix on $name', (target) => {
  let h: StaffHarness;
  const browsers = new Map<string, Browser>();

  /**
   * A signed-in browser of the account, signing in again when an earlier cell ended its session (logout, or
   * 「すべての端末からログアウト」, which also ends the reader's admin session); `slot` keeps the reader apart.
   */
  async function browserOf(account: AccountName, slot: string = account): Promise<Browser> {
    const known = browsers.get(slot);
    if (known !== undefined) {
      const check = await known.get('/admin/account/password');
      if (check.status === 200) {
        known.csrf = /name="_csrf" value="([^"]+)"/.exec(await check.text())?.[1];
        return known;
      }
    }
    const fresh = await signedIn(h.app, account);
    browsers.set(slot, fresh);
    return fresh;
  }

  beforeAll(async () => {
    h = await openStaffApp(target);
    const spare = await insertUser(h.handle.db, {
      login: 'matrix-spare',
      name: '行列 予備',
      role: 'editor',
      departments: [RESOURCES.A.department],
      passwordHash: 'not-a-hash',
    });
    spareAccountId = spare.id;
  });
  afterAll(() => h.close());

  /** The outcome of one cell: its status, whether it was refused, what it changed and whether it was logged. */
  async function runCell(cell: MatrixCell, baseline: Snapshot) {
    const send = REQUESTS[cell.key] ?? ((c: CellContext) => c.browser.post(c.path, {}));
    const browser = cell.requester === 'anonymous' ? new Browser(h.app) : await browserOf(cell.requester);
    const reader = await browserOf('admin', 'reader');
    const logsBefore = h.logs.length;
    const res = await send({
      browser,
      requester: cell.requester,
      resource: cell.resource,
      path: cell.path,
      reader,
      label: cell.label,
    });
    const location = res.headers.get('location') ?? '';
    const denied =
      res.status === 401 ||
      res.status === 403 ||
      (cell.requester === 'anonymous' && res.status === 303 && location.startsWith('/admin/login?'));
    // Refusals must change nothing; allowed data writes must change something (else the request proved little).
    const dataWrite = ANSWER_WRITES.has(cell.key) || PLAN_WRITES.has(cell.key);
    if (!denied && !dataWrite)
      return { status: res.status, denied, changed: [], logged: false, after: undefined };
    const after = await snapshot(h.handle.db);
    return {
      status: res.status,
      denied,
      changed: Object.keys({ ...after, ...baseline }).filter((t) => after[t] !== baseline[t]),
      logged: h.logs.slice(logsBefore).some((line) => line.event === 'access_denied'),
      after,
    };
  }

  it('every mutating entry × requester × department: no unexpected allow or deny, denials change nothing', {
    timeout: 240_000,
  }, async () => {
    const rules = ACCESS_RULES.filter((r) => MUTATING.has(r.method));
    const cells = matrixCells(rules);
    const found = {
      unexpectedAllows: [] as string[],
      unexpectedDenies: [] as string[],
      serverErrors: [] as string[],
      allowedButNotDone: [] as string[],
      deniedButChanged: [] as string[],
      deniedNotLogged: [] as string[],
    };
    // Allowed cells change data: the baseline is the last snapshot taken, or a new one after such a cell.
    let baseline: Snapshot | undefined = await snapshot(h.handle.db);
    expect(Object.keys(baseline)).toEqual(
      expect.arrayContaining(['kpi_values', 'analyses', 'history', 'users']),
    );
    for (const cell of cells) {
      baseline ??= await snapshot(h.handle.db);
      const result = await runCell(cell, baseline);
      const line = `${cell.label} → ${result.status}`;
      if (!result.denied && cell.expected === 'deny') found.unexpectedAllows.push(line);
      if (result.denied && cell.expected === 'allow') found.unexpectedDenies.push(line);
      if (result.status >= 500) found.serverErrors.push(line);
      const dataWrite = ANSWER_WRITES.has(cell.key) || PLAN_WRITES.has(cell.key);
      if (
        dataWrite &&
        !result.denied &&
        ((result.status !== 303 && result.status !== 200) || result.changed.length === 0)
      )
        found.allowedButNotDone.push(line);
      if (result.denied && result.changed.length > 0)
        found.deniedButChanged.push(`${line}: ${result.changed.join(', ')}`);
      if (result.denied && !result.logged) found.deniedNotLogged.push(line);
      baseline = result.after;
    }
    expect(cells.length).toBe(
      rules.reduce((n, r) => n + REQUESTERS.length * (r.scope === 'none' ? 1 : 2), 0),
    );
    expect(cells.filter((c) => c.expected === 'deny').length).toBeGreaterThan(0);
    expect(cells.filter((c) => c.expected === 'allow').length).toBeGreaterThan(0);
    expect(found).toEqual({
      unexpectedAllows: [],
      unexpectedDenies: [],
      serverErrors: [],
      allowedButNotDone: [],
      deniedButChanged: [],
      deniedNotLogged: [],
    });
  });

  it('every staff route the app registers has an entry with the same method and path, and vice versa', () => {
    const routes = h.app.routes.filter((r) => r.method !== 'ALL' && isGuardedPath(r.path));
    const keys = new Set(ACCESS_RULES.map(ruleKey));
    const withoutEntry = [...new Set(routes.map(ruleKey))].filter((k) => !keys.has(k));
    expect(withoutEntry).toEqual([]);
    const registered = new Set(routes.map(ruleKey));
    expect([...keys].filter((k) => !registered.has(k))).toEqual([]);
    // The matrix above covers the writes: each mutating route is one of its rows.
    expect(routes.filter((r) => MUTATING.has(r.method)).length).toBeGreaterThan(0);
  });

  it('an unknown staff path: 403 for a signed-in person, the login page (or 401 for the API) for anonymous', async () => {
    const viewer = await signedIn(h.app, 'viewer');
    const anonymous = new Browser(h.app);
    expect((await viewer.get('/admin/no-such-page')).status).toBe(403);
    expect((await viewer.post('/admin/no-such-page', {})).status).toBe(403);
    expect((await viewer.get('/api/v1/admin/no-such-thing')).status).toBe(403);
    const page = await anonymous.get('/admin/no-such-page');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fno-such-page');
    expect((await anonymous.get('/api/v1/admin/no-such-thing')).status).toBe(401);
    expect((await anonymous.post('/admin/no-such-page', {})).status).toBe(401);
  });

  it("reading a measure's answer form: other department 403, viewer without a submit button, own editor 200", async () => {
    const path = `/admin/measures/${RESOURCES.A.measure}/years/${FY}`;
    const other = await signedIn(h.app, 'editorB');
    expect((await other.get(path)).status).toBe(403);
    const viewer = await signedIn(h.app, 'viewer');
    const seen = await viewer.get(path);
    expect(seen.status).toBe(200);
    const viewerHtml = await seen.text();
    expect(viewerHtml).toContain('情報通信関連企業の県内立地件数');
    expect(viewerHtml).not.toContain('name="intent"');
    expect(viewerHtml).not.toContain('保存する');
    expect(viewerHtml).not.toContain('<textarea');
    const own = await signedIn(h.app, 'editorA');
    const form = await own.get(path);
    expect(form.status).toBe(200);
    const ownHtml = await form.text();
    expect(ownHtml).toContain('name="intent" value="save"');
    expect(ownHtml).toContain('name="kpi.ict-company-locations.value"');
  });
});
