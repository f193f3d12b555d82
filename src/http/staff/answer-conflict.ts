// The answer form's refused save: what someone else stored beside what this person sent, and the versions the
// re-apply form carries (read in the same statements as the values).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { MeasureAnswerInput } from '../../domain/editing/measure-answer.ts';
import { kpisOfMeasure, type Plan } from '../../domain/plan/model.ts';
import type { Measure } from '../../domain/plan/schema.ts';
import type { ConflictRow } from '../views/admin/answer-page.tsx';
import { readStoredAnswer } from './answer-changes.ts';

export interface FormVersions {
  readonly actuals: ReadonlyMap<string, number>;
  readonly analysis: number;
}

const cellsText = (value: string, provisional: boolean, note: string) =>
  `${value === '' ? '（空欄）' : value}${provisional ? '（見込み）' : ''}${note === '' ? '' : ` 備考: ${note}`}`;

/** The rows that differ from the form's versions, and the latest versions of the form's rows. */
export async function answerConflict(
  db: Kysely<Database>,
  planId: number,
  plan: Plan,
  measure: Measure,
  fiscalYear: number,
  input: MeasureAnswerInput,
  formVersions: FormVersions,
): Promise<{ conflicts: ConflictRow[]; versions: { actuals: Map<string, number>; analysis: number } }> {
  const current = plan.measures.get(measure.id) ?? measure;
  // Their values and the versions the re-apply form carries come from the same read of the rows.
  const { input: theirs, versions: latest } = await readStoredAnswer(db, planId, plan, current, fiscalYear);
  const conflicts: ConflictRow[] = [];
  for (const kpi of kpisOfMeasure(plan, current)) {
    if (!formVersions.actuals.has(kpi.id)) continue;
    if ((latest.actuals.get(kpi.id) ?? 0) === formVersions.actuals.get(kpi.id)) continue;
    const t = theirs.kpis.find((k) => k.kpi === kpi.id);
    const y = input.kpis.find((k) => k.kpi === kpi.id);
    conflicts.push({
      label: `${kpi.name}（実績値）`,
      theirs: t === undefined ? '（空欄）' : cellsText(t.value, t.provisional, t.note),
      yours: y === undefined ? '（空欄）' : cellsText(y.value, y.provisional, y.note),
    });
  }
  if (latest.analysis !== formVersions.analysis) {
    conflicts.push({
      label: '要因分析',
      theirs: theirs.analysis === '' ? '（空欄）' : theirs.analysis,
      yours: input.analysis === '' ? '（空欄）' : input.analysis,
    });
  }
  return {
    conflicts,
    versions: {
      actuals: new Map([...formVersions.actuals.keys()].map((k) => [k, latest.actuals.get(k) ?? 0])),
      analysis: latest.analysis,
    },
  };
}
