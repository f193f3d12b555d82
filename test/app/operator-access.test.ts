// 運営者への閲覧許可 through its use cases, on PGlite and on a PostgreSQL server, with a fixed clock: 大郷町's admin
// grants it for 1〜30 days; the operator's export works while it is in force and is refused at its end, after a
// withdrawal and for an organisation that never granted it; every grant, withdrawal and export is in that
// organisation's history; bad input and non-admins are refused with nothing stored.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantOperatorAccess,
  readOperatorAccess,
  withdrawOperatorAccess,
} from '../../src/app/operator-access.ts';
import {
  addOrganisation,
  readOrganisationExport,
  readOwnOrganisationExport,
} from '../../src/app/organisations.ts';
import { Refusal } from '../../src/app/workspace.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import { describeOperatorAccess } from '../../src/domain/organisations/operator-access.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';

const OPERATOR: Actor = { login: 'cli:operator', role: 'admin', departments: [], requestId: null };
const ADMIN: Actor = { login: 'osato-admin', role: 'admin', departments: [], requestId: 'req-1' };
const EDITOR: Actor = {
  login: 'osato-editor',
  role: 'editor',
  departments: ['kikaku-digital'],
  requestId: null,
};
const VIEWER: Actor = { login: 'osato-viewer', role: 'viewer', departments: [], requestId: null };
const OSATO = '044229';
const REFUSED =
  '大郷町（044229）は運営者への閲覧許可を出していません。団体の管理者が「団体のデータ」画面で許可すると書き出せます。';

/** 2026-12-06 09:00 in Japan. */
const T0 = new Date('2026-12-06T00:00:00Z');
const at = (iso: string) => new Date(iso);

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Refusal)) throw new Error(`expected a refusal, got ${String(outcome)}`);
  return outcome;
}

