// The baseline: the same rows as the import, written by the server's own COPY from CSV files (no client library).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { PLAN_COLUMNS } from '../src/db/plan-row-write.ts';
import { dbColumn, STORED_TABLES } from '../src/db/repositories/table-columns.ts';
import type { Cell, PlanTables } from '../src/domain/tables/definitions.ts';

/** A CSV field: null is an unquoted empty field (NULL for COPY), text is always quoted. */
function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return `"${value.replaceAll('"', '""')}"`;
  return String(value);
}

interface CsvTable {
  readonly columns: readonly string[];
  readonly lines: string[];
}

/** Database rows of many plans as CSV lines per table, with explicit organisation and plan ids. */
export class CsvTables {
  private readonly tables = new Map<string, CsvTable>([
    ['organisations', { columns: ['id', 'code', 'name'], lines: [] }],
    ['plans', { columns: ['id', 'organisation_id', 'code', ...PLAN_COLUMNS], lines: [] }],
    ...STORED_TABLES.map((def): [string, CsvTable] => [
      def.name,
      { columns: ['plan_id', ...def.columns.map((c) => dbColumn(def.name, c.key))], lines: [] },
    ]),
  ]);

  private push(table: string, cells: readonly (Cell | undefined)[]): void {
    this.tables.get(table)?.lines.push(cells.map(csvField).join(','));
  }

  /** Adds one plan; `id` is used as both its organisation id and its plan id (one plan per organisation). */
  add(id: number, tables: PlanTables): void {
    const plan = tables.plan[0];
    if (plan === undefined) throw new Error('invariant: a plan has one plan row');
    this.push('organisations', [id, plan.organisation_code, plan.organisation_name]);
    this.push('plans', [id, id, plan.plan_id, ...PLAN_COLUMNS.map((c) => plan[c])]);
    for (const def of STORED_TABLES) {
      for (const row of tables[def.name]) this.push(def.name, [id, ...def.columns.map((c) => row[c.key])]);
    }
  }

  /** Rows per database table. */
  counts(): Map<string, number> {
    return new Map([...this.tables].map(([name, t]) => [name, t.lines.length]));
  }

  /** Writes one file per non-empty table into a directory the server's postgres user can read. */
  write(): { dir: string; files: CsvFile[] } {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-bench-'));
    chmodSync(dir, 0o755);
    const files: CsvFile[] = [];
    for (const [table, { columns, lines }] of this.tables) {
      if (lines.length === 0) continue;
      const path = join(dir, `${table}.csv`);
      writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o644 });
      chmodSync(path, 0o644);
      files.push({ table, columns, path, rows: lines.length });
    }
    return { dir, files };
  }
}

export interface CsvFile {
  readonly table: string;
  readonly columns: readonly string[];
  readonly path: string;
  readonly rows: number;
}

export const removeCsvDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/**
 * Runs `COPY <table> (<columns>) FROM '<file>'` for every file in one transaction; returns the milliseconds in all and
 * those spent at commit (where the deferred foreign keys are checked).
 */
export async function copyFiles(
  db: Kysely<Database>,
  files: readonly CsvFile[],
): Promise<{ ms: number; commitMs: number }> {
  const started = performance.now();
  let statementsDone = 0;
  await db.transaction().execute(async (trx) => {
    for (const f of files) {
      const columns = f.columns.map((c) => `"${c}"`).join(', ');
      const path = f.path.replaceAll("'", "''");
      await sql.raw(`copy ${f.table} (${columns}) from '${path}' with (format csv)`).execute(trx);
    }
    statementsDone = performance.now();
  });
  const ended = performance.now();
  return { ms: ended - started, commitMs: ended - statementsDone };
}
