/**
 * Which worksheet part holds which sheet: read from xl/workbook.xml and its relationships with a few regular
 * expressions, before any XML parser runs (the parts have already been checked for DTDs and size).
 */
import { posix } from 'node:path';

export interface SheetPart {
  /** The sheet name as Excel shows it. */
  readonly name: string;
  /** The zip entry, e.g. xl/worksheets/sheet1.xml. */
  readonly part: string;
}

const ELEMENT = (name: string): RegExp => new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*)>`, 'g');
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The sheets of the workbook in order, with their parts; sheets whose part cannot be found are left out. */
export function workbookSheets(parts: ReadonlyMap<string, Buffer>): SheetPart[] {
  const workbook = parts.get('xl/workbook.xml')?.toString('utf8') ?? '';
  const rels = parts.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const targets = new Map<string, string>();
  for (const attributes of elements(rels, 'Relationship')) {
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id !== undefined && target !== undefined) targets.set(id, resolveTarget(target));
  }
  const sheets: SheetPart[] = [];
  for (const attributes of elements(workbook, 'sheet')) {
    const name = attributes.get('name');
    const id = [...attributes].find(([key]) => key.endsWith(':id'))?.[1];
    const part = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && part !== undefined) sheets.push({ name, part });
  }
  return sheets;
}

function* elements(xml: string, name: string): Generator<Map<string, string>> {
  for (const match of xml.matchAll(ELEMENT(name))) {
    const attributes = new Map<string, string>();
    for (const a of (match[1] ?? '').matchAll(ATTRIBUTE)) {
      attributes.set(a[1] ?? '', decodeXmlText(a[2] ?? a[3] ?? ''));
    }
    yield attributes;
  }
}

// Targets are relative to xl/ (worksheets/sheet1.xml) or absolute in the package (/xl/worksheets/sheet1.xml).
function resolveTarget(target: string): string {
  return target.startsWith('/')
    ? posix.normalize(target.slice(1))
    : posix.normalize(posix.join('xl', target));
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references in attribute text. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}
