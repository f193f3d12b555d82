import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFrom, seedPlan } from '../../../test/support/plans.ts';
import { formatTimePoint, parseTimePoint } from '../calendar/time-point.ts';
import { loadPlan } from '../plan/load.ts';
import type { PlanDocument } from '../plan/schema.ts';
import { decimalToString } from '../values/decimal.ts';
import { type Cell, type PlanTables, TABLE_NAMES } from './definitions.ts';
import { tablesToDocument } from './from-tables.ts';
import { planToTables } from './to-tables.ts';

// Small valid documents in canonical form (see from-tables.ts), with raw notations as a dataset file has them.

const text = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== '');
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
// Inside the plan period 2021–2024 of `assemble` (years outside it are refused: domain/plan/period.ts).
const year = fc.integer({ min: 2021, max: 2024 });
const decimalText = fc
  .tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.integer({ min: 0, max: 3 }))
  .map(([units, scale]) => decimalToString({ units, scale }));
/** 時点 as written: Western (2021-03, 2025-02末) or era (R3.3, R元年度). */
const timePoint = fc
  .tuple(
    year,
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 0, max: 3 }),
    fc.boolean(),
  )
  .map(([y, m, d, kind, era]) => {
    const mm = String(m).padStart(2, '0');
    const western =
      [`${y}年度`, `${y}-${mm}`, `${y}-${mm}末`, `${y}-${mm}-${String(d).padStart(2, '0')}`][kind] ?? '';
    const parsed = parseTimePoint(western);
    return era && parsed.ok ? formatTimePoint(parsed.value, 'short') : western;
  });
/** A value as published: 1,527 / △2.7 / 約18% / a plain number / a missing marker. */
const quantity = fc.oneof(
  fc
    .tuple(fc.boolean(), decimalText, fc.boolean())
    .map(([about, d, percent]) => `${about ? '約' : ''}${d.replace('-', '△')}${percent ? '%' : ''}`),
  fc.integer({ min: -5000, max: 5000 }),
  fc.constantFrom('—', '－', '-', '未計測', '…', '未確定', '集計中'),
);
const byYear = <T extends { fiscalYear: number }>(arb: fc.Arbitrary<T>) =>
  fc
    .uniqueArray(arb, { selector: (t) => t.fiscalYear, maxLength: 3 })
    .map((items) => [...items].sort((a, b) => a.fiscalYear - b.fiscalYear));

const kpiShape = fc.record({
  name: text,
  unit: fc.constantFrom('%', '件', '人'),
  direction: fc.constantFrom('increase', 'decrease'),
  cumulative: fc.boolean(),
  note: opt(text),
  baseline: opt(fc.record({ value: quantity, asOf: opt(timePoint), unit: opt(text), note: opt(text) })),
  targets: byYear(
    fc.oneof(
      fc.record({ fiscalYear: year, value: quantity, unit: opt(text), note: opt(text) }),
      fc.record({ fiscalYear: year, relative: fc.constant('exceed-previous-year'), note: opt(text) }),
    ),
  ),
  actuals: byYear(
    fc.record({
      fiscalYear: year,
      value: quantity,
      unit: opt(text),
      provisional: opt(fc.boolean()),
      note: opt(text),
    }),
  ),
});
type KpiShape = typeof kpiShape extends fc.Arbitrary<infer T> ? T : never;

const card = fc.record({
  kpi: fc.oneof(fc.nat(), kpiShape),
  display: opt(
    fc.record({
      unit: text,
      divisor: fc.integer({ min: 1, max: 10000 }),
      digits: fc.integer({ min: 0, max: 4 }),
    }),
  ),
  published: opt(
    fc.record({
      values: fc.array(fc.record({ at: timePoint, value: fc.oneof(decimalText, fc.constant('—')) }), {
        maxLength: 2,
      }),
      target: opt(fc.record({ at: timePoint, value: fc.oneof(decimalText, fc.constant('—')) })),
      achievementRate: opt(decimalText),
      note: opt(text),
    }),
  ),
});
const initiative = fc.record({
  text,
  emphasis: opt(text),
  date: opt(timePoint),
  until: opt(timePoint),
  isNew: fc.boolean(),
  details: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  figures: fc.array(
    fc.record({
      label: text,
      value: fc.oneof(
        decimalText,
        decimalText.map((d) => `約${d}`),
        fc.constant('—'),
      ),
      unit: text,
    }),
    { maxLength: 2 },
  ),
});
const section = fc.record({
  guidelines: fc.array(text, { minLength: 1, maxLength: 2 }),
  headlineKpis: fc.array(card, { maxLength: 2 }),
  initiatives: fc.array(initiative, { maxLength: 2 }),
});
interface GoalShape {
  kind: string;
  number?: number | undefined;
  marker?: string | undefined;
  label?: string | undefined;
  title: string;
  sections: (typeof section extends fc.Arbitrary<infer T> ? T : never)[];
  children: GoalShape[];
}
const goal = (depth: number): fc.Arbitrary<GoalShape> =>
  fc.record({
    kind: fc.constantFrom('priority', 'foundation', 'area'),
    number: opt(fc.integer({ min: 1, max: 9 })),
    marker: opt(text),
    label: opt(text),
    title: text,
    sections: fc.array(section, { maxLength: 2 }),
    children: depth > 0 ? fc.array(goal(depth - 1), { maxLength: 2 }) : fc.constant([]),
  });
