// Ten editors increment the same KPI actual at once through the HTML answer form, as a browser does: load the form,
// type value + 1 and a unique 備考, post it back with the hidden versions the form carried. Every accepted save must
// be based on the value the previous accepted save stored (in commit order), every other post gets the conflict
// page (409), and nothing else happens. The form must take the values it shows and the versions it sends back from
// the same read of the rows: a value from one read and a version from a later one would let a stale value through.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { insertUser } from '../../src/db/repositories/user.repository.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { Browser, openStaffApp, PASSWORD, type StaffHarness } from '../support/staff-app.ts';

const SESSIONS = 10;
const ROUNDS = 20;
const MEASURE = 'open-data-miyagi';
const KPI = 'open-data-datasets';
const FISCAL_YEAR = 2024;
const FORM = `/admin/measures/${MEASURE}/years/${FISCAL_YEAR}`;
const VALUE_FIELD = `kpi.${KPI}.value`;
const NOTE_FIELD = `kpi.${KPI}.note`;

type Outcome = 'saved' | 'conflict' | { status: number; body: string };

interface Attempt {
  /** The 備考 typed with the value: unique per attempt, so the history tells whose save each change was. */
  readonly note: string;
  /** The value the loaded form showed. */
  readonly base: number;
  readonly outcome: Outcome;
}

/** The form shows counts as typed ("347", "1,527" past a thousand). */
const countOf = (text: string | undefined): number => Number(String(text).replaceAll(',', ''));

async function signInEditors(h: StaffHarness): Promise<Browser[]> {
  const passwordHash = await hashPassword(PASSWORD);
  const logins = Array.from({ length: SESSIONS }, (_, i) => `form-editor-${String(i + 1).padStart(2, '0')}`);
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
      const browser = new Browser(h.app, `198.51.100.${i + 1}`);
      const response = await browser.login(login);
      if (response.status !== 303 || browser.csrf === undefined) throw new Error(`login of ${login} failed`);
      return browser;
    }),
  );
}

/** Loads the form, adds one to the value it shows, and saves with a unique note. */
async function incrementOnce(browser: Browser, note: string): Promise<Attempt> {
  const page = await browser.get(FORM);
  if (page.status !== 200)
    return { note, base: Number.NaN, outcome: { status: page.status, body: await page.text() } };
  const fields = formFields(await page.text(), 'answer-form');
  const base = countOf(fields[VALUE_FIELD]);
  const posted = await browser.post(FORM, {
    ...fields,
    [VALUE_FIELD]: String(base + 1),
    [NOTE_FIELD]: note,
    intent: 'save',
  });
  if (posted.status === 303) return { note, base, outcome: 'saved' };
  const body = await posted.text();
  if (posted.status === 409 && body.includes('ほかの人が先に保存しました'))
    return { note, base, outcome: 'conflict' };
  return { note, base, outcome: { status: posted.status, body: body.slice(0, 2000) } };
}

describe.each(DATABASE_TARGETS)('concurrent saves through the answer form on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());

  it(`${SESSIONS} sessions × ${ROUNDS} rounds: every accepted save is the previous one + 1, the rest see the conflict page`, async () => {
    const editors = await signInEditors(h);
    const initial = await h.handle.db
      .selectFrom('kpi_values')
      .select(['value', 'version'])
      .where('plan_id', '=', h.planId)
      .where('kpi', '=', KPI)
      .where('kind', '=', 'actual')
      .where('fiscal_year', '=', FISCAL_YEAR)
      .executeTakeFirstOrThrow();
    expect(Number(initial.value)).toBe(347); // the seed's R6 実績 of オープンデータみやぎ公開数
    const before = await h.handle.db
      .selectFrom('history')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();

    const attempts = (
      await Promise.all(
        editors.map(async (browser, i) => {
          const mine: Attempt[] = [];
          for (let round = 1; round <= ROUNDS; round += 1) {
            mine.push(await incrementOnce(browser, `編集者${i + 1}の${round}回目`));
          }
          return mine;
        }),
      )
    ).flat();

    expect(attempts.filter((a) => typeof a.outcome === 'object')).toEqual([]);
    const saved = new Map(attempts.filter((a) => a.outcome === 'saved').map((a) => [a.note, a]));
    const conflicts = attempts.filter((a) => a.outcome === 'conflict');
    console.info(
      `${target.name}: ${saved.size} saved, ${conflicts.length} conflict pages of ${attempts.length}`,
    );
    expect(saved.size).toBeGreaterThan(1);
    expect(conflicts.length).toBeGreaterThan(0); // the sessions really raced

    // Commit order is history order: each accepted save changed the note to its own text and the value to base + 1.
    const history = await h.handle.db
      .selectFrom('history')
      .select(['column_name', 'old_value', 'new_value', 'request_id'])
      .where('id', '>', Number(before?.id ?? 0))
      .where('table_name', '=', 'kpi_values')
      .where(sql<string>`row_key->>'kpi'`, '=', KPI)
      .orderBy('id')
      .execute();
    const notes = history.filter((r) => r.column_name === 'note').map((r) => String(r.new_value));
    const values = history.filter((r) => r.column_name === 'value');
    expect(notes).toHaveLength(saved.size);
    expect(values).toHaveLength(saved.size);
    let expected = 347;
    notes.forEach((note, i) => {
      const attempt = saved.get(note);
      // The save that committed i-th was made from a form showing the value the (i-1)-th save stored.
      expect({ note, base: attempt?.base }).toEqual({ note, base: expected });
      expect([Number(values[i]?.old_value), Number(values[i]?.new_value)]).toEqual([expected, expected + 1]);
      expected += 1;
    });
    const final = await h.handle.db
      .selectFrom('kpi_values')
      .select(['value', 'note', 'version'])
      .where('plan_id', '=', h.planId)
      .where('kpi', '=', KPI)
      .where('kind', '=', 'actual')
      .where('fiscal_year', '=', FISCAL_YEAR)
      .executeTakeFirstOrThrow();
    expect(Number(final.value)).toBe(347 + saved.size);
    expect(final.note).toBe(notes.at(-1));
    expect(final.version).toBe(initial.version + saved.size);
  }, 600_000);
});
