// The JSON write API of the staff side. Each resource carries its row version as an ETag; a write must send it back
// in If-Match (428 without it, 412 when someone else saved first), so no update is ever lost silently.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { recordAnswer } from '../../app/answers.ts';
import type { ActualCells } from '../../db/repositories/answer.repository.ts';
import { findKpiValue, VersionConflictError } from '../../db/repositories/kpi-value.repository.ts';
import { ANALYSIS_MAX_LENGTH, NOTE_MAX_LENGTH } from '../../domain/editing/measure-answer.ts';
import type { Plan } from '../../domain/plan/model.ts';
import { yearOutsidePlan } from '../../domain/plan/period.ts';
import { quantityCells, valueText } from '../../domain/tables/cells.ts';
import { parseQuantity } from '../../domain/values/quantity.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { matchesVersion, parseIfMatch } from '../if-match.ts';
import { actorOf } from '../staff/staff-context.tsx';

type Ctx = Context<AppEnv>;

const etag = (version: number) => `"${version}"`;

/**
 * The version a write is based on: the current one, when If-Match names it by the strong comparison (if-match.ts).
 * 428 without If-Match or with "*"; 412 for a weak tag, a malformed header or a version someone else replaced.
 */
function ifMatchVersion(c: Ctx, current: number): number {
  const header = c.req.header('if-match');
  const condition = parseIfMatch(header);
  switch (condition.kind) {
    case 'absent':
    case 'any':
      throw new AppError(
        'precondition_required',
        `${condition.kind === 'any' ? 'If-Match の「*」は受け付けません（版を指定してください）。' : 'If-Match ヘッダーが必要です。'}最新の値を GET し、その ETag を If-Match に指定してください。`,
      );
    case 'weak-only':
      throw new AppError(
        'precondition_failed',
        `If-Match「${(header ?? '').slice(0, 40)}」は弱い ETag（W/）です。書き込みには GET で受け取った ETag をそのまま（W/ を付けずに）指定してください。`,
      );
    case 'malformed':
      throw new AppError(
        'precondition_failed',
        `If-Match「${(header ?? '').slice(0, 40)}」は ETag として読み取れません。GET で受け取った ETag を指定してください。`,
      );
    case 'tags':
      if (!matchesVersion(condition, current)) throw conflict(current);
      return current;
  }
}

function fiscalYearParam(c: Ctx, plan: Plan): number {
  const fy = Number(c.req.param('fy'));
  const outside = Number.isInteger(fy) ? yearOutsidePlan(plan.document.plan.period, 'record', fy) : '';
  if (outside !== undefined)
    throw new AppError('not_found', `年度「${c.req.param('fy')}」はこの計画にありません。${outside}`);
  return fy;
}

async function actualResource(c: Ctx) {
  const staff = c.var.staff;
  if (staff === undefined) throw new Error('invariant: staff API without the staff side');
  const plan = (await c.var.source.fresh()).plan;
  const kpi = plan.kpis.get(c.req.param('kpi') ?? '');
  if (kpi === undefined) throw new AppError('not_found', `KPI「${c.req.param('kpi')}」はありません。`);
  const fiscalYear = fiscalYearParam(c, plan);
  // Value and version from the same row read: the pair a client bases its next write on is always consistent.
  const row = await findKpiValue(staff.db, { planId: staff.planId, kpi: kpi.id, kind: 'actual', fiscalYear });
  const version = row?.version ?? 0;
  const value =
    row === undefined
      ? null
      : row.value === null
        ? (row.marker ?? '—')
        : valueText(row.value, { percent: row.percent, approximate: row.approximate });
  return {
    staff,
    plan,
    kpi,
    fiscalYear,
    version,
    body: {
      kpi: kpi.id,
      fiscalYear,
      value,
      provisional:
        row === undefined
          ? false
          : (row.provisional ?? (plan.document.report.actualsProvisional && fiscalYear === plan.reportYear)),
      note: row?.note ?? null,
      version,
    },
  };
}