const measure = fc.record({
  goal: fc.nat(),
  alsoUnder: fc.array(fc.nat(), { maxLength: 2 }),
  name: text,
  kpis: fc.tuple(kpiShape, fc.array(fc.oneof(kpiShape, fc.nat()), { maxLength: 2 })),
  jointMeasures: fc.array(fc.record({ name: text }), { maxLength: 1 }),
  analyses: byYear(
    fc.record({
      fiscalYear: year,
      publishedLabels: fc.array(fc.constantFrom('達成', '一部達成', '未達成'), { maxLength: 2 }),
      text: fc.string({ maxLength: 4 }),
    }),
  ),
  note: opt(text),
});
const box = fc.record({
  label: opt(text),
  projects: fc.nat({ max: 500 }).map((n) => `${n}件`),
  amount: decimalText.map((d) => `${d.replace('-', '△')}億円`),
  difference: opt(
    fc.record({ projects: fc.integer({ min: -9, max: 9 }), amount: decimalText.map((d) => `${d}億円`) }),
  ),
});

const documentShape = fc.record({
  goals: fc.array(goal(2), { minLength: 1, maxLength: 3 }),
  measures: fc.array(measure, { maxLength: 3 }),
  projects: fc.array(
    fc.record({ goal: fc.nat(), fiscalYear: year, count: fc.nat(99), amountThousandYen: fc.integer() }),
    { maxLength: 3 },
  ),
  summaries: byYear(
    fc.record({
      fiscalYear: year,
      total: box,
      goals: fc.array(fc.tuple(fc.nat(), box), { maxLength: 2 }),
      roundingNote: fc.boolean(),
    }),
  ),
  notes: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  rounding: fc.constantFrom('half-up', 'truncate', 'half-even'),
});
type Shape = typeof documentShape extends fc.Arbitrary<infer T> ? T : never;
type CardShape = Shape['goals'][number]['sections'][number]['headlineKpis'][number];

