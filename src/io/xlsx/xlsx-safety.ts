/**
 * Checks an untrusted .xlsx before ExcelJS sees it (docs/domain.md §10), cheapest first, each linear in the file's
 * size: zip limits (zip-read.ts); the parts a workbook needs and no macros; no part that no relationship reaches
 * (xlsx-package.ts) — refused before anything else reads it; each part's size, encoding, DTDs and XML shape
 * (xlsx-part-checks.ts); sheet extents and the workbook's cell count (xlsx-sheet-extent.ts). Returns the parts to
 * hand to ExcelJS, with the range lists ExcelJS expands cell by cell removed (see sanitiseParts). Limits:
 * xlsx-limits.ts. Runs inside the sandbox worker (io/sandbox) like the parsing after it.
 */
import { err, ok, type Result } from '../../domain/result.ts';
import { type FileIssue, IssueList } from '../csv/file-issue.ts';
import { readZip, type ZipEntry } from '../zip/zip-read.ts';
import { count, XLSX_LIMITS, type XlsxLimits } from './xlsx-limits.ts';
import { unreferencedParts } from './xlsx-package.ts';
import { checkPart } from './xlsx-part-checks.ts';
import { checkSheetExtent } from './xlsx-sheet-extent.ts';
import { workbookSheets } from './xlsx-workbook-parts.ts';
import { BrokenXmlError, removeElements } from './xml-scan.ts';

export const XLSX_WHAT = 'Excelファイル（.xlsx）';

const MACRO_PART = /(?:^|\/)vbaProject[^/]*\.bin$|^xl\/(?:macrosheets|dialogsheets)\//i;
const WORKSHEET_PART = /^xl\/worksheets\/[^/]*\.xml$/i;

/** The parts of a workbook that passed every check, ready for ExcelJS; or located issues. */
export async function inspectXlsx(
  buffer: Buffer,
  file: string,
  limits: XlsxLimits = XLSX_LIMITS,
): Promise<Result<ZipEntry[], FileIssue[]>> {
  const read = await readZip(buffer, file, XLSX_WHAT, limits.zip);
  if (!read.ok) return read;
  const parts = new Map(read.value.map((e) => [e.name, e.data]));
  const issues = new IssueList();
  const steps = [checkPackage, checkReferences, checkParts, checkSheets];
  for (const step of steps) {
    try {
      step(parts, file, limits, issues);
    } catch (e) {
      if (!(e instanceof BrokenXmlError)) throw e;
      issues.add({ file, message: `${XLSX_WHAT}の構成部品の XML が壊れています。` });
    }
    if (!issues.empty) return err(issues.list());
  }
  try {
    return ok(sanitiseParts(read.value));
  } catch {
    return err([{ file, message: `${XLSX_WHAT}の構成部品の XML が壊れています。` }]);
  }
}

type Parts = ReadonlyMap<string, Buffer>;

function checkPackage(parts: Parts, file: string, _limits: XlsxLimits, issues: IssueList): void {
  const contentTypes = parts.get('[Content_Types].xml');
  if (contentTypes === undefined || !parts.has('xl/workbook.xml')) {
    const message = `${XLSX_WHAT}ではありません（ブックの構成部品がありません）。Excel で「Excel ブック（*.xlsx）」として保存し直してください。`;
    issues.add({ file, message });
    return;
  }
  const macro = [...parts.keys()].find((name) => MACRO_PART.test(name));
  if (macro !== undefined || contentTypes.toString('latin1').toLowerCase().includes('macroenabled')) {
    const message =
      'マクロを含むブックは読み込めません。マクロなしの「Excel ブック（*.xlsx）」として保存し直してください。';
    issues.add({ file, message });
  }
}

function checkReferences(parts: Parts, file: string, _limits: XlsxLimits, issues: IssueList): void {
  for (const name of unreferencedParts(parts)) {
    issues.add({
      file,
      message: `ブックの部品「${name}」はどこからも参照されていません。Excel で作られたブックではないため読み込めません（Excel で開いて保存し直してください）。`,
    });
  }
}

function checkParts(parts: Parts, _file: string, limits: XlsxLimits, issues: IssueList): void {
  for (const [name, data] of parts) checkPart(name, data, limits, issues);
}

function checkSheets(parts: Parts, file: string, limits: XlsxLimits, issues: IssueList): void {
  // Every worksheet part, named or not: ExcelJS parses each part whose name looks like one.
  const sheetNames = new Map(workbookSheets(parts).map((s) => [s.part, s.name]));
  let cells = 0;
  for (const [name, xml] of parts) {
    if (!WORKSHEET_PART.test(name)) continue;
    const sheet = sheetNames.get(name) ?? name;
    cells += checkSheetExtent(xml.toString('utf8'), sheet, limits, issues);
    if (cells > limits.maxCells) {
      issues.add({
        file: sheet,
        message: `ブック全体のセルの数が上限（${count(limits.maxCells)}個）を超えています。不要なセルを削除してから保存し直してください。`,
      });
      return;
    }
  }
  if (!issues.empty) return;
  if (sheetNames.size === 0) issues.add({ file, message: `${XLSX_WHAT}にシートがありません。` });
}

// Lists ExcelJS expands into one object per cell or column on load (a data validation on A1:XFD1048576 would take
// hours, <col max="16384"> makes 16,384 columns): defined names (print areas), data validations, conditional
// formats, extensions and column widths. None carries data.
const WORKBOOK_LISTS = new Set(['definedNames', 'extLst']);
const SHEET_LISTS = new Set(['dataValidations', 'conditionalFormatting', 'extLst', 'cols']);

/** Removes the range lists from the workbook and its worksheets; other parts pass unchanged. */
function sanitiseParts(entries: readonly ZipEntry[]): ZipEntry[] {
  return entries.map((entry) => {
    const lists =
      entry.name === 'xl/workbook.xml'
        ? WORKBOOK_LISTS
        : WORKSHEET_PART.test(entry.name)
          ? SHEET_LISTS
          : undefined;
    if (lists === undefined) return entry;
    return {
      name: entry.name,
      data: Buffer.from(removeElements(entry.data.toString('utf8'), lists), 'utf8'),
    };
  });
}