async function analysisResource(c: Ctx) {
  const staff = c.var.staff;
  if (staff === undefined) throw new Error('invariant: staff API without the staff side');
  const plan = (await c.var.source.fresh()).plan;
  const measure = plan.measures.get(c.req.param('measure') ?? '');
  if (measure === undefined)
    throw new AppError('not_found', `施策「${c.req.param('measure')}」はありません。`);
  const fiscalYear = fiscalYearParam(c, plan);
  const row = await staff.db
    .selectFrom('analyses')
    .select(['text', 'version'])
    .where('plan_id', '=', staff.planId)
    .where('measure', '=', measure.id)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
  const version = row?.version ?? 0;
  return {
    staff,
    plan,
    measure,
    fiscalYear,
    version,
    body: { measure: measure.id, fiscalYear, text: row?.text ?? '', version },
  };
}

const actualInput = z.strictObject({
  value: z.string().max(100, { error: '値は100文字以内で指定してください' }).nullable(),
  provisional: z.boolean({ error: 'provisional は true か false で指定してください' }).default(false),
  note: z
    .string()
    .max(NOTE_MAX_LENGTH, { error: `備考は${NOTE_MAX_LENGTH}文字以内にしてください` })
    .nullable()
    .default(null),
});

const analysisInput = z.strictObject({
  text: z
    .string()
    .max(ANALYSIS_MAX_LENGTH, { error: `要因分析は${ANALYSIS_MAX_LENGTH}文字以内にしてください` }),
});

async function jsonBody<T>(c: Ctx, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('bad_request', '本文を JSON として読み取れません。');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'bad_request',
      '入力内容に誤りがあります。',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(本文)', message: i.message })),
    );
  }
  return parsed.data;
}

const conflict = (current: number) =>
  new AppError(
    'precondition_failed',
    `ほかの人が先に保存しました（現在の版 ${current}）。最新の値を GET してから保存し直してください。`,
  );

export const adminApiRoutes = new Hono<AppEnv>()
  .get('/kpis/:kpi/actuals/:fy', async (c) => {
    const resource = await actualResource(c);
    c.header('ETag', etag(resource.version));
    return c.json(resource.body);
  })
  .put('/kpis/:kpi/actuals/:fy', async (c) => {
    const resource = await actualResource(c);
    const expected = ifMatchVersion(c, resource.version);
    const input = await jsonBody(c, actualInput);
    let next: ActualCells | null = null;
    if (input.value !== null && input.value.trim() !== '') {
      const parsed = parseQuantity(input.value);
      if (!parsed.ok)
        throw new AppError('bad_request', '値を読み取れません。', [
          { path: 'value', message: parsed.error.message },
        ]);
      next = {
        ...(quantityCells(parsed.value) as Pick<
          ActualCells,
          'value' | 'missing' | 'marker' | 'percent' | 'approximate'
        >),
        provisional: input.provisional,
        note: input.note === null || input.note.trim() === '' ? null : input.note.trim(),
      };
    }
    const { staff, plan, kpi, fiscalYear } = resource;
    try {
      await recordAnswer(staff, actorOf(c), {
        plan,
        fiscalYear,
        answers: [{ changes: { actuals: new Map([[kpi.id, { expectedVersion: expected, next }]]) } }],
      });
    } catch (e) {
      if (!(e instanceof VersionConflictError)) throw e;
      throw conflict(e.currentVersion ?? 0);
    }
    c.var.source.invalidate();
    const saved = await actualResource(c);
    c.header('ETag', etag(saved.version));
    return c.json(saved.body);
  })
  .get('/measures/:measure/analyses/:fy', async (c) => {
    const resource = await analysisResource(c);
    c.header('ETag', etag(resource.version));
    return c.json(resource.body);
  })
  .put('/measures/:measure/analyses/:fy', async (c) => {
    const resource = await analysisResource(c);
    const expected = ifMatchVersion(c, resource.version);
    const input = await jsonBody(c, analysisInput);
    const { staff, plan, measure, fiscalYear } = resource;
    const text = input.text.replace(/\r\n?/g, '\n').trim();
    try {
      await recordAnswer(staff, actorOf(c), {
        plan,
        fiscalYear,
        answers: [
          {
            measure: measure.id,
            changes: {
              actuals: new Map(),
              analysis: { expectedVersion: expected, next: text === '' ? null : text },
            },
          },
        ],
      });
    } catch (e) {
      if (!(e instanceof VersionConflictError)) throw e;
      throw conflict(e.currentVersion ?? 0);
    }
    c.var.source.invalidate();
    const saved = await analysisResource(c);
    c.header('ETag', etag(saved.version));
    return c.json(saved.body);
  });
