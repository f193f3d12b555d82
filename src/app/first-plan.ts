// The first plan of an organisation that has none (最初の計画を作る): the admin names the plan, its period, 基本目標 and
// report year, its first goal and its first department; the rest is added in the plan editor. The document is
// validated by the core (loadPlan: the schema, the period and the report year inside it — one home for the rules)
// and stored by the plan write path (savePlanIn), in one transaction that first makes sure there is no plan yet.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import {
  type ImportReport,
  listPlans,
  planWriteTransaction,
  type StoredPlan,
  savePlanIn,
  type WriteOptions,
} from '../db/plan-store.ts';
import { loadPlan } from '../domain/plan/load.ts';
import type { Plan } from '../domain/plan/model.ts';
import { goalSchema } from '../domain/plan/schema.ts';
import type { Actor } from '../domain/staff/actor.ts';
import { GOAL_KIND_LABELS } from '../domain/tables/labels.ts';
import { Refusal, requireAdmin, type Workspace } from './workspace.ts';

/** Where the first plan is made: the organisation's scoped handle (the organisation is the handle's). */
export type FirstPlanWorkspace = Pick<Workspace, 'db'>;

/** The organisation as the service registered it (the plan's 団体コード and name are the service's, not typed). */
export async function servedOrganisation(ws: FirstPlanWorkspace): Promise<{ code: string; name: string }> {
  const row = await ws.db
    .selectFrom('organisations')
    .select(['code', 'name'])
    .where(sql<boolean>`id = shinchoku_organisation()`)
    .executeTakeFirst();
  if (row === undefined) throw new Refusal('not_found', 'この団体はサービスに登録されていません。');
  return row;
}

/** The form's fields, as sent (text); the years are Western (2025) or 和暦 (令和7年度), as every plan year. */
export interface FirstPlanInput {
  readonly planCode: string;
  readonly planName: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly basicGoal: string;
  /** 報告年度; empty: the first year of the period. */
  readonly reportYear: string;
  readonly goalCode: string;
  /** priority (重点目標), foundation (基盤取組) or area (分野). */
  readonly goalKind: string;
  readonly goalTitle: string;
  readonly departmentCode: string;
  readonly bureau: string;
  readonly division: string;
}

/** Each field's label as the form shows it, and where the core reports a problem with it. */
const FIELDS: readonly { field: keyof FirstPlanInput; label: string; path: string }[] = [
  { field: 'planCode', label: '計画ID', path: 'plan.id' },
  { field: 'planName', label: '計画の名称', path: 'plan.name' },
  { field: 'periodFrom', label: '計画期間（初年度）', path: 'plan.period.from' },
  { field: 'periodTo', label: '計画期間（最終年度）', path: 'plan.period.to' },
  { field: 'basicGoal', label: '基本目標', path: 'plan.basicGoal' },
  { field: 'reportYear', label: '報告年度', path: 'report.fiscalYear' },
  { field: 'goalCode', label: '最初の目標のコード', path: 'goals[0].code' },
  { field: 'goalKind', label: '最初の目標の種類', path: 'goals[0].kind' },
  { field: 'goalTitle', label: '最初の目標の名称', path: 'goals[0].title' },
  { field: 'departmentCode', label: '最初の担当課のコード', path: 'departments[0].code' },
  { field: 'bureau', label: '部局', path: 'departments[0].bureau' },
  { field: 'division', label: '課室', path: 'departments[0].division' },
];

/** The labels of the form's fields, by field (the form and the refusals say the same). */
export const FIRST_PLAN_LABELS = Object.fromEntries(FIELDS.map((f) => [f.field, f.label])) as Readonly<
  Record<keyof FirstPlanInput, string>
>;

/** The goal kinds the form offers: the plan schema's (重点目標, 基盤取組, 分野). */
export const GOAL_KINDS = goalSchema.shape.kind.unwrap().options;

const HEADLINE = '計画を作成できません。何も保存していません。';

