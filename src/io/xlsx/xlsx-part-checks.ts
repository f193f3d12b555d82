/**
 * Checks of each part of an untrusted workbook, all linear in its size: the part's size, UTF-8 only, no DTD (XXE,
 * billion laughs), no zip inside (a nested archive is never unpacked, and no plan needs one), and the shape of its
 * XML (nesting depth, number of elements, entries of the shared-strings table and of the style sheet).
 */
import type { IssueList } from '../csv/file-issue.ts';
import { count, type XlsxLimits } from './xlsx-limits.ts';
import { BrokenXmlError, scanTags } from './xml-scan.ts';

const XML_PART = /\.(?:xml|rels|vml)$/i;
const SHARED_STRINGS_PART = /(?:^|\/)sharedStrings\d*\.xml$/i;
const STYLES_PART = /(?:^|\/)styles\.xml$/i;
/** The style sheet's entries ExcelJS keeps one object for. */
const STYLE_ELEMENTS = new Set(['xf', 'font', 'fill', 'border', 'numFmt', 'dxf', 'cellStyle']);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Adds an issue per part over a limit or unsafe; the part is named in each. */
export function checkPart(name: string, data: Buffer, limits: XlsxLimits, issues: IssueList): void {
  const refuse = (detail: string) => issues.add({ file: name, message: `ブックの部品「${name}」${detail}` });
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
  if (data.length > limits.maxPartBytes) {
    refuse(`が大きすぎます（展開後${mb(data.length)}MB、上限${mb(limits.maxPartBytes)}MB）。`);
    return;
  }
  if (data.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    refuse('は zip ファイルです（入れ子の zip）。埋め込まれたファイルを含むブックは読み込めません。');
    return;
  }
  if (!XML_PART.test(name)) return;
  // Excel writes UTF-8 parts; a UTF-16 part could hide a DTD from the byte search below.
  if (data.includes(0)) {
    refuse('の文字コード（UTF-16 など）には対応していません。');
    return;
  }
  const xml = data.toString('latin1');
  if (hasDtd(xml)) {
    refuse('に DOCTYPE／ENTITY 宣言があります。安全のため読み込めません。');
    return;
  }
  const problem = shapeProblem(name, xml, limits);
  if (problem !== undefined) refuse(problem);
}

/** True when `<!DOCTYPE` or `<!ENTITY` (any case, spaces allowed after `<!`) occurs: one indexOf pass. */
export function hasDtd(xml: string): boolean {
  for (let at = xml.indexOf('<!'); at !== -1; at = xml.indexOf('<!', at + 2)) {
    let i = at + 2;
    while (i < xml.length && ' \t\r\n'.includes(xml[i] ?? '')) i += 1;
    const word = xml.slice(i, i + 7).toUpperCase();
    if (word === 'DOCTYPE' || word.startsWith('ENTITY')) return true;
  }
  return false;
}

function shapeProblem(name: string, xml: string, limits: XlsxLimits): string | undefined {
  let elements = 0;
  let counted = 0;
  const countedNames = SHARED_STRINGS_PART.test(name)
    ? { names: new Set(['si']), limit: limits.maxSharedStrings, what: '共有文字列の数' }
    : STYLES_PART.test(name)
      ? { names: STYLE_ELEMENTS, limit: limits.maxStyles, what: '書式（スタイル）の数' }
      : undefined;
  try {
    for (const tag of scanTags(xml)) {
      if (tag.closing) continue;
      elements += 1;
      if (tag.depth >= limits.maxDepth) return `の XML の入れ子が深すぎます（上限${limits.maxDepth}段）。`;
      if (elements > limits.maxElements) return `の要素が多すぎます（上限${count(limits.maxElements)}個）。`;
      if (countedNames?.names.has(tag.name) && ++counted > countedNames.limit) {
        return `の${countedNames.what}が多すぎます（上限${count(countedNames.limit)}個）。`;
      }
    }
  } catch (e) {
    if (e instanceof BrokenXmlError) return 'の XML が壊れています（タグが閉じていません）。';
    throw e;
  }
  return undefined;
}
