import type { Cell, ColumnDef, Row, TableDef } from '../../domain/tables/definitions.ts';
import { quote } from '../../domain/values/numeric-text.ts';
import { neutraliseText } from './csv-cells.ts';
import { firstUnencodable } from './csv-encoding.ts';
import type { IssueList } from './file-issue.ts';
import { fileColumns, warekiOf } from './table-columns.ts';

/** The CSV lines of a table (without line ends); with `sjisIssues`, each cell Shift_JIS cannot hold is reported. */
export function csvLines(
  def: TableDef,
  rows: readonly Row[],
  file: string,
  sjisIssues: IssueList | undefined,
): string[] {
  const columns = fileColumns(def);
  const header = columns.map((fc) => csvField(fc.header));
  const lines = [header.join(',')];
  rows.forEach((row, index) => {
    const fields = columns.map((fc) => {
      const text =
        fc.kind === 'data'
          ? csvText(row[fc.column.key] ?? null, fc.column)
          : (warekiOf(row[fc.source.key] ?? null) ?? '');
      const bad = sjisIssues === undefined ? undefined : firstUnencodable(text);
      if (bad !== undefined) {
        const code = `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
        sjisIssues?.add({
          file,
          row: index + 2,
          column: fc.header,
          message: `文字${quote(bad)}（${code}）は Shift_JIS で書き出せません。文字を置き換えるか、UTF-8 で書き出してください。`,
        });
      }
      return csvField(text);
    });
    lines.push(fields.join(','));
  });
  return lines;
}

/** A canonical cell as CSV text: numbers and booleans bare, text columns neutralised (docs/domain.md §10). */
function csvText(cell: Cell, column: ColumnDef): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'number') return String(cell);
  return column.type === 'text' ? neutraliseText(cell) : cell;
}

/** Quotes a field only when RFC 4180 needs it (comma, quote, CR or LF inside). */
const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
