// The staff home (/admin: the year's measures, for one department with ?department=) and the answer form of a
// measure and year: preview, save through the answer use case (src/app/answers.ts), and the conflict page when
// someone else saved first.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { answerClosedReason, recordAnswer } from '../../app/answers.ts';
import { Refusal } from '../../app/workspace.ts';
import { findCycle, listAnswers } from '../../db/repositories/campaign.repository.ts';
import { VersionConflictError } from '../../db/repositories/kpi-value.repository.ts';
import { answeringDepartments, missingItems } from '../../domain/campaign/campaign.ts';
import { editableKpis, mayEditAnalysis, visibleMeasures } from '../../domain/editing/editable.ts';
import {
  answerProblems,
  type MeasureAnswerInput,
  measureDepartments,
  ownerLabel,
  previewMeasure,
  readMeasureAnswer,
} from '../../domain/editing/measure-answer.ts';
import { evaluateKpi } from '../../domain/evaluation/kpi-evaluation.ts';
import { judgeMeasure } from '../../domain/evaluation/measure-status.ts';
import { departmentLabel, kpisOfMeasure, type Plan } from '../../domain/plan/model.ts';
import { yearOutsidePlan } from '../../domain/plan/period.ts';
import type { Measure } from '../../domain/plan/schema.ts';
import { type Actor, mayActForAny, onBehalfOf } from '../../domain/staff/actor.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { answerChanges, readStoredAnswer } from '../staff/answer-changes.ts';
import { answerConflict } from '../staff/answer-conflict.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { AnswerPage, type ConflictRow } from '../views/admin/answer-page.tsx';
import { type DepartmentChoice, StaffHome } from '../views/admin/staff-home.tsx';

type Ctx = Context<AppEnv>;

function measureAndYear(c: Ctx): { plan: Plan; measure: Measure; fiscalYear: number } {
  const plan = c.var.site.plan;
  const measure = plan.measures.get(c.req.param('measure') ?? '');
  if (measure === undefined) throw new AppError('not_found', '施策が見つかりません。');
  const fy = Number(c.req.param('fy'));
  const outside = Number.isInteger(fy)
    ? yearOutsidePlan(plan.document.plan.period, 'record', fy)
    : `年度「${c.req.param('fy')}」を読み取れません。`;
  if (outside !== undefined) throw new AppError('not_found', outside);
  return { plan, measure, fiscalYear: fy };
}

/** The names of the departments an admin enters this measure for without belonging to them (代理入力). */
const proxyNames = (plan: Plan, measure: Measure, actor: Actor): string[] =>
  onBehalfOf(actor, measureDepartments(measure)).map((code) => {
    const department = plan.departments.get(code);
    return department === undefined ? code : departmentLabel(department);
  });

function currentEvaluation(plan: Plan, measure: Measure, fiscalYear: number) {
  const rules = plan.document.plan.rules;
  return judgeMeasure(
    measure,
    kpisOfMeasure(plan, measure).map((k) => evaluateKpi(k, fiscalYear, rules)),
  );
}

/**
 * The department of `?department=`: any answering department for admins and viewers, an editor's own for editors.
 * An unknown code is a bad request naming the field; another department's code is refused for an editor.
 */
function departmentChoice(c: Ctx, plan: Plan, actor: Actor): DepartmentChoice {
  const label = (code: string) => {
    const d = plan.departments.get(code);
    return d === undefined ? code : departmentLabel(d);
  };
  const options = answeringDepartments(plan)
    .filter((code) => mayActForAny(actor, [code]))
    .map((code) => ({ code, label: label(code) }));
  const raw = c.req.query('department') ?? '';
  if (raw === '') return { options, proxy: false };
  const department = plan.departments.get(raw);
  if (department === undefined) {
    throw new AppError(
      'bad_request',
      `＊所属「${raw.slice(0, 40)}」は登録されていません。所属は一覧から選んでください。`,
    );
  }
  if (!mayActForAny(actor, [raw])) {
    throw new AppError('forbidden', `＊所属「${label(raw)}」は担当する所属ではないため、表示できません。`);
  }
  return {
    options,
    selected: { code: raw, division: department.division, label: label(raw) },
    proxy: actor.role === 'admin' && onBehalfOf(actor, [raw]).length > 0,
  };
}

/** The answer form's text from a posted body; KPIs not editable by this person keep their stored text. */
function postedInput(
  body: Record<string, unknown>,
  stored: MeasureAnswerInput,
  editable: ReadonlySet<string>,
): MeasureAnswerInput {
  return {
    kpis: stored.kpis.map((k) =>
      editable.has(k.kpi)
        ? {
            kpi: k.kpi,
            value: formText(body, `kpi.${k.kpi}.value`),
            provisional: formText(body, `kpi.${k.kpi}.provisional`) === '1',
            note: formText(body, `kpi.${k.kpi}.note`),
          }
        : k,
    ),
    analysis: formText(body, 'analysis'),
  };
}

const versionOf = (body: Record<string, unknown>, name: string): number | undefined => {
  const raw = formText(body, name);
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
};

