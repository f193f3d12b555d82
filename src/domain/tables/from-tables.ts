import { err, ok, type Result } from '../result.ts';
import type { Cell, PlanTables, TableName } from './definitions.ts';
import { goalTreeInput } from './from-tables-goals.ts';
import { kpiInputs } from './from-tables-kpis.ts';
import { measuresInput, readMeasures } from './from-tables-measures.ts';
import type { TableIssue } from './issues.ts';
import { KpiPlacement } from './kpi-placement.ts';
import { cell, checkDuplicateKeys, compact, type Entry, RowReader, sortByNumber } from './read-rows.ts';
import { rulesInput } from './rule-rows.ts';

/**
 * Rebuilds the raw dataset input (what a `shinchoku-plan/1` YAML file holds) from plan tables, for loadPlan to
 * validate; or the located problems the schema cannot see (a dangling parent, a duplicate key, a card in a section
 * that has no guideline, a KPI id that is not in the KPI table). Never throws.
 *
 * Canonical form of the rebuilt document (planToTables ∘ tablesToDocument is exact on documents in this form):
 * - order comes from the position columns; targets, actuals, analyses and summaries by fiscal year, project totals
 *   by goal (tree order) then fiscal year, departments in row order;
 * - a KPI is defined in the first measure listing it and `{ ref }`-ed after; a KPI no measure lists is defined on
 *   the first card showing it; optional keys are omitted when blank, empty lists left out;
 * - a missing value without a written marker gets the canonical one (—, 未計測, …); a card's printed values carry
 *   「%」 when the card has no display unit and its KPI's unit is %, and its achievement rate always does.
 */
export function tablesToDocument(tables: PlanTables): Result<unknown, TableIssue[]> {
  const { input, issues } = rebuild(tables);
  return issues.length > 0 ? err(issues) : ok(input);
}

/** The best raw input the tables allow, problems or not (loadPlan then reports what it can see). */
export function tablesToDocumentInput(tables: PlanTables): unknown {
  return rebuild(tables).input;
}

function rebuild(tables: PlanTables): { input: unknown; issues: TableIssue[] } {
  const r = new RowReader(tables);
  checkDuplicateKeys(r);
  const kpis = kpiInputs(r);
  const { measures, listed } = readMeasures(r);
  const placement = new KpiPlacement(r, kpis, listed);
  const measureInputs = measuresInput(measures, (id, entry) => placement.forMeasure(id, entry));
  const { goals, order } = goalTreeInput(r, placement);
  placement.reportUnused();
  checkReferences(r);
  const input = compact({
    format: 'shinchoku-plan/1',
    ...planInput(r),
    departments: r
      .entries('departments')
      .map(({ row }) => compact({ code: row.code, bureau: row.bureau, division: row.division })),
    goals,
    measures: measureInputs,
    projects: projectsInput(r, order),
    publishedSummaries: summariesInput(r),
    transcriptionNotes: sortByNumber(
      r
        .entries('transcription_notes')
        .filter((e) => r.index('transcription_notes', e, 'position') !== undefined),
      (e) => cell(e.row, 'position'),
    ).map((e) => e.row.text),
  });
  return { input, issues: r.issues() };
}

function planInput(r: RowReader): Record<string, unknown> {
  const [first, ...extra] = r.entries('plan');
  for (const e of extra) r.report('plan', e, undefined, '「計画」の表は1行だけにしてください');
  if (first === undefined) {
    r.report('plan', 0, undefined, '「計画」の表に行がありません（1行必要です）');
    return {};
  }
  const { row } = first;
  return {
    organisation: compact({ name: row.organisation_name, code: row.organisation_code }),
    plan: compact({
      id: row.plan_id,
      name: row.name,
      period: compact({ from: row.period_from, to: row.period_to }),
      basicGoal: row.basic_goal,
      slogan: row.slogan,
      subtitle: row.subtitle,
      rules: rulesInput(r),
    }),
    report: compact({
      fiscalYear: row.report_fiscal_year,
      title: row.report_title,
      actualsProvisional: row.actuals_provisional,
    }),
  };
}

