/**
 * PlanTables ⇄ CSV files: one file per table named after its title (KPI値.csv), header on row 1, CRLF, numbers
 * unquoted, text neutralised against formula injection, plus README.txt and metadata.json (docs/domain.md §9, §10).
 */
import { err, ok, type Result } from '../../domain/result.ts';
import { emptyTables, type PlanTables, TABLES, type TableDef } from '../../domain/tables/definitions.ts';
import type { RowVersion } from '../../domain/tables/row-versions.ts';
import { CSV_ENCODING_LABELS, type CsvEncoding, decodeCsvBytes, encodeText } from './csv-encoding.ts';
import { csvLines } from './csv-lines.ts';
import { parseCsv } from './csv-parse.ts';
import { type FileIssue, IssueList } from './file-issue.ts';
import { readVersionGrid, type TableFile, VERSIONS_FILE, versionCsv } from './row-versions-grid.ts';
import { csvMetadata, csvReadme } from './table-description.ts';
import { exportRows } from './table-export.ts';
import { readGrid } from './table-grid.ts';

export type { CsvEncoding } from './csv-encoding.ts';

export const README_FILE = 'README.txt';
export const METADATA_FILE = 'metadata.json';

/** Limits on imported CSV: per file, per import, and per table (header row included). */
export const CSV_LIMITS = {
  maxFileBytes: 20 * 1024 * 1024,
  maxTotalBytes: 100 * 1024 * 1024,
  maxRecords: 100_000,
  maxFields: 200,
} as const;

const MB = 1024 * 1024;

/** The CSV file of a table, e.g. KPI値.csv. */
export const csvFileName = (def: TableDef): string => `${def.title}.csv`;

/**
 * Writes every table as CSV in the chosen encoding, plus README.txt (UTF-8 with BOM) and metadata.json (UTF-8),
 * and 版.csv when `rowVersions` are given (exports from the database; open data has none).
 * Refuses, with located issues, cells that do not fit their column type and, for Shift_JIS, characters it cannot
 * encode. The output is deterministic: the same tables give the same bytes.
 */
export function writeTablesCsv(
  tables: PlanTables,
  encoding: CsvEncoding = 'utf8bom',
  rowVersions?: readonly RowVersion[],
): Result<Map<string, Buffer>, FileIssue[]> {
  const issues = new IssueList();
  const files = new Map<string, Buffer>();
  for (const def of TABLES) {
    const file = csvFileName(def);
    const rows = exportRows(def, tables[def.name], file, issues);
    const lines = csvLines(def, rows, file, encoding === 'sjis' ? issues : undefined);
    files.set(file, encodeText(lines.map((line) => `${line}\r\n`).join(''), encoding));
  }
  if (!issues.empty) return err(issues.list());
  const label = CSV_ENCODING_LABELS[encoding];
  const versioned = rowVersions !== undefined;
  if (versioned) files.set(VERSIONS_FILE, encodeText(versionCsv(rowVersions), encoding));
  files.set(README_FILE, encodeText(csvReadme(tables, label, versioned), 'utf8bom'));
  files.set(METADATA_FILE, encodeText(csvMetadata(tables, encoding, label, versioned), 'utf8'));
  return ok(files);
}

/**
 * Reads tables from CSV files keyed by file name (folders in the name are ignored): each file decoded as UTF-8
 * or Shift_JIS, parsed, and every cell validated. Every table must have its file; README.txt, metadata.json and
 * files that are not .csv are ignored, an unknown .csv is an error. Never throws for bad input.
 */
export function readTablesCsv(files: ReadonlyMap<string, Buffer>): Result<PlanTables, FileIssue[]> {
  const read = readCsvTableFile(files);
  return read.ok ? ok(read.value.tables) : read;
}