/** The grant row and the history rows of these tables, as the owner reads them, per organisation. */
async function stateOf(db: Kysely<Database>, organisationId: number) {
  const grant = await db
    .withTables<{
      operator_access: { organisation_id: number; granted_until: Date; reason: string | null };
    }>()
    .selectFrom('operator_access')
    .select(['granted_until', 'reason'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const history = await db
    .selectFrom('history')
    .select(['table_name', 'operation', 'old_value', 'new_value', 'actor', 'plan_id', 'request_id'])
    .where('organisation_id', '=', organisationId)
    .where('table_name', 'in', ['operator_access', 'organisation_exports'])
    .orderBy('id')
    .execute();
  return {
    grant: grant.map((g) => ({ until: new Date(g.granted_until).toISOString(), reason: g.reason })),
    history,
  };
}

describe.each(DATABASE_TARGETS)('運営者への閲覧許可 on $name', (target) => {
  let handle: DatabaseHandle;
  let osatoId: number;
  let miyagiId: number;
  const clock = { now: T0 };
  const osato = () => ({ db: handle.forOrganisation(osatoId), now: () => clock.now });

  beforeAll(async () => {
    handle = await target.open();
    await seedBundledDataset(handle.db);
    miyagiId = (await listPlans(handle.db))[0]?.organisationId ?? -1;
    osatoId = (await addOrganisation(handle, OPERATOR, { code: OSATO })).organisation.id;
  }, 180_000);
  afterAll(() => handle?.close());

  it('without a grant the operator’s export is refused in the organisation’s words, and nothing is recorded', async () => {
    const refusal = await refusalOf(readOrganisationExport(handle, OPERATOR, OSATO, T0));
    expect(refusal.kind).toBe('forbidden');
    expect(refusal.message).toBe(REFUSED);
    expect(await stateOf(handle.db, osatoId)).toEqual({ grant: [], history: [] });
    const page = await readOperatorAccess(osato(), ADMIN);
    expect(page).toMatchObject({ access: undefined, inForce: false, history: [] });
  });

  it.each([
    ['0', 'days'],
    ['31', 'days'],
    ['abc', 'days'],
    ['', 'days'],
    ['7.5', 'days'],
    ['-1', 'days'],
  ])('有効期間 「%s」 is refused, naming the field, and nothing is stored', async (days, path) => {
    const refusal = await refusalOf(grantOperatorAccess(osato(), ADMIN, { days, reason: '' }));
    expect(refusal.kind).toBe('invalid');
    expect(refusal.details).toEqual([
      { path, message: '有効期間は1〜30日の整数（半角数字）で指定してください。' },
    ]);
    expect(await stateOf(handle.db, osatoId)).toEqual({ grant: [], history: [] });
  });

  it('a reason over 200 characters is refused; editors and viewers are refused; nothing is stored', async () => {
    const long = await refusalOf(
      grantOperatorAccess(osato(), ADMIN, { days: '7', reason: 'あ'.repeat(201) }),
    );
    expect(long.details).toEqual([{ path: 'reason', message: '理由は200文字以内にしてください。' }]);
    for (const actor of [EDITOR, VIEWER]) {
      const refused = await refusalOf(grantOperatorAccess(osato(), actor, { days: '7', reason: '' }));
      expect(refused.kind).toBe('forbidden');
      expect(refused.message).toBe('運営者への閲覧許可は管理者だけが行えます。');
      expect((await refusalOf(withdrawOperatorAccess(osato(), actor))).kind).toBe('forbidden');
      expect((await refusalOf(readOwnOrganisationExport(osato(), actor))).kind).toBe('forbidden');
    }
    expect(await stateOf(handle.db, osatoId)).toEqual({ grant: [], history: [] });
  });

  it('an admin grants it for 7 days with a reason: stored, recorded, and read as 「12月13日9時まで許可（…）」', async () => {
    clock.now = T0;
    const access = await grantOperatorAccess(osato(), ADMIN, {
      days: ' 7 ',
      reason: 'データ移行の支援のため',
    });
    // 2026-12-06 00:00 UTC + 7 × 24 h.
    expect(access.grantedUntil.toISOString()).toBe('2026-12-13T00:00:00.000Z');
    expect(await stateOf(handle.db, osatoId)).toEqual({
      grant: [{ until: '2026-12-13T00:00:00.000Z', reason: 'データ移行の支援のため' }],
      history: [
        {
          table_name: 'operator_access',
          operation: 'insert',
          old_value: null,
          new_value: '{"granted_until":"2026-12-13T00:00:00.000Z","reason":"データ移行の支援のため"}',
          actor: 'osato-admin',
          plan_id: null,
          request_id: 'req-1',
        },
      ],
    });
    const page = await readOperatorAccess(osato(), ADMIN);
    expect(page.inForce).toBe(true);
    expect(describeOperatorAccess(page.access, clock.now)).toBe(
      '12月13日9時まで許可（データ移行の支援のため）',
    );
    // 宮城県 holds no grant and no history of it.
    expect(await stateOf(handle.db, miyagiId)).toEqual({ grant: [], history: [] });
  });

  it('in force, the operator exports 大郷町 and its history says so; at the end of the grant it is refused', async () => {
    const data = await readOrganisationExport(handle, OPERATOR, OSATO, at('2026-12-12T23:59:59Z'));
    expect(data.organisation.code).toBe(OSATO);
    // The export holds the grant's row of history but not its own record, which is written after the read.
    expect(data.records.history?.rows.map((r) => r.table_name)).toEqual(['operator_access']);
    const after = await stateOf(handle.db, osatoId);
    expect(after.history.map((h) => [h.table_name, h.operation, h.actor, h.new_value])).toEqual([
      ['operator_access', 'insert', 'osato-admin', expect.any(String)],
      ['organisation_exports', 'insert', 'cli:operator', '{"exported_by":"operator"}'],
    ]);
    // 2026-12-13 00:00 UTC is the end itself: no longer in force.
    const refused = await refusalOf(
      readOrganisationExport(handle, OPERATOR, OSATO, at('2026-12-13T00:00:00Z')),
    );
    expect(refused.message).toBe(REFUSED);
    expect(await stateOf(handle.db, osatoId)).toEqual(after);
  });

  it('the grant of another organisation does not open 大郷町 (宮城県 grants, 大郷町’s ends)', async () => {
    clock.now = at('2026-12-14T00:00:00Z');
    await grantOperatorAccess({ db: handle.forOrganisation(miyagiId), now: () => clock.now }, ADMIN, {
      days: '30',
      reason: '',
    });
    expect((await stateOf(handle.db, miyagiId)).grant).toEqual([
      { until: '2027-01-13T00:00:00.000Z', reason: null },
    ]);
    const refused = await refusalOf(readOrganisationExport(handle, OPERATOR, OSATO, clock.now));
    expect(refused.message).toBe(REFUSED);
    // An expired grant cannot be withdrawn (there is nothing in force); nothing changes.
    const before = await stateOf(handle.db, osatoId);
    const nothing = await refusalOf(withdrawOperatorAccess(osato(), ADMIN));
    expect(nothing.kind).toBe('conflict');
    expect(await stateOf(handle.db, osatoId)).toEqual(before);
  });

  it('a new grant replaces the old one, a withdrawal removes it, and each is recorded with the values before', async () => {
    clock.now = at('2026-12-14T00:00:00Z');
    await grantOperatorAccess(osato(), ADMIN, { days: '1', reason: '' });
    await withdrawOperatorAccess(osato(), ADMIN);
    const state = await stateOf(handle.db, osatoId);
    expect(state.grant).toEqual([]);
    expect(state.history.slice(2).map((h) => [h.operation, h.old_value, h.new_value])).toEqual([
      [
        'update',
        '{"granted_until":"2026-12-13T00:00:00.000Z","reason":"データ移行の支援のため"}',
        '{"granted_until":"2026-12-15T00:00:00.000Z","reason":null}',
      ],
      ['delete', '{"granted_until":"2026-12-15T00:00:00.000Z","reason":null}', null],
    ]);
    const refused = await refusalOf(readOrganisationExport(handle, OPERATOR, OSATO, clock.now));
    expect(refused.message).toBe(REFUSED);
    expect(describeOperatorAccess((await readOperatorAccess(osato(), ADMIN)).access, clock.now)).toBe(
      '許可なし',
    );
  });

  it('the organisation’s admin exports its own data without a grant, recorded as the admin’s', async () => {
    const data = await readOwnOrganisationExport(osato(), ADMIN);
    expect(data.organisation).toMatchObject({ code: OSATO, name: '大郷町' });
    expect(data.plans).toEqual([]);
    const last = (await stateOf(handle.db, osatoId)).history.at(-1);
    expect(last).toMatchObject({
      table_name: 'organisation_exports',
      actor: 'osato-admin',
      new_value: '{"exported_by":"admin"}',
    });
  });
});
