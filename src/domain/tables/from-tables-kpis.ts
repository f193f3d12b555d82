// Rebuilds KPI definitions (kpis + kpi_values) and decides where each one is written in the document.
import { parseTimePoint } from '../calendar/time-point.ts';
import { type MissingReason, parseQuantity } from '../values/quantity.ts';
import { CANONICAL_MISSING_MARKERS, valueText } from './cells.ts';
import type { Cell } from './definitions.ts';
import { cell, compact, type Entry, nonEmpty, type RowReader, sortByNumber } from './read-rows.ts';

/** A KPI row as raw input, with its values; written once, where KpiPlacement decides. */
export interface KpiDefinition {
  readonly entry: Entry;
  readonly input: Record<string, unknown>;
}

const KINDS = ['baseline', 'target', 'actual'] as const;
type ValueKind = (typeof KINDS)[number];
const isKind = (v: Cell): v is ValueKind => KINDS.some((k) => k === v);
const isReason = (v: Cell): v is MissingReason =>
  typeof v === 'string' && Object.hasOwn(CANONICAL_MISSING_MARKERS, v);

/** The KPI rows as raw definitions with their baseline, targets and actuals, by id. */
export function kpiInputs(r: RowReader): Map<string, KpiDefinition> {
  const definitions = new Map<string, KpiDefinition>();
  const values = new Map<string, Record<ValueKind, Entry[]>>();
  for (const entry of r.entries('kpis')) {
    const id = r.code('kpis', entry, 'id');
    if (id === undefined || definitions.has(id)) continue;
    const { row } = entry;
    const input = compact({
      id,
      name: row.name,
      unit: row.unit,
      direction: row.direction,
      cumulative: row.cumulative,
      note: row.note,
    });
    definitions.set(id, { entry, input });
    values.set(id, { baseline: [], target: [], actual: [] });
  }
  for (const entry of r.entries('kpi_values')) {
    const id = r.code('kpi_values', entry, 'kpi');
    const kind = cell(entry.row, 'kind');
    if (id === undefined) continue;
    const lists = values.get(id);
    if (lists === undefined) r.report('kpi_values', entry, 'kpi', `KPI「${id}」は「KPI」の表にありません`);
    else if (!isKind(kind))
      r.report('kpi_values', entry, 'kind', '区分は baseline・target・actual のいずれかで入力してください');
    else lists[kind].push(entry);
  }
  for (const [id, { input }] of definitions) {
    const lists = values.get(id);
    if (lists === undefined) continue;
    const [baseline, ...extra] = lists.baseline;
    for (const e of extra) r.report('kpi_values', e, 'kind', `KPI「${id}」の基準値が複数あります`);
    const byYear = (list: Entry[]) => sortByNumber(list, (e) => cell(e.row, 'fiscal_year'));
    Object.assign(
      input,
      compact({
        baseline: baseline === undefined ? undefined : baselineInput(r, baseline),
        targets: nonEmpty(byYear(lists.target).map((e) => yearValueInput(r, e, 'target'))),
        actuals: nonEmpty(byYear(lists.actual).map((e) => yearValueInput(r, e, 'actual'))),
      }),
    );
  }
  return definitions;
}

/** The raw text of a value cell set: `87.59`, `約18%`, or the missing marker (`—` when none is written). */
function quantityInput(r: RowReader, entry: Entry): string | undefined {
  const { row } = entry;
  const value = cell(row, 'value');
  const missing = cell(row, 'missing');
  const marker = cell(row, 'marker');
  if (value !== null) {
    if (missing !== null) r.report('kpi_values', entry, 'missing', '値と欠測理由は同時に入力できません');
    return valueText(value, { percent: row.percent === true, approximate: row.approximate === true });
  }
  if (missing === null) {
    r.report('kpi_values', entry, 'value', '値か欠測理由のどちらかを入力してください');
    return undefined;
  }
  if (!isReason(missing)) {
    r.report(
      'kpi_values',
      entry,
      'missing',
      '欠測理由は no-value・not-measured・not-yet-known のいずれかで入力してください',
    );
    return undefined;
  }
  if (marker === null) return CANONICAL_MISSING_MARKERS[missing];
  const parsed = parseQuantity(String(marker));
  if (!parsed.ok || parsed.value.kind !== 'missing' || parsed.value.reason !== missing) {
    r.report(
      'kpi_values',
      entry,
      'marker',
      `欠測の表記「${String(marker)}」は欠測理由 ${missing} の表記ではありません（例: ${CANONICAL_MISSING_MARKERS[missing]}）`,
    );
  }
  return String(marker);
}

/** Columns that belong to one kind of value only; a cell elsewhere would be lost, so it is reported. */
const ONLY_FOR: Readonly<Record<string, { kind: ValueKind; message: string }>> = {
  as_of: { kind: 'baseline', message: '時点は基準値にだけ入力できます（目標値・実績値は年度で表します）' },
  relative: { kind: 'target', message: '相対目標は目標値にだけ入力できます' },
  provisional: { kind: 'actual', message: '見込みは実績値にだけ入力できます' },
};

function checkKindColumns(r: RowReader, entry: Entry, kind: ValueKind): void {
  for (const [column, rule] of Object.entries(ONLY_FOR)) {
    if (rule.kind !== kind && cell(entry.row, column) !== null)
      r.report('kpi_values', entry, column, rule.message);
  }
}

function baselineInput(r: RowReader, entry: Entry): unknown {
  checkKindColumns(r, entry, 'baseline');
  const { row } = entry;
  const asOf = cell(row, 'as_of');
  const fiscalYear = cell(row, 'fiscal_year');
  if (asOf !== null && fiscalYear !== null) {
    const tp = parseTimePoint(String(asOf));
    if (tp.ok && tp.value.fiscalYear !== fiscalYear)
      r.report(
        'kpi_values',
        entry,
        'fiscal_year',
        `年度 ${String(fiscalYear)} が時点「${String(asOf)}」の年度（${tp.value.fiscalYear}）と一致しません`,
      );
  }
  // A baseline given by its fiscal year only is read as that fiscal year (the time point 2021年度).
  return compact({
    value: quantityInput(r, entry),
    asOf: asOf ?? fiscalYear,
    unit: row.unit,
    note: row.note,
  });
}

function yearValueInput(r: RowReader, entry: Entry, kind: 'target' | 'actual'): unknown {
  checkKindColumns(r, entry, kind);
  const { row } = entry;
  if (row.fiscal_year == null)
    r.report('kpi_values', entry, 'fiscal_year', '目標値・実績値には年度が必要です');
  const relative = cell(row, 'relative');
  if (kind === 'target' && relative !== null) {
    if (row.value != null || row.missing != null)
      r.report('kpi_values', entry, 'relative', '相対目標と値は同時に入力できません');
    return compact({ fiscalYear: row.fiscal_year, relative, note: row.note });
  }
  const value = quantityInput(r, entry);
  return compact({
    fiscalYear: row.fiscal_year,
    value,
    unit: row.unit,
    provisional: row.provisional,
    note: row.note,
  });
}
