/** Slides 2–4 (one per priority goal) and the foundation slide: guidelines, headline KPIs and initiatives as tables. */

import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { FoundationPage, GoalPage, SectionModel } from '../../domain/report/report-model.ts';
import type { Pptx } from './pptx-lib.ts';
import { addTitle, CONTENT_WIDTH, run } from './pptx-style.ts';
import { cardRuns, guidelineRuns, initiativeRuns, sectionHeight } from './section-cells.ts';
import { cell, headerRow, paginate, type Row, tableOptions } from './table-kit.ts';

const FONT_SIZE = 11;
const TABLE_Y = 1.15;
const BUDGET = 7.5 - TABLE_Y - 0.3 - 0.35;
const continued = (title: string, page: number) => (page === 0 ? title : `${title}（続き）`);

const GOAL_COLUMNS = [3.0, 3.3, CONTENT_WIDTH - 6.3];

const goalRow = (s: SectionModel): Row => [
  cell(guidelineRuns(s, FONT_SIZE)),
  cell(cardRuns(s, FONT_SIZE)),
  cell(initiativeRuns(s, FONT_SIZE)),
];

export function addGoalSlides(pptx: Pptx, goal: GoalPage, fiscalYear: number): void {
  const header = headerRow(
    ['ポリシー行動指針', '<関連KPI>', `${formatFiscalYear(fiscalYear, 'short')}の主要取組`],
    11,
  );
  const pages = paginate(goal.sections, (s) => sectionHeight(s, GOAL_COLUMNS, FONT_SIZE), BUDGET);
  pages.forEach((sections, p) => {
    const slide = pptx.addSlide();
    addTitle(slide, continued(goal.heading, p), goal.title);
    slide.addTable([header, ...sections.map(goalRow)], tableOptions(GOAL_COLUMNS, TABLE_Y, FONT_SIZE));
  });
}

const AREA_COLUMNS = [2.4, 3.6, CONTENT_WIDTH - 6.0];

interface AreaSection {
  readonly area: string;
  readonly section: SectionModel;
}

/** Rows of one slide, the area's cell spanning its consecutive sections. */
function areaRows(items: readonly AreaSection[]): Row[] {
  return items.map((item, i) => {
    const first = i === 0 || items[i - 1]?.area !== item.area;
    const span = items.slice(i).findIndex((x) => x.area !== item.area);
    const rowspan = span === -1 ? items.length - i : span;
    const cards = cardRuns(item.section, FONT_SIZE);
    const guideline = cell([...guidelineRuns(item.section, FONT_SIZE, cards.length > 0), ...cards]);
    const rest = [guideline, cell(initiativeRuns(item.section, FONT_SIZE))];
    if (!first) return rest;
    const area = run(item.area, { fontSize: 12, bold: true });
    return [cell([area], { rowspan, valign: 'middle' }), ...rest];
  });
}

export function addFoundationSlides(pptx: Pptx, foundation: FoundationPage, fiscalYear: number): void {
  const header = headerRow(
    ['取組', 'ポリシー行動指針', `${formatFiscalYear(fiscalYear, 'short')}の主要取組`],
    11,
  );
  const items = foundation.areas.flatMap((a) => a.sections.map((section) => ({ area: a.title, section })));
  const height = (x: AreaSection) =>
    sectionHeight(x.section, [AREA_COLUMNS[1] ?? 0, AREA_COLUMNS[1] ?? 0, AREA_COLUMNS[2] ?? 0], FONT_SIZE);
  paginate(items, height, BUDGET).forEach((page, p) => {
    const slide = pptx.addSlide();
    addTitle(slide, continued(foundation.title, p));
    slide.addTable([header, ...areaRows(page)], tableOptions(AREA_COLUMNS, TABLE_Y - 0.3, FONT_SIZE));
  });
}
