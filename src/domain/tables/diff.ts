import {
  type Cell,
  type PlanTables,
  type Row,
  TABLES,
  type TableDef,
  type TableName,
} from './definitions.ts';

/** How one table changes from what is stored to what comes in, matched by natural key. */
export interface TableDiff {
  readonly table: TableName;
  readonly added: readonly Row[];
  readonly removed: readonly Row[];
  readonly changed: readonly {
    readonly before: Row;
    readonly after: Row;
    readonly columns: readonly string[];
  }[];
  readonly unchanged: number;
}

const keyOf = (def: TableDef, row: Row): string => JSON.stringify(def.key.map((k) => row[k] ?? null));

// Cells compare as written: "99.50" and "99.5" differ, since the published precision is data too.
const sameCell = (a: Cell | undefined, b: Cell | undefined): boolean => (a ?? null) === (b ?? null);

/** Compares two versions of a plan's tables, table by table in definition order. */
export function diffTables(current: PlanTables, incoming: PlanTables): TableDiff[] {
  return TABLES.map((def) => diffTable(def, current[def.name], incoming[def.name]));
}

function diffTable(def: TableDef, current: readonly Row[], incoming: readonly Row[]): TableDiff {
  const before = new Map(current.map((row) => [keyOf(def, row), row]));
  const added: Row[] = [];
  const changed: { before: Row; after: Row; columns: string[] }[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const row of incoming) {
    const key = keyOf(def, row);
    seen.add(key);
    const old = before.get(key);
    if (old === undefined) {
      added.push(row);
      continue;
    }
    const columns = def.columns.map((c) => c.key).filter((c) => !sameCell(old[c], row[c]));
    if (columns.length === 0) unchanged += 1;
    else changed.push({ before: old, after: row, columns });
  }
  const removed = current.filter((row) => !seen.has(keyOf(def, row)));
  return { table: def.name, added, removed, changed, unchanged };
}