export const adminAnswerRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const staff = staffOf(c);
    const { session } = signedInOf(c);
    const actor = actorOf(c);
    const plan = c.var.site.plan;
    const fy = plan.reportYear;
    const choice = departmentChoice(c, plan, actor);
    const chosen = choice.selected?.code;
    const measures = visibleMeasures(plan, actor).filter(
      (m) => chosen === undefined || measureDepartments(m).includes(chosen),
    );
    const cycle = await findCycle(staff.db, staff.planId, fy);
    const answers =
      cycle === undefined || actor.role !== 'editor'
        ? []
        : (await listAnswers(staff.db, cycle.id)).filter((a) => mayActForAny(actor, [a.department]));
    return staffPage(
      c,
      choice.selected === undefined ? '実績の入力' : `${choice.selected.division}の施策`,
      <StaffHome
        fiscalYear={fy}
        editor={actor.role === 'editor'}
        measures={measures.map((m) => ({
          id: m.id,
          name: m.name,
          owner: ownerLabel(plan, m),
          status: currentEvaluation(plan, m, fy).status,
          analysisEntered: (m.analyses.find((a) => a.fiscalYear === fy)?.text ?? '') !== '',
        }))}
        {...(cycle === undefined ? {} : { cycle })}
        answers={answers.map((answer) => {
          const name = plan.departments.get(answer.department);
          return {
            answer,
            departmentName: name === undefined ? answer.department : `${name.bureau} ${name.division}`,
            missing: missingItems(plan, answer.department, fy),
          };
        })}
        choice={choice}
        changed={c.req.query('changed')}
        done={c.req.query('done')}
        csrf={session.csrfToken}
      />,
    );
  })
  .get('/measures/:measure/years/:fy', async (c) => {
    const staff = staffOf(c);
    const { session } = signedInOf(c);
    const actor = actorOf(c);
    const { plan, measure, fiscalYear } = measureAndYear(c);
    const stored = await readStoredAnswer(staff.db, staff.planId, plan, measure, fiscalYear);
    const closed = await answerClosedReason(staff, actor, measure, fiscalYear);
    return staffPage(
      c,
      `${measure.name} の実績`,
      <AnswerPage
        plan={plan}
        measure={measure}
        fiscalYear={fiscalYear}
        owner={ownerLabel(plan, measure)}
        input={stored.input}
        versions={stored.versions}
        editable={closed === undefined ? editableKpis(plan, measure, actor) : new Set()}
        canEditAnalysis={closed === undefined && mayEditAnalysis(actor, measure)}
        notice={closed}
        current={currentEvaluation(plan, measure, fiscalYear)}
        errors={{}}
        saved={c.req.query('saved') === '1'}
        csrf={session.csrfToken}
        onBehalfOf={proxyNames(plan, measure, actor)}
      />,
    );
  })
  .post('/measures/:measure/years/:fy', async (c) => {
    const staff = staffOf(c);
    const { session } = signedInOf(c);
    const actor = actorOf(c);
    const { plan, measure, fiscalYear } = measureAndYear(c);
    const body = await c.req.parseBody();
    const closed = await answerClosedReason(staff, actor, measure, fiscalYear);
    const editable = closed === undefined ? editableKpis(plan, measure, actor) : new Set<string>();
    // What is stored now: the changes to write are what the post differs in, each guarded by the form's version.
    const stored = (await readStoredAnswer(staff.db, staff.planId, plan, measure, fiscalYear)).input;
    const input = postedInput(body, stored, editable);
    const { answer, errors: readErrors } = readMeasureAnswer(plan, measure, input);
    const preview = previewMeasure(plan, measure, fiscalYear, answer);
    const errors = {
      ...readErrors,
      ...(Object.keys(readErrors).length === 0 ? answerProblems(preview, answer) : {}),
    };
    const formVersions = {
      actuals: new Map([...editable].map((k) => [k, versionOf(body, `kpi.${k}.version`) ?? -1])),
      analysis: versionOf(body, 'analysis.version') ?? -1,
    };
    const render = (
      status: number,
      extra: { conflicts?: ConflictRow[]; versions?: typeof formVersions; refusal?: string } = {},
    ) =>
      staffPage(
        c,
        `${measure.name} の実績`,
        <AnswerPage
          plan={plan}
          measure={measure}
          fiscalYear={fiscalYear}
          owner={ownerLabel(plan, measure)}
          input={input}
          versions={extra.versions ?? formVersions}
          editable={editable}
          canEditAnalysis={closed === undefined}
          current={currentEvaluation(plan, measure, fiscalYear)}
          onBehalfOf={proxyNames(plan, measure, actor)}
          preview={Object.keys(readErrors).length === 0 ? preview : undefined}
          errors={errors}
          conflicts={extra.conflicts}
          refusal={extra.refusal}
          csrf={session.csrfToken}
        />,
        status,
      );
    if (closed !== undefined) return render(409, { refusal: closed });
    if (formText(body, 'intent') === 'preview') return render(200, {});
    if (Object.keys(errors).length > 0) return render(400);

    const changes = answerChanges(stored, input, answer, editable, formVersions);
    try {
      await recordAnswer(staff, actor, { plan, fiscalYear, answers: [{ measure: measure.id, changes }] });
    } catch (e) {
      if (e instanceof Refusal && e.kind === 'conflict') return render(409, { refusal: e.message });
      if (!(e instanceof VersionConflictError)) throw e;
      const fresh = (await c.var.source.fresh()).plan;
      const conflict = await answerConflict(
        staff.db,
        staff.planId,
        fresh,
        measure,
        fiscalYear,
        input,
        formVersions,
      );
      staff.logger.info(
        { event: 'answer_conflict', measure: measure.id, fiscalYear, requestId: c.var.requestId },
        'stale save refused',
      );
      return render(409, conflict);
    }
    c.var.source.invalidate();
    staff.logger.info(
      {
        event: 'answer_saved',
        login: actor.login,
        measure: measure.id,
        fiscalYear,
        requestId: actor.requestId,
      },
      'answer saved',
    );
    return c.redirect(`/admin/measures/${encodeURIComponent(measure.id)}/years/${fiscalYear}?saved=1`, 303);
  });
