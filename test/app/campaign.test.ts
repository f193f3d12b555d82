// The campaign's use cases called directly (src/app/campaign/): who may submit which department's answer, 代理入力
// recorded when an admin submits for a department, and approving several answers all or nothing.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAnswers, returnAnswer, submitAnswer } from '../../src/app/campaign/answers.ts';
import { moveCycle, openCycle } from '../../src/app/campaign/cycles.ts';
import { Refusal, type Workspace } from '../../src/app/workspace.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { openStaffApp, type StaffHarness } from '../support/staff-app.ts';

const FY = 2024;
/** Departments of the seed whose FY2024 answer is complete (nothing missing), and one with an actual missing. */
const SANGYO = 'kikaku-sangyo-digital';
const NOGYO = 'nosei-nogyo';
const SHOKU = 'nosei-shokusangyo';
const BUNSHO = 'somu-bunsho';
const DIGITAL = 'kikaku-digital';

const actor = (login: string, role: Actor['role'], departments: string[] = []): Actor => ({
  login,
  role,
  departments,
  requestId: `req-${login}`,
});
const ADMIN = actor('admin1', 'admin');
const EDITOR = actor('editor-a', 'editor', [SANGYO]);
const VIEWER = actor('viewer1', 'viewer');

/** The refusal a promise ends with (fails the test when it does not refuse). */
async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Refusal)) throw new Error(`expected a refusal, got ${String(outcome)}`);
  return outcome;
}

describe.each(DATABASE_TARGETS)('campaign use cases on $name', (target) => {
  let h: StaffHarness;
  let ws: Workspace;

  const states = async () =>
    Object.fromEntries(
      (await h.handle.db.selectFrom('department_answers').select(['department', 'state']).execute()).map(
        (r) => [r.department, r.state],
      ),
    );
  const historyCount = async () =>
    Number(
      (
        await h.handle.db
          .selectFrom('history')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const submissionOf = (department: string) =>
    h.handle.db
      .selectFrom('history')
      .select(['actor', 'on_behalf_of', 'old_value'])
      .where('table_name', '=', 'department_answers')
      .where('row_key', '=', JSON.stringify({ fiscal_year: FY, department }))
      .where('column_name', '=', 'state')
      .where('new_value', '=', 'submitted')
      .execute();

  beforeAll(async () => {
    h = await openStaffApp(target);
    ws = { db: h.handle.db, planId: h.planId, now: () => h.clock.now, logger: pino({ level: 'silent' }) };
    await openCycle(ws, ADMIN, { fiscalYear: FY, dueDate: '2026-05-31' });
    await moveCycle(ws, ADMIN, { fiscalYear: FY, to: 'collecting' });
  });
  afterAll(() => h.close());

  it('an editor cannot submit another department, a viewer none; nothing changes', async () => {
    const before = await states();
    expect((await refusalOf(submitAnswer(ws, EDITOR, { fiscalYear: FY, department: NOGYO }))).kind).toBe(
      'forbidden',
    );
    expect((await refusalOf(submitAnswer(ws, VIEWER, { fiscalYear: FY, department: SANGYO }))).kind).toBe(
      'forbidden',
    );
    expect(await states()).toEqual(before);
    expect(await submissionOf(NOGYO)).toEqual([]);
  });

  it("an editor's own submission is not 代理入力; an admin's for a department is, naming it", async () => {
    await submitAnswer(ws, EDITOR, { fiscalYear: FY, department: SANGYO });
    expect(await submissionOf(SANGYO)).toEqual([
      { actor: 'editor-a', on_behalf_of: null, old_value: 'not_started' },
    ]);
    await submitAnswer(ws, ADMIN, { fiscalYear: FY, department: NOGYO });
    expect(await submissionOf(NOGYO)).toEqual([
      { actor: 'admin1', on_behalf_of: 'nosei-nogyo', old_value: 'not_started' },
    ]);
    // An admin who belongs to the department acts for it as its own member.
    const member = actor('admin2', 'admin', [SHOKU]);
    await submitAnswer(ws, member, { fiscalYear: FY, department: SHOKU });
    expect(await submissionOf(SHOKU)).toEqual([
      { actor: 'admin2', on_behalf_of: null, old_value: 'not_started' },
    ]);
  });

  it('an answer with a missing actual is refused, naming the item', async () => {
    const refusal = await refusalOf(submitAnswer(ws, ADMIN, { fiscalYear: FY, department: DIGITAL }));
    expect(refusal.kind).toBe('invalid');
    expect(refusal.message).toBe('未入力の項目があるため提出できません（1件）。');
    expect(refusal.details).toHaveLength(1);
    expect((await states())[DIGITAL]).toBe('not_started');
  });

  it('approving several with one not submitted approves none and names that department', async () => {
    // Submitted so far: 産業デジタル推進課, 農業振興課, 食産業振興課; 県政情報・文書課 is 未着手.
    const before = await states();
    const rows = await historyCount();
    const refusal = await refusalOf(
      approveAnswers(ws, ADMIN, { fiscalYear: FY, departments: [SANGYO, BUNSHO, NOGYO] }),
    );
    expect(refusal.kind).toBe('conflict');
    expect(refusal.message).toBe(
      '総務部 県政情報・文書課の回答は「未着手」のため承認できません。どの回答も承認していません。',
    );
    expect(await states()).toEqual(before);
    expect(await historyCount()).toBe(rows);
  });

  it('approving several submitted answers approves each in one go', async () => {
    expect(await approveAnswers(ws, ADMIN, { fiscalYear: FY, departments: [SANGYO, NOGYO] })).toBe(2);
    const after = await states();
    expect([after[SANGYO], after[NOGYO], after[SHOKU], after[BUNSHO]]).toEqual([
      'approved',
      'approved',
      'submitted',
      'not_started',
    ]);
  });

  it('「提出済みをすべて承認」 approves exactly the submitted ones; then there is none left', async () => {
    await submitAnswer(ws, ADMIN, { fiscalYear: FY, department: BUNSHO });
    expect(await approveAnswers(ws, ADMIN, { fiscalYear: FY, departments: 'all-submitted' })).toBe(2);
    const after = await states();
    expect([after[SHOKU], after[BUNSHO], after[DIGITAL]]).toEqual(['approved', 'approved', 'not_started']);
    const none = await refusalOf(approveAnswers(ws, ADMIN, { fiscalYear: FY, departments: 'all-submitted' }));
    expect(none.kind).toBe('conflict');
  });

  it('only admins approve or return; a return needs its reason', async () => {
    expect(
      (await refusalOf(approveAnswers(ws, EDITOR, { fiscalYear: FY, departments: 'all-submitted' }))).kind,
    ).toBe('forbidden');
    const blank = await refusalOf(
      returnAnswer(ws, ADMIN, { fiscalYear: FY, department: SANGYO, comment: '  ' }),
    );
    expect(blank.kind).toBe('invalid');
    expect(blank.details.map((d) => d.path)).toEqual(['comment']);
    expect((await states())[SANGYO]).toBe('approved');
  });

  it('a year without a campaign is not found', async () => {
    expect((await refusalOf(submitAnswer(ws, ADMIN, { fiscalYear: 2023, department: SANGYO }))).kind).toBe(
      'not_found',
    );
  });
});
