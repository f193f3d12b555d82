// What of the plan a person works on and may change: the answer form, the write API and the 調査票 ask here, and
// the answer use case (src/app/answers.ts) checks every change against the same rule. Department scope itself is
// decided only by domain/staff/actor.ts.
import { measuresOfDepartment } from '../campaign/campaign.ts';
import { kpisOfMeasure, type Plan } from '../plan/model.ts';
import type { Kpi, Measure } from '../plan/schema.ts';
import { type Actor, mayActForAny, mayWrite } from '../staff/actor.ts';
import { kpiDepartments, measureDepartments } from './measure-answer.ts';

type Person = Pick<Actor, 'role' | 'departments'>;

/** Measures a person works on: an editor's own departments' measures, every measure for admins and viewers. */
export const visibleMeasures = (plan: Plan, person: Person): Measure[] =>
  plan.document.measures.filter((m) => mayActForAny(person, measureDepartments(m)));

/** Whether this person may change the actual of a KPI: a writer acting for one of the departments answering it. */
export const mayEditKpi = (plan: Plan, person: Person, kpiId: string): boolean =>
  mayWrite(person) && mayActForAny(person, kpiDepartments(plan, kpiId));

/** Whether this person may change a measure's 要因分析: a writer acting for one of the measure's departments. */
export const mayEditAnalysis = (person: Person, measure: Measure): boolean =>
  mayWrite(person) && mayActForAny(person, measureDepartments(measure));

/** KPIs of a measure this person may change: for editors, those answered by one of their departments. */
export const editableKpis = (plan: Plan, measure: Measure, person: Person): Set<string> =>
  new Set(
    kpisOfMeasure(plan, measure)
      .map((k) => k.id)
      .filter((id) => mayEditKpi(plan, person, id)),
  );

/** The KPIs of a measure a department answers (another department's KPI shown in the measure is not theirs). */
export const departmentKpis = (plan: Plan, measure: Measure, department: string): Kpi[] =>
  kpisOfMeasure(plan, measure).filter((k) => kpiDepartments(plan, k.id).includes(department));

/** Whether a measure is on a department's 調査票 (its own measures and the joint measures it shares). */
export const answersMeasure = (plan: Plan, department: string, measure: Measure): boolean =>
  measuresOfDepartment(plan, department).includes(measure);
