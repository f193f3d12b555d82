/**
 * The limits an untrusted workbook must stay within before ExcelJS sees it (docs/domain.md §10). A plan or a 調査票 is a
 * few thousand cells; these bounds are far above that and far below what takes a reader's memory or minutes.
 */
import { ZIP_LIMITS, type ZipLimits } from '../zip/zip-read.ts';

export interface XlsxLimits {
  readonly zip: ZipLimits;
  /** Rows including the header row, and columns, of any sheet (declared or used). */
  readonly maxRows: number;
  readonly maxColumns: number;
  /** Cells (`<c>` elements) in all sheets together. */
  readonly maxCells: number;
  /** Entries (`<si>`) of the shared-strings table. */
  readonly maxSharedStrings: number;
  /** Formats, fonts, fills, borders and cell styles together in styles.xml. */
  readonly maxStyles: number;
  /** Uncompressed bytes of any one part. */
  readonly maxPartBytes: number;
  /** Elements nested inside each other in any XML part. */
  readonly maxDepth: number;
  /** Elements in any one XML part. */
  readonly maxElements: number;
}

const MB = 1024 * 1024;

export const XLSX_LIMITS: XlsxLimits = {
  zip: { ...ZIP_LIMITS, maxEntries: 500, maxTotalUncompressed: 50 * MB },
  maxRows: 100_000,
  maxColumns: 200,
  maxCells: 500_000,
  maxSharedStrings: 200_000,
  maxStyles: 20_000,
  maxPartBytes: 20 * MB,
  maxDepth: 64,
  maxElements: 2_000_000,
};

/** 1048576 → 「1,048,576」 in messages. */
export const count = (n: number): string => n.toLocaleString('en-US');
