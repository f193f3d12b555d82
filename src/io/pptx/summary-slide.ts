/** Slide 1: the year's summary — basic goal, slogan, total figures and one box per priority goal / foundation area. */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from '../../domain/evaluation/measure-status.ts';
import type { ReportModel, SummaryPage } from '../../domain/report/report-model.ts';
import { BASE, COLOURS, CONTENT_WIDTH, lines, PAGE, run, type Slide, type TextRun } from './pptx-style.ts';

type Figures = SummaryPage['total'];
type Box = SummaryPage['boxes'][number];

/** 「事業数 184件」「決算額 70.5億円」「(前年度比 +8件 +8.2億円)」 */
export function figureLines(f: Figures): string[] {
  const { display } = f;
  const diff =
    display.differenceProjects !== null || display.differenceOkuYen !== null
      ? [
          `(前年度比 ${display.differenceProjects ?? ''} ${display.differenceOkuYen ?? ''})`.replace(
            / +\)/,
            ')',
          ),
        ]
      : [];
  return [`事業数 ${display.projects}`, `決算額 ${display.amountOkuYen}`, ...diff];
}

function addBox(
  slide: Slide,
  runs: TextRun[],
  x: number,
  y: number,
  w: number,
  h: number,
  fill: string,
): void {
  slide.addText(runs, {
    ...BASE,
    x,
    y,
    w,
    h,
    fill: { color: fill },
    line: { color: COLOURS.accent, width: 1 },
    valign: 'middle',
    align: 'center',
    margin: 4,
  });
}

function header(slide: Slide, model: ReportModel): void {
  const year = formatFiscalYear(model.fiscalYear, 'short');
  const texts = [run(model.title, { bold: true, fontSize: 22, color: COLOURS.accent, breakLine: true })];
  if (model.provisional) texts.push(run(`${year}実績(見込み)`, { fontSize: 14, color: COLOURS.highlight }));
  slide.addText(texts, { ...BASE, x: PAGE.margin, y: 0.15, w: CONTENT_WIDTH, h: 0.85, margin: 0 });
}

function goalAndTotal(slide: Slide, summary: SummaryPage): void {
  const goal = [run('基本目標', { fontSize: 12, color: COLOURS.muted, breakLine: true })];
  goal.push(run(summary.basicGoal, { bold: true, fontSize: 24, color: COLOURS.accent, breakLine: true }));
  if (summary.slogan) goal.push(run(summary.slogan, { fontSize: 14, breakLine: true }));
  if (summary.subtitle) goal.push(run(`～${summary.subtitle}～`, { fontSize: 12, color: COLOURS.muted }));
  addBox(slide, goal, PAGE.margin, 1.1, 8.4, 1.7, 'FFFFFF');
  const [count, amount, ...diff] = figureLines(summary.total);
  const total = [
    run('関連事業【実績】', { bold: true, fontSize: 13, breakLine: true }),
    run(count ?? '', { bold: true, fontSize: 20, color: COLOURS.highlight, breakLine: true }),
    run(amount ?? '', { bold: true, fontSize: 20, color: COLOURS.highlight, breakLine: diff.length > 0 }),
    ...lines(diff, { fontSize: 12 }),
  ];
  addBox(slide, total, PAGE.margin + 8.6, 1.1, CONTENT_WIDTH - 8.6, 1.7, COLOURS.accentLight);
}

function boxRow(slide: Slide, heading: string, boxes: readonly Box[], y: number, h: number): void {
  if (boxes.length === 0) return;
  addBox(
    slide,
    [run(heading, { bold: true, fontSize: 13, color: COLOURS.headerInk })],
    PAGE.margin,
    y,
    1.6,
    h,
    COLOURS.accent,
  );
  const gap = 0.15;
  const left = PAGE.margin + 1.6 + gap;
  const w = (CONTENT_WIDTH - 1.6 - gap * boxes.length) / boxes.length;
  boxes.forEach((box, i) => {
    const title = box.label === box.title ? [box.title] : [box.label.replace(` ${box.title}`, ''), box.title];
    const runs = [
      ...lines(title, { bold: true, fontSize: 13, color: COLOURS.accent }, true),
      ...lines(figureLines(box), { fontSize: 12 }),
    ];
    addBox(slide, runs, left + i * (w + gap), y, w, h, 'FFFFFF');
  });
}

function footer(slide: Slide, summary: SummaryPage): void {
  const counts = (Object.entries(summary.counts) as [MeasureStatus, number][])
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `【${MEASURE_STATUS_LABELS[status]}】${n}施策`)
    .join('　');
  const texts = [
    run(`KPI設定施策の進捗：${counts}`, { fontSize: 11, breakLine: summary.roundingNote !== null }),
  ];
  if (summary.roundingNote)
    texts.push(run(`※${summary.roundingNote}`, { fontSize: 10, color: COLOURS.muted }));
  slide.addText(texts, { ...BASE, x: PAGE.margin, y: 6.75, w: CONTENT_WIDTH, h: 0.6, margin: 0 });
}

export function addSummarySlide(slide: Slide, model: ReportModel): void {
  const { summary } = model;
  header(slide, model);
  goalAndTotal(slide, summary);
  const priority = summary.boxes.filter((b) => b.kind === 'priority');
  const others = summary.boxes.filter((b) => b.kind !== 'priority');
  boxRow(slide, `${priority.length}つの\n重点目標`, priority, 3.0, 1.75);
  boxRow(slide, '目標達成の\n基盤取組', others, 4.9, 1.75);
  footer(slide, summary);
}
