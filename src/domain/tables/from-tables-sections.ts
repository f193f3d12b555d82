// Rebuilds a goal page's sections: guidelines, headline KPI cards with what they printed, and initiatives.
import { valueText } from './cells.ts';
import type { Cell, TableName } from './definitions.ts';
import { cell, compact, type Entry, nonEmpty, sortByNumber } from './read-rows.ts';

/** Decides how a card names its KPI (an id, or the definition) and knows each KPI's unit. */
export interface CardKpis {
  place(id: string, table: TableName, entry: Entry): unknown;
  unit(id: string): Cell | undefined;
}

export interface Positioned {
  readonly entry: Entry;
  readonly position: number;
}
export interface Card extends Positioned {
  readonly kpi: string | undefined;
  readonly values: Positioned[];
}
export interface InitiativeNode extends Positioned {
  readonly details: Positioned[];
  readonly figures: Positioned[];
}
export interface SectionNode {
  readonly guidelines: Positioned[];
  readonly cards: Map<number, Card>;
  readonly initiatives: Map<number, InitiativeNode>;
}
/** Items in position order (row order for ties). */
export const sorted = <T extends Positioned>(items: Iterable<T>): T[] =>
  sortByNumber([...items], (i) => i.position);

/** The raw input of one section (ポリシー行動指針の枠). */
export function sectionInput(section: SectionNode, kpis: CardKpis): unknown {
  return compact({
    guidelines: sorted(section.guidelines).map((g) => g.entry.row.text),
    headlineKpis: nonEmpty(sorted(section.cards.values()).map((c) => cardInput(c, kpis))),
    initiatives: nonEmpty(sorted(section.initiatives.values()).map(initiativeInput)),
  });
}

const PUBLISHED_COLUMNS = [
  'published_target_at',
  'published_target',
  'published_achievement_rate',
  'published_note',
];

function cardInput(card: Card, kpis: CardKpis): unknown {
  const { row } = card.entry;
  const id = card.kpi ?? '';
  const display = [row.display_unit, row.display_divisor, row.display_digits].some((v) => v != null)
    ? compact({ unit: row.display_unit, divisor: row.display_divisor, digits: row.display_digits })
    : undefined;
  const hasPublished =
    row.has_published === true ||
    card.values.length > 0 ||
    PUBLISHED_COLUMNS.some((k) => cell(row, k) !== null);
  // The tables keep no % mark for what a card printed: a card without its own display unit prints a % KPI with
  // 「%」 (seed: 66.5%, 72.5%), and the achievement rate is always a percentage.
  const percent = display === undefined && kpis.unit(id) === '%';
  const printed = (value: Cell) => (value === null ? '—' : valueText(value, { percent }));
  const target =
    row.published_target_at != null || row.published_target != null
      ? compact({ at: row.published_target_at, value: printed(cell(row, 'published_target')) })
      : undefined;
  const published = hasPublished
    ? compact({
        values: nonEmpty(
          sorted(card.values).map(({ entry }) =>
            compact({ at: entry.row.at, value: printed(cell(entry.row, 'value')) }),
          ),
        ),
        target,
        achievementRate:
          row.published_achievement_rate == null
            ? undefined
            : valueText(row.published_achievement_rate, { percent: true }),
        note: row.published_note,
      })
    : undefined;
  const kpi = card.kpi === undefined ? undefined : kpis.place(card.kpi, 'headline_kpis', card.entry);
  return compact({ kpi, display, published });
}

function initiativeInput(initiative: InitiativeNode): unknown {
  const { row } = initiative.entry;
  return compact({
    text: row.text,
    emphasis: row.emphasis,
    date: row.date,
    until: row.until,
    // isNew defaults to false: written only when set (or when it is not a boolean, for loadPlan to report).
    isNew: row.is_new === false ? undefined : row.is_new,
    details: nonEmpty(sorted(initiative.details).map((d) => d.entry.row.text)),
    figures: nonEmpty(
      sorted(initiative.figures).map(({ entry: { row: f } }) =>
        compact({
          label: f.label,
          value: f.value == null ? '—' : valueText(f.value, { approximate: f.approximate === true }),
          unit: f.unit,
        }),
      ),
    ),
  });
}
