// createFirstPlan called directly, as any edge would: only an admin may make it (the access table refuses others
// earlier on the web; the use case holds the CLI and any later edge to the same rule), and two admins sending the
// form at once make one plan — the second is told that the first exists.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstPlan, type FirstPlanInput } from '../../src/app/first-plan.ts';
import { addOrganisation } from '../../src/app/organisations.ts';
import { Refusal } from '../../src/app/workspace.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { tableDigests } from '../support/table-digest.ts';

const actor = (role: Actor['role']): Actor => ({ login: `${role}1`, role, departments: [], requestId: null });

const INPUT: FirstPlanInput = {
  planCode: 'osato-sogo',
  planName: '大郷町総合計画',
  periodFrom: '令和8年度',
  periodTo: '2030',
  basicGoal: '人が輝く大郷',
  reportYear: '2027',
  goalCode: 'sangyo',
  goalKind: 'foundation',
  goalTitle: '産業の振興',
  departmentCode: 'machizukuri',
  bureau: '町長部局',
  division: 'まちづくり政策課',
};

const refusalOf = async (promise: Promise<unknown>): Promise<Refusal> => {
  try {
    await promise;
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe.each(DATABASE_TARGETS)('createFirstPlan on $name', (target) => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;

  beforeAll(async () => {
    handle = await target.open();
    const { organisation } = await addOrganisation(handle, actor('admin'), { code: '044229' });
    db = handle.forOrganisation(organisation.id);
  });
  afterAll(() => handle?.close());

  it.each(['editor', 'viewer'] as const)('refuses the role %s and stores nothing', async (role) => {
    const before = await tableDigests(handle.db, new Set());
    const refusal = await refusalOf(createFirstPlan({ db }, actor(role), INPUT));
    expect(refusal.kind).toBe('forbidden');
    expect(refusal.message).toBe('最初の計画の作成は管理者だけが行えます。');
    expect(await tableDigests(handle.db, new Set())).toEqual(before);
  });

  it('of two admins at once, one makes the plan and the other is told it exists', async () => {
    const outcomes = await Promise.allSettled([
      createFirstPlan({ db }, actor('admin'), INPUT),
      createFirstPlan({ db }, actor('admin'), { ...INPUT, planCode: 'osato-other' }),
    ]);
    const made = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(Refusal);
    expect((refused[0] as Refusal).kind).toBe('conflict');
    // The plan as the organisation's: 和暦 and Western years read alike, the report year as given.
    const plans = await listPlans(db);
    expect(plans.map((p) => [p.organisationCode, p.organisationName, p.name, p.reportFiscalYear])).toEqual([
      ['044229', '大郷町', '大郷町総合計画', 2027],
    ]);
    expect((refused[0] as Refusal).message).toContain(`計画ID「${plans[0]?.code}」`);
  });
});
