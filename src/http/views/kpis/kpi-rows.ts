import { MEASURE_STATUSES, type MeasureStatus } from '../../../domain/evaluation/measure-status.ts';
import type { KpiOutput } from '../../../domain/output/kpi-output.ts';
import { walkGoals } from '../../../domain/plan/model.ts';
import type { SiteData } from '../../site-data.ts';
import { goalName, subtreeCodes } from '../goal-names.ts';

export const SORT_KEYS = ['name', 'goal', 'department', 'status', 'achievement', 'progress'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

export const STATUS_ORDER: readonly MeasureStatus[] = MEASURE_STATUSES;

/** One line of the KPI list: a KPI in a measure's table, or a 関連KPI that belongs to no measure. */
export interface KpiRow {
  readonly kpi: KpiOutput;
  readonly source:
    | { readonly kind: 'measure'; readonly id: string; readonly name: string }
    | { readonly kind: 'headline' };
  /** Where the row is listed: the measure's primary goal, or the card's goal. */
  readonly goal: string;
  readonly goalTitle: string;
  /** Every goal the row is shown under (a measure's primary goal and the goals it is also shown under). */
  readonly goals: readonly string[];
  readonly departmentCode: string | null;
  readonly department: string | null;
  /** 判定 used by the filter: the measure's status, or the KPI's own for a 関連KPI outside any measure. */
  readonly status: MeasureStatus;
  /** Names of the goals whose 関連KPI cards show this KPI. */
  readonly onCards: readonly string[];
}

export interface KpiFilter {
  readonly goal?: string | undefined;
  readonly department?: string | undefined;
  readonly status?: MeasureStatus | undefined;
}

/** Every KPI of the plan evaluated for a year, in the dataset's order. */
export function kpiRows(site: SiteData, fy: number): KpiRow[] {
  const output = site.evaluationOutput(fy);
  const cards = new Map<string, string[]>();
  for (const h of output.headlineKpis) {
    if (h.linked) cards.set(h.kpi.id, [...(cards.get(h.kpi.id) ?? []), h.goalTitle]);
  }
  const fromMeasures = output.measures.flatMap((m) =>
    m.kpis.map(
      (kpi): KpiRow => ({
        kpi,
        source: { kind: 'measure', id: m.id, name: m.name },
        goal: m.goal,
        goalTitle: m.goalTitle,
        goals: [m.goal, ...m.alsoUnder],
        departmentCode: m.departmentCode,
        department: m.department,
        status: m.status,
        onCards: cards.get(kpi.id) ?? [],
      }),
    ),
  );
  const fromCards = output.headlineKpis
    .filter((h) => !h.linked)
    .map(
      (h): KpiRow => ({
        kpi: h.kpi,
        source: { kind: 'headline' },
        goal: h.goal,
        goalTitle: h.goalTitle,
        goals: [h.goal],
        departmentCode: null,
        department: null,
        status: h.kpi.status,
        onCards: [h.goalTitle],
      }),
    );
  return [...fromMeasures, ...fromCards];
}

/** Keeps the rows matching every given condition; a goal includes its sub-areas. */
export function filterRows(site: SiteData, rows: readonly KpiRow[], filter: KpiFilter): KpiRow[] {
  const goal = filter.goal === undefined ? undefined : site.plan.goals.get(filter.goal)?.goal;
  const codes = goal ? subtreeCodes(goal) : undefined;
  return rows.filter(
    (r) =>
      (codes === undefined || r.goals.some((code) => codes.has(code))) &&
      (filter.department === undefined || r.departmentCode === filter.department) &&
      (filter.status === undefined || r.status === filter.status),
  );
}

/** The order a first click on a column sorts in: rates from high to low, the rest ascending. */
export const defaultOrder = (key: SortKey): SortOrder =>
  key === 'achievement' || key === 'progress' ? 'desc' : 'asc';

/** Sorts rows by a column; rows without a value (no rate, no department) always come last. Stable. */
export function sortRows(site: SiteData, rows: readonly KpiRow[], key: SortKey, order: SortOrder): KpiRow[] {
  const goalOrder = new Map([...walkGoals(site.plan.document.goals)].map((n, i) => [n.goal.code, i]));
  const departmentOrder = new Map(site.plan.document.departments.map((d, i) => [d.code, i]));
  const value = (r: KpiRow): number | string | null => {
    switch (key) {
      case 'name':
        return r.kpi.name;
      case 'goal':
        return goalOrder.get(r.goal) ?? null;
      case 'department':
        return r.departmentCode === null ? null : (departmentOrder.get(r.departmentCode) ?? null);
      case 'status':
        return STATUS_ORDER.indexOf(r.status);
      case 'achievement':
        return r.kpi.achievementRate;
      case 'progress':
        return r.kpi.progressRate;
    }
  };
  const sign = order === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: value(row) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      }
      const compared =
        typeof a.value === 'string' || typeof b.value === 'string'
          ? String(a.value).localeCompare(String(b.value), 'ja')
          : a.value - b.value;
      return compared * sign || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** Goals for the filter, parents first, with their depth for indentation. */
export const goalOptions = (site: SiteData) =>
  [...walkGoals(site.plan.document.goals)].map((n) => ({
    code: n.goal.code,
    name: goalName(n.goal),
    depth: n.ancestors.length,
  }));
