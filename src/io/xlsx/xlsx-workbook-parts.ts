/**
 * Which worksheet part holds which sheet: read from xl/workbook.xml and its relationships by the linear tag scan
 * (xml-scan.ts), before any XML parser runs.
 */
import { relationships } from './xlsx-package.ts';
import { decodeEntities, scanTags, tagAttributes } from './xml-scan.ts';

export interface SheetPart {
  /** The sheet name as Excel shows it. */
  readonly name: string;
  /** The zip entry, e.g. xl/worksheets/sheet1.xml. */
  readonly part: string;
}

/**
 * The sheets of the workbook in order, with their parts; sheets whose part cannot be found are left out.
 * Throws BrokenXmlError when the workbook or its relationships cannot be scanned.
 */
export function workbookSheets(parts: ReadonlyMap<string, Buffer>): SheetPart[] {
  const workbook = parts.get('xl/workbook.xml')?.toString('utf8') ?? '';
  const targets = relationships((name) => parts.get(name), 'xl/workbook.xml');
  const sheets: SheetPart[] = [];
  for (const tag of scanTags(workbook)) {
    if (tag.closing || tag.name !== 'sheet') continue;
    const attributes = tagAttributes(tag.attributes);
    const name = attributes.get('name');
    const id = attributes.get('id');
    const part = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && part !== undefined) sheets.push({ name, part });
  }
  return sheets;
}

/** Decodes the five XML entities and numeric character references in attribute text. */
export const decodeXmlText = decodeEntities;
