/** The three cells of a goal section: policy guidelines, headline KPI cards, and the year's main initiatives. */
import type { CardModel, InitiativeModel, SectionModel } from '../../domain/report/report-model.ts';
import { COLOURS, lines, run, type TextRun, textHeight } from './pptx-style.ts';

export const guidelineTexts = (s: SectionModel): string[] => s.guidelines.map((g) => `● ${g}`);

export function guidelineRuns(s: SectionModel, fontSize: number, more = false): TextRun[] {
  return lines(guidelineTexts(s), { fontSize, bold: true }, more);
}

function cardTexts(card: CardModel): string[] {
  const values = card.values.map((v) => `${v.label} ${v.text}`).join(' → ');
  return [
    card.name,
    ...(values ? [values] : []),
    ...(card.target ? [`${card.target.label} ${card.target.text}`] : []),
    ...(card.achievementRate ? [`達成率 ${card.achievementRate}`] : []),
    ...(card.note ? [card.note.startsWith('※') ? card.note : `※${card.note}`] : []),
  ];
}

export const cardsTexts = (s: SectionModel): string[] => s.cards.flatMap(cardTexts);

export function cardRuns(s: SectionModel, fontSize: number): TextRun[] {
  return s.cards.flatMap((card, c) => {
    const more = c < s.cards.length - 1;
    const [name = '', ...rest] = cardTexts(card);
    return [
      run(name, { fontSize, bold: true, color: COLOURS.accent, breakLine: rest.length > 0 || more }),
      ...rest.map((t, i) =>
        run(t, {
          fontSize,
          bold: t.startsWith('達成率'),
          color: t.startsWith('達成率') ? COLOURS.highlight : COLOURS.ink,
          breakLine: more || i < rest.length - 1,
        }),
      ),
    ];
  });
}

const headline = (i: InitiativeModel): string => `● ${i.text}${i.date ? `(${i.date})` : ''}`;

export const initiativeTexts = (s: SectionModel): string[] =>
  s.initiatives.flatMap((i) => [
    `${headline(i)}${i.isNew ? '【新】' : ''}`,
    ...i.details.map((d) => `　▶ ${d}`),
  ]);

export function initiativeRuns(s: SectionModel, fontSize: number): TextRun[] {
  return s.initiatives.flatMap((item, n) => {
    const more = n < s.initiatives.length - 1;
    const head = [
      run(headline(item), {
        fontSize,
        bold: true,
        breakLine: !item.isNew && (more || item.details.length > 0),
      }),
    ];
    if (item.isNew)
      head.push(
        run('【新】', {
          fontSize,
          bold: true,
          color: COLOURS.highlight,
          breakLine: more || item.details.length > 0,
        }),
      );
    return [
      ...head,
      ...lines(
        item.details.map((d) => `　▶ ${d}`),
        { fontSize },
        more,
      ),
    ];
  });
}

/** Estimated height of a section's row given the three column widths. */
export function sectionHeight(s: SectionModel, widths: readonly number[], fontSize: number): number {
  const [g = 1, c = 1, i = 1] = widths.map((w) => w - 0.12);
  return (
    Math.max(
      textHeight(guidelineTexts(s), g, fontSize),
      textHeight(cardsTexts(s), c, fontSize),
      textHeight(initiativeTexts(s), i, fontSize),
    ) + 0.1
  );
}
