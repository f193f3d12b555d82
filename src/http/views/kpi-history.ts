import { fiscalYearOfTimePoint, formatTimePoint } from '../../domain/calendar/time-point.ts';
import { isProvisional } from '../../domain/output/kpi-output.ts';
import type { Kpi } from '../../domain/plan/schema.ts';
import { decimalToNumber } from '../../domain/values/decimal.ts';
import { type DisplayUnit, inDisplayUnit } from '../../domain/values/display-unit.ts';
import { formatDecimal } from '../../domain/values/format-ja.ts';
import { formatQuantity, MISSING_REASON_LABELS, type Quantity } from '../../domain/values/quantity.ts';
import type { KpiHistoryData } from '../charts/kpi-history-chart.ts';
import { shortYearText } from './links.ts';

/** A cell of the history: the number to draw (null = nothing to draw) and the text to print. */
export interface HistoryCell {
  readonly value: number | null;
  readonly text: string;
}

/** One fiscal year of a KPI: its baseline (at the baseline's year), target and actual. */
export interface HistoryRow {
  readonly fiscalYear: number;
  readonly baseline?: HistoryCell & { readonly asOf: string };
  readonly target?: HistoryCell;
  readonly actual?: HistoryCell & { readonly provisional: boolean };
}

export interface HistoryOptions {
  readonly reportYear: number;
  readonly actualsProvisional: boolean;
  readonly display?: DisplayUnit | null;
}

export interface KpiHistory {
  readonly unit: string;
  readonly rows: readonly HistoryRow[];
  /** True when at least one value can be drawn. */
  readonly hasValues: boolean;
}

/** A quantity as a cell: missing stays missing (with its reason), never 0. */
function cellOf(q: Quantity, display: DisplayUnit | null | undefined): HistoryCell {
  if (q.kind === 'missing') {
    const label = MISSING_REASON_LABELS[q.reason];
    return { value: null, text: q.marker === label ? label : `${q.marker}（${label}）` };
  }
  if (!display) return { value: decimalToNumber(q.value), text: formatQuantity(q) };
  const shown = inDisplayUnit(q.value, display);
  const prefix = q.approximate ? '約' : '';
  return { value: decimalToNumber(shown), text: `${prefix}${formatDecimal(shown)}` };
}

/** A KPI's baseline, targets and actuals by fiscal year, oldest first, from the plan's data. */
export function kpiHistory(kpi: Kpi, options: HistoryOptions): KpiHistory {
  const { display } = options;
  const rows = new Map<number, { -readonly [K in keyof HistoryRow]: HistoryRow[K] }>();
  const row = (fiscalYear: number) => {
    const existing = rows.get(fiscalYear);
    if (existing) return existing;
    const created: { -readonly [K in keyof HistoryRow]: HistoryRow[K] } = { fiscalYear };
    rows.set(fiscalYear, created);
    return created;
  };
  const { baseline } = kpi;
  if (baseline?.asOf) {
    row(fiscalYearOfTimePoint(baseline.asOf)).baseline = {
      ...cellOf(baseline.value, display),
      asOf: formatTimePoint(baseline.asOf),
    };
  }
  for (const t of kpi.targets) {
    row(t.fiscalYear).target =
      'relative' in t ? { value: null, text: '前年度越え' } : cellOf(t.value, display);
  }
  for (const a of kpi.actuals) {
    row(a.fiscalYear).actual = {
      ...cellOf(a.value, display),
      provisional: isProvisional(a, options.reportYear, options.actualsProvisional),
    };
  }
  const sorted = [...rows.values()].sort((a, b) => a.fiscalYear - b.fiscalYear);
  const hasValues = sorted.some(
    (r) => (r.baseline?.value ?? r.target?.value ?? r.actual?.value ?? null) !== null,
  );
  return { unit: display?.unit ?? kpi.unit, rows: sorted, hasValues };
}

/** The chart's data: one category per fiscal year, with the years between values kept as gaps. */
export function historyChartData(history: KpiHistory): KpiHistoryData {
  const byYear = new Map(history.rows.map((r) => [r.fiscalYear, r]));
  const first = history.rows[0]?.fiscalYear ?? 0;
  const last = history.rows[history.rows.length - 1]?.fiscalYear ?? -1;
  const rows: HistoryRow[] = [];
  for (let fy = first; fy <= last; fy += 1) rows.push(byYear.get(fy) ?? { fiscalYear: fy });
  return {
    years: rows.map((r) => shortYearText(r.fiscalYear)),
    unit: history.unit,
    actuals: rows.map((r) => r.actual?.value ?? null),
    actualLabels: rows.map((r) => (r.actual?.value == null ? '' : r.actual.text)),
    targets: rows.map((r) => r.target?.value ?? null),
    baseline: rows.map((r) => r.baseline?.value ?? null),
  };
}

/** A one-sentence description of the values for the chart's accessible name. */
export function historySummary(name: string, history: KpiHistory): string {
  const parts = history.rows.flatMap((r) => {
    const year = shortYearText(r.fiscalYear);
    const out: string[] = [];
    if (r.baseline?.value != null) out.push(`${year}基準値${r.baseline.text}`);
    if (r.target?.value != null) out.push(`${year}目標値${r.target.text}`);
    if (r.actual?.value != null)
      out.push(`${year}実績値${r.actual.text}${r.actual.provisional ? '（見込み）' : ''}`);
    return out;
  });
  return `${name}（${history.unit}）の推移: ${parts.join('、')}`;
}