/** Gives codes and ids, resolves indexes into references, and applies the canonical order and % convention. */
function assemble(shape: Shape): unknown {
  const kpis: { id: string; unit: string }[] = [];
  const define = (k: KpiShape) => {
    const id = `kpi-${kpis.length}`;
    kpis.push({ id, unit: k.unit });
    return { id, ...k };
  };
  const measures = shape.measures.map((m, i) => ({
    ...m,
    id: `measure-${i}`,
    department: 'dept',
    jointMeasures: m.jointMeasures.map((j) => ({ ...j, department: 'dept' })),
    kpis: [m.kpis[0], ...m.kpis[1]].map((k) =>
      typeof k === 'number' ? { ref: kpis[k % kpis.length]?.id ?? '' } : define(k),
    ),
  }));
  const codes: string[] = [];
  const cardInput = (c: CardShape) => {
    const kpi = typeof c.kpi === 'number' ? kpis[c.kpi % Math.max(1, kpis.length)] : define(c.kpi);
    if (kpi === undefined) return [];
    const percent = c.display === undefined && kpi.unit === '%';
    const mark = (v: string) => (v === '—' || !percent ? v : `${v}%`);
    const { published } = c;
    return {
      kpi: typeof c.kpi === 'number' ? kpi.id : kpi,
      display: c.display,
      published: published && {
        ...published,
        values: published.values.map((v) => ({ ...v, value: mark(v.value) })),
        target: published.target && { ...published.target, value: mark(published.target.value) },
        achievementRate: published.achievementRate && `${published.achievementRate}%`,
      },
    };
  };
  const tree = (list: readonly GoalShape[], prefix: string): unknown[] =>
    list.map((g, i) => {
      const code = `${prefix}${i}`;
      codes.push(code);
      const sections = g.sections.map((s) => ({ ...s, headlineKpis: s.headlineKpis.flatMap(cardInput) }));
      return { ...g, code, sections, children: tree(g.children, `${code}-`) };
    });
  const goals = tree(shape.goals, 'g');
  const goalAt = (n: number) => codes[n % codes.length] ?? '';
  const projects = shape.projects
    .map((p) => ({ ...p, goal: goalAt(p.goal) }))
    .filter((p, i, all) => all.findIndex((q) => q.goal === p.goal && q.fiscalYear === p.fiscalYear) === i)
    .sort((a, b) => codes.indexOf(a.goal) - codes.indexOf(b.goal) || a.fiscalYear - b.fiscalYear);
  // JSON drops the undefined members fc.option leaves, as a YAML file would not have them.
  return JSON.parse(
    JSON.stringify({
      format: 'shinchoku-plan/1',
      organisation: { name: '県', code: '040002' },
      plan: {
        id: 'plan',
        name: '計画',
        period: { from: 2021, to: 2024 },
        basicGoal: '目標',
        rules: { summary: { okuYen: { digits: 1, mode: shape.rounding } } },
      },
      report: { fiscalYear: 2024, title: '報告', actualsProvisional: true },
      departments: [{ code: 'dept', bureau: '部', division: '課' }],
      goals,
      measures: measures.map((m) => {
        const goal = goalAt(m.goal);
        // Further goals: other than the primary goal, each once.
        const alsoUnder = [...new Set(m.alsoUnder.map(goalAt))].filter((code) => code !== goal);
        return { ...m, goal, alsoUnder };
      }),
      projects,
      publishedSummaries: shape.summaries.map((s) => ({
        ...s,
        goals: s.goals.map(([g, b]) => ({ goal: goalAt(g), ...b })),
      })),
      transcriptionNotes: shape.notes,
    }),
  );
}

const arbitraryDocument: fc.Arbitrary<PlanDocument> = documentShape.map(
  (shape) => planFrom(assemble(shape)).document,
);

function documentOf(tables: PlanTables): PlanDocument {
  const rebuilt = tablesToDocument(tables);
  if (!rebuilt.ok) throw new Error(JSON.stringify(rebuilt.error, null, 2));
  return planFrom(rebuilt.value).document;
}

/** Every table's rows in a random order, except departments (kept in row order by design). */
const shuffled = (tables: PlanTables): fc.Arbitrary<PlanTables> =>
  fc
    .tuple(
      ...TABLE_NAMES.map((name) =>
        name === 'departments'
          ? fc.constant(tables[name])
          : fc.shuffledSubarray(tables[name], {
              minLength: tables[name].length,
              maxLength: tables[name].length,
            }),
      ),
    )
    .map((rows) => Object.fromEntries(TABLE_NAMES.map((name, i) => [name, rows[i]])) as PlanTables);

const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

describe('tables round trip (properties)', () => {
  it('document → tables → document is exact on canonical documents, and so is tables → document → tables', () => {
    fc.assert(
      fc.property(arbitraryDocument, (doc) => {
        const tables = planToTables(doc);
        const back = documentOf(tables);
        expect(back).toEqual(doc);
        expect(planToTables(back)).toEqual(tables);
      }),
      { numRuns: 150 },
    );
  });

  it('the rebuilt document does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        arbitraryDocument.chain((doc) => fc.tuple(fc.constant(doc), shuffled(planToTables(doc)))),
        ([doc, tables]) => {
          expect(documentOf(tables)).toEqual(doc);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never throws on damaged tables, and loadPlan never throws on what it rebuilds', () => {
    const seed = planToTables(seedPlan().document);
    const damage = fc.array(
      fc.tuple(fc.constantFrom(...TABLE_NAMES), fc.nat(), fc.string({ maxLength: 12 }), anyCell),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(damage, (edits) => {
        const tables = structuredClone(seed);
        for (const [name, n, column, value] of edits) {
          const rows = tables[name];
          const at = rows.length === 0 ? 0 : n % rows.length;
          const key = Object.keys(rows[at] ?? {})[column.length % 5] ?? column;
          rows[at] = { ...(rows[at] ?? {}), [key]: value };
        }
        const rebuilt = tablesToDocument(tables);
        if (rebuilt.ok) loadPlan(rebuilt.value);
        else for (const issue of rebuilt.error) expect(issue.message).not.toBe('');
      }),
      { numRuns: 200 },
    );
  });
});