/** The plan document the input describes, before validation (a year is passed on as typed: the core parses it). */
function documentOf(organisation: { code: string; name: string }, input: FirstPlanInput) {
  const text = (v: string) => v.trim();
  const year = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());
  const reportYear = input.reportYear.trim() === '' ? input.periodFrom : input.reportYear;
  return {
    format: 'shinchoku-plan/1',
    organisation: { code: organisation.code, name: organisation.name },
    plan: {
      id: text(input.planCode),
      name: text(input.planName),
      period: { from: year(input.periodFrom), to: year(input.periodTo) },
      basicGoal: text(input.basicGoal),
    },
    report: { fiscalYear: year(reportYear), title: `${text(input.planName) || '計画'} 進捗状況` },
    departments: [
      { code: text(input.departmentCode), bureau: text(input.bureau), division: text(input.division) },
    ],
    goals: [{ code: text(input.goalCode), kind: text(input.goalKind), title: text(input.goalTitle) }],
  };
}

/** The form field a problem of the core belongs to: the field whose path the problem's path is or lies under. */
const fieldOf = (path: string) =>
  FIELDS.find((f) => path === f.path || path.startsWith(`${f.path}.`) || path.startsWith(`${f.path}[`));

/** Refuses when the organisation already has a plan: the plan editor adds to it. */
async function refuseSecondPlan(db: Kysely<Database> | Transaction<Database>): Promise<void> {
  const existing = await db.selectFrom('plans').select('code').executeTakeFirst();
  if (existing === undefined) return;
  throw new Refusal(
    'conflict',
    `この団体には既に計画（計画ID「${existing.code}」）があります。計画の編集（/admin/plan）で目標や施策を追加してください。何も保存していません。`,
  );
}

/**
 * Stores a validated plan as the organisation's first (the form here, or 計画の取込 of an organisation without a
 * plan), in one transaction that first makes sure there is no plan yet; `dryRun` does the same and rolls back.
 */
export const storeFirstPlan = (
  db: Kysely<Database>,
  plan: Plan,
  options: WriteOptions,
): Promise<ImportReport> =>
  planWriteTransaction(db, options, async (trx) => {
    // Two admins at once make one plan: the second waits here, then finds the first.
    await sql`select pg_advisory_xact_lock(hashtext('shinchoku.first-plan'), shinchoku_organisation()::int)`.execute(
      trx,
    );
    await refuseSecondPlan(trx);
    return savePlanIn(trx, plan, options);
  });

/**
 * Creates the organisation's first plan, admin only; refused (nothing stored) when the input is not a valid plan —
 * each problem named by its field — or when the organisation already has a plan (then the plan editor adds to it).
 */
export async function createFirstPlan(
  ws: FirstPlanWorkspace,
  actor: Actor,
  input: FirstPlanInput,
): Promise<StoredPlan> {
  requireAdmin(actor, '最初の計画の作成');
  await refuseSecondPlan(ws.db);
  if (!GOAL_KINDS.includes(input.goalKind.trim() as (typeof GOAL_KINDS)[number])) {
    throw new Refusal('invalid', HEADLINE, [
      {
        path: 'goalKind',
        message: `${FIRST_PLAN_LABELS.goalKind}は ${GOAL_KINDS.map((k) => GOAL_KIND_LABELS[k]).join('・')} のいずれかを選んでください。`,
      },
    ]);
  }
  const loaded = loadPlan(documentOf(await servedOrganisation(ws), input));
  if (!loaded.ok) {
    throw new Refusal(
      'invalid',
      HEADLINE,
      loaded.error.map((issue) => {
        const field = fieldOf(issue.path);
        // A reversed period is reported at the period: it is the last year that does not fit.
        if (field === undefined && issue.path.startsWith('plan.period'))
          return { path: 'periodTo', message: `${FIRST_PLAN_LABELS.periodTo}: ${issue.message}` };
        return field === undefined
          ? { path: 'form', message: issue.message }
          : { path: field.field, message: `${field.label}: ${issue.message}` };
      }),
    );
  }
  const plan = loaded.value;
  await storeFirstPlan(ws.db, plan, {
    actor: actor.login,
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
  });
  const [stored] = await listPlans(ws.db);
  if (stored === undefined) throw new Error('invariant: the first plan was stored');
  return stored;
}
