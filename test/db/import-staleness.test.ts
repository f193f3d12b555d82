// Re-importing an export taken earlier must not undo what staff saved after it (350 → 347, 見込み cleared), and the
// import summary counts every table that changes, plan row included, the same in a dry run.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import {
  type ImportReport,
  listPlans,
  loadStoredPlanWithVersions,
  savePlan,
} from '../../src/db/plan-store.ts';
import { saveAnswer } from '../../src/db/repositories/answer.repository.ts';
import { findKpiValue } from '../../src/db/repositories/kpi-value.repository.ts';
import { readStampedPlanTables } from '../../src/db/repositories/plan-tables.repository.ts';
import { StaleRowsError } from '../../src/db/stale-rows.ts';
import type { Plan } from '../../src/domain/plan/model.ts';
import { planToJson } from '../../src/io/interchange/write-plan-file.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { basedOnStored, planFrom, seedDocument, seedPlan } from '../support/plans.ts';

const MEASURE = 'open-data-miyagi'; // the measure whose KPI is open-data-datasets (seed: R6 actual 347)
const KPI = 'open-data-datasets';
const FY = 2024;

/** `shinchoku export --format json` of the stored plan, parsed back as `shinchoku import` would. */
async function exportJson(h: DatabaseHandle): Promise<Plan> {
  const [stored] = await listPlans(h.db);
  if (stored === undefined) throw new Error('no plan');
  const loaded = await loadStoredPlanWithVersions(h.db, stored);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return planFrom(JSON.parse(planToJson(loaded.value.plan.document, loaded.value.versions)));
}

/** Everything stored: every row with its version and update time, and the number of history entries. */
async function snapshot(h: DatabaseHandle, planId: number) {
  const history = await sql<{ n: number }>`select count(*)::int as n from history`.execute(h.db);
  return { tables: await readStampedPlanTables(h.db, planId), history: history.rows[0]?.n };
}

/** A staff save through the answer repository (the form and the write API): 347 → 350, 見込み set. */
async function staffSaves350(h: DatabaseHandle, planId: number): Promise<void> {
  const current = await findKpiValue(h.db, { planId, kpi: KPI, kind: 'actual', fiscalYear: FY });
  if (current === undefined) throw new Error('no actual');
  const next = {
    value: '350',
    missing: null,
    marker: null,
    percent: current.percent,
    approximate: current.approximate,
    provisional: true,
    note: null,
  };
  const change = { expectedVersion: current.version, next };
  await saveAnswer(
    h.db,
    planId,
    MEASURE,
    FY,
    { actuals: new Map([[KPI, change]]) },
    'editor-tanaka',
    'req-staff',
  );
}

