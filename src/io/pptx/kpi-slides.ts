/** The KPI table slides: per goal, its project lines and a real table of measures, split over slides by height. */

import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { KpiRowModel, KpiTable } from '../../domain/report/report-model.ts';
import type { Pptx, Slide } from './pptx-lib.ts';
import { addTitle, BASE, COLOURS, CONTENT_WIDTH, lines, PAGE, run, textHeight } from './pptx-style.ts';
import { cell, headerRow, paginate, type Row, tableOptions } from './table-kit.ts';

const FONT_SIZE = 10;
const COLUMNS = [1.9, 1.3, 2.1, 1.3, 1.05, 1.25, CONTENT_WIDTH - 8.9];
const TABLE_Y = 1.65;
const BUDGET = 7.5 - TABLE_Y - 0.3 - 0.45;
export const KPI_SLIDE_TITLE = '個別施策及びKPI設定施策の進捗状況について';

type Item = { readonly heading: string } | { readonly row: KpiRowModel };

const rowTexts = (r: KpiRowModel): (readonly string[])[] => [
  r.measureNames,
  r.departments,
  r.items,
  r.baselines,
  r.targets,
  r.actuals,
  [r.analysis],
];

function itemHeight(item: Item): number {
  if ('heading' in item) return (FONT_SIZE * 1.4) / 72 + 0.1;
  const heights = rowTexts(item.row).map((texts, i) =>
    textHeight(texts, (COLUMNS[i] ?? 1) - 0.12, FONT_SIZE),
  );
  return Math.max(...heights) + 0.1;
}

/** 【達成】 in bold colour, then the analysis text. */
function analysisRuns(analysis: string) {
  const end = analysis.indexOf('】');
  if (!analysis.startsWith('【') || end < 0) return [run(analysis, { fontSize: FONT_SIZE })];
  return [
    run(analysis.slice(0, end + 1), { fontSize: FONT_SIZE, bold: true, color: COLOURS.highlight }),
    run(analysis.slice(end + 1), { fontSize: FONT_SIZE }),
  ];
}

function tableRow(item: Item): Row {
  if ('heading' in item)
    return [
      cell([run(item.heading, { fontSize: FONT_SIZE + 1, bold: true })], {
        colspan: 7,
        fill: { color: COLOURS.accentLight },
      }),
    ];
  const texts = rowTexts(item.row);
  return [
    ...texts.slice(0, 6).map((t) => cell(lines(t, { fontSize: FONT_SIZE }))),
    cell(analysisRuns(item.row.analysis)),
  ];
}

function addHeading(slide: Slide, table: KpiTable): void {
  addTitle(slide, KPI_SLIDE_TITLE, table.goal.label);
  slide.addText(lines(table.projectLines, { fontSize: 11 }), {
    ...BASE,
    x: PAGE.margin,
    y: 1.12,
    w: CONTENT_WIDTH,
    h: 0.48,
    margin: 0,
    valign: 'middle',
  });
}

export function addKpiSlides(pptx: Pptx, table: KpiTable, fiscalYear: number): void {
  const fy = formatFiscalYear(fiscalYear, 'short');
  const header = headerRow(
    [
      '施策名',
      '担当所属',
      '項目（単位）',
      '基準値（時点）',
      `${fy}末\n目標値`,
      `${fy}末\n実績値`,
      '進捗状況に係る要因分析等',
    ],
    FONT_SIZE + 1,
  );
  // A group heading stays on the slide of its first row.
  const blocks: Item[][] = table.groups.flatMap((g) =>
    g.rows.map((row, i) => [
      ...(i === 0 && g.heading !== undefined ? [{ heading: g.heading }] : []),
      { row },
    ]),
  );
  const height = (block: Item[]) => block.reduce((h, item) => h + itemHeight(item), 0);
  const pages = paginate(blocks, height, BUDGET).map((page) => page.flat());
  for (const page of pages.length > 0 ? pages : [[]]) {
    const slide = pptx.addSlide();
    addHeading(slide, table);
    slide.addTable([header, ...page.map(tableRow)], tableOptions(COLUMNS, TABLE_Y, FONT_SIZE));
  }
}
