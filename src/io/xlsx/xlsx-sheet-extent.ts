/**
 * Refuses a worksheet whose extent is beyond what a plan table can be, before ExcelJS allocates it: the declared
 * dimension, column ranges (`<col min max>`: ExcelJS makes one object per column, so max="2000000000" took the
 * server's heap), every row and cell reference (explicit or implied by position) and every merged range. One
 * linear pass over the XML (xml-scan.ts).
 */
import { columnLetter, type IssueList } from '../csv/file-issue.ts';
import { count, type XlsxLimits } from './xlsx-limits.ts';
import { scanTags, tagAttributes, type XmlTag } from './xml-scan.ts';

export type SheetLimits = Pick<XlsxLimits, 'maxRows' | 'maxColumns'>;

interface CellRef {
  readonly row: number;
  readonly column: number;
}

type Problem =
  | { readonly kind: 'too-large'; readonly ref: string; readonly at: CellRef }
  | { readonly kind: 'columns'; readonly min: string; readonly max: string }
  | { readonly kind: 'unreadable'; readonly ref: string };

/**
 * Adds an issue (sheet, row, column letter) for the first reference beyond the limits or unreadable; returns the
 * number of cells the sheet holds (to be counted against the workbook's limit).
 */
export function checkSheetExtent(xml: string, sheet: string, limits: SheetLimits, issues: IssueList): number {
  const scan = scanSheet(xml, limits);
  const problem = scan.problem;
  if (problem === undefined) return scan.cells;
  if (problem.kind === 'unreadable') {
    issues.add({
      file: sheet,
      message: `セル参照「${problem.ref.slice(0, 20)}」を読み取れません。ブックが壊れています。`,
    });
  } else if (problem.kind === 'columns') {
    issues.add({
      file: sheet,
      message:
        `列の範囲の設定（<col min="${problem.min.slice(0, 12)}" max="${problem.max.slice(0, 12)}">）が Excel の列数の上限（${count(EXCEL_COLUMNS)}列）を超えているか、読み取れません。` +
        'ブックが壊れているか、細工されています。',
    });
  } else {
    issues.add({
      file: sheet,
      row: problem.at.row,
      column: `${columnLetter(problem.at.column)}列`,
      message:
        `セル ${problem.ref} はシートの大きさの上限（${limits.maxRows}行・${limits.maxColumns}列）を超えています。` +
        '不要な行・列を削除してから保存し直してください。',
    });
  }
  return scan.cells;
}

function scanSheet(xml: string, limits: SheetLimits): { problem?: Problem; cells: number } {
  const within = (at: CellRef): boolean => at.row <= limits.maxRows && at.column <= limits.maxColumns;
  let row = 0;
  let column = 0;
  let cells = 0;
  for (const tag of scanTags(xml)) {
    if (tag.closing) continue;
    const problem = (() => {
      switch (tag.name) {
        case 'row': {
          const explicit = tagAttributes(tag.attributes).get('r');
          // A row without r follows the previous one.
          row = explicit === undefined ? row + 1 : Number(explicit);
          column = 0;
          if (!Number.isSafeInteger(row) || row < 1)
            return { kind: 'unreadable', ref: explicit ?? '' } as const;
          if (row > limits.maxRows)
            return { kind: 'too-large', ref: `A${row}`, at: { row, column: 1 } } as const;
          return undefined;
        }
        case 'c': {
          cells += 1;
          // A cell without r follows the previous cell of its row.
          const ref =
            tagAttributes(tag.attributes).get('r') ?? `${columnLetter(column + 1)}${Math.max(row, 1)}`;
          const problem = checkRefs([ref], within);
          if (problem === undefined) column = parseCellRef(ref)?.column ?? column;
          return problem;
        }
        case 'dimension':
        case 'mergeCell':
          return checkRefs((tagAttributes(tag.attributes).get('ref') ?? '').split(':'), within);
        case 'col':
          return checkColumns(tag);
        default:
          return undefined;
      }
    })();
    if (problem !== undefined) return { problem, cells };
  }
  return { cells };
}

function checkRefs(refs: readonly string[], within: (at: CellRef) => boolean): Problem | undefined {
  for (const ref of refs) {
    const at = parseCellRef(ref);
    if (at === undefined) return { kind: 'unreadable', ref };
    if (!within(at)) return { kind: 'too-large', ref: ref.replaceAll('$', '').toUpperCase(), at };
  }
  return undefined;
}

/** XFD: Excel's last column. Excel and LibreOffice declare widths up to it (「右の列をすべて非表示」). */
const EXCEL_COLUMNS = 16_384;

// A column range carries widths, not data; it is removed before ExcelJS loads (xlsx-safety.ts), but a range past
// Excel's last column is no workbook Excel could have written.
function checkColumns(tag: XmlTag): Problem | undefined {
  const attributes = tagAttributes(tag.attributes);
  const min = attributes.get('min') ?? '';
  const max = attributes.get('max') ?? '';
  const inRange = (text: string) =>
    /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= EXCEL_COLUMNS;
  return inRange(min) && inRange(max) && Number(min) <= Number(max)
    ? undefined
    : { kind: 'columns', min, max };
}

const CELL_REF = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i;

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
