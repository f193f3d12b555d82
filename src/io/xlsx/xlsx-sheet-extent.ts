/**
 * Refuses a worksheet whose extent is beyond what a plan table can be, before ExcelJS allocates it: the declared
 * dimension, every row and cell reference (explicit or implied by position) and every merged range.
 */
import { columnLetter, type IssueList } from '../csv/file-issue.ts';

export interface SheetLimits {
  /** Rows including the header row. */
  readonly maxRows: number;
  readonly maxColumns: number;
}

export const SHEET_LIMITS: SheetLimits = { maxRows: 100_000, maxColumns: 200 };

interface CellRef {
  readonly row: number;
  readonly column: number;
}

const TAG = /<(?:[\w.-]+:)?(row|c|dimension|mergeCell)\b([^>]*)>/g;
const R_ATTRIBUTE = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;
const REF_ATTRIBUTE = /(?:^|\s)ref\s*=\s*["']([^"']*)["']/;
const CELL_REF = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i;

type Problem =
  | { readonly kind: 'too-large'; readonly ref: string; readonly at: CellRef }
  | { readonly kind: 'unreadable'; readonly ref: string };

/** Adds an issue (sheet, row, column letter) for the first reference beyond the limits or unreadable. */
export function checkSheetExtent(xml: string, sheet: string, limits: SheetLimits, issues: IssueList): void {
  const problem = firstProblem(xml, limits);
  if (problem === undefined) return;
  if (problem.kind === 'unreadable') {
    issues.add({
      file: sheet,
      message: `セル参照「${problem.ref.slice(0, 20)}」を読み取れません。ブックが壊れています。`,
    });
    return;
  }
  issues.add({
    file: sheet,
    row: problem.at.row,
    column: `${columnLetter(problem.at.column)}列`,
    message:
      `セル ${problem.ref} はシートの大きさの上限（${limits.maxRows}行・${limits.maxColumns}列）を超えています。` +
      '不要な行・列を削除してから保存し直してください。',
  });
}

function firstProblem(xml: string, limits: SheetLimits): Problem | undefined {
  const within = (at: CellRef): boolean => at.row <= limits.maxRows && at.column <= limits.maxColumns;
  let row = 0;
  let column = 0;
  for (const [, tag, attributes = ''] of xml.matchAll(TAG)) {
    const explicit = (tag === 'row' || tag === 'c' ? R_ATTRIBUTE : REF_ATTRIBUTE).exec(attributes)?.[1];
    if (tag === 'row') {
      // A row without r follows the previous one.
      row = explicit === undefined ? row + 1 : Number(explicit);
      column = 0;
      if (!Number.isSafeInteger(row) || row < 1) return { kind: 'unreadable', ref: explicit ?? '' };
      if (row > limits.maxRows) return { kind: 'too-large', ref: `A${row}`, at: { row, column: 1 } };
      continue;
    }
    // A cell without r follows the previous cell of its row.
    const implied = `${columnLetter(column + 1)}${Math.max(row, 1)}`;
    const refs = tag === 'c' ? [explicit ?? implied] : (explicit ?? '').split(':');
    for (const ref of refs) {
      const at = parseCellRef(ref);
      if (at === undefined) return { kind: 'unreadable', ref };
      if (!within(at)) return { kind: 'too-large', ref: ref.replaceAll('$', '').toUpperCase(), at };
      if (tag === 'c') column = at.column;
    }
  }
  return undefined;
}

/** A1-style reference → row and column numbers (XFD1048576 → 1048576, 16384). */
export function parseCellRef(ref: string): CellRef | undefined {
  const match = CELL_REF.exec(ref);
  if (match === null) return undefined;
  const letters = (match[1] ?? '').toUpperCase();
  let column = 0;
  for (const ch of letters) column = column * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(match[2]);
  return row >= 1 ? { row, column } : undefined;
}
