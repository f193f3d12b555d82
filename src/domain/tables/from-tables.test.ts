import { describe, expect, it } from 'vitest';
import { planFrom, seedDocument, seedPlan } from '../../../test/support/plans.ts';
import { loadPlan } from '../plan/load.ts';
import type { PlanDocument } from '../plan/schema.ts';
import type { PlanTables, Row } from './definitions.ts';
import { tablesToDocument, tablesToDocumentInput } from './from-tables.ts';
import { planToTables } from './to-tables.ts';

/** tables → raw input → loadPlan, failing the test with every issue. */
function documentOf(tables: PlanTables): PlanDocument {
  const rebuilt = tablesToDocument(tables);
  if (!rebuilt.ok) throw new Error(JSON.stringify(rebuilt.error, null, 2));
  return planFrom(rebuilt.value).document;
}

const roundTrip = (doc: PlanDocument): PlanDocument => documentOf(planToTables(doc));

describe('tablesToDocument ∘ planToTables on the bundled dataset', () => {
  const original = seedPlan().document;
  const tables = planToTables(original);

  it('loads back to the same document (the seed is canonical)', () => {
    expect(roundTrip(original)).toEqual(original);
  });

  it('and the tables of that document are the same tables', () => {
    expect(planToTables(roundTrip(original))).toEqual(tables);
  });

  it('rebuilds raw input a dataset file would hold', () => {
    const rebuilt = tablesToDocument(tables);
    if (!rebuilt.ok) throw new Error('expected the seed tables to rebuild');
    // biome-ignore lint/suspicious/noExplicitAny: inspecting the raw input
    const input = rebuilt.value as any;
    expect(input.plan.period).toEqual({ from: 2021, to: 2024 });
    const telework = input.measures.find((m: { id: string }) => m.id === 'telework');
    expect(telework.kpis[1].baseline).toEqual({
      value: '約18%',
      asOf: '2021年度',
      note: '「専用PC稼働率 約18%」',
    });
    expect(telework.kpis[1].actuals[0].value).toBe('—');
    expect(input.measures.find((m: { id: string }) => m.id === 'ict-lesson-improvement').kpis).toEqual([
      { ref: 'ict-teaching-ability' },
    ]);
    expect(input.publishedSummaries[0].goals[1]).toMatchObject({
      goal: 'local',
      amount: '29.0億円',
      difference: { projects: '6件', amount: '13.0億円' },
    });
  });

  it('does not depend on the order of the rows', () => {
    const reversed = Object.fromEntries(
      Object.entries(tables).map(([name, rows]) => [
        name,
        name === 'departments' ? rows : [...rows].reverse(),
      ]),
    ) as PlanTables;
    expect(documentOf(reversed)).toEqual(original);
  });
});

describe('a measure shown under more than one goal', () => {
  const doc = seedDocument();
  doc.measures[3].alsoUnder = ['prefecture-talent', 'business'];
  doc.measures[5].alsoUnder = ['foundation'];
  const loaded = planFrom(doc).document;
  const tables = planToTables(loaded);

  it('writes one measure_goals row per further goal, in order', () => {
    expect(tables.measure_goals).toEqual([
      { measure: loaded.measures[3]?.id, position: 0, goal: 'prefecture-talent' },
      { measure: loaded.measures[3]?.id, position: 1, goal: 'business' },
      { measure: loaded.measures[5]?.id, position: 0, goal: 'foundation' },
    ]);
    expect(tables.measures.find((m) => m.id === loaded.measures[3]?.id)?.goal).toBe('citizen');
  });

  it('round-trips: document → tables → document, and tables → document → tables', () => {
    const back = roundTrip(loaded);
    expect(back).toEqual(loaded);
    expect(back.measures[3]?.alsoUnder).toEqual(['prefecture-talent', 'business']);
    expect(planToTables(documentOf(tables))).toEqual(tables);
  });

  it('reads the further goals by position, whatever the row order', () => {
    const reversed = { ...tables, measure_goals: [...tables.measure_goals].reverse() };
    expect(documentOf(reversed)).toEqual(loaded);
  });
});

