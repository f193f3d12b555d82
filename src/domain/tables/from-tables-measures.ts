// Rebuilds the measures (KPI table rows) with their joint measures, further goals, KPI entries and analyses.
import { cell, compact, type Entry, nonEmpty, type RowReader, sortByNumber } from './read-rows.ts';

interface MeasureNode {
  readonly entry: Entry;
  readonly id: string;
  readonly joint: Entry[];
  /** measure_goals rows with a goal code: the goals the measure is also shown under. */
  readonly goals: Entry[];
  readonly kpis: { entry: Entry; kpi: string }[];
  readonly analyses: Map<string, { entry: Entry; labels: Entry[] }>;
}

/** Reads the measures and their child rows; the KPI ids they list decide where KPI definitions go. */
export function readMeasures(r: RowReader): { measures: MeasureNode[]; listed: Set<string> } {
  const byId = new Map<string, MeasureNode>();
  const positions = new Map<MeasureNode, number>();
  for (const entry of r.entries('measures')) {
    const id = r.code('measures', entry, 'id');
    const position = r.index('measures', entry, 'position');
    if (id === undefined || position === undefined || byId.has(id)) continue;
    const node: MeasureNode = { entry, id, joint: [], goals: [], kpis: [], analyses: new Map() };
    byId.set(id, node);
    positions.set(node, position);
  }
  const measureOf = (
    table: 'joint_measures' | 'measure_goals' | 'measure_kpis' | 'analyses' | 'published_labels',
    entry: Entry,
  ) => {
    const id = r.code(table, entry, 'measure');
    const measure = id === undefined ? undefined : byId.get(id);
    if (id !== undefined && measure === undefined)
      r.report(table, entry, 'measure', `施策ID「${id}」は「施策」の表にありません`);
    return measure;
  };
  for (const entry of r.entries('joint_measures')) {
    const measure = measureOf('joint_measures', entry);
    if (r.index('joint_measures', entry, 'position') !== undefined) measure?.joint.push(entry);
  }
  for (const entry of r.entries('measure_goals')) {
    const measure = measureOf('measure_goals', entry);
    const position = r.index('measure_goals', entry, 'position');
    if (position !== undefined && r.code('measure_goals', entry, 'goal') !== undefined)
      measure?.goals.push(entry);
  }
  for (const entry of r.entries('measure_kpis')) {
    const measure = measureOf('measure_kpis', entry);
    const kpi = r.code('measure_kpis', entry, 'kpi');
    if (r.index('measure_kpis', entry, 'position') !== undefined && kpi !== undefined)
      measure?.kpis.push({ entry, kpi });
  }
  for (const entry of r.entries('analyses')) {
    const measure = measureOf('analyses', entry);
    const year = JSON.stringify(cell(entry.row, 'fiscal_year'));
    if (measure !== undefined && !measure.analyses.has(year))
      measure.analyses.set(year, { entry, labels: [] });
  }
  for (const entry of r.entries('published_labels')) {
    const measure = measureOf('published_labels', entry);
    const year = cell(entry.row, 'fiscal_year');
    if (measure === undefined || r.index('published_labels', entry, 'position') === undefined) continue;
    const analysis = measure.analyses.get(JSON.stringify(year));
    if (analysis === undefined)
      r.report(
        'published_labels',
        entry,
        'fiscal_year',
        `「要因分析」の表に施策「${measure.id}」・年度 ${String(year)} の行がありません`,
      );
    else analysis.labels.push(entry);
  }
  const measures = sortByNumber([...byId.values()], (m) => positions.get(m));
  const listed = new Set(measures.flatMap((m) => m.kpis.map((k) => k.kpi)));
  return { measures, listed };
}

const byPosition = (entries: readonly Entry[]) => sortByNumber(entries, (e) => cell(e.row, 'position'));

/** The raw `measures` input; `kpiEntry` writes a KPI's definition or a `{ ref }`. */
export function measuresInput(
  measures: readonly MeasureNode[],
  kpiEntry: (id: string, entry: Entry) => unknown,
): unknown[] {
  return measures.map((m) => {
    const { row } = m.entry;
    const kpis = sortByNumber(m.kpis, (k) => cell(k.entry.row, 'position')).map((k) =>
      kpiEntry(k.kpi, k.entry),
    );
    const analyses = sortByNumber([...m.analyses.values()], (a) => cell(a.entry.row, 'fiscal_year')).map(
      (a) =>
        compact({
          fiscalYear: a.entry.row.fiscal_year,
          publishedLabels: nonEmpty(byPosition(a.labels).map((e) => e.row.label)),
          text: a.entry.row.text,
        }),
    );
    return compact({
      id: m.id,
      goal: row.goal,
      alsoUnder: nonEmpty(byPosition(m.goals).map((e) => e.row.goal)),
      name: row.name,
      department: row.department,
      jointMeasures: nonEmpty(
        byPosition(m.joint).map((e) => compact({ name: e.row.name, department: e.row.department })),
      ),
      kpis,
      analyses: nonEmpty(analyses),
      note: row.note,
    });
  });
}