/** Reads the tables and, from an export of the database, the row versions of 版.csv. */
export function readCsvTableFile(files: ReadonlyMap<string, Buffer>): Result<TableFile, FileIssue[]> {
  const issues = new IssueList();
  const csvFiles = collectCsvFiles(files, issues);
  const tables = emptyTables();
  for (const def of TABLES) {
    if (issues.full) break;
    const file = csvFileName(def);
    const bytes = csvFiles.get(file);
    csvFiles.delete(file);
    if (bytes === undefined) {
      issues.add({ file, message: `表「${def.title}」のファイル ${file} がありません。` });
      continue;
    }
    tables[def.name] = readCsvTable(def, file, bytes, issues);
  }
  const versionBytes = csvFiles.get(VERSIONS_FILE);
  csvFiles.delete(VERSIONS_FILE);
  const rowVersions = versionBytes && readVersionCsv(versionBytes, issues);
  for (const file of csvFiles.keys()) {
    const expected = TABLES.map(csvFileName).join('、');
    issues.add({ file, message: `不明なCSVファイルです。読み込めるファイル: ${expected}` });
  }
  return issues.empty ? ok({ tables, rowVersions }) : err(issues.list());
}

function collectCsvFiles(files: ReadonlyMap<string, Buffer>, issues: IssueList): Map<string, Buffer> {
  const csvFiles = new Map<string, Buffer>();
  let total = 0;
  for (const [path, bytes] of files) {
    // macOS file names may be decomposed (NFD); table titles are NFC.
    const name = (path.split(/[\\/]/).pop() ?? '').normalize('NFC');
    if (name.startsWith('.') || !name.toLowerCase().endsWith('.csv')) continue;
    total += bytes.length;
    if (bytes.length > CSV_LIMITS.maxFileBytes) {
      issues.add({
        file: name,
        message: `ファイルが大きすぎます（上限${CSV_LIMITS.maxFileBytes / MB}MB）。`,
      });
    } else if (csvFiles.has(name)) {
      issues.add({ file: name, message: '同じ名前のファイルが複数あります。' });
    } else {
      csvFiles.set(name, bytes);
    }
  }
  if (total > CSV_LIMITS.maxTotalBytes) {
    issues.add({
      file: '(全体)',
      message: `CSVファイルの合計が大きすぎます（上限${CSV_LIMITS.maxTotalBytes / MB}MB）。`,
    });
    csvFiles.clear();
  }
  return csvFiles;
}

function readVersionCsv(bytes: Buffer, issues: IssueList): unknown[] {
  const records = csvRecords(VERSIONS_FILE, bytes, issues);
  if (records === undefined) return [];
  const [header, ...rows] = records;
  return readVersionGrid(
    VERSIONS_FILE,
    header,
    rows.map((cells, index) => ({ row: index + 2, cells })),
    issues,
  );
}

/** Decodes and parses one CSV file; undefined (with an issue) when it cannot be read or is empty. */
function csvRecords(file: string, bytes: Buffer, issues: IssueList): [string[], ...string[][]] | undefined {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) {
    issues.add({ file, row: decoded.error.row, message: decoded.error.message });
    return undefined;
  }
  const parsed = parseCsv(decoded.value.text, CSV_LIMITS);
  if (!parsed.ok) {
    issues.add({ file, row: parsed.error.row, message: parsed.error.message });
    return undefined;
  }
  const [header, ...records] = parsed.value;
  if (header === undefined) {
    issues.add({ file, row: 1, message: 'ファイルが空です（1行目に見出しが必要です）。' });
    return undefined;
  }
  return [header, ...records];
}

function readCsvTable(
  def: TableDef,
  file: string,
  bytes: Buffer,
  issues: IssueList,
): PlanTables[typeof def.name] {
  const parsed = csvRecords(file, bytes, issues);
  if (parsed === undefined) return [];
  const [header, ...records] = parsed;
  return readGrid(
    def,
    {
      file,
      header,
      rows: records.map((cells, index) => ({ row: index + 2, cells })),
      columnLabel: (_index, name) => name,
    },
    issues,
  );
}
