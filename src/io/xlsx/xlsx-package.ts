/**
 * Which parts of a workbook are reachable from its relationships (`_rels/.rels`, then each reached part's own
 * `_rels/<name>.rels`): Excel and LibreOffice write no others. Parts nobody references are refused before any other
 * scan: ExcelJS would still parse a part named like a sheet, and a reviewer's 25 KB file hid five of them.
 */
import { posix } from 'node:path';
import { scanTags, tagAttributes } from './xml-scan.ts';

/** The parts the package itself defines (not reached through a relationship). */
const PACKAGE_PARTS = new Set(['[Content_Types].xml', '_rels/.rels']);

/** The relationships part of `part`: xl/workbook.xml → xl/_rels/workbook.xml.rels ('' = the package). */
export const relsOf = (part: string): string =>
  part === '' ? '_rels/.rels' : posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);

/** A part's bytes by name. */
export type PartReader = (name: string) => Buffer | undefined;

/**
 * Relationship targets of a part: `Id` → part name (targets outside the package are left out); BrokenXmlError
 * when its relationships part cannot be scanned.
 */
export function relationships(read: PartReader, part: string): Map<string, string> {
  const targets = new Map<string, string>();
  const xml = read(relsOf(part));
  if (xml === undefined) return targets;
  for (const tag of scanTags(xml.toString('utf8'))) {
    if (tag.closing || tag.name !== 'Relationship') continue;
    const attributes = tagAttributes(tag.attributes);
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id === undefined || target === undefined || attributes.get('TargetMode') === 'External') continue;
    targets.set(id, resolveTarget(part, target));
  }
  return targets;
}

// Targets are relative to the source part's folder (worksheets/sheet1.xml from xl/workbook.xml) or absolute in
// the package (/xl/worksheets/sheet1.xml).
function resolveTarget(source: string, target: string): string {
  const path = safeDecode(target.split('#')[0] ?? '');
  return path.startsWith('/')
    ? posix.normalize(path.slice(1))
    : posix.normalize(posix.join(posix.dirname(source), path));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The parts no relationship reaches, in zip order; `BrokenXmlError` when a relationships part cannot be read.
 * A part's relationships count only when the part itself is reached. Part names compare without case (OPC).
 */
export function unreferencedParts(parts: ReadonlyMap<string, Buffer>): string[] {
  const byKey = new Map([...parts.keys()].map((name) => [name.toLowerCase(), name]));
  const read: PartReader = (name) => parts.get(byKey.get(name.toLowerCase()) ?? name);
  const reached = new Set([...PACKAGE_PARTS].map((name) => name.toLowerCase()));
  const queue = [''];
  for (let source = queue.shift(); source !== undefined; source = queue.shift()) {
    if (source !== '') reached.add(relsOf(source).toLowerCase());
    for (const target of relationships(read, source).values()) {
      const key = target.toLowerCase();
      if (reached.has(key) || !byKey.has(key)) continue;
      reached.add(key);
      queue.push(target);
    }
  }
  return [...parts.keys()].filter((name) => !reached.has(name.toLowerCase()));
}
