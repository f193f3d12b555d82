// Take in a whole plan workbook (計画の取込) on the staff side: the admin uploads a filled-in starter workbook or an
// edited export, sees what would change (a dry run of the same import the CLI does) and confirms. The file must be
// this organisation's and this plan's: the staff side never creates or changes another organisation, and the
// organisation's name is the service's (from the registry), not the file's.
import { type ImportReport, savePlan } from '../db/plan-store.ts';
import { RowChangedDuringImportError } from '../db/repositories/plan-tables.repository.ts';
import {
  staleCellText as cellText,
  type DescribedStaleRow,
  japanMinute,
  StaleRowsError,
  staleColumnHeader,
  staleRowName,
} from '../db/stale-rows.ts';
import { findOrganisation } from '../domain/organisations/registry.ts';
import type { Plan } from '../domain/plan/model.ts';
import type { Actor } from '../domain/staff/actor.ts';
import { servedOrganisation, storeFirstPlan } from './first-plan.ts';
import { Refusal, requireAdmin, type Workspace } from './workspace.ts';

/** The organisation and plan the workspace serves, as stored; no plan code before the organisation's first plan. */
interface ServedPlan {
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly planCode: string | undefined;
}

async function servedPlan(ws: Workspace): Promise<ServedPlan> {
  const row = await ws.db
    .selectFrom('plans')
    .innerJoin('organisations', 'organisations.id', 'plans.organisation_id')
    .select([
      'organisations.code as organisationCode',
      'organisations.name as organisationName',
      'plans.code',
    ])
    .where('plans.id', '=', ws.planId)
    .executeTakeFirst();
  if (row === undefined) {
    // An organisation without a plan (its workspace names none): the file makes the first (storeFirstPlan refuses
    // when one was made meanwhile).
    if ((await ws.db.selectFrom('plans').select('id').executeTakeFirst()) !== undefined)
      throw new Refusal('not_found', '取り込み先の計画が見つかりません。');
    const organisation = await servedOrganisation(ws);
    return { organisationCode: organisation.code, organisationName: organisation.name, planCode: undefined };
  }
  return {
    organisationCode: row.organisationCode,
    organisationName: row.organisationName,
    planCode: row.code,
  };
}

/** Refuses a file of another organisation, with another organisation name, or of another plan. */
function checkTarget(plan: Plan, served: ServedPlan): void {
  const { organisation } = plan.document;
  const fileOrganisation = `${findOrganisation(organisation.code)?.name ?? organisation.name}（${organisation.code}）`;
  const here = `${served.organisationName}（${served.organisationCode}）`;
  if (organisation.code !== served.organisationCode) {
    throw new Refusal(
      'forbidden',
      `このファイルは ${fileOrganisation}の計画です。ここで取り込めるのは ${here}の計画だけです。計画シートの団体コードを確かめてください。何も変更していません。`,
    );
  }
  if (organisation.name !== served.organisationName) {
    throw new Refusal(
      'invalid',
      `計画シートの団体名「${organisation.name}」が、この団体の登録名「${served.organisationName}」と違います。団体名はサービスの登録内容から決まり、ファイルからは変更できません。計画シートの団体名を「${served.organisationName}」にしてください。何も変更していません。`,
    );
  }
  const planCode = plan.document.plan.id;
  if (served.planCode !== undefined && planCode !== served.planCode) {
    throw new Refusal(
      'invalid',
      `計画シートの計画ID「${planCode}」が、この団体の計画ID「${served.planCode}」と違います。計画シートの計画IDを「${served.planCode}」にしてください。何も変更していません。`,
    );
  }
}

/** 「KPI値 KPI ID x・区分 target・年度 2026」: 「目標値: ファイル 350／現在 360（admin1、2026-06-01 09:00（日本時間）に変更）」. */
function staleRowDetail(row: DescribedStaleRow): { path: string; message: string } {
  const header = (column: string) => staleColumnHeader(row, column);
  const path = staleRowName(row);
  const values = row.columns.map((column) => {
    const file = row.inFile === null ? 'ファイルにない行' : `ファイル ${cellText(row.inFile[column])}`;
    const now = row.now === null ? '削除済み' : `現在 ${cellText(row.now[column])}`;
    return `${header(column)}: ${file}／${now}`;
  });
  const change = row.lastChange;
  const who = change === undefined ? '' : `（${change.actor}、${japanMinute(change.changedAt)}に変更）`;
  return { path, message: `${values.join('、') || '行の有無が違います'}${who}` };
}

/** How to import. */
export interface PlanImportOptions {
  /**
   * Also write rows changed in the database after the file's export (or, for a file without versions such as a
   * filled-in starter workbook, any stored row the file changes), recording the overwrite in history.
   */
  readonly overwriteNewer?: boolean;
}

/** Runs the import (or its dry run) and turns the store's refusals into the use case's. */
async function save(
  ws: Workspace,
  actor: Actor,
  plan: Plan,
  options: PlanImportOptions & { dryRun: boolean; first: boolean },
): Promise<ImportReport> {
  const write = {
    actor: actor.login,
    ...(actor.requestId === null ? {} : { requestId: actor.requestId }),
    dryRun: options.dryRun,
    overwriteNewer: options.overwriteNewer ?? false,
  };
  try {
    return await (options.first ? storeFirstPlan(ws.db, plan, write) : savePlan(ws.db, plan, write));
  } catch (e) {
    if (e instanceof StaleRowsError) {
      const advice = e.fileHasVersions
        ? '計画の現在の内容をダウンロードし直し、そのブックに変更を入れてからアップロードしてください。'
        : '計画の現在の内容をダウンロードし、そのブックに入力してください。';
      const overwrite =
        '内容を確認し、それでもファイルの内容にする場合は「ファイルの内容で上書きする」を選んでもう一度アップロードしてください。';
      throw new Refusal(
        'conflict',
        `${e.message}${advice}${overwrite}`,
        e.rows.slice(0, 100).map(staleRowDetail),
      );
    }
    if (e instanceof RowChangedDuringImportError) throw new Refusal('conflict', e.message);
    throw e;
  }
}

/**
 * What importing the plan would change, per table, without writing anything. Refusals: `forbidden` for anyone but
 * an admin and for a file of another organisation; `invalid` for another organisation name or plan ID; `conflict`
 * when rows changed after the file's export (each in `details`).
 */
export async function previewPlanImport(
  ws: Workspace,
  actor: Actor,
  plan: Plan,
  options: PlanImportOptions = {},
): Promise<ImportReport> {
  requireAdmin(actor, '計画の取込');
  const served = await servedPlan(ws);
  checkTarget(plan, served);
  return save(ws, actor, plan, { ...options, dryRun: true, first: served.planCode === undefined });
}

/** Imports the plan (the same checks as the preview), in one transaction with history; returns what it did. */
export async function applyPlanImport(
  ws: Workspace,
  actor: Actor,
  plan: Plan,
  options: PlanImportOptions = {},
): Promise<ImportReport> {
  requireAdmin(actor, '計画の取込');
  const served = await servedPlan(ws);
  checkTarget(plan, served);
  const report = await save(ws, actor, plan, {
    ...options,
    dryRun: false,
    first: served.planCode === undefined,
  });
  ws.logger.info(
    {
      event: 'plan_imported',
      plan: report.plan.code,
      overwritten: report.overwritten,
      tables: report.tables.filter((t) => t.added + t.changed + t.removed > 0).map((t) => t.table),
      login: actor.login,
      requestId: actor.requestId,
    },
    'plan imported',
  );
  return report;
}