describe('canonical form', () => {
  it('keeps an empty published block and a non-default rule set', () => {
    const doc = seedDocument();
    doc.goals[2].sections[1].headlineKpis[0].published = {};
    doc.plan.rules = {
      achievementRate: { decreaseFormula: 'none' },
      summary: { okuYen: { digits: 2, mode: 'truncate' } },
    };
    const loaded = planFrom(doc).document;
    const back = roundTrip(loaded);
    expect(back).toEqual(loaded);
    expect(back.goals[2]?.sections[1]?.headlineKpis[0]?.published).toEqual({ values: [] });
    expect(back.plan.rules.summary.okuYen).toEqual({ digits: 2, mode: 'truncate' });
  });

  it('moves a KPI definition to the first measure listing it', () => {
    const doc = seedDocument();
    const first = doc.measures.find((m: { id: string }) => m.id === 'education-informatisation');
    const second = doc.measures.find((m: { id: string }) => m.id === 'ict-lesson-improvement');
    [first.kpis, second.kpis] = [second.kpis, first.kpis];
    const loaded = planFrom(doc).document;
    const back = roundTrip(loaded);
    expect(back).not.toEqual(loaded);
    expect(back).toEqual(seedPlan().document);
    expect(planToTables(back)).toEqual(planToTables(loaded));
  });

  it('writes a card-defined KPI into the measure that lists it', () => {
    const doc = seedDocument();
    doc.measures[0].kpis.push({ ref: 'digital-id-app-users' });
    const loaded = planFrom(doc).document;
    const back = roundTrip(loaded);
    expect(back.measures[0]?.kpis[1]).toMatchObject({ id: 'digital-id-app-users', cumulative: true });
    expect(back.goals[0]?.sections[2]?.headlineKpis[0]?.kpi).toBe('digital-id-app-users');
    expect(planFrom(tablesToDocumentInput(planToTables(back))).kpis).toEqual(planFrom(doc).kpis);
  });

  it('gives a missing value without a marker the canonical marker of its reason', () => {
    const tables = planToTables(seedPlan().document);
    const row = tables.kpi_values.findIndex((v) => v.kpi === 'seminar-satisfaction' && v.kind === 'baseline');
    tables.kpi_values[row] = { ...(tables.kpi_values[row] as Row), marker: null };
    const kpi = documentOf(tables).measures[6]?.kpis[1];
    expect(kpi && 'baseline' in kpi ? kpi.baseline?.value : undefined).toEqual({
      kind: 'missing',
      reason: 'not-measured',
      marker: '未計測',
    });
  });

  it('reads a baseline given by fiscal year only as that fiscal year', () => {
    const tables = planToTables(seedPlan().document);
    const row = tables.kpi_values.findIndex((v) => v.kpi === 'open-data-datasets' && v.kind === 'baseline');
    tables.kpi_values[row] = { ...(tables.kpi_values[row] as Row), as_of: null, fiscal_year: 2020 };
    const kpi = documentOf(tables).measures[0]?.kpis[0];
    expect(kpi && 'baseline' in kpi ? kpi.baseline?.asOf : undefined).toEqual({
      kind: 'fiscal-year',
      fiscalYear: 2020,
    });
  });

  it('leaves content problems to loadPlan, which reports them by document path', () => {
    const tables = planToTables(seedPlan().document);
    tables.kpis[0] = { ...(tables.kpis[0] as Row), direction: 'up' };
    const rebuilt = tablesToDocument(tables);
    expect(rebuilt.ok).toBe(true);
    const loaded = loadPlan(rebuilt.ok ? rebuilt.value : undefined);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error[0]?.path).toBe('measures[0].kpis[0].direction');
  });
});
