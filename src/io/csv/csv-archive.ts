/**
 * CSV exports as a folder or a zip, and imports from either: the files of writeTablesCsv, read back through
 * readTablesCsv after size and zip safety checks (docs/domain.md §10).
 */
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { err, ok, type Result } from '../../domain/result.ts';
import type { PlanTables } from '../../domain/tables/definitions.ts';
import { readZip, ZIP_LIMITS } from '../zip/zip-read.ts';
import { writeZip } from '../zip/zip-write.ts';
import type { FileIssue } from './file-issue.ts';
import type { TableFile } from './row-versions-grid.ts';
import { CSV_LIMITS, readCsvTableFile } from './tables-csv.ts';

const MAX_FOLDER_FILES = 200;

const isPlainName = (name: string): boolean =>
  name !== '' && name !== '.' && name !== '..' && !/[\\/\0]/.test(name);

/** Writes the files into `dir` (created when missing); names must be plain file names. */
export async function writeCsvFolder(dir: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, data] of files) {
    if (!isPlainName(name)) throw new Error(`invariant: not a plain file name: ${name}`);
    await writeFile(join(dir, name), data);
  }
}

/**
 * Reads the tables from the CSV files directly in `dir` (not from subfolders; symbolic links are not followed),
 * refusing oversized files before reading them.
 */
export async function readCsvFolder(dir: string): Promise<Result<PlanTables, FileIssue[]>> {
  return tablesOnly(await readCsvFolderFile(dir));
}

const tablesOnly = (read: Result<TableFile, FileIssue[]>): Result<PlanTables, FileIssue[]> =>
  read.ok ? ok(read.value.tables) : read;

/** readCsvFolder, with the row versions of 版.csv when the folder is an export of the database. */
export async function readCsvFolderFile(dir: string): Promise<Result<TableFile, FileIssue[]>> {
  const folder = basename(dir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  } catch {
    return err([{ file: folder, message: `フォルダ ${dir} を読み取れません。` }]);
  }
  if (names.length > MAX_FOLDER_FILES) {
    return err([{ file: folder, message: `CSVファイルが多すぎます（上限${MAX_FOLDER_FILES}個）。` }]);
  }
  const files = new Map<string, Buffer>();
  const issues: FileIssue[] = [];
  for (const name of names) {
    const info = await lstat(join(dir, name));
    if (!info.isFile()) continue;
    if (info.size > CSV_LIMITS.maxFileBytes) {
      issues.push({
        file: name,
        message: `ファイルが大きすぎます（上限${CSV_LIMITS.maxFileBytes / 1024 / 1024}MB）。`,
      });
      continue;
    }
    files.set(name, await readFile(join(dir, name)));
  }
  const read = readCsvTableFile(files);
  if (issues.length === 0) return read;
  return err([...issues, ...(read.ok ? [] : read.error)]);
}

/** Zips the files deterministically (fixed times): the same export gives the same bytes. */
export function writeCsvZip(files: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  return writeZip(files);
}

/**
 * Reads the tables from a zip of CSV files (in any folder of it; the same file name twice is an error), after
 * the zip safety checks.
 */
export async function readCsvZip(buffer: Buffer, file = 'CSV.zip'): Promise<Result<PlanTables, FileIssue[]>> {
  return tablesOnly(await readCsvZipFile(buffer, file));
}

/** readCsvZip, with the row versions of 版.csv when the zip is an export of the database. */
export async function readCsvZipFile(
  buffer: Buffer,
  file = 'CSV.zip',
): Promise<Result<TableFile, FileIssue[]>> {
  const entries = await readZip(buffer, file, 'zipファイル', ZIP_LIMITS);
  if (!entries.ok) return entries;
  // macOS adds __MACOSX/._name resource files; they are not data.
  const files = new Map(
    entries.value.filter((e) => !e.name.startsWith('__MACOSX/')).map((e) => [e.name, e.data]),
  );
  return readCsvTableFile(files);
}