describe.each(DATABASE_TARGETS)('an import of an earlier export on $name', (target) => {
  let h: DatabaseHandle;
  let planId: number;
  let oldExport: Plan;
  let savedAfter: Date;

  beforeAll(async () => {
    h = await target.open();
    await seedBundledDataset(h.db);
    planId = (await listPlans(h.db))[0]?.id ?? Number.NaN;
    oldExport = await exportJson(h);
    savedAfter = new Date(Date.now() - 1000);
    await staffSaves350(h, planId);
  });
  afterAll(() => h.close());

  it('the export carries the version of every row it contains', () => {
    const versions = oldExport.document.rowVersions ?? [];
    expect(
      versions.find((v) => v.table === 'kpi_values' && v.key.kpi === KPI && v.key.kind === 'actual'),
    ).toMatchObject({
      key: { kpi: KPI, kind: 'actual', fiscal_year: FY },
      version: 1,
    });
    expect(versions.find((v) => v.table === 'plan')?.key).toEqual({ plan_id: 'miyagi-joho-policy' });
  });

  it('is refused for the row staff changed after it, listing file value, value now, who and when; nothing is written', async () => {
    const before = await snapshot(h, planId);
    for (const dryRun of [false, true]) {
      const refused = await savePlan(h.db, oldExport, { actor: 'cli:importer', dryRun }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(StaleRowsError);
      const { rows, fileHasVersions } = refused as StaleRowsError;
      expect(fileHasVersions).toBe(true);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({
        table: 'kpi_values',
        title: 'KPI値',
        key: { kpi: KPI, kind: 'actual', fiscal_year: FY },
        columns: ['value', 'provisional'],
        inFile: { value: '347', provisional: null },
        now: { value: '350', provisional: true },
        base: { version: 1 },
        stored: { version: 2 },
        lastChange: { actor: 'editor-tanaka' },
      });
      expect(row?.lastChange?.changedAt.getTime()).toBeGreaterThanOrEqual(savedAfter.getTime());
    }
    expect(await snapshot(h, planId)).toEqual(before);
  });

  it('a file without versions is based on nothing: its change to a stored row is refused too', async () => {
    const refused = await savePlan(h.db, seedPlan(), { actor: 'cli:importer' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StaleRowsError);
    expect((refused as StaleRowsError).fileHasVersions).toBe(false);
    expect((refused as StaleRowsError).rows.map((r) => [r.table, r.key])).toEqual([
      ['kpi_values', { kpi: KPI, kind: 'actual', fiscal_year: FY }],
    ]);
  });

  it('an export taken after the save imports as before: its edits are written', async () => {
    const fresh = await basedOnStored(h.db, seedDocument());
    // The fresh export has the staff's 350 and 見込み; the user edits another figure.
    fresh.measures[0].kpis[0].actuals[0] = { fiscalYear: 'R6', value: 350, provisional: true };
    const web = findKpi(fresh, 'web-meetings-held');
    const previous = web.actuals[0].value;
    web.actuals[0].value = 1234;
    const report = await savePlan(h.db, planFrom(fresh), { actor: 'cli:importer' });
    expect(changedRows(report)).toEqual({ kpi_values: 1 });
    expect(
      await findKpiValue(h.db, { planId, kpi: 'web-meetings-held', kind: 'actual', fiscalYear: FY }),
    ).toMatchObject({ value: '1234' });
    expect(previous).not.toBe(1234);
  });

  it('with --overwrite-newer it goes ahead, and history shows who overwrote what', async () => {
    const report = await savePlan(h.db, oldExport, {
      actor: 'cli:importer',
      requestId: 'req-overwrite',
      overwriteNewer: true,
    });
    expect(report.overwritten).toBe(2); // the staff's 350 and the later import's 1234
    const row = await findKpiValue(h.db, { planId, kpi: KPI, kind: 'actual', fiscalYear: FY });
    expect(row).toMatchObject({ value: '347', provisional: null });
    const history = await h.db
      .selectFrom('history')
      .select(['table_name', 'row_key', 'column_name', 'old_value', 'new_value', 'actor'])
      .where('request_id', '=', 'req-overwrite')
      .where(sql<boolean>`row_key->>'kpi' = ${KPI}`)
      .orderBy('id')
      .execute();
    expect(history.map((e) => [e.column_name, e.old_value, e.new_value, e.actor])).toEqual([
      ['value', '350', '347', 'cli:importer'],
      ['provisional', 'true', null, 'cli:importer'],
      [
        'overwrote_newer_version',
        expect.stringMatching(/^版2（editor-tanaka、\d{4}-\d\d-\d\d \d\d:\d\d（日本時間）に変更）$/),
        '書き出した時点の版1のファイルで上書き',
        'cli:importer',
      ],
    ]);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: the raw document of the tests
function findKpi(doc: any, id: string): any {
  for (const m of doc.measures) for (const k of m.kpis) if (k.id === id) return k;
  throw new Error(`no KPI ${id}`);
}

const changedRows = (report: ImportReport) =>
  Object.fromEntries(report.tables.filter((t) => t.changed > 0).map((t) => [t.table, t.changed]));

describe.each(DATABASE_TARGETS)('the import summary on $name', (target) => {
  it('counts every changed row and the plan row, and a dry run reports exactly the same', async () => {
    const h = await target.open();
    try {
      await seedBundledDataset(h.db);
      const doc = await basedOnStored(h.db, seedDocument());
      doc.measures[0].kpis[0].actuals[0].value = 350; // open-data-datasets R6
      findKpi(doc, 'web-meetings-held').actuals[0].value = 1234;
      doc.plan.period.to = 'R7'; // 計画終了年度 2024 → 2025
      const plan = planFrom(doc);
      const dry = await savePlan(h.db, plan, { actor: 'test', dryRun: true });
      const real = await savePlan(h.db, plan, { actor: 'test' });
      expect(changedRows(real)).toEqual({ plan: 1, kpi_values: 2 });
      expect(real.tables.find((t) => t.table === 'plan')).toMatchObject({ added: 0, changed: 1, removed: 0 });
      expect(dry).toEqual({ ...real, dryRun: true });
      expect((await listPlans(h.db))[0]).toMatchObject({ code: 'miyagi-joho-policy' });
      const period = await h.db.selectFrom('plans').select('period_to').executeTakeFirst();
      expect(period?.period_to).toBe(2025);
    } finally {
      await h.close();
    }
  });
});
