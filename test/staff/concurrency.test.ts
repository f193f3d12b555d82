// Twenty editors increment the same KPI actual at once over the JSON API, each by read-modify-write with If-Match.
// Optimistic locking must turn every race into a 412 for the loser: no 5xx, no version applied twice, and replaying
// the applied writes in version order reproduces both the stored value and the history (zero lost updates).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { insertUser } from '../../src/db/repositories/user.repository.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { Browser, openStaffApp, PASSWORD, type StaffHarness } from '../support/staff-app.ts';

const EDITORS = 20;
const ROUNDS = 20;
const KPI = 'open-data-datasets';
const FISCAL_YEAR = 2024;
const PATH = `/api/v1/admin/kpis/${KPI}/actuals/${FISCAL_YEAR}`;

type Outcome =
  | { readonly kind: 'applied'; readonly version: number; readonly value: number }
  /** `current` is the version the 412 names: equal to the If-Match one only when the UPDATE's own check refused. */
  | { readonly kind: 'conflict'; readonly current: number }
  | {
      readonly kind: 'unexpected';
      readonly step: 'get' | 'put';
      readonly status: number;
      readonly body: string;
    };

interface Attempt {
  readonly login: string;
  readonly requestId: string;
  /** The value and version the GET returned, which the write is based on. */
  readonly base: number;
  readonly baseVersion: number;
  readonly outcome: Outcome;
}

/** The API shows a count as text ("347", or "1,527" past a thousand). */
const countOf = (text: unknown): number => Number(String(text).replaceAll(',', ''));

/** Extra editors of kikaku-digital (the department answering open-data-datasets), signed in, each its own session. */
async function signInEditors(h: StaffHarness): Promise<{ login: string; browser: Browser }[]> {
  const passwordHash = await hashPassword(PASSWORD);
  const logins = Array.from({ length: EDITORS }, (_, i) => `editor-b${String(i + 1).padStart(2, '0')}`);
  for (const login of logins) {
    await insertUser(h.handle.db, {
      login,
      name: `${login} 氏名`,
      role: 'editor',
      departments: ['kikaku-digital'],
      passwordHash,
    });
  }
  await h.handle.db.updateTable('users').set({ must_change_password: false }).execute();
  return Promise.all(
    logins.map(async (login, i) => {
      const browser = new Browser(h.app, `192.0.2.${i + 1}`);
      const response = await browser.login(login);
      if (response.status !== 303 || browser.csrf === undefined) {
        throw new Error(`login of ${login} failed: ${response.status}`);
      }
      return { login, browser };
    }),
  );
}

/** One read-modify-write: GET the value with its ETag, PUT value + 1 with If-Match. */
async function incrementOnce(login: string, browser: Browser, requestId: string): Promise<Attempt> {
  const got = await browser.get(PATH);
  if (got.status !== 200) {
    const outcome = { kind: 'unexpected', step: 'get', status: got.status, body: await got.text() } as const;
    return { login, requestId, base: Number.NaN, baseVersion: Number.NaN, outcome };
  }
  const etag = got.headers.get('etag') ?? '';
  const current = (await got.json()) as {
    value: string;
    provisional: boolean;
    note: string | null;
    version: number;
  };
  const base = countOf(current.value);
  const put = await browser.request(PATH, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      'if-match': etag,
      'x-csrf-token': browser.csrf ?? '',
      'x-request-id': requestId,
    },
    body: JSON.stringify({ value: String(base + 1), provisional: current.provisional, note: current.note }),
  });
  const attempt = { login, requestId, base, baseVersion: current.version };
  if (put.status === 412) {
    const { error } = (await put.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('precondition_failed');
    const named = Number(/現在の版 (\d+)/.exec(error.message)?.[1]);
    return { ...attempt, outcome: { kind: 'conflict', current: named } };
  }
  if (put.status !== 200) {
    return {
      ...attempt,
      outcome: { kind: 'unexpected', step: 'put', status: put.status, body: await put.text() },
    };
  }
  const saved = (await put.json()) as { value: string; version: number };
  expect(put.headers.get('etag')).toBe(`"${saved.version}"`);
  return { ...attempt, outcome: { kind: 'applied', version: saved.version, value: countOf(saved.value) } };
}

