// The content of a department's 調査票 for a year, from the plan and the stored answers: the plan's figures, and each
// answer with the version of the row it was read from, so that an upload is checked against them.
import { measuresOfDepartment } from '../../domain/campaign/campaign.ts';
import { departmentKpis } from '../../domain/editing/editable.ts';
import { actualOf } from '../../domain/editing/measure-answer.ts';
import { type StoredAnswer, storedAnswer } from '../../domain/editing/stored-answer.ts';
import { targetBasisText } from '../../domain/evaluation/judgement-basis.ts';
import { evaluateKpi } from '../../domain/evaluation/kpi-evaluation.ts';
import { baselineOutput, targetOutput } from '../../domain/output/kpi-output.ts';
import { departmentLabel, type Plan } from '../../domain/plan/model.ts';
import type { Measure } from '../../domain/plan/schema.ts';
import { formatQuantity } from '../../domain/values/quantity.ts';
import type { SurveySheet } from './survey-model.ts';

const NO_ROWS = { actuals: new Map(), analysis: undefined } as const;

/**
 * The pre-filled workbook content of one department for a year: the plan's figures, and each answer with the version
 * of the row it was read from (`answers`: measure id → stored answer), so that an upload is checked against them.
 */
export function surveySheet(
  plan: Plan,
  cycle: { readonly fiscalYear: number; readonly dueDate: string | null },
  department: string,
  answers: ReadonlyMap<string, StoredAnswer>,
): SurveySheet {
  const fy = cycle.fiscalYear;
  const d = plan.departments.get(department);
  const stored = (m: Measure) => answers.get(m.id) ?? storedAnswer(plan, m, fy, NO_ROWS);
  return {
    organisationName: plan.document.organisation.name,
    planCode: plan.document.plan.id,
    planName: plan.document.plan.name,
    fiscalYear: fy,
    departmentCode: department,
    departmentName: d === undefined ? department : departmentLabel(d),
    dueDate: cycle.dueDate,
    measures: measuresOfDepartment(plan, department).map((m) => {
      const { input: answer, versions } = stored(m);
      return {
        measureId: m.id,
        measureName: m.name,
        analysis: answer.analysis,
        analysisVersion: versions.analysis,
        kpis: departmentKpis(plan, m, department).map((k) => {
          const current = answer.kpis.find((a) => a.kpi === k.id);
          const target = k.targets.find((t) => t.fiscalYear === fy);
          const last = actualOf(k, fy - 1);
          return {
            measureId: m.id,
            kpiId: k.id,
            kpiName: k.name,
            unit: k.unit,
            baselineText: k.baseline === undefined ? '—' : baselineOutput(k, k.baseline).text,
            targetText: target === undefined ? '—' : targetOutput(k, target).text,
            targetNote: targetBasisText(evaluateKpi(k, fy, plan.document.plan.rules)),
            lastYearText: last === undefined ? '—' : formatQuantity(last.value),
            valueText: current?.value ?? '',
            provisional: current?.provisional ?? false,
            note: current?.note ?? '',
            version: versions.actuals.get(k.id) ?? 0,
          };
        }),
      };
    }),
  };
}
