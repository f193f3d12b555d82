// The 調査票 round trip: download a department's pre-filled workbook (or all of them as a zip), upload it filled in,
// see every change (old → new, the measure's status after it) and apply it in one transaction only when confirmed,
// through the answer use case (src/app/answers.ts).
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { recordAnswer } from '../../app/answers.ts';
import { type Cycle, findCycle } from '../../db/repositories/campaign.repository.ts';
import { VersionConflictError } from '../../db/repositories/kpi-value.repository.ts';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { measuresOfDepartment } from '../../domain/campaign/campaign.ts';
import { ANALYSIS_MAX_LENGTH, NOTE_MAX_LENGTH } from '../../domain/editing/measure-answer.ts';
import { departmentLabel, type Plan } from '../../domain/plan/model.ts';
import { writeCsvZip } from '../../io/csv/csv-archive.ts';
import { type FileIssue, formatFileIssue } from '../../io/csv/file-issue.ts';
import { readSurveyWorkbookSandboxed } from '../../io/sandbox/sandbox.ts';
import { surveySheet } from '../../io/survey/survey-sheet.ts';
import { writeSurveyWorkbook } from '../../io/survey/survey-write.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { MAX_UPLOAD_BYTES } from '../limits.ts';
import { noChanges } from '../staff/answer-changes.ts';
import { actorOf, cycleOf, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import type { Staff } from '../staff/staff-options.ts';
import { departmentAnswers, previewUpload, serialise } from '../staff/survey-preview.ts';
import { SurveyConfirmation, UploadForm } from '../views/admin/survey-pages.tsx';

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

const xlsxHeaders = (name: string) => ({
  'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'Content-Disposition': `attachment; filename="survey.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
});

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
        <UploadForm
          csrf={signedInOf(c).session.csrfToken}
          fiscalYear={cycle.fiscalYear}
          department={department}
        />
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
          <UploadForm
            csrf={signedInOf(c).session.csrfToken}
            fiscalYear={cycle.fiscalYear}
            department={department}
            issues={issues}
          />
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
    const preview = await previewUpload(staff, plan, cycle.fiscalYear, department, read.value);
    if (!preview.ok) return refuse(preview.issues);
    const changed = preview.measures.filter((m) => !noChanges(m.changes));
    return staffPage(
      c,
      title(plan, cycle, department),
      <SurveyConfirmation
        title={title(plan, cycle, department)}
        fiscalYear={cycle.fiscalYear}
        department={department}
        changed={changed}
        changesJson={serialise(changed)}
        csrf={signedInOf(c).session.csrfToken}
      />,
    );
  })
  .post('/:fy/surveys/:department/apply', async (c) => {
    const { staff, cycle, department } = await context(c);
    const user = actorOf(c);
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
    const plan = (await c.var.source.fresh()).plan;
    const answers = checked.data.map((entry) => ({
      measure: entry.measure,
      changes: { actuals: new Map(entry.actuals), ...(entry.analysis ? { analysis: entry.analysis } : {}) },
    }));
    try {
      await recordAnswer(staff, user, { plan, fiscalYear: cycle.fiscalYear, answers, department });
    } catch (e) {
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