describe.each(DATABASE_TARGETS)('concurrent read-modify-write on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());

  const storedActual = () =>
    h.handle.db
      .selectFrom('kpi_values')
      .select(['value', 'version'])
      .where('plan_id', '=', h.planId)
      .where('kpi', '=', KPI)
      .where('kind', '=', 'actual')
      .where('fiscal_year', '=', FISCAL_YEAR)
      .executeTakeFirstOrThrow();

  it(`${EDITORS} editors × ${ROUNDS} rounds: every write applied once or refused with 412, none lost`, async () => {
    const editors = await signInEditors(h);
    const initial = await storedActual();
    const initialValue = Number(initial.value);
    expect(initialValue).toBe(347);
    const lastHistory = await h.handle.db
      .selectFrom('history')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const lastHistoryId = Number(lastHistory?.id ?? 0);

    const started = performance.now();
    const attempts = (
      await Promise.all(
        editors.map(async ({ login, browser }) => {
          const mine: Attempt[] = [];
          for (let round = 1; round <= ROUNDS; round += 1) {
            mine.push(await incrementOnce(login, browser, `rmw-${login}-${round}`));
          }
          return mine;
        }),
      )
    ).flat();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);

    // Every attempt is either applied or a clean conflict.
    expect(attempts).toHaveLength(EDITORS * ROUNDS);
    expect(attempts.filter((a) => a.outcome.kind === 'unexpected')).toEqual([]);
    const applied = attempts
      .flatMap((a) => (a.outcome.kind === 'applied' ? [{ ...a, ...a.outcome }] : []))
      .sort((a, b) => a.version - b.version);
    const conflicts = attempts.flatMap((a) =>
      a.outcome.kind === 'conflict' ? [{ ...a, ...a.outcome }] : [],
    );
    // A write that passed the route's version check and lost the race inside the transaction (UPDATE … WHERE
    // version = n matched nothing) names its own base version as the current one.
    const lostInUpdate = conflicts.filter((c) => c.current === c.baseVersion).length;
    console.info(
      `${target.name}: ${applied.length} applied, ${conflicts.length} conflicts (412; ${lostInUpdate} refused by ` +
        `the UPDATE's version condition) of ${attempts.length} attempts in ${seconds} s`,
    );
    expect(applied.length).toBeGreaterThan(0);
    expect(conflicts.length).toBeGreaterThan(0); // the editors really raced

    // Versions: exactly start+1 … start+applied, each once.
    expect(applied.map((a) => a.version)).toEqual(applied.map((_, i) => initial.version + i + 1));

    // Replay in commit order: each write read the previous write's result and stored one more.
    let replayed = initialValue;
    for (const write of applied) {
      expect({ request: write.requestId, base: write.base, baseVersion: write.baseVersion }).toEqual({
        request: write.requestId,
        base: replayed,
        baseVersion: write.version - 1,
      });
      expect(write.value).toBe(replayed + 1);
      replayed = write.value;
    }
    const final = await storedActual();
    expect(Number(final.value)).toBe(replayed);
    expect(Number(final.value)).toBe(initialValue + applied.length);
    expect(final.version).toBe(initial.version + applied.length);

    // History: one 'value' update per applied write, old → new as replayed, by the editor who made it.
    const history = await h.handle.db
      .selectFrom('history')
      .select(['operation', 'old_value', 'new_value', 'actor', 'request_id'])
      .where('id', '>', lastHistoryId)
      .where('table_name', '=', 'kpi_values')
      .where('column_name', '=', 'value')
      .where(sql<string>`row_key->>'kpi'`, '=', KPI)
      .orderBy('id')
      .execute();
    expect(
      history.map((r) => ({
        operation: r.operation,
        old: Number(r.old_value),
        new: Number(r.new_value),
        actor: r.actor,
        request: r.request_id,
      })),
    ).toEqual(
      applied.map((a) => ({
        operation: 'update',
        old: a.base,
        new: a.value,
        actor: a.login,
        request: a.requestId,
      })),
    );
  }, 300_000);
});
