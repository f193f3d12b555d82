/** Table helpers shared by the goal, foundation and KPI slides: cells in the report font and slide pagination. */
import type { Cell, CellOptions, Row, TableOptions } from './pptx-lib.ts';
import { BASE, COLOURS, PAGE, type TextRun } from './pptx-style.ts';

export type { Cell, Row };

export const CELL_MARGIN: [number, number, number, number] = [0.04, 0.06, 0.04, 0.06];

/** Options every table carries (font on the table as well as on each run). */
export const tableOptions = (colW: number[], y: number, fontSize: number): TableOptions => ({
  ...BASE,
  x: PAGE.margin,
  y,
  colW,
  fontSize,
  valign: 'top',
  margin: CELL_MARGIN,
  border: { type: 'solid', pt: 0.75, color: COLOURS.border },
});

/** A body cell from text runs. */
export const cell = (runs: TextRun[], options: CellOptions = {}): Cell => ({
  text: runs.length > 0 ? (runs as Cell[]) : '',
  options: { ...BASE, ...options },
});

/** The header row: white bold text on the accent colour, centred. */
export const headerRow = (labels: readonly string[], fontSize: number): Row =>
  labels.map((label) => ({
    text: label,
    options: {
      ...BASE,
      fontSize,
      bold: true,
      color: COLOURS.headerInk,
      fill: { color: COLOURS.header },
      align: 'center',
      valign: 'middle',
    },
  }));

/** Splits items into slide-sized chunks by their estimated heights; an item taller than a slide gets its own. */
export function paginate<T>(items: readonly T[], height: (item: T) => number, budget: number): T[][] {
  const pages: T[][] = [];
  let page: T[] = [];
  let used = 0;
  for (const item of items) {
    const h = height(item);
    if (page.length > 0 && used + h > budget) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(item);
    used += h;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
