import { mkdir, writeFile } from 'node:fs/promises';
import type { PlanDocument } from '../../domain/plan/schema.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import { tablesToDocumentInput } from '../../domain/tables/from-tables.ts';
import type { RowVersion } from '../../domain/tables/row-versions.ts';
import { planToTables } from '../../domain/tables/to-tables.ts';
import { writeCsvFolder, writeCsvZip } from '../csv/csv-archive.ts';
import type { CsvEncoding } from '../csv/csv-encoding.ts';
import { formatFileIssue } from '../csv/file-issue.ts';
import { writeTablesCsv } from '../csv/tables-csv.ts';
import { writeTablesXlsx } from '../xlsx/xlsx-write.ts';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The plan as a canonical JSON document (format shinchoku-plan/1): the same input `shinchoku import` and
 * `--data` read, with keys in a fixed order so that export → import → export gives identical bytes. With
 * `rowVersions` (an export from the database) they come last; open data and publications have none.
 */
export const planToJson = (document: PlanDocument, rowVersions?: readonly RowVersion[]): string => {
  const input = tablesToDocumentInput(planToTables(document)) as object;
  return `${JSON.stringify(rowVersions === undefined ? input : { ...input, rowVersions }, null, 2)}\n`;
};

/** What an export wrote. */
export interface ExportResult {
  readonly out: string;
  readonly files: number;
  readonly bytes: number;
}

/**
 * Writes a plan as xlsx (one file), CSV (a folder, or a zip when `out` ends in .zip; UTF-8 with BOM by default,
 * UTF-8 or Shift_JIS on request) or JSON. Text that Shift_JIS cannot hold is an error, not a silent '?'.
 * `rowVersions` (from the database) go into the 版 sheet, 版.csv or the JSON's rowVersions.
 */
export async function writePlanFile(
  document: PlanDocument,
  format: ExportFormat,
  out: string,
  encoding: CsvEncoding = 'utf8bom',
  rowVersions?: readonly RowVersion[],
): Promise<Result<ExportResult, string[]>> {
  const tables = planToTables(document);
  switch (format) {
    case 'json': {
      const text = Buffer.from(planToJson(document, rowVersions), 'utf8');
      await writeFile(out, text);
      return ok({ out, files: 1, bytes: text.length });
    }
    case 'xlsx': {
      const written = await writeTablesXlsx(tables, rowVersions);
      if (!written.ok) return err(written.error.map(formatFileIssue));
      await writeFile(out, written.value);
      return ok({ out, files: 1, bytes: written.value.length });
    }
    case 'csv': {
      const files = writeTablesCsv(tables, encoding, rowVersions);
      if (!files.ok) return err(files.error.map(formatFileIssue));
      const bytes = [...files.value.values()].reduce((n, b) => n + b.length, 0);
      if (out.toLowerCase().endsWith('.zip')) {
        const zip = await writeCsvZip(files.value);
        await writeFile(out, zip);
        return ok({ out, files: files.value.size, bytes: zip.length });
      }
      await mkdir(out, { recursive: true });
      await writeCsvFolder(out, files.value);
      return ok({ out, files: files.value.size, bytes });
    }
  }
}
