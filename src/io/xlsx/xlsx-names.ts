import type { TableDef } from '../../domain/tables/definitions.ts';

/** Excel's limit on sheet names. */
export const MAX_SHEET_NAME = 31;

/** The first sheet: what the workbook holds; readers skip it. */
export const DESCRIPTION_SHEET = '説明';

/** The first sheet of the starter workbook: how to fill it in; readers skip it like 「説明」. */
export const INTRODUCTION_SHEET = 'はじめに';

/** The sheet of a table: its title (all titles are short and free of the characters Excel forbids). */
export const sheetName = (def: TableDef): string => Array.from(def.title).slice(0, MAX_SHEET_NAME).join('');

// East Asian wide characters take two columns of width in Excel's default fonts.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** A rough column width for text: wide characters count two, the longest line wins. */
export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    let width = 0;
    for (const ch of line) width += WIDE.test(ch) || (ch.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
    widest = Math.max(widest, width);
  }
  return widest;
}
