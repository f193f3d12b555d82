// The goal pages as rows: the goal tree, and per section (ポリシー行動指針の枠) its guidelines, headline KPI cards with
// what they printed, and the major initiatives with their ▶ lines and figures.
import { walkGoals } from '../plan/model.ts';
import type { Goal, HeadlineKpi, Initiative, PlanDocument } from '../plan/schema.ts';
import { decimalCell, makeRow, quantityDecimalCell, textCell, timePointCell } from './cells.ts';
import type { PlanTables } from './definitions.ts';

/** Where a section is: the goal's code and the section's 0-based index in that goal. */
interface SectionPlace {
  readonly goal: string;
  readonly section: number;
}

/** The KPI id a card shows, whether it names a measure's KPI or defines its own. */
export const cardKpiId = (card: HeadlineKpi): string =>
  typeof card.kpi === 'string' ? card.kpi : card.kpi.id;

/** Adds the goal tree (depth-first, document order) and everything on the goal pages to `tables`. */
export function addGoalRows(doc: PlanDocument, tables: PlanTables): void {
  for (const { goal, ancestors } of walkGoals(doc.goals)) {
    const parent = ancestors.at(-1);
    const siblings = parent === undefined ? doc.goals : parent.children;
    tables.goals.push(goalRow(goal, parent?.code ?? null, siblings.indexOf(goal)));
    goal.sections.forEach((section, s) => {
      const place: SectionPlace = { goal: goal.code, section: s };
      section.guidelines.forEach((text, position) => {
        tables.guidelines.push(makeRow('guidelines', { ...place, position, text }));
      });
      section.headlineKpis.forEach((card, position) => {
        addCardRows(card, { ...place, position }, tables);
      });
      section.initiatives.forEach((initiative, position) => {
        addInitiativeRows(initiative, { ...place, position }, tables);
      });
    });
  }
}

function goalRow(goal: Goal, parent: string | null, position: number) {
  return makeRow('goals', {
    code: goal.code,
    parent,
    position,
    kind: goal.kind,
    number: goal.number ?? null,
    marker: textCell(goal.marker),
    label: textCell(goal.label),
    title: goal.title,
  });
}

function addCardRows(
  card: HeadlineKpi,
  place: SectionPlace & { position: number },
  tables: PlanTables,
): void {
  const { published, display } = card;
  tables.headline_kpis.push(
    makeRow('headline_kpis', {
      ...place,
      kpi: cardKpiId(card),
      display_unit: display?.unit ?? null,
      display_divisor: display?.divisor ?? null,
      display_digits: display?.digits ?? null,
      published_target_at: timePointCell(published?.target?.at),
      published_target: quantityDecimalCell(published?.target?.value),
      published_achievement_rate: quantityDecimalCell(published?.achievementRate),
      published_note: textCell(published?.note),
      // `published: {}` is kept: a card that printed nothing readable is not a card without a published block.
      has_published: published !== undefined,
    }),
  );
  published?.values.forEach((value, position) => {
    tables.headline_published_values.push(
      makeRow('headline_published_values', {
        goal: place.goal,
        section: place.section,
        card: place.position,
        position,
        at: timePointCell(value.at),
        value: quantityDecimalCell(value.value),
      }),
    );
  });
}

function addInitiativeRows(
  initiative: Initiative,
  place: SectionPlace & { position: number },
  tables: PlanTables,
): void {
  tables.initiatives.push(
    makeRow('initiatives', {
      ...place,
      text: initiative.text,
      emphasis: textCell(initiative.emphasis),
      date: timePointCell(initiative.date),
      until: timePointCell(initiative.until),
      is_new: initiative.isNew,
    }),
  );
  const owner = { goal: place.goal, section: place.section, initiative: place.position };
  initiative.details.forEach((text, position) => {
    tables.initiative_details.push(makeRow('initiative_details', { ...owner, position, text }));
  });
  initiative.figures.forEach((figure, position) => {
    const { value } = figure;
    tables.initiative_figures.push(
      makeRow('initiative_figures', {
        ...owner,
        position,
        label: figure.label,
        value: value.kind === 'value' ? decimalCell(value.value) : null,
        approximate: value.kind === 'value' && value.approximate,
        unit: figure.unit,
      }),
    );
  });
}
