import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { loadPlan, type PlanIssue, planYearIssues } from '../../domain/plan/load.ts';
import type { Plan } from '../../domain/plan/model.ts';
import { err, type Result } from '../../domain/result.ts';
import { tableDef } from '../../domain/tables/definitions.ts';
import { tablesToDocument, tablesToDocumentInput } from '../../domain/tables/from-tables.ts';
import type { TableIssue } from '../../domain/tables/issues.ts';
import { readCsvFolderFile } from '../csv/csv-archive.ts';
import { type FileIssue, formatFileIssue } from '../csv/file-issue.ts';
import type { TableFile } from '../csv/row-versions-grid.ts';
import { MAX_DATASET_BYTES, readDataset } from '../dataset/read-dataset.ts';
import { readCsvZipSandboxed, readTablesXlsxSandboxed } from '../sandbox/sandbox.ts';

/** The file formats `shinchoku import` reads. */
export type ImportFormat = 'xlsx' | 'csv-folder' | 'csv-zip' | 'json' | 'yaml';

export const IMPORT_FORMAT_LABELS: Readonly<Record<ImportFormat, string>> = {
  xlsx: 'Excelブック（.xlsx）',
  'csv-folder': 'CSVのフォルダ',
  'csv-zip': 'CSVのzip',
  json: 'JSON',
  yaml: 'YAML',
};

/** Files larger than this are refused before they are read (xlsx and zip are also checked before unpacking). */
export const MAX_IMPORT_BYTES = MAX_DATASET_BYTES;

/** A located problem in an imported file, as one line for staff. */
export type ImportIssue = string;

/** Tells the format from the path: a folder is CSV files; otherwise the extension. */
export async function detectFormat(path: string): Promise<Result<ImportFormat, ImportIssue[]>> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    return err([`${path} が見つかりません。`]);
  }
  if (isDirectory) return { ok: true, value: 'csv-folder' };
  const extension = extname(path).toLowerCase();
  const byExtension: Record<string, ImportFormat> = {
    '.xlsx': 'xlsx',
    '.zip': 'csv-zip',
    '.json': 'json',
    '.yaml': 'yaml',
    '.yml': 'yaml',
  };
  const format = byExtension[extension];
  if (format !== undefined) return { ok: true, value: format };
  if (extension === '.csv') {
    return err([
      `${basename(path)}: CSVは表ごとのファイルをまとめたフォルダかzipで指定してください（shinchoku export --format csv の形式）。`,
    ]);
  }
  return err([
    `${basename(path)}: 読み込める形式ではありません（.xlsx / CSVのフォルダ・.zip / .json / .yaml）。`,
  ]);
}

/** 「施策 2行目 所属コード: …」: the sheet (or CSV file stem), the row as a spreadsheet shows it, the column header. */
function locateTableIssue(issue: TableIssue): ImportIssue {
  const def = tableDef(issue.table);
  const column = def.columns.find((c) => c.key === issue.column)?.header ?? issue.column;
  return `${def.title} ${issue.row + 2}行目${column ? ` ${column}` : ''}: ${issue.message}`;
}

const fromTables = (file: Result<TableFile, FileIssue[]>): Result<Plan, ImportIssue[]> => {
  if (!file.ok) return err(file.error.map(formatFileIssue));
  const document = tablesToDocument(file.value.tables);
  if (!document.ok) {
    // Years are not checked table by table: add those of what the tables give, so one run lists every problem.
    const years = planYearIssues(tablesToDocumentInput(file.value.tables)).map(
      (i) => `${i.path}: ${i.message}`,
    );
    return err([...document.error.map(locateTableIssue), ...years]);
  }
  // The 版 sheet / 版.csv becomes the document's rowVersions, as a JSON export carries them.
  const { rowVersions } = file.value;
  return fromDocumentIssues(
    loadPlan(rowVersions === undefined ? document.value : { ...(document.value as object), rowVersions }),
  );
};

const fromDocumentIssues = (result: Result<Plan, PlanIssue[]>): Result<Plan, ImportIssue[]> =>
  result.ok ? result : err(result.error.map((i) => `${i.path}: ${i.message}`));

async function readLimited(path: string): Promise<Result<Buffer, ImportIssue[]>> {
  const size = (await stat(path)).size;
  if (size > MAX_IMPORT_BYTES) {
    return err([
      `${basename(path)} は大きすぎます（${(size / 1024 / 1024).toFixed(1)}MB、上限 ${MAX_IMPORT_BYTES / 1024 / 1024}MB）。`,
    ]);
  }
  return { ok: true, value: await readFile(path) };
}

/**
 * Reads and validates a plan from any import format: the whole file is parsed and checked before anything is
 * written, and every problem is returned located (sheet or file, row, column) in Japanese.
 */
export async function readPlanFile(
  path: string,
): Promise<Result<{ plan: Plan; format: ImportFormat }, ImportIssue[]>> {
  const format = await detectFormat(path);
  if (!format.ok) return format;
  const withFormat = (r: Result<Plan, ImportIssue[]>) =>
    r.ok ? { ok: true as const, value: { plan: r.value, format: format.value } } : r;
  switch (format.value) {
    case 'json':
    case 'yaml':
      return withFormat(fromDocumentIssues(await readDataset(path)));
    case 'csv-folder':
      return withFormat(fromTables(await readCsvFolderFile(path)));
    case 'csv-zip':
    case 'xlsx': {
      const buffer = await readLimited(path);
      if (!buffer.ok) return buffer;
      // Unpacked and parsed in a worker with memory and time limits (io/sandbox).
      const tables =
        format.value === 'xlsx'
          ? await readTablesXlsxSandboxed(buffer.value, basename(path))
          : await readCsvZipSandboxed(buffer.value, basename(path));
      return withFormat(fromTables(tables));
    }
  }
}
