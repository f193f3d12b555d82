import { walkGoals } from '../plan/model.ts';
import type { Kpi, PlanDocument, PublishedBox, PublishedSummary } from '../plan/schema.ts';
import { decimalCell, makeRow, quantityCells, textCell, timePointCell } from './cells.ts';
import { emptyTables, type PlanTables, type Row } from './definitions.ts';
import { ruleRows } from './rule-rows.ts';
import { addGoalRows, cardKpiId } from './to-tables-goals.ts';

/**
 * Lays a plan document out as tables (TABLES): one row per entry, every column present, null when absent; positions
 * are 0-based indexes among siblings, time points Western text (2021-03), quantities exact decimal text ("99.50").
 * Exact: `tablesToDocument(planToTables(doc))` loads back to `doc` when doc is canonical (see from-tables.ts).
 */
export function planToTables(doc: PlanDocument): PlanTables {
  const tables = emptyTables();
  tables.plan.push(planRow(doc));
  tables.rules.push(...ruleRows(doc.plan.rules));
  for (const d of doc.departments) tables.departments.push(makeRow('departments', { ...d }));
  addGoalRows(doc, tables);
  addMeasureRows(doc, tables);
  for (const kpi of kpiDefinitions(doc)) addKpiRows(kpi, tables);
  for (const p of doc.projects) {
    tables.project_totals.push(
      makeRow('project_totals', {
        goal: p.goal,
        fiscal_year: p.fiscalYear,
        count: p.count,
        amount_thousand_yen: p.amountThousandYen,
      }),
    );
  }
  for (const summary of doc.publishedSummaries) tables.published_summaries.push(...summaryRows(summary));
  doc.transcriptionNotes.forEach((text, position) => {
    tables.transcription_notes.push(makeRow('transcription_notes', { position, text }));
  });
  return tables;
}

function planRow(doc: PlanDocument): Row {
  const { organisation, plan, report } = doc;
  return makeRow('plan', {
    organisation_code: organisation.code,
    organisation_name: organisation.name,
    plan_id: plan.id,
    name: plan.name,
    period_from: plan.period.from,
    period_to: plan.period.to,
    basic_goal: plan.basicGoal,
    slogan: textCell(plan.slogan),
    subtitle: textCell(plan.subtitle),
    report_fiscal_year: report.fiscalYear,
    report_title: report.title,
    actuals_provisional: report.actualsProvisional,
  });
}

function addMeasureRows(doc: PlanDocument, tables: PlanTables): void {
  doc.measures.forEach((m, position) => {
    tables.measures.push(
      makeRow('measures', {
        id: m.id,
        position,
        goal: m.goal,
        name: m.name,
        department: m.department,
        note: textCell(m.note),
      }),
    );
    m.jointMeasures.forEach((j, i) => {
      tables.joint_measures.push(
        makeRow('joint_measures', { measure: m.id, position: i, name: j.name, department: j.department }),
      );
    });
    m.alsoUnder.forEach((goal, i) => {
      tables.measure_goals.push(makeRow('measure_goals', { measure: m.id, position: i, goal }));
    });
    m.kpis.forEach((entry, i) => {
      const kpi = 'ref' in entry ? entry.ref : entry.id;
      tables.measure_kpis.push(makeRow('measure_kpis', { measure: m.id, position: i, kpi }));
    });
    for (const a of m.analyses) {
      tables.analyses.push(
        makeRow('analyses', { measure: m.id, fiscal_year: a.fiscalYear, text: textCell(a.text) }),
      );
      a.publishedLabels.forEach((label, i) => {
        tables.published_labels.push(
          makeRow('published_labels', { measure: m.id, fiscal_year: a.fiscalYear, position: i, label }),
        );
      });
    }
  });
}

/**
 * Every KPI once, wherever it is defined (the first definition of an id wins; loadPlan rejects a second one), in
 * the order the KPIs are first shown: by the measures, then by the headline cards.
 */
function kpiDefinitions(doc: PlanDocument): Kpi[] {
  const definitions = new Map<string, Kpi>();
  const define = (kpi: Kpi) => {
    if (!definitions.has(kpi.id)) definitions.set(kpi.id, kpi);
  };
  const shown: string[] = [];
  for (const m of doc.measures) {
    for (const entry of m.kpis) {
      if ('ref' in entry) shown.push(entry.ref);
      else {
        define(entry);
        shown.push(entry.id);
      }
    }
  }
  for (const { goal } of walkGoals(doc.goals)) {
    for (const card of goal.sections.flatMap((s) => s.headlineKpis)) {
      if (typeof card.kpi !== 'string') define(card.kpi);
      shown.push(cardKpiId(card));
    }
  }
  // A reference to an undefined KPI gets no row; tablesToDocument then reports the dangling id.
  return [...new Set(shown)].flatMap((id) => definitions.get(id) ?? []);
}

function addKpiRows(kpi: Kpi, tables: PlanTables): void {
  tables.kpis.push(
    makeRow('kpis', {
      id: kpi.id,
      name: kpi.name,
      unit: kpi.unit,
      direction: kpi.direction,
      cumulative: kpi.cumulative,
      note: textCell(kpi.note),
    }),
  );
  const { baseline } = kpi;
  if (baseline !== undefined) {
    tables.kpi_values.push(
      makeRow('kpi_values', {
        kpi: kpi.id,
        kind: 'baseline',
        fiscal_year: baseline.asOf?.fiscalYear ?? null,
        as_of: timePointCell(baseline.asOf),
        ...quantityCells(baseline.value),
        unit: textCell(baseline.unit),
        note: textCell(baseline.note),
      }),
    );
  }
  for (const t of kpi.targets) {
    const value =
      'relative' in t
        ? { value: null, percent: false, approximate: false, relative: t.relative }
        : { ...quantityCells(t.value), unit: textCell(t.unit) };
    tables.kpi_values.push(
      makeRow('kpi_values', {
        kpi: kpi.id,
        kind: 'target',
        fiscal_year: t.fiscalYear,
        ...value,
        note: textCell(t.note),
      }),
    );
  }
  for (const a of kpi.actuals) {
    tables.kpi_values.push(
      makeRow('kpi_values', {
        kpi: kpi.id,
        kind: 'actual',
        fiscal_year: a.fiscalYear,
        ...quantityCells(a.value),
        unit: textCell(a.unit),
        // The actual's own flag only: report.actualsProvisional is a default applied by the evaluation.
        provisional: a.provisional ?? null,
        note: textCell(a.note),
      }),
    );
  }
}

/** The summary page's boxes: the total first (goal blank, with the rounding note), then the goal boxes. */
function summaryRows(summary: PublishedSummary): Row[] {
  const box = (b: PublishedBox, position: number, goal: string | null, roundingNote: boolean | null) =>
    makeRow('published_summaries', {
      fiscal_year: summary.fiscalYear,
      position,
      goal,
      label: textCell(b.label),
      projects: b.projects,
      amount_oku_yen: decimalCell(b.amount),
      difference_projects: b.difference?.projects ?? null,
      difference_oku_yen: b.difference === undefined ? null : decimalCell(b.difference.amount),
      rounding_note: roundingNote,
    });
  return [
    box(summary.total, 0, null, summary.roundingNote),
    ...summary.goals.map((g, i) => box(g, i + 1, g.goal, null)),
  ];
}
