// Deleting a plan row, decided before anything is written: which rows go with it and what still stops it.
// A measure's and a KPI's list rows (施策KPI, 施策の掲載目標, 共同施策) are parts of them and go with them, and so does a
// KPI that only the deleted measure used (the core refuses a measure without a KPI and a KPI that nothing uses, so
// neither could ever be deleted alone). Every other referencing row stops the deletion with a sentence that says what
// and how many, and what to delete first (docs: 計画の編集).

import {
  findVersionedRow,
  listVersionedRows,
  type VersionedTableRow,
} from '../db/repositories/plan-row.repository.ts';
import { type Dependents, findDependents } from '../db/repositories/plan-row-dependents.repository.ts';
import { type Row, type TableDef, type TableName, tableDef } from '../domain/tables/definitions.ts';
import { tableTitle } from '../domain/tables/labels.ts';
import type { Workspace } from './workspace.ts';

/** The list rows that belong to a row of these tables, by the column naming it. */
const PARTS: Partial<Record<TableName, readonly (readonly [TableName, string])[]>> = {
  measures: [
    ['measure_kpis', 'measure'],
    ['measure_goals', 'measure'],
    ['joint_measures', 'measure'],
  ],
  kpis: [['measure_kpis', 'kpi']],
};

/** Why a row cannot be deleted yet, one sentence per kind of dependent row. */
export function dependentText(def: TableDef, dependent: Dependents, subject = `この${def.title}`): string {
  if (dependent.table === 'user_departments') {
    return `${subject}を担当する職員アカウントが${dependent.count}件あります。先に職員アカウントの担当所属を変更してください。`;
  }
  const what = dependent.table === def.name ? `下位の${def.title}` : tableTitle(dependent.table);
  return `${subject}には${what}が${dependent.count}件あります。先に${what}の行を削除してください。`;
}

/** A deletion as it would be done: the row, the rows that go with it, and the reasons it cannot be done now. */
export interface PlannedDeletion {
  readonly row: Row;
  readonly version: number;
  /** the row first, then the rows deleted with it */
  readonly rows: readonly VersionedTableRow[];
  readonly blocked: readonly string[];
}

const refersTo = (row: Row, column: string, value: unknown) => (row[column] ?? null) === value;

/** What deleting the row with `key` would delete and what stops it; undefined when there is no such row. */
export async function planDeletion(
  ws: Workspace,
  def: TableDef,
  key: Row,
): Promise<PlannedDeletion | undefined> {
  const found = await findVersionedRow(ws.db, ws.planId, def, key);
  if (found === undefined) return undefined;
  const rows: VersionedTableRow[] = [{ def, ...found }];
  const parts = PARTS[def.name] ?? [];
  const partTables = new Set<string>(parts.map(([table]) => table));
  const blocked = (await findDependents(ws.db, ws.planId, def, found.row))
    .filter((d) => !partTables.has(d.table))
    .map((d) => dependentText(def, d));
  const ownKey = found.row[def.key[0] ?? ''] ?? null;
  for (const [table, column] of parts) {
    const partDef = tableDef(table);
    for (const part of await listVersionedRows(ws.db, ws.planId, partDef))
      if (refersTo(part.row, column, ownKey)) rows.push({ def: partDef, ...part });
  }
  if (def.name === 'measures') blocked.push(...(await orphanKpis(ws, rows, ownKey)));
  return { row: found.row, version: found.version, rows, blocked };
}

/** The KPIs only this measure uses go with it (added to `rows`); one with values stops the deletion. */
async function orphanKpis(ws: Workspace, rows: VersionedTableRow[], measure: unknown): Promise<string[]> {
  const kpis = tableDef('kpis');
  const links = await listVersionedRows(ws.db, ws.planId, tableDef('measure_kpis'));
  const cards = await listVersionedRows(ws.db, ws.planId, tableDef('headline_kpis'));
  const own = links.filter((l) => refersTo(l.row, 'measure', measure)).map((l) => l.row.kpi ?? null);
  const blocked: string[] = [];
  for (const id of new Set(own)) {
    const elsewhere =
      links.some((l) => !refersTo(l.row, 'measure', measure) && refersTo(l.row, 'kpi', id)) ||
      cards.some((c) => refersTo(c.row, 'kpi', id));
    if (elsewhere) continue;
    const kpi = await findVersionedRow(ws.db, ws.planId, kpis, { id });
    if (kpi === undefined) continue;
    rows.push({ def: kpis, ...kpi });
    const subject = `この施策だけが使うKPI「${String(kpi.row.name ?? id)}」`;
    for (const d of await findDependents(ws.db, ws.planId, kpis, kpi.row))
      if (d.table !== 'measure_kpis') blocked.push(dependentText(kpis, d, subject));
  }
  return blocked;
}
