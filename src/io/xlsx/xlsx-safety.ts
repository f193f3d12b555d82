/**
 * Checks an untrusted .xlsx before ExcelJS sees it (DOMAIN §10): zip limits (zip-read.ts), the parts a workbook
 * needs, no macros, no DTDs in any part (XXE, billion laughs), and sheet extents within limits. Returns the parts
 * to hand to ExcelJS, with the range lists ExcelJS expands cell by cell removed (see sanitiseParts).
 */
import { err, ok, type Result } from '../../domain/result.ts';
import { type FileIssue, IssueList } from '../csv/file-issue.ts';
import { readZip, ZIP_LIMITS, type ZipEntry } from '../zip/zip-read.ts';
import { checkSheetExtent, SHEET_LIMITS, type SheetLimits } from './xlsx-sheet-extent.ts';
import { workbookSheets } from './xlsx-workbook-parts.ts';

export const XLSX_WHAT = 'Excelファイル（.xlsx）';

const DTD = /<!\s*(?:DOCTYPE|ENTITY)/i;
const MACRO_PART = /(?:^|\/)vbaProject[^/]*\.bin$|^xl\/(?:macrosheets|dialogsheets)\//i;
const XML_PART = /\.(?:xml|rels|vml)$/i;
const WORKSHEET_PART = /xl\/worksheets\/[^/]*\.xml$/i;

/** The parts of a workbook that passed every check, ready for ExcelJS; or located issues. */
export async function inspectXlsx(
  buffer: Buffer,
  file: string,
  limits: SheetLimits = SHEET_LIMITS,
): Promise<Result<ZipEntry[], FileIssue[]>> {
  const read = await readZip(buffer, file, XLSX_WHAT, ZIP_LIMITS);
  if (!read.ok) return read;
  const parts = new Map(read.value.map((e) => [e.name, e.data]));
  const issues = new IssueList();
  checkPackage(parts, file, issues);
  if (!issues.empty) return err(issues.list());
  // Every worksheet part, named or not: ExcelJS parses each part whose name looks like one.
  const sheetNames = new Map(workbookSheets(parts).map((s) => [s.part, s.name]));
  for (const [name, xml] of parts) {
    if (WORKSHEET_PART.test(name))
      checkSheetExtent(xml.toString('utf8'), sheetNames.get(name) ?? name, limits, issues);
  }
  return issues.empty ? ok(sanitiseParts(read.value)) : err(issues.list());
}

function checkPackage(parts: ReadonlyMap<string, Buffer>, file: string, issues: IssueList): void {
  const contentTypes = parts.get('[Content_Types].xml');
  if (contentTypes === undefined || !parts.has('xl/workbook.xml')) {
    const message = `${XLSX_WHAT}ではありません（ブックの構成部品がありません）。Excel で「Excel ブック（*.xlsx）」として保存し直してください。`;
    issues.add({ file, message });
    return;
  }
  const macro = [...parts.keys()].find((name) => MACRO_PART.test(name));
  if (macro !== undefined || /macroEnabled/i.test(contentTypes.toString('latin1'))) {
    const message =
      'マクロを含むブックは読み込めません。マクロなしの「Excel ブック（*.xlsx）」として保存し直してください。';
    issues.add({ file, message });
  }
  for (const [name, data] of parts) {
    // Excel writes UTF-8 parts; a UTF-16 part could hide a DTD from the byte search below.
    if (XML_PART.test(name) && data.includes(0)) {
      issues.add({
        file,
        message: `ブックの部品「${name}」の文字コード（UTF-16 など）には対応していません。`,
      });
    } else if (DTD.test(data.toString('latin1'))) {
      issues.add({
        file,
        message: `ブックの部品「${name}」に DOCTYPE／ENTITY 宣言があります。安全のため読み込めません。`,
      });
    }
  }
}

// Range lists ExcelJS expands into one object per cell on load (a data validation on A1:XFD1048576 would take
// hours): defined names (print areas), data validations, conditional formats and extensions. None carries data.
const EXPANDED_LISTS = ['definedNames', 'dataValidations', 'conditionalFormatting', 'extLst'];
const elementPattern = (name: string): RegExp =>
  new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</(?:[\\w.-]+:)?${name}\\s*>)`, 'g');
const EXPANDED_PATTERNS = EXPANDED_LISTS.map(elementPattern);

/** Removes the range lists from the workbook and its worksheets; other parts pass unchanged. */
function sanitiseParts(entries: readonly ZipEntry[]): ZipEntry[] {
  return entries.map((entry) => {
    if (entry.name !== 'xl/workbook.xml' && !WORKSHEET_PART.test(entry.name)) return entry;
    const xml = EXPANDED_PATTERNS.reduce(
      (text, pattern) => text.replace(pattern, ''),
      entry.data.toString('utf8'),
    );
    return { name: entry.name, data: Buffer.from(xml, 'utf8') };
  });
}
