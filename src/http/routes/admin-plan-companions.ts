// The rows a new row needs in the same form, because the core refuses either alone: a measure needs a KPI (an
// existing one by its ID, or a new one typed here) and its 施策KPI row; a KPI needs a measure that uses it.
import { nextPosition } from '../../app/plan-rows.ts';
import type { Workspace } from '../../app/workspace.ts';
import { findVersionedRow, type TableRow } from '../../db/repositories/plan-row.repository.ts';
import { type ColumnDef, type Row, type TableDef, tableDef } from '../../domain/tables/definitions.ts';
import type { Companion } from '../views/admin/plan-table-page.tsx';
import { readForm } from './admin-plan-input.ts';

const KPIS = tableDef('kpis');
const MEASURE_KPIS = tableDef('measure_kpis');
const USED_BY: ColumnDef = { key: 'measure', header: '施策ID', type: 'code', required: true };

/** The companion fields of a table's add form. */
export function companionsOf(def: TableDef): Companion[] {
  if (def.name === 'measures') {
    return [
      {
        legend: 'この施策のKPI（1つ目）',
        hint: '施策にはKPIが1つ以上必要です。すでにあるKPIを使うときはKPI IDだけを、新しいKPIのときは項目・単位・方向・累計も入力します。',
        def: KPIS,
        // Only the ID is always needed: the other fields only for a new KPI.
        columns: KPIS.columns.map((c) => (c.key === 'id' ? c : { ...c, required: false })),
        prefix: 'kpi.',
      },
    ];
  }
  if (def.name === 'kpis') {
    return [
      {
        legend: 'このKPIを使う施策',
        hint: 'KPIはいずれかの施策で使われている必要があります。その施策のKPIの最後に加わります。',
        def: MEASURE_KPIS,
        columns: [USED_BY],
        prefix: 'link.',
      },
    ];
  }
  return [];
}

/** What the companion fields of a posted add form say: the rows to insert with it, and the fields' texts and errors. */
export interface ReadCompanions {
  readonly rows: TableRow[];
  readonly values: Record<string, string>;
  readonly errors: Record<string, string>;
}

/** Reads the companion fields of `def`'s add form for the new `row`. */
export async function readCompanions(
  ws: Workspace,
  def: TableDef,
  body: Record<string, unknown>,
  row: Row,
): Promise<ReadCompanions> {
  if (def.name === 'measures') {
    const id = readForm(body, KPIS, ['id'], 'kpi.');
    const link = {
      def: MEASURE_KPIS,
      row: { measure: row.id ?? null, position: 0, kpi: id.cells.id ?? null },
    };
    const all = readForm(
      body,
      KPIS,
      KPIS.columns.map((c) => c.key),
      'kpi.',
    );
    if (Object.keys(id.errors).length > 0) return { rows: [], values: all.values, errors: id.errors };
    const existing = await findVersionedRow(ws.db, ws.planId, KPIS, { id: id.cells.id ?? null });
    if (existing !== undefined) return { rows: [link], values: all.values, errors: {} };
    return { rows: [{ def: KPIS, row: all.cells }, link], values: all.values, errors: all.errors };
  }
  if (def.name === 'kpis') {
    const used = readForm(body, { ...MEASURE_KPIS, columns: [USED_BY] }, ['measure'], 'link.');
    if (Object.keys(used.errors).length > 0) return { rows: [], values: used.values, errors: used.errors };
    const measure = used.cells.measure ?? null;
    const position = await nextPosition(ws, MEASURE_KPIS, { measure });
    return {
      rows: [{ def: MEASURE_KPIS, row: { measure, position, kpi: row.id ?? null } }],
      values: used.values,
      errors: {},
    };
  }
  return { rows: [], values: {}, errors: {} };
}
