// Reading a filled-in 調査票 against what is stored: every problem named by its cell, or per measure the changes
// (each against the version the workbook was pre-filled from), the rows old → new and the status after them.
import type { AnswerChanges } from '../../db/repositories/answer.repository.ts';
import { measuresOfDepartment } from '../../domain/campaign/campaign.ts';
import { departmentKpis } from '../../domain/editing/editable.ts';
import {
  answerProblems,
  type MeasureAnswerInput,
  previewMeasure,
  readMeasureAnswer,
} from '../../domain/editing/measure-answer.ts';
import type { StoredAnswer } from '../../domain/editing/stored-answer.ts';
import type { MeasureEvaluation } from '../../domain/evaluation/measure-status.ts';
import { kpisOfMeasure, type Plan } from '../../domain/plan/model.ts';
import type { Measure } from '../../domain/plan/schema.ts';
import type { SurveyUpload } from '../../io/survey/survey-model.ts';
import { answerChanges, noChanges, readStoredAnswer } from './answer-changes.ts';
import type { Staff } from './staff-options.ts';

const CHANGED_SINCE_DOWNLOAD =
  'この調査票をダウンロードした後に、ほかの人が変更しています。調査票をダウンロードし直して入力してください';

/** The stored answers of a department's measures, each value with the version read with it. */
export async function departmentAnswers(
  staff: Staff,
  plan: Plan,
  fy: number,
  department: string,
): Promise<Map<string, StoredAnswer>> {
  const answers = new Map<string, StoredAnswer>();
  for (const m of measuresOfDepartment(plan, department)) {
    answers.set(m.id, await readStoredAnswer(staff.db, staff.planId, plan, m, fy));
  }
  return answers;
}

/** One measure's reading of the workbook: the form input it amounts to, errors by cell, preview and changes. */
export interface MeasurePreview {
  readonly measure: Measure;
  readonly rows: readonly { label: string; before: string; after: string }[];
  readonly after: MeasureEvaluation;
  readonly changes: AnswerChanges;
}

/** Reads an upload against the stored plan: every problem named by its cell, or a preview per measure. */
export async function previewUpload(
  staff: Staff,
  plan: Plan,
  fiscalYear: number,
  department: string,
  upload: SurveyUpload,
): Promise<{ ok: true; measures: MeasurePreview[] } | { ok: false; issues: string[] }> {
  const issues: string[] = [];
  const measures: MeasurePreview[] = [];
  const fy = fiscalYear;
  for (const measure of measuresOfDepartment(plan, department)) {
    // The values the preview compares with and the versions the confirmation writes against: one read.
    const { input: stored, versions } = await readStoredAnswer(staff.db, staff.planId, plan, measure, fy);
    const mine = new Set(departmentKpis(plan, measure, department).map((k) => k.id));
    const cells = new Map<string, string>();
    const input: MeasureAnswerInput = {
      kpis: stored.kpis.map((k) => {
        const row = upload.kpis.find((u) => u.measureId === measure.id && u.kpiId === k.kpi);
        if (row === undefined || !mine.has(k.kpi)) return k;
        cells.set(`kpi.${k.kpi}.value`, row.cell);
        cells.set(`kpi.${k.kpi}.note`, row.cell);
        return { kpi: k.kpi, value: row.value, provisional: row.provisional, note: row.note };
      }),
      analysis: (() => {
        const row = upload.analyses.find((a) => a.measureId === measure.id);
        if (row === undefined) return stored.analysis;
        cells.set('analysis', row.cell);
        return row.text;
      })(),
    };
    const { answer, errors } = readMeasureAnswer(plan, measure, input);
    const after = previewMeasure(plan, measure, fy, answer);
    const problems = {
      ...errors,
      ...(Object.keys(errors).length === 0 ? answerProblems(after, answer) : {}),
    };
    for (const [field, message] of Object.entries(problems)) {
      issues.push(`${cells.get(field) ?? measure.name}: ${message.replace(/^＊/, '')}（${measure.name}）`);
    }
    // Each change is written against the version the workbook was pre-filled from (a workbook that records none is
    // based on what is stored now); a row changed since the download is refused rather than silently overwritten.
    const based = {
      actuals: new Map(
        [...versions.actuals].map(([kpi, now]) => [
          kpi,
          upload.kpis.find((u) => u.measureId === measure.id && u.kpiId === kpi)?.version ?? now,
        ]),
      ),
      analysis: upload.analyses.find((a) => a.measureId === measure.id)?.version ?? versions.analysis,
    };
    const changes = answerChanges(stored, input, answer, mine, based);
    for (const [kpi, change] of changes.actuals) {
      if (change.expectedVersion === versions.actuals.get(kpi)) continue;
      const now = stored.kpis.find((k) => k.kpi === kpi)?.value || '空欄';
      issues.push(
        `${cells.get(`kpi.${kpi}.value`) ?? measure.name}: ${CHANGED_SINCE_DOWNLOAD}（現在の値: ${now}）`,
      );
    }
    if (changes.analysis !== undefined && changes.analysis.expectedVersion !== versions.analysis) {
      issues.push(`${cells.get('analysis') ?? measure.name}: 要因分析は${CHANGED_SINCE_DOWNLOAD}`);
    }
    const rows: { label: string; before: string; after: string }[] = [];
    for (const kpi of kpisOfMeasure(plan, measure)) {
      if (!changes.actuals.has(kpi.id)) continue;
      const b = stored.kpis.find((k) => k.kpi === kpi.id);
      const a = input.kpis.find((k) => k.kpi === kpi.id);
      const show = (k: typeof a) =>
        k === undefined || k.value === ''
          ? '（空欄）'
          : `${k.value}${k.provisional ? '（見込み）' : '（確定）'}${k.note === '' ? '' : ` 備考: ${k.note}`}`;
      rows.push({ label: `${kpi.name} 実績値`, before: show(b), after: show(a) });
    }
    if (changes.analysis !== undefined) {
      rows.push({
        label: '要因分析',
        before: stored.analysis || '（空欄）',
        after: input.analysis || '（空欄）',
      });
    }
    measures.push({ measure, rows, after, changes });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, measures };
}

/** The changes travel to the confirming request as JSON with their versions; the server checks them again. */
export const serialise = (measures: readonly MeasurePreview[]): string =>
  JSON.stringify(
    measures
      .filter((m) => !noChanges(m.changes))
      .map((m) => ({
        measure: m.measure.id,
        actuals: [...m.changes.actuals],
        analysis: m.changes.analysis ?? null,
      })),
  );