function projectsInput(r: RowReader, goalOrder: readonly string[]): unknown[] {
  const rank = (goal: Cell) =>
    typeof goal === 'string' && goalOrder.includes(goal) ? goalOrder.indexOf(goal) : null;
  const byYear = sortByNumber(r.entries('project_totals'), (e) => cell(e.row, 'fiscal_year'));
  return sortByNumber(byYear, (e) => rank(cell(e.row, 'goal'))).map(({ row }) =>
    compact({
      goal: row.goal,
      fiscalYear: row.fiscal_year,
      count: row.count,
      amountThousandYen: row.amount_thousand_yen,
    }),
  );
}

/** The summary page per fiscal year: the row with a blank goal is the total, the others the goal boxes. */
function summariesInput(r: RowReader): unknown[] {
  const years = new Map<string, Entry[]>();
  for (const entry of r.entries('published_summaries')) {
    const year = cell(entry.row, 'fiscal_year');
    const position = r.index('published_summaries', entry, 'position');
    if (year === null) r.report('published_summaries', entry, 'fiscal_year', '「年度」が空欄です');
    if (year === null || position === undefined) continue;
    const key = JSON.stringify(year);
    years.set(key, [...(years.get(key) ?? []), entry]);
  }
  const groups = sortByNumber([...years.values()], (entries) => entries[0]?.row.fiscal_year);
  return groups.map((entries) => {
    const sorted = sortByNumber(entries, (e) => cell(e.row, 'position'));
    const totals = sorted.filter((e) => cell(e.row, 'goal') === null);
    const [total, ...extra] = totals;
    const year = String(sorted[0]?.row.fiscal_year);
    if (total === undefined)
      r.report(
        'published_summaries',
        sorted[0] ?? 0,
        'goal',
        `年度 ${year} の合計（目標コード空欄）の行がありません`,
      );
    for (const e of extra)
      r.report('published_summaries', e, 'goal', `年度 ${year} の合計（目標コード空欄）の行が複数あります`);
    const boxes = sorted.filter((e) => cell(e.row, 'goal') !== null);
    for (const e of boxes) {
      if (cell(e.row, 'rounding_note') !== null)
        r.report(
          'published_summaries',
          e,
          'rounding_note',
          '端数処理の注記は合計（目標コード空欄）の行に入力してください',
        );
    }
    return compact({
      fiscalYear: sorted[0]?.row.fiscal_year,
      total: total === undefined ? undefined : boxInput(total),
      goals: boxes.map((e) => ({ goal: e.row.goal, ...boxInput(e) })),
      roundingNote: total?.row.rounding_note,
    });
  });
}

const withUnit = (value: Cell, unit: string) =>
  typeof value === 'number' || typeof value === 'string' ? `${value}${unit}` : value;

/** A printed box as the dataset writes it: `184件`, `29.0億円` (text, so the written scale is kept). */
function boxInput({ row }: Entry): Record<string, unknown> {
  const hasDifference = row.difference_projects != null || row.difference_oku_yen != null;
  return compact({
    label: row.label,
    projects: withUnit(row.projects ?? null, '件'),
    amount: withUnit(row.amount_oku_yen ?? null, '億円'),
    difference: hasDifference
      ? compact({
          projects: withUnit(row.difference_projects ?? null, '件'),
          amount: withUnit(row.difference_oku_yen ?? null, '億円'),
        })
      : undefined,
  });
}

/** References the goal tree and the departments must resolve, reported where the table holds them. */
function checkReferences(r: RowReader): void {
  const goals = new Set(r.entries('goals').map((e) => cell(e.row, 'code')));
  const departments = new Set(r.entries('departments').map((e) => cell(e.row, 'code')));
  const check = (
    table: TableName,
    column: string,
    known: ReadonlySet<Cell>,
    what: string,
    optional = false,
  ) => {
    for (const entry of r.entries(table)) {
      const value = cell(entry.row, column);
      if (value === null && optional) continue;
      if (value !== null && !known.has(value))
        r.report(
          table,
          entry,
          column,
          `${what}「${String(value)}」は「${what === '目標コード' ? '目標' : '所属'}」の表にありません`,
        );
    }
  };
  check('measures', 'goal', goals, '目標コード');
  check('measures', 'department', departments, '所属コード');
  check('joint_measures', 'department', departments, '所属コード');
  check('measure_goals', 'goal', goals, '目標コード');
  check('project_totals', 'goal', goals, '目標コード');
  check('published_summaries', 'goal', goals, '目標コード', true);
}
