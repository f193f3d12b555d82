import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import {
  type ActualCells,
  type AnswerChanges,
  type RowChange,
  readAnswerRows,
} from '../../db/repositories/answer.repository.ts';
import type { MeasureAnswer, MeasureAnswerInput } from '../../domain/editing/measure-answer.ts';
import { type StoredAnswer, storedAnswer } from '../../domain/editing/stored-answer.ts';
import { kpisOfMeasure, type Plan } from '../../domain/plan/model.ts';
import type { Measure } from '../../domain/plan/schema.ts';
import { quantityCells } from '../../domain/tables/cells.ts';

type KpiInput = MeasureAnswerInput['kpis'][number];

const sameKpiInput = (a: KpiInput, b: KpiInput) =>
  a.value.trim() === b.value.trim() && a.provisional === b.provisional && a.note.trim() === b.note.trim();

/**
 * The rows to write for an answer: only what differs from the stored answer, each guarded by the version the
 * person's form (or workbook preview) was built on, and only KPIs the person may change.
 */
export function answerChanges(
  stored: MeasureAnswerInput,
  posted: MeasureAnswerInput,
  answer: MeasureAnswer,
  editable: ReadonlySet<string>,
  versions: { readonly actuals: ReadonlyMap<string, number>; readonly analysis: number },
): AnswerChanges {
  const actuals = new Map<string, RowChange<ActualCells>>();
  for (const k of answer.kpis) {
    if (!editable.has(k.kpi)) continue;
    const before = stored.kpis.find((s) => s.kpi === k.kpi);
    const after = posted.kpis.find((s) => s.kpi === k.kpi);
    if (before !== undefined && after !== undefined && sameKpiInput(before, after)) continue;
    const next: ActualCells | null =
      k.value === null
        ? null
        : {
            ...(quantityCells(k.value) as Pick<
              ActualCells,
              'value' | 'missing' | 'marker' | 'percent' | 'approximate'
            >),
            provisional: k.provisional,
            note: k.note,
          };
    actuals.set(k.kpi, { expectedVersion: versions.actuals.get(k.kpi) ?? -1, next });
  }
  const analysisChanged = (answer.analysis ?? '') !== stored.analysis.trim();
  return {
    actuals,
    ...(analysisChanged ? { analysis: { expectedVersion: versions.analysis, next: answer.analysis } } : {}),
  };
}

/** True when the changes write nothing. */
export const noChanges = (changes: AnswerChanges): boolean =>
  changes.actuals.size === 0 && changes.analysis === undefined;

/**
 * A measure's answer as stored now, with the versions read in the same statements as the values: what every answer
 * form, conflict page and 調査票 preview starts from (never a cached plan's values beside a separate version query).
 */
export async function readStoredAnswer(
  db: Kysely<Database>,
  planId: number,
  plan: Plan,
  measure: Measure,
  fiscalYear: number,
): Promise<StoredAnswer> {
  const kpis = kpisOfMeasure(plan, measure).map((k) => k.id);
  return storedAnswer(
    plan,
    measure,
    fiscalYear,
    await readAnswerRows(db, planId, measure.id, kpis, fiscalYear),
  );
}
