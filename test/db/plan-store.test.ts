import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, backupDatabase, restoreDatabase } from '../../src/db/backup.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listPlans, loadStoredPlan, savePlan } from '../../src/db/plan-store.ts';
import { saveAnswer } from '../../src/db/repositories/answer.repository.ts';
import { findKpiValue, VersionConflictError } from '../../src/db/repositories/kpi-value.repository.ts';
import { readPlanTables } from '../../src/db/repositories/plan-tables.repository.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { basedOnStored, planFrom, seedDocument, seedPlan } from '../support/plans.ts';

const historyCount = async (h: DatabaseHandle) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from history`.execute(h.db)).rows[0]?.n);

describe.each(DATABASE_TARGETS)('plan store on $name', (target) => {
  let h: DatabaseHandle;
  let planId: number;

  beforeAll(async () => {
    h = await target.open();
    await seedBundledDataset(h.db);
    planId = (await listPlans(h.db))[0]?.id ?? Number.NaN;
  });
  afterAll(() => h.close());

  it('reads back exactly the plan that was stored', async () => {
    const [stored] = await listPlans(h.db);
    expect(stored).toMatchObject({
      organisationCode: '040002',
      code: 'miyagi-joho-policy',
      reportFiscalYear: 2024,
    });
    const loaded = await loadStoredPlan(h.db, stored as NonNullable<typeof stored>);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    expect(loaded.value.document).toEqual(seedPlan().document);
  });

  it('importing the same plan again changes nothing and records nothing', async () => {
    const before = await historyCount(h);
    const report = await savePlan(h.db, seedPlan(), { actor: 'test' });
    expect(report.tables.every((t) => t.added + t.changed + t.removed === 0)).toBe(true);
    expect(await historyCount(h)).toBe(before);
  });

  it('a changed value is one changed row and one history entry with old → new, who and the request', async () => {
    const doc = seedDocument();
    doc.measures[0].kpis[0].actuals[0].value = 350;
    const plan = planFrom(await basedOnStored(h.db, doc));
    const report = await savePlan(h.db, plan, { actor: 'suzuki', requestId: 'req-1' });
    expect(report.tables.find((t) => t.table === 'kpi_values')).toMatchObject({
      changed: 1,
      added: 0,
      removed: 0,
    });
    const history = await h.db.selectFrom('history').selectAll().where('request_id', '=', 'req-1').execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      table_name: 'kpi_values',
      operation: 'update',
      column_name: 'value',
      old_value: '347',
      new_value: '350',
      actor: 'suzuki',
    });
    const row = await findKpiValue(h.db, {
      planId,
      kpi: 'open-data-datasets',
      kind: 'actual',
      fiscalYear: 2024,
    });
    expect(row).toMatchObject({ value: '350', version: 2 });
  });

  it('a dry run reports the change and writes nothing', async () => {
    const tablesBefore = await readPlanTables(h.db, planId);
    const historyBefore = await historyCount(h);
    const doc = seedDocument();
    doc.measures[1].kpis[0].actuals[0].value = 999;
    doc.departments.push({ code: 'new-division', bureau: '企画部', division: '新しい課' });
    const report = await savePlan(h.db, planFrom(await basedOnStored(h.db, doc)), {
      actor: 'test',
      dryRun: true,
    });
    expect(report.dryRun).toBe(true);
    expect(report.tables.find((t) => t.table === 'departments')).toMatchObject({ added: 1 });
    expect(report.tables.find((t) => t.table === 'kpi_values')?.changed).toBeGreaterThanOrEqual(1);
    expect(await readPlanTables(h.db, planId)).toEqual(tablesBefore);
    expect(await historyCount(h)).toBe(historyBefore);
  });

  it('history is append-only: updating or deleting an entry is refused by the database', async () => {
    await expect(sql`update history set actor = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from history`.execute(h.db)).rejects.toThrow(/append-only/);
  });

  it('two writers with the same version: exactly one wins, the other gets a conflict', async () => {
    const key = { planId, kpi: 'web-meetings-held', kind: 'actual' as const, fiscalYear: 2024 };
    const current = await findKpiValue(h.db, key);
    if (current === undefined) throw new Error('no value');
    const { missing, marker, percent, approximate, provisional, note } = current;
    const cells = { missing, marker, percent, approximate, provisional, note };
    const write = (value: string, actor: string) =>
      saveAnswer(
        h.db,
        planId,
        'web-meetings',
        2024,
        { actuals: new Map([[key.kpi, { expectedVersion: current.version, next: { ...cells, value } }]]) },
        actor,
        null,
      );
    const results = await Promise.allSettled([write('970', 'writer-a'), write('980', 'writer-b')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(VersionConflictError);
    expect(lost[0]?.reason.message).toContain('他の人が更新しました');
    const after = await findKpiValue(h.db, key);
    expect(after?.version).toBe(current.version + 1);
    expect(['970', '980']).toContain(after?.value);
    const entries = await h.db
      .selectFrom('history')
      .selectAll()
      .where('column_name', '=', 'value')
      .where('row_key', '@>', sql<string>`${JSON.stringify({ kpi: 'web-meetings-held' })}::jsonb`)
      .execute();
    expect(entries.map((e) => e.new_value)).toEqual([after?.value]);
  });
});

describe.each(DATABASE_TARGETS)('a measure under more than one goal on $name', (target) => {
  it('stores the further goals in measure_goals and reads the plan back exactly', async () => {
    const h = await target.open();
    try {
      await seedBundledDataset(h.db);
      const doc = seedDocument();
      doc.measures[3].alsoUnder = ['prefecture-talent', 'business'];
      const report = await savePlan(h.db, planFrom(doc), { actor: 'test' });
      expect(report.tables.find((t) => t.table === 'measure_goals')).toMatchObject({
        added: 2,
        changed: 0,
        removed: 0,
      });
      const [stored] = await listPlans(h.db);
      const loaded = await loadStoredPlan(h.db, stored as NonNullable<typeof stored>);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
      expect(loaded.value.document).toEqual(planFrom(doc).document);
      expect(loaded.value.document.measures[3]?.alsoUnder).toEqual(['prefecture-talent', 'business']);

      doc.measures[3].alsoUnder = ['business'];
      const second = await savePlan(h.db, planFrom(await basedOnStored(h.db, doc)), { actor: 'test' });
      expect(second.tables.find((t) => t.table === 'measure_goals')).toMatchObject({
        changed: 1,
        removed: 1,
      });
      const tables = await readPlanTables(h.db, stored?.id ?? 0);
      expect(tables.measure_goals).toEqual([{ measure: doc.measures[3].id, position: 0, goal: 'business' }]);
    } finally {
      await h.close();
    }
  });

  it('refuses, at commit, a further goal that is not a goal of the plan', async () => {
    const h = await target.open();
    try {
      await seedBundledDataset(h.db);
      const [stored] = await listPlans(h.db);
      await expect(
        h.db.transaction().execute(async (trx) => {
          await sql`insert into measure_goals (plan_id, measure, position, goal)
            values (${stored?.id ?? 0}, 'free-wifi', 0, 'nowhere')`.execute(trx);
        }),
      ).rejects.toThrow(/foreign key/);
    } finally {
      await h.close();
    }
  });
});

describe.each(DATABASE_TARGETS)('import atomicity on $name', (target) => {
  it('a failure in the middle of an import leaves zero rows written', async () => {
    const h = await target.open();
    try {
      // Fail on the 40th KPI value, after organisations, plans and a dozen tables have been written.
      await sql
        .raw(`create function fail_midway() returns trigger language plpgsql as $$
        begin if (select count(*) from kpi_values) >= 40 then raise exception 'injected failure'; end if; return new; end $$`)
        .execute(h.db);
      await sql
        .raw(
          'create trigger fail_midway before insert on kpi_values for each row execute function fail_midway()',
        )
        .execute(h.db);
      await expect(seedBundledDataset(h.db)).rejects.toThrow(/injected failure/);
      for (const table of ['organisations', 'plans', 'goals', 'measures', 'kpis', 'kpi_values', 'history']) {
        const n = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db))
          .rows[0]?.n;
        expect({ table, n }).toEqual({ table, n: 0 });
      }
    } finally {
      await h.close();
    }
  });
});

describe.each(DATABASE_TARGETS)('backup and restore on $name', (target) => {
  it('restores every plan, row, version and history entry into an empty database, and refuses a non-empty one', async () => {
    const source = await target.open();
    const copy = await target.open();
    try {
      await seedBundledDataset(source.db);
      const doc = seedDocument();
      doc.measures[0].analyses[0].text = '改訂した要因分析';
      doc.measures[3].alsoUnder = ['prefecture-talent'];
      await savePlan(source.db, planFrom(await basedOnStored(source.db, doc)), { actor: 'editor' });
      const backup = await backupDatabase(source.db);
      expect(await restoreDatabase(copy.db, backup, { replace: false })).toBeGreaterThan(400);
      const [a] = await listPlans(source.db);
      const [b] = await listPlans(copy.db);
      expect(b).toEqual(a);
      const restored = await readPlanTables(copy.db, b?.id ?? 0);
      expect(restored).toEqual(await readPlanTables(source.db, a?.id ?? 0));
      expect(restored.measure_goals).toHaveLength(1);
      expect(await historyCount(copy)).toBe(await historyCount(source));
      // New rows after a restore get fresh ids (identity sequences are moved past the restored ones).
      await savePlan(copy.db, planFrom(await basedOnStored(copy.db, seedDocument())), {
        actor: 'after-restore',
      });
      await expect(restoreDatabase(copy.db, backup, { replace: false })).rejects.toThrow(BackupError);
      expect(await restoreDatabase(copy.db, backup, { replace: true })).toBeGreaterThan(400);
      await expect(restoreDatabase(copy.db, Buffer.from('not a backup'), { replace: true })).rejects.toThrow(
        /読み取れません/,
      );
      // A backup whose text is not UTF-8 (a 0xFF byte inside a string) is refused, not restored with U+FFFD.
      const damaged = gzipSync(
        Buffer.concat([
          Buffer.from('{"format":"x","tables":{"a":"'),
          Buffer.from([0xff]),
          Buffer.from('"}}'),
        ]),
      );
      await expect(restoreDatabase(copy.db, damaged, { replace: true })).rejects.toThrow(/読み取れません/);
    } finally {
      await source.close();
      await copy.close();
    }
  });
});
