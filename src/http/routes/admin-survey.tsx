// The 調査票 round trip: download a department's pre-filled workbook (or all of them as a zip), upload it filled in,
// see every change (old → new, the measure's status after it) and apply it in one transaction only when confirmed.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type AnswerChanges, saveAnswers } from '../../db/repositories/answer.repository.ts';
import {
  CampaignRuleError,
  type Cycle,
  findCycle,
  guardEdit,
} from '../../db/repositories/campaign.repository.ts';
import { VersionConflictError } from '../../db/repositories/kpi-value.repository.ts';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { measuresOfDepartment } from '../../domain/campaign/campaign.ts';
import {
  ANALYSIS_MAX_LENGTH,
  actualOf,
  answerProblems,
  kpiDepartments,
  type MeasureAnswerInput,
  NOTE_MAX_LENGTH,
  previewMeasure,
  readMeasureAnswer,
} from '../../domain/editing/measure-answer.ts';
import { type StoredAnswer, storedAnswer } from '../../domain/editing/stored-answer.ts';
import { otherYearBasisText, targetBasisText } from '../../domain/evaluation/judgement-basis.ts';
import { evaluateKpi } from '../../domain/evaluation/kpi-evaluation.ts';
import type { MeasureEvaluation } from '../../domain/evaluation/measure-status.ts';
import { baselineOutput, targetOutput } from '../../domain/output/kpi-output.ts';
import { departmentLabel, kpisOfMeasure, type Plan } from '../../domain/plan/model.ts';
import type { Measure } from '../../domain/plan/schema.ts';
import { formatQuantity } from '../../domain/values/quantity.ts';
import { writeCsvZip } from '../../io/csv/csv-archive.ts';
import { type FileIssue, formatFileIssue } from '../../io/csv/file-issue.ts';
import { readSurveyWorkbookSandboxed } from '../../io/sandbox/sandbox.ts';
import type { SurveySheet, SurveyUpload } from '../../io/survey/survey-model.ts';
import { writeSurveyWorkbook } from '../../io/survey/survey-write.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { MAX_UPLOAD_BYTES } from '../limits.ts';
import { answerChanges, noChanges, readStoredAnswer } from '../staff/answer-changes.ts';
import { cycleOf, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import type { Staff } from '../staff/staff-options.ts';
import { CsrfField } from '../views/admin/admin-layout.tsx';
import { StatusBadge } from '../views/components/status-badge.tsx';

type Ctx = Context<AppEnv>;

const version = z.number().int().min(0).max(1_000_000_000);
const actualCells = z.strictObject({
  value: z
    .string()
    .regex(/^-?\d{1,15}(\.\d{1,10})?$/)
    .nullable(),
  missing: z.enum(['no-value', 'not-measured', 'not-yet-known']).nullable(),
  marker: z.string().max(20).nullable(),
  percent: z.boolean(),
  approximate: z.boolean(),
  provisional: z.boolean().nullable(),
  note: z.string().max(NOTE_MAX_LENGTH).nullable(),
});
const confirmedChanges = z
  .array(
    z.strictObject({
      measure: z.string().max(100),
      actuals: z
        .array(
          z.tuple([
            z.string().max(100),
            z.strictObject({ expectedVersion: version, next: actualCells.nullable() }),
          ]),
        )
        .max(500),
      analysis: z
        .strictObject({ expectedVersion: version, next: z.string().max(ANALYSIS_MAX_LENGTH).nullable() })
        .nullable(),
    }),
  )
  .max(500);

async function context(c: Ctx): Promise<{ staff: Staff; plan: Plan; cycle: Cycle; department: string }> {
  const staff = staffOf(c);
  const fy = Number(c.req.param('fy'));
  const cycle = Number.isInteger(fy) ? await findCycle(staff.db, staff.planId, fy) : undefined;
  if (cycle === undefined)
    throw new AppError('not_found', `年度「${c.req.param('fy')}」の照会はありません。`);
  const plan = (await c.var.source.fresh()).plan;
  const department = c.req.param('department') ?? '';
  if (!plan.departments.has(department))
    throw new AppError('not_found', `所属「${department}」はありません。`);
  return { staff, plan, cycle, department };
}

/** The KPIs of a measure this department answers (another department's KPI shown in the measure is not theirs). */
const departmentKpis = (plan: Plan, measure: Measure, department: string) =>
  kpisOfMeasure(plan, measure).filter((k) => kpiDepartments(plan, k.id).includes(department));

/**
 * The pre-filled workbook content of one department for a year: the plan's figures, and each answer with the version
 * of the row it was read from (`answers`: measure id → stored answer), so that an upload is checked against them.
 */
export function surveySheet(
  plan: Plan,
  cycle: Cycle,
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

/** 「KPI名: 令和5年度目標値 6 で判定」 for each KPI of the judgement that used another year's figures. */
function BasisNotes({ evaluation }: { evaluation: MeasureEvaluation }) {
  const notes = evaluation.kpis.flatMap((k) => {
    const text = otherYearBasisText(k);
    return text === undefined ? [] : [`${k.kpi.name}: ${text}`];
  });
  if (notes.length === 0) return null;
  return (
    <ul class="basis-notes">
      {notes.map((note) => (
        <li>{note}</li>
      ))}
    </ul>
  );
}

const CHANGED_SINCE_DOWNLOAD =
  'この調査票をダウンロードした後に、ほかの人が変更しています。調査票をダウンロードし直して入力してください';

const NO_ROWS = { actuals: new Map(), analysis: undefined } as const;

/** The stored answers of a department's measures, each value with the version read with it. */
async function departmentAnswers(
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

const xlsxHeaders = (name: string) => ({
  'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'Content-Disposition': `attachment; filename="survey.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
});

/** One measure's reading of the workbook: the form input it amounts to, errors by cell, preview and changes. */
interface MeasurePreview {
  readonly measure: Measure;
  readonly rows: readonly { label: string; before: string; after: string }[];
  readonly after: MeasureEvaluation;
  readonly changes: AnswerChanges;
}

/** Reads an upload against the stored plan: every problem named by its cell, or a preview per measure. */
async function previewUpload(
  staff: Staff,
  plan: Plan,
  cycle: Cycle,
  department: string,
  upload: SurveyUpload,
): Promise<{ ok: true; measures: MeasurePreview[] } | { ok: false; issues: string[] }> {
  const issues: string[] = [];
  const measures: MeasurePreview[] = [];
  const fy = cycle.fiscalYear;
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
const serialise = (measures: readonly MeasurePreview[]): string =>
  JSON.stringify(
    measures
      .filter((m) => !noChanges(m.changes))
      .map((m) => ({
        measure: m.measure.id,
        actuals: [...m.changes.actuals],
        analysis: m.changes.analysis ?? null,
      })),
  );

function UploadForm({
  c,
  cycle,
  department,
  issues,
}: {
  c: Ctx;
  cycle: Cycle;
  department: string;
  issues?: readonly string[];
}) {
  const { session } = signedInOf(c);
  const base = `/admin/cycles/${cycle.fiscalYear}/surveys/${department}`;
  return (
    <>
      {issues !== undefined && issues.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>この調査票は取り込めません（{issues.length}件）</h2>
          <p>データベースは変更していません。次の箇所を直して、もう一度アップロードしてください。</p>
          <ul>
            {issues.map((i) => (
              <li>{i}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        <a href={`${base}/workbook`}>この所属の調査票（Excel）をダウンロード</a>
      </p>
      <form method="post" action={base} enctype="multipart/form-data" class="form-stack">
        <CsrfField token={session.csrfToken} />
        <div class="field">
          <label for="file">入力した調査票（.xlsx）</label>
          <input
            type="file"
            id="file"
            name="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            内容を確認する（まだ保存しません）
          </button>
        </div>
      </form>
    </>
  );
}

const title = (plan: Plan, cycle: Cycle, department: string) => {
  const d = plan.departments.get(department);
  return `${d === undefined ? department : departmentLabel(d)} ${formatFiscalYear(cycle.fiscalYear)}の調査票`;
};

export const adminSurveyRoutes = new Hono<AppEnv>()
  .get('/:fy/surveys.zip', async (c) => {
    const cycle = await cycleOf(c);
    const fy = cycle.fiscalYear;
    const plan = (await c.var.source.fresh()).plan;
    const files = new Map<string, Buffer>();
    for (const d of plan.document.departments) {
      if (measuresOfDepartment(plan, d.code).length === 0) continue;
      const answers = await departmentAnswers(staffOf(c), plan, fy, d.code);
      files.set(
        `調査票_${fy}_${d.code}.xlsx`,
        await writeSurveyWorkbook(surveySheet(plan, cycle, d.code, answers)),
      );
    }
    return c.body(new Uint8Array(await writeCsvZip(files)), 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="surveys-${fy}.zip"; filename*=UTF-8''${encodeURIComponent(`調査票_${fy}.zip`)}`,
    });
  })
  .get('/:fy/surveys/:department/workbook', async (c) => {
    const { staff, plan, cycle, department } = await context(c);
    const answers = await departmentAnswers(staff, plan, cycle.fiscalYear, department);
    const buffer = await writeSurveyWorkbook(surveySheet(plan, cycle, department, answers));
    return c.body(new Uint8Array(buffer), 200, xlsxHeaders(`調査票_${cycle.fiscalYear}_${department}.xlsx`));
  })
  .get('/:fy/surveys/:department', async (c) => {
    const { plan, cycle, department } = await context(c);
    return staffPage(
      c,
      title(plan, cycle, department),
      <>
        <h1>{title(plan, cycle, department)}</h1>
        <UploadForm c={c} cycle={cycle} department={department} />
      </>,
    );
  })
  .post('/:fy/surveys/:department', async (c) => {
    const { staff, plan, cycle, department } = await context(c);
    // The body as a whole was limited while it streamed in (limits.ts); here the file itself.
    const body = await c.req.parseBody();
    const file = body.file;
    const refuse = (issues: readonly string[]) =>
      staffPage(
        c,
        title(plan, cycle, department),
        <>
          <h1>{title(plan, cycle, department)}</h1>
          <UploadForm c={c} cycle={cycle} department={department} issues={issues} />
        </>,
        400,
      );
    if (!(file instanceof File) || file.size === 0) return refuse(['ファイルを選んでください。']);
    if (file.size > MAX_UPLOAD_BYTES) return refuse(['ファイルが大きすぎます（10MBまで）。']);
    // Read in a worker with memory and time limits: a hostile workbook never stalls or takes down the site.
    const read = await readSurveyWorkbookSandboxed(
      Buffer.from(await file.arrayBuffer()),
      { planCode: plan.document.plan.id, fiscalYear: cycle.fiscalYear, departmentCodes: [department] },
      file.name || '調査票.xlsx',
    );
    if (!read.ok) return refuse(read.error.map((i: FileIssue) => formatFileIssue(i)));
    const preview = await previewUpload(staff, plan, cycle, department, read.value);
    if (!preview.ok) return refuse(preview.issues);
    const changed = preview.measures.filter((m) => !noChanges(m.changes));
    const { session } = signedInOf(c);
    return staffPage(
      c,
      title(plan, cycle, department),
      <>
        <h1>{title(plan, cycle, department)}: 取り込む内容の確認</h1>
        {changed.length === 0 ? (
          <p class="notice">保存されている内容から変わった項目はありません。</p>
        ) : (
          <>
            <p>
              次の変更を保存します（{changed.reduce((n, m) => n + m.rows.length, 0)}
              項目）。まだ保存していません。
            </p>
            {changed.map((m) => (
              <section aria-labelledby={`m-${m.measure.id}`}>
                <h2 id={`m-${m.measure.id}`}>
                  {m.measure.name}（保存後の判定: <StatusBadge status={m.after.status} />）
                </h2>
                <BasisNotes evaluation={m.after} />
                <table class="data-table">
                  <caption>{m.measure.name}の変更</caption>
                  <thead>
                    <tr>
                      <th scope="col">項目</th>
                      <th scope="col">変更前</th>
                      <th scope="col">変更後</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.rows.map((r) => (
                      <tr>
                        <th scope="row">{r.label}</th>
                        <td>{r.before}</td>
                        <td>{r.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))}
            <form
              method="post"
              action={`/admin/cycles/${cycle.fiscalYear}/surveys/${department}/apply`}
              class="form-stack"
            >
              <CsrfField token={session.csrfToken} />
              <input type="hidden" name="changes" value={serialise(changed)} />
              <div class="form-actions">
                <button type="submit" class="button">
                  この内容で保存する
                </button>
              </div>
            </form>
          </>
        )}
      </>,
    );
  })
  .post('/:fy/surveys/:department/apply', async (c) => {
    const { staff, cycle, department } = await context(c);
    const { user } = signedInOf(c);
    const raw = (await c.req.parseBody()).changes;
    let json: unknown;
    try {
      json = JSON.parse(typeof raw === 'string' ? raw : '');
    } catch {
      json = undefined;
    }
    // The confirmed changes come back from the browser: they are checked as strictly as any other input.
    const checked = confirmedChanges.safeParse(json);
    if (!checked.success) {
      throw new AppError(
        'bad_request',
        '確認した変更の内容を読み取れません。もう一度アップロードしてください。',
      );
    }
    const parsed = checked.data;
    const plan = (await c.var.source.fresh()).plan;
    const answers = [];
    for (const entry of parsed) {
      const measure = plan.measures.get(String(entry.measure));
      if (measure === undefined || !measuresOfDepartment(plan, department).includes(measure)) {
        throw new AppError('bad_request', `施策「${String(entry.measure)}」はこの所属の調査票にありません。`);
      }
      const mine = new Set(departmentKpis(plan, measure, department).map((k) => k.id));
      const actuals = new Map(entry.actuals.filter(([kpi]) => mine.has(kpi)));
      answers.push({
        measure: measure.id,
        changes: { actuals, ...(entry.analysis ? { analysis: entry.analysis } : {}) },
      });
    }
    try {
      await saveAnswers(
        staff.db,
        staff.planId,
        cycle.fiscalYear,
        answers,
        user.login,
        c.var.requestId,
        (trx) =>
          guardEdit(
            trx,
            staff.planId,
            cycle.fiscalYear,
            [department],
            user.role,
            user.login,
            c.var.requestId,
          ),
      );
    } catch (e) {
      if (e instanceof CampaignRuleError) throw new AppError('conflict', e.message);
      if (e instanceof VersionConflictError) {
        throw new AppError(
          'conflict',
          '確認の後に、ほかの人が同じ項目を変更しました。何も保存していません。もう一度アップロードして内容を確認してください。',
        );
      }
      throw e;
    }
    c.var.source.invalidate();
    staff.logger.info(
      {
        event: 'survey_applied',
        department,
        fiscalYear: cycle.fiscalYear,
        login: user.login,
        requestId: c.var.requestId,
      },
      'survey workbook applied',
    );
    return c.redirect(
      user.role === 'admin'
        ? `/admin/cycles/${cycle.fiscalYear}?done=${encodeURIComponent('調査票の内容を保存しました。')}`
        : `/admin?done=${encodeURIComponent('調査票の内容を保存しました。')}`,
      303,
    );
  });
